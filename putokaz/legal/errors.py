"""Exceptions of the legal domain.

Every error names the thing that is wrong (a fact key, a code, a file and line), because
the people who hit them are case managers and data stewards, not the authors of the code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class LegalError(Exception):
    """Base class of every error raised by the pure legal core."""


class FactsError(LegalError, ValueError):
    """The facts given to the engine cannot be evaluated."""

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(message)
        self.path = path


class UnknownFactKeyError(FactsError):
    """A key that is not part of the fact vocabulary."""


class UnknownFactValueError(FactsError):
    """A code (act, means, purpose, enum value) that the vocabulary does not know."""

    def __init__(self, message: str, *, path: str, value: object) -> None:
        super().__init__(message, path=path)
        self.value = value


class UnknownJurisdictionError(FactsError):
    """A jurisdiction for which no catalogue is loaded."""

    def __init__(self, message: str, *, path: str, value: object) -> None:
        super().__init__(message, path=path)
        self.value = value


class FactTypeError(FactsError):
    """A fact with a value of the wrong type (a string where a list is expected, …)."""


@dataclass(frozen=True)
class CatalogueIssue:
    """One problem in a catalogue file, located precisely enough to fix it."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        key = f" {self.path}:" if self.path else ""
        return f"{where}:{key} {self.message}"


class CatalogueError(LegalError):
    """A catalogue file (or a set of them) is invalid. Carries every issue found."""

    def __init__(self, issues: Sequence[CatalogueIssue]) -> None:
        self.issues = tuple(issues)
        super().__init__("\n".join(str(issue) for issue in self.issues))


class UnknownOffenceError(LegalError, KeyError):
    """An offence code that no loaded catalogue defines."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    def __str__(self) -> str:
        return f"unknown offence code {self.code!r}"


class StageOrderError(LegalError, ValueError):
    """The stage events of a proceeding are not in a possible order, or are malformed."""

    def __init__(self, message: str, *, index: int, stage: str) -> None:
        super().__init__(message)
        self.index = index
        self.stage = stage
