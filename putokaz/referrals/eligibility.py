"""Who a service accepts. Pure: plain data in, a verdict with reasons out.

A referral to a service that will turn the person away wastes the days a person
in danger has, so the directory shows only services that accept this person and
says of the others exactly why not.
"""

from __future__ import annotations

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
class Reason:
    """Why a service refuses (or warns): a code and its values, translated where it is shown."""

    code: str
    values: tuple[tuple[str, object], ...] = ()

    def value(self, name: str) -> object:
        return dict(self.values)[name]


@dataclass(frozen=True)
class Verdict:
    eligible: bool
    reasons: tuple[Reason, ...] = field(default_factory=tuple)
    warnings: tuple[Reason, ...] = field(default_factory=tuple)


def _r(code: str, **values: object) -> Reason:
    return Reason(code, tuple(sorted(values.items())))


def assess(*, rules: Rules, subject: Subject) -> Verdict:
    reasons: list[Reason] = []
    warnings: list[Reason] = []
    if rules.sexes and subject.sex not in rules.sexes:
        reasons.append(_r("sex", accepted=tuple(sorted(rules.sexes)), person=subject.sex))
    if subject.age is None:
        if rules.min_age is not None or rules.max_age is not None:
            warnings.append(_r("age_unknown"))
    else:
        if rules.min_age is not None and subject.age < rules.min_age:
            reasons.append(_r("too_young", limit=rules.min_age, age=subject.age))
        if rules.max_age is not None and subject.age > rules.max_age:
            reasons.append(_r("too_old", limit=rules.max_age, age=subject.age))
    if rules.legal_statuses and subject.legal_status not in rules.legal_statuses:
        reasons.append(
            _r(
                "legal_status",
                accepted=tuple(sorted(rules.legal_statuses)),
                person=subject.legal_status,
            )
        )
    if subject.nationality and subject.nationality in rules.nationalities_excluded:
        reasons.append(_r("nationality", nationality=subject.nationality))
    if rules.case_types and subject.case_type not in rules.case_types:
        reasons.append(
            _r("case_type", accepted=tuple(sorted(rules.case_types)), case=subject.case_type)
        )
    if rules.capacity is not None and rules.in_use >= rules.capacity:
        reasons.append(_r("full", used=rules.in_use, capacity=rules.capacity))
    if rules.languages and subject.languages and not set(subject.languages) & rules.languages:
        warnings.append(_r("language", languages=tuple(sorted(rules.languages))))
    return Verdict(eligible=not reasons, reasons=tuple(reasons), warnings=tuple(warnings))
