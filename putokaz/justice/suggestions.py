"""Legal facts that a case's screenings suggest. Suggestions only: a person confirms each.

An ILO/EC indicator is evidence that someone observed, not a legal finding: "deceived
about the nature of the job" suggests the means *deception*, but only the practitioner
who knows the case can say the fact is established. So nothing here writes facts; the
legal-facts form offers these for confirmation and the service applies the confirmed
ones, recording which indicators they came from.

The screening app may not be installed (it arrives with its own issue), so its model is
looked up by name and any absence means "no suggestions".
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# Indicator-specific facts first: they say more than their dimension does.
_BY_INDICATOR: Mapping[str, tuple[tuple[str, Any], ...]] = {
    "ILO-D2-01": (("means", "force"),),
    "ILO-D2-02": (("means", "threat"),),
    "ILO-D2-03": (("means", "abduction"),),
    # Debt bondage is the classic "other coercion" of the Protocol.
    "ILO-D2-04": (("means", "coercion"),),
    "ILO-D2-05": (("means", "retention_of_documents"),),
    "ILO-D2-07": (("means", "threat"),),
    "ILO-D2-08": (("means", "threat"),),
    "ILO-D2-09": (("means", "threat"),),
    "ILO-D5-01": (("means", "retention_of_documents"),),
    "ILO-D5-02": (("means", "coercion"),),
    "ILO-D5-04": (("means", "force"),),
    "ILO-D5-05": (("means", "threat"),),
    "ILO-D5-06": (("purposes", "forced_criminality"),),
    "ILO-D5-11": (("means", "threat"),),
    "ILO-D5-13": (("means", "threat"),),
    "ILO-D5-15": (("means", "threat"),),
}

# What a positive dimension suggests when no indicator of it is mapped more precisely.
_BY_DIMENSION: Mapping[str, tuple[tuple[str, Any], ...]] = {
    "D1": (("acts", "recruitment"), ("means", "deception"), ("means", "fraud")),
    "D2": (("acts", "recruitment"), ("means", "coercion")),
    "D3": (("acts", "recruitment"), ("means", "abuse_of_vulnerability")),
    "D5": (("means", "coercion"),),
    "D6": (("means", "abuse_of_vulnerability"),),
}

# Smuggling-to-trafficking flags (mm-smuggling-to-trafficking) that say something legal.
_BY_FLAG: Mapping[str, tuple[tuple[str, Any], ...]] = {
    "MM-01": (
        ("border_crossing.facilitated_by_other", True),
        ("border_crossing.facilitator_material_benefit", True),
        ("relationship_after_arrival", "continued"),
    ),
    "MM-02": (("relationship_after_arrival", "continued"),),
    "MM-03": (
        ("border_crossing.facilitated_by_other", True),
        ("border_crossing.facilitator_material_benefit", True),
    ),
    "MM-04": (("relationship_after_arrival", "continued"), ("means", "abuse_of_vulnerability")),
    "MM-05": (("acts", "harbouring"), ("means", "coercion")),
    "MM-06": (("purposes", "forced_criminality"),),
    "MM-08": (("means", "abuse_of_vulnerability"),),
    "MM-10": (("means", "retention_of_documents"),),
}


@dataclass(frozen=True)
class Suggestion:
    path: str  # a fact path of the vocabulary: "means", "border_crossing.irregular"
    value: Any  # a code for list and enum facts, True for booleans
    sources: tuple[str, ...]  # indicator and flag ids that led to it

    @property
    def key(self) -> str:
        return f"{self.path}={self.value if not isinstance(self.value, bool) else 'true'}"


def _exploitation_purpose(result: Mapping[str, Any]) -> str | None:
    catalogue = str(result.get("catalogue") or result.get("requested_catalogue") or "")
    if "sexual" in catalogue:
        return "sexual_exploitation"
    if "labour" in catalogue:
        return "forced_labour"
    return None


def _found(dimension: Mapping[str, Any]) -> list[str]:
    return [i for level in ("strong", "medium", "weak") for i in dimension.get(level) or ()]


def suggestions_from_result(result: Mapping[str, Any]) -> list[Suggestion]:
    """Facts suggested by one screening result (the screening engine's to_dict())."""
    sources: dict[tuple[str, Any], list[str]] = {}

    def add(path: str, value: Any, source: str) -> None:
        sources.setdefault((path, value), [])
        if source not in sources[(path, value)]:
            sources[(path, value)].append(source)

    purpose = _exploitation_purpose(result)
    dimensions = result.get("dimensions") or {}
    for dimension_id, dimension in dimensions.items():
        found = _found(dimension)
        if not found:
            continue
        unmapped = [i for i in found if i not in _BY_INDICATOR]
        for indicator in found:
            for path, value in _BY_INDICATOR.get(indicator, ()):
                add(path, value, indicator)
        if unmapped:
            for path, value in _BY_DIMENSION.get(dimension_id, ()):
                for indicator in unmapped:
                    add(path, value, indicator)
        # D4 (exploitative conditions) and D5 (coercion at destination) point at the
        # purpose the questionnaire was about: labour or sexual exploitation.
        if dimension_id in ("D4", "D5") and purpose:
            for indicator in found:
                add("purposes", purpose, indicator)
    for flag in result.get("flags") or ():
        if flag.get("applies"):
            for path, value in _BY_FLAG.get(str(flag.get("id")), ()):
                add(path, value, str(flag["id"]))
    return [Suggestion(path, value, tuple(ids)) for (path, value), ids in sources.items()]


def merge(suggestions: Iterable[Suggestion]) -> list[Suggestion]:
    merged: dict[tuple[str, Any], list[str]] = {}
    for suggestion in suggestions:
        ids = merged.setdefault((suggestion.path, suggestion.value), [])
        ids.extend(s for s in suggestion.sources if s not in ids)
    return [Suggestion(path, value, tuple(ids)) for (path, value), ids in merged.items()]


def already_recorded(suggestion: Suggestion, facts: Mapping[str, Any]) -> bool:
    if "." in suggestion.path:
        group, key = suggestion.path.split(".", 1)
        return (facts.get(group) or {}).get(key) == suggestion.value
    recorded = facts.get(suggestion.path)
    if isinstance(recorded, list):
        return suggestion.value in recorded
    return recorded == suggestion.value


def apply(facts: dict[str, Any], suggestion: Suggestion) -> None:
    """Write a confirmed suggestion into nested engine facts (in place)."""
    if "." in suggestion.path:
        group, key = suggestion.path.split(".", 1)
        facts.setdefault(group, {})[key] = suggestion.value
    elif suggestion.path in ("acts", "means", "purposes", "stalking_conduct"):
        values = facts.setdefault(suggestion.path, [])
        if suggestion.value not in values:
            values.append(suggestion.value)
    else:
        facts[suggestion.path] = suggestion.value


def _screening_results(case: Any) -> list[Mapping[str, Any]]:
    if importlib.util.find_spec("putokaz.screening") is None:
        return []
    from django.apps import apps

    try:
        model = apps.get_model("screening", "Screening")
    except LookupError:
        return []
    names = {f.name for f in model._meta.get_fields()}
    if "case" not in names or "result" not in names:
        return []
    rows = model._default_manager.filter(case=case).order_by("-pk").values_list("result", flat=True)
    return [r for r in rows[:20] if isinstance(r, Mapping)]


def suggestions_for_case(case: Any) -> list[Suggestion]:
    """Suggestions from every screening linked to the case (the latest twenty)."""
    return merge(s for result in _screening_results(case) for s in suggestions_from_result(result))
