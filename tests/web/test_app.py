"""The review app through Starlette's test client: login, actions, permissions, conflicts, security."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tests.conftest import msgfmt_check
from tests.web.conftest import ALA, OLGA, PAVEL, TARAS, form_value
from transmgr.catalog import State, Unit, read_catalog, set_translation, write_catalog
from transmgr.web.app import CSP, create_app
from transmgr.web.auth import create_invite
from transmgr.workflows import Project

THERE = "There is no bottom in Belarus."
NEVER = "You can never be concerned enough to stop the war."
ARRESTS = "More than 60,000 people went through arrests and prisons."


def _client(root: Path) -> TestClient:
    return TestClient(create_app(Project.load(root)), follow_redirects=False)


def _link(root: Path, name: str) -> str:
    return create_invite(Project.load(root).config, name, "http://testserver").url.replace("http://testserver", "")


def _login(client: TestClient, root: Path, name: str) -> None:
    link = _link(root, name)
    page = client.get(link)
    assert page.status_code == 200 and "Sign in as" in page.text, page.text
    response = client.post("/login", data={"token": form_value(page.text, "token")})
    assert response.status_code == 303, response.text


def _segment(client: TestClient, lang: str, number: int) -> tuple[str, str]:
    """(the unit's address, its page) of the ``number``-th entry, found as an old link would."""
    found = client.get(f"/l/{lang}/s/{number}/doc")
    assert found.status_code == 303, found.text
    url = found.headers["location"]
    response = client.get(url)
    assert response.status_code == 200, response.text
    return url.split("?")[0], response.text


def _post(client: TestClient, url: str, page: str, action: str, **fields: str):  # type: ignore[no-untyped-def]
    form = "edit-form" if action in ("edit", "edit_accept", "suggest") else f"{action}-form"
    data = {"csrf": form_value(page, "csrf"), "seen": form_value(page, "seen", form), "action": action,
            "state": "all", **fields}
    return client.post(url, data=data)


def _units(root: Path, lang: str = "be") -> dict[str, Unit]:
    return {u.msgid: u for u in read_catalog(Project.load(root).po_path(lang, "doc")) if u.msgid}


# -- signing in and out -------------------------------------------------------------------------------


def test_a_link_fetched_first_by_a_scanner_still_signs_the_reviewer_in(served: Path) -> None:
    link = _link(served, ALA)
    scanner = _client(served)
    for method in ("HEAD", "GET", "GET"):  # a mail scanner, a chat preview, the scanner again
        assert scanner.request(method, link).status_code == 200
    assert "transmgr_session" not in scanner.cookies  # looking made no session
    browser = _client(served)
    page = browser.get(link)
    assert f"Sign in as {ALA}" in page.text
    assert browser.post("/login", data={"token": form_value(page.text, "token")}).status_code == 303
    assert f"Signed in as <strong>{ALA}</strong>" in browser.get("/").text
    again = _client(served)  # the link is used up by the sign-in, not by looking at it
    assert again.get(link).status_code == 403
    assert again.post("/login", data={"token": form_value(page.text, "token")}).status_code == 403
    with pytest.raises(Exception, match="not a reviewer"):
        create_invite(Project.load(served).config, "Mallory", "http://testserver")


def test_the_session_cookie_is_httponly_lax_and_a_random_id(served: Path) -> None:
    client = _client(served)
    page = client.get(_link(served, ALA))
    cookie = client.post("/login", data={"token": form_value(page.text, "token")}).headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    value = client.cookies["transmgr_session"]
    assert ALA.split()[0].lower() not in value.lower()
    sessions = (served / ".transmgr" / "serve" / "sessions.json").read_text()
    assert value not in sessions  # only its digest is kept
    forged = _client(served)
    forged.cookies.set("transmgr_session", "eyJuYW1lIjogIkFsYSBLYXZhbGVua2EifQ==.forged.sig")
    assert "open the login link" in forged.get("/").text


def test_a_sign_in_arriving_from_another_site_is_refused_and_a_same_site_one_accepted(served: Path) -> None:
    client = _client(served)
    page = client.get(_link(served, ALA))
    token = form_value(page.text, "token")
    assert client.post("/login", data={"token": token}, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert client.post("/login", data={"token": token}, headers={"Sec-Fetch-Site": "same-origin"}).status_code == 303


def test_sign_out_ends_the_session_everywhere(served: Path) -> None:
    client = _client(served)
    _login(client, served, ALA)
    copied = client.cookies["transmgr_session"]
    home = client.get("/").text
    assert client.post("/logout", data={"csrf": form_value(home, "csrf")}).status_code == 303
    thief = _client(served)
    thief.cookies.set("transmgr_session", copied)
    assert "open the login link" in thief.get("/").text
    assert thief.get("/l/be/s/2/doc").status_code == 303  # to the sign-in page, not the segment


def test_a_reviewer_removed_from_the_configuration_is_signed_out_without_a_restart(served: Path) -> None:
    client = _client(served)
    _login(client, served, TARAS)
    assert "Signed in as" in client.get("/").text
    config = served / "transmgr.toml"
    config.write_text(config.read_text().replace(f'"{TARAS}" = ["ru"]\n', ""))
    assert "open the login link" in client.get("/").text  # the same server, the next request
    config.write_text(config.read_text().replace("[serve.reviewers]\n", f'[serve.reviewers]\n"{TARAS}" = ["ru"]\n'))
    assert "open the login link" in client.get("/").text  # back in the configuration: a new link is needed


# -- actions through the review core ------------------------------------------------------------------


def test_accept_edit_reject_and_comment_are_written_with_the_signed_in_name(served: Path) -> None:
    client = _client(served)
    _login(client, served, ALA)
    url, page = _segment(client, "be", 2)
    assert re.fullmatch(r"/l/be/u/u[0-9a-f]{12}/doc", url)  # the address names the unit, not its position
    response = _post(client, url, page, "accept", who="Mallory <evil@example.org>")
    assert response.status_code == 303 and "/l/be/u/" in response.headers["location"]
    accepted = _units(served)[THERE]
    assert accepted.state == State.REVIEWED and accepted.stamp is not None and accepted.stamp.who == ALA
    url, page = _segment(client, "be", 3)
    _post(client, url, page, "edit_accept", text="Ніколі не хопіць занепакоенасці, каб спыніць вайну.")
    edited = _units(served)[NEVER]
    assert edited.msgstr == "Ніколі не хопіць занепакоенасці, каб спыніць вайну."
    assert edited.state == State.REVIEWED and (edited.origin or "").startswith("google edited ")
    url, page = _segment(client, "be", 4)
    _post(client, url, page, "reject", note="numbers: use a no-break space")
    rejected = _units(served)[ARRESTS]
    assert rejected.state == State.DRAFT and "no-break space" in (rejected.review_note or "")
    assert rejected.rejected is not None and rejected.rejected.who == ALA
    url, page = _segment(client, "be", 2)
    _post(client, url, page, "comment", note="Good: keeps the saying.")
    assert "Comment: Good: keeps the saying. (Ala Kavalenka" in client.get(url).text
    assert _units(served)[THERE].state == State.REVIEWED
    header = read_catalog(Project.load(served).po_path("be", "doc")).header
    assert header.get("Last-Translator") == ALA
    msgfmt_check(Project.load(served).po_path("be", "doc"))


def test_save_does_not_accept_and_reject_with_an_empty_note_keeps_the_text(served: Path) -> None:
    client = _client(served)
    _login(client, served, ALA)
    url, page = _segment(client, "be", 3)
    _post(client, url, page, "edit", text="Ніколі не будзеш досыць занепакоены.")
    saved = _units(served)[NEVER]
    assert saved.state == State.TRANSLATED and saved.editor is not None and saved.editor.who == ALA
    url, page = _segment(client, "be", 4)
    _post(client, url, page, "reject")  # r, Enter: no note, no confirmation asked
    kept = _units(served)[ARRESTS]
    assert kept.msgstr == "Больш за 60 000 чалавек прайшлі праз арышты і турмы." and kept.state == State.DRAFT
    url, page = _segment(client, "be", 4)
    _post(client, url, page, "reject", clear="1")  # clearing is a choice of its own
    assert _units(served)[ARRESTS].msgstr == ""


def test_undo_restores_the_previous_text_and_stamp(served: Path) -> None:
    client = _client(served)
    _login(client, served, ALA)
    url, page = _segment(client, "be", 2)
    _post(client, url, page, "accept")
    stamped = _units(served)[THERE]
    page = client.get(url).text
    _post(client, url, page, "edit", text="Дна ў Беларусі няма.")
    assert _units(served)[THERE].state == State.STALE
    page = client.get(url).text
    assert "Last reviewed text" in page and "У Беларусі дна няма." in page  # a stale unit shows what was reviewed
    assert "Undo <kbd>u</kbd>: edit by Ala Kavalenka" in page
    assert _post(client, url, page, "undo").status_code == 303
    restored = _units(served)[THERE]
    assert (restored.msgstr, restored.state, restored.stamp, restored.comments) == (
        stamped.msgstr, State.REVIEWED, stamped.stamp, stamped.comments)
    history = client.get(url).text.split('id="h-history"')[1]
    assert history.index("revert") < history.index("edit") < history.index("accept")  # newest first


def test_a_page_opened_before_update_inserts_a_paragraph_saves_to_the_same_unit(served: Path) -> None:
    from transmgr.workflows import update

    client = _client(served)
    _login(client, served, ALA)
    url, page = _segment(client, "be", 3)  # "You can never be concerned..."
    source = served / "source" / "doc.md"
    source.write_text(source.read_text().replace("There is no bottom", "A new first paragraph.\n\nThere is no bottom"))
    update(Project.load(served))  # every entry after the new one moved down by one
    response = _post(client, url, page, "edit", text="Тэкст рэцэнзента.")
    assert response.status_code == 303
    units = _units(served)
    assert units[NEVER].msgstr == "Тэкст рэцэнзента."
    assert units["A new first paragraph."].msgstr == "" and units[THERE].msgstr == "У Беларусі дна няма."


def test_a_unit_gone_since_the_page_opened_is_refused_and_the_text_kept(served: Path) -> None:
    from transmgr.workflows import update

    client = _client(served)
    _login(client, served, ALA)
    url, page = _segment(client, "be", 3)
    source = served / "source" / "doc.md"
    source.write_text(source.read_text().replace(NEVER + "\n\n", ""))
    update(Project.load(served))
    before = Project.load(served).po_path("be", "doc").read_bytes()
    response = _post(client, url, page, "edit", text="Мой тэкст.")
    assert response.status_code == 409 and "this segment is gone" in response.text and "Мой тэкст." in response.text
    assert Project.load(served).po_path("be", "doc").read_bytes() == before


def test_the_second_of_two_reviewers_is_refused_with_both_texts_and_their_diff(served: Path) -> None:
    first, second = _client(served), _client(served)
    _login(first, served, ALA)
    _login(second, served, PAVEL)
    url, page_one = _segment(first, "be", 3)
    _, page_two = _segment(second, "be", 3)
    _post(first, url, page_one, "edit", text="Першая версія.")
    response = _post(second, url, page_two, "edit", text="Другая версія.")
    assert response.status_code == 409
    assert "someone changed this segment" in response.text and "Першая версія." in response.text
    assert "<del>" in response.text and "<ins>" in response.text  # what they saw → what is there now
    assert ">Другая версія.</textarea>" in response.text  # the refused text stays in the editor
    assert _units(served)[NEVER].msgstr == "Першая версія."


def test_a_cli_edit_between_showing_and_saving_is_not_overwritten(served: Path) -> None:
    client = _client(served)
    _login(client, served, ALA)
    url, page = _segment(client, "be", 2)
    path = Project.load(served).po_path("be", "doc")
    catalog = read_catalog(path)
    unit = catalog.find(THERE)
    assert unit is not None
    catalog.put(set_translation(unit, "Дна няма (з тэрмінала)."), replacing=unit)
    write_catalog(catalog, path)
    assert _post(client, url, page, "accept").status_code == 409
    assert _units(served)[THERE].msgstr == "Дна няма (з тэрмінала)."


def test_a_translator_suggests_and_edits_and_a_reviewer_takes_the_suggestion(served: Path) -> None:
    olga = _client(served)
    _login(olga, served, OLGA)
    url, page = _segment(olga, "be", 3)
    assert 'id="accept-form"' not in page and 'id="reject-form"' not in page  # a translator does not accept
    forged = olga.post(url, data={"csrf": form_value(page, "csrf"), "seen": form_value(page, "seen", "edit-form"),
                                  "action": "accept"})
    assert forged.status_code == 303 and _units(served)[NEVER].state == State.DRAFT  # refused, and said so:
    assert "may not accept" in olga.get(url).text
    _post(olga, url, page, "suggest", text="Ніколі не будзеш дастаткова занепакоены.")
    unit = _units(served)[NEVER]
    assert unit.msgstr == "Ніколі не будзеш досыць занепакоены, каб спыніць вайну."  # beside it, not over it
    assert [(s.by, s.text) for s in unit.suggestions] == [(OLGA, "Ніколі не будзеш дастаткова занепакоены.")]
    ala = _client(served)
    _login(ala, served, ALA)
    page = ala.get(url).text
    assert "Take and accept" in page
    take = re.search(r'<form method="post" class="inline">(.*?)</form>', page, re.DOTALL)
    assert take is not None
    response = ala.post(url, data={"csrf": form_value(page, "csrf"), "seen": form_value(take.group(1), "seen"),
                                   "action": "take", "by": OLGA})
    assert response.status_code == 303
    taken = _units(served)[NEVER]
    assert taken.msgstr == "Ніколі не будзеш дастаткова занепакоены." and taken.state == State.REVIEWED
    assert taken.editor is not None and taken.editor.who == OLGA and taken.stamp is not None
    assert taken.stamp.who == ALA and not taken.suggestions


def test_four_eyes_refuses_accepting_your_own_edit(served: Path) -> None:
    config = served / "transmgr.toml"
    config.write_text(config.read_text() + "[review]\nfour_eyes = true\n")
    ala, pavel = _client(served), _client(served)
    _login(ala, served, ALA)
    _login(pavel, served, PAVEL)
    url, page = _segment(ala, "be", 3)
    assert 'id="save-accept"' not in page  # no saving and accepting in one step
    _post(ala, url, page, "edit", text="Тэкст Алы.")
    page = ala.get(url).text
    assert "you wrote this text, so another reviewer accepts it" in page
    _post(ala, url, page, "accept")
    assert _units(served)[NEVER].state == State.TRANSLATED
    assert "four eyes" in ala.get(url).text
    page = pavel.get(url).text
    _post(pavel, url, page, "accept")
    assert _units(served)[NEVER].state == State.REVIEWED


def test_a_language_the_reviewer_is_not_named_for_is_refused(served: Path) -> None:
    client = _client(served)
    _login(client, served, ALA)
    url, page = _segment(client, "ru", 2)
    assert "may read Russian but not work on it" in page and 'id="accept-form"' not in page
    csrf = form_value(page, "csrf")
    response = client.post(url, data={"csrf": csrf, "seen": "x", "action": "accept", "state": "all"})
    assert response.status_code == 403 and "may not work on ru" in response.text
    assert _units(served, "ru")[THERE].state == State.DRAFT


def test_without_the_csrf_token_nothing_changes(served: Path) -> None:
    client = _client(served)
    _login(client, served, ALA)
    url, page = _segment(client, "be", 2)
    seen = form_value(page, "seen", "accept-form")
    for token in ("", "wrong", form_value(page, "csrf") + "x"):
        response = client.post(url, data={"csrf": token, "seen": seen, "action": "accept"})
        assert response.status_code == 403
    stranger = _client(served)  # another browser, not signed in, with a stolen form
    response = stranger.post(url, data={"csrf": form_value(page, "csrf"), "seen": seen, "action": "accept"})
    assert response.status_code == 403
    assert _units(served)[THERE].state == State.DRAFT


# -- what the pages show ------------------------------------------------------------------------------


def test_other_languages_are_read_fresh_on_each_page(served: Path) -> None:
    client = _client(served)
    _login(client, served, ALA)
    url, page = _segment(client, "be", 2)
    assert "В Беларуси дна нет." in page
    path = Project.load(served).po_path("ru", "doc")
    catalog = read_catalog(path)
    unit = catalog.find(THERE)
    assert unit is not None
    catalog.put(set_translation(unit, "В Беларуси нет дна (после слияния)."), replacing=unit)
    write_catalog(catalog, path)  # as a merge would
    assert "В Беларуси нет дна (после слияния)." in client.get(url).text


def test_the_queue_filters_searches_and_shows_source_and_translation_side_by_side(served: Path) -> None:
    client = _client(served)
    _login(client, served, ALA)
    page = client.get("/l/be/d/doc").text
    assert "<th scope=\"col\">Source</th><th scope=\"col\">Translation</th>" in page
    assert THERE in page and "У Беларусі дна няма." in page
    found = client.get("/l/be/d/doc", params={"state": "any", "q": "турмы"}).text
    assert ARRESTS in found and THERE not in found
    for state in ("untranslated", "suggestions", "failing", "comments", "rejected", "stale"):
        assert client.get("/l/be/d/doc", params={"state": state}).status_code == 200
    assert "Belarusians use this expression" in client.get("/l/be/d/doc", params={"state": "untranslated"}).text


def test_exact_memory_matches_are_accepted_in_bulk(served: Path) -> None:
    from transmgr.catalog import set_draft

    path = Project.load(served).po_path("be", "doc")
    catalog = read_catalog(path)
    for msgid in (THERE, NEVER):
        unit = catalog.find(msgid)
        assert unit is not None
        catalog.put(set_draft(unit, unit.msgstr, "memory 100% locales/be/LC_MESSAGES/old.po"), replacing=unit)
    write_catalog(catalog, path)
    client = _client(served)
    _login(client, served, ALA)
    page = client.get("/l/be/d/doc").text
    assert "Accept 2 exact memory matches" in page
    response = client.post("/l/be/bulk/doc", data={"csrf": form_value(page, "csrf"), "kind": "exact"})
    assert response.status_code == 303
    units = _units(served)
    assert units[THERE].state == State.REVIEWED and units[NEVER].state == State.REVIEWED
    assert units[ARRESTS].state == State.DRAFT  # a machine draft is not an exact memory match


def test_the_document_view_colours_each_segment_and_links_its_review_page(served: Path) -> None:
    client = _client(served)
    _login(client, served, ALA)
    page = client.get("/l/be/v/doc").text
    assert '<article class="reading" lang="be">' in page
    assert re.search(r'<h1 class="block k-title"><span class="seg s-translated">Зварот</span>', page)
    assert '<span class="seg s-draft">' in page and '<span class="seg s-untranslated">' in page
    links = re.findall(r'href="(/l/be/u/u[0-9a-f]{12}/doc)"', page)
    assert len(links) == 5 and all(client.get(link).status_code == 200 for link in links)


HOSTILE = "<script>alert(1)</script> <a href=\"javascript:alert(2)\">x</a> \u202eevil"


def test_hostile_translations_are_shown_as_text(served: Path) -> None:
    path = Project.load(served).po_path("be", "doc")
    catalog = read_catalog(path)
    unit = catalog.find(THERE)
    assert unit is not None
    catalog.put(set_translation(unit, HOSTILE), replacing=unit)
    write_catalog(catalog, path)
    client = _client(served)
    _login(client, served, ALA)
    for url in (_segment(client, "be", 2)[0], "/l/be/d/doc", "/l/be/v/doc"):
        response = client.get(url)
        page = response.text
        assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert 'href="javascript:' not in page
        assert response.headers["content-security-policy"] == CSP
        shown = re.sub(r'value="[^"]*"', "", page.split("<textarea")[0])  # form values are not shown
        assert "\u202e" not in shown and "[U+202E]" in page  # visible, not obeyed
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP


@pytest.mark.parametrize("url", ["/l/../s/2/doc", "/l/be/s/2/../../transmgr.toml", "/l/be/d/..%2F..%2Ftransmgr.toml",
                                 "/l/xx/s/2/doc", "/l/be/s/2/nope", "/l/be/s/99/doc", "/static/../app.py",
                                 "/l/be/u/u000000000000/doc", "/l/be/v/../transmgr.toml"])
def test_names_outside_the_project_are_not_found(served: Path, url: str) -> None:
    client = _client(served)
    _login(client, served, ALA)
    response = client.get(url)
    assert response.status_code == 404 and "source_language" not in response.text


def test_a_huge_request_is_refused_before_it_is_read(served: Path) -> None:
    client = _client(served)
    _login(client, served, ALA)
    url, page = _segment(client, "be", 2)
    big = "ы" * (10 * 1024 * 1024 // 2)
    response = _post(client, url, page, "edit", text=big)
    assert response.status_code == 413
    assert _units(served)[THERE].msgstr == "У Беларусі дна няма."


def test_checks_run_on_a_proposed_translation(served: Path) -> None:
    client = _client(served)
    _login(client, served, ALA)
    _, page = _segment(client, "be", 4)
    url = re.search(r'data-check="([^"]+)"', page)
    assert url is not None
    csrf = form_value(page, "csrf")
    found = client.post(url.group(1), json={"text": "Больш за 70 000 человек прошли через аресты."},
                        headers={"X-CSRF-Token": csrf}).json()["findings"]
    assert {f["check"] for f in found} >= {"numbers", "wrong-language"}
    assert client.post(url.group(1), json={"text": "x"}).status_code == 403  # no token
    nested = "[" * 100_000 + "]" * 100_000
    assert client.post(url.group(1), content=nested, headers={"X-CSRF-Token": csrf}).status_code in (400, 413)


def test_a_catalog_that_does_not_parse_is_one_line_not_a_server_error(served: Path) -> None:
    client = _client(served)
    _login(client, served, ALA)
    path = Project.load(served).po_path("be", "doc")
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "broken\n', encoding="utf-8")
    for url in ("/", "/l/be/d/doc", "/l/be/v/doc", "/l/be/s/2/doc"):
        response = client.get(url)
        assert response.status_code == 503 and "cannot be read" in response.text and "doc.po:" in response.text, url


@pytest.mark.parametrize("number", ["9" * 4301, "0", "-1", "1e5"])
def test_absurd_segment_numbers_are_not_found(served: Path, number: str) -> None:
    client = _client(served)
    _login(client, served, ALA)
    assert client.get(f"/l/be/s/{number}/doc").status_code == 404


def test_a_newline_around_a_translation_is_made_what_gettext_can_hold(served: Path) -> None:
    client = _client(served)
    _login(client, served, ALA)
    url, page = _segment(client, "be", 3)
    _post(client, url, page, "edit", text="\r\nНіколі не будзеш досыць занепакоены.\r\n\r\n")
    assert _units(served)[NEVER].msgstr == "Ніколі не будзеш досыць занепакоены."
    msgfmt_check(Project.load(served).po_path("be", "doc"))
    assert client.get("/").status_code == 200


def test_an_action_waiting_for_a_busy_lock_is_answered_busy_and_keeps_the_text(served: Path) -> None:
    import threading

    app = create_app(Project.load(served))
    client = TestClient(app, follow_redirects=False)
    _login(client, served, ALA)
    url, page = _segment(client, "be", 3)
    reviewer_app = next(r.endpoint.__self__.app for r in app.routes if getattr(r, "path", "") == "/")  # type: ignore[attr-defined]
    reviewer_app.lock_timeout = 0.2
    held, release = threading.Event(), threading.Event()

    def writer() -> None:  # another process's long update, as far as this server can tell
        with Project.load(served).writing():
            held.set()
            release.wait(10)

    thread = threading.Thread(target=writer)
    thread.start()
    held.wait(10)
    try:
        response = _post(client, url, page, "edit", text="Мой тэкст падчас абнаўлення.")
        assert response.status_code == 503 and "Try again in a moment" in response.text
        assert ">Мой тэкст падчас абнаўлення.</textarea>" in response.text
        assert client.get("/static/app.css").status_code == 200  # the server answers meanwhile
    finally:
        release.set()
        thread.join()
    assert _units(served)[NEVER].msgstr != "Мой тэкст падчас абнаўлення."


def test_a_huge_text_to_check_is_not_checked_as_typed(served: Path) -> None:
    client = _client(served)
    _login(client, served, ALA)
    _, page = _segment(client, "be", 4)
    url = re.search(r'data-check="([^"]+)"', page)
    assert url is not None
    answer = client.post(url.group(1), json={"text": "word " * 40_000}, headers={"X-CSRF-Token": form_value(page, "csrf")})
    assert answer.status_code == 200 and answer.json()["findings"] == [] and "checked on save" in answer.json()["skipped"]


# -- a judge's verdicts --------------------------------------------------------------------------------

def test_the_queue_shows_a_judges_worst_errors_first_and_the_page_marks_the_span(served: Path) -> None:
    from transmgr.catalog.assessment import AssessError
    from transmgr.catalog.state import set_assessment

    path = Project.load(served).po_path("be", "doc")
    catalog = read_catalog(path)
    unit = catalog.find(ARRESTS)
    assert unit is not None
    error = AssessError("critical", "accuracy", "60 000", "the <source> says 60,000: fine, a test")
    catalog.put(set_assessment(unit, "judge-model", (error,), unit.digest), replacing=unit)
    write_catalog(catalog, path)
    client = _client(served)
    _login(client, served, ALA)
    queue = client.get("/l/be/d/doc")
    assert queue.status_code == 200
    rows = re.findall(r'<tr[^>]*>.*?</tr>', queue.text, re.S)
    first = next(row for row in rows if "/u/" in row)
    assert ARRESTS in first and "judge: critical" in first  # the worst first, whatever its place
    url = re.search(r'href="(/l/be/u/[^"?]+)', first).group(1)  # type: ignore[union-attr]
    page = client.get(url).text
    assert '<mark class="judge critical" title="critical accuracy: the &lt;source&gt; says 60,000: fine, a test">60 000</mark>' in page
    assert "accepting records that you overruled the judge" in page
