import datetime
import json

import pytest
from legal_cases import ADULT_TRAFFICKING, SMUGGLING

from putokaz.legal.engine import classify
from putokaz.legal.errors import StageOrderError, UnknownOffenceError
from putokaz.legal.requalification import StageEvent, analyse_proceeding, validate_stages

T388, T389, T390 = "RS-CC-388", "RS-CC-389", "RS-CC-390"
S350, M184, V194 = "RS-CC-350", "RS-CC-184", "RS-CC-194"


def stages(*spec):
    """``("indictment", [codes], outcome?)`` tuples, one month apart."""
    events = []
    for i, item in enumerate(spec):
        stage, charges, *rest = item
        event = {"stage": stage, "date": datetime.date(2023, 1 + i, 1), "charges": charges}
        if rest:
            event["outcome"] = rest[0]
        events.append(event)
    return events


def kinds(analysis):
    return [f.kind for f in analysis.findings]


# --------------------------------------------------------------------------- requalification


def test_388_to_350_is_requalification_with_its_stages_and_codes():
    analysis = analyse_proceeding(
        events=stages(
            ("criminal_complaint", [T388]),
            ("investigation", [T388]),
            ("indictment", [S350]),
            ("first_instance_verdict", [S350], "conviction"),
        )
    )
    (finding,) = analysis.findings
    assert finding.kind == "requalification"
    assert (finding.from_stage, finding.to_stage) == ("investigation", "indictment")
    assert (finding.from_index, finding.to_index) == (1, 2)
    assert finding.from_codes == (T388,) and finding.to_codes == (S350,)
    assert finding.from_date == datetime.date(2023, 2, 1)
    assert "smuggling" in finding.message
    assert analysis.requalified and analysis.ever_charged_as_trafficking


def test_388_to_184_is_requalification_into_the_sexual_family():
    analysis = analyse_proceeding(
        events=stages(("indictment", [T388]), ("first_instance_verdict", [M184], "conviction"))
    )
    (finding,) = analysis.of_kind("requalification")
    assert finding.to_codes == (M184,)
    assert (finding.from_stage, finding.to_stage) == ("indictment", "first_instance_verdict")
    assert "sexual" in finding.message


def test_388_throughout_is_not_requalification():
    analysis = analyse_proceeding(
        events=stages(
            ("criminal_complaint", [T388]),
            ("indictment", [T388]),
            ("first_instance_verdict", [T388], "conviction"),
            ("appeal", [T388], "conviction"),
            ("final_judgment", [T388], "conviction"),
        )
    )
    assert analysis.findings == ()
    assert not analysis.requalified and not analysis.partially_requalified


def test_requalification_at_the_verdict_after_a_trafficking_indictment():
    analysis = analyse_proceeding(
        events=stages(
            ("indictment", [T388]),
            ("first_instance_verdict", [T388], "conviction"),
            ("appeal", [S350], "conviction"),
            ("final_judgment", [S350], "conviction"),
        )
    )
    (finding,) = analysis.findings
    assert (finding.from_stage, finding.to_stage) == ("first_instance_verdict", "appeal")


def test_stages_without_charges_are_skipped_when_comparing():
    analysis = analyse_proceeding(
        events=stages(("criminal_complaint", [T388]), ("investigation", []), ("indictment", [S350]))
    )
    (finding,) = analysis.findings
    assert (finding.from_index, finding.to_index) == (0, 2)


def test_multiple_charges_losing_the_trafficking_one_is_requalification():
    analysis = analyse_proceeding(
        events=stages(
            ("indictment", [T388, S350]), ("first_instance_verdict", [S350], "conviction")
        )
    )
    (finding,) = analysis.findings
    assert finding.kind == "requalification"
    assert finding.from_codes == (T388, S350)


def test_adding_a_charge_next_to_trafficking_is_not_requalification():
    analysis = analyse_proceeding(
        events=stages(("criminal_complaint", [T388]), ("indictment", [T388, S350, V194]))
    )
    assert analysis.findings == ()


def test_dropping_one_of_two_trafficking_charges_is_partial_requalification():
    analysis = analyse_proceeding(
        events=stages(
            ("indictment", [T388, T389]), ("first_instance_verdict", [T389], "conviction")
        )
    )
    (finding,) = analysis.findings
    assert finding.kind == "partial_requalification"
    assert "RS-CC-388 dropped" in finding.message and "RS-CC-389 remains" in finding.message
    assert analysis.partially_requalified and not analysis.requalified


def test_388_to_390_within_the_family_is_partial_requalification():
    analysis = analyse_proceeding(
        events=stages(("criminal_complaint", [T388]), ("indictment", [T390]))
    )
    assert kinds(analysis) == ["partial_requalification"]


def test_requalification_back_and_forth_is_reported_each_time():
    analysis = analyse_proceeding(
        events=stages(
            ("criminal_complaint", [T388]),
            ("indictment", [S350]),
            ("first_instance_verdict", [S350], "conviction"),
            ("appeal", [T388], "dismissal"),
            ("first_instance_verdict", [S350], "conviction"),
        )
    )
    assert [(f.from_index, f.to_index) for f in analysis.findings] == [(0, 1), (3, 4)]


def test_stage_events_may_be_given_as_dataclasses():
    events = [
        StageEvent("criminal_complaint", datetime.date(2022, 1, 1), (T388,)),
        StageEvent("indictment", datetime.date(2022, 3, 1), (S350,)),
    ]
    assert analyse_proceeding(events=events).requalified


# --------------------------------------------------------------------------- discontinued


def test_388_at_complaint_then_discontinued():
    analysis = analyse_proceeding(
        events=stages(("criminal_complaint", [T388]), ("discontinuation", [], "dismissal"))
    )
    (finding,) = analysis.findings
    assert finding.kind == "discontinued"
    assert finding.from_stage == "discontinuation" and finding.from_codes == (T388,)
    assert "RS-CC-388" in finding.message
    assert analysis.discontinued and not analysis.requalified


def test_discontinued_after_requalification_reports_both():
    analysis = analyse_proceeding(
        events=stages(
            ("criminal_complaint", [T388]),
            ("investigation", [S350]),
            ("discontinuation", []),
        )
    )
    assert kinds(analysis) == ["requalification", "discontinued"]
    assert analysis.findings[1].from_codes == (S350,)


# --------------------------------------------------------------------------- never charged


def test_350_from_the_start_with_trafficking_facts_is_never_charged_as_trafficking():
    facts = dict(SMUGGLING, means=["threat"], acts=["transportation"], purposes=["forced_labour"])
    classification = classify(facts=facts)
    analysis = analyse_proceeding(
        events=stages(("criminal_complaint", [S350]), ("indictment", [S350])),
        classification=classification,
    )
    (finding,) = analysis.findings
    assert finding.kind == "never_charged_as_trafficking"
    assert set(finding.from_codes) == {T388, "UN-TIP"}
    assert finding.to_codes == (S350,)
    assert analysis.never_charged_as_trafficking is True
    assert not analysis.requalified


def test_never_charged_also_accepts_the_stored_json_result():
    stored = json.loads(json.dumps(classify(facts=ADULT_TRAFFICKING).to_dict()))
    analysis = analyse_proceeding(events=stages(("indictment", [M184])), classification=stored)
    assert analysis.never_charged_as_trafficking is True


def test_smuggling_facts_charged_as_smuggling_are_not_flagged():
    analysis = analyse_proceeding(
        events=stages(("indictment", [S350])), classification=classify(facts=SMUGGLING)
    )
    assert analysis.never_charged_as_trafficking is False
    assert analysis.findings == ()


def test_trafficking_facts_charged_as_trafficking_are_not_never_charged():
    analysis = analyse_proceeding(
        events=stages(("indictment", [T388])), classification=classify(facts=ADULT_TRAFFICKING)
    )
    assert analysis.never_charged_as_trafficking is False


def test_without_any_charge_yet_it_is_not_called_never_charged():
    analysis = analyse_proceeding(
        events=stages(("criminal_complaint", [])), classification=classify(facts=ADULT_TRAFFICKING)
    )
    assert analysis.never_charged_as_trafficking is False


def test_without_an_engine_result_never_charged_is_not_assessed():
    analysis = analyse_proceeding(events=stages(("indictment", [S350])))
    assert analysis.never_charged_as_trafficking is None


def test_partial_trafficking_facts_do_not_count_as_indicated():
    classification = classify(facts=dict(ADULT_TRAFFICKING, means=[]))
    analysis = analyse_proceeding(
        events=stages(("indictment", [S350])), classification=classification
    )
    assert analysis.never_charged_as_trafficking is False


def test_analysis_is_json_ready_and_keeps_catalogue_versions():
    analysis = analyse_proceeding(
        events=stages(("criminal_complaint", [T388]), ("indictment", [S350]))
    )
    data = json.loads(json.dumps(analysis.to_dict()))
    assert data["findings"][0]["from_date"] == "2023-01-01"
    assert data["catalogue_versions"] == {"RS": 1, "international": 1}


# --------------------------------------------------------------------------- stage order


@pytest.mark.parametrize(
    ("spec", "stage", "words"),
    [
        (
            (("first_instance_verdict", [T388]), ("indictment", [T388])),
            "first_instance_verdict",
            "without an earlier indictment",
        ),
        (
            (("criminal_complaint", [T388]), ("first_instance_verdict", [T388])),
            "first_instance_verdict",
            "without an earlier indictment",
        ),
        (
            (("indictment", [T388]), ("investigation", [T388])),
            "investigation",
            "cannot follow indictment",
        ),
        (
            (("indictment", [T388]), ("appeal", [T388])),
            "appeal",
            "without an earlier first_instance_verdict",
        ),
        (
            (("indictment", [T388]), ("final_judgment", [T388])),
            "final_judgment",
            "without an earlier first_instance_verdict",
        ),
        (
            (("criminal_complaint", [T388]), ("discontinuation", []), ("indictment", [T388])),
            "indictment",
            "after discontinuation",
        ),
        (
            (
                ("indictment", [T388]),
                ("first_instance_verdict", [T388]),
                ("final_judgment", [T388]),
                ("appeal", [T388]),
            ),
            "appeal",
            "after final_judgment",
        ),
    ],
)
def test_impossible_stage_orders_are_errors_naming_the_stage(spec, stage, words):
    with pytest.raises(StageOrderError) as caught:
        validate_stages(events=stages(*spec))
    assert caught.value.stage == stage
    assert stage in str(caught.value) and words in str(caught.value)


def test_a_date_earlier_than_the_previous_stage_is_an_error():
    events = stages(("criminal_complaint", [T388]), ("indictment", [T388]))
    events[1]["date"] = datetime.date(2022, 12, 1)
    with pytest.raises(StageOrderError, match="indictment dated 2022-12-01 is before"):
        validate_stages(events=events)


def test_a_retrial_after_appeal_and_an_amended_indictment_are_allowed():
    events = validate_stages(
        events=stages(
            ("criminal_complaint", [T388]),
            ("indictment", [T388]),
            ("indictment", [T388, S350]),
            ("first_instance_verdict", [T388], "conviction"),
            ("appeal", [T388]),
            ("first_instance_verdict", [T388], "acquittal"),
            ("final_judgment", [T388], "acquittal"),
        )
    )
    assert len(events) == 7


def test_a_proceeding_may_start_at_indictment_and_dates_may_be_iso_text():
    events = validate_stages(
        events=[{"stage": "indictment", "date": "2024-02-03", "charges": [T388]}]
    )
    assert events[0].date == datetime.date(2024, 2, 3)


@pytest.mark.parametrize(
    ("event", "words"),
    [
        ({"stage": "arrest", "date": "2024-01-01"}, "unknown stage 'arrest'"),
        ({"stage": "indictment", "date": "soon"}, "date must be a date"),
        (
            {"stage": "indictment", "date": "2024-01-01", "outcome": "pardon"},
            "unknown outcome 'pardon'",
        ),
        (
            {"stage": "indictment", "date": "2024-01-01", "outcome": "conviction"},
            "needs a court decision",
        ),
        (
            {"stage": "indictment", "date": "2024-01-01", "charges": "RS-CC-388"},
            "list of offence codes",
        ),
        ({"stage": "indictment", "date": "2024-01-01", "court": "Belgrade"}, "unknown key 'court'"),
    ],
)
def test_malformed_stage_events_are_errors(event, words):
    with pytest.raises(StageOrderError, match=words):
        validate_stages(events=[event])


def test_an_unknown_charge_code_is_an_error_naming_it():
    with pytest.raises(UnknownOffenceError, match="RS-CC-999"):
        validate_stages(events=stages(("indictment", ["RS-CC-999"])))


def test_international_codes_can_be_charged_and_an_empty_proceeding_is_valid():
    assert validate_stages(events=[]) == ()
    analysis = analyse_proceeding(
        events=stages(("indictment", ["UN-TIP"]), ("first_instance_verdict", ["UN-SOM"]))
    )
    assert analysis.requalified
