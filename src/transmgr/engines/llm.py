"""Drafts from a language model: any OpenAI-compatible chat-completions endpoint, a batch of segments
of one document per request, with the document's context.

One wire contract, so that any model and any test double can answer: the last user message of a
request ends with ``{"segments": [{"id": "…", "text": "…"}, …]}`` (each text with its markup and
numbers already replaced by ``[X0X]`` tokens), and the model answers with the message content
``{"translations": [{"id": "…", "text": "…"}, …]}`` (asked for with ``response_format`` JSON mode
where the endpoint has it; a reply inside a ```` ```json ```` fence is accepted too). Each
translation is validated: its id asked for and answered once, every token back exactly once, no
letter the target language never uses (no и or щ in Belarusian), not the source echoed. A
segment that fails is asked again alone, once; then it is left untranslated with the reason.

HTTP goes through the engines' transport (timeouts, pooled connections, the status and
``Retry-After`` recorded), and the :class:`~transmgr.engines.base.Translator` around this adapter
retries 429, 5xx and timeouts with backoff, stops the engine after repeated failures and scrubs
the key from every message, as for every other engine.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from transmgr.config import EngineSettings
from transmgr.config.options import (
    BASE_URL,
    JSON_MODE,
    MAX_BATCH_TOKENS,
    MODEL,
    OPENAI_OPTIONS,
    TEMPERATURE,
)
from transmgr.engines.base import AnswerProblem, Draft, EngineAdapter, Plan, Step, Translator, holds_secret
from transmgr.engines.markup import Protected, has_words, protect, split_whitespace
from transmgr.engines.transport import Transport
from transmgr.errors import EngineError
from transmgr.formats import Format
from transmgr.languages import get_language, is_known_language
from transmgr.languages.profiles import profile_for

_FENCE = re.compile(r"```(?:json|JSON)?\s*\n?(.*?)```", re.DOTALL)
_TOKEN = re.compile(r"\[X\d+X\]")
_LETTERS = re.compile(r"[^\W\d_]+")
_http: Transport | None = None


def _transport() -> Transport:
    global _http
    if _http is None:
        import requests

        _http = Transport(requests)
    return _http


def estimate_tokens(text: str) -> int:
    """A model's tokens for ``text``, roughly: a token per four bytes of UTF-8 (English words are one
    to two tokens, Cyrillic letters take two bytes and tokenize about twice as finely)."""
    return len(text.encode("utf-8")) // 4 + 1


# -- what is sent ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One segment to translate: its id in the request, its source and what goes with it."""

    id: str
    source: str  # the msgid as it stands in the catalog
    protected: Protected  # the source with its markup as tokens: what the model sees
    kind: str = ""
    references: Mapping[str, str] = field(default_factory=dict)  # sister language -> reviewed translation
    previous: tuple[str, str] | None = None  # (previous source, its translation) when the source was edited
    rejected: tuple[str, str] | None = None  # (the draft a reviewer rejected, their note) when redrafting it

    def wire(self) -> dict[str, Any]:
        """The segment as the request carries it: its id, text with tokens, what kind of segment it is,
        and what each token stands for (code, a link, a number: visible, not to be changed)."""
        data: dict[str, Any] = {"id": self.id, "text": self.protected.text.strip()}
        if self.kind:
            data["kind"] = self.kind
        if self.protected.pieces:
            data["tokens"] = {f"[X{n}X]": piece for n, piece in enumerate(self.protected.pieces)}
        return data

    @property
    def lead_trail(self) -> tuple[str, str]:
        lead, _, trail = split_whitespace(self.source)
        return lead, trail


@dataclass(frozen=True)
class GlossaryHit:
    """A glossary concept whose source term occurs in the batch."""

    source: str
    target: str
    forbidden: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Batch:
    """The segments of one request and their document's context."""

    source_lang: str
    target_lang: str
    doc: str
    title: str
    items: tuple[Item, ...]
    brief: str = ""
    before: tuple[tuple[str, str | None], ...] = ()  # neighbouring segments: (source, translation or None)
    after: tuple[tuple[str, str | None], ...] = ()
    glossary: tuple[GlossaryHit, ...] = ()


def _name(code: str) -> str:
    return get_language(code).english_name if is_known_language(code) else code


DEFAULT_PROMPT = """\
You are a professional translator: you translate a text written in {source} into {target} for publication.
Translate each segment faithfully and idiomatically, as a native {target} editor would write it:
keep the author's meaning, tone and register, and follow the translation brief and the glossary.
Segments are consecutive parts of one document; the context around them is for reference only.
Each segment says what kind it is (a title, a heading, a list item, an image's alt text...).
Tokens such as [X0X] stand for markup, links, code and numbers; a segment's "tokens" show what
each stands for. Put each token of a segment exactly once into its translation, where the words
it belongs to go, and never change, translate or spell out what it stands for.
Answer with JSON only: {{"translations": [{{"id": "<id>", "text": "<translation>"}}]}}, with one
item for every segment id you were given, and nothing else.
"""


def system_message(batch: Batch, prompt: str | None) -> str:
    """The system message: the instructions (``prompt``, or the default) and the project's brief."""
    text = (prompt or DEFAULT_PROMPT).replace("{source}", _name(batch.source_lang)).replace(
        "{target}", _name(batch.target_lang)).replace("{{", "{").replace("}}", "}")
    brief = batch.brief.strip()
    if brief:
        # A brief that opens with a heading of its own keeps it; one that does not gets ours.
        text += f"\n{brief}\n" if brief.startswith("#") else f"\n# Translation brief\n\n{brief}\n"
    return text


def user_message(batch: Batch) -> str:
    """The user message: document, neighbours, glossary, sister languages, previous versions, then the
    segments as JSON (always last)."""
    target = _name(batch.target_lang)
    parts = [f"Document: {batch.title}" if batch.title else f"Document: {batch.doc}"]
    if batch.glossary:
        lines = []
        for hit in batch.glossary:
            line = f"- {hit.source} → {hit.target}"
            if hit.forbidden:
                line += f" (never: {', '.join(hit.forbidden)})"
            if hit.note:
                line += f" — {hit.note}"
            lines.append(line)
        parts.append(f"Glossary ({_name(batch.source_lang)} → {target}; use these terms, inflected as needed):\n"
                     + "\n".join(lines))
    for label, rows in (("before", batch.before), ("after", batch.after)):
        if rows:
            shown = []
            for source, translation in rows:
                shown.append(f"- {source}" + (f"\n  {target}: {translation}" if translation else ""))
            parts.append(f"Context {label} these segments (do not translate):\n" + "\n".join(shown))
    refs = [item for item in batch.items if item.references]
    if refs:
        lines = []
        for item in refs:
            lines += [f"- {item.id} in {_name(lang)}: {text}" for lang, text in item.references.items()]
        parts.append("Reviewed translations of the same segments in sister languages (for reference):\n"
                     + "\n".join(lines))
    edited = [item for item in batch.items if item.previous]
    if edited:
        lines = []
        for item in edited:
            assert item.previous is not None
            lines.append(f"- {item.id}: the source was \"{item.previous[0]}\", translated as "
                         f"\"{item.previous[1]}\"; revise that translation to the new source")
        parts.append("Segments whose source was edited:\n" + "\n".join(lines))
    rejected = [item for item in batch.items if item.rejected]
    if rejected:
        lines = []
        for item in rejected:
            assert item.rejected is not None
            why = f" The reviewer's note: {item.rejected[1]}" if item.rejected[1] else ""
            lines.append(f"- {item.id}: a reviewer rejected the draft \"{item.rejected[0]}\".{why}")
        parts.append("Segments whose earlier draft was rejected (translate them anew; do not repeat the rejected "
                     "text):\n" + "\n".join(lines))
    segments = {"segments": [item.wire() for item in batch.items]}
    parts.append(f"Translate into {target}:\n" + json.dumps(segments, ensure_ascii=False))
    return "\n\n".join(parts)


def messages(batch: Batch, prompt: str | None) -> list[dict[str, str]]:
    """The chat messages of one request."""
    return [{"role": "system", "content": system_message(batch, prompt)},
            {"role": "user", "content": user_message(batch)}]


# -- what comes back ---------------------------------------------------------------------------------


def parse_reply(content: str) -> dict[str, list[Any]]:
    """The texts the reply gives per id (a list: an id answered twice has two); an unreadable reply
    is an :class:`AnswerProblem`."""
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
    rows = data.get("translations") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise AnswerProblem('the reply is not {"translations": [...]} JSON')
    found: dict[str, list[Any]] = {}
    for row in rows:
        if isinstance(row, dict) and isinstance(row.get("id"), (str, int)):
            found.setdefault(str(row["id"]), []).append(row.get("text"))
    return found


def validate(item: Item, answers: Sequence[Any] | None, target_lang: str) -> str:
    """The translation of ``item`` restored from its answers, or a :class:`ValueError` saying why not."""
    if not answers:
        raise ValueError("no translation for this id in the reply")
    if len(answers) > 1:
        raise ValueError("the reply answered this id twice")
    text = answers[0]
    if not isinstance(text, str) or not text.strip():
        raise ValueError("an empty translation")
    tokens = sorted(_TOKEN.findall(text))
    if tokens != sorted(_TOKEN.findall(item.protected.text)):
        raise ValueError("markup tokens lost, doubled or invented")
    restored = item.protected.restore(text.strip())
    if restored is None:
        raise ValueError("markup tokens lost, doubled or invented")
    foreign = profile_for(target_lang).foreign_letters  # letters the language never uses: и, щ in be
    if foreign:
        source_words = {w.lower() for w in _LETTERS.findall(item.source)}
        bad = sorted({w for w in _LETTERS.findall(_TOKEN.sub(" ", text))
                      if w.lower() not in source_words and any(c in foreign for c in w.lower())})
        if bad:
            raise ValueError(f"letters {_name(target_lang)} does not use: {', '.join(bad[:3])}")
    if " ".join(restored.split()) == " ".join(item.source.split()) and any(
            word != word.upper() for word in _LETTERS.findall(item.source)):
        # (a source of acronyms, numbers and codes alone, "CC BY 4.0", may stay as it is)
        raise ValueError("the source came back untranslated")
    if item.rejected is not None and " ".join(restored.split()) == " ".join(item.rejected[0].split()):
        raise ValueError("the reply repeats the draft the reviewer rejected")
    lead, trail = item.lead_trail
    return lead + restored.strip() + trail


# -- the engine ----------------------------------------------------------------------------------------


@dataclass
class ChatClient:
    """Posts chat-completion requests to one endpoint; answers the message content."""

    url: str
    model: str
    api_key: str | None
    temperature: float
    json_mode: bool

    def complete(self, chat: list[dict[str, str]]) -> str:
        body: dict[str, Any] = {"model": self.model, "messages": chat, "temperature": self.temperature}
        if self.json_mode:
            body["response_format"] = {"type": "json_object"}
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        response = _transport().post(self.url, data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
                                     headers=headers)
        if response.status_code == 400 and self.json_mode and "response_format" in response.text:
            self.json_mode = False  # an endpoint without JSON mode: ask in the prompt only
            return self.complete(chat)
        response.raise_for_status()
        try:
            data = response.json()
            content = data["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise AnswerProblem("the endpoint's answer is not a chat completion") from exc
        if not isinstance(content, str):
            raise AnswerProblem("the chat completion has no text content")
        return content


class OpenAIEngine(EngineAdapter):
    """An OpenAI-compatible chat-completions endpoint: OpenAI, Ollama, llama.cpp, vLLM, LM Studio, OpenRouter."""

    kind = "openai"
    title = "OpenAI-compatible endpoint"
    default_url = "https://api.openai.com/v1/"
    options: ClassVar = OPENAI_OPTIONS
    batched: ClassVar[bool] = True

    def step(self, translator: Translator, source: str, target: str, prompt: str | None = None) -> Step:
        return LlmStep(translator, source, target, prompt)

    def __init__(self, settings: EngineSettings, api_key: str | None) -> None:
        # Models answer slowly and a local server serves one request at a time: other defaults than
        # the translation services'.
        changes: dict[str, Any] = {}
        if "timeout" not in settings.written:
            changes["timeout"] = 120.0
        if "concurrency" not in settings.written:
            changes["concurrency"] = 2
        super().__init__(dataclasses.replace(settings, **changes) if changes else settings, api_key)
        self.model = self.option(MODEL)
        if not self.model:
            raise EngineError(f"engine '{settings.name}' (openai) names no model",
                              hint=f'add model = "<the model\'s name>" to [engines.{settings.name}]')

    @property
    def root(self) -> str:
        url = self.option(BASE_URL) or self.default_url
        return url if url.endswith("/") else url + "/"

    def check_pair(self, source: str, target: str) -> tuple[str, str]:
        return source, target  # a language model is asked in words: any pair

    def create_client(self, source: str, target: str) -> ChatClient:
        return ChatClient(self.root + "chat/completions", self.model, self.api_key, float(self.option(TEMPERATURE)),
                          bool(self.option(JSON_MODE)))

    def call(self, client: Any, text: Any) -> Any:
        return client.complete(text)


@dataclass(frozen=True)
class BatchResult:
    """What a batch gave: drafts per item id, the reason each other item has none, requests sent."""

    drafts: Mapping[str, Draft]
    problems: Mapping[str, str]


class LlmStep:
    """A chain step that drafts whole batches of a document's segments with a language model.

    ``draft`` (one segment, no context) serves callers that have a single text; the draft workflow
    calls :meth:`draft_batch` with the document's context.
    """

    def __init__(self, translator: Translator, source: str, target: str, prompt: str | None = None,
                 day: str | None = None) -> None:
        self.translator = translator
        self.adapter: OpenAIEngine = translator.adapter  # type: ignore[assignment]
        self.name = translator.name
        self.source = source
        self.target = target
        self.prompt = prompt
        self.max_tokens = int(self.adapter.option(MAX_BATCH_TOKENS))
        self.origin = f"llm {self.adapter.model}"

    # -- the chain-step interface --------------------------------------------------------------------

    def draft(self, msgid: str, fmt: Format) -> Draft | None:
        item = make_item("1", msgid, fmt)
        if item is None:
            return None
        result = self.draft_batch(Batch(self.source, self.target, "", "", (item,)))
        return result.drafts.get("1")

    def plan(self, msgid: str, fmt: Format) -> Plan | None:
        item = make_item("1", msgid, fmt)
        if item is None:
            return None
        return Plan("send", self.name, self.name, len(item.protected.text))

    # -- batches -------------------------------------------------------------------------------------

    def cache_key(self, batch: Batch, item: Item) -> str:
        """The cache's engine key for ``item``: the model, the instructions, the brief and the item's own
        context (title, glossary hits, sister languages, previous version), so that changing any of
        them drafts again."""
        own_terms = [hit for hit in batch.glossary if hit.source.lower() in item.source.lower()]
        context = json.dumps([self.adapter.model, self.adapter.option(TEMPERATURE), self.prompt or DEFAULT_PROMPT,
                              batch.brief, batch.title, [dataclasses.astuple(h) for h in own_terms],
                              sorted(item.references.items()), item.previous, item.rejected, item.kind],
                             ensure_ascii=False)
        return f"{self.name}:{hashlib.sha256(context.encode('utf-8')).hexdigest()[:24]}"

    def cached(self, batch: Batch, item: Item) -> str | None:
        cache = self.translator.cache
        return None if cache is None else cache.get(self.cache_key(batch, item), self.source, self.target, item.source)

    def split(self, batch: Batch) -> list[Batch]:
        """``batch`` cut into requests whose segments hold at most ``max_batch_tokens`` source tokens."""
        out: list[Batch] = []
        current: list[Item] = []
        used = 0
        for item in batch.items:
            cost = estimate_tokens(item.protected.text) + 8
            if current and used + cost > self.max_tokens:
                out.append(dataclasses.replace(batch, items=tuple(current)))
                current, used = [], 0
            current.append(item)
            used += cost
        if current:
            out.append(dataclasses.replace(batch, items=tuple(current)))
        return out

    def messages(self, batch: Batch) -> list[dict[str, str]]:
        return messages(batch, self.prompt)

    def request_tokens(self, batch: Batch) -> tuple[int, int]:
        """Estimated (prompt, completion) tokens of one request."""
        chat = messages(batch, self.prompt)
        prompt_tokens = sum(estimate_tokens(m["content"]) for m in chat) + 10
        answer = sum(estimate_tokens(item.protected.text) * 2 + 12 for item in batch.items)  # Cyrillic: ~2×
        return prompt_tokens, answer

    def draft_batch(self, batch: Batch) -> BatchResult:
        """Drafts for the items of ``batch`` (one request, cached items left out, failures retried alone).

        Engine failures (after the translator's retries) raise EngineFailure/EngineStopped."""
        drafts: dict[str, Draft] = {}
        problems: dict[str, str] = {}
        asked = []
        for item in batch.items:
            hit = self.cached(batch, item)
            if hit is not None and not (item.rejected is not None and hit.strip() == item.rejected[0].strip()):
                drafts[item.id] = Draft(hit, self.origin)
            else:
                asked.append(item)
        if not asked:
            return BatchResult(drafts, problems)
        first = self._ask(batch, asked)
        retry = []
        for item in asked:
            outcome = first.get(item.id)
            if isinstance(outcome, Draft):
                drafts[item.id] = outcome
            else:
                retry.append(item)
        for item in retry:
            if len(asked) == 1:
                problems[item.id] = str(first.get(item.id))
                continue
            again = self._ask(batch, [item]).get(item.id)
            if isinstance(again, Draft):
                drafts[item.id] = again
            else:
                problems[item.id] = str(again)
        return BatchResult(drafts, problems)

    def _ask(self, batch: Batch, items: list[Item]) -> dict[str, Draft | str]:
        sent = dataclasses.replace(batch, items=tuple(items))
        try:
            content = self.translator.send((self.source, self.target), messages(sent, self.prompt))
            answers = parse_reply(content)
        except AnswerProblem as exc:
            return {item.id: exc.message for item in items}
        out: dict[str, Draft | str] = {}
        for item in items:
            try:
                text = validate(item, answers.get(item.id), self.target)
            except ValueError as exc:
                out[item.id] = str(exc)
                continue
            if holds_secret(text, self.translator.adapter.api_key):
                out[item.id] = "the reply quotes the API key: not used, not cached"
                continue
            out[item.id] = Draft(text, self.origin)
            cache = self.translator.cache
            if cache is not None:
                cache.put(self.cache_key(batch, item), self.source, self.target, item.source, text)
        return out


def make_item(item_id: str, msgid: str, fmt: Format, *, kind: str = "", references: Mapping[str, str] | None = None,
              previous: tuple[str, str] | None = None, rejected: tuple[str, str] | None = None) -> Item | None:
    """The :class:`Item` for ``msgid``, or None when it has nothing to translate."""
    _, core, _ = split_whitespace(msgid)
    inline = fmt.inline(core)
    if not has_words(core, inline):
        return None
    return Item(item_id, msgid, protect(core, inline), kind, dict(references or {}), previous, rejected)
