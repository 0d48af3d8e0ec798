"""Reading an XLIFF 1.2 or 2.0 file back: its units, their text with the codes in place, states and people.

Every inline element of the standards is read, as a code or as text per the standard (1.2: ``g x
bx ex ph bpt ept it mrk``; 2.0: ``pc sc ec ph cp mrk sm em``); an element the standards do not
have in a segment, an entity the file does not define, or a code the source lacks makes the unit
a problem, never silently dropped text. A 2.0 unit a CAT tool split into several ``<segment>``\\ s
(with ``<ignorable>`` whitespace between) is read joined. The file is parsed without resolving
entities or reaching the network.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transmgr.catalog import State
from transmgr.errors import TransmgrError
from transmgr.workflows.exchange.codes import Code
from transmgr.workflows.exchange.xliff_write import NS12, NS20, q

_STATE_RANK = {State.UNTRANSLATED: 0, State.DRAFT: 1, State.STALE: 1, State.TRANSLATED: 2, State.REVIEWED: 3}
MAX_DEPTH = 64  # nested inline elements: more is a file built to exhaust the reader


class XliffError(TransmgrError):
    """An XLIFF file that cannot be imported: unreadable, or units that cannot be taken as they are."""

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None,
                 hint: str | None = None, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message, path=path, line=line, hint=hint)
        self.problems = problems


@dataclass
class Content:
    """A source's or target's text with each known code put back as its original, the codes in the
    order met (``(kind, id)``: see :func:`.codes.check_codes`), and what could not be read."""

    text: str = ""
    codes: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class XliffUnit:
    """One unit of the file: where it is, its id, source and target, state and the people named."""

    where: str  # the <file>'s id or original
    id: str
    line: int
    source: Content
    target: Content | None  # None: no translation (or not all of a split unit's segments translated)
    state: State
    translator: str | None = None  # who the file says wrote the target (1.2 phase contact)


def parse_xliff(path: Path) -> tuple[Any, str]:
    """The root element of ``path`` and its namespace; an :class:`XliffError` for anything else."""
    from lxml import etree

    if not path.is_file():
        raise XliffError("XLIFF file not found", path=path)
    try:
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True,
                                                      huge_tree=False)).getroot()
    except etree.XMLSyntaxError as exc:
        raise XliffError(f"not well-formed XML: {exc.msg}", path=path, line=exc.lineno,
                         hint="export the file again from the CAT tool") from exc
    except (UnicodeError, ValueError, LookupError, OSError) as exc:  # bytes invalid in the declared encoding
        raise XliffError(f"cannot be read: {str(exc).split(': ')[-1]}", path=path,
                         hint="save it as UTF-8 from the CAT tool") from exc
    version = root.get("version", "")
    ns = NS12 if version.startswith("1.") else NS20 if version.startswith("2.") else ""
    if root.tag != q(ns, "xliff") or not ns:
        name = root.tag.split("}")[-1] if isinstance(root.tag, str) else "?"
        raise XliffError(f"not an XLIFF 1.2 or 2.0 file (root <{name}> version {version!r})", path=path,
                         line=root.sourceline)
    return root, ns


def read_content(element: Any, codes: dict[str, Code], ns: str) -> Content:
    """The text of a ``<source>`` or ``<target>``, codes given back from the source's ``codes`` (by id)."""
    content = Content()
    _walk(element, codes, ns, content, 0)
    return content


def _local(element: Any) -> str | None:
    return element.tag.split("}")[-1] if isinstance(element.tag, str) else None


def _code(content: Content, codes: dict[str, Code], ident: str | None, kinds: tuple[str, ...], name: str,
          line: int) -> Code | None:
    code = codes.get(ident or "")
    if code is None or code.kind not in kinds:
        content.problems.append(f"line {line}: <{name}> with id {ident!r} is not a code of the source")
        return None
    content.codes.append((code.kind, code.pair or code.id))
    content.text += code.original
    return code


def _walk(element: Any, codes: dict[str, Code], ns: str, content: Content, depth: int) -> None:
    from lxml import etree

    if depth > MAX_DEPTH:
        content.problems.append(f"line {element.sourceline}: inline elements nested over {MAX_DEPTH} deep")
        return
    content.text += element.text or ""
    closes = {code.pair: code for code in codes.values() if code.kind == "close"}
    for child in element:
        name = _local(child)
        line = child.sourceline or 0
        if isinstance(child, etree._Entity):
            content.problems.append(f"line {line}: the entity {child.text} is not defined")
        elif child.tag is etree.Comment or child.tag is etree.PI:
            pass
        elif name in ("x", "ph", "it") or (ns == NS20 and name == "sc") or (ns == NS12 and name in ("bx", "bpt")):
            kinds = ("open",) if name in ("bx", "bpt", "sc") else ("ph", "open", "close")
            _code(content, codes, child.get("id"), kinds, name, line)
        elif name in ("ex", "ept"):
            ident = child.get("id") if child.get("id") in codes else closes.get(child.get("rid") or "", Code("", "", "")).id
            _code(content, codes, ident, ("close",), name, line)
        elif name == "ec":
            ref = child.get("startRef")
            ident = closes[ref].id if ref in closes else child.get("id")
            _code(content, codes, ident, ("close",), name, line)
        elif name in ("g", "pc"):
            opened = _code(content, codes, child.get("id"), ("open",), name, line)
            _walk(child, codes, ns, content, depth + 1)
            if opened is not None and opened.pair in closes:
                close = closes[opened.pair]
                content.codes.append(("close", close.pair))
                content.text += close.original
        elif name == "mrk":
            _walk(child, codes, ns, content, depth + 1)
        elif ns == NS20 and name in ("sm", "em"):
            pass  # annotation markers: no text of their own
        elif ns == NS20 and name == "cp":
            try:
                content.text += chr(int(child.get("hex") or "", 16))
            except ValueError:
                content.problems.append(f"line {line}: <cp hex={child.get('hex')!r}> is not a code point")
        else:
            content.problems.append(f"line {line}: <{name}> is not an inline element of XLIFF {'1.2' if ns == NS12 else '2.0'}")
        content.text += child.tail or ""


def _state_12(target: Any, approved: str | None) -> State:
    state = (target.get("state") or "").strip() if target is not None else ""
    if approved == "yes" or state in ("signed-off", "final"):
        return State.REVIEWED
    if state in ("translated", ""):
        return State.TRANSLATED
    return State.DRAFT  # new or needs-translation with a target, needs-review-*, needs-adaptation, needs-l10n


def _state_20(segment: Any) -> State:
    state = segment.get("state") or "initial"
    sub = segment.get("subState") or ""
    if state in ("reviewed", "final"):
        return State.REVIEWED
    if state == "translated":
        return {"transmgr:draft": State.DRAFT, "transmgr:stale": State.STALE}.get(sub, State.TRANSLATED)
    return State.DRAFT


def _empty(target: Any) -> bool:
    return target is None or not ("".join(target.itertext()).strip() or len(target))


def _phases(file: Any, ns: str) -> dict[str, str]:
    """1.2: phase name -> the contact the file names for it (who translated or signed off)."""
    found = {}
    for phase in file.iter(q(ns, "phase")):
        if phase.get("phase-name") and phase.get("contact-name"):
            found[phase.get("phase-name")] = " ".join(phase.get("contact-name").split())
    return found


def read_units(root: Any, ns: str, path: Path, codes_for: Any) -> Iterator[XliffUnit]:
    """Every unit of the file, read with the codes ``codes_for(where, unit id)`` gives (None: unknown
    unit, read without codes)."""
    for file in root.iter(q(ns, "file")):
        where = file.get("id") or file.get("original") or ""
        if ns == NS12:
            phases = _phases(file, ns)
            for tu in file.iter(q(ns, "trans-unit")):
                source, target = tu.find(q(ns, "source")), tu.find(q(ns, "target"))
                if source is None:
                    raise XliffError(f"unit {tu.get('id')} has no <source>", path=path, line=tu.sourceline)
                codes = codes_for(where, tu.get("id") or "") or {}
                empty = _empty(target)
                phase = (target.get("phase-name") if target is not None else None) or tu.get("phase-name")
                yield XliffUnit(where, tu.get("id") or "", tu.sourceline or 0, read_content(source, codes, ns),
                                None if empty else read_content(target, codes, ns),
                                State.UNTRANSLATED if empty else _state_12(target, tu.get("approved")),
                                phases.get(phase or ""))
            continue
        for unit in file.iter(q(ns, "unit")):
            parts = [child for child in unit if _local(child) in ("segment", "ignorable")]
            if not any(_local(part) == "segment" for part in parts):
                raise XliffError(f"unit {unit.get('id')} has no <segment>", path=path, line=unit.sourceline)
            codes = codes_for(where, unit.get("id") or "") or {}
            source, target = Content(), Content()
            states = []
            translated = True
            for part in parts:
                part_source = part.find(q(ns, "source"))
                if part_source is None:
                    raise XliffError(f"unit {unit.get('id')}: a <{_local(part)}> without <source>", path=path,
                                     line=part.sourceline)
                read = read_content(part_source, codes, ns)
                _join(source, read)
                part_target = part.find(q(ns, "target"))
                if _local(part) == "ignorable":
                    _join(target, read_content(part_target, codes, ns) if part_target is not None else read)
                elif _empty(part_target):
                    translated = False
                else:
                    _join(target, read_content(part_target, codes, ns))
                    states.append(_state_20(part))
            state = min(states, key=lambda s: _STATE_RANK[s]) if translated and states else State.UNTRANSLATED
            yield XliffUnit(where, unit.get("id") or "", unit.sourceline or 0, source,
                            target if translated and target.text.strip() else None, state)


def _join(into: Content, part: Content) -> None:
    into.text += part.text
    into.codes += part.codes
    into.problems += part.problems


def rank(state: State) -> int:
    """How far along a state is (untranslated 0, draft and stale 1, translated 2, reviewed 3)."""
    return _STATE_RANK[state]
