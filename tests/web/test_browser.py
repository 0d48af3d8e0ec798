"""The review app end to end: ``transmgr serve`` as a real process, Debian's chromium driven by Selenium
through the system chromedriver (no browser download); screenshots at desktop and phone width."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.conftest import ALA, free_port, invite, start_server
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


def test_a_reviewer_works_through_a_queue_with_the_keyboard(server: tuple[Path, str], browser: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    root, url = server
    driver = browser
    link = invite(root, int(url.rsplit(":", 1)[1]), ALA)
    assert link.startswith(url + "/login/")
    driver.get(link)  # type: ignore[attr-defined]
    _wait_text(driver, "body", "Signed in as Ala Kavalenka")
    _shot(driver, "overview-desktop")
    driver.find_element(By.LINK_TEXT, "Belarusian (be)").click()  # type: ignore[attr-defined]
    items = driver.find_elements(By.CSS_SELECTOR, ".queue li")  # type: ignore[attr-defined]
    assert len(items) == 4  # the title (translated, never reviewed) and three drafts await review
    items[1].find_element(By.TAG_NAME, "a").click()
    _wait_text(driver, "h1", "Segment 2")
    assert driver.find_element(By.ID, "h-context").is_displayed()  # type: ignore[attr-defined]
    _shot(driver, "segment-desktop")
    body = driver.find_element(By.TAG_NAME, "body")  # type: ignore[attr-defined]
    body.send_keys("a")  # accept
    _wait_text(driver, ".flashes", "Accepted: segment 2.")
    _wait_text(driver, "h1", "Segment 3")
    driver.find_element(By.TAG_NAME, "body").send_keys("e")  # type: ignore[attr-defined]
    text = driver.switch_to.active_element  # type: ignore[attr-defined]
    assert text.get_attribute("id") == "text"
    text.send_keys(Keys.CONTROL, "a")
    text.send_keys("Никогда не хватит обеспокоенности.")  # Russian in a Belarusian text: checked as typed
    _wait_text(driver, "#live-findings", "wrong-language")
    text.send_keys(Keys.CONTROL, "a")
    text.send_keys("Ніколі не хопіць занепакоенасці, каб спыніць вайну.")
    text.send_keys(Keys.CONTROL, Keys.ENTER)  # save
    _wait_text(driver, ".flashes", "Saved and accepted: segment 3.")
    driver.find_element(By.TAG_NAME, "body").send_keys("r")  # type: ignore[attr-defined]
    note = driver.switch_to.active_element  # type: ignore[attr-defined]
    note.send_keys("the number needs a no-break space")
    driver.find_element(By.ID, "reject").click()  # type: ignore[attr-defined]
    _wait_text(driver, ".flashes", "Rejected: segment 4.")
    driver.get(f"{url}/l/be/s/2/doc")  # type: ignore[attr-defined]
    driver.find_element(By.TAG_NAME, "body").send_keys("c")  # type: ignore[attr-defined]
    driver.switch_to.active_element.send_keys("Keeps the saying.", Keys.ENTER)  # type: ignore[attr-defined]
    _wait_text(driver, "main", "Comment: Keeps the saying.")
    driver.set_window_size(390, 844)  # type: ignore[attr-defined]
    width = driver.execute_script("return document.documentElement.scrollWidth")  # type: ignore[attr-defined]
    assert width <= 390  # nothing wider than the phone
    _shot(driver, "segment-phone")
    driver.get(f"{url}/l/ru/s/2/doc")  # type: ignore[attr-defined]
    assert "may read Russian but not review it" in driver.find_element(By.TAG_NAME, "main").text  # type: ignore[attr-defined]
    assert not driver.find_elements(By.ID, "accept")  # type: ignore[attr-defined]

    units = {u.msgid: u for u in read_catalog(Project.load(root).po_path("be", "doc")) if u.msgid}
    assert units["There is no bottom in Belarus."].state == State.REVIEWED
    assert units["There is no bottom in Belarus."].stamp.who == ALA  # type: ignore[union-attr]
    assert units["You can never be concerned enough to stop the war."].msgstr.startswith("Ніколі не хопіць")
    assert units["More than 60,000 people went through arrests and prisons."].state == State.UNTRANSLATED


def test_every_page_has_landmarks_labels_and_a_sensible_focus_order(server: tuple[Path, str], browser: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    root, url = server
    driver = browser
    driver.get(invite(root, int(url.rsplit(":", 1)[1]), ALA))  # type: ignore[attr-defined]
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
