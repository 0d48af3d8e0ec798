"""What every draft source shares, and the runner that makes a remote engine safe to call.

An :class:`EngineAdapter` (one module per provider) knows a service's language codes, how long a
text it accepts and how to build deep-translator's client for a pair. A :class:`Translator` wraps
one adapter for a run: it refuses an unsupported pair before sending, keeps surrounding
whitespace, protects markup, splits over-long text at sentence boundaries, bounds every request
with a timeout, retries 429 and 5xx answers with exponential backoff and jitter, stops the engine
for the run after repeated failures, caches results, and never lets a third-party exception or
an API key escape.
"""

from __future__ import annotations

import base64
import html
import json
import random
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, runtime_checkable
from urllib.parse import quote, quote_plus, urlsplit

from transmgr.config import EngineSettings
from transmgr.config.options import BACKOFF, CODES, FAIL_AFTER, MAX_CHARS, REMOTE_OPTIONS, Option
from transmgr.engines.cache import TranslationCache
from transmgr.engines.markup import has_prose, has_words, join_chunks, protect, split_long, split_whitespace
from transmgr.engines.transport import CallRecord, bound_call, new_session
from transmgr.errors import EngineError
from transmgr.formats import Format

if TYPE_CHECKING:
    from transmgr.engines.llm import Batch, BatchResult, Item

MAX_BACKOFF = 30.0


@dataclass(frozen=True)
class Draft:
    """A proposed translation and where it came from (written to ``# draft: <origin> <date>``).

    ``previous`` is the source text the draft was made for when it differs from the entry's (a
    fuzzy memory match: written as ``#|`` previous msgid); ``final`` marks a translation to take
    as it is rather than as a draft (an exact match of a reviewed translation, when configured)."""

    text: str
    origin: str
    previous: str | None = None
    final: bool = False
    tokens: int | None = None  # what a language model reported spending on it (its share of the request)


@dataclass(frozen=True)
class Plan:
    """What a dry run expects a step to do for one text: ``offline``, ``cached`` or ``send``."""

    action: str
    step: str
    engine: str | None = None
    characters: int = 0


class Step(Protocol):
    """One link of a language's draft chain (``memory``, ``google``, ``pivot:ru:google``...)."""

    name: str

    def draft(self, msgid: str, fmt: Format) -> Draft | None:
        """A draft for ``msgid`` (whose syntax is ``fmt``'s), None when this step has none; engine
        failures raise EngineError."""

    def plan(self, msgid: str, fmt: Format) -> Plan | None:
        """What :meth:`draft` would do, without sending anything."""


@runtime_checkable
class BatchStep(Step, Protocol):
    """A step that also takes whole batches of a document's segments with their context (a language
    model): the draft run gives it a phase of its own, after the steps before it in the chain."""

    translator: Translator
    prompt: str | None

    def split(self, batch: Batch) -> list[Batch]:
        """``batch`` cut into requests the service takes."""

    def cached(self, batch: Batch, item: Item) -> str | None:
        """The draft of ``item`` this step answered before, if any."""

    def request_tokens(self, batch: Batch) -> tuple[int, int]:
        """The tokens a request for ``batch`` would cost: (prompt, answer), estimated."""

    def draft_batch(self, batch: Batch) -> BatchResult:
        """The drafts of ``batch``'s items (and why the others have none)."""

    def messages(self, batch: Batch) -> list[dict[str, str]]:
        """What a request for ``batch`` sends (``draft --dry-run --show-prompt`` prints it)."""


class EngineFailure(EngineError):
    """One text could not be translated (after retries)."""


class EngineStopped(EngineError):
    """The engine is not used any more in this run (repeated failures, refused key, interruption)."""


class AnswerProblem(Exception):
    """Raised by an adapter for an answer that is a refusal in disguise (e.g. a quota message)."""

    def __init__(self, message: str, *, fatal: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.fatal = fatal


@dataclass(frozen=True)
class _Problem:
    message: str
    transient: bool = False
    fatal: bool = False


class EngineAdapter:
    """Base of the provider adapters; subclasses set the class attributes and build the client.

    ``options`` declares the keys the engine's ``[engines.<name>]`` table may have, with their
    defaults; an adapter that takes more, or another default, declares its own with
    :func:`transmgr.config.options.declare`.
    """

    kind: ClassVar[str] = ""
    title: ClassVar[str] = ""
    default_url: ClassVar[str] = ""
    codes: ClassVar[Mapping[str, str]] = {}
    target_codes: ClassVar[Mapping[str, str]] = {}
    needs_key: ClassVar[bool] = False
    options: ClassVar[tuple[Option, ...]] = REMOTE_OPTIONS
    batched: ClassVar[bool] = False  # its step takes whole batches (a language model): never a pivot

    def __init__(self, settings: EngineSettings, api_key: str | None) -> None:
        self.settings = settings
        self.api_key = api_key
        extra = self.option(CODES)
        self.source_map = {**self.codes, **extra}
        self.target_map = {**self.codes, **self.target_codes, **extra}

    def step(self, translator: Translator, source: str, target: str, prompt: str | None = None) -> Step:
        """The chain step of this engine from ``source`` to ``target`` (``prompt``: the instructions of
        the engine's ``prompt`` file, for an engine that takes instructions)."""
        return EngineStep(translator, source, target)

    def option(self, option: Option) -> Any:
        """The value of ``option`` in the engine's table, else the default this adapter declares for it."""
        declared = next((o for o in self.options if o.name == option.name), option)
        return self.settings.value(declared)

    @property
    def root(self) -> str:
        """The service root URL (configured or the public default), ending with '/'."""
        url = self.settings.url or self.default_url
        return url if url.endswith("/") else url + "/"

    @property
    def limit(self) -> int:
        """The longest text sent in one request, in characters."""
        return int(self.option(MAX_CHARS))

    def check_pair(self, source: str, target: str) -> tuple[str, str]:
        """The engine's codes for ``source`` -> ``target``; an unsupported pair is an :class:`EngineError`."""
        for lang, table in ((source, self.source_map), (target, self.target_map)):
            if lang not in table:
                known = ", ".join(sorted(self.source_map)) or "none"
                raise EngineError(
                    f"engine '{self.settings.name}' ({self.title}) cannot translate {source} -> {target}: "
                    f"it has no code for '{lang}' (supported here: {known})",
                    hint=f"use another engine in the chain, or map the code with codes = {{ {lang} = \"...\" }} "
                         f"in [engines.{self.settings.name}] if the service supports it",
                )
        return self.source_map[source], self.target_map[target]

    def create_client(self, source: str, target: str) -> Any:
        """A deep-translator client for the engine codes ``source`` -> ``target``."""
        raise NotImplementedError

    def call(self, client: Any, text: str) -> Any:
        """Translate one protected chunk; the answer may be None or not a string (treated as no draft)."""
        return client.translate(text)


class Translator:
    """One engine for one run: pair checks, retries, breaker, cache, protection; thread-safe."""

    def __init__(
        self, adapter: EngineAdapter, *, cache: TranslationCache | None = None,
        stop: threading.Event | None = None, rng: random.Random | None = None,
    ) -> None:
        self.adapter = adapter
        self.settings = adapter.settings
        self.name = adapter.settings.name
        self.cache = cache
        self.stop_event = stop or threading.Event()
        self.rng = rng or random.Random()
        self.backoff = float(adapter.option(BACKOFF))
        self.fail_after = int(adapter.option(FAIL_AFTER))
        self.stopped: str | None = None
        self.requests = 0
        self.failures = 0
        self._streak = 0
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(self.settings.concurrency)
        self._local = threading.local()
        self._sessions: list[Any] = []

    # -- public ---------------------------------------------------------------------------

    def translate(self, text: str, source: str, target: str, fmt: Format) -> str | None:
        """The translation of ``text``, or None when the engine gives no usable draft.

        ``fmt`` is the format of the text's document: its syntax is protected from the engine.
        Raises :class:`EngineFailure` when this text failed and :class:`EngineStopped` when the
        engine is out of use for the run.
        """
        lead, core, trail = split_whitespace(text)
        inline = fmt.inline(core)
        if not has_words(core, inline):
            return None
        codes = self.adapter.check_pair(source, target)
        if self.cache is not None:
            hit = self.cache.get(self.name, source, target, text)
            if hit is not None:
                return hit
        self._check_running()
        protected = protect(core, inline)
        chunks = split_long(protected.text, self.adapter.limit, source)
        answers = []
        for chunk, _ in chunks:
            if not has_prose(chunk):
                answers.append(chunk.strip())  # only markup or numbers between two cuts: nothing to send
                continue
            answer = self._request(codes, chunk.strip())
            if not isinstance(answer, str) or not answer.strip():
                return None  # deep-translator's None, an empty answer or a list: no draft
            answers.append(answer.strip())
        restored = protected.restore(join_chunks(answers, [sep for _, sep in chunks]))
        if restored is None or " ".join(restored.split()) == " ".join(core.split()):
            return None  # markup lost, or the text came back unchanged
        if holds_secret(restored, self.adapter.api_key):
            raise EngineFailure(f"engine '{self.name}': the answer quotes the API key; it was not used")
        result = lead + restored.strip() + trail
        if self.cache is not None:
            self.cache.put(self.name, source, target, text, result)
        return result

    def plan(self, text: str, source: str, target: str, step: str, fmt: Format) -> Plan | None:
        """What :meth:`translate` would do for ``text``: nothing, a cache hit or a request."""
        _, core, _ = split_whitespace(text)
        if not has_words(core, fmt.inline(core)):
            return None
        self.adapter.check_pair(source, target)
        if self.cache is not None and self.cache.get(self.name, source, target, text) is not None:
            return Plan("cached", step, self.name)
        return Plan("send", step, self.name, len(core))

    def send(self, codes: tuple[str, str], payload: Any) -> Any:
        """Send ``payload`` as it is (an engine that builds its own requests: a language model's chat),
        with the retries, breaker and scrubbing of every request; the adapter's answer."""
        self._check_running()
        return self._request(codes, payload)

    def close(self) -> None:
        """Close the pooled connections."""
        for session in self._sessions:
            session.close()

    # -- one request with retries ---------------------------------------------------------------

    def _check_running(self) -> None:
        if self.stop_event.is_set():
            raise EngineStopped("interrupted")
        if self.stopped is not None:
            raise EngineStopped(f"engine '{self.name}' stopped: {self.stopped}")

    def _client(self, codes: tuple[str, str]) -> Any:
        clients = getattr(self._local, "clients", None)
        if clients is None:
            clients = self._local.clients = {}
            self._local.session = new_session()
            with self._lock:
                self._sessions.append(self._local.session)
        if codes not in clients:
            try:
                clients[codes] = self.adapter.create_client(*codes)
            except Exception as exc:  # deep-translator validates codes and keys in its constructors
                self._stop(f"cannot start: {_describe(exc)}")
                raise EngineStopped(self._scrub(f"engine '{self.name}' cannot start: {_describe(exc)}")) from exc
        return clients[codes]

    def _request(self, codes: tuple[str, str], text: Any) -> Any:
        client = self._client(codes)
        retries = self.settings.retries
        for attempt in range(retries + 1):
            self._check_running()
            problem: _Problem | None = None
            cause: Exception | None = None
            with self._slots, bound_call(self.settings.timeout, self._local.session) as call:
                try:
                    answer = self.adapter.call(client, text)
                except Exception as exc:  # third-party code: anything can come out of it
                    problem, cause = self._classify(exc, call), exc
            with self._lock:
                self.requests += call.requests
            if problem is None:
                with self._lock:
                    self._streak = 0
                return answer
            if problem.fatal:
                self._stop(problem.message)
                raise EngineStopped(self._scrub(f"engine '{self.name}' stopped: {problem.message}")) from cause
            if not problem.transient or attempt == retries:
                self._fail(problem.message)
                tries = f" after {attempt + 1} attempts" if attempt else ""
                raise EngineFailure(self._scrub(f"engine '{self.name}': {problem.message}{tries}")) from cause
            delay = min(MAX_BACKOFF, self.backoff * 2**attempt * self.rng.uniform(0.5, 1.5))
            if call.retry_after is not None:
                delay = max(delay, min(call.retry_after, MAX_BACKOFF))
            if self.stop_event.wait(delay):
                raise EngineStopped("interrupted")
        raise AssertionError("unreachable")  # pragma: no cover

    def _fail(self, message: str) -> None:
        with self._lock:
            self.failures += 1
            self._streak += 1
            if self._streak >= self.fail_after and self.stopped is None:
                self.stopped = f"{self._streak} failures in a row, the last: {self._scrub(message)}"

    def _stop(self, message: str) -> None:
        with self._lock:
            self.failures += 1
            if self.stopped is None:
                self.stopped = self._scrub(message)

    def _classify(self, exc: Exception, call: CallRecord) -> _Problem:
        host = service_host(self.adapter.root)
        error, status = call.error, call.status
        if isinstance(exc, AnswerProblem):
            return _Problem(exc.message, fatal=exc.fatal)
        if error is not None:
            kind = type(error).__name__
            if "Timeout" in kind:
                return _Problem(f"no answer from {host} within {self.settings.timeout:g} s", transient=True)
            if "ConnectionError" in kind:
                where = "base_url" if self.adapter.kind == "openai" else "url"
                return _Problem(f"cannot connect to {host}: is the server running? ({where} {self.adapter.root})",
                                transient=True)
            return _Problem(f"request to {host} failed ({kind})", transient=True)
        if status == 429 or type(exc).__name__ == "TooManyRequests":
            return _Problem(f"{host} answered 'too many requests' (HTTP 429)", transient=True)
        if status is not None and status >= 500:
            return _Problem(f"{host} answered HTTP {status}", transient=True)
        if status in (401, 403):
            what = "refused the API key" if self.adapter.api_key else "refused access (an API key may be needed)"
            return _Problem(f"{host} {what} (HTTP {status})", fatal=True)
        if status is not None and status >= 400:
            return _Problem(f"{host} refused the request (HTTP {status})")
        return _Problem(f"unreadable answer from {host} ({_describe(exc)})")

    def _scrub(self, text: str) -> str:
        return scrub_secret(text, self.adapter.api_key)


def _secret_pattern(secret: str) -> re.Pattern[str]:
    """Every form a service may echo ``secret`` back in: as sent, URL-encoded (both ways),
    JSON-escaped (with ``\\/`` for ``/``), HTML-escaped, base64 (standard and URL-safe, with or
    without padding), in any letter case."""
    variants = {secret, quote(secret), quote(secret, safe=""), quote_plus(secret), quote_plus(secret, safe="/"),
                html.escape(secret)}
    escaped = json.dumps(secret, ensure_ascii=True)[1:-1]
    variants |= {escaped, escaped.replace("/", "\\/"), json.dumps(secret, ensure_ascii=False)[1:-1]}
    raw = secret.encode("utf-8")
    for encoded in (base64.b64encode(raw), base64.urlsafe_b64encode(raw)):
        variants |= {encoded.decode("ascii"), encoded.decode("ascii").rstrip("=")}
    return re.compile("|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True)), re.IGNORECASE)


def scrub_secret(text: str, secret: str | None) -> str:
    """``text`` with ``secret`` replaced by ``***`` in every form a service may echo it back in
    (services quote a request back in error pages)."""
    if not secret:
        return text
    return _secret_pattern(secret).sub("***", text)


def holds_secret(text: str, secret: str | None) -> bool:
    """True when ``text`` (a translation a service returned) holds ``secret`` in any form
    :func:`scrub_secret` knows: such an answer is refused, never drafted or cached."""
    return bool(secret) and _secret_pattern(secret or "").search(text) is not None


def service_host(url: str) -> str:
    """The ``host[:port]`` of ``url`` for messages; the URL itself when it does not parse (never raises)."""
    try:
        return urlsplit(url).netloc or url
    except ValueError:
        return url


def _describe(exc: BaseException) -> str:
    """A one-line description of a third-party exception (type and first line, bounded)."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    text = text[:120]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class EngineStep:
    """A chain step that sends the entry's source text to a remote engine."""

    def __init__(self, translator: Translator, source: str, target: str) -> None:
        self.translator = translator
        self.name = translator.name
        self.source = source
        self.target = target

    def draft(self, msgid: str, fmt: Format) -> Draft | None:
        text = self.translator.translate(msgid, self.source, self.target, fmt)
        return Draft(text, self.name) if text else None

    def plan(self, msgid: str, fmt: Format) -> Plan | None:
        return self.translator.plan(msgid, self.source, self.target, self.name, fmt)
