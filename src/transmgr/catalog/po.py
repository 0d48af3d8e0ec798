"""Reading and writing PO/POT files: decoding, parsing (reader.py) into the catalog model, writing (writer.py).
 Reading accepts what real catalogs contain
(a BOM, CRLF line endings, raw CRs inside strings, legacy charsets such as KOI8-R declared in the
header, gettext 1.0's ``#=`` sticky-flag lines) and rejects what msgfmt rejects (syntax errors,
bytes that are not in the declared charset outside comments, duplicate definitions) with a
:class:`CatalogError`; reader.py's docstring lists the deliberate differences. Writing keeps
every value the reader accepted: the next read gives the same entries, header fields and flags.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from transmgr.catalog.lexical import comment_start
from transmgr.catalog.model import Catalog, Header, Unit
from transmgr.catalog.reader import assemble, parse_po
from transmgr.catalog.writer import format_header, format_unit
from transmgr.errors import CatalogError
from transmgr.files import write_bytes_atomic

# The header's charset, searched in the header entry: from its 'msgid ""' to the next keyword or comment.
_HEADER_MSGID = re.compile(rb'^[ \t]*msgid[ \t]*""[ \t\r]*$', re.MULTILINE)
_HEADER_END = re.compile(rb"^[ \t]*(?:msgid|msgctxt|#(?!(?:~\|?|\|)[ \t\r]*$))", re.MULTILINE)
# gettext takes the first "charset=" of the header's msgstr (case matters), up to whitespace.
_CHARSET_BYTES = re.compile(rb"charset=([A-Za-z0-9._:-]+)")
_CHARSET = re.compile(r"charset=([A-Za-z0-9._:-]+)")
# Every byte a PO file's syntax needs, which a charset must decode as ASCII does.
_ASCII_PROBE = bytes(range(32, 127)) + b"\t\n\r\f\v"
_MARK = "transmgr-po-mark"
# Python codecs that pass for text encodings but are no charset a PO file can declare.
_NOT_CHARSETS = {"idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined"}


def _mark_bad_bytes(exc: UnicodeError) -> tuple[str, int]:
    """Decoding error handler: each undecodable byte becomes a lone surrogate U+DC00+byte."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return "".join(chr(0xDC00 + byte) for byte in exc.object[exc.start:exc.end]), exc.end


codecs.register_error(_MARK, _mark_bad_bytes)


def declared_charset(data: bytes, path: Path) -> tuple[str, int | None]:
    """The charset the header declares and its line (UTF-8 when none, or ``CHARSET`` of an
    untouched template); a charset Python cannot decode a PO file with is a :class:`CatalogError`."""
    header = _HEADER_MSGID.search(data)
    match = None
    if header:
        end = _HEADER_END.search(data, header.end())
        match = _CHARSET_BYTES.search(data, header.end(), end.start() if end else len(data))
    if match is None:
        return "utf-8", None
    charset = match.group(1).decode("ascii")
    line = data[: match.start()].count(b"\n") + 1
    if charset.upper() == "CHARSET":  # an untouched POT template
        return "utf-8", line
    hint = "declare charset=UTF-8 and convert the file with iconv"
    try:
        name = codecs.lookup(charset).name
    except LookupError as exc:
        raise CatalogError(f"unknown charset {charset!r} in the header", path=path, line=line, hint=hint) from exc
    if name in _NOT_CHARSETS:
        raise CatalogError(f"{charset!r} is a Python codec, not a charset", path=path, line=line, hint=hint)
    try:
        ascii_compatible = _ASCII_PROBE.decode(charset) == _ASCII_PROBE.decode("ascii")
    except LookupError as exc:  # a codec that is not a text encoding (zlib, base64, rot13...)
        raise CatalogError(f"{charset!r} is not a text encoding", path=path, line=line, hint=hint) from exc
    except Exception:
        ascii_compatible = False
    if not ascii_compatible:
        raise CatalogError(f"charset {charset!r} does not encode ASCII as ASCII, which PO files need",
                           path=path, line=line, hint=hint)
    return charset, line


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    """PO bytes decoded (BOM dropped, declared charset honoured), and the charset.

    Line endings are left alone: the reader takes a CR for whitespace, as gettext does, so a
    raw CR inside a string or a comment stays. Bytes invalid in the charset are an error, except
    inside comments (msgfmt never checks those), where they become U+FFFD.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    charset, line = declared_charset(data, path)
    try:
        return data.decode(charset), charset
    except UnicodeDecodeError:
        pass
    except Exception as exc:
        raise CatalogError(f"cannot decode the file as {charset}: {exc}", path=path, line=line,
                           hint="declare charset=UTF-8 and convert the file with iconv") from exc
    try:
        text = data.decode(charset, _MARK)
    except Exception as exc:
        raise CatalogError(f"cannot decode the file as {charset}: {exc}", path=path, line=line,
                           hint="declare charset=UTF-8 and convert the file with iconv") from exc
    return _bad_bytes_in_comments_only(text, charset, path), charset


_MARKS = re.compile("[\udc00-\udcff]+")


def _bad_bytes_in_comments_only(text: str, charset: str, path: Path) -> str:
    """Undecodable bytes (marked U+DC80-U+DCFF) become U+FFFD inside comments; elsewhere an error.

    A comment is what gettext's lexer takes for one: from a ``#`` outside a string (not ``#~``
    or ``#|``) to the end of the line, a backslash-newline continuing it.
    """
    lines = text.split("\n")
    index, last = 0, len(lines) - 1
    while index <= last:
        end = index
        while end < last and lines[end].endswith("\\"):
            end += 1
        group = lines[index:end + 1]
        if any(_MARKS.search(line) for line in group):
            comment = comment_start("".join(line[:-1] for line in group[:-1]) + group[-1])
            offset = 0
            for number, line in enumerate(group, start=index + 1):
                for mark in _MARKS.finditer(line):
                    # gettext checks the character right after the '#' (looking for '#~' or '#|')
                    if comment < 0 or offset + mark.start() <= comment + 1:
                        byte = ord(mark.group(0)[0]) - 0xDC00
                        raise CatalogError(
                            f"byte 0x{byte:02x} is not valid {charset}", path=path, line=number,
                            hint=f"convert the file to the charset its header declares ({charset}) or fix the header",
                        )
                offset += len(line) - 1
            for position in range(index, end + 1):
                lines[position] = _MARKS.sub("\ufffd", lines[position])
        index = end + 1
    return "\n".join(lines)


def is_utf8(data: bytes) -> bool:
    """True when ``data`` decodes as UTF-8 (checked a megabyte at a time: no copy of it as text)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(data), 1 << 20):
            decoder.decode(data[start:start + (1 << 20)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def parse_catalog(text: str | bytes, path: Path, charset: str = "utf-8", *, keep: bool = True) -> Catalog:
    """Parse PO text; a syntax error or a duplicate entry is a :class:`CatalogError`.

    ``text`` may be the file's UTF-8 bytes. ``charset`` is the charset the file was decoded from,
    for escaped bytes in strings; ``keep``:
    see :func:`transmgr.catalog.reader.parse_po`.
    """
    return parse_po(text, path, charset, keep=keep)


def _to_utf8(match: re.Match[str]) -> str:
    return match.group(0) if match.group(1).upper() in ("UTF-8", "UTF8") else "charset=UTF-8"


_CONFLICT = re.compile(r"^(?:<{7} |>{7} |={7}$)", re.MULTILINE)


def read_catalog(path: Path, *, keep: bool = True) -> Catalog:
    """Read the PO or POT file at ``path`` (``keep=False``: for a template merged into others, whose
    units are never written back as read: their text as read is not kept)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise CatalogError("catalog not found", path=path, hint="run 'transmgr update' to create it") from exc
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror}", path=path) from exc
    return catalog_from_bytes(data, path, keep=keep)


def stream_template(path: Path) -> tuple[Header, Iterator[Unit]] | None:
    """A template's header and its units read one at a time, for a merge that lets each go once
    taken (the units of a 55,000-entry template took 37 MB beside the catalog merged into it).

    None when the file is not UTF-8 of the usual layout starting with its header: read it with
    :func:`read_catalog` then. The units may still end in
    :class:`~transmgr.catalog.fastpath.UnusualLayout` (something unusual further down): the
    caller then reads the template with :func:`read_catalog`, which reports any error.
    """
    from transmgr.catalog.fastpath import UnusualLayout, iter_usual_file

    try:
        with path.open("rb") as handle:
            head = handle.read(1 << 20)
    except OSError:
        return None  # read_catalog says what is wrong
    if head.startswith(codecs.BOM_UTF8) or b"\n\n" not in head:
        return None
    try:
        charset, _ = declared_charset(head, path)
    except CatalogError:
        return None
    if codecs.lookup(charset).name != "utf-8":
        return None
    del head
    units = iter_usual_file(path, charset)  # a megabyte at a time: bytes that are no UTF-8 end it as unusual
    try:
        first = next(units, None)
    except UnusualLayout:
        return None
    if first is None or first.msgid != "" or first.msgctxt is not None or first.obsolete:
        return None
    return assemble([first]).header, units


def catalog_from_bytes(data: bytes, path: Path, *, keep: bool = True) -> Catalog:
    """The catalog a PO or POT file holding ``data`` holds (``path`` names it in errors): as
    :func:`read_catalog` reads it."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    charset, _ = declared_charset(data, path)
    text: str | bytes
    if codecs.lookup(charset).name == "utf-8" and is_utf8(data):
        text = data  # read a string at a time: no copy of the whole file as text (up to 4 bytes a character)
    else:
        text, charset = _decode(data, path)
    del data
    try:
        catalog = parse_catalog(text, path, charset, keep=keep)
    except CatalogError:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        marker = _CONFLICT.search(text)
        if marker is None:
            raise
        line = text.count("\n", 0, marker.start()) + 1
        raise CatalogError(
            "git merged this file line by line and left conflict markers: this clone has no transmgr merge driver",
            path=path, line=line,
            hint="take one side ('git checkout --ours FILE' or '--theirs FILE', or 'git merge --abort'), run "
                 "'transmgr git-setup' so that git merges PO files entry by entry, then merge again") from None
    # The text is Unicode now and is always written back as UTF-8: say so in the header, wherever
    # it declares a charset (gettext takes the first "charset=", not necessarily Content-Type's).
    fields = {key: _CHARSET.sub(_to_utf8, value) if "charset=" in value else value
              for key, value in catalog.header.fields}
    content_type = fields.get("Content-Type")
    if content_type and "charset=utf-8" not in content_type.lower():
        fields["Content-Type"] = re.sub(
            r"charset=[^;\s]*", "charset=UTF-8", content_type, flags=re.IGNORECASE
        ) if "charset=" in content_type.lower() else content_type + "; charset=UTF-8"
    if fields != catalog.metadata:
        header_text = catalog.header.text
        catalog.set_fields(fields)
        if codecs.lookup(charset).name in ("utf-8", "ascii"):  # the bytes as read stay msgfmt's MO header
            object.__setattr__(catalog.header, "text", header_text)
    elif codecs.lookup(charset).name not in ("utf-8", "ascii"):
        object.__setattr__(catalog.header, "text", None)  # compiled from the fields, in UTF-8
    return catalog


def po_date(now: dt.datetime | None = None) -> str:
    """A PO header date (``YYYY-MM-DD HH:MM+0000``, in UTC): POT-Creation-Date, PO-Revision-Date."""
    return (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M+0000")


def new_catalog(metadata: Mapping[str, str]) -> Catalog:
    """An empty catalog with the given header fields (in that order)."""
    return Catalog(header=Header(tuple(metadata.items())))


def new_entry(
    msgid: str,
    msgstr: str = "",
    *,
    msgctxt: str | None = None,
    occurrences: Iterable[tuple[str, str]] = (),
    comment: str = "",
    tcomment: str = "",
    flags: Iterable[str] = (),
) -> Unit:
    """A unit; ``occurrences`` are (file, line) references, ``comment`` the ``#.`` note, ``tcomment``
    the translator comments."""
    return Unit(msgid, msgstr, msgctxt, flags=tuple(flags), comments=tcomment, note=comment,
                references=tuple(occurrences))


def format_catalog(catalog: Catalog) -> str:
    """Serialise a catalog the way gettext lays it out (header first, obsolete units last).

    A unit (and the header) unchanged since it was read is written as it was read, byte for byte:
    rewriting a file changes only what changed, whoever wrote it first.
    """
    return b"\n".join(_parts(catalog)).decode("utf-8")


def catalog_bytes(catalog: Catalog) -> bytes:
    """:func:`format_catalog` as the UTF-8 bytes of a file, each unit encoded on its own (no copy of the
    whole file as text, which one rare character makes four bytes a character)."""
    return b"".join(catalog_chunks(catalog))


def catalog_chunks(catalog: Catalog) -> Iterator[bytes]:
    """:func:`catalog_bytes` a unit at a time (a writer that streams them never holds the whole file)."""
    separator = b""
    for part in _parts(catalog):
        yield separator + part
        separator = b"\n"


def _parts(catalog: Catalog) -> Iterator[bytes]:
    header = catalog.header
    yield header.raw + b"\n" if header.raw is not None else format_header(header).encode("utf-8")
    for obsolete in (False, True):
        for unit in catalog:
            if unit.obsolete is obsolete:
                yield unit.raw + b"\n" if unit.raw is not None else format_unit(unit).encode("utf-8")


def write_catalog(catalog: Catalog, path: Path) -> bool:
    """Write ``catalog`` to ``path`` atomically, only when its content changes; True if written."""
    return write_bytes_atomic(path, catalog_bytes(catalog))
