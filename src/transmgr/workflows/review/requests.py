"""What a review tool asks the review core for: who acts (an :class:`Actor` with a :class:`Role`), what
(a :class:`Request`), and what comes back (an :class:`Outcome`, or a :class:`Conflict` when the
unit changed since the actor read it)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path

from transmgr.catalog import State, Unit
from transmgr.catalog.assessment import AssessError
from transmgr.errors import ReviewError

ACTIONS = ("accept", "edit", "suggest", "take", "drop", "reject", "comment", "revert", "draft", "import", "assess")


class Role(str, enum.Enum):
    """What an actor may do."""

    REVIEWER = "reviewer"
    TRANSLATOR = "translator"
    TOOL = "tool"


ALLOWED = {
    Role.REVIEWER: frozenset(ACTIONS),
    Role.TRANSLATOR: frozenset({"edit", "suggest", "drop", "comment", "revert"}),
    Role.TOOL: frozenset({"draft", "assess"}),
}


@dataclass(frozen=True)
class Actor:
    """Who acts, in what role, and through which tool (``cli``, ``terminal``, ``web``, ``xliff``...)."""

    name: str
    role: Role = Role.REVIEWER
    via: str = "cli"


@dataclass(frozen=True)
class Request:
    """One action on one unit.

    ``seen`` is the unit's revision as the actor read it (None: as it is now, for callers that
    resolved the unit under the same lock). The other fields belong to some actions only:
    ``text`` (edit, suggest, draft, import), ``note`` (reject, comment), ``clear`` (reject: back to
    untranslated instead of a rejected draft), ``accept`` (edit: accept too), ``by`` (take or drop:
    whose suggestion), ``origin``, ``state``, ``previous`` and ``signed_by`` (draft, import),
    ``redraft`` (draft: also over a draft carried over from an edited source), ``tokens`` (draft: the
    tokens a language model spent on it), ``errors``, ``judge`` and ``digest`` (assess: what the judge
    found in the translation whose digest it read).
    """

    doc: str
    uid: str
    action: str
    seen: str | None = None
    text: str | None = None
    note: str | None = None
    clear: bool = False
    accept: bool = False
    by: str | None = None
    origin: str | None = None
    state: State | None = None
    previous: str | None = None
    signed_by: str | None = None
    redraft: bool = False
    tokens: int | None = None
    errors: tuple[AssessError, ...] | None = None
    judge: str | None = None
    digest: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What a request did: the unit before and after, where it is now (its entry number) and the file."""

    request: Request
    number: int
    before: Unit
    after: Unit
    path: Path

    @property
    def changed(self) -> bool:
        return self.after != self.before or self.after.comments != self.before.comments


class Conflict(ReviewError):
    """The unit is not what the actor saw (changed, or gone); ``current`` is what is there now."""

    def __init__(self, message: str, *, request: Request, current: Unit | None, number: int | None = None,
                 path: Path | None = None, hint: str | None = None) -> None:
        super().__init__(message, path=path, line=current.line if current else None,
                         hint=hint or "look at the entry as it is now; nothing was changed")
        self.request = request
        self.current = current
        self.number = number


@dataclass
class Applied:
    """The outcome of every request applied, and the conflicts of those skipped (``all_or_nothing=False``)."""

    outcomes: list[Outcome] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def changed(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.changed]
