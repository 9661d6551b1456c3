import copy
import dataclasses
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from legal_cases import ADULT_TRAFFICKING, SMUGGLING

from putokaz.legal.engine import classify
from putokaz.legal.errors import (
    FactsError,
    FactTypeError,
    UnknownFactKeyError,
    UnknownFactValueError,
    UnknownJurisdictionError,
)

ROOT = Path(__file__).resolve().parents[2]
TRAFFICKING_CODES = ("RS-CC-388", "UN-TIP")
SMUGGLING_CODES = ("RS-CC-350", "UN-SOM")


def facts(base=None, **changes):
    result = copy.deepcopy(base if base is not None else {"jurisdiction": "RS"})
    result.update(changes)
    return result


def status(result, code):
    return result.offence(code).status


def element(result, code, element_id):
    return next(e for e in result.offence(code).elements if e.id == element_id)


# --------------------------------------------------------------------------- adults/children


def test_it_indicates_trafficking_for_an_adult_with_act_means_and_purpose():
    result = classify(facts=ADULT_TRAFFICKING)
    for code in TRAFFICKING_CODES:
        assert status(result, code) == "indicated"
        assert result.offence(code).missing == ()
    assert result.age_basis == "adult"


@pytest.mark.parametrize("code", TRAFFICKING_CODES)
def test_an_adult_without_means_is_only_partial(code):
    result = classify(facts=facts(ADULT_TRAFFICKING, means=[]))
    offence = result.offence(code)
    assert offence.status == "partial"
    means = element(result, code, "means")
    assert means.required and not means.present and means.status == "absent"
    assert any(m.startswith("means") for m in offence.missing)
    assert "child_no_means_required" not in result.flag_codes


@pytest.mark.parametrize("code", TRAFFICKING_CODES)
def test_a_child_needs_no_means(code):
    result = classify(facts=facts(ADULT_TRAFFICKING, person_age=16, means=[]))
    assert status(result, code) == "indicated"
    assert element(result, code, "means").status == "not_required"
    flag = result.flag("child_no_means_required")
    assert flag is not None and code in flag.offences


def test_a_child_with_means_still_gets_the_child_flag_and_keeps_the_means_on_record():
    result = classify(facts=facts(ADULT_TRAFFICKING, person_age=12))
    means = element(result, "RS-CC-388", "means")
    assert means.present and not means.required and means.status == "not_required"
    assert "child_no_means_required" in result.flag_codes


def test_age_17_is_a_child_and_18_is_an_adult():
    child = classify(facts=facts(ADULT_TRAFFICKING, person_age=17, means=[]))
    adult = classify(facts=facts(ADULT_TRAFFICKING, person_age=18, means=[]))
    assert status(child, "RS-CC-388") == "indicated"
    assert status(adult, "RS-CC-388") == "partial"


def test_a_child_without_purpose_is_not_fully_indicated():
    result = classify(facts=facts(ADULT_TRAFFICKING, person_age=15, means=[], purposes=[]))
    assert status(result, "RS-CC-388") == "partial"
    assert any(m.startswith("purpose") for m in result.offence("RS-CC-388").missing)


def test_nothing_recorded_indicates_nothing():
    result = classify(facts={"jurisdiction": "RS", "person_age": 40})
    assert {o.status for o in result.offences} == {"not_indicated"}
    assert result.flags == ()


def test_unknown_age_uses_the_adult_rule_and_shows_the_child_rule_beside_it():
    result = classify(facts=facts(ADULT_TRAFFICKING, person_age=None, means=[]))
    offence = result.offence("RS-CC-388")
    assert result.age_basis == "unknown"
    assert offence.status == "partial"
    assert offence.status_if_child == "indicated"
    assert offence.missing_if_child == ()
    flag = result.flag("age_unknown")
    assert flag is not None and "RS-CC-388" in flag.offences
    assert "age assessment" in flag.message
    assert "child_no_means_required" not in result.flag_codes


def test_known_age_gives_no_child_alternative():
    result = classify(facts=ADULT_TRAFFICKING)
    assert result.offence("RS-CC-388").status_if_child is None
    assert "age_unknown" not in result.flag_codes


def test_adoption_of_persons_under_16_depends_on_the_age_element():
    base = facts(acts=["sale"], purposes=["illegal_adoption"])
    assert status(classify(facts=facts(base, person_age=15)), "RS-CC-389") == "indicated"
    # A recorded age that fails the age element rules the offence out entirely.
    at_16 = classify(facts=facts(base, person_age=16))
    assert status(at_16, "RS-CC-389") == "not_indicated"
    assert "not met (recorded age 16)" in " ".join(at_16.offence("RS-CC-389").missing)
    # The general offence still covers the 16-year-old (child rule, no means needed).
    assert status(at_16, "RS-CC-388") == "indicated"


def test_an_age_element_alone_does_not_make_an_offence_partial():
    result = classify(facts={"jurisdiction": "RS", "person_age": 10})
    assert status(result, "RS-CC-389") == "not_indicated"


# --------------------------------------------------------------------------- consent


def test_consent_is_irrelevant_once_means_are_present():
    result = classify(
        facts=facts(ADULT_TRAFFICKING, consent={"to_movement": True, "to_exploitation": True})
    )
    assert status(result, "RS-CC-388") == "indicated"
    flag = result.flag("consent_irrelevant")
    assert flag is not None and flag.triggers == ("means",)
    assert "deception" in flag.message
    consent = next(c for c in result.comparison if c.point == "consent")
    assert "irrelevant" in consent.on_these_facts


def test_consent_is_irrelevant_for_a_child_even_without_means():
    result = classify(
        facts=facts(ADULT_TRAFFICKING, person_age=14, means=[], consent={"to_exploitation": True})
    )
    flag = result.flag("consent_irrelevant")
    assert flag is not None and flag.triggers == ("child",)


def test_consent_without_means_for_an_adult_is_not_flagged_as_irrelevant():
    result = classify(facts=SMUGGLING)
    assert "consent_irrelevant" not in result.flag_codes
    consent = next(c for c in result.comparison if c.point == "consent")
    assert "pattern of smuggling" in consent.on_these_facts


def test_no_consent_recorded_gives_no_consent_flag():
    assert "consent_irrelevant" not in classify(facts=ADULT_TRAFFICKING).flag_codes


# --------------------------------------------------------------------------- smuggling


def test_facilitated_irregular_crossing_for_a_benefit_is_smuggling():
    result = classify(facts=SMUGGLING)
    for code in SMUGGLING_CODES:
        assert status(result, code) == "indicated"
    for code in TRAFFICKING_CODES:
        assert status(result, code) == "not_indicated"
    assert "smuggling_with_trafficking_indicators" not in result.flag_codes


@pytest.mark.parametrize("code", SMUGGLING_CODES)
def test_smuggling_without_material_benefit_is_not_smuggling(code):
    no_benefit = facts(SMUGGLING)
    no_benefit["border_crossing"]["facilitator_material_benefit"] = False
    result = classify(facts=no_benefit)
    offence = result.offence(code)
    assert offence.status == "partial"
    benefit = next(e for e in offence.elements if e.kind == "benefit")
    assert benefit.status == "absent"
    assert any("benefit" in m for m in offence.missing)


def test_an_unfacilitated_irregular_crossing_is_not_smuggling():
    alone = facts(SMUGGLING, border_crossing={"irregular": True})
    result = classify(facts=alone)
    assert status(result, "UN-SOM") == "partial"
    assert status(result, "RS-CC-350") == "partial"


def test_trafficking_needs_no_border_at_all():
    domestic = facts(ADULT_TRAFFICKING, border_crossing={"crossed": False, "irregular": False})
    result = classify(facts=domestic)
    for code in TRAFFICKING_CODES:
        assert status(result, code) == "indicated"
        assert not any(e.kind == "border" for e in result.offence(code).elements)
    for code in SMUGGLING_CODES:
        assert status(result, code) == "not_indicated"
    transnational = next(c for c in result.comparison if c.point == "transnationality")
    assert "domestic" in transnational.on_these_facts


def test_serbian_350_covers_illegal_transit_without_any_border_crossing():
    transit = {
        "jurisdiction": "RS",
        "person_age": 22,
        "border_crossing": {"irregular": False},
        "stay_or_transit": {
            "illegal_transit": True,
            "facilitated_by_other": True,
            "facilitator_material_benefit": True,
        },
    }
    result = classify(facts=transit)
    assert status(result, "RS-CC-350") == "indicated"
    # The Protocol speaks of illegal entry and of remaining illegally, not of transit.
    assert status(result, "UN-SOM") == "partial"
    transnational = next(c for c in result.comparison if c.point == "transnationality")
    assert "art. 350" in transnational.on_these_facts


def test_serbian_350_and_the_protocol_cover_enabling_an_illegal_stay():
    stay = {
        "jurisdiction": "RS",
        "stay_or_transit": {
            "illegal_stay": True,
            "facilitated_by_other": True,
            "facilitator_material_benefit": True,
        },
    }
    result = classify(facts=stay)
    assert status(result, "RS-CC-350") == "indicated"
    assert status(result, "UN-SOM") == "indicated"


def test_smuggling_aggravations_are_reported_with_their_paragraph():
    result = classify(facts=facts(SMUGGLING, circumstances={"organised_criminal_group": True}))
    aggravations = {a.id: a.paragraph for a in result.offence("RS-CC-350").aggravations}
    assert aggravations == {"organised_criminal_group": "4"}


# --------------------------------------------------------------------------- conversion flag


@pytest.mark.parametrize(
    ("change", "trigger"),
    [
        ({"means": ["retention_of_documents"]}, "means"),
        ({"purposes": ["sexual_exploitation"]}, "exploitative_purpose"),
        ({"relationship_after_arrival": "continued"}, "relationship_continued"),
    ],
)
def test_smuggling_with_each_trafficking_indicator_is_flagged(change, trigger):
    result = classify(facts=facts(SMUGGLING, **change))
    flag = result.flag("smuggling_with_trafficking_indicators")
    assert flag is not None
    assert flag.triggers == (trigger,)
    assert set(flag.offences) == set(SMUGGLING_CODES)


def test_the_conversion_flag_lists_all_triggers_together():
    result = classify(
        facts=facts(
            SMUGGLING,
            means=["coercion"],
            purposes=["forced_labour"],
            relationship_after_arrival="continued",
        )
    )
    flag = result.flag("smuggling_with_trafficking_indicators")
    assert flag.triggers == ("means", "exploitative_purpose", "relationship_continued")


def test_the_conversion_flag_works_for_illegal_transit_too():
    transit = {
        "jurisdiction": "RS",
        "stay_or_transit": {"illegal_transit": True, "facilitated_by_other": True},
        "relationship_after_arrival": "continued",
    }
    flag = classify(facts=transit).flag("smuggling_with_trafficking_indicators")
    assert flag is not None and flag.offences == ("RS-CC-350",)


def test_trafficking_indicators_without_smuggling_facts_do_not_raise_the_conversion_flag():
    result = classify(facts=facts(ADULT_TRAFFICKING, relationship_after_arrival="continued"))
    assert "smuggling_with_trafficking_indicators" not in result.flag_codes


def test_relationship_ended_or_unknown_alone_does_not_raise_the_conversion_flag():
    for value in ("ended", "unknown"):
        result = classify(facts=facts(SMUGGLING, relationship_after_arrival=value))
        assert "smuggling_with_trafficking_indicators" not in result.flag_codes


# --------------------------------------------------------------------------- forced criminality


def test_forced_criminality_raises_the_non_punishment_flag():
    guide = facts(
        SMUGGLING,
        person_age=17,
        acts=["recruitment"],
        purposes=["forced_criminality"],
        relationship_after_arrival="continued",
    )
    result = classify(facts=guide)
    flag = result.flag("non_punishment_consideration")
    assert flag is not None
    assert "art. 26" in flag.message
    assert "RS-CC-388" in flag.offences
    assert status(result, "RS-CC-388") == "indicated"
    assert "smuggling_with_trafficking_indicators" in result.flag_codes


def test_other_purposes_do_not_raise_the_non_punishment_flag():
    assert "non_punishment_consideration" not in classify(facts=ADULT_TRAFFICKING).flag_codes


def test_purpose_beyond_the_protocol_minimum_is_counted_but_marked_unverified():
    result = classify(facts=facts(ADULT_TRAFFICKING, purposes=["forced_begging"]))
    purpose = element(result, "UN-TIP", "purpose")
    assert purpose.present and purpose.verification == "unverified"
    assert result.offence("UN-TIP").relies_on_unverified
    assert "UN-TIP" in result.flag("unverified_law").offences
    verified = classify(facts=ADULT_TRAFFICKING)
    assert element(verified, "UN-TIP", "purpose").verification == "verified"
    assert not verified.offence("UN-TIP").relies_on_unverified


# --------------------------------------------------------------------------- GBV offences


@pytest.mark.parametrize(
    ("code", "gbv_facts"),
    [
        ("RS-CC-178", {"forced_intercourse_by_force_or_threat": True}),
        ("RS-CC-194", {"violence_in_family": True}),
        ("RS-CC-182a", {"sexual_harassment_conduct": True}),
        (
            "RS-CC-138a",
            {"stalking_conduct": ["unwanted_contact"], "conduct_over_period_of_time": True},
        ),
        ("RS-CC-187a", {"taken_abroad_for_forced_marriage": True}),
        ("RS-CC-121a", {"fgm": True}),
        ("RS-CC-184", {"prostitution_mediated_for_profit": True}),
    ],
)
def test_each_gbv_offence_is_indicated_by_its_facts(code, gbv_facts):
    result = classify(facts=facts(person_age=24, **gbv_facts))
    assert status(result, code) == "indicated"
    others = [o.code for o in result.offences if o.status != "not_indicated"]
    assert others == [code]
    assert any(s.startswith(code) for s in result.explanation)


def test_stalking_needs_duration_as_well_as_conduct():
    result = classify(facts=facts(stalking_conduct=["following"]))
    assert status(result, "RS-CC-138a") == "partial"


def test_gbv_aggravation_for_a_minor():
    result = classify(facts=facts(person_age=15, sexual_harassment_conduct=True))
    assert [a.id for a in result.offence("RS-CC-182a").aggravations] == ["minor"]


def test_unverified_gbv_elements_are_flagged():
    result = classify(facts=facts(fgm=True))
    assert "RS-CC-121a" in result.flag("unverified_law").offences


# --------------------------------------------------------------------------- output shape


def test_every_offence_of_the_jurisdiction_and_the_international_catalogue_is_assessed():
    result = classify(facts=ADULT_TRAFFICKING)
    codes = [o.code for o in result.offences]
    assert codes == [
        "RS-CC-388",
        "RS-CC-389",
        "RS-CC-390",
        "RS-CC-350",
        "RS-CC-184",
        "RS-CC-178",
        "RS-CC-182a",
        "RS-CC-194",
        "RS-CC-138a",
        "RS-CC-187a",
        "RS-CC-121a",
        "UN-TIP",
        "UN-SOM",
    ]
    assert result.catalogue_versions == {"RS": 1, "international": 1}


def test_the_comparison_covers_the_four_points_in_words():
    result = classify(facts=facts(SMUGGLING, purposes=["forced_labour"]))
    points = {c.point: c for c in result.comparison}
    assert set(points) == {
        "consent",
        "transnationality",
        "source_of_profit",
        "relationship_after_arrival",
    }
    assert "fee" in points["source_of_profit"].on_these_facts
    assert "exploiting" in points["source_of_profit"].on_these_facts
    assert "ended" in points["relationship_after_arrival"].on_these_facts
    for point in points.values():
        assert point.smuggling and point.trafficking and point.on_these_facts


def test_the_relationship_point_asks_when_unknown():
    point = next(
        c for c in classify(facts=ADULT_TRAFFICKING).comparison if c.point.startswith("rel")
    )
    assert "not recorded" in point.on_these_facts


def test_the_explanation_names_present_and_missing_elements():
    result = classify(facts=facts(ADULT_TRAFFICKING, means=[]))
    sentence = next(s for s in result.explanation if s.startswith("RS-CC-388"))
    assert "recruitment" in sentence and "forced labour" in sentence
    assert "missing: means" in sentence


def test_it_says_it_is_decision_support_and_never_decides_guilt_or_status():
    disclaimer = classify(facts=ADULT_TRAFFICKING).disclaimer
    assert "Decision support" in disclaimer
    assert "never decides guilt" in disclaimer
    assert "legal status" in disclaimer


DETERMINATION = re.compile(
    r"\b(is|are|was|were|be|been|being|as)\s+(a|an|the)?\s*(\w+\s+)?victims?\b", re.IGNORECASE
)

CASES = [
    ADULT_TRAFFICKING,
    SMUGGLING,
    facts(SMUGGLING, means=["threat"], purposes=["forced_criminality"], person_age=16),
    facts(ADULT_TRAFFICKING, person_age=None, consent={"to_exploitation": True}),
    facts(person_age=15, forced_intercourse_by_force_or_threat=True, violence_in_family=True),
]


@pytest.mark.parametrize("case", CASES)
def test_the_output_never_determines_that_anyone_is_a_victim(case):
    result = classify(facts=case)
    text = json.dumps(result.to_dict(), ensure_ascii=False)
    assert not DETERMINATION.search(text)
    # The sentences the engine writes itself do not use the word at all.
    generated = [*result.explanation, *(f.message for f in result.flags)]
    generated += [c.on_these_facts for c in result.comparison]
    assert not any("victim" in s.lower() for s in generated)


def test_results_are_frozen_plain_data():
    result = classify(facts=ADULT_TRAFFICKING)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.jurisdiction = "XX"
    assert json.loads(json.dumps(result.to_dict()))["jurisdiction"] == "RS"


def test_the_input_facts_are_not_modified():
    original = copy.deepcopy(SMUGGLING)
    classify(facts=SMUGGLING)
    assert original == SMUGGLING


def test_the_pure_core_imports_nothing_from_django():
    # A fresh interpreter, because pytest-django may already have imported Django here.
    probe = (
        "import sys, putokaz.legal.engine, putokaz.legal.requalification, putokaz.legal.cli; "
        "sys.exit(any(n == 'django' or n.startswith('django.') for n in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, check=False)
    assert done.returncode == 0


# --------------------------------------------------------------------------- unknown codes


@pytest.mark.parametrize(
    ("bad", "error", "named"),
    [
        ({"acts": ["kidnapping"]}, UnknownFactValueError, "kidnapping"),
        ({"means": ["bribery"]}, UnknownFactValueError, "bribery"),
        ({"purposes": ["domestic_work"]}, UnknownFactValueError, "domestic_work"),
        ({"relationship_after_arrival": "married"}, UnknownFactValueError, "married"),
        ({"stalking_conduct": ["spying"]}, UnknownFactValueError, "spying"),
        ({"jurisdiction": "XK"}, UnknownJurisdictionError, "XK"),
        ({"nationality": "AF"}, UnknownFactKeyError, "nationality"),
        ({"border_crossing": {"legal": True}}, UnknownFactKeyError, "border_crossing.legal"),
        ({"consent": {"to_work": True}}, UnknownFactKeyError, "consent.to_work"),
        ({"acts": "recruitment"}, FactTypeError, "acts"),
        ({"person_age": "16"}, FactTypeError, "person_age"),
        ({"person_age": True}, FactTypeError, "person_age"),
        ({"person_age": 200}, FactTypeError, "person_age"),
        ({"border_crossing": {"irregular": "yes"}}, FactTypeError, "border_crossing.irregular"),
        ({"border_crossing": True}, FactTypeError, "border_crossing"),
    ],
)
def test_an_unknown_or_malformed_fact_is_an_error_naming_it(bad, error, named):
    with pytest.raises(error) as caught:
        classify(facts=facts(ADULT_TRAFFICKING, **bad))
    assert named in str(caught.value)
    assert isinstance(caught.value, FactsError)


def test_the_jurisdiction_is_required():
    with pytest.raises(FactTypeError, match="jurisdiction"):
        classify(facts={"acts": ["recruitment"]})


def test_null_means_unknown_and_never_satisfies_an_element():
    result = classify(
        facts={"jurisdiction": "RS", "person_age": None, "acts": None, "border_crossing": None}
    )
    assert {o.status for o in result.offences} == {"not_indicated"}


# --------------------------------------------------------------------------- second country


def test_a_second_country_is_added_as_a_data_file_alone(with_fixture_country):
    result = classify(
        facts={
            "jurisdiction": "ZZ",
            "person_age": 15,
            "acts": ["recruitment"],
            "purposes": ["forced_labour"],
            "border_crossing": {"irregular": True, "facilitated_by_other": True},
        },
        catalogues=with_fixture_country,
    )
    assert [o.code for o in result.offences] == ["ZZ-PC-10", "ZZ-PC-20", "UN-TIP", "UN-SOM"]
    assert result.catalogue_versions == {"ZZ": 3, "international": 1}
    assert status(result, "ZZ-PC-10") == "indicated"  # child rule, no means
    # Testland's smuggling offence needs no benefit; the Protocol does.
    assert status(result, "ZZ-PC-20") == "indicated"
    assert status(result, "UN-SOM") == "partial"
    assert "smuggling_with_trafficking_indicators" in result.flag_codes


def test_the_fixture_country_uses_its_own_child_age(with_fixture_country):
    sixteen = {
        "jurisdiction": "ZZ",
        "person_age": 16,
        "acts": ["transportation"],
        "purposes": ["forced_labour"],
    }
    result = classify(facts=sixteen, catalogues=with_fixture_country)
    # In Testland 16 is an adult, under the Protocol still a child.
    assert status(result, "ZZ-PC-10") == "partial"
    assert status(result, "UN-TIP") == "indicated"
    assert result.offence("ZZ-PC-10").age_basis == "adult"
    assert result.offence("UN-TIP").age_basis == "child"


def test_retention_of_documents_is_a_serbian_means_but_not_named_in_the_protocol():
    result = classify(facts=facts(ADULT_TRAFFICKING, means=["retention_of_documents"]))
    assert status(result, "RS-CC-388") == "indicated"
    assert status(result, "UN-TIP") == "partial"
    assert element(result, "RS-CC-388", "means").verification == "verified"


def test_an_act_covered_only_by_interpretation_is_marked_unverified():
    result = classify(facts=facts(ADULT_TRAFFICKING, acts=["receipt"]))
    act = element(result, "RS-CC-388", "act")
    assert act.present and act.verification == "unverified"
    assert element(result, "UN-TIP", "act").verification == "verified"
