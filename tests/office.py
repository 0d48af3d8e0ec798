"""LibreOffice headless, as the tests run it: each call with a profile of its own, so that test
workers converting at the same moment do not fight over one (LibreOffice refuses a second process
on a profile in use, and the conversion silently produces nothing)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

needs_office = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                                  reason="LibreOffice and poppler are not installed (apt-get install "
                                         "libreoffice-writer-nogui poppler-utils)")


def convert(sources: Path | list[Path], fmt: str, out: Path) -> Path:
    """Convert ``sources`` to ``fmt`` (pdf, html...) into ``out``; the path of the last one converted."""
    paths = sources if isinstance(sources, list) else [sources]
    with tempfile.TemporaryDirectory(prefix="transmgr-office-") as profile:
        done = subprocess.run(["soffice", f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                               "--convert-to", fmt, "--outdir", str(out), *map(str, paths)],
                              capture_output=True, text=True, timeout=180)
    converted = out / f"{paths[-1].stem}.{fmt}"
    assert converted.is_file(), done.stdout + done.stderr
    return converted
