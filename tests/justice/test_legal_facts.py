"""Legal facts of a case: every save is a version with the assistant's result and catalogues."""

from __future__ import annotations

import pytest
from django.db import connection

from putokaz.cases.models import CaseEvent
from putokaz.cases.selectors import case_get_for_user
from putokaz.core.models import AuditEvent
from putokaz.justice import selectors, services
from putokaz.justice.models import LegalFacts
from putokaz.legal.catalogue import default_catalogues
from tests.conftest import login
from tests.justice.conftest import SMUGGLING_FACTS, TRAFFICKING_FACTS, record_facts

pytestmark = pytest.mark.django_db


def _status(row: LegalFacts, code: str) -> str:
    return next(o["status"] for o in row.classification["offences"] if o["code"] == code)


def test_saving_facts_recalculates_the_assessment_and_keeps_the_catalogue_versions(justice) -> None:
    manager, case = justice.net.case_manager, justice.case
    first = record_facts(manager, case, SMUGGLING_FACTS)
    assert _status(first, "RS-CC-350") == "indicated"
    assert _status(first, "RS-CC-388") == "not_indicated"
    assert (
        first.catalogue_versions
        == default_catalogues().versions("RS")
        == {"RS": 1, "international": 1}
    )
    assert first.classification["catalogue_versions"] == first.catalogue_versions

    second = record_facts(manager, case, TRAFFICKING_FACTS, expected_version=1)
    assert second.version == 2 and _status(second, "RS-CC-388") == "indicated"
    assert "smuggling_with_trafficking_indicators" in {
        f["code"] for f in second.classification["flags"]
    }
    # The earlier version is kept, unchanged, and is no longer current.
    first.refresh_from_db()
    assert not first.is_current and _status(first, "RS-CC-388") == "not_indicated"
    assert LegalFacts.objects.filter(case=case, is_current=True).get() == second
    kinds = list(
        CaseEvent.objects.filter(case=case, kind="legal_facts_recorded").values_list(
            "detail", flat=True
        )
    )
    assert [k["version"] for k in kinds] == [1, 2] and "RS-CC-388" in kinds[1]["indicated"]


def test_a_save_based_on_an_outdated_version_is_refused(justice) -> None:
    manager, case = justice.net.case_manager, justice.case
    record_facts(manager, case, SMUGGLING_FACTS)
    with pytest.raises(services.StaleFacts):
        record_facts(manager, case, TRAFFICKING_FACTS, expected_version=0)
    assert LegalFacts.objects.filter(case=case).count() == 1


def test_an_unknown_fact_code_is_refused_naming_it(justice) -> None:
    with pytest.raises(services.JusticeRefused, match="deceptoin"):
        record_facts(
            justice.net.case_manager, justice.case, {**TRAFFICKING_FACTS, "means": ["deceptoin"]}
        )
    assert not LegalFacts.objects.exists()


def test_the_age_comes_from_the_person_when_readable_and_the_read_is_audited(justice) -> None:
    facts = {k: v for k, v in TRAFFICKING_FACTS.items() if k != "person_age"}
    row = record_facts(justice.net.case_manager, justice.case, facts, use_person_age=True)
    assert (
        row.age_source == "person" and row.facts["person_age"] == justice.case.person.age_in_years()
    )
    assert AuditEvent.objects.filter(
        action="person.read", object_ref=justice.case.person.code, purpose="age for the legal facts"
    ).exists()
    typed = record_facts(justice.net.case_manager, justice.case, {**facts, "person_age": 16})
    assert typed.age_source == "entered" and typed.classification["age_basis"] == "child"
    unknown = record_facts(justice.net.case_manager, justice.case, facts)
    assert unknown.age_source == "unknown" and "age_unknown" in {
        f["code"] for f in unknown.classification["flags"]
    }


def test_notes_are_sealed_in_the_database(justice) -> None:
    row = record_facts(
        justice.net.case_manager,
        justice.case,
        TRAFFICKING_FACTS,
        notes="Passport taken in Novi Sad",
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM justice_legalfacts WHERE id = %s", [row.pk])
        raw = bytes(cursor.fetchone()[0])
    assert b"Novi Sad" not in raw
    assert LegalFacts.objects.get(pk=row.pk).notes == "Passport taken in Novi Sad"


def test_the_investigator_of_the_referral_records_facts_but_oversight_sees_none(justice) -> None:
    row = record_facts(justice.net.investigator, justice.case, TRAFFICKING_FACTS)
    assert row.recorded_by_organisation_id == justice.net.police.pk
    admin = justice.net.org_admin
    oversight = case_get_for_user(user=admin, code=justice.case.code)
    assert oversight.mode == "oversight"
    # Oversight sees codes and status, not the legal facts.
    assert selectors.legal_facts_access(user=admin, case_access=oversight) is None


def test_the_edit_form_saves_checkboxes_and_yes_no_answers_as_engine_facts(justice, client) -> None:
    login(client, justice.net.case_manager)
    url = f"/cases/{justice.case.code}/legal-facts/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "jurisdiction": "RS",
            "person_age": "17",
            "acts": ["recruitment"],
            "purposes": ["forced_labour"],
            "border_crossing__irregular": "yes",
            "border_crossing__facilitated_by_other": "yes",
            "border_crossing__facilitator_material_benefit": "no",
            "consent__to_movement": "yes",
            "relationship_after_arrival": "continued",
            "circumstances": ["circumstances.committed_by_group"],
            "notes": "Debt to the smuggler",
            "version": "0",
        },
    )
    assert response.status_code == 302
    row = LegalFacts.objects.get(case=justice.case)
    assert row.facts == {
        "jurisdiction": "RS",
        "person_age": 17,
        "acts": ["recruitment"],
        "purposes": ["forced_labour"],
        "border_crossing": {
            "irregular": True,
            "facilitated_by_other": True,
            "facilitator_material_benefit": False,
        },
        "consent": {"to_movement": True},
        "relationship_after_arrival": "continued",
        "circumstances": {"committed_by_group": True},
    }
    # A child: act and purpose suffice for trafficking, no means needed.
    assert _status(row, "RS-CC-388") == "indicated"
    page = client.get(f"/cases/{justice.case.code}/").content.decode()
    assert "does not decide guilt or status" in page
    assert 'data-offence="RS-CC-388" data-status="indicated"' in page
    assert 'data-flag="child_no_means_required"' in page
    assert "Trafficking or smuggling?" in page
    assert "relationship with the facilitator continued after arrival" in page
