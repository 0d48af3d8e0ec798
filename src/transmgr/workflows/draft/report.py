"""What a draft run reports: progress after every segment, and per catalog what was done; for a dry
run, what would be sent and what it would cost."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class DraftProgress:
    """Reported after every segment: where the run is, and the engine that answered last."""

    lang: str
    done: int
    total: int
    failures: int
    engine: str | None


@dataclass(frozen=True)
class CatalogDraft:
    """What a run did to one PO file."""

    lang: str
    doc: str
    path: Path
    pending: int
    drafted: int = 0
    no_draft: int = 0
    failed: int = 0
    by_step: Mapping[str, int] = field(default_factory=dict)
    written: bool = False
    skipped: int = 0  # drafts not written: someone translated, reviewed or drafted the entry meanwhile
    problems: tuple[tuple[str, str, str], ...] = ()  # (segment id, msgid, why no draft) from a language model


@dataclass(frozen=True)
class CostRow:
    """Dry run: the segments and characters a step would handle (``send``, ``cached``, ``offline``, ``none``);
    for a language model also the document, the requests and the estimated tokens."""

    lang: str
    step: str
    action: str
    segments: int
    characters: int
    doc: str = ""
    requests: int = 0
    tokens: int = 0


@dataclass(frozen=True)
class Prompt:
    """Dry run with ``show_prompt``: the messages of one request a language model would get."""

    lang: str
    doc: str
    step: str
    messages: tuple[dict[str, str], ...]


@dataclass(frozen=True)
class DraftReport:
    """The result of ``draft``: per catalog, the dry-run costs, engines stopped, failure messages."""

    catalogs: tuple[CatalogDraft, ...]
    costs: tuple[CostRow, ...] = ()
    stopped: Mapping[str, str] = field(default_factory=dict)
    failures: tuple[str, ...] = ()
    requests: int = 0
    dry_run: bool = False
    prompts: tuple[Prompt, ...] = ()
    advice: str | None = None  # what to configure when nothing could be drafted
    notices: tuple[str, ...] = ()  # chain steps left out (no API key), languages without a chain

    @property
    def failed(self) -> int:
        return sum(c.failed for c in self.catalogs)


Progress = Callable[[DraftProgress], None]
