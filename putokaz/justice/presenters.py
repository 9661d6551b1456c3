"""Stored engine results turned into what a page shows, with translated labels.

The stored JSON stays exactly as the engine returned it; only its presentation is
translated here. Engine sentences (explanations, flag messages) are English text of the
engine and are shown as they are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language

from putokaz.justice import labels
from putokaz.justice.models import ProceedingFinding, Stage, StageEvent
from putokaz.legal.catalogue import default_catalogues

# The families compared side by side on every case: the point of the assistant.
_ALWAYS_SHOWN = ("trafficking", "smuggling")


def _title(titles: Mapping[str, str]) -> str:
    language = (get_language() or "en").lower()
    return titles.get(language) or titles.get(language.split("-")[0]) or titles.get("en", "")


@dataclass(frozen=True)
class OffenceView:
    code: str
    title: str
    family: str
    family_label: Any
    status: str
    status_label: Any
    elements: list[dict[str, Any]]
    missing: list[str]
    status_if_child: str | None
    status_if_child_label: Any


def classification_view(classification: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not classification:
        return None
    offences = []
    others = []
    for raw in classification.get("offences", []):
        view = OffenceView(
            code=raw["code"],
            title=_title(raw.get("title") or {}),
            family=raw.get("family", ""),
            family_label=labels.FAMILY.get(raw.get("family", ""), raw.get("family", "")),
            status=raw["status"],
            status_label=labels.STATUS.get(raw["status"], raw["status"]),
            elements=[
                {**e, "status_label": labels.ELEMENT_STATUS.get(e["status"], e["status"])}
                for e in raw.get("elements", [])
            ],
            missing=list(raw.get("missing") or []),
            status_if_child=raw.get("status_if_child"),
            status_if_child_label=labels.STATUS.get(raw.get("status_if_child") or "", ""),
        )
        if view.family in _ALWAYS_SHOWN or view.status != "not_indicated":
            offences.append(view)
        else:
            others.append(view)
    return {
        "offences": offences,
        "not_indicated": others,
        "flags": list(classification.get("flags") or []),
        "comparison": [
            {**point, "label": labels.COMPARISON_POINT.get(point["point"], point["point"])}
            for point in classification.get("comparison") or []
        ],
        "explanation": list(classification.get("explanation") or []),
        "catalogue_versions": classification.get("catalogue_versions") or {},
    }


def catalogue_outdated(stored: Mapping[str, int]) -> bool:
    """Whether a catalogue used for a stored result has since changed version."""
    current = default_catalogues().versions()
    return any(current.get(j) not in (None, v) for j, v in stored.items())


def facts_summary(facts: Mapping[str, Any]) -> list[tuple[Any, list[Any]]]:
    """The recorded facts as (fact name, values) pairs, for reading back."""
    rows: list[tuple[Any, list[Any]]] = []
    if facts.get("person_age") is not None:
        rows.append((labels.fact_label("person_age"), [facts["person_age"]]))
    for path in ("acts", "means", "purposes", "stalking_conduct"):
        if facts.get(path):
            rows.append(
                (labels.fact_label(path), [labels.value_label(path, c) for c in facts[path]])
            )
    yes_no = []
    for group in ("border_crossing", "stay_or_transit", "consent", "circumstances"):
        for key, value in (facts.get(group) or {}).items():
            if value is not None:
                yes_no.append((labels.boolean_label(f"{group}.{key}"), value))
    for path, value in facts.items():
        if "." not in path and isinstance(value, bool) and path not in ("person_age",):
            yes_no.append((labels.boolean_label(path), value))
    if facts.get("relationship_after_arrival"):
        rows.append(
            (
                labels.fact_label("relationship_after_arrival"),
                [
                    labels.value_label(
                        "relationship_after_arrival", facts["relationship_after_arrival"]
                    )
                ],
            )
        )
    return rows + [(label, [value]) for label, value in yes_no]


def stage_rows(
    stages: Sequence[StageEvent], findings: Sequence[ProceedingFinding]
) -> list[dict[str, Any]]:
    """Stages in order, each with the findings that point at it (the mark on the stage)."""
    marks: dict[int, list[ProceedingFinding]] = {}
    for finding in findings:
        index = _finding_index(finding)
        if index is not None:
            marks.setdefault(index, []).append(finding)
    return [
        {
            "event": event,
            "charges": [
                (code, labels.FAMILY.get(_family(code), _family(code))) for code in event.charges
            ],
            "marks": marks.get(event.position, []),
        }
        for event in stages
    ]


def _finding_index(finding: ProceedingFinding) -> int | None:
    _kind, from_index, to_index = [*finding.key.split(":"), "", ""][:3]
    target = to_index or from_index
    return int(target) if target.isdigit() else None


def _family(code: str) -> str:
    catalogues = default_catalogues()
    return catalogues.offence(code).family if catalogues.has_offence(code) else ""


def stage_label(code: str) -> Any:
    return Stage(code).label if code in Stage.values else code
