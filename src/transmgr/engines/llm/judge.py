"""A language model as a judge: it reads translations with their document's context and names the
errors in them, as MQM annotators do (severity, category, the span, a note).

The wire contract, which any model and any test double can follow: the last user message ends with
``{"assess": [{"id": "…", "source": "…", "translation": "…"}, …]}`` (markup and numbers as the
same ``[X0X]`` tokens the drafts use, each item's ``tokens`` saying what they stand for), and the
reply's content is ``{"assessments": [{"id": "…", "errors": [{"span": "…", "category": "…",
"severity": "minor|major|critical", "note": "…"}]}]}``. Replies are validated as drafts are: an id
not asked for, a span the translation does not hold, an unknown category or severity is dropped
with a warning; ``"errors": []`` is a clean assessment; an item the reply leaves out is not assessed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from transmgr.catalog.assessment import CATEGORIES, SEVERITIES, AssessError
from transmgr.config.options import MAX_BATCH_TOKENS
from transmgr.engines.base import AnswerProblem, Translator
from transmgr.engines.llm.wire import GlossaryHit, estimate_tokens, language_name
from transmgr.engines.markup import Protected, has_words, protect, split_whitespace
from transmgr.formats import Format

_FENCE = re.compile(r"```(?:json|JSON)?\s*\n?(.*?)```", re.DOTALL)
_TOKEN = re.compile(r"\[X(\d+)X\]")

JUDGE_PROMPT = """\
You are a senior reviewer of translations from {source} into {target}, annotating errors as MQM
annotators do. For each segment, compare the translation with the source, in the context of the
document: the brief, the title, the neighbouring segments, the glossary, and the reviewed
translations of the same segment in sister languages (a number, a name or a negation that differs
from them deserves a second look).
Report only real errors, each with: "span", the exact words of the translation it concerns (copied
as they stand, tokens such as [X0X] included); "category", one of accuracy, omission, addition,
fluency, grammar, terminology, style, locale, markup; "severity": "minor" (a reader notices, the
meaning is intact), "major" (the meaning is changed or unclear) or "critical" (wrong facts, numbers,
names or negations, offensive or harmful); "note", a short explanation in English.
Tokens such as [X0X] stand for markup, links, code and numbers: they are correct as they are.
A translation without errors gets "errors": [].
Answer with JSON only: {{"assessments": [{{"id": "<id>", "errors": [{{"span": "...", "category": "...",
"severity": "...", "note": "..."}}]}}]}}, one item for every segment id you were given.
"""


@dataclass(frozen=True)
class JudgeItem:
    """One translation to assess: its id in the request, the source and translation with their tokens."""

    id: str
    source: str
    translation: str
    source_protected: Protected
    translation_protected: Protected
    kind: str = ""
    references: Mapping[str, str] = field(default_factory=dict)  # sister language -> reviewed translation

    def wire(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "source": self.source_protected.text.strip(),
                                "translation": self.translation_protected.text.strip()}
        if self.kind:
            data["kind"] = self.kind
        first = len(self.source_protected.pieces)
        pieces = {f"[X{n}X]": piece for n, piece in enumerate(self.source_protected.pieces)}
        pieces.update({f"[X{first + n}X]": piece for n, piece in enumerate(self.translation_protected.pieces)})
        if pieces:
            data["tokens"] = pieces
        return data

    def restored(self, span: str) -> str:
        """A span of the protected translation with its tokens given back their text."""
        pieces, first = self.translation_protected.pieces, len(self.source_protected.pieces)

        def piece(match: re.Match[str]) -> str:
            n = int(match.group(1)) - first
            return pieces[n] if 0 <= n < len(pieces) else match.group(0)

        return _TOKEN.sub(piece, span)


def make_judge_item(item_id: str, source: str, translation: str, fmt: Format, *, kind: str = "",
                    references: Mapping[str, str] | None = None) -> JudgeItem | None:
    """The item for one unit; None when its source has no words (nothing for a judge to read)."""
    _, core, _ = split_whitespace(source)
    inline = fmt.inline(core)
    if not has_words(core, inline) or not translation.strip():
        return None
    _, target, _ = split_whitespace(translation)
    # The judge reads the numbers as they are written (a wrong number is what it should see); markup
    # is tokens, the translation's counted on from the source's so that each token names one thing.
    protected = protect(core, inline, numbers=False)
    return JudgeItem(item_id, source, translation, protected,
                     protect(target, fmt.inline(target), numbers=False, first=len(protected.pieces)),
                     kind, dict(references or {}))


@dataclass(frozen=True)
class JudgeBatch:
    """The translations of one request and their document's context."""

    source_lang: str
    target_lang: str
    doc: str
    title: str
    items: tuple[JudgeItem, ...]
    brief: str = ""
    before: tuple[tuple[str, str | None], ...] = ()
    after: tuple[tuple[str, str | None], ...] = ()
    glossary: tuple[GlossaryHit, ...] = ()


@dataclass(frozen=True)
class Verdicts:
    """What one request gave: the errors per item id (``()``: clean), warnings about the reply, and
    the tokens the endpoint reported using (None where it did not say)."""

    errors: Mapping[str, tuple[AssessError, ...]]
    warnings: tuple[str, ...] = ()
    tokens: int | None = None


def judge_messages(batch: JudgeBatch, prompt: str | None = None) -> list[dict[str, str]]:
    """The chat messages of one request: the instructions with the brief, then the context and the
    translations as JSON (always last)."""
    source, target = language_name(batch.source_lang), language_name(batch.target_lang)
    system = (prompt or JUDGE_PROMPT).replace("{source}", source).replace("{target}", target)
    system = system.replace("{{", "{").replace("}}", "}")
    if batch.brief.strip():
        brief = batch.brief.strip()
        system += f"\n{brief}\n" if brief.startswith("#") else f"\n# Translation brief\n\n{brief}\n"
    parts = [f"Document: {batch.title or batch.doc}"]
    if batch.glossary:
        parts.append("Glossary:\n" + "\n".join(
            f"- {hit.source} → {hit.target}" + (f" (never: {', '.join(hit.forbidden)})" if hit.forbidden else "")
            for hit in batch.glossary))
    for label, rows in (("before", batch.before), ("after", batch.after)):
        if rows:
            parts.append(f"Context {label} these segments:\n" + "\n".join(
                f"- {text}" + (f"\n  {target}: {translation}" if translation else "") for text, translation in rows))
    references = [(item.id, lang, text) for item in batch.items for lang, text in item.references.items()]
    if references:
        parts.append("Reviewed translations of the same segments in sister languages:\n" + "\n".join(
            f"- {item_id} in {language_name(lang)}: {text}" for item_id, lang, text in references))
    payload = {"assess": [item.wire() for item in batch.items]}
    parts.append(f"Assess these {target} translations:\n" + json.dumps(payload, ensure_ascii=False))
    return [{"role": "system", "content": system}, {"role": "user", "content": "\n\n".join(parts)}]


def parse_verdicts(content: str) -> dict[str, list[Any]]:
    """The error lists the reply gives per id; an unreadable reply is an :class:`AnswerProblem`."""
    text = content.strip()
    fenced = _FENCE.search(text)
    if fenced is not None and not text.startswith("{"):
        text = fenced.group(1).strip()
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        start, end = text.find("{"), text.rfind("}")
        try:
            data = json.loads(text[start:end + 1]) if 0 <= start < end else None
        except json.JSONDecodeError:
            data = None
    rows = data.get("assessments") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise AnswerProblem('the reply is not {"assessments": [...]} JSON')
    found: dict[str, list[Any]] = {}
    for row in rows:
        if isinstance(row, dict) and isinstance(row.get("id"), (str, int)):
            found.setdefault(str(row["id"]), []).append(row.get("errors"))
    return found


def validate_errors(item: JudgeItem, rows: list[Any]) -> tuple[tuple[AssessError, ...] | None, list[str]]:
    """The errors of ``item`` from its reply rows (None: not assessed), and warnings for what was dropped."""
    warnings: list[str] = []
    if len(rows) != 1 or not isinstance(rows[0], list):
        return None, [f"segment {item.id}: " + ("answered twice" if len(rows) > 1 else "no error list")]
    errors = []
    for error in rows[0]:
        if not isinstance(error, dict):
            warnings.append(f"segment {item.id}: an error that is not an object, dropped")
            continue
        span, category = error.get("span"), str(error.get("category", "")).strip().lower()
        severity, note = str(error.get("severity", "")).strip().lower(), error.get("note", "")
        if severity not in SEVERITIES:
            warnings.append(f"segment {item.id}: severity {severity!r} is not minor, major or critical, dropped")
            continue
        if category not in CATEGORIES:
            warnings.append(f"segment {item.id}: category {category!r} is not an MQM category, dropped")
            continue
        if not isinstance(span, str) or not span.strip():
            warnings.append(f"segment {item.id}: an error without a span, dropped")
            continue
        text = item.restored(span.strip())
        if " ".join(text.split()) not in " ".join(item.translation.split()):
            warnings.append(f"segment {item.id}: span {span.strip()[:40]!r} is not in the translation, dropped")
            continue
        errors.append(AssessError(severity, category, text, str(note) if isinstance(note, (str, int, float)) else ""))
    return tuple(errors), warnings


class Judge:
    """Assesses batches of translations with the language model behind ``translator`` (an engine
    with ``engine = "openai"``), through its retries, breaker and cache."""

    def __init__(self, translator: Translator, source: str, target: str, prompt: str | None = None) -> None:
        self.translator = translator
        self.name = translator.name
        self.model = str(getattr(translator.adapter, "model", translator.name))
        self.source, self.target = source, target
        self.prompt = prompt
        self.max_tokens = int(translator.adapter.option(MAX_BATCH_TOKENS))

    def split(self, batch: JudgeBatch) -> list[JudgeBatch]:
        """``batch`` cut into requests of at most ``max_batch_tokens`` tokens of segments."""
        out: list[JudgeBatch] = []
        current: list[JudgeItem] = []
        used = 0
        for item in batch.items:
            cost = estimate_tokens(item.source_protected.text + item.translation_protected.text) + 12
            if current and used + cost > self.max_tokens:
                out.append(dataclasses.replace(batch, items=tuple(current)))
                current, used = [], 0
            current.append(item)
            used += cost
        if current:
            out.append(dataclasses.replace(batch, items=tuple(current)))
        return out

    def request_tokens(self, batch: JudgeBatch) -> tuple[int, int]:
        """Estimated (prompt, completion) tokens of one request."""
        prompt = sum(estimate_tokens(m["content"]) for m in judge_messages(batch, self.prompt)) + 10
        return prompt, 30 * len(batch.items)

    def cache_key(self, batch: JudgeBatch, item: JudgeItem) -> str:
        """The cache's key for ``item``: the model, the instructions, the brief, the title and the
        item's own context, so that changing any of them assesses again."""
        context = json.dumps([self.model, self.prompt or JUDGE_PROMPT, batch.brief, batch.title, item.kind,
                              sorted(item.references.items())], ensure_ascii=False)
        return f"judge:{self.name}:{hashlib.sha256(context.encode('utf-8')).hexdigest()[:24]}"

    def cached(self, batch: JudgeBatch, item: JudgeItem) -> tuple[AssessError, ...] | None:
        cache = self.translator.cache
        if cache is None:
            return None
        hit = cache.get(self.cache_key(batch, item), self.source, self.target, f"{item.source}\x00{item.translation}")
        if hit is None:
            return None
        try:
            return tuple(AssessError(**error) for error in json.loads(hit))
        except (ValueError, TypeError):
            return None

    def assess(self, batch: JudgeBatch) -> Verdicts:
        """The verdicts on ``batch``'s items: from the cache, else from one request."""
        errors: dict[str, tuple[AssessError, ...]] = {}
        asked = []
        for item in batch.items:
            hit = self.cached(batch, item)
            if hit is not None:
                errors[item.id] = hit
            else:
                asked.append(item)
        if not asked:
            return Verdicts(errors)
        sent = dataclasses.replace(batch, items=tuple(asked))
        content = self.translator.send((self.source, self.target), judge_messages(sent, self.prompt))
        tokens = getattr(content, "usage", None)
        rows = parse_verdicts(str(content))
        warnings = [f"segment {item_id}: not asked for, dropped" for item_id in rows if item_id not in
                    {item.id for item in asked}]
        cache = self.translator.cache
        for item in asked:
            if item.id not in rows:
                warnings.append(f"segment {item.id}: not in the reply, not assessed")
                continue
            found, dropped = validate_errors(item, rows[item.id])
            warnings += dropped
            if found is None:
                continue
            errors[item.id] = found
            if cache is not None:
                cache.put(self.cache_key(batch, item), self.source, self.target, f"{item.source}\x00{item.translation}",
                          json.dumps([dataclasses.asdict(e) for e in found], ensure_ascii=False))
        return Verdicts(errors, tuple(warnings), tokens if isinstance(tokens, int) else None)
