import math

import pytest

from putokaz.screening.trends import (
    ScreeningRecord,
    benjamini_hochberg,
    cell,
    compare_periods,
    fisher_exact_test,
    indicator_counts,
    two_proportion_z_test,
)


def records(period, n, with_items, *, present=(), dims=(), **attrs):
    """n screenings of a period; the first `with_items` have `present` and `dims`."""
    return [
        ScreeningRecord(
            period=period,
            present=frozenset(present) if i < with_items else frozenset(),
            positive_dimensions=frozenset(dims) if i < with_items else frozenset(),
            **attrs,
        )
        for i in range(n)
    ]


# --- the tests against hand-computed values --------------------------------------------------


def test_fisher_tea_tasting_is_34_over_70():
    # Margins 4/4: P(a) = 1, 16, 36, 16, 1 over 70; tables as unlikely as a=3: 1+16+16+1.
    assert fisher_exact_test(a=3, b=1, c=1, d=3) == pytest.approx(34 / 70, rel=1e-12)


def test_fisher_textbook_example():
    # [[1, 9], [11, 3]]: two-sided p = 0.002759 (the standard worked example).
    assert fisher_exact_test(a=1, b=9, c=11, d=3) == pytest.approx(0.0027594562, rel=1e-8)


def test_fisher_exact_fraction():
    # Enumerated by hand with exact binomials: 303/16445.
    assert fisher_exact_test(a=5, b=1, c=5, d=15) == pytest.approx(303 / 16445, rel=1e-12)


def test_fisher_of_identical_rows_is_one():
    assert fisher_exact_test(a=5, b=5, c=5, d=5) == pytest.approx(1.0)
    assert fisher_exact_test(a=0, b=0, c=0, d=0) == pytest.approx(1.0)


def test_two_proportion_z_test_by_hand():
    # 30/100 vs 50/100: pooled 0.4, se = sqrt(0.4*0.6*0.02) = 0.0692820, z = -2.886751.
    z, p = two_proportion_z_test(x1=30, n1=100, x2=50, n2=100)
    assert z == pytest.approx(-0.2 / math.sqrt(0.0048), rel=1e-12)
    assert z == pytest.approx(-2.886751, abs=1e-6)
    assert p == pytest.approx(0.0038924171, rel=1e-7)


def test_two_proportion_z_test_with_no_variance():
    assert two_proportion_z_test(x1=0, n1=10, x2=0, n2=10) == (0.0, 1.0)
    with pytest.raises(ValueError):
        two_proportion_z_test(x1=0, n1=0, x2=0, n2=10)


def test_benjamini_hochberg_by_hand():
    # Sorted 0.005, 0.01, 0.03, 0.04 -> 0.02, 0.02, 0.04, 0.04; returned in input order.
    assert benjamini_hochberg([0.01, 0.04, 0.03, 0.005]) == pytest.approx([0.02, 0.04, 0.04, 0.02])
    assert benjamini_hochberg([0.5]) == [0.5]
    assert benjamini_hochberg([]) == []
    assert benjamini_hochberg([0.9, 0.95]) == pytest.approx([0.95, 0.95])


# --- suppression -----------------------------------------------------------------------------


def test_cells_below_the_threshold_are_shown_as_less_than():
    assert str(cell(count=4)) == "<5"
    assert cell(count=4).count is None and cell(count=4).suppressed
    assert str(cell(count=5)) == "5" and cell(count=5).count == 5
    assert str(cell(count=0)) == "<5"
    assert str(cell(count=2, threshold=3)) == "<3"


def test_counts_by_group_with_suppression():
    data = (
        records("2026-Q1", 12, 7, present={"ILO-D1-01"}, dims={"D1"}, nationality="AF")
        + records("2026-Q1", 3, 3, present={"ILO-D1-01"}, nationality="SY")
        + records("2026-Q1", 6, 0, nationality=None)
        + records("2026-Q2", 50, 50, present={"ILO-D1-01"}, nationality="AF")
    )
    table = indicator_counts(screenings=data, period="2026-Q1", by="nationality")
    rows = {row.group: row for row in table.rows}
    assert [row.group for row in table.rows] == ["all", "AF", "SY", "not recorded"]
    assert rows["all"].screenings.count == 21
    assert rows["all"].indicators["ILO-D1-01"].count == 10
    assert rows["AF"].indicators["ILO-D1-01"].display == "7"
    assert rows["AF"].dimensions["D1"].display == "7"
    assert rows["SY"].screenings.display == "<5"
    assert rows["SY"].indicators["ILO-D1-01"].display == "<5"
    assert rows["not recorded"].indicators["ILO-D1-01"].display == "<5"


def test_the_threshold_is_configurable_and_columns_can_be_fixed():
    data = records("p", 3, 3, present={"A-1"})
    table = indicator_counts(screenings=data, threshold=3, indicator_ids=["A-1", "A-2"])
    assert table.rows[0].indicators["A-1"].display == "3"
    assert table.rows[0].indicators["A-2"].display == "<3"


def test_grouping_by_an_unknown_key_is_refused():
    with pytest.raises(ValueError, match="cannot group by 'name'"):
        indicator_counts(screenings=[], by="name")


# --- comparing periods -----------------------------------------------------------------------


def test_a_large_change_uses_the_z_test():
    data = records("A", 100, 30, present={"X-1"}) + records("B", 100, 50, present={"X-1"})
    [change] = compare_periods(screenings=data, period_a="A", period_b="B")
    assert change.test == "two_proportion_z"
    assert change.p_value == pytest.approx(0.0038924171, rel=1e-7)
    assert change.q_value == pytest.approx(change.p_value)  # one comparison
    assert change.significant
    assert (change.proportion_a, change.proportion_b) == (0.3, 0.5)
    assert (change.count_a.display, change.total_b.display) == ("30", "100")


def test_small_expected_counts_use_fisher():
    data = records("A", 6, 5, present={"X-1"}) + records("B", 20, 5, present={"X-1"})
    [change] = compare_periods(screenings=data, period_a="A", period_b="B")
    assert change.test == "fisher_exact"
    assert change.p_value == pytest.approx(303 / 16445, rel=1e-12)


def test_suppressed_counts_are_not_tested_and_not_shown():
    data = records("A", 100, 3, present={"X-1"}) + records("B", 100, 40, present={"X-1"})
    [change] = compare_periods(screenings=data, period_a="A", period_b="B")
    assert change.test is None and change.p_value is None and change.q_value is None
    assert not change.significant
    assert change.count_a.display == "<5" and change.count_b.display == "40"
    assert change.proportion_a is None
    assert change.not_tested_because == "a count below 5 is suppressed"


def test_too_few_screenings_in_a_period_are_not_tested():
    data = records("A", 4, 4, present={"X-1"}) + records("B", 100, 40, present={"X-1"})
    [change] = compare_periods(screenings=data, period_a="A", period_b="B")
    assert change.not_tested_because == "fewer than 5 screenings in a period"


def test_benjamini_hochberg_is_applied_across_indicators_and_dimensions():
    data = (
        records("A", 100, 30, present={"X-1"})
        + records("B", 100, 50, present={"X-1"})
        + records("A", 100, 20, present={"X-2"}, dims={"D4"})
        + records("B", 100, 22, present={"X-2"}, dims={"D4"})
    )
    changes = {c.item: c for c in compare_periods(screenings=data, period_a="A", period_b="B")}
    p_values = [changes[i].p_value for i in ("X-1", "X-2", "D4")]
    expected = benjamini_hochberg(p_values)
    assert [changes[i].q_value for i in ("X-1", "X-2", "D4")] == pytest.approx(expected)
    assert changes["D4"].kind == "dimension"
    assert not changes["X-2"].significant


def test_comparison_within_one_group():
    data = (
        records("A", 60, 10, present={"X-1"}, nationality="AF")
        + records("B", 60, 40, present={"X-1"}, nationality="AF")
        + records("A", 60, 40, present={"X-1"}, nationality="MA")
        + records("B", 60, 10, present={"X-1"}, nationality="MA")
    )
    [overall] = compare_periods(screenings=data, period_a="A", period_b="B")
    assert overall.p_value == pytest.approx(1.0)
    [afghan] = compare_periods(
        screenings=data, period_a="A", period_b="B", where={"nationality": "AF"}
    )
    assert afghan.significant and afghan.proportion_b > afghan.proportion_a


def test_a_scored_screening_becomes_a_report_record():
    from putokaz.screening.catalogue import default_registry
    from putokaz.screening.engine import screen
    from putokaz.screening.trends import record_from_result

    result = screen(
        registry=default_registry(),
        catalogue_id="ilo-ec-2009-adult-labour",
        present=["ILO-D5-01", "ILO-D5-05", "ILO-D1-01"],
        flags=["MM-05"],
        age=30,
    )
    record = record_from_result(result=result, period="2026-11", nationality="AF")
    assert record.present == {"ILO-D5-01", "ILO-D5-05", "ILO-D1-01", "ILO-D5-03"}
    assert record.positive_dimensions == {"D5"}
    assert record.nationality == "AF" and record.period == "2026-11"
