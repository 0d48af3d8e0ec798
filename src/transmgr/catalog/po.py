"""Reading and writing PO/POT files: decoding, parsing (reader.py) and writing through polib.

Together with reader.py, the only place that imports polib. Reading accepts what real catalogs contain
(a BOM, CRLF line endings, legacy charsets such as KOI8-R declared in the header, gettext
1.0's ``#=`` sticky-flag lines) and rejects what msgfmt rejects (syntax errors, bytes that are
not in the declared charset, duplicate definitions) with a :class:`CatalogError`.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TypeAlias

import polib

from transmgr.catalog.reader import WRAP_WIDTH, parse_po
from transmgr.errors import CatalogError
from transmgr.files import write_text_atomic

Catalog: TypeAlias = polib.POFile
Entry: TypeAlias = polib.POEntry

_CHARSET = re.compile(rb'^"Content-Type:[^"]*charset=([A-Za-z0-9._:-]+)', re.MULTILINE | re.IGNORECASE)


def decode_catalog(data: bytes, path: Path) -> str:
    """Decode PO bytes: BOM dropped, declared charset honoured, CRLF folded to LF."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    match = _CHARSET.search(data)
    charset = match.group(1).decode("ascii") if match else "utf-8"
    if charset.upper() == "CHARSET":  # an untouched POT template
        charset = "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError as exc:
        line = data[: match.start()].count(b"\n") + 1 if match else None
        raise CatalogError(f"unknown charset {charset!r} in the header", path=path, line=line,
                           hint="declare charset=UTF-8 and convert the file with iconv") from exc
    try:
        text = data.decode(charset)
    except LookupError as exc:  # a codec that is not a text encoding (zlib, base64, rot13...)
        line = data[: match.start()].count(b"\n") + 1 if match else None
        raise CatalogError(f"{charset!r} is not a text encoding", path=path, line=line,
                           hint="declare charset=UTF-8 and convert the file with iconv") from exc
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogError(
            f"byte 0x{data[exc.start]:02x} is not valid {charset}", path=path, line=line,
            hint=f"convert the file to the charset its header declares ({charset}) or fix the header",
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_catalog(text: str, path: Path) -> Catalog:
    """Parse PO text; a syntax error or a duplicate entry is a :class:`CatalogError`."""
    catalog = parse_po(text, path)
    _reject_duplicates(catalog, path)
    catalog.fpath = str(path)
    return catalog


def _reject_duplicates(catalog: Catalog, path: Path) -> None:
    seen: dict[tuple[str | None, str], int] = {}
    for entry in catalog:
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            raise CatalogError(
                f"duplicate message definition (first defined at line {seen[key]})", path=path,
                line=entry.linenum, hint="merge the two entries, e.g. with 'msguniq'",
            )
        seen[key] = entry.linenum


def read_catalog(path: Path) -> Catalog:
    """Read the PO or POT file at ``path``."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise CatalogError("catalog not found", path=path, hint="run 'transmgr update' to create it") from exc
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror}", path=path) from exc
    catalog = parse_catalog(decode_catalog(data, path), path)
    content_type = catalog.metadata.get("Content-Type")
    if content_type and "charset=utf-8" not in content_type.lower():
        # The text is Unicode now and is always written back as UTF-8: say so in the header.
        catalog.metadata["Content-Type"] = re.sub(
            r"charset=[^;\s]*", "charset=UTF-8", content_type, flags=re.IGNORECASE
        ) if "charset=" in content_type.lower() else content_type + "; charset=UTF-8"
    return catalog


def new_catalog(metadata: dict[str, str]) -> Catalog:
    """An empty catalog with the given header fields (in that order)."""
    catalog = polib.POFile(wrapwidth=WRAP_WIDTH, encoding="utf-8")
    catalog.metadata = dict(metadata)
    return catalog


def new_entry(
    msgid: str,
    msgstr: str = "",
    *,
    msgctxt: str | None = None,
    occurrences: Iterable[tuple[str, str]] = (),
    comment: str = "",
    tcomment: str = "",
    flags: Iterable[str] = (),
) -> Entry:
    """A PO entry; ``occurrences`` are (file, line) pairs, ``comment`` is the ``#.`` text."""
    return polib.POEntry(
        msgid=msgid, msgstr=msgstr, msgctxt=msgctxt, occurrences=list(occurrences),
        comment=comment, tcomment=tcomment, flags=list(flags),
    )


def _format_comments(text: str, prefix: str) -> list[str]:
    return [f"{prefix} {line}" if line else prefix for line in text.split("\n")] if text else []


def format_entry(entry: Entry, wrapwidth: int = WRAP_WIDTH) -> str:
    """One entry as gettext writes it; comments are never re-wrapped.

    polib wraps long comment lines, which would change a translator comment (and break a review
    stamp with a long reviewer name) on every write; gettext's tools keep comments as they are.
    """
    lines = _format_comments(entry.tcomment, "#")
    if not entry.obsolete:
        lines += _format_comments(entry.comment, "#.")
    saved = entry.tcomment, entry.comment
    entry.tcomment, entry.comment = "", ""
    try:
        body = entry.__unicode__(wrapwidth)
    finally:
        entry.tcomment, entry.comment = saved
    return "\n".join([*lines, body])


def format_catalog(catalog: Catalog) -> str:
    """Serialise a catalog the way gettext lays it out (header first, obsolete entries last)."""
    parts = []
    if catalog.header:
        parts.append("\n".join(_format_comments(catalog.header, "#")) + "\n")
    body = [catalog.metadata_as_entry()] + [e for e in catalog if not e.obsolete]
    body += [e for e in catalog if e.obsolete]
    text = "".join(parts) + "\n".join(format_entry(e, catalog.wrapwidth) for e in body)
    return text if text.endswith("\n") else text + "\n"


def write_catalog(catalog: Catalog, path: Path) -> bool:
    """Write ``catalog`` to ``path`` atomically, only when its content changes; True if written."""
    return write_text_atomic(path, format_catalog(catalog))
