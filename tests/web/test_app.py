"""The review app through Starlette's test client: login, actions, permissions, conflicts, security."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tests.conftest import msgfmt_check
from tests.web.conftest import ALA, TARAS, form_value
from transmgr.catalog import State, read_catalog, set_translation, write_catalog
from transmgr.web.app import CSP, create_app
from transmgr.web.auth import create_invite
from transmgr.workflows import Project


def _client(root: Path) -> TestClient:
    return TestClient(create_app(Project.load(root)), follow_redirects=False)


def _login(client: TestClient, root: Path, name: str) -> None:
    link = create_invite(Project.load(root).config, name, "http://testserver")
    response = client.get(link.url.replace("http://testserver", ""))
    assert response.status_code == 303, response.text


def _segment(client: TestClient, lang: str, number: int) -> str:
    response = client.get(f"/l/{lang}/s/{number}/doc")
    assert response.status_code == 200, response.text
    return response.text


def _post(client: TestClient, lang: str, number: int, page: str, action: str, **fields: str):  # type: ignore[no-untyped-def]
    data = {"csrf": form_value(page, "csrf"), "seen": form_value(page, "seen", f"{action}-form"), "action": action,
            "state": "all", **fields}
    return client.post(f"/l/{lang}/s/{number}/doc", data=data)


def _units(root: Path, lang: str = "be") -> dict[str, object]:
    return {u.msgid: u for u in read_catalog(Project.load(root).po_path(lang, "doc")) if u.msgid}


def test_an_invite_signs_in_once_and_the_session_is_a_new_one(served: Path) -> None:
    client = _client(served)
    assert "open the login link" in client.get("/").text
    before = client.cookies.get("transmgr_session")
    link = create_invite(Project.load(served).config, ALA, "http://testserver").url.replace("http://testserver", "")
    assert client.get(link).status_code == 303
    after = client.cookies.get("transmgr_session")
    assert after and after != before  # a new session at login: a planted cookie gains nothing
    assert f"Signed in as <strong>{ALA}</strong>" in client.get("/").text
    other = _client(served)
    assert other.get(link).status_code == 403  # used up
    set_cookie = client.get(link).headers.get("set-cookie", "")
    assert "httponly" in set_cookie.lower() or set_cookie == ""
    with pytest.raises(Exception, match="not a reviewer"):
        create_invite(Project.load(served).config, "Mallory", "http://testserver")


def test_the_session_cookie_is_signed_httponly_and_samesite(served: Path) -> None:
    client = _client(served)
    link = create_invite(Project.load(served).config, ALA, "http://testserver").url.replace("http://testserver", "")
    cookie = client.get(link).headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    forged = _client(served)
    forged.cookies.set("transmgr_session", "eyJuYW1lIjogIkFsYSBLYXZhbGVua2EifQ==.forged.sig")
    assert "open the login link" in forged.get("/").text


def test_accept_edit_reject_and_comment_are_written_with_the_signed_in_name(served: Path) -> None:
    client = _client(served)
    _login(client, served, ALA)
    page = _segment(client, "be", 2)
    response = _post(client, "be", 2, page, "accept", who="Mallory <evil@example.org>")
    assert response.status_code == 303 and response.headers["location"].startswith("/l/be/s/3/doc")
    units = _units(served)
    accepted = units["There is no bottom in Belarus."]
    assert accepted.state == State.REVIEWED and accepted.stamp.who == ALA  # type: ignore[attr-defined]
    page = _segment(client, "be", 3)
    _post(client, "be", 3, page, "edit", text="Ніколі не хопіць занепакоенасці, каб спыніць вайну.")
    edited = _units(served)["You can never be concerned enough to stop the war."]
    assert edited.msgstr == "Ніколі не хопіць занепакоенасці, каб спыніць вайну."  # type: ignore[attr-defined]
    assert edited.state == State.REVIEWED and edited.origin == "google edited"  # type: ignore[attr-defined]
    page = _segment(client, "be", 4)
    _post(client, "be", 4, page, "reject", note="numbers: use a no-break space", keep="1")
    rejected = _units(served)["More than 60,000 people went through arrests and prisons."]
    assert rejected.state == State.DRAFT and "no-break space" in rejected.review_note  # type: ignore[attr-defined]
    page = _segment(client, "be", 2)
    _post(client, "be", 2, page, "comment", note="Good: keeps the saying.")
    comment_page = _segment(client, "be", 2)
    assert "Comment: Good: keeps the saying. (Ala Kavalenka" in comment_page
    assert _units(served)["There is no bottom in Belarus."].state == State.REVIEWED  # type: ignore[attr-defined]
    header = read_catalog(Project.load(served).po_path("be", "doc")).header
    assert header.get("Last-Translator") == ALA
    msgfmt_check(Project.load(served).po_path("be", "doc"))


def test_a_language_the_reviewer_is_not_named_for_is_refused(served: Path) -> None:
    client = _client(served)
    _login(client, served, ALA)
    page = _segment(client, "ru", 2)
    assert "may read Russian but not review it" in page and 'id="accept-form"' not in page
    csrf = form_value(page, "csrf")
    response = client.post("/l/ru/s/2/doc", data={"csrf": csrf, "seen": "x", "action": "accept", "state": "all"})
    assert response.status_code == 403 and "may not review ru" in response.text
    assert _units(served, "ru")["There is no bottom in Belarus."].state == State.DRAFT  # type: ignore[attr-defined]


def test_without_the_csrf_token_nothing_changes(served: Path) -> None:
    client = _client(served)
    _login(client, served, ALA)
    page = _segment(client, "be", 2)
    seen = form_value(page, "seen", "accept-form")
    for token in ("", "wrong", form_value(page, "csrf") + "x"):
        response = client.post("/l/be/s/2/doc", data={"csrf": token, "seen": seen, "action": "accept"})
        assert response.status_code == 403
    stranger = _client(served)  # another browser, not signed in, with a stolen form
    response = stranger.post("/l/be/s/2/doc", data={"csrf": form_value(page, "csrf"), "seen": seen, "action": "accept"})
    assert response.status_code == 403
    assert _units(served)["There is no bottom in Belarus."].state == State.DRAFT  # type: ignore[attr-defined]


def test_the_second_of_two_reviewers_is_refused_with_the_others_text(served: Path) -> None:
    first, second = _client(served), _client(served)
    _login(first, served, ALA)
    _login(second, served, ALA)
    page_one, page_two = _segment(first, "be", 3), _segment(second, "be", 3)
    _post(first, "be", 3, page_one, "edit", text="Першая версія.")
    response = _post(second, "be", 3, page_two, "edit", text="Другая версія.")
    assert response.status_code == 409
    assert "someone changed this segment" in response.text and "Першая версія." in response.text
    assert "Другая версія." in response.text  # the refused text stays in the editor
    assert _units(served)["You can never be concerned enough to stop the war."].msgstr == "Першая версія."  # type: ignore[attr-defined]


def test_a_cli_edit_between_showing_and_saving_is_not_overwritten(served: Path) -> None:
    client = _client(served)
    _login(client, served, ALA)
    page = _segment(client, "be", 2)
    path = Project.load(served).po_path("be", "doc")
    catalog = read_catalog(path)
    unit = catalog.find("There is no bottom in Belarus.")
    assert unit is not None
    catalog.put(set_translation(unit, "Дна няма (з тэрмінала)."), replacing=unit)
    write_catalog(catalog, path)
    assert _post(client, "be", 2, page, "accept").status_code == 409
    assert _units(served)["There is no bottom in Belarus."].msgstr == "Дна няма (з тэрмінала)."  # type: ignore[attr-defined]


HOSTILE = "<script>alert(1)</script> <a href=\"javascript:alert(2)\">x</a> \u202eevil"


def test_hostile_translations_are_shown_as_text(served: Path) -> None:
    path = Project.load(served).po_path("be", "doc")
    catalog = read_catalog(path)
    unit = catalog.find("There is no bottom in Belarus.")
    assert unit is not None
    catalog.put(set_translation(unit, HOSTILE), replacing=unit)
    write_catalog(catalog, path)
    client = _client(served)
    _login(client, served, ALA)
    response = client.get("/l/be/s/2/doc")
    page = response.text
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="javascript:' not in page
    assert "\u202e" not in page.split("<textarea")[0] and "[U+202E]" in page  # visible, not obeyed
    assert response.headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert response.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("url", ["/l/../s/2/doc", "/l/be/s/2/../../transmgr.toml", "/l/be/d/..%2F..%2Ftransmgr.toml",
                                 "/l/xx/s/2/doc", "/l/be/s/2/nope", "/l/be/s/99/doc", "/static/../app.py"])
def test_names_outside_the_project_are_not_found(served: Path, url: str) -> None:
    client = _client(served)
    _login(client, served, ALA)
    response = client.get(url)
    assert response.status_code == 404 and "source_language" not in response.text


def test_a_huge_request_is_refused_before_it_is_read(served: Path) -> None:
    client = _client(served)
    _login(client, served, ALA)
    page = _segment(client, "be", 2)
    big = "ы" * (10 * 1024 * 1024 // 2)
    response = _post(client, "be", 2, page, "edit", text=big)
    assert response.status_code == 413
    assert _units(served)["There is no bottom in Belarus."].msgstr == "У Беларусі дна няма."  # type: ignore[attr-defined]


def test_checks_run_on_a_proposed_translation(served: Path) -> None:
    client = _client(served)
    _login(client, served, ALA)
    page = _segment(client, "be", 4)
    url = re.search(r'data-check="([^"]+)"', page)
    assert url is not None
    csrf = form_value(page, "csrf")
    found = client.post(url.group(1), json={"text": "Больш за 70 000 человек прошли через аресты."},
                        headers={"X-CSRF-Token": csrf}).json()["findings"]
    assert {f["check"] for f in found} >= {"numbers", "wrong-language"}
    assert client.post(url.group(1), json={"text": "x"}).status_code == 403  # no token


def test_a_reviewer_removed_from_the_configuration_is_signed_out(served: Path) -> None:
    client = _client(served)
    _login(client, served, TARAS)
    assert "Signed in as" in client.get("/").text
    config = served / "transmgr.toml"
    config.write_text(config.read_text().replace(f'"{TARAS}" = ["ru"]\n', ""))
    restarted = _client(served)  # the server restarted with the new configuration; the browser keeps its cookie
    restarted.cookies.set("transmgr_session", client.cookies["transmgr_session"])
    assert "open the login link" in restarted.get("/").text
    assert "Signed in as" in client.get("/").text  # (the old server still knew him: the check is the configuration)
