"""Offence catalogues: one YAML data file per jurisdiction, validated on load.

A catalogue states, for each offence, its legal elements as conditions on the shared fact
vocabulary (:mod:`putokaz.legal.facts`), its penalties and aggravations, and how well each
statement is verified against an official text. Adding a country is adding a file; no
code changes, which is why the validator is strict and reports file, line and key path.

The validator is hand-written (no jsonschema) so that its messages speak the language of
the catalogue ("unknown means code 'kidnap'") rather than of a schema language.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from putokaz.legal.errors import CatalogueError, CatalogueIssue, UnknownOffenceError
from putokaz.legal.facts import FACTS

PACKAGE_CATALOGUES = Path(__file__).resolve().parent / "catalogues"

FAMILIES = ("trafficking", "smuggling", "sexual", "violence", "other")
VERIFICATION = ("verified", "secondary", "unverified")
PROFILES = ("adult", "child")
SCOPES = ("national", "international")
ELEMENT_KINDS = (
    "act",
    "means",
    "purpose",
    "border",
    "stay_or_transit",
    "facilitation",
    "benefit",
    "age",
    "relationship",
    "conduct",
    "duration",
)
JURISDICTION_RE = re.compile(r"^(international|[A-Z]{2}(-[A-Z0-9]{1,3})?)$")
CODE_RE = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Za-z0-9]+)+$")
ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
SOURCE_RE = re.compile(r"^[A-Z][A-Z0-9-]*$")
LANG_RE = re.compile(r"^[a-z]{2,3}(-[a-z]{4})?$")

Family = Literal["trafficking", "smuggling", "sexual", "violence", "other"]
Verification = Literal["verified", "secondary", "unverified"]


# --------------------------------------------------------------------------- data model


@dataclass(frozen=True)
class Condition:
    """One fact test. ``op`` is ``any_of`` (list or enum fact), ``is_true`` or an age test."""

    fact: str
    op: Literal["any_of", "is_true", "age_below", "age_at_least"]
    values: tuple[str, ...] = ()
    age: int | None = None


@dataclass(frozen=True)
class Alternative:
    """A set of conditions that must all hold; an element holds if any alternative does."""

    conditions: tuple[Condition, ...]
    verification: Verification | None = None
    note: str | None = None


@dataclass(frozen=True)
class Element:
    id: str
    kind: str
    label: Mapping[str, str]
    required_for: frozenset[str]
    alternatives: tuple[Alternative, ...]
    verification: Verification
    sources: tuple[str, ...]
    paragraph: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Bound:
    months: int
    verification: Verification
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Penalty:
    min: Bound | None
    max: Bound | None
    fine: bool = False
    life_imprisonment: bool = False
    in_force_from: datetime.date | None = None
    in_force_until: datetime.date | None = None
    note: str | None = None


@dataclass(frozen=True)
class Paragraph:
    id: str
    summary: Mapping[str, str]
    verification: Verification
    sources: tuple[str, ...]
    penalties: tuple[Penalty, ...] = ()


@dataclass(frozen=True)
class Aggravation:
    id: str
    label: Mapping[str, str]
    alternatives: tuple[Alternative, ...]
    verification: Verification
    sources: tuple[str, ...]
    paragraph: str | None = None


@dataclass(frozen=True)
class Note:
    text: Mapping[str, str]
    verification: Verification
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Offence:
    code: str
    jurisdiction: str
    article: str | None
    title: Mapping[str, str]
    family: Family
    verification: Verification
    sources: tuple[str, ...]
    elements: tuple[Element, ...]
    paragraphs: tuple[Paragraph, ...] = ()
    aggravations: tuple[Aggravation, ...] = ()
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class ChildAge:
    below: int
    verification: Verification
    sources: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class Catalogue:
    jurisdiction: str
    scope: Literal["national", "international"]
    name: Mapping[str, str]
    version: int
    sources: tuple[str, ...]
    child_age: ChildAge
    offences: tuple[Offence, ...]
    file: str = ""
    law: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CatalogueSet:
    """All catalogues the engine may use; offence codes are unique across the set."""

    catalogues: Mapping[str, Catalogue]

    @property
    def jurisdictions(self) -> frozenset[str]:
        return frozenset(self.catalogues)

    @property
    def international(self) -> tuple[Catalogue, ...]:
        return tuple(c for c in self.catalogues.values() if c.scope == "international")

    def get(self, jurisdiction: str) -> Catalogue:
        return self.catalogues[jurisdiction]

    def applicable(self, jurisdiction: str) -> tuple[Catalogue, ...]:
        """The national catalogue first, then every international one (once)."""
        own = self.catalogues[jurisdiction]
        return (own, *(c for c in self.international if c is not own))

    def offence(self, code: str) -> Offence:
        for catalogue in self.catalogues.values():
            for offence in catalogue.offences:
                if offence.code == code:
                    return offence
        raise UnknownOffenceError(code)

    def has_offence(self, code: str) -> bool:
        try:
            self.offence(code)
        except UnknownOffenceError:
            return False
        return True

    def versions(self, jurisdiction: str | None = None) -> dict[str, int]:
        chosen = (
            self.applicable(jurisdiction) if jurisdiction is not None else self.catalogues.values()
        )
        return {c.jurisdiction: c.version for c in chosen}


# --------------------------------------------------------------------------- YAML with marks


def _compose(text: str, *, file: str) -> tuple[Any, dict[str, int], list[CatalogueIssue]]:
    """Parse YAML keeping the line of every key path, and report duplicate keys.

    PyYAML silently keeps the last of two equal keys; in a legal catalogue that would hide
    a copy-paste error, so duplicates are issues here.
    """
    marks: dict[str, int] = {}
    issues: list[CatalogueIssue] = []
    loader = yaml.SafeLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark is not None else None
            problem = exc.problem or str(exc)
            raise CatalogueError(
                [CatalogueIssue(file, line, "", f"YAML syntax error: {problem}")]
            ) from exc
        except yaml.YAMLError as exc:
            raise CatalogueError([CatalogueIssue(file, None, "", f"YAML error: {exc}")]) from exc
        if node is None:
            return None, marks, issues

        def build(current: yaml.Node, path: str) -> Any:
            marks[path] = current.start_mark.line + 1
            if isinstance(current, yaml.MappingNode):
                result: dict[Any, Any] = {}
                for key_node, value_node in current.value:
                    key = loader.construct_object(key_node, deep=True)
                    child = f"{path}.{key}" if path else str(key)
                    if key in result:
                        issues.append(
                            CatalogueIssue(
                                file, key_node.start_mark.line + 1, child, "duplicate key"
                            )
                        )
                    marks[child] = key_node.start_mark.line + 1
                    result[key] = build(value_node, child)
                    marks[child] = key_node.start_mark.line + 1
                return result
            if isinstance(current, yaml.SequenceNode):
                return [build(item, f"{path}[{i}]") for i, item in enumerate(current.value)]
            return loader.construct_object(current, deep=True)

        return build(node, ""), marks, issues
    finally:
        loader.dispose()


# --------------------------------------------------------------------------- validation


class _Checker:
    def __init__(self, file: str, marks: Mapping[str, int]) -> None:
        self.file = file
        self.marks = marks
        self.issues: list[CatalogueIssue] = []
        self.declared_sources: frozenset[str] = frozenset()
        # A missing key is reported once, not again by the type check of its absent value.
        self.missing: set[str] = set()

    def line(self, path: str) -> int | None:
        probe = path
        while probe:
            if probe in self.marks:
                return self.marks[probe]
            probe = re.sub(r"(\.[^.\[\]]+|\[\d+\])$", "", probe)
        return self.marks.get("")

    def issue(self, path: str, message: str) -> None:
        if path in self.missing:
            return
        self.issues.append(CatalogueIssue(self.file, self.line(path), path, message))

    # Each ``take_*`` returns the checked value or None after recording an issue.

    def mapping(
        self,
        value: Any,
        path: str,
        *,
        required: Iterable[str],
        optional: Iterable[str] = (),
    ) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.issue(path, f"expected a mapping, got {_type_name(value)}")
            return None
        required = tuple(required)
        allowed = set(required) | set(optional)
        for key in value:
            if key not in allowed:
                expected = ", ".join(sorted(allowed))
                self.issue(_join(path, key), f"unknown key {key!r} (allowed: {expected})")
        for key in required:
            if key not in value:
                self.issue(_join(path, key), f"missing required key {key!r}")
                self.missing.add(_join(path, key))
        return value

    def text(self, value: Any, path: str) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.issue(path, f"expected non-empty text, got {_type_name(value)}")
            return None
        return value

    def choice(self, value: Any, path: str, choices: Sequence[str], what: str) -> str | None:
        if not isinstance(value, str) or value not in choices:
            self.issue(path, f"unknown {what} {value!r} (expected one of: {', '.join(choices)})")
            return None
        return value

    def integer(self, value: Any, path: str, *, minimum: int = 0) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.issue(path, f"expected a whole number >= {minimum}, got {value!r}")
            return None
        return value

    def boolean(self, value: Any, path: str) -> bool | None:
        if not isinstance(value, bool):
            self.issue(path, f"expected true or false, got {value!r}")
            return None
        return value

    def localised(
        self, value: Any, path: str, *, languages: Sequence[str] = ("en",)
    ) -> dict[str, str] | None:
        if not isinstance(value, dict):
            self.issue(path, f"expected a mapping of language to text, got {_type_name(value)}")
            return None
        ok = True
        for lang, text in value.items():
            if not isinstance(lang, str) or not LANG_RE.match(lang):
                self.issue(_join(path, str(lang)), f"invalid language code {lang!r}")
                ok = False
            elif self.text(text, _join(path, lang)) is None:
                ok = False
        for lang in languages:
            if lang not in value:
                self.issue(_join(path, lang), f"missing required language {lang!r}")
                ok = False
        return value if ok else None

    def sources(self, value: Any, path: str) -> tuple[str, ...] | None:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.issue(path, f"expected a list of source ids, got {_type_name(value)}")
            return None
        result: list[str] = []
        for i, item in enumerate(value):
            item_path = f"{path}[{i}]"
            if not isinstance(item, str) or not SOURCE_RE.match(item):
                self.issue(item_path, f"invalid source id {item!r}")
            elif self.declared_sources and item not in self.declared_sources:
                self.issue(
                    item_path,
                    f"source id {item!r} is not declared in the catalogue's top-level 'sources'",
                )
            else:
                result.append(item)
        return tuple(result)

    def date(self, value: Any, path: str) -> datetime.date | None:
        if value is None:
            return None
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                pass
        self.issue(path, f"expected a date YYYY-MM-DD, got {value!r}")
        return None


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", bool: "a boolean"}.get(
        type(value), type(value).__name__
    )


def _condition(check: _Checker, fact: Any, expected: Any, path: str) -> Condition | None:
    if not isinstance(fact, str) or fact not in FACTS:
        check.issue(path, f"unknown fact {fact!r} (not in the fact vocabulary)")
        return None
    spec = FACTS[fact]
    if spec.kind == "bool":
        if expected is not True:
            check.issue(path, f"boolean fact {fact!r} can only be tested with 'true'")
            return None
        return Condition(fact, "is_true")
    if spec.kind in ("list", "enum"):
        values = [expected] if spec.kind == "enum" and isinstance(expected, str) else expected
        if not isinstance(values, list) or not values:
            check.issue(path, f"fact {fact!r} must be tested with a non-empty list of codes")
            return None
        ok = True
        for i, value in enumerate(values):
            if value not in spec.values:
                check.issue(f"{path}[{i}]", f"unknown {spec.label} code {value!r} for {fact!r}")
                ok = False
        return Condition(fact, "any_of", tuple(values)) if ok else None
    if spec.kind == "age":
        test = check.mapping(expected, path, required=(), optional=("below", "at_least"))
        if test is None:
            return None
        if len(test) != 1:
            check.issue(path, "an age test needs exactly one of 'below' or 'at_least'")
            return None
        ((op, years),) = test.items()
        if op not in ("below", "at_least"):
            return None
        age = check.integer(years, _join(path, op), minimum=0)
        if age is None:
            return None
        return Condition(fact, "age_below" if op == "below" else "age_at_least", age=age)
    check.issue(path, f"fact {fact!r} cannot be used in a condition")
    return None


def _alternatives(check: _Checker, value: Any, path: str) -> tuple[Alternative, ...] | None:
    if not isinstance(value, list) or not value:
        check.issue(path, "expected a non-empty list of alternatives ('- when: {...}')")
        return None
    result: list[Alternative] = []
    for i, raw in enumerate(value):
        alt_path = f"{path}[{i}]"
        alt = check.mapping(raw, alt_path, required=("when",), optional=("verification", "note"))
        if alt is None:
            continue
        when = alt.get("when")
        when_path = _join(alt_path, "when")
        if not isinstance(when, dict) or not when:
            check.issue(when_path, "expected a non-empty mapping of fact to expected value")
            continue
        conditions = [
            _condition(check, fact, expected, _join(when_path, str(fact)))
            for fact, expected in when.items()
        ]
        verification = None
        if "verification" in alt:
            verification = check.choice(
                alt["verification"], _join(alt_path, "verification"), VERIFICATION, "verification"
            )
        note = check.text(alt["note"], _join(alt_path, "note")) if "note" in alt else None
        if all(c is not None for c in conditions):
            result.append(Alternative(tuple(c for c in conditions if c), verification, note))
    return tuple(result)


def _element(check: _Checker, raw: Any, path: str) -> Element | None:
    data = check.mapping(
        raw,
        path,
        required=("id", "kind", "label", "required_for", "satisfied_by", "verification"),
        optional=("sources", "paragraph", "note"),
    )
    if data is None:
        return None
    element_id = data.get("id")
    if not isinstance(element_id, str) or not ID_RE.match(element_id):
        check.issue(_join(path, "id"), f"invalid element id {element_id!r} (use snake_case)")
    kind = check.choice(data.get("kind"), _join(path, "kind"), ELEMENT_KINDS, "element kind")
    label = check.localised(data.get("label"), _join(path, "label"))
    required_for = data.get("required_for")
    req_path = _join(path, "required_for")
    if not isinstance(required_for, list) or not required_for:
        check.issue(req_path, "expected a non-empty list of 'adult' and/or 'child'")
        required_for = None
    else:
        for i, profile in enumerate(required_for):
            check.choice(profile, f"{req_path}[{i}]", PROFILES, "profile")
    alternatives = _alternatives(check, data.get("satisfied_by"), _join(path, "satisfied_by"))
    verification = check.choice(
        data.get("verification"), _join(path, "verification"), VERIFICATION, "verification"
    )
    sources = check.sources(data.get("sources"), _join(path, "sources"))
    paragraph = data.get("paragraph")
    if paragraph is not None and not isinstance(paragraph, str):
        check.issue(_join(path, "paragraph"), 'paragraph must be quoted text, e.g. "1"')
    note = check.text(data["note"], _join(path, "note")) if "note" in data else None
    if None in (kind, label, required_for, alternatives, verification, sources):
        return None
    return Element(
        id=element_id,
        kind=kind,
        label=label,
        required_for=frozenset(required_for),
        alternatives=alternatives,
        verification=verification,
        sources=sources,
        paragraph=paragraph,
        note=note,
    )


def _bound(check: _Checker, raw: Any, path: str) -> Bound | None:
    data = check.mapping(raw, path, required=("months", "verification"), optional=("sources",))
    if data is None:
        return None
    months = check.integer(data.get("months"), _join(path, "months"), minimum=0)
    verification = check.choice(
        data.get("verification"), _join(path, "verification"), VERIFICATION, "verification"
    )
    sources = check.sources(data.get("sources"), _join(path, "sources"))
    if months is None or verification is None or sources is None:
        return None
    return Bound(months, verification, sources)


def _penalty(check: _Checker, raw: Any, path: str) -> Penalty | None:
    data = check.mapping(
        raw,
        path,
        required=(),
        optional=(
            "min",
            "max",
            "fine",
            "life_imprisonment",
            "in_force_from",
            "in_force_until",
            "note",
        ),
    )
    if data is None:
        return None
    low = _bound(check, data["min"], _join(path, "min")) if data.get("min") is not None else None
    high = _bound(check, data["max"], _join(path, "max")) if data.get("max") is not None else None
    fine = check.boolean(data.get("fine", False), _join(path, "fine"))
    life = check.boolean(data.get("life_imprisonment", False), _join(path, "life_imprisonment"))
    start = check.date(data.get("in_force_from"), _join(path, "in_force_from"))
    end = check.date(data.get("in_force_until"), _join(path, "in_force_until"))
    note = check.text(data["note"], _join(path, "note")) if "note" in data else None
    if low and high and low.months > high.months:
        check.issue(
            _join(path, "min"),
            f"minimum {low.months} months is greater than maximum {high.months} months",
        )
        return None
    if start and end and start > end:
        check.issue(_join(path, "in_force_until"), "in_force_until is before in_force_from")
        return None
    if fine is None or life is None:
        return None
    return Penalty(low, high, fine, life, start, end, note)


def _paragraph(check: _Checker, raw: Any, path: str) -> Paragraph | None:
    data = check.mapping(
        raw,
        path,
        required=("id", "summary", "verification"),
        optional=("sources", "penalties"),
    )
    if data is None:
        return None
    para_id = data.get("id")
    if not isinstance(para_id, str):
        check.issue(_join(path, "id"), f"paragraph id must be quoted text, got {para_id!r}")
    summary = check.localised(data.get("summary"), _join(path, "summary"))
    verification = check.choice(
        data.get("verification"), _join(path, "verification"), VERIFICATION, "verification"
    )
    sources = check.sources(data.get("sources"), _join(path, "sources"))
    raw_penalties = data.get("penalties") or []
    penalties: list[Penalty] = []
    if not isinstance(raw_penalties, list):
        check.issue(_join(path, "penalties"), "expected a list of penalties")
    else:
        for i, item in enumerate(raw_penalties):
            penalty = _penalty(check, item, f"{_join(path, 'penalties')}[{i}]")
            if penalty is not None:
                penalties.append(penalty)
    if not isinstance(para_id, str) or None in (summary, verification, sources):
        return None
    return Paragraph(para_id, summary, verification, sources, tuple(penalties))


def _aggravation(check: _Checker, raw: Any, path: str) -> Aggravation | None:
    data = check.mapping(
        raw,
        path,
        required=("id", "label", "satisfied_by", "verification"),
        optional=("sources", "paragraph"),
    )
    if data is None:
        return None
    agg_id = data.get("id")
    if not isinstance(agg_id, str) or not ID_RE.match(agg_id):
        check.issue(_join(path, "id"), f"invalid aggravation id {agg_id!r} (use snake_case)")
    label = check.localised(data.get("label"), _join(path, "label"))
    alternatives = _alternatives(check, data.get("satisfied_by"), _join(path, "satisfied_by"))
    verification = check.choice(
        data.get("verification"), _join(path, "verification"), VERIFICATION, "verification"
    )
    sources = check.sources(data.get("sources"), _join(path, "sources"))
    paragraph = data.get("paragraph")
    if paragraph is not None and not isinstance(paragraph, str):
        check.issue(_join(path, "paragraph"), 'paragraph must be quoted text, e.g. "3"')
    if None in (label, alternatives, verification, sources) or not isinstance(agg_id, str):
        return None
    return Aggravation(agg_id, label, alternatives, verification, sources, paragraph)


def _note(check: _Checker, raw: Any, path: str) -> Note | None:
    data = check.mapping(raw, path, required=("text", "verification"), optional=("sources",))
    if data is None:
        return None
    text = check.localised(data.get("text"), _join(path, "text"))
    verification = check.choice(
        data.get("verification"), _join(path, "verification"), VERIFICATION, "verification"
    )
    sources = check.sources(data.get("sources"), _join(path, "sources"))
    if None in (text, verification, sources):
        return None
    return Note(text, verification, sources)


def _list_of(check: _Checker, data: Mapping[str, Any], key: str, path: str, parse: Any) -> list:
    raw = data.get(key)
    if raw is None:
        return []
    item_path = _join(path, key)
    if not isinstance(raw, list):
        check.issue(item_path, f"expected a list, got {_type_name(raw)}")
        return []
    items = [parse(check, item, f"{item_path}[{i}]") for i, item in enumerate(raw)]
    return [item for item in items if item is not None]


def _unique(check: _Checker, items: Sequence[Any], attr: str, path: str, what: str) -> None:
    seen: set[str] = set()
    for i, item in enumerate(items):
        value = getattr(item, attr)
        if value in seen:
            check.issue(f"{path}[{i}].{attr}", f"duplicate {what} {value!r}")
        seen.add(value)


def _offence(check: _Checker, raw: Any, path: str, jurisdiction: str) -> Offence | None:
    data = check.mapping(
        raw,
        path,
        required=("code", "title", "family", "verification", "elements"),
        optional=("article", "sources", "paragraphs", "aggravations", "notes"),
    )
    if data is None:
        return None
    code = data.get("code")
    if not isinstance(code, str) or not CODE_RE.match(code):
        check.issue(_join(path, "code"), f"invalid offence code {code!r} (e.g. RS-CC-388)")
        code = None
    title = check.localised(data.get("title"), _join(path, "title"), languages=("en", "sr-latn"))
    family = check.choice(data.get("family"), _join(path, "family"), FAMILIES, "family")
    verification = check.choice(
        data.get("verification"), _join(path, "verification"), VERIFICATION, "verification"
    )
    sources = check.sources(data.get("sources"), _join(path, "sources"))
    article = data.get("article")
    if article is not None and not isinstance(article, str):
        check.issue(_join(path, "article"), 'article must be quoted text, e.g. "182a"')
    elements = _list_of(check, data, "elements", path, _element)
    if isinstance(data.get("elements"), list) and not data["elements"]:
        check.issue(_join(path, "elements"), "an offence needs at least one element")
    _unique(check, elements, "id", _join(path, "elements"), "element id")
    paragraphs = _list_of(check, data, "paragraphs", path, _paragraph)
    _unique(check, paragraphs, "id", _join(path, "paragraphs"), "paragraph id")
    aggravations = _list_of(check, data, "aggravations", path, _aggravation)
    _unique(check, aggravations, "id", _join(path, "aggravations"), "aggravation id")
    notes = _list_of(check, data, "notes", path, _note)
    paragraph_ids = {p.id for p in paragraphs}
    for group, items in (("elements", elements), ("aggravations", aggravations)):
        for i, item in enumerate(items):
            if item.paragraph is not None and item.paragraph not in paragraph_ids:
                check.issue(
                    f"{_join(path, group)}[{i}].paragraph",
                    f"paragraph {item.paragraph!r} is not listed in this offence's paragraphs",
                )
    if None in (code, title, family, verification, sources):
        return None
    return Offence(
        code=code,
        jurisdiction=jurisdiction,
        article=article,
        title=title,
        family=family,
        verification=verification,
        sources=sources,
        elements=tuple(elements),
        paragraphs=tuple(paragraphs),
        aggravations=tuple(aggravations),
        notes=tuple(notes),
    )


def _child_age(check: _Checker, raw: Any, path: str) -> ChildAge | None:
    data = check.mapping(
        raw, path, required=("below", "verification"), optional=("sources", "note")
    )
    if data is None:
        return None
    below = check.integer(data.get("below"), _join(path, "below"), minimum=1)
    verification = check.choice(
        data.get("verification"), _join(path, "verification"), VERIFICATION, "verification"
    )
    sources = check.sources(data.get("sources"), _join(path, "sources"))
    note = check.text(data["note"], _join(path, "note")) if "note" in data else None
    if None in (below, verification, sources):
        return None
    return ChildAge(below, verification, sources, note)


def parse_catalogue(text: str, *, file: str = "<catalogue>") -> Catalogue:
    """Validate and build a catalogue from YAML text. Raises :class:`CatalogueError`."""
    data, marks, issues = _compose(text, file=file)
    check = _Checker(file, marks)
    check.issues.extend(issues)
    top = check.mapping(
        data,
        "",
        required=("jurisdiction", "scope", "name", "version", "sources", "child_age", "offences"),
        optional=("law",),
    )
    if top is None:
        raise CatalogueError(check.issues)
    jurisdiction = top.get("jurisdiction")
    if not isinstance(jurisdiction, str) or not JURISDICTION_RE.match(jurisdiction):
        check.issue(
            "jurisdiction",
            f"invalid jurisdiction code {jurisdiction!r} (ISO 3166 alpha-2 such as RS, "
            "or 'international')",
        )
        jurisdiction = None
    stem = Path(file).stem
    if jurisdiction and file != "<catalogue>" and stem != jurisdiction:
        check.issue("jurisdiction", f"jurisdiction {jurisdiction!r} does not match file name")
    scope = check.choice(top.get("scope"), "scope", SCOPES, "scope")
    name = check.localised(top.get("name"), "name")
    law = check.localised(top["law"], "law") if "law" in top else {}
    version = check.integer(top.get("version"), "version", minimum=1)
    declared = check.sources(top.get("sources"), "sources")
    if declared is not None:
        duplicates = sorted({s for s in declared if declared.count(s) > 1})
        if duplicates:
            check.issue("sources", f"duplicate source ids: {', '.join(duplicates)}")
        check.declared_sources = frozenset(declared)
    child_age = _child_age(check, top.get("child_age"), "child_age")
    offences: list[Offence] = []
    raw_offences = top.get("offences")
    if not isinstance(raw_offences, list) or not raw_offences:
        check.issue("offences", "expected a non-empty list of offences")
    elif jurisdiction:
        offences = [
            o
            for i, raw in enumerate(raw_offences)
            if (o := _offence(check, raw, f"offences[{i}]", jurisdiction)) is not None
        ]
        _unique(check, offences, "code", "offences", "offence code")
    if check.issues:
        raise CatalogueError(check.issues)
    return Catalogue(
        jurisdiction=jurisdiction,
        scope=scope,
        name=name,
        version=version,
        sources=declared,
        child_age=child_age,
        offences=tuple(offences),
        file=file,
        law=law or {},
    )


def load_catalogue(path: Path | str) -> Catalogue:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CatalogueError([CatalogueIssue(str(path), None, "", f"cannot read: {exc}")]) from exc
    return parse_catalogue(text, file=str(path))


def catalogue_set(catalogues: Iterable[Catalogue]) -> CatalogueSet:
    """Combine catalogues, checking that jurisdictions and offence codes do not collide."""
    by_jurisdiction: dict[str, Catalogue] = {}
    issues: list[CatalogueIssue] = []
    owner: dict[str, Catalogue] = {}
    for catalogue in catalogues:
        if catalogue.jurisdiction in by_jurisdiction:
            issues.append(
                CatalogueIssue(
                    catalogue.file,
                    None,
                    "jurisdiction",
                    f"jurisdiction {catalogue.jurisdiction!r} is already defined in "
                    f"{by_jurisdiction[catalogue.jurisdiction].file}",
                )
            )
            continue
        by_jurisdiction[catalogue.jurisdiction] = catalogue
        for offence in catalogue.offences:
            if offence.code in owner:
                issues.append(
                    CatalogueIssue(
                        catalogue.file,
                        None,
                        "offences",
                        f"offence code {offence.code!r} is already defined in "
                        f"{owner[offence.code].file}",
                    )
                )
            owner[offence.code] = catalogue
    if issues:
        raise CatalogueError(issues)
    return CatalogueSet(by_jurisdiction)


def load_catalogues(*directories: Path | str) -> CatalogueSet:
    """Load every ``*.yaml`` in the given directories (the package's own by default)."""
    dirs = [Path(d) for d in directories] or [PACKAGE_CATALOGUES]
    files = sorted(f for d in dirs for f in d.glob("*.yaml"))
    loaded: list[Catalogue] = []
    issues: list[CatalogueIssue] = []
    for file in files:
        try:
            loaded.append(load_catalogue(file))
        except CatalogueError as exc:
            issues.extend(exc.issues)
    if issues:
        raise CatalogueError(issues)
    return catalogue_set(loaded)


@functools.cache
def default_catalogues() -> CatalogueSet:
    """The package's catalogues, loaded once per process (they are immutable data)."""
    return load_catalogues(PACKAGE_CATALOGUES)
