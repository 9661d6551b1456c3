from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.utils import timezone

from putokaz.accounts.models import Organisation, User
from putokaz.accounts.roles import Role
from putokaz.cases.models import Case, Person
from putokaz.cases.selectors import case_get_for_user
from putokaz.cases.services import CaseInput, ConsentInput, case_open, consent_record
from tests.conftest import make_org, make_person, make_user

MOHAMMAD_RAN = {
    "given_name": "Mohammad Reza",
    "family_name": "Ahmady",
    "given_name_original": "محمدرضا",
    "family_name_original": "احمدی",
    "date_of_birth": "1998-01-01",
    "sex": "male",
}
MOHAMAD_WOMEN = {
    "given_name": "Mohamad Reza",
    "family_name": "Ahmadi",
    "given_name_original": "محمدرضا",
    "family_name_original": "احمدی",
    "date_of_birth": "1998-03-12",
    "sex": "male",
}
FILLERS = [
    ("Zahra", "Hosseini", "زهرا", "حسینی", "2007-03-12", "female", "AF"),
    ("Amal", "Al-Khatib", "أمل", "الخطيب", "1995-11-02", "female", "SY"),
    ("Khadija", "El Idrissi", "", "", "2001", "female", "MA"),
    ("Gul Ahmad", "Zadran", "", "", "2008", "male", "AF"),
    ("Muhammad Bilal", "Chaudhry", "", "", "1993-07", "male", "PK"),
    ("Ayşe", "Yılmaz", "", "", "1990-05-17", "female", "TR"),
    ("Youssef", "Benali", "", "", "1999", "male", "MA"),
    ("Husein", "Al Obaidi", "", "", "1987-09-30", "male", "IQ"),
]


@dataclass
class Linkage:
    women: Organisation
    ran: Organisation
    ana: User  # case manager, Sigurna Staza
    jelena: User  # outreach worker, Sigurna Staza
    snezana: User  # organisation administrator, Sigurna Staza
    ivan: User  # analyst, Sigurna Staza
    goran: User  # case manager, RAN Belgrade
    fatemeh: Person  # Sigurna Staza
    fatima: Person  # Sigurna Staza: the same woman registered again
    mohamad: Person  # Sigurna Staza
    mohammad: Person  # RAN Belgrade: the same man
    fillers: list[Person]


def open_case(person: Person, manager: User) -> Case:
    return case_open(
        user=manager,
        organisation=person.organisation,
        person=person,
        data=CaseInput(case_type="trafficking", exploitation_forms=("labour",), summary="Debt"),
    )


def linkage_consent(case: Case, manager: User, **recipients: tuple) -> None:
    consent_record(
        user=manager,
        access=case_get_for_user(user=manager, code=case.code),
        data=ConsentInput(
            categories=("identity",),
            purposes=("record_linkage",),
            method="written",
            given_at=timezone.now(),
            **recipients,
        ),
    )


@pytest.fixture
def linkage(db: None) -> Linkage:
    women = make_org("Sigurna Staza")
    ran = make_org("RAN Belgrade")
    fillers = []
    for k, (g, f, go, fo, dob, sex, nat) in enumerate(FILLERS):
        org = women if k % 2 else ran
        fillers.append(
            make_person(
                org,
                given_name=g,
                family_name=f,
                given_name_original=go,
                family_name_original=fo,
                date_of_birth=dob,
                sex=sex,
                nationality=nat,
            )
        )
    return Linkage(
        women=women,
        ran=ran,
        ana=make_user("ana", women, Role.CASE_MANAGER),
        jelena=make_user("jelena", women, Role.OUTREACH_WORKER),
        snezana=make_user("snezana", women, Role.ORG_ADMIN),
        ivan=make_user("ivan", women, Role.ANALYST),
        goran=make_user("goran", ran, Role.CASE_MANAGER),
        fatemeh=make_person(women, given_name="Fatemeh", date_of_birth="1998"),
        fatima=make_person(women, given_name="Fatima"),
        mohamad=make_person(women, **MOHAMAD_WOMEN),
        mohammad=make_person(ran, **MOHAMMAD_RAN),
        fillers=fillers,
    )


# --- tests ---------------------------------------------------------------------------------

import inspect  # noqa: E402

from django.apps import apps  # noqa: E402
from django.core.exceptions import ImproperlyConfigured  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from putokaz.cases.services import PersonInput, person_update  # noqa: E402
from putokaz.core.audit import Actor  # noqa: E402
from putokaz.core.fields import EncryptedTextField  # noqa: E402
from putokaz.core.models import AuditEvent  # noqa: E402
from putokaz.matching import services  # noqa: E402
from putokaz.matching.models import (  # noqa: E402
    CandidateStatus,
    DuplicateCandidate,
    LinkageStatus,
    MergeRecord,
    PersonEncoding,
    PersonLink,
)
from putokaz.matching.selectors import distinct_people_count  # noqa: E402
from putokaz.matching.tasks import rescan_duplicates  # noqa: E402

pytestmark = pytest.mark.django_db


def _input(person: Person, **changes: str) -> PersonInput:
    fields = ("given_name", "family_name", "given_name_original", "family_name_original")
    data = {name: getattr(person, name) or "" for name in (*fields, "date_of_birth")}
    return PersonInput(**{**data, "sex": person.sex, "nationality": person.nationality, **changes})


def _pair(a: Person, b: Person) -> DuplicateCandidate | None:
    x, y = sorted((a.pk, b.pk))
    return DuplicateCandidate.objects.filter(person_a_id=x, person_b_id=y).first()


def test_a_registration_gets_its_encoding_and_it_follows_name_and_birth_date(linkage) -> None:
    person = linkage.fatemeh
    first = PersonEncoding.objects.get(person=person)
    assert bytes(first.clk) and first.block_keys  # the engine's format, opaque here
    assert set(first.keys.values_list("key", flat=True)) == set(first.block_keys)

    person_update(
        actor=Actor(label="test"),
        person=person,
        data=_input(person, family_name="Karimi", family_name_original="کریمی"),
        expected_version=person.version,
    )
    renamed = PersonEncoding.objects.get(person=person)
    assert bytes(renamed.clk) != bytes(first.clk) and renamed.block_keys != first.block_keys
    assert renamed.computed_at > first.computed_at

    person_update(
        actor=Actor(label="test"),
        person=person,
        data=_input(person, date_of_birth="2001-05-06"),
        expected_version=person.version,
    )
    redated = PersonEncoding.objects.get(person=person)
    assert bytes(redated.clk) != bytes(renamed.clk)
    # The stored encoding is exactly what the engine makes of the current data.
    expected = services.encode_records(
        records=[services.person_record(person)], secret=services.linkage_secret()
    )[0]
    assert bytes(redated.clk) == expected.clk


def test_the_encoding_tables_hold_no_name_date_or_secret(linkage) -> None:
    secret = services.linkage_secret()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM matching_personencoding")
        rows = cursor.fetchall()
        cursor.execute("SELECT * FROM matching_encodingblockkey")
        rows += cursor.fetchall()
    assert len(rows) > len(FILLERS)
    # Keyed digests are stored as hex text and a run of hex digits can contain "1998" by
    # chance (the secret differs per checkout), as can row ids next to each other: so ids
    # are left out, values kept apart, and runs of 16 or more hex digits masked. A name or
    # date in clear is none of these.
    raw = b"\0".join(
        bytes(v)
        if isinstance(v, (bytes, memoryview))
        else re.sub(r"[0-9a-f]{16,}", "#", str(v)).encode()
        for r in rows
        for v in r
        if not isinstance(v, int)
    )
    for plain in (
        "Fatemeh",
        "fatemeh",
        "FATEMEH",
        "Ahmadi",
        "ahmadi",
        "احمدی",
        "فاطمه",
        "Mohammad",
        "1998-03-12",
        "1998",
        "MHMT",
        "AHMT",
    ):
        assert plain.encode() not in raw, plain
    assert secret not in raw


def test_the_linkage_secret_comes_from_the_environment_and_is_required_in_production(
    monkeypatch, settings
) -> None:
    derived = services.linkage_secret()
    assert derived == services.linkage_secret() and len(derived) >= 32  # deterministic in test
    monkeypatch.setenv("PUTOKAZ_LINKAGE_SECRET", "s" * 40)
    assert services.linkage_secret() == b"s" * 40
    monkeypatch.setenv("PUTOKAZ_LINKAGE_SECRET", "short")
    with pytest.raises(ImproperlyConfigured, match="too short"):
        services.linkage_secret()
    monkeypatch.delenv("PUTOKAZ_LINKAGE_SECRET")
    settings.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured, match="must be set in production"):
        services.linkage_secret()


def test_a_scan_finds_spellings_of_one_person_within_and_across_organisations(linkage) -> None:
    result = services.duplicates_scan()
    assert result.encodings == len(FILLERS) + 4
    same = _pair(linkage.fatemeh, linkage.fatima)
    across = _pair(linkage.mohamad, linkage.mohammad)
    assert same is not None and across is not None and same.status == across.status == "open"
    assert across.score >= services.THRESHOLD
    assert _pair(linkage.fatemeh, linkage.mohamad) is None
    # A scan again changes nothing; a corrected name drops the candidate it no longer supports.
    assert services.duplicates_scan().new == 0
    person_update(
        actor=Actor(label="test"),
        person=linkage.fatima,
        data=_input(
            linkage.fatima,
            given_name="Khalid",
            given_name_original="خالد",
            sex="male",
            family_name="Rahimi",
            family_name_original="رحیمی",
            date_of_birth="1960",
        ),
        expected_version=linkage.fatima.version,
    )
    assert services.duplicates_scan().removed == 1
    assert _pair(linkage.fatemeh, linkage.fatima) is None


def test_the_rescan_task_after_a_bulk_import_keeps_to_the_importing_organisation(linkage) -> None:
    assert not DuplicateCandidate.objects.exists()
    rescan_duplicates.enqueue([linkage.ran.pk])  # the immediate backend runs it now
    assert _pair(linkage.mohamad, linkage.mohammad) is not None  # involves RAN Belgrade
    assert _pair(linkage.fatemeh, linkage.fatima) is None  # Sigurna Staza only: not in scope
    assert AuditEvent.objects.filter(action="duplicates.scan").exists()


def test_saving_a_person_scans_for_their_duplicates_after_commit(
    linkage, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        again = make_person(linkage.ran, **{**MOHAMAD_WOMEN, "given_name": "Mohammadreza"})
    assert _pair(again, linkage.mohammad) is not None
    assert _pair(linkage.fatemeh, linkage.fatima) is None  # only this person's pairs


def test_the_scan_command(linkage, capsys) -> None:
    call_command("duplicates", "scan")
    out = capsys.readouterr().out
    assert "possible duplicates" in out and DuplicateCandidate.objects.count() >= 2


def test_linkage_needs_both_consents_then_each_side_sees_the_other(linkage) -> None:
    services.duplicates_scan()
    candidate = _pair(linkage.mohamad, linkage.mohammad)
    women_case = open_case(linkage.mohamad, linkage.ana)
    with pytest.raises(services.MatchingRefused, match="consent"):
        services.linkage_request_create(user=linkage.ana, candidate=candidate)
    linkage_consent(women_case, linkage.ana, recipient_types=("ngo",))
    request = services.linkage_request_create(user=linkage.ana, candidate=candidate)
    assert request.to_organisation == linkage.ran and request.status == LinkageStatus.REQUESTED
    with pytest.raises(services.MatchingRefused, match="already waiting"):
        services.linkage_request_create(user=linkage.ana, candidate=candidate)
    # Only the other organisation's case managers decide.
    with pytest.raises(services.MatchingRefused):
        services.linkage_decide(user=linkage.ana, request_id=request.pk, accept=True)
    ran_case = open_case(linkage.mohammad, linkage.goran)
    with pytest.raises(services.MatchingRefused, match=r"not consented.*Sigurna Staza"):
        services.linkage_decide(user=linkage.goran, request_id=request.pk, accept=True)
    request.refresh_from_db()
    assert request.status == LinkageStatus.REQUESTED and not PersonLink.objects.exists()
    linkage_consent(ran_case, linkage.goran, recipient_organisation_ids=(linkage.women.pk,))
    services.linkage_decide(user=linkage.goran, request_id=request.pk, accept=True)
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.LINKED
    assert PersonLink.objects.filter(linkage_request=request).count() == 1
    assert distinct_people_count(organisation_ids=[linkage.women.pk, linkage.ran.pk]) == (
        len(FILLERS) + 4 - 1
    )


def test_a_refusal_as_not_the_same_person_dismisses_the_candidate(linkage) -> None:
    services.duplicates_scan()
    candidate = _pair(linkage.mohamad, linkage.mohammad)
    linkage_consent(open_case(linkage.mohamad, linkage.ana), linkage.ana, recipient_types=("ngo",))
    request = services.linkage_request_create(user=linkage.ana, candidate=candidate)
    with pytest.raises(services.MatchingRefused, match="reason"):
        services.linkage_decide(user=linkage.goran, request_id=request.pk, accept=False)
    services.linkage_decide(
        user=linkage.goran, request_id=request.pk, accept=False, reason="not_same_person"
    )
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.DISMISSED
    # A decided candidate stays decided when the engine finds the pair again.
    services.duplicates_scan()
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.DISMISSED


def _sealed_rows(case: Case) -> dict[str, object]:
    case = Case.objects.select_related("person__data_key").get(pk=case.pk)
    return {
        "person": case.person_id,
        "summary": case.summary,
        "notes": [n.text for n in case.notes.all()],
        "consents": [c.note for c in case.consents.all()],
    }


def test_merge_moves_the_cases_resealed_and_undo_restores_them_exactly(linkage) -> None:
    from putokaz.cases.services import note_add

    services.duplicates_scan()
    candidate = _pair(linkage.fatemeh, linkage.fatima)
    kept_case = open_case(linkage.fatemeh, linkage.ana)
    moved_case = open_case(linkage.fatima, linkage.ana)
    note_add(
        user=linkage.ana,
        access=case_get_for_user(user=linkage.ana, code=moved_case.code),
        kind="general",
        text="Prefers a Dari interpreter",
    )
    linkage_consent(moved_case, linkage.ana, recipient_types=("ngo",))
    before = _sealed_rows(moved_case)

    with pytest.raises(services.MatchingRefused):
        services.person_merge(user=linkage.jelena, survivor=linkage.fatemeh, merged=linkage.fatima)
    record = services.person_merge(
        user=linkage.ana, survivor=linkage.fatemeh, merged=linkage.fatima, candidate=candidate
    )
    after = _sealed_rows(moved_case)
    assert after["person"] == linkage.fatemeh.pk
    assert {k: v for k, v in after.items() if k != "person"} == {
        k: v for k, v in before.items() if k != "person"
    }  # decrypts under the survivor's key
    assert record.moved["cases"] == [{"id": moved_case.pk, "code": moved_case.code}]
    assert "cases.casenote" in record.moved["resealed"]
    assert Person.objects.filter(pk=linkage.fatima.pk).exists()  # nothing deleted
    assert set(Case.objects.filter(person=linkage.fatemeh)) == {kept_case, moved_case}
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.MERGED
    assert distinct_people_count(organisation_ids=[linkage.women.pk]) == 3 + len(FILLERS) // 2 - 1
    assert AuditEvent.objects.filter(action="person.merge", object_ref=linkage.fatima.code).exists()
    assert moved_case.events.filter(kind="person_merged").exists()
    with pytest.raises(services.MatchingRefused, match="already merged"):
        services.person_merge(user=linkage.ana, survivor=linkage.fatemeh, merged=linkage.fatima)
    # The merged registration takes no part in scans while merged.
    services.duplicates_scan()
    assert not DuplicateCandidate.objects.filter(person_b=linkage.fatima, status="open").exists()

    services.person_unmerge(user=linkage.ana, merge_id=record.pk)
    assert _sealed_rows(moved_case) == before
    assert list(Case.objects.filter(person=linkage.fatemeh)) == [kept_case]
    record.refresh_from_db()
    assert record.undone_at is not None and record.undone_by == linkage.ana
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.OPEN
    assert distinct_people_count(organisation_ids=[linkage.women.pk]) == 3 + len(FILLERS) // 2
    assert AuditEvent.objects.filter(action="person.unmerge").exists()
    with pytest.raises(services.MatchingRefused):
        services.person_unmerge(user=linkage.ana, merge_id=record.pk)


def test_merge_is_refused_across_organisations_and_for_chains(linkage) -> None:
    with pytest.raises(services.MatchingRefused):
        services.person_merge(user=linkage.ana, survivor=linkage.mohamad, merged=linkage.mohammad)
    services.person_merge(user=linkage.ana, survivor=linkage.fatemeh, merged=linkage.fatima)
    with pytest.raises(services.MatchingRefused, match="undo those merges first"):
        services.person_merge(user=linkage.ana, survivor=linkage.mohamad, merged=linkage.fatemeh)
    assert MergeRecord.objects.count() == 1


def test_every_sealed_model_keyed_through_a_case_points_at_it_directly() -> None:
    # Merging re-seals rows found through a ForeignKey to Case; a model keyed through a longer
    # path (say referral.case.person) would be missed and become unreadable after a merge.
    for model in apps.get_models():
        if not any(isinstance(f, EncryptedTextField) for f in model._meta.concrete_fields):
            continue
        source = inspect.getsource(model.encryption_data_key)
        if ".person.data_key" in source and model is not Case:
            assert "self.case.person.data_key" in source, model
            assert any(
                getattr(f, "related_model", None) is Case and f.name == "case"
                for f in model._meta.concrete_fields
            ), model


def test_distinct_people_count_counts_linked_registrations_once(linkage) -> None:
    total = len(FILLERS) + 4
    assert distinct_people_count(organisation_ids=None) == total
    a, b = sorted((linkage.mohamad.pk, linkage.mohammad.pk))
    PersonLink.objects.create(person_a_id=a, person_b_id=b)
    assert distinct_people_count(organisation_ids=None) == total - 1
    # Within one organisation the other side is not counted, and the link joins nothing.
    assert distinct_people_count(organisation_ids=[linkage.ran.pk]) == 1 + len(FILLERS) // 2
    # A chain through a merge is still one person.
    x, y = sorted((linkage.fatemeh.pk, linkage.mohamad.pk))
    PersonLink.objects.create(person_a_id=x, person_b_id=y)
    assert distinct_people_count(organisation_ids=None) == total - 2
