"""Things imported when first needed: the tables of extensions, and package exports.

``transmgr --help`` and ``transmgr status`` should start in a tenth of a second, so nothing is
imported before it is used: a command's module when that command runs, python-docx when a Word
file is met, deep-translator when an engine is asked. Every extension point is a :class:`Registry`
— an explicit, ordered table of names and the ``"module:attribute"`` each stands for, with what
the table says about it (a command's summary line, a format's suffixes) — and a package lists its
exports with :func:`exports`. Type checkers see the same names through ``if TYPE_CHECKING:``
imports beside them.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class once(Generic[T]):
    """A property computed on first use and kept in the instance: functools.cached_property without
    its per-instance lock (Python < 3.12 takes one on every first access, which made reading the
    state of 55,000 units take 0.3 s, and a third of the cost of building a check's item)."""

    def __init__(self, compute: Callable[[Any], T]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type | None = None) -> T:
        if instance is None:
            return self  # type: ignore[return-value]
        value = self.compute(instance)
        instance.__dict__[self.name] = value  # the instance's own value hides this descriptor from now on
        return value


class Recent(Generic[T]):
    """Values made for the last ``size`` objects, by identity (a document's skeleton, an edition's
    fitted texts): each is kept with its object, so no other object takes its id while it is kept."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._made: dict[tuple[int, object], tuple[object, T]] = {}

    def get(self, owner: object, make: Callable[[], T], part: object = None) -> T:
        """The value made for ``owner`` (and ``part``, one of several values an object has), made now
        by ``make`` if it is not among the last ones."""
        key = (id(owner), part)
        known = self._made.get(key)
        if known is not None and known[0] is owner:
            return known[1]
        value = make()
        if len(self._made) >= self.size:
            self._made.pop(next(iter(self._made)))
        self._made[key] = (owner, value)
        return value


def load(where: str) -> Any:
    """The object named by ``"package.module:attribute"``, its module imported."""
    module, _, name = where.partition(":")
    return getattr(importlib.import_module(module), name)


class Registry(Generic[T]):
    """An ordered table of named extensions of one kind, each imported when first asked for.

    ``table`` maps each name to ``"module:attribute"``, or to ``("module:attribute", info)`` where
    ``info`` is what the table itself says about the entry (known without importing anything). The
    order is the order of documentation, help and reports.
    """

    def __init__(self, kind: str, table: Mapping[str, str | tuple[str, Any]]) -> None:
        self.kind = kind
        self._where: dict[str, str] = {}
        self._info: dict[str, Any] = {}
        for name, value in table.items():
            where, info = (value, None) if isinstance(value, str) else value
            if ":" not in where:
                raise ValueError(f"{kind} {name!r}: write where it is as 'module:attribute', not {where!r}")
            self._where[name], self._info[name] = where, info
        self._loaded: dict[str, T] = {}
        self._lock = threading.Lock()

    def __contains__(self, name: object) -> bool:
        return name in self._where

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)

    def names(self) -> tuple[str, ...]:
        return tuple(self._where)

    def where(self, name: str) -> str:
        return self._where[name]

    def info(self, name: str) -> Any:
        """What the table says about ``name``."""
        return self._info[name]

    def get(self, name: str) -> T:
        """The extension called ``name``, imported on first use (a KeyError for an unknown name)."""
        found = self._loaded.get(name)
        if found is None:
            with self._lock:
                found = self._loaded.get(name)
                if found is None:
                    found = self._loaded[name] = load(self._where[name])
        return found

    def all(self) -> list[T]:
        """Every extension, in table order (each imported)."""
        return [self.get(name) for name in self._where]

    def unknown(self, name: str) -> str:
        """The message for a name the table lacks: what it is, and the closest known name."""
        import difflib

        close = difflib.get_close_matches(name, list(self._where), n=1, cutoff=0.6)
        return f"unknown {self.kind} {name!r}" + (f" (did you mean '{close[0]}'?)" if close else "")


def exports(package: str, table: Mapping[str, str]) -> tuple[Callable[[str], Any], list[str]]:
    """``(__getattr__, __all__)`` for ``package``: each name in ``table`` comes from the module named beside it."""
    namespace = importlib.import_module(package).__dict__

    def __getattr__(name: str) -> Any:
        module = table.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = load(f"{module}:{name}")
        namespace[name] = value
        return value

    return __getattr__, sorted(table)
