"""Who a service accepts. Pure: plain data in, a verdict with reasons out.

A referral to a service that will turn the person away wastes the days a person
in danger has, so the directory shows only services that accept this person and
says of the others exactly why not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rules:
    sexes: frozenset[str] = frozenset()  # empty: any
    min_age: int | None = None
    max_age: int | None = None
    legal_statuses: frozenset[str] = frozenset()  # empty: any
    nationalities_excluded: frozenset[str] = frozenset()
    case_types: frozenset[str] = frozenset()  # empty: any
    languages: frozenset[str] = (
        frozenset()
    )  # languages the service works in; empty: interpreter arranged
    capacity: int | None = None  # None: not limited
    in_use: int = 0


@dataclass(frozen=True)
class Subject:
    sex: str
    age: int | None
    legal_status: str
    nationality: str
    case_type: str
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Verdict:
    eligible: bool
    reasons: tuple[str, ...] = field(default_factory=tuple)
    warnings: tuple[str, ...] = field(default_factory=tuple)


def _names(values: Iterable[str]) -> str:
    return ", ".join(sorted(values))


def assess(*, rules: Rules, subject: Subject) -> Verdict:
    reasons: list[str] = []
    warnings: list[str] = []
    if rules.sexes and subject.sex not in rules.sexes:
        reasons.append(f"accepts only: {_names(rules.sexes)} (person: {subject.sex})")
    if subject.age is None:
        if rules.min_age is not None or rules.max_age is not None:
            warnings.append("the person's age is unknown; the service has an age limit")
    else:
        if rules.min_age is not None and subject.age < rules.min_age:
            reasons.append(f"accepts from age {rules.min_age} (person: {subject.age})")
        if rules.max_age is not None and subject.age > rules.max_age:
            reasons.append(f"accepts up to age {rules.max_age} (person: {subject.age})")
    if rules.legal_statuses and subject.legal_status not in rules.legal_statuses:
        reasons.append(
            f"accepts only people with legal status: {_names(rules.legal_statuses)} "
            f"(person: {subject.legal_status})"
        )
    if subject.nationality and subject.nationality in rules.nationalities_excluded:
        reasons.append(f"does not accept nationals of {subject.nationality}")
    if rules.case_types and subject.case_type not in rules.case_types:
        reasons.append(
            f"handles only cases of type: {_names(rules.case_types)} (case: {subject.case_type})"
        )
    if rules.capacity is not None and rules.in_use >= rules.capacity:
        reasons.append(f"full: {rules.in_use} of {rules.capacity} places taken")
    if rules.languages and subject.languages and not set(subject.languages) & rules.languages:
        warnings.append(f"works in {_names(rules.languages)}; an interpreter will be needed")
    return Verdict(eligible=not reasons, reasons=tuple(reasons), warnings=tuple(warnings))
