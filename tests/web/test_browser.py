"""The review app end to end: ``transmgr serve`` as a real process, Debian's chromium driven by Selenium
through the system chromedriver (no browser download); screenshots at desktop and phone width."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.conftest import ALA, OLGA, PAVEL, free_port, invite, start_server
from transmgr.catalog import State, read_catalog
from transmgr.workflows import Project

pytestmark = pytest.mark.slow
SHOTS = Path(os.environ.get("TRANSMGR_SCREENSHOTS", "")) if os.environ.get("TRANSMGR_SCREENSHOTS") else None


@pytest.fixture
def server(served: Path) -> Iterator[tuple[Path, str]]:
    port = free_port()
    process = start_server(served, port)
    try:
        yield served, f"http://127.0.0.1:{port}"
    finally:
        process.terminate()  # type: ignore[attr-defined]
        process.wait(timeout=10)  # type: ignore[attr-defined]


@pytest.fixture
def browser() -> Iterator[object]:
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium (a test dependency) drives chromium")
    if shutil.which("chromedriver") is None or shutil.which("chromium") is None:
        pytest.skip("needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = shutil.which("chromium") or ""
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.set_window_size(1280, 900)
    try:
        yield driver
    finally:
        driver.quit()


def _wait_text(driver: object, css: str, text: str) -> None:
    """Wait until the element ``css`` holds ``text`` (a click or a key may still be loading the next page)."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def holds(d: object) -> bool:
        try:
            return text in d.find_element(By.CSS_SELECTOR, css).text  # type: ignore[attr-defined]
        except (NoSuchElementException, StaleElementReferenceException):
            return False

    WebDriverWait(driver, 10).until(holds, message=f"{css} never showed {text!r}")


def _shot(driver: object, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(SHOTS / f"{name}.png"))  # type: ignore[attr-defined]


def _sign_in(driver: object, link: str, name: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(link)  # type: ignore[attr-defined]
    _wait_text(driver, "main", f"Sign in as {name}")
    driver.find_element(By.ID, "sign-in").click()  # type: ignore[attr-defined]
    _wait_text(driver, "body", f"Signed in as {name}")


def _body(driver: object) -> object:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.TAG_NAME, "body")  # type: ignore[attr-defined]


def test_a_reviewer_works_through_a_queue_with_the_keyboard(server: tuple[Path, str], browser: object) -> None:
    import urllib.request

    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    root, url = server
    driver = browser
    link = invite(root, int(url.rsplit(":", 1)[1]), ALA)
    assert link.startswith(url + "/login/")
    for method in ("HEAD", "GET"):  # a mail scanner and a chat preview fetch the link first
        assert urllib.request.urlopen(urllib.request.Request(link, method=method)).status == 200
    _sign_in(driver, link, ALA)  # the reviewer's own click still signs in
    _shot(driver, "overview-desktop")
    driver.find_element(By.LINK_TEXT, "Belarusian (be)").click()  # type: ignore[attr-defined]
    rows = driver.find_elements(By.CSS_SELECTOR, "table.queue tbody tr")  # type: ignore[attr-defined]
    assert len(rows) == 4  # the title (translated, never reviewed) and three drafts await review
    _shot(driver, "queue-desktop")
    rows[1].find_element(By.TAG_NAME, "a").click()
    _wait_text(driver, "h1", "Segment 2")
    assert driver.find_element(By.ID, "h-context").is_displayed()  # type: ignore[attr-defined]
    _shot(driver, "segment-desktop")
    _body(driver).send_keys("a")  # type: ignore[attr-defined]  # accept
    _wait_text(driver, ".flashes", "Accepted: segment 2.")
    _wait_text(driver, "h1", "Segment 3")
    # The document changes while the page is open: update puts a paragraph before this one.
    source = root / "source" / "doc.md"
    source.write_text(source.read_text().replace("There is no bottom", "A paragraph added meanwhile.\n\nThere is no bottom"))
    from transmgr.workflows import update

    update(Project.load(root))
    _body(driver).send_keys("e")  # type: ignore[attr-defined]
    text = driver.switch_to.active_element  # type: ignore[attr-defined]
    assert text.get_attribute("id") == "text"
    text.send_keys(Keys.CONTROL, "a")
    text.send_keys("Никогда не хватит обеспокоенности.")  # Russian in a Belarusian text: checked as typed
    _wait_text(driver, "#live-findings", "wrong-language")
    text.send_keys(Keys.CONTROL, "a")
    text.send_keys("Ніколі не хопіць занепакоенасці, каб спыніць вайну.")
    text.send_keys(Keys.CONTROL, Keys.ENTER)  # save (to the same unit, now entry 4)
    _wait_text(driver, ".flashes", "Saved: segment 4.")
    _body(driver).send_keys("r")  # type: ignore[attr-defined]
    driver.find_element(By.ID, "reject").click()  # type: ignore[attr-defined]  # r, then Reject: no note
    _wait_text(driver, ".flashes", "Rejected: segment 5.")
    units = {u.msgid: u for u in read_catalog(Project.load(root).po_path("be", "doc")) if u.msgid}
    arrests = units["More than 60,000 people went through arrests and prisons."]
    assert arrests.msgstr.startswith("Больш за 60 000") and arrests.rejected is not None  # the text kept
    never = units["You can never be concerned enough to stop the war."]
    assert never.msgstr.startswith("Ніколі не хопіць") and never.state is State.TRANSLATED
    assert units["A paragraph added meanwhile."].msgstr == ""  # nothing landed on the new neighbour
    # Undo the acceptance of segment 2 (now 3): the draft and its origin come back.
    driver.get(f"{url}/l/be/s/3/doc")  # type: ignore[attr-defined]
    _wait_text(driver, "#undo", "Undo")
    _body(driver).send_keys("u")  # type: ignore[attr-defined]
    _wait_text(driver, ".flashes", "Undone: segment 3.")
    there = {u.msgid: u for u in read_catalog(Project.load(root).po_path("be", "doc"))}["There is no bottom in Belarus."]
    assert there.state is State.DRAFT and there.stamp is None and there.draft_origin == "google"
    _body(driver).send_keys("c")  # type: ignore[attr-defined]
    long_url = "https://example.org/" + "a-very-long-path-segment/" * 12 + "end"
    driver.switch_to.active_element.send_keys(f"Keeps the saying. See {long_url}", Keys.ENTER)  # type: ignore[attr-defined]
    _wait_text(driver, "main", "Comment: Keeps the saying.")
    driver.set_window_size(390, 844)  # type: ignore[attr-defined]
    for page in ("", "/l/be/d/doc?state=any", "/l/be/v/doc"):
        if page:
            driver.get(url + page)  # type: ignore[attr-defined]
        width = driver.execute_script("return document.documentElement.scrollWidth")  # type: ignore[attr-defined]
        assert width <= 390, page  # nothing wider than the phone, a long URL included
        _shot(driver, f"phone{page.replace('/', '-').split('?')[0] or '-segment'}")
    driver.get(f"{url}/l/ru/s/2/doc")  # type: ignore[attr-defined]
    assert "may read Russian but not work on it" in driver.find_element(By.TAG_NAME, "main").text  # type: ignore[attr-defined]
    assert not driver.find_elements(By.ID, "accept")  # type: ignore[attr-defined]


def test_the_document_view_and_a_translator_and_two_reviewers_with_four_eyes(
        server: tuple[Path, str], browser: object) -> None:
    import urllib.error
    import urllib.request

    from selenium.webdriver.common.by import By

    root, url = server
    config = root / "transmgr.toml"
    config.write_text(config.read_text() + "[review]\nfour_eyes = true\n")
    driver = browser
    port = int(url.rsplit(":", 1)[1])
    # The document as a reader sees it, each segment coloured by state (desktop and phone).
    _sign_in(driver, invite(root, port, ALA), ALA)
    driver.get(f"{url}/l/be/v/doc")  # type: ignore[attr-defined]
    _wait_text(driver, "article", "Зварот")
    assert len(driver.find_elements(By.CSS_SELECTOR, "article .seg")) == 5  # type: ignore[attr-defined]
    _shot(driver, "document-desktop")
    driver.set_window_size(390, 844)  # type: ignore[attr-defined]
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 390  # type: ignore[attr-defined]
    _shot(driver, "document-phone")
    driver.set_window_size(1280, 900)  # type: ignore[attr-defined]
    # Ala edits segment 3; with four eyes she cannot accept her own text.
    driver.get(f"{url}/l/be/s/3/doc")  # type: ignore[attr-defined]
    assert not driver.find_elements(By.ID, "save-accept")  # type: ignore[attr-defined]
    text = driver.find_element(By.ID, "text")  # type: ignore[attr-defined]
    text.clear()
    text.send_keys("Тэкст Алы.")
    driver.find_element(By.ID, "save").click()  # type: ignore[attr-defined]
    _wait_text(driver, ".flashes", "Saved: segment 3.")
    driver.get(f"{url}/l/be/s/3/doc")  # type: ignore[attr-defined]
    _wait_text(driver, "main", "you wrote this text, so another reviewer accepts it")
    assert not driver.find_element(By.ID, "accept").is_enabled()  # type: ignore[attr-defined]
    # Signing out ends the session: a copy of the cookie is refused afterwards.
    cookie = driver.get_cookie("transmgr_session")["value"]  # type: ignore[attr-defined]
    driver.find_element(By.CSS_SELECTOR, "header form button").click()  # type: ignore[attr-defined]
    _wait_text(driver, "main", "open the login link")
    copied = urllib.request.Request(f"{url}/", headers={"Cookie": f"transmgr_session={cookie}"})
    assert "open the login link" in urllib.request.urlopen(copied).read().decode()
    # A translator suggests for segment 4; she has no accept button.
    _sign_in(driver, invite(root, port, OLGA), OLGA)
    driver.get(f"{url}/l/be/s/4/doc")  # type: ignore[attr-defined]
    assert not driver.find_elements(By.ID, "accept")  # type: ignore[attr-defined]
    text = driver.find_element(By.ID, "text")  # type: ignore[attr-defined]
    text.clear()
    text.send_keys("Больш за 60\u00a0000 чалавек прайшлі праз арышты і турмы.")
    driver.find_element(By.ID, "suggest").click()  # type: ignore[attr-defined]
    _wait_text(driver, ".flashes", "Suggestion saved: segment 4.")
    driver.find_element(By.CSS_SELECTOR, "header form button").click()  # type: ignore[attr-defined]
    # Signed out before the next link is opened: a sign-out answered after Pavel's sign-in would clear
    # his cookie (the test failed so, now and then, under load).
    _wait_text(driver, "main", "open the login link")
    # Pavel, a second reviewer, accepts Ala's edit and takes Olga's suggestion.
    _sign_in(driver, invite(root, port, PAVEL), PAVEL)
    driver.get(f"{url}/l/be/s/3/doc")  # type: ignore[attr-defined]
    driver.find_element(By.ID, "accept").click()  # type: ignore[attr-defined]
    _wait_text(driver, ".flashes", "Accepted: segment 3.")
    driver.get(f"{url}/l/be/s/4/doc")  # type: ignore[attr-defined]
    _wait_text(driver, "#h-suggestions", "Suggestions")
    _shot(driver, "suggestion-desktop")
    driver.find_element(By.CSS_SELECTOR, ".suggestion .take").click()  # type: ignore[attr-defined]
    _wait_text(driver, ".flashes", "Suggestion taken and accepted: segment 4.")
    units = {u.msgid: u for u in read_catalog(Project.load(root).po_path("be", "doc")) if u.msgid}
    never = units["You can never be concerned enough to stop the war."]
    assert never.msgstr == "Тэкст Алы." and never.state is State.REVIEWED and never.stamp.who == PAVEL  # type: ignore[union-attr]
    arrests = units["More than 60,000 people went through arrests and prisons."]
    assert arrests.msgstr == "Больш за 60\u00a0000 чалавек прайшлі праз арышты і турмы."
    assert arrests.editor is not None and arrests.editor.who == OLGA and arrests.state is State.REVIEWED


def test_every_page_has_landmarks_labels_and_a_sensible_focus_order(server: tuple[Path, str], browser: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    root, url = server
    driver = browser
    _sign_in(driver, invite(root, int(url.rsplit(":", 1)[1]), ALA), ALA)
    driver.get(f"{url}/l/be/s/2/doc")  # type: ignore[attr-defined]
    for landmark in ("header[role=banner]", "main", "footer[role=contentinfo]", "nav[aria-label]"):
        assert driver.find_elements(By.CSS_SELECTOR, landmark), landmark  # type: ignore[attr-defined]
    for field in driver.find_elements(By.CSS_SELECTOR, "textarea, input[type=text]"):  # type: ignore[attr-defined]
        assert driver.find_elements(By.CSS_SELECTOR, f"label[for={field.get_attribute('id')}]"), field.get_attribute("id")  # type: ignore[attr-defined]
    order = []
    body = driver.find_element(By.TAG_NAME, "body")  # type: ignore[attr-defined]
    body.send_keys(Keys.TAB)
    for _ in range(12):
        active = driver.switch_to.active_element  # type: ignore[attr-defined]
        order.append(active.get_attribute("id") or active.text)
        active.send_keys(Keys.TAB)
    assert order[0] == "Skip to content"
    assert order.index("accept") < order.index("text") < order.index("save")
