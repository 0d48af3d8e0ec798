"""Reading and writing PO/POT files through polib, with errors that name file and line.

This is the only module that imports polib. Reading accepts what real catalogs contain
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

from transmgr.errors import CatalogError
from transmgr.files import write_text_atomic

Catalog: TypeAlias = polib.POFile
Entry: TypeAlias = polib.POEntry
WRAP_WIDTH = 79

_CHARSET = re.compile(rb'^"Content-Type:[^"]*charset=([A-Za-z0-9._:-]+)', re.MULTILINE | re.IGNORECASE)
_SYNTAX_LINE = re.compile(r"\(line (\d+)\)")
_STICKY = re.compile(r"^#=(.*)$", re.MULTILINE)
_TIGHT_COMMENT = re.compile(r"^#([:,])(?=\S)", re.MULTILINE)
_STRING = r'"(?:[^"\\]|\\.)*"'
_ONE_STRING = re.compile(rf"{_STRING}[ \t]*")
_ONE_KEYWORD = re.compile(rf"(msgctxt|msgid_plural|msgid|msgstr\[\d+\]|msgstr)[ \t]+{_STRING}[ \t]*")
_TOKEN = re.compile(rf"[ \t]*(msgctxt|msgid_plural|msgid|msgstr\[\d+\]|msgstr|{_STRING})[ \t]*")


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
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogError(
            f"byte 0x{data[exc.start]:02x} is not valid {charset}", path=path, line=line,
            hint=f"convert the file to the charset its header declares ({charset}) or fix the header",
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


class _NewlineOnly(str):
    """PO content whose lines end at "\\n" only.

    polib splits content with ``str.splitlines``, which also breaks at vertical tab, form feed
    and U+2028; gettext allows those raw inside strings, so polib would see a broken entry.
    """

    def splitlines(self, keepends: bool = False) -> list[str]:  # type: ignore[override]
        lines = str.split(self, "\n")
        if lines and lines[-1] == "":
            lines.pop()
        return [line + "\n" for line in lines] if keepends else lines


def check_syntax(text: str, path: Path) -> str:
    """Reject what msgfmt rejects and polib lets through: unterminated strings, stray text,
    a msgid without msgstr. Raises :class:`CatalogError` naming the line.

    gettext reads PO files as tokens, so ``msgid "2" msgstr ""`` on one line is valid; such
    lines are returned split one keyword per line, the form polib understands.
    """
    pending: int | None = None  # line of a msgid still waiting for its msgstr
    out: list[str] | None = None
    lines = text.split("\n")
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        prefix = ""
        body = stripped
        if stripped.startswith("#~"):
            prefix, body = "#~ ", stripped[2:].lstrip()
            if body.startswith("|"):
                prefix, body = "#~| ", body[1:].lstrip()
        elif stripped.startswith("#|"):
            prefix, body = "#| ", stripped[2:].lstrip()
        elif not stripped or stripped.startswith("#"):
            continue
        if not body:
            continue
        if body[0] == '"' and body[-1] == '"' and len(body) > 1 and (
            ('"' not in body[1:-1] and "\\" not in body) or _ONE_STRING.fullmatch(body)
        ):
            if out is not None:
                out.append(raw)
            continue  # the common case: a continuation line
        simple = _ONE_KEYWORD.fullmatch(body) if body[-1] == '"' else None
        if simple:
            tokens, keywords = [], [simple.group(1)]
        else:
            tokens = _tokens(body, path, number)
            keywords = [t for t in tokens if not t.startswith('"')]
        if prefix.endswith("| "):
            continue  # previous msgid/msgctxt lines stand alone
        for keyword in keywords:
            if keyword == "msgid":
                if pending is not None:
                    raise CatalogError("PO syntax error: missing msgstr", path=path, line=pending,
                                       hint='add msgstr "" after the msgid')
                pending = number
            elif keyword.startswith("msgstr"):
                pending = None
        if len(keywords) > 1:
            if out is None:
                out = lines[: number - 1]
            pieces: list[str] = []
            for token in tokens:
                if token.startswith('"') and pieces:
                    pieces[-1] += " " + token
                else:
                    pieces.append(prefix + token)
            out.extend(pieces)
        elif out is not None:
            out.append(raw)
    if pending is not None:
        raise CatalogError("PO syntax error: missing msgstr", path=path, line=pending,
                           hint='add msgstr "" after the msgid')
    return text if out is None else "\n".join(out)


def _tokens(body: str, path: Path, number: int) -> list[str]:
    tokens: list[str] = []
    position = 0
    while position < len(body):
        match = _TOKEN.match(body, position)
        if match is None:
            rest = body[position:].lstrip()
            if rest.startswith('"'):
                raise CatalogError("PO syntax error: end of line within string", path=path, line=number,
                                   hint='close the string with a double quote; escape inner quotes as \\"')
            raise CatalogError(f"PO syntax error: unexpected text {rest.split()[0]!r}", path=path, line=number,
                               hint="fix the entry or check it with 'msgfmt -c'")
        tokens.append(match.group(1))
        position = match.end()
    if tokens and tokens[0].startswith("msg") and (len(tokens) == 1 or not tokens[1].startswith('"')):
        raise CatalogError(f"PO syntax error: {tokens[0]} without a string", path=path, line=number,
                           hint=f'write {tokens[0]} ""')
    return tokens


def parse_catalog(text: str, path: Path) -> Catalog:
    """Parse PO text; a syntax error or a duplicate entry is a :class:`CatalogError`."""
    text = check_syntax(text, path)
    # gettext accepts '#:file.c:12' and '#,fuzzy' without the space; polib does not.
    text = _TIGHT_COMMENT.sub(lambda m: f"#{m.group(1)} ", text)
    if "#=" in text:
        # gettext 1.0 writes sticky flags as '#=' lines; older tools and polib know them as '#,'.
        text = _STICKY.sub(lambda m: "#," + m.group(1), text)
    try:
        catalog = polib.pofile(_NewlineOnly(text), wrapwidth=WRAP_WIDTH, encoding="utf-8")
    except (OSError, ValueError) as exc:
        found = _SYNTAX_LINE.search(str(exc))
        detail = str(exc).split(")", 1)[-1].strip(": ") if found else str(exc)
        raise CatalogError(
            f"PO syntax error{': ' + detail if detail else ''}", path=path,
            line=int(found.group(1)) if found else None, hint="fix the entry or check it with 'msgfmt -c'",
        ) from exc
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


def catalog_metadata(catalog: Catalog) -> dict[str, str]:
    """The header fields of a catalog."""
    return dict(catalog.metadata)
