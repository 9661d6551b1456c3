"""Requalification detection over the stages of a criminal proceeding. Pure, no Django.

GRETA (2023) and the US TIP reports find that trafficking cases in Serbia are often
requalified into lesser offences (smuggling, art. 350; mediation in prostitution, art. 184)
as proceedings move on. Requalification is therefore *detected* from the charges recorded
at each stage, never typed in by hand.

Definitions (docs/legal.md):

* **Charged stage**: a stage event with at least one offence code. At a verdict or judgment
  stage the codes are the offences the decision concerns.
* **Requalification**: between two consecutive charged stages, the earlier one has a
  trafficking-family charge and the later one has none (388 → 350, 388 + 350 → 350).
* **Partial requalification**: between consecutive charged stages a trafficking-family code
  is dropped while another trafficking-family charge remains (388 + 389 → 389, 388 → 390).
  It is reported separately because the trafficking charge survives but may carry a lower
  penalty, or leave some trafficked persons without a trafficking charge.
* **Never charged as trafficking**: the engine's result for the case indicates a
  trafficking-family offence, the proceeding has at least one charged stage, and no stage
  ever charged a trafficking-family offence.
* **Discontinued**: the proceeding has a discontinuation stage.
"""

from __future__ import annotations

import dataclasses
import datetime
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from putokaz.legal.catalogue import CatalogueSet, default_catalogues
from putokaz.legal.engine import Classification
from putokaz.legal.errors import StageOrderError, UnknownOffenceError

STAGES = (
    "criminal_complaint",
    "investigation",
    "indictment",
    "first_instance_verdict",
    "appeal",
    "final_judgment",
    "discontinuation",
)
OUTCOMES = ("conviction", "acquittal", "dismissal", "plea_agreement")
# Outcomes that only a court decision on the merits can have.
_DECISION_OUTCOMES = frozenset({"conviction", "acquittal", "plea_agreement"})
_DECISION_STAGES = frozenset({"first_instance_verdict", "appeal", "final_judgment"})
_RANK = {
    "criminal_complaint": 0,
    "investigation": 1,
    "indictment": 2,
    "first_instance_verdict": 3,
    "appeal": 4,
    "final_judgment": 5,
}
# A stage needs one of these earlier in the proceeding.
_PREREQUISITE = {
    "first_instance_verdict": ("indictment",),
    "appeal": ("first_instance_verdict",),
    "final_judgment": ("first_instance_verdict",),
}
_TERMINAL = frozenset({"final_judgment", "discontinuation"})

FindingKind = Literal[
    "requalification", "partial_requalification", "never_charged_as_trafficking", "discontinued"
]


@dataclass(frozen=True)
class StageEvent:
    stage: str
    date: datetime.date
    charges: tuple[str, ...] = ()
    outcome: str | None = None


@dataclass(frozen=True)
class Finding:
    kind: FindingKind
    message: str
    from_index: int | None = None
    from_stage: str | None = None
    from_date: datetime.date | None = None
    from_codes: tuple[str, ...] = ()
    to_index: int | None = None
    to_stage: str | None = None
    to_date: datetime.date | None = None
    to_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProceedingAnalysis:
    findings: tuple[Finding, ...]
    requalified: bool
    partially_requalified: bool
    ever_charged_as_trafficking: bool
    # None when no engine result was given, so "not assessed" is not mistaken for "no".
    never_charged_as_trafficking: bool | None
    discontinued: bool
    catalogue_versions: Mapping[str, int]

    def of_kind(self, kind: FindingKind) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kind == kind)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready plain data; dates as ISO strings."""
        return _plain(dataclasses.asdict(self))


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _as_event(raw: StageEvent | Mapping[str, Any], index: int) -> StageEvent:
    if isinstance(raw, StageEvent):
        stage, date, charges, outcome = raw.stage, raw.date, raw.charges, raw.outcome
    elif isinstance(raw, Mapping):
        unknown = set(raw) - {"stage", "date", "charges", "outcome"}
        if unknown:
            raise StageOrderError(
                f"stage event {index}: unknown key {sorted(unknown)[0]!r}",
                index=index,
                stage=str(raw.get("stage")),
            )
        stage, date = raw.get("stage"), raw.get("date")
        charges, outcome = raw.get("charges") or (), raw.get("outcome")
    else:
        raise StageOrderError(f"stage event {index}: expected a mapping", index=index, stage="")
    if stage not in STAGES:
        raise StageOrderError(
            f"stage event {index}: unknown stage {stage!r} (expected one of: {', '.join(STAGES)})",
            index=index,
            stage=str(stage),
        )
    if isinstance(date, str):
        try:
            date = datetime.date.fromisoformat(date)
        except ValueError:
            date = None
    if isinstance(date, datetime.datetime) or not isinstance(date, datetime.date):
        raise StageOrderError(
            f"stage event {index} ({stage}): date must be a date YYYY-MM-DD",
            index=index,
            stage=stage,
        )
    if isinstance(charges, str) or not all(isinstance(c, str) for c in charges):
        raise StageOrderError(
            f"stage event {index} ({stage}): charges must be a list of offence codes",
            index=index,
            stage=stage,
        )
    if outcome is not None and outcome not in OUTCOMES:
        raise StageOrderError(
            f"stage event {index} ({stage}): unknown outcome {outcome!r} (expected one of: "
            f"{', '.join(OUTCOMES)})",
            index=index,
            stage=stage,
        )
    if outcome in _DECISION_OUTCOMES and stage not in _DECISION_STAGES:
        raise StageOrderError(
            f"stage event {index} ({stage}): outcome {outcome!r} needs a court decision "
            "(first_instance_verdict, appeal or final_judgment)",
            index=index,
            stage=stage,
        )
    return StageEvent(stage, date, tuple(dict.fromkeys(charges)), outcome)


def validate_stages(
    *,
    events: Sequence[StageEvent | Mapping[str, Any]],
    catalogues: CatalogueSet | None = None,
) -> tuple[StageEvent, ...]:
    """Check that the stage events are well formed and in a possible order.

    Events are given in the order they happened. Raises :class:`StageOrderError` naming the
    first impossible stage, or :class:`UnknownOffenceError` for a charge not in any
    catalogue. A retrial (first-instance verdict again after an appeal quashed the verdict)
    and repeated stages of one kind (an amended indictment) are allowed.
    """
    catalogue_set = catalogues or default_catalogues()
    checked: list[StageEvent] = []
    seen: set[str] = set()
    for index, raw in enumerate(events):
        event = _as_event(raw, index)
        for code in event.charges:
            if not catalogue_set.has_offence(code):
                raise UnknownOffenceError(code)
        if checked:
            previous = checked[-1]
            if previous.stage in _TERMINAL:
                raise StageOrderError(
                    f"stage event {index}: {event.stage} after {previous.stage}, which ends "
                    "the proceeding",
                    index=index,
                    stage=event.stage,
                )
            if event.date < previous.date:
                raise StageOrderError(
                    f"stage event {index}: {event.stage} dated {event.date.isoformat()} is "
                    f"before the preceding {previous.stage} ({previous.date.isoformat()})",
                    index=index,
                    stage=event.stage,
                )
            retrial = event.stage == "first_instance_verdict" and previous.stage == "appeal"
            if (
                event.stage in _RANK
                and previous.stage in _RANK
                and _RANK[event.stage] < _RANK[previous.stage]
                and not retrial
            ):
                raise StageOrderError(
                    f"stage event {index}: {event.stage} cannot follow {previous.stage}",
                    index=index,
                    stage=event.stage,
                )
        needed = _PREREQUISITE.get(event.stage)
        if needed and not seen.intersection(needed):
            raise StageOrderError(
                f"stage event {index}: {event.stage} without an earlier {' or '.join(needed)}",
                index=index,
                stage=event.stage,
            )
        seen.add(event.stage)
        checked.append(event)
    return tuple(checked)


def _indicated_trafficking(
    classification: Classification | Mapping[str, Any], catalogues: CatalogueSet
) -> list[str]:
    if isinstance(classification, Classification):
        offences = [(r.code, r.family, r.status) for r in classification.offences]
    else:
        offences = [
            (o["code"], o.get("family") or catalogues.offence(o["code"]).family, o["status"])
            for o in classification.get("offences", [])
        ]
    return [
        code
        for code, family, status in offences
        if family == "trafficking" and status == "indicated"
    ]


def analyse_proceeding(
    *,
    events: Sequence[StageEvent | Mapping[str, Any]],
    catalogues: CatalogueSet | None = None,
    classification: Classification | Mapping[str, Any] | None = None,
) -> ProceedingAnalysis:
    """Detect requalification, partial requalification, never-charged and discontinuation.

    ``classification`` is the engine's result for the case's facts (the object or its
    ``to_dict()``), needed only for the never-charged-as-trafficking finding.
    """
    catalogue_set = catalogues or default_catalogues()
    checked = validate_stages(events=events, catalogues=catalogue_set)

    def family(code: str) -> str:
        return catalogue_set.offence(code).family

    def trafficking_codes(event: StageEvent) -> list[str]:
        return [c for c in event.charges if family(c) == "trafficking"]

    findings: list[Finding] = []
    charged = [(i, e) for i, e in enumerate(checked) if e.charges]
    for (i, before), (j, after) in itertools.pairwise(charged):
        lost = trafficking_codes(before)
        if not lost:
            continue
        kept = trafficking_codes(after)
        common = {
            "from_index": i,
            "from_stage": before.stage,
            "from_date": before.date,
            "from_codes": before.charges,
            "to_index": j,
            "to_stage": after.stage,
            "to_date": after.date,
            "to_codes": after.charges,
        }
        if not kept:
            families = sorted({family(c) for c in after.charges})
            findings.append(
                Finding(
                    kind="requalification",
                    message=(
                        f"Charges moved out of trafficking between {before.stage} "
                        f"({', '.join(before.charges)}) and {after.stage} "
                        f"({', '.join(after.charges)}; {', '.join(families)})."
                    ),
                    **common,
                )
            )
        elif dropped := [c for c in lost if c not in kept]:
            findings.append(
                Finding(
                    kind="partial_requalification",
                    message=(
                        f"Trafficking charge {', '.join(dropped)} dropped between "
                        f"{before.stage} and {after.stage}; trafficking charge "
                        f"{', '.join(kept)} remains."
                    ),
                    **common,
                )
            )

    ever = any(trafficking_codes(e) for e in checked)
    never: bool | None = None
    if classification is not None:
        indicated = _indicated_trafficking(classification, catalogue_set)
        never = bool(indicated) and bool(charged) and not ever
        if never:
            charged_codes = list(dict.fromkeys(c for _, e in charged for c in e.charges))
            findings.append(
                Finding(
                    kind="never_charged_as_trafficking",
                    message=(
                        "The recorded facts indicate "
                        f"{', '.join(indicated)}, but no stage charged a trafficking offence "
                        f"(charged: {', '.join(charged_codes)})."
                    ),
                    from_index=charged[0][0],
                    from_stage=charged[0][1].stage,
                    from_date=charged[0][1].date,
                    from_codes=tuple(indicated),
                    to_codes=tuple(charged_codes),
                )
            )

    discontinued = False
    for index, event in enumerate(checked):
        if event.stage != "discontinuation":
            continue
        discontinued = True
        last = next((e for i, e in reversed(charged) if i < index), None)
        codes = last.charges if last else ()
        findings.append(
            Finding(
                kind="discontinued",
                message=(
                    f"Proceeding discontinued on {event.date.isoformat()}"
                    + (f" (last charges: {', '.join(codes)})." if codes else ".")
                ),
                from_index=index,
                from_stage=event.stage,
                from_date=event.date,
                from_codes=codes,
            )
        )

    return ProceedingAnalysis(
        findings=tuple(findings),
        requalified=any(f.kind == "requalification" for f in findings),
        partially_requalified=any(f.kind == "partial_requalification" for f in findings),
        ever_charged_as_trafficking=ever,
        never_charged_as_trafficking=never,
        discontinued=discontinued,
        catalogue_versions=catalogue_set.versions(),
    )
