"""What changed between two versions of a catalogue, for the administrator's version history.

A screening is always shown with the version it was made with; this diff is how an
administrator sees what a new version changes before it is used (and what an old screening
would have scored differently). Pure data in, a list of changes out.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from putokaz.screening.catalogue import Catalogue, Indicator


@dataclass(frozen=True)
class CatalogueChange:
    path: str  # e.g. "indicators.ILO-D3-13.strength"
    before: str | None
    after: str | None

    def __str__(self) -> str:
        if self.before is None:
            return f"{self.path}: added {self.after!r}"
        if self.after is None:
            return f"{self.path}: removed (was {self.before!r})"
        return f"{self.path}: {self.before!r} -> {self.after!r}"


def _texts(path: str, old: Mapping[str, str], new: Mapping[str, str]) -> list[CatalogueChange]:
    return [
        CatalogueChange(f"{path}.{code}", old.get(code), new.get(code))
        for code in dict.fromkeys([*old, *new])
        if old.get(code) != new.get(code)
    ]


def _indicator(old: Indicator, new: Indicator) -> list[CatalogueChange]:
    path = f"indicators.{old.id}"
    changes = []
    for attribute in ("dimension", "strength", "verification", "label", "note"):
        before, after = getattr(old, attribute), getattr(new, attribute)
        if before != after:
            changes.append(CatalogueChange(f"{path}.{attribute}", before, after))
    for attribute in ("sources",):
        before, after = ", ".join(getattr(old, attribute)), ", ".join(getattr(new, attribute))
        if before != after:
            changes.append(CatalogueChange(f"{path}.{attribute}", before, after))
    if old.applies_to != new.applies_to:
        changes.append(CatalogueChange(f"{path}.applies_to", _applies(old), _applies(new)))
    changes.extend(_texts(f"{path}.question", old.question, new.question))
    return changes


def _applies(indicator: Indicator) -> str:
    ages = ", ".join(sorted(indicator.applies_to.ages))
    kinds = ", ".join(sorted(indicator.applies_to.exploitation))
    return f"{ages}; {kinds}"


def catalogue_diff(*, old: Catalogue, new: Catalogue) -> tuple[CatalogueChange, ...]:
    """Every difference that matters for scoring or for what a person is asked."""
    changes: list[CatalogueChange] = []
    for attribute in ("id", "age", "exploitation", "weights_status"):
        before, after = getattr(old, attribute), getattr(new, attribute)
        if before != after:
            changes.append(CatalogueChange(attribute, before, after))
    changes.extend(_texts("title", old.title, new.title))
    for code in dict.fromkeys([*old.languages, *new.languages]):
        before_block, after_block = old.languages.get(code), new.languages.get(code)
        before = None if before_block is None else str(before_block.reviewed_by_native_speaker)
        after = None if after_block is None else str(after_block.reviewed_by_native_speaker)
        if before != after:
            changes.append(
                CatalogueChange(f"languages.{code}.reviewed_by_native_speaker", before, after)
            )
    if old.rule.expression != new.rule.expression:
        changes.append(CatalogueChange("rule.expression", old.rule.expression, new.rule.expression))
    if old.rule.verification != new.rule.verification:
        changes.append(
            CatalogueChange("rule.verification", old.rule.verification, new.rule.verification)
        )
    old_dims, new_dims = old.dimension_by_id, new.dimension_by_id
    for dim_id in dict.fromkeys([*old_dims, *new_dims]):
        if dim_id not in new_dims:
            changes.append(
                CatalogueChange(f"dimensions.{dim_id}", old_dims[dim_id].name["en"], None)
            )
        elif dim_id not in old_dims:
            changes.append(
                CatalogueChange(f"dimensions.{dim_id}", None, new_dims[dim_id].name["en"])
            )
        else:
            changes.extend(
                _texts(f"dimensions.{dim_id}.name", old_dims[dim_id].name, new_dims[dim_id].name)
            )
    old_items, new_items = old.indicator_by_id, new.indicator_by_id
    for item_id in dict.fromkeys([*old_items, *new_items]):
        if item_id not in new_items:
            changes.append(
                CatalogueChange(f"indicators.{item_id}", old_items[item_id].strength, None)
            )
        elif item_id not in old_items:
            changes.append(
                CatalogueChange(f"indicators.{item_id}", None, new_items[item_id].strength)
            )
        else:
            changes.extend(_indicator(old_items[item_id], new_items[item_id]))
    for outcome in dict.fromkeys([*old.referrals, *new.referrals]):
        before = ", ".join(old.referrals.get(outcome, ()))
        after = ", ".join(new.referrals.get(outcome, ()))
        if before != after:
            changes.append(CatalogueChange(f"referrals.{outcome}", before, after))
    before_sets = ", ".join(f"{r.id}@{r.version or 'latest'}" for r in old.flag_sets)
    after_sets = ", ".join(f"{r.id}@{r.version or 'latest'}" for r in new.flag_sets)
    if before_sets != after_sets:
        changes.append(CatalogueChange("flag_sets", before_sets, after_sets))
    return tuple(changes)
