"""Proceedings: stage order, requalification detected from the charges, and who is told."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail

from putokaz.cases.models import CaseEvent
from putokaz.justice import selectors, services
from putokaz.justice.models import Proceeding, ProceedingFinding, StageEvent
from tests.cases.conftest import open_case
from tests.justice.conftest import (
    SMUGGLING_FACTS,
    TRAFFICKING_FACTS,
    add_stage,
    link,
    new_proceeding,
    record_facts,
    refer_to_police,
)

pytestmark = pytest.mark.django_db

PERSONAL = ("Fatemeh", "Ahmadi", "فاطمه", "1998")


def _kinds(proceeding: Proceeding) -> list[tuple[str, str]]:
    return list(proceeding.findings.order_by("id").values_list("kind", "to_stage"))


@pytest.fixture
def linked(justice):
    proceeding = new_proceeding(justice)
    link(justice, proceeding)
    return justice, proceeding


def test_the_recording_police_unit_is_set_and_the_reference_stays_internal(justice) -> None:
    proceeding = new_proceeding(justice, notes="Informant in the café")
    assert (
        proceeding.police_unit == justice.net.police
        and proceeding.prosecutor_office == justice.prosecution
    )
    assert proceeding.code.startswith("PR-") and proceeding.code != proceeding.reference_number


@pytest.mark.parametrize(
    ("sequence", "refused", "message"),
    [
        ((("indictment", 5), ("investigation", 1)), "investigation", "cannot follow indictment"),
        (
            (("criminal_complaint", 5), ("first_instance_verdict", 1)),
            "first_instance_verdict",
            "without an earlier indictment",
        ),
        (
            (("criminal_complaint", 5), ("discontinuation", 3), ("investigation", 1)),
            "investigation",
            "ends the proceeding",
        ),
        (
            (("criminal_complaint", 1), ("investigation", 5)),
            "investigation",
            "before the preceding",
        ),
    ],
)
def test_an_impossible_stage_is_refused_naming_it_and_nothing_is_saved(
    linked, sequence, refused, message
) -> None:
    justice, proceeding = linked
    *accepted, (last, days_ago) = sequence
    for stage, ago in accepted:
        add_stage(justice.net.investigator, proceeding, stage, "RS-CC-388", days_ago=ago)
    before = StageEvent.objects.count()
    events_before = CaseEvent.objects.count()
    with pytest.raises(services.JusticeRefused) as error:
        add_stage(justice.net.investigator, proceeding, last, "RS-CC-388", days_ago=days_ago)
    label = {"investigation": "Investigation", "first_instance_verdict": "First-instance verdict"}[
        refused
    ]
    assert f"“{label}”" in str(error.value) and message in str(error.value)
    assert StageEvent.objects.count() == before and CaseEvent.objects.count() == events_before


def test_charges_outside_the_national_catalogue_and_misplaced_outcomes_are_refused(linked) -> None:
    justice, proceeding = linked
    with pytest.raises(services.JusticeRefused, match="UN-TIP"):
        add_stage(justice.net.investigator, proceeding, "criminal_complaint", "UN-TIP")
    with pytest.raises(services.JusticeRefused, match="RS-CC-999"):
        add_stage(justice.net.investigator, proceeding, "criminal_complaint", "RS-CC-999")
    with pytest.raises(services.JusticeRefused, match="conviction"):
        add_stage(
            justice.net.investigator, proceeding, "indictment", "RS-CC-388", outcome="conviction"
        )
    assert not StageEvent.objects.exists()


def test_requalification_388_to_350_is_detected_marked_and_mailed_without_personal_data(
    linked, django_capture_on_commit_callbacks
) -> None:
    justice, proceeding = linked
    investigator, prosecutor = justice.net.investigator, justice.prosecutor
    with django_capture_on_commit_callbacks(execute=True):
        add_stage(investigator, proceeding, "criminal_complaint", "RS-CC-388", days_ago=30)
        add_stage(investigator, proceeding, "investigation", "RS-CC-388", days_ago=20)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        add_stage(prosecutor, proceeding, "indictment", "RS-CC-350", days_ago=5)
    proceeding.refresh_from_db()
    assert proceeding.requalified and proceeding.current_stage == "indictment"
    assert _kinds(proceeding) == [("requalification", "indictment")]
    finding = proceeding.findings.get()
    assert finding.from_codes == ["RS-CC-388"] and finding.to_codes == ["RS-CC-350"]
    assert finding.to_families == ["smuggling"]

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@ngo.test"]
    text = message.subject + message.body
    assert proceeding.code in text and justice.case.code in text and "Indictment" in text
    assert "RS-CC-388" in text and "RS-CC-350" in text
    for personal in (*PERSONAL, proceeding.reference_number, justice.case.person.code):
        assert personal not in text
    event = CaseEvent.objects.get(case=justice.case, kind="proceeding_requalification")
    assert event.detail["proceeding"] == proceeding.code and event.detail["stage"] == "indictment"

    # A later stage keeps the mark but does not announce the same requalification again.
    with django_capture_on_commit_callbacks(execute=True):
        add_stage(
            prosecutor,
            proceeding,
            "first_instance_verdict",
            "RS-CC-350",
            days_ago=1,
            outcome="conviction",
        )
    assert len(mail.outbox) == 1
    assert _kinds(proceeding) == [("requalification", "indictment")]


def test_a_dropped_trafficking_charge_with_another_remaining_is_a_partial_requalification(
    linked, django_capture_on_commit_callbacks
) -> None:
    justice, proceeding = linked
    with django_capture_on_commit_callbacks(execute=True):
        add_stage(
            justice.net.investigator,
            proceeding,
            "criminal_complaint",
            "RS-CC-388",
            "RS-CC-390",
            days_ago=9,
        )
        add_stage(justice.net.investigator, proceeding, "indictment", "RS-CC-390", days_ago=1)
    proceeding.refresh_from_db()
    assert proceeding.partially_requalified and not proceeding.requalified
    assert _kinds(proceeding) == [("partial_requalification", "indictment")]
    assert "dropped" in mail.outbox[0].body


def test_facts_indicating_trafficking_never_charged_as_such_are_marked(
    linked, django_capture_on_commit_callbacks
) -> None:
    justice, proceeding = linked
    add_stage(justice.net.investigator, proceeding, "criminal_complaint", "RS-CC-350", days_ago=3)
    proceeding.refresh_from_db()
    # No facts recorded yet: "not assessed", not "no".
    assert proceeding.never_charged_as_trafficking is None
    with django_capture_on_commit_callbacks(execute=True):
        record_facts(justice.net.case_manager, justice.case, TRAFFICKING_FACTS)
    proceeding.refresh_from_db()
    assert proceeding.never_charged_as_trafficking is True
    assert _kinds(proceeding) == [("never_charged_as_trafficking", "")]
    assert "indicate trafficking" in mail.outbox[0].body
    # Facts that no longer indicate trafficking withdraw the mark.
    record_facts(justice.net.case_manager, justice.case, SMUGGLING_FACTS)
    proceeding.refresh_from_db()
    assert proceeding.never_charged_as_trafficking is False and not proceeding.findings.exists()


def test_discontinuation_is_marked(linked, django_capture_on_commit_callbacks) -> None:
    justice, proceeding = linked
    with django_capture_on_commit_callbacks(execute=True):
        add_stage(
            justice.net.investigator, proceeding, "criminal_complaint", "RS-CC-388", days_ago=9
        )
        add_stage(
            justice.net.investigator, proceeding, "discontinuation", days_ago=1, outcome="dismissal"
        )
    proceeding.refresh_from_db()
    assert proceeding.discontinued and proceeding.current_stage == "discontinuation"
    assert _kinds(proceeding) == [("discontinued", "")]
    assert len(mail.outbox) == 1


def test_a_case_linked_after_the_requalification_is_told_about_it(
    linked, django_capture_on_commit_callbacks
) -> None:
    justice, proceeding = linked
    add_stage(justice.net.investigator, proceeding, "criminal_complaint", "RS-CC-388", days_ago=9)
    add_stage(justice.net.investigator, proceeding, "indictment", "RS-CC-184", days_ago=1)
    second = open_case(justice.net.ngo, justice.net.case_manager, given_name="Zahra")
    refer_to_police(justice.net, second)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        link(justice, proceeding, second, role="witness")
    assert len(mail.outbox) == 1 and second.code in mail.outbox[0].body
    assert justice.case.code not in mail.outbox[0].body
    assert CaseEvent.objects.filter(case=second, kind="proceeding_requalification").exists()
    assert ProceedingFinding.objects.get(proceeding=proceeding).to_families == ["sexual"]


def test_only_a_case_open_to_the_investigator_can_be_linked(justice) -> None:
    proceeding = new_proceeding(justice)
    unreferred = open_case(justice.net.ngo, justice.net.case_manager)
    access = selectors.proceeding_get_for_user(user=justice.net.investigator, code=proceeding.code)
    for code in (unreferred.code, "CS-2222-2222", "nonsense"):
        with pytest.raises(services.JusticeRefused, match="No case with this code is open to you"):
            services.proceeding_link_case(
                user=justice.net.investigator, access=access, case_code=code, role="witness"
            )
    link(justice, proceeding)
    with pytest.raises(services.JusticeRefused, match="already linked"):
        link(justice, proceeding)


def test_victim_protection_is_recorded_for_a_party(linked) -> None:
    justice, proceeding = linked
    access = selectors.proceeding_get_for_user(user=justice.net.investigator, code=proceeding.code)
    party = access.visible_parties()[0]
    with pytest.raises(services.JusticeRefused, match="requested"):
        services.party_protection_update(
            user=justice.net.investigator,
            access=access,
            party_id=party.pk,
            data=services.ProtectionInput(protection_granted=("video_link",)),
        )
    updated = services.party_protection_update(
        user=justice.net.investigator,
        access=access,
        party_id=party.pk,
        data=services.ProtectionInput(
            protection_requested=("video_link", "vulnerable_witness"),
            protection_granted=("video_link",),
            information_given=("rights",),
            compensation_claimed=Decimal("250000"),
        ),
    )
    assert updated.protection_requested == ["vulnerable_witness", "video_link"]
    assert CaseEvent.objects.filter(case=justice.case, kind="proceeding_protection").exists()
