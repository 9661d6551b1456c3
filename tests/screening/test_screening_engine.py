import itertools
import json
import random

import pytest

from putokaz.screening.catalogue import UnknownCatalogueError, default_registry
from putokaz.screening.engine import (
    UnknownFlagError,
    UnknownIndicatorError,
    dimension_positive,
    missing_for,
    resolve_catalogue,
    score,
    screen,
    select_catalogue_id,
)

REGISTRY = default_registry()
SIX = ("D1", "D2", "D3", "D4", "D5", "D6")

# Indicator sets that make one dimension positive in each list (strengths from the CSV).
POSITIVE_ADULT_LABOUR = {
    "D1": ["ILO-D1-01", "ILO-D1-02"],  # S + M
    "D2": ["ILO-D2-01", "ILO-D2-02"],  # S + M
    "D3": ["ILO-D3-01", "ILO-D3-02", "ILO-D3-03"],  # 3 M
    "D4": ["ILO-D4-01", "ILO-D4-02"],  # S + M
    "D5": ["ILO-D5-01", "ILO-D5-02"],  # 2 S
    "D6": ["ILO-D6-01", "ILO-D6-02", "ILO-D6-06"],  # 2 M + W
}
POSITIVE_CHILD_LABOUR = {
    "D1": ["ILO-D1-01", "ILO-D1-10"],  # 2 S
    "D2": ["ILO-D2-01", "ILO-D2-02"],  # 2 S
    "D3": ["ILO-D3-01", "ILO-D3-02", "ILO-D3-15"],  # 3 M
    "D4": ["ILO-D4-01", "ILO-D4-02"],  # S + M
    "D5": ["ILO-D5-05", "ILO-D5-06"],  # 2 S
    "D6": ["ILO-D6-01", "ILO-D6-06", "ILO-D6-07"],  # 3 M
}


def adult(present, flags=(), age=30):
    return screen(
        registry=REGISTRY,
        catalogue_id="ilo-ec-2009-adult-labour",
        present=present,
        flags=flags,
        age=age,
    )


def child(present, flags=(), catalogue_id="ilo-ec-2009-child-labour"):
    return screen(
        registry=REGISTRY, catalogue_id=catalogue_id, present=present, flags=flags, age=15
    )


# --- the dimension rule ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("strong", "medium", "weak", "positive"),
    [
        (2, 0, 0, True),  # two strong
        (1, 1, 0, True),  # one strong + one medium
        (1, 0, 1, True),  # one strong + one weak
        (0, 3, 0, True),  # three medium
        (0, 2, 1, True),  # two medium + one weak
        (3, 2, 4, True),
        (0, 0, 0, False),
        (1, 0, 0, False),  # one strong alone
        (0, 2, 0, False),  # two medium alone
        (0, 1, 1, False),  # one medium + one weak
        (0, 0, 3, False),  # weak alone never
        (0, 0, 10, False),
        (0, 1, 5, False),
    ],
)
def test_dimension_rule_branches_and_near_misses(strong, medium, weak, positive):
    assert dimension_positive(strong=strong, medium=medium, weak=weak) is positive


def test_dimension_rule_matches_the_reference_pseudocode_for_all_small_counts():
    for s, m, w in itertools.product(range(5), repeat=3):
        reference = s >= 2 or (s >= 1 and (m + w) >= 1) or m >= 3 or (m >= 2 and w >= 1)
        assert dimension_positive(strong=s, medium=m, weak=w) is reference


@pytest.mark.parametrize(
    ("present", "positive"),
    [
        (["ILO-D5-01", "ILO-D5-02"], True),  # 2 S
        (["ILO-D5-01", "ILO-D5-05"], True),  # S + M
        (["ILO-D5-01", "ILO-D5-15"], True),  # S + W
        (["ILO-D5-05", "ILO-D5-06", "ILO-D5-07"], True),  # 3 M
        (["ILO-D5-05", "ILO-D5-06", "ILO-D5-15"], True),  # 2 M + W
        (["ILO-D5-01"], False),  # S alone
        (["ILO-D5-05", "ILO-D5-06"], False),  # 2 M
        (["ILO-D5-05", "ILO-D5-15"], False),  # M + W
        (["ILO-D5-15"], False),  # W alone
        (["ILO-D5-01", "ILO-D5-01"], False),  # the same indicator twice counts once
    ],
)
def test_each_rule_branch_through_the_engine(present, positive):
    result = adult(present)
    assert result.dimensions["D5"].positive is positive


def test_missing_sentences_say_exactly_what_would_be_enough():
    def gives_positive(base, add):
        s, m, w = base
        return dimension_positive(strong=s + add[0], medium=m + add[1], weak=w + add[2])

    S, M, W = (1, 0, 0), (0, 1, 0), (0, 0, 1)

    def plus(*adds):
        return tuple(sum(parts) for parts in zip(*adds, strict=True))

    assert missing_for(strong=1, medium=0, weak=0) == "needs one more indicator of any strength"
    assert all(gives_positive((1, 0, 0), a) for a in (S, M, W))
    assert missing_for(strong=0, medium=2, weak=0) == "needs one more indicator of any strength"
    assert all(gives_positive((0, 2, 0), a) for a in (S, M, W))
    assert missing_for(strong=0, medium=1, weak=1) == "needs one more strong or medium indicator"
    assert gives_positive((0, 1, 1), S) and gives_positive((0, 1, 1), M)
    assert not gives_positive((0, 1, 1), W)
    text = missing_for(strong=0, medium=1, weak=0)
    assert text == "needs one strong indicator, or two more medium, or one more medium and one weak"
    assert gives_positive((0, 1, 0), S) and gives_positive((0, 1, 0), plus(M, M))
    assert gives_positive((0, 1, 0), plus(M, W)) and not gives_positive((0, 1, 0), M)
    text = missing_for(strong=0, medium=0, weak=2)
    assert text.startswith("needs one strong indicator or two medium indicators")
    assert "weak indicators alone never" in text
    assert gives_positive((0, 0, 1), S) and gives_positive((0, 0, 1), plus(M, M))
    assert not gives_positive((0, 0, 1), M)
    assert missing_for(strong=0, medium=0, weak=0).startswith("needs two strong indicators")
    assert missing_for(strong=2, medium=0, weak=0) is None


# --- the combination rule --------------------------------------------------------------------


@pytest.mark.parametrize("mask", range(64))
def test_every_adult_combination_gives_the_ilo_outcome(mask):
    chosen = [dim for i, dim in enumerate(SIX) if mask >> i & 1]
    present = [ind for dim in chosen for ind in POSITIVE_ADULT_LABOUR[dim]]
    result = adult(present)
    pos = {dim: dim in chosen for dim in SIX}
    assert {dim: result.dimensions[dim].positive for dim in SIX} == pos
    if (pos["D1"] or pos["D2"] or pos["D3"]) and pos["D4"] and (pos["D5"] or pos["D6"]):
        expected = "possible_trafficking"
    elif pos["D4"]:
        expected = "exploitation_indicators"
    else:
        expected = "insufficient_indicators"
    assert result.outcome == expected
    assert result.rule_met is (expected == "possible_trafficking")


@pytest.mark.parametrize("mask", range(64))
def test_every_child_combination_needs_only_the_exploitation_dimension(mask):
    chosen = [dim for i, dim in enumerate(SIX) if mask >> i & 1]
    present = [ind for dim in chosen for ind in POSITIVE_CHILD_LABOUR[dim]]
    result = child(present)
    assert {dim for dim in SIX if result.dimensions[dim].positive} == set(chosen)
    expected = "possible_trafficking" if "D4" in chosen else "insufficient_indicators"
    assert result.outcome == expected


def test_the_child_result_carries_the_caveat_about_the_act():
    result = child(POSITIVE_CHILD_LABOUR["D4"])
    assert result.outcome == "possible_trafficking"
    assert any("must still be established separately" in s for s in result.explanation)
    assert result.rule_expression == "D4"


def test_unmet_rule_names_the_parts_that_are_missing():
    result = adult(POSITIVE_ADULT_LABOUR["D1"] + POSITIVE_ADULT_LABOUR["D4"])
    assert result.outcome == "exploitation_indicators"
    assert (
        "Combination rule (D1 or D2 or D3) and D4 and (D5 or D6): not met "
        "(D5 or D6 is not positive)." in result.explanation
    )


# --- list-specific strengths ----------------------------------------------------------------


def test_the_same_item_is_weak_for_adults_and_strong_for_children():
    present = ["ILO-D1-10", "ILO-D1-02"]
    adult_result = adult(present)
    child_result = child(present)
    assert adult_result.dimensions["D1"].weak == ("ILO-D1-10",)
    assert not adult_result.dimensions["D1"].positive
    assert child_result.dimensions["D1"].strong == ("ILO-D1-10",)
    assert child_result.dimensions["D1"].positive


def test_forced_tasks_is_strong_only_in_the_sexual_list():
    present = ["ILO-D5-07", "ILO-D5-05"]
    labour = adult(present)
    sexual = screen(
        registry=REGISTRY, catalogue_id="ilo-ec-2009-adult-sexual", present=present, age=30
    )
    assert labour.dimensions["D5"].medium == ("ILO-D5-05", "ILO-D5-07")
    assert not labour.dimensions["D5"].positive
    assert sexual.dimensions["D5"].strong == ("ILO-D5-07",)
    assert sexual.dimensions["D5"].positive


def test_hazardous_work_is_strong_only_in_the_child_sexual_list():
    present = ["ILO-D4-06", "ILO-D4-02"]
    assert not child(present).dimensions["D4"].positive
    sexual = child(present, catalogue_id="ilo-ec-2009-child-sexual")
    assert sexual.dimensions["D4"].positive
    assert sexual.outcome == "possible_trafficking"


def test_adult_sexual_list_has_no_strong_exploitation_indicator():
    catalogue = REGISTRY.catalogue("ilo-ec-2009-adult-sexual")
    assert [
        i.id for i in catalogue.indicators if i.dimension == "D4" and i.strength == "strong"
    ] == []


# --- explanation -----------------------------------------------------------------------------


def test_explanation_says_what_is_missing_in_a_dimension():
    result = adult(["ILO-D1-01", "ILO-D5-02"])
    assert (
        "D5 coercion at destination: 1 strong (ILO-D5-02) found; "
        "needs one more indicator of any strength." in result.explanation
    )
    assert result.dimensions["D5"].missing == "needs one more indicator of any strength"


def test_explanation_says_which_indicators_made_a_dimension_positive():
    result = adult(["ILO-D6-01", "ILO-D6-02", "ILO-D6-06"])
    assert (
        "D6 abuse of vulnerability at destination: positive with 2 medium "
        "(ILO-D6-01, ILO-D6-02) and 1 weak (ILO-D6-06)." in result.explanation
    )


def test_result_shape_for_the_issue_example():
    data = adult(["ILO-D1-01", "ILO-D5-02"], age=24).to_dict()
    assert data["catalogue"] == "ilo-ec-2009-adult-labour"
    assert data["version"] == 1
    assert data["outcome"] == "insufficient_indicators"
    assert list(data["dimensions"]) == list(SIX)
    for dim in data["dimensions"].values():
        assert {"positive", "strong", "medium", "weak"} <= set(dim)
    assert data["dimensions"]["D1"]["strong"] == ["ILO-D1-01"]
    assert data["recommended_referrals"] == ["rescreen"]


def test_possible_trafficking_recommends_formal_identification():
    present = (
        POSITIVE_ADULT_LABOUR["D1"] + POSITIVE_ADULT_LABOUR["D4"] + POSITIVE_ADULT_LABOUR["D5"]
    )
    result = adult(present)
    assert result.outcome == "possible_trafficking"
    assert result.recommended_referrals[0] == "formal-identification"
    assert any("not a legal determination" in s for s in result.explanation)


def _all_text(result) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False).lower()


def test_no_output_ever_says_victim():
    rng = random.Random(20261201)
    for catalogue_id in REGISTRY.catalogue_ids():
        catalogue = REGISTRY.catalogue(catalogue_id)
        ids = [i.id for i in catalogue.indicators] + [i.id for i in catalogue.excluded_indicators]
        flag_ids = [f.id for fs in REGISTRY.flag_sets_for(catalogue) for f in fs.flags]
        for _ in range(150):
            result = screen(
                registry=REGISTRY,
                catalogue_id=catalogue_id,
                present=rng.sample(ids, rng.randint(0, 20)),
                flags=rng.sample(flag_ids, rng.randint(0, 6)),
                age=rng.choice([None, 10, 17, 18, 40]),
            )
            text = _all_text(result)
            for word in ("victim", "žrtv", "жртв", "ضحي", "قربان", "mağdur"):
                assert word not in text


# --- unknown ids and excluded items ----------------------------------------------------------


def test_unknown_indicator_is_an_error_naming_it():
    with pytest.raises(UnknownIndicatorError) as excinfo:
        adult(["ILO-D1-01", "ILO-D9-99"])
    assert "ILO-D9-99" in str(excinfo.value)
    assert "ilo-ec-2009-adult-labour" in str(excinfo.value)
    assert excinfo.value.indicator_id == "ILO-D9-99"


def test_unknown_flag_is_an_error_naming_it():
    with pytest.raises(UnknownFlagError) as excinfo:
        adult([], flags=["MM-99"])
    assert "MM-99" in str(excinfo.value)


def test_unknown_catalogue_is_an_error_naming_it():
    with pytest.raises(UnknownCatalogueError) as excinfo:
        screen(registry=REGISTRY, catalogue_id="ilo-ec-2010-adult-labour", present=[], age=30)
    assert "ilo-ec-2010-adult-labour" in str(excinfo.value)


def test_unknown_catalogue_version_is_an_error_naming_it():
    with pytest.raises(UnknownCatalogueError) as excinfo:
        screen(
            registry=REGISTRY,
            catalogue_id="ilo-ec-2009-adult-labour",
            catalogue_version=7,
            present=[],
            age=30,
        )
    assert "version 7" in str(excinfo.value)


def test_an_item_left_out_of_the_child_list_is_reported_not_counted():
    result = child(["ILO-D3-07", "ILO-D4-08"])
    assert all(not dim.positive and not dim.medium for dim in result.dimensions.values())
    assert "ILO-D3-07 is not part of the child labour list and was not counted." in (
        result.explanation
    )


# --- choosing the list by age ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("requested", "age", "expected"),
    [
        ("ilo-ec-2009-*-labour", 17, "ilo-ec-2009-child-labour"),
        ("ilo-ec-2009-*-labour", 18, "ilo-ec-2009-adult-labour"),
        ("ilo-ec-2009-*-sexual", 0, "ilo-ec-2009-child-sexual"),
        ("ilo-ec-2009-*-sexual", None, "ilo-ec-2009-adult-sexual"),
        ("ilo-ec-2009-adult-labour", 12, "ilo-ec-2009-child-labour"),
        ("ilo-ec-2009-child-sexual", 25, "ilo-ec-2009-adult-sexual"),
        ("ilo-ec-2009-child-sexual", None, "ilo-ec-2009-child-sexual"),
        ("ilo-ec-2009-adult-labour", 40, "ilo-ec-2009-adult-labour"),
    ],
)
def test_select_catalogue_id(requested, age, expected):
    assert select_catalogue_id(requested=requested, age=age) == expected


def test_a_16_year_old_is_screened_with_the_child_list_and_told_so():
    result = adult(["ILO-D4-01", "ILO-D4-02"], age=16)
    assert result.catalogue_id == "ilo-ec-2009-child-labour"
    assert result.requested_catalogue_id == "ilo-ec-2009-adult-labour"
    assert result.outcome == "possible_trafficking"
    assert any("The person is 16" in s for s in result.explanation)


def test_unknown_age_keeps_the_requested_list_and_says_so():
    result = adult(["ILO-D4-01"], age=None)
    assert result.catalogue_id == "ilo-ec-2009-adult-labour"
    assert not result.age_known
    assert any("age is not known" in s for s in result.explanation)
    assert "The person's age is not known." in result.warnings


def test_a_pattern_id_with_unknown_age_uses_the_adult_list_and_says_so():
    catalogue, notes = resolve_catalogue(
        registry=REGISTRY, requested="ilo-ec-2009-*-labour", age=None
    )
    assert catalogue.id == "ilo-ec-2009-adult-labour"
    assert "under 18" in notes[0]


# --- flags -----------------------------------------------------------------------------------


def test_a_flag_feeds_its_mapped_indicators_as_derived():
    result = adult(["ILO-D5-05"], flags=["MM-01"])
    d5 = result.dimensions["D5"]
    assert d5.strong == ("ILO-D5-02",)
    assert d5.positive
    assert dict(d5.derived_from_flags) == {"ILO-D5-02": "MM-01"}
    assert result.dimensions["D2"].derived_from_flags == {"ILO-D2-03": "MM-01"}
    assert any("derived mapping, not part of the ILO/EC method" in s for s in result.explanation)
    assert result.flags[0].counted_as == ("ILO-D5-02", "ILO-D2-03")


def test_a_flag_does_not_count_an_indicator_twice():
    result = adult(["ILO-D5-02"], flags=["MM-01", "MM-03"])
    assert result.dimensions["D5"].strong == ("ILO-D5-02",)
    assert not result.dimensions["D5"].positive
    assert result.dimensions["D5"].derived_from_flags == {}


def test_a_child_only_flag_is_recorded_but_not_counted_for_adults():
    result = adult([], flags=["MM-07"])
    assert result.flags[0].applies is False
    assert "child-protection" in result.recommended_referrals
    assert any("does not apply to the adult labour list" in s for s in result.explanation)


def test_context_flags_inform_but_do_not_count():
    result = adult([], flags=["DIG-04", "MM-09"])
    assert all(not dim.strong and not dim.medium for dim in result.dimensions.values())
    assert result.flags[0].informs == ("D1",)
    assert any("relates to D1: recorded, not counted" in s for s in result.explanation)


def test_flag_referrals_are_added_after_the_outcome_referrals():
    result = adult([], flags=["GBV-02"])
    assert result.recommended_referrals[0] == "rescreen"
    assert "gbv-specialist" in result.recommended_referrals


# --- provisional weights ---------------------------------------------------------------------


def test_provisional_weights_are_reported_when_they_were_used():
    result = screen(
        registry=REGISTRY,
        catalogue_id="ilo-ec-2009-adult-sexual",
        present=["ILO-D5-07", "ILO-D5-01"],
        age=30,
    )
    assert result.provisional_indicators_found == ("ILO-D5-01",)
    assert result.weights_status == "provisional"
    assert any("provisional weights" in w for w in result.warnings)
    assert result.to_dict()["provisional"]["indicators_found"] == ["ILO-D5-01"]


def test_the_adult_d3_weight_conflict_is_provisional():
    result = adult(["ILO-D3-13", "ILO-D3-14", "ILO-D3-01"])
    assert result.provisional_indicators_found == ("ILO-D3-13", "ILO-D3-14")
    assert result.dimensions["D3"].positive


def test_score_can_be_called_with_a_catalogue_object():
    catalogue = REGISTRY.catalogue("ilo-ec-2009-adult-labour")
    result = score(catalogue=catalogue, present=["ILO-D5-01", "ILO-D5-02"])
    assert result.dimensions["D5"].positive
    assert result.flags == ()


def test_a_requested_version_of_the_other_age_list_is_explained():
    result = screen(
        registry=REGISTRY,
        catalogue_id="ilo-ec-2009-adult-labour",
        catalogue_version=1,
        present=[],
        age=10,
    )
    assert result.catalogue_id == "ilo-ec-2009-child-labour"
    assert any(
        "Version 1 was requested for ilo-ec-2009-adult-labour" in s for s in result.explanation
    )
