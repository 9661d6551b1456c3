"""The screening engine: scores a screening against one indicator catalogue and explains why.

Plain data in, plain data out, no Django. Each catalogue is compiled once into lookup tables
(indicator -> dimension and strength, the combination rule as a 64-entry truth table, the
"what is missing" sentence for every count of strengths), so scoring one screening is a few
dictionary lookups; see bench/screening.py.

The engine never says "victim": a screening result is a reason to refer, and only the
designated authority identifies.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from putokaz.screening.catalogue import (
    Catalogue,
    CatalogueRegistry,
    Flag,
    FlagSet,
    UnknownCatalogueError,
)
from putokaz.screening.rules import conjuncts, truth_table

__all__ = [
    "DimensionResult",
    "FlagResult",
    "ScreeningResult",
    "UnknownCatalogueError",
    "UnknownFlagError",
    "UnknownIndicatorError",
    "dimension_positive",
    "missing_for",
    "resolve_catalogue",
    "score",
    "screen",
    "select_catalogue_id",
]

ADULT_AGE = 18
STRENGTH_NAMES = ("strong", "medium", "weak")
OUTCOME_SENTENCES = {
    "possible_trafficking": (
        "Outcome: possible trafficking. Refer the person for formal identification. "
        "This is a screening result, not a legal determination."
    ),
    "exploitation_indicators": (
        "Outcome: exploitation indicators. The exploitation dimension is positive but the "
        "combination rule is not met: refer to services and screen again at a later contact."
    ),
    "insufficient_indicators": (
        "Outcome: insufficient indicators. This does not rule out trafficking: "
        "screen again if the situation or what the person tells you changes."
    ),
}


class UnknownIndicatorError(LookupError):
    def __init__(self, indicator_id: str, catalogue_id: str) -> None:
        self.indicator_id = indicator_id
        self.catalogue_id = catalogue_id
        super().__init__(f"unknown indicator {indicator_id!r} for catalogue {catalogue_id!r}")

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownFlagError(LookupError):
    def __init__(self, flag_id: str, catalogue_id: str) -> None:
        self.flag_id = flag_id
        self.catalogue_id = catalogue_id
        super().__init__(
            f"unknown flag {flag_id!r}: it is not in any flag set of catalogue {catalogue_id!r}"
        )

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class DimensionResult:
    id: str
    name: str
    positive: bool
    strong: tuple[str, ...]
    medium: tuple[str, ...]
    weak: tuple[str, ...]
    # indicator id -> flag id, for indicators counted only because a flag was answered yes
    derived_from_flags: Mapping[str, str]
    missing: str | None


@dataclass(frozen=True)
class FlagResult:
    id: str
    flag_set: str
    flag_set_version: int
    label: str
    applies: bool
    counted_as: tuple[str, ...]
    informs: tuple[str, ...]
    referrals: tuple[str, ...]
    verification: str
    basis: str


@dataclass(frozen=True)
class ScreeningResult:
    catalogue_id: str
    catalogue_version: int
    requested_catalogue_id: str
    age_group: str
    age_known: bool
    outcome: str
    rule_expression: str
    rule_met: bool
    dimensions: Mapping[str, DimensionResult]
    explanation: tuple[str, ...]
    recommended_referrals: tuple[str, ...]
    flags: tuple[FlagResult, ...]
    provisional_indicators_found: tuple[str, ...]
    weights_status: str
    rule_provisional: bool
    warnings: tuple[str, ...]
    languages_not_reviewed: tuple[str, ...]
    flag_sets: tuple[tuple[str, int], ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape printed by `putokaz screen` and stored with the screening."""
        return {
            "catalogue": self.catalogue_id,
            "version": self.catalogue_version,
            "requested_catalogue": self.requested_catalogue_id,
            "age_group": self.age_group,
            "age_known": self.age_known,
            "outcome": self.outcome,
            "rule": {"expression": self.rule_expression, "met": self.rule_met},
            "dimensions": {
                dim.id: {
                    "name": dim.name,
                    "positive": dim.positive,
                    "strong": list(dim.strong),
                    "medium": list(dim.medium),
                    "weak": list(dim.weak),
                    "derived_from_flags": dict(dim.derived_from_flags),
                    "missing": dim.missing,
                }
                for dim in self.dimensions.values()
            },
            "explanation": list(self.explanation),
            "recommended_referrals": list(self.recommended_referrals),
            "flags": [
                {
                    "id": flag.id,
                    "flag_set": flag.flag_set,
                    "flag_set_version": flag.flag_set_version,
                    "label": flag.label,
                    "applies": flag.applies,
                    "counted_as": list(flag.counted_as),
                    "informs": list(flag.informs),
                    "referrals": list(flag.referrals),
                    "verification": flag.verification,
                    "basis": flag.basis,
                }
                for flag in self.flags
            ],
            "flag_sets": [{"id": fid, "version": version} for fid, version in self.flag_sets],
            "provisional": {
                "weights_status": self.weights_status,
                "rule": self.rule_provisional,
                "indicators_found": list(self.provisional_indicators_found),
            },
            "warnings": list(self.warnings),
            "languages_not_reviewed": list(self.languages_not_reviewed),
        }


# ---------------------------------------------------------------------------------------------
# The dimension rule


def dimension_positive(*, strong: int, medium: int, weak: int) -> bool:
    """ILO/EC step 1: weak indicators alone never suffice; one strong or two medium alone neither."""
    return (
        strong >= 2
        or (strong >= 1 and medium + weak >= 1)
        or medium >= 3
        or (medium >= 2 and weak >= 1)
    )


# What a dimension that is not positive still needs, for every count of strong, medium and weak
# indicators found (counts capped where more would not change the answer). Written out rather
# than generated so the sentences read naturally; tests check each against dimension_positive.
_MISSING: Mapping[tuple[int, int, int], str] = {
    (0, 0, 0): (
        "needs two strong indicators, or one strong and one medium or weak, "
        "or three medium, or two medium and one weak"
    ),
    (0, 0, 1): (
        "needs one strong indicator or two medium indicators; "
        "weak indicators alone never make a dimension positive"
    ),
    (0, 1, 0): "needs one strong indicator, or two more medium, or one more medium and one weak",
    (0, 1, 1): "needs one more strong or medium indicator",
    (0, 2, 0): "needs one more indicator of any strength",
    (1, 0, 0): "needs one more indicator of any strength",
}


def missing_for(*, strong: int, medium: int, weak: int) -> str | None:
    """The sentence saying what a dimension still needs, or None when it is positive."""
    if dimension_positive(strong=strong, medium=medium, weak=weak):
        return None
    return _MISSING[(min(strong, 1), min(medium, 2), min(weak, 1))]


# ---------------------------------------------------------------------------------------------
# Compiled catalogues


@dataclass(frozen=True)
class _CompiledFlag:
    flag: Flag
    flag_set: FlagSet
    applies: bool
    feeds: tuple[tuple[int, int, str], ...]  # (dimension index, strength index, indicator id)


@dataclass(frozen=True)
class _Compiled:
    catalogue: Catalogue
    flag_sets: tuple[FlagSet, ...]
    dimension_ids: tuple[str, ...]
    dimension_names: tuple[str, ...]
    lookup: Mapping[str, tuple[int, int]]
    excluded: Mapping[str, str]
    flags: Mapping[str, _CompiledFlag]
    rule_table: tuple[bool, ...]
    exploitation_bit: int
    conjunct_tables: tuple[tuple[str, tuple[bool, ...]], ...]
    provisional_ids: frozenset[str]
    list_name: str
    header: str
    empty_results: tuple[DimensionResult, ...]
    empty_sentences: tuple[str, ...]


_STRENGTH_INDEX = {name: i for i, name in enumerate(STRENGTH_NAMES)}
_CACHE_LIMIT = 256
_cache: dict[tuple[int, ...], tuple[Catalogue, tuple[FlagSet, ...], _Compiled]] = {}


def _compile(catalogue: Catalogue, flag_sets: tuple[FlagSet, ...]) -> _Compiled:
    # Keyed by object identity: two registries may hold different files under the same id and
    # version (tests, drafts), and the objects are kept in the entry so ids cannot be reused.
    key = (id(catalogue), *(id(fs) for fs in flag_sets))
    entry = _cache.get(key)
    if entry is not None and entry[0] is catalogue and entry[1] == flag_sets:
        return entry[2]
    dimension_ids = tuple(dim.id for dim in catalogue.dimensions)
    index = {dim: i for i, dim in enumerate(dimension_ids)}
    lookup = {
        ind.id: (index[ind.dimension], _STRENGTH_INDEX[ind.strength])
        for ind in catalogue.indicators
    }
    flags: dict[str, _CompiledFlag] = {}
    for flag_set in flag_sets:
        for flag in flag_set.flags:
            applies = flag.applies_to.covers(age=catalogue.age, exploitation=catalogue.exploitation)
            feeds = tuple(
                (*lookup[feed.indicator], feed.indicator)
                for feed in flag.feeds
                if feed.indicator in lookup
            )
            flags[flag.id] = _CompiledFlag(flag, flag_set, applies, feeds if applies else ())
    tree = catalogue.rule.tree
    conjunct_tables = tuple(
        (str(part), truth_table(part, dimension_order=dimension_ids)) for part in conjuncts(tree)
    )
    list_name = f"{catalogue.age} {catalogue.exploitation} list"
    dimension_names = tuple(
        f"{dim.id} {dim.name['en'][:1].lower()}{dim.name['en'][1:]}" for dim in catalogue.dimensions
    )
    compiled = _Compiled(
        catalogue=catalogue,
        flag_sets=flag_sets,
        dimension_ids=dimension_ids,
        dimension_names=dimension_names,
        empty_results=tuple(
            DimensionResult(
                id=dim,
                name=name,
                positive=False,
                strong=(),
                medium=(),
                weak=(),
                derived_from_flags={},
                missing=_MISSING[(0, 0, 0)],
            )
            for dim, name in zip(dimension_ids, dimension_names, strict=True)
        ),
        empty_sentences=tuple(f"{name}: no indicators found." for name in dimension_names),
        lookup=lookup,
        excluded={item.id: item.note for item in catalogue.excluded_indicators},
        flags=flags,
        rule_table=truth_table(tree, dimension_order=dimension_ids),
        exploitation_bit=1 << index[catalogue.rule.exploitation_dimension],
        conjunct_tables=conjunct_tables,
        provisional_ids=frozenset(catalogue.provisional_indicator_ids),
        list_name=list_name,
        header=f"Screened with the {list_name} ({catalogue.id} version {catalogue.version}).",
    )
    if len(_cache) >= _CACHE_LIMIT:
        # Catalogues reloaded after edits are new objects; forget old ones instead of growing.
        _cache.clear()
    _cache[key] = (catalogue, flag_sets, compiled)
    return compiled


def _ids_sentence(strong: list[str], medium: list[str], weak: list[str]) -> str:
    parts = []
    for ids, name in ((strong, "strong"), (medium, "medium"), (weak, "weak")):
        if ids:
            parts.append(f"{len(ids)} {name} ({', '.join(ids)})")
    return " and ".join(parts)


# ---------------------------------------------------------------------------------------------
# Scoring


def score(
    *,
    catalogue: Catalogue,
    present: Iterable[str],
    flags: Iterable[str] = (),
    flag_sets: Sequence[FlagSet] = (),
    age_known: bool = True,
    requested_catalogue_id: str | None = None,
    notes: Sequence[str] = (),
) -> ScreeningResult:
    """Score indicators found (and flags answered yes) against `catalogue`.

    Raises UnknownIndicatorError or UnknownFlagError for an id the catalogue does not know; an
    id that the list deliberately leaves out (e.g. ILO-D3-07 in the child lists) is reported in
    the explanation and not counted, because the same answers may be scored with either list.
    """
    c = _compile(catalogue, tuple(flag_sets))
    n = len(c.dimension_ids)
    found: list[list[list[str]]] = [[[], [], []] for _ in range(n)]
    derived: list[dict[str, str] | None] = [None] * n
    seen: set[str] = set()
    explanation: list[str] = [c.header, *notes]
    lookup = c.lookup
    for indicator_id in present:
        if indicator_id in seen:
            continue
        seen.add(indicator_id)
        hit = lookup.get(indicator_id)
        if hit is None:
            if indicator_id in c.excluded:
                explanation.append(
                    f"{indicator_id} is not part of the {c.list_name} and was not counted."
                )
                continue
            raise UnknownIndicatorError(indicator_id, catalogue.id)
        found[hit[0]][hit[1]].append(indicator_id)

    flag_results: list[FlagResult] = []
    referrals: list[str] = []
    flag_sentences: list[str] = []
    for flag_id in dict.fromkeys(flags):
        compiled_flag = c.flags.get(flag_id)
        if compiled_flag is None:
            raise UnknownFlagError(flag_id, catalogue.id)
        flag = compiled_flag.flag
        counted: list[str] = []
        for dim_index, strength_index, indicator_id in compiled_flag.feeds:
            if indicator_id in seen:
                continue
            seen.add(indicator_id)
            found[dim_index][strength_index].append(indicator_id)
            fed = derived[dim_index]
            if fed is None:
                fed = derived[dim_index] = {}
            fed[indicator_id] = flag_id
            counted.append(indicator_id)
        flag_sentences.append(_flag_sentence(flag, compiled_flag, counted, c))
        referrals.extend(flag.referrals)
        flag_results.append(
            FlagResult(
                id=flag.id,
                flag_set=compiled_flag.flag_set.id,
                flag_set_version=compiled_flag.flag_set.version,
                label=flag.label,
                applies=compiled_flag.applies,
                counted_as=tuple(counted),
                informs=flag.informs,
                referrals=flag.referrals,
                verification=flag.verification,
                basis=flag.basis,
            )
        )

    mask = 0
    dimensions: dict[str, DimensionResult] = {}
    for i in range(n):
        strong, medium, weak = found[i]
        if not (strong or medium or weak):
            # Most dimensions of a real screening are empty: their result is prepared once.
            dimensions[c.dimension_ids[i]] = c.empty_results[i]
            explanation.append(c.empty_sentences[i])
            continue
        # Sorted so that the same answers always give the same result and explanation.
        for ids in (strong, medium, weak):
            if len(ids) > 1:
                ids.sort()
        s, m, w = len(strong), len(medium), len(weak)
        positive = s >= 2 or (s >= 1 and m + w >= 1) or m >= 3 or (m >= 2 and w >= 1)
        name = c.dimension_names[i]
        missing = None
        if positive:
            mask |= 1 << i
            explanation.append(f"{name}: positive with {_ids_sentence(strong, medium, weak)}.")
        else:
            missing = _MISSING[(min(s, 1), min(m, 2), min(w, 1))]
            explanation.append(f"{name}: {_ids_sentence(strong, medium, weak)} found; {missing}.")
        fed = derived[i]
        if fed:
            explanation.append(
                f"In {c.dimension_ids[i]}, "
                + ", ".join(f"{ind} was counted from flag {fl}" for ind, fl in fed.items())
                + " (a derived mapping, not part of the ILO/EC method)."
            )
        dimensions[c.dimension_ids[i]] = DimensionResult(
            id=c.dimension_ids[i],
            name=name,
            positive=positive,
            strong=tuple(strong),
            medium=tuple(medium),
            weak=tuple(weak),
            derived_from_flags=fed or {},
            missing=missing,
        )

    rule = catalogue.rule
    rule_met = c.rule_table[mask]
    if rule_met:
        outcome = "possible_trafficking"
        explanation.append(f"Combination rule {rule.expression}: met.")
    else:
        unmet = [text for text, table in c.conjunct_tables if not table[mask]]
        explanation.append(
            f"Combination rule {rule.expression}: not met ("
            + "; ".join(f"{text} is not positive" for text in unmet)
            + ")."
        )
        outcome = (
            "exploitation_indicators" if mask & c.exploitation_bit else "insufficient_indicators"
        )
    explanation.append(OUTCOME_SENTENCES[outcome])
    if catalogue.age == "child" and rule.note:
        explanation.append(rule.note)
    explanation.extend(flag_sentences)

    provisional_found = tuple(sorted(seen & c.provisional_ids))
    warnings: list[str] = []
    if provisional_found:
        warnings.append(
            f"{len(provisional_found)} of the indicators found have provisional weights in the "
            f"{c.list_name} ({', '.join(provisional_found)}): read the result as provisional."
        )
        explanation.append(warnings[-1])
    if catalogue.weights_status == "provisional":
        warnings.append(
            f"The {c.list_name} carries provisional weights "
            f"({len(c.provisional_ids)} of {len(lookup)} indicators)."
        )
    if rule.verification == "provisional":
        warnings.append(f"The combination rule of the {c.list_name} is provisional: {rule.note}")
    if not age_known:
        warnings.append("The person's age is not known.")

    referrals = [*catalogue.referrals[outcome], *referrals]
    return ScreeningResult(
        catalogue_id=catalogue.id,
        catalogue_version=catalogue.version,
        requested_catalogue_id=requested_catalogue_id or catalogue.id,
        age_group=catalogue.age,
        age_known=age_known,
        outcome=outcome,
        rule_expression=rule.expression,
        rule_met=rule_met,
        dimensions=dimensions,
        explanation=tuple(explanation),
        recommended_referrals=tuple(dict.fromkeys(referrals)),
        flags=tuple(flag_results),
        provisional_indicators_found=provisional_found,
        weights_status=catalogue.weights_status,
        rule_provisional=rule.verification == "provisional",
        warnings=tuple(warnings),
        languages_not_reviewed=catalogue.unreviewed_languages,
        flag_sets=tuple((fs.id, fs.version) for fs in flag_sets),
    )


def _flag_sentence(flag: Flag, compiled: _CompiledFlag, counted: list[str], c: _Compiled) -> str:
    head = f"Flag {flag.id} ({flag.label})"
    if not compiled.applies:
        return f"{head} does not apply to the {c.list_name}: recorded, not counted."
    if counted:
        return (
            f"{head}: counted as {', '.join(counted)} "
            "(a derived mapping, not part of the ILO/EC method)."
        )
    if compiled.feeds:
        return f"{head}: recorded; the indicator it maps to was already counted."
    if flag.informs:
        return f"{head} relates to {', '.join(flag.informs)}: recorded, not counted."
    return f"{head}: recorded; it does not count in the dimensions."


# ---------------------------------------------------------------------------------------------
# Choosing the list


def select_catalogue_id(*, requested: str, age: int | None) -> str:
    """The list for a person: `ilo-ec-2009-*-labour` (or a concrete id) and an age.

    Under 18 means the child list. With the age unknown the requested list is kept; for a
    pattern the adult list is used, and `screen` says so in the explanation.
    """
    if "*" in requested:
        return requested.replace("*", "child" if age is not None and age < ADULT_AGE else "adult")
    if age is None:
        return requested
    for group in ("adult", "child"):
        wanted = "child" if age < ADULT_AGE else "adult"
        token = f"-{group}-"
        if token in requested and group != wanted:
            return requested.replace(token, f"-{wanted}-", 1)
    return requested


def resolve_catalogue(
    *,
    registry: CatalogueRegistry,
    requested: str,
    age: int | None,
    version: int | None = None,
) -> tuple[Catalogue, tuple[str, ...]]:
    """The catalogue to score with, and sentences explaining any change from the request."""
    notes: list[str] = []
    if "*" not in requested:
        chosen = registry.catalogue(requested, version=version)  # unknown id fails here
        family = chosen.family
    else:
        family = requested
    if age is None:
        target_id = family.replace("*", "adult") if "*" in requested else requested
        notes.append(
            "The person's age is not known: the "
            f"{target_id} list was used. If the person may be under 18, screen with the "
            "child list."
        )
    else:
        group = "child" if age < ADULT_AGE else "adult"
        target_id = family.replace("*", group)
        if "*" not in requested and target_id != requested:
            notes.append(
                f"The person is {age}: the {target_id} list was used instead of the "
                f"requested {requested}."
            )
    try:
        catalogue = registry.catalogue(
            target_id, version=version if target_id == requested else None
        )
    except UnknownCatalogueError:
        if target_id == requested:
            raise
        raise UnknownCatalogueError(target_id) from None
    if version is not None and target_id != requested:
        notes.append(
            f"Version {version} was requested for {requested}; the current version "
            f"({catalogue.version}) of {target_id} was used."
        )
    return catalogue, tuple(notes)


def screen(
    *,
    registry: CatalogueRegistry,
    catalogue_id: str,
    present: Iterable[str],
    flags: Iterable[str] = (),
    age: int | None = None,
    catalogue_version: int | None = None,
) -> ScreeningResult:
    """Choose the list for the person's age, then score. The entry point for CLI and Django."""
    catalogue, notes = resolve_catalogue(
        registry=registry, requested=catalogue_id, age=age, version=catalogue_version
    )
    return score(
        catalogue=catalogue,
        present=present,
        flags=flags,
        flag_sets=registry.flag_sets_for(catalogue),
        age_known=age is not None,
        requested_catalogue_id=catalogue_id,
        notes=notes,
    )
