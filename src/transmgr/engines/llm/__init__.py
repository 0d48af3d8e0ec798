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

from transmgr.engines.llm.engine import ChatClient, LlmStep, OpenAIEngine
from transmgr.engines.llm.prompt import DEFAULT_PROMPT, messages, system_message, user_message
from transmgr.engines.llm.wire import (
    Batch,
    BatchResult,
    GlossaryHit,
    Item,
    estimate_tokens,
    make_item,
    parse_reply,
    validate,
)

__all__ = ["DEFAULT_PROMPT", "Batch", "BatchResult", "ChatClient", "GlossaryHit", "Item", "LlmStep", "OpenAIEngine",
           "estimate_tokens", "make_item", "messages", "parse_reply", "system_message", "user_message", "validate"]
