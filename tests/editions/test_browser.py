"""A real browser: headless Chromium renders an HTML edition and the parallel edition.

Checks the page's language and title as the browser parsed them, that the switcher's links
lead to files that exist, that nothing overflows a phone-width window, and saves screenshots
(desktop and phone) in the test's temporary folder.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.conftest import DAY
from transmgr.workflows import Project
from transmgr.workflows.build import build

pytestmark = pytest.mark.slow

DESKTOP = (1280, 900)
PHONE = (390, 844)
# Injected into a copy of the page: the browser writes the laid-out widths into the DOM it dumps.
# Headless Chromium lays pages out at least 500 px wide when dumping the DOM (a screenshot is
# taken at the exact width), so the overflow check runs at that width, where the phone styles
# (max-width: 640px) already apply, as "phone" reports.
MEASURE = ("<script>var r = document.documentElement; r.setAttribute('data-measured', "
           "[r.scrollWidth, window.innerWidth, matchMedia('(max-width: 640px)').matches].join(' '));</script>")


def chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("Debian's chromium is not installed (apt-get install chromium; .ci/setup installs it)")


def run_chromium(tmp_path: Path, url: str, *args: str, size: tuple[int, int] = DESKTOP) -> str:
    profile = tmp_path / "chromium-profile"
    command = [
        chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
        f"--user-data-dir={profile}", f"--window-size={size[0]},{size[1]}", *args, url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


class _Dom(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.html: dict[str, str | None] = {}
        self.title = ""
        self.switcher: list[str] = []
        self.tags: set[str] = set()
        self._where: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.add(tag)
        if tag == "html":
            self.html = values
        if tag == "nav" and values.get("class") == "switcher":
            self._where.append("nav")
        if tag == "title":
            self._where.append("title")
        if tag == "a" and "nav" in self._where:
            self.switcher.append(values.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if self._where and tag == self._where[-1]:
            self._where.pop()

    def handle_data(self, data: str) -> None:
        if self._where and self._where[-1] == "title":
            self.title += data


def dump_dom(tmp_path: Path, page: Path, size: tuple[int, int] = DESKTOP) -> tuple[_Dom, str]:
    text = run_chromium(tmp_path, page.as_uri(), "--dump-dom", size=size)
    dom = _Dom()
    dom.feed(text)
    return dom, text


def screenshot(tmp_path: Path, page: Path, name: str, size: tuple[int, int]) -> Path:
    shot = tmp_path / f"{name}-{size[0]}x{size[1]}.png"
    run_chromium(tmp_path, page.as_uri(), f"--screenshot={shot}", size=size)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == size
    return shot


def assert_fits_a_phone(tmp_path: Path, page: Path) -> None:
    """Nothing sticks out sideways at the narrowest width the browser lays out with phone styles."""
    probe = page.with_name(f".probe-{page.name}")
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    try:
        _, text = dump_dom(tmp_path, probe, PHONE)
    finally:
        probe.unlink()
    found = re.search(r'data-measured="(\d+) (\d+) (\w+)"', text)
    assert found, "the browser did not run the measuring script"
    scroll, inner, phone = int(found.group(1)), int(found.group(2)), found.group(3)
    assert phone == "true", f"laid out {inner} px wide, too wide for the phone styles"
    assert scroll <= inner, f"the page is {scroll} px wide in a {inner} px window"


@pytest.fixture
def built(fixture_project: Path) -> Path:
    chromium()
    build(Project.load(fixture_project), day=DAY)
    return fixture_project / "build"


def test_browser_renders_an_edition(built: Path, tmp_path: Path) -> None:
    page = built / "be" / "structure.html"
    dom, text = dump_dom(tmp_path, page)
    assert dom.html.get("lang") == "be"
    assert dom.title == "Маленькі даведнік"
    assert dom.switcher == ["../uk/structure.html", "../en/structure.html"]
    for href in dom.switcher:
        assert (page.parent / unquote(href)).resolve().is_file(), href
    assert "b" not in dom.tags and "code &lt;b&gt;" in text  # `code <b>` from the catalog stayed text
    assert_fits_a_phone(tmp_path, page)
    screenshot(tmp_path, page, "be-structure", DESKTOP)
    screenshot(tmp_path, page, "be-structure", PHONE)


def test_browser_renders_the_parallel_edition(built: Path, tmp_path: Path) -> None:
    page = built / "structure.parallel.html"
    dom, text = dump_dom(tmp_path, page)
    assert dom.html.get("lang") == "en"
    assert dom.title == "The small guide — All languages side by side"
    assert text.count('<div class="cell" lang="uk">') == 17  # the heading row and 16 segments
    assert_fits_a_phone(tmp_path, page)
    screenshot(tmp_path, page, "parallel", DESKTOP)
    screenshot(tmp_path, page, "parallel", PHONE)
