"""Statistics for the indicator report: how often indicators and dimensions were found, and
which changed between two periods by more than chance.

Pure functions over plain records, so the report view only renders what comes back. Small
counts are suppressed here, not in the template: a cell below the threshold (default 5) is
shown as "<5", carries no number, and is left out of the tests, because a count of one or two
people in a group of a given nationality, sex and entry point can identify them.

The comparison uses a two-proportion z-test, or Fisher's exact test when any expected count of
the 2x2 table is below 5 (where the normal approximation is poor), and adjusts the p-values
across all items compared with the Benjamini-Hochberg procedure, so that testing 67 indicators
at once does not flag several by chance.
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from putokaz.screening.engine import ScreeningResult

DEFAULT_THRESHOLD = 5
GROUP_KEYS = ("nationality", "sex", "age_band", "route", "entry_point")
NOT_RECORDED = "not recorded"
_EXPECTED_MINIMUM = 5.0


@dataclass(frozen=True)
class ScreeningRecord:
    period: str
    present: frozenset[str]
    positive_dimensions: frozenset[str]
    nationality: str | None = None
    sex: str | None = None
    age_band: str | None = None
    route: str | None = None
    entry_point: str | None = None


def record_from_result(
    *,
    result: "ScreeningResult",
    period: str,
    nationality: str | None = None,
    sex: str | None = None,
    age_band: str | None = None,
    route: str | None = None,
    entry_point: str | None = None,
) -> ScreeningRecord:
    """The non-identifying record the indicator report counts, from a scored screening.

    Indicators counted only through a flag are included: the report follows what the engine
    counted, and the flag itself is visible in the stored result.
    """
    present = frozenset(
        indicator
        for dim in result.dimensions.values()
        for indicator in (*dim.strong, *dim.medium, *dim.weak)
    )
    positive = frozenset(dim.id for dim in result.dimensions.values() if dim.positive)
    return ScreeningRecord(
        period=period,
        present=present,
        positive_dimensions=positive,
        nationality=nationality,
        sex=sex,
        age_band=age_band,
        route=route,
        entry_point=entry_point,
    )


@dataclass(frozen=True)
class Cell:
    count: int | None  # None when suppressed
    display: str
    suppressed: bool

    def __str__(self) -> str:
        return self.display


def cell(*, count: int, threshold: int = DEFAULT_THRESHOLD) -> Cell:
    if count < threshold:
        return Cell(None, f"<{threshold}", True)
    return Cell(count, str(count), False)


@dataclass(frozen=True)
class CountRow:
    group: str  # the group's value, or "all"
    screenings: Cell
    indicators: Mapping[str, Cell]
    dimensions: Mapping[str, Cell]


@dataclass(frozen=True)
class CountTable:
    period: str | None
    by: str | None
    threshold: int
    indicator_ids: tuple[str, ...]
    dimension_ids: tuple[str, ...]
    rows: tuple[CountRow, ...]


@dataclass(frozen=True)
class Change:
    item: str
    kind: str  # "indicator" or "dimension"
    count_a: Cell
    total_a: Cell
    count_b: Cell
    total_b: Cell
    proportion_a: float | None
    proportion_b: float | None
    test: str | None  # "two_proportion_z", "fisher_exact", or None when not tested
    p_value: float | None
    q_value: float | None  # Benjamini-Hochberg adjusted
    significant: bool
    not_tested_because: str | None


# ---------------------------------------------------------------------------------------------
# Tests


def two_proportion_z_test(*, x1: int, n1: int, x2: int, n2: int) -> tuple[float, float]:
    """(z, two-sided p) for H0: the two proportions are equal, with the pooled variance."""
    if n1 <= 0 or n2 <= 0:
        raise ValueError("both groups need at least one observation")
    pooled = (x1 + x2) / (n1 + n2)
    variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    if variance == 0:
        return 0.0, 1.0
    z = (x1 / n1 - x2 / n2) / math.sqrt(variance)
    return z, math.erfc(abs(z) / math.sqrt(2))


def fisher_exact_test(*, a: int, b: int, c: int, d: int) -> float:
    """Two-sided p of Fisher's exact test for the table [[a, b], [c, d]].

    Sums the hypergeometric probabilities of every table with the same margins that is no
    more likely than the observed one (the usual definition, as in R's fisher.test).
    """
    if min(a, b, c, d) < 0:
        raise ValueError("counts must not be negative")
    row1, row2, col1 = a + b, c + d, a + c
    n = row1 + row2

    def log_probability(x: int) -> float:
        return _log_choose(row1, x) + _log_choose(row2, col1 - x) - _log_choose(n, col1)

    observed = log_probability(a)
    low, high = max(0, col1 - row2), min(row1, col1)
    # A relative tolerance keeps tables that tie with the observed one despite rounding.
    limit = observed + 1e-7
    total = sum(
        math.exp(lp) for lp in (log_probability(x) for x in range(low, high + 1)) if lp <= limit
    )
    return min(1.0, total)


def _log_choose(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def benjamini_hochberg(p_values: Sequence[float]) -> list[float]:
    """Adjusted p-values (q-values) in the input order."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [0.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, p_values[i] * m / rank)
        adjusted[i] = running
    return adjusted


# ---------------------------------------------------------------------------------------------
# Counting


def _group_value(record: ScreeningRecord, by: str) -> str:
    value = getattr(record, by)
    return value if value else NOT_RECORDED


def _check_by(by: str | None) -> None:
    if by is not None and by not in GROUP_KEYS:
        raise ValueError(f"cannot group by {by!r}; choose one of {', '.join(GROUP_KEYS)}")


def indicator_counts(
    *,
    screenings: Iterable[ScreeningRecord],
    period: str | None = None,
    by: str | None = None,
    threshold: int = DEFAULT_THRESHOLD,
    indicator_ids: Sequence[str] | None = None,
    dimension_ids: Sequence[str] | None = None,
) -> CountTable:
    """How often each indicator and dimension was found, overall ("all") and per group."""
    _check_by(by)
    records = [r for r in screenings if period is None or r.period == period]
    indicators = tuple(
        indicator_ids
        if indicator_ids is not None
        else sorted({i for r in records for i in r.present})
    )
    dimensions = tuple(
        dimension_ids
        if dimension_ids is not None
        else sorted({d for r in records for d in r.positive_dimensions})
    )
    groups: dict[str, list[ScreeningRecord]] = {"all": records}
    if by is not None:
        for record in records:
            groups.setdefault(_group_value(record, by), []).append(record)
    rows = []
    for name in ["all", *sorted(g for g in groups if g != "all")]:
        members = groups[name]
        indicator_totals = dict.fromkeys(indicators, 0)
        dimension_totals = dict.fromkeys(dimensions, 0)
        for record in members:
            for i in record.present:
                if i in indicator_totals:
                    indicator_totals[i] += 1
            for d in record.positive_dimensions:
                if d in dimension_totals:
                    dimension_totals[d] += 1
        rows.append(
            CountRow(
                group=name,
                screenings=cell(count=len(members), threshold=threshold),
                indicators={
                    i: cell(count=n, threshold=threshold) for i, n in indicator_totals.items()
                },
                dimensions={
                    d: cell(count=n, threshold=threshold) for d, n in dimension_totals.items()
                },
            )
        )
    return CountTable(period, by, threshold, indicators, dimensions, tuple(rows))


def compare_periods(
    *,
    screenings: Iterable[ScreeningRecord],
    period_a: str,
    period_b: str,
    threshold: int = DEFAULT_THRESHOLD,
    alpha: float = 0.05,
    where: Mapping[str, str] | None = None,
    indicator_ids: Sequence[str] | None = None,
    dimension_ids: Sequence[str] | None = None,
) -> tuple[Change, ...]:
    """For each indicator and dimension: did the share of screenings finding it change?

    `where` narrows both periods to one group, e.g. {"nationality": "AF"}. The adjustment
    covers indicators and dimensions together, the family of comparisons an administrator
    reads at once.
    """
    conditions = dict(where or {})
    for key in conditions:
        _check_by(key)
    records = [
        r
        for r in screenings
        if r.period in (period_a, period_b)
        and all(_group_value(r, key) == value for key, value in conditions.items())
    ]
    a = [r for r in records if r.period == period_a]
    b = [r for r in records if r.period == period_b]
    indicators = tuple(
        indicator_ids
        if indicator_ids is not None
        else sorted({i for r in records for i in r.present})
    )
    dimensions = tuple(
        dimension_ids
        if dimension_ids is not None
        else sorted({d for r in records for d in r.positive_dimensions})
    )
    items = [(i, "indicator") for i in indicators] + [(d, "dimension") for d in dimensions]
    n1, n2 = len(a), len(b)
    pending: list[_Pending] = []
    for item, kind in items:
        attribute = "present" if kind == "indicator" else "positive_dimensions"
        x1 = sum(1 for r in a if item in getattr(r, attribute))
        x2 = sum(1 for r in b if item in getattr(r, attribute))
        reason = None
        if n1 < threshold or n2 < threshold:
            reason = f"fewer than {threshold} screenings in a period"
        elif x1 < threshold or x2 < threshold:
            reason = f"a count below {threshold} is suppressed"
        test = None
        p_value = None
        if reason is None:
            if min(_expected_counts(x1, n1, x2, n2)) < _EXPECTED_MINIMUM:
                test = "fisher_exact"
                p_value = fisher_exact_test(a=x1, b=n1 - x1, c=x2, d=n2 - x2)
            else:
                test = "two_proportion_z"
                p_value = two_proportion_z_test(x1=x1, n1=n1, x2=x2, n2=n2)[1]
        pending.append(_Pending(item, kind, x1, x2, test, p_value, reason))
    tested = [row for row in pending if row.p_value is not None]
    q_values = benjamini_hochberg([row.p_value for row in tested if row.p_value is not None])
    q_by_row = {id(row): q for row, q in zip(tested, q_values, strict=True)}
    changes = []
    for row in pending:
        count_a = cell(count=row.x1, threshold=threshold)
        count_b = cell(count=row.x2, threshold=threshold)
        total_a = cell(count=n1, threshold=threshold)
        total_b = cell(count=n2, threshold=threshold)
        shown = not any(c.suppressed for c in (count_a, count_b, total_a, total_b))
        q = q_by_row.get(id(row))
        changes.append(
            Change(
                item=row.item,
                kind=row.kind,
                count_a=count_a,
                total_a=total_a,
                count_b=count_b,
                total_b=total_b,
                proportion_a=row.x1 / n1 if shown else None,
                proportion_b=row.x2 / n2 if shown else None,
                test=row.test,
                p_value=row.p_value,
                q_value=q,
                significant=q is not None and q <= alpha,
                not_tested_because=row.reason,
            )
        )
    return tuple(changes)


@dataclass(frozen=True)
class _Pending:
    item: str
    kind: str
    x1: int
    x2: int
    test: str | None
    p_value: float | None
    reason: str | None


def _expected_counts(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float, float, float]:
    n = n1 + n2
    found = x1 + x2
    return (
        n1 * found / n,
        n1 * (n - found) / n,
        n2 * found / n,
        n2 * (n - found) / n,
    )
