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
from dataclasses import dataclass
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
from transmgr.engines.llm.prompt import DEFAULT_PROMPT, messages
from transmgr.engines.llm.wire import Batch, BatchResult, Item, estimate_tokens, make_item, parse_reply, validate
from transmgr.engines.transport import Transport
from transmgr.errors import EngineError
from transmgr.formats import Format

_http: Transport | None = None


def _transport() -> Transport:
    global _http
    if _http is None:
        import requests

        _http = Transport(requests)
    return _http


# -- the engine ----------------------------------------------------------------------------------------


class Reply(str):
    """A chat completion's text, with the tokens the endpoint reported using (None: not reported)."""

    usage: int | None = None


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
        reply = Reply(content)
        usage = data.get("usage") if isinstance(data, dict) else None
        total = None
        if isinstance(usage, dict):
            parts = [usage.get("prompt_tokens"), usage.get("completion_tokens")]
            total = usage.get("total_tokens") if isinstance(usage.get("total_tokens"), int) else (
                sum(parts) if all(isinstance(p, int) for p in parts) else None)  # type: ignore[arg-type]
        reply.usage = total if isinstance(total, int) and total >= 0 else None
        return reply


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
        usage = getattr(content, "usage", None)
        share = round(usage / len(items)) if isinstance(usage, int) and items else None
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
            out[item.id] = Draft(text, self.origin, tokens=share)
            cache = self.translator.cache
            if cache is not None:
                cache.put(self.cache_key(batch, item), self.source, self.target, item.source, text)
        return out
