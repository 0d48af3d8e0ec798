"""The project's exceptions: what failed, where (file:line) and how to fix it."""

from __future__ import annotations

from pathlib import Path


class TransmgrError(Exception):
    """Base of every error transmgr raises on purpose.

    The CLI prints ``str(error)`` as one line and exits non-zero, so the message must say
    what failed, the location when there is one, and a hint on how to fix it.
    """

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.hint = hint

    @property
    def location(self) -> str:
        """``file:line`` (or just the file) for the message prefix, or an empty string."""
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        text = self.message
        if self.location:
            text = f"{self.location}: {text}"
        if self.hint:
            text = f"{text} ({self.hint})"
        # One line, always: a multi-line message from a library would break CI logs.
        return " ".join(text.split("\n"))


class ConfigError(TransmgrError):
    """The project configuration is missing, malformed or has bad values."""


class LanguageError(ConfigError):
    """A language code that Babel does not know, or one the project does not use."""


class SourceError(TransmgrError):
    """A source document is missing, unreadable or cannot be segmented."""


class CatalogError(TransmgrError):
    """A PO or POT file is malformed, in the wrong encoding, or cannot be written."""


class EngineError(TransmgrError):
    """A translation engine failed, refused a language pair or is misconfigured."""


class ReviewError(TransmgrError):
    """A review action cannot be carried out (no reviewer identity, unknown entry...)."""


class BuildError(TransmgrError):
    """An edition cannot be built (threshold not met, untranslated segments under policy)."""


class CheckFailed(TransmgrError):
    """Quality checks found errors; used by the CLI to exit 1."""

    exit_code = 1
