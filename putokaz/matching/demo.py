"""Demo duplicates: the same people registered again, spelled as another officer would.

"Mohammad Reza Ahmady" (RAN Belgrade, born "1998-01-01", a placeholder) is registered again
by Sigurna Staza as "Mohamad Reza Ahmadi" / محمدرضا احمدی, born 1998-03-12: a candidate
across organisations, with a linkage request from Sigurna Staza waiting for RAN Belgrade.
Sigurna Staza's "Fatemeh Ahmadi" (1998) is registered there a second time as "Fatima
Ahmadi": a candidate inside one organisation, to merge or dismiss. Safe to run again.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from putokaz.accounts.models import Organisation, User
from putokaz.cases.models import Case, Person
from putokaz.cases.selectors import case_get_for_user
from putokaz.cases.services import (
    CaseInput,
    ConsentInput,
    PersonInput,
    case_open,
    consent_record,
    person_create,
)
from putokaz.core.audit import Actor
from putokaz.matching.models import CandidateStatus, DuplicateCandidate, LinkageRequest
from putokaz.matching.services import duplicates_scan, linkage_request_create

DEMO_ACTOR = Actor(label="demo-loader")

SECOND_REGISTRATIONS = [
    (
        "women",
        PersonInput(
            given_name="Mohamad Reza",
            family_name="Ahmadi",
            given_name_original="محمدرضا",
            family_name_original="احمدی",
            date_of_birth="1998-03-12",
            sex="male",
            nationality="AF",
        ),
    ),
    (
        "women",
        PersonInput(
            given_name="Fatima",
            family_name="Ahmadi",
            given_name_original="فاطمه",
            family_name_original="احمدی",
            date_of_birth="1998-03-12",
            sex="female",
            nationality="AF",
        ),
    ),
]


def _find(organisation: Organisation, data: PersonInput) -> Person | None:
    # The demo organisations hold a handful of persons: decrypting them to recognise our own
    # registrations is cheaper than keeping a marker beside encrypted data.
    for person in Person.objects.filter(organisation=organisation, erased_at__isnull=True):
        if (person.given_name, person.family_name, person.date_of_birth) == (
            data.given_name,
            data.family_name,
            data.date_of_birth,
        ):
            return person
    return None


def load_demo(*, organisations: dict[str, Organisation]) -> None:
    manager = User.objects.filter(username="casemanager").first()
    with transaction.atomic():
        added = []
        for key, data in SECOND_REGISTRATIONS:
            person = _find(organisations[key], data)
            if person is None:
                person = person_create(actor=DEMO_ACTOR, organisation=organisations[key], data=data)
            added.append(person)
        duplicates_scan(actor=DEMO_ACTOR)
        if manager is None:
            return
        mohamad = added[0]
        candidate = (
            DuplicateCandidate.objects.filter(status=CandidateStatus.OPEN)
            .filter(person_a__organisation=organisations["refugee"], person_b=mohamad)
            .first()
            or DuplicateCandidate.objects.filter(
                status=CandidateStatus.OPEN,
                person_a=mohamad,
                person_b__organisation=organisations["refugee"],
            ).first()
        )
        if candidate is None or LinkageRequest.objects.filter(candidate=candidate).exists():
            return
        case = Case.objects.filter(person=mohamad).first() or case_open(
            user=manager,
            organisation=organisations["women"],
            person=mohamad,
            data=CaseInput(
                case_type="trafficking",
                exploitation_forms=("labour",),
                summary="Says he was registered in Belgrade before; worked off a debt on a farm.",
            ),
        )
        consent_record(
            user=manager,
            access=case_get_for_user(user=manager, code=case.code),
            data=ConsentInput(
                categories=("identity",),
                purposes=("record_linkage",),
                method="verbal_interpreter",
                interpreter_language="fa",
                given_at=timezone.now(),
                recipient_types=("ngo",),
            ),
        )
        linkage_request_create(user=manager, candidate=candidate)
