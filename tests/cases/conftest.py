from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.utils import timezone

from putokaz.accounts.models import Organisation, User
from putokaz.accounts.roles import Role
from putokaz.cases.models import Case
from putokaz.cases.selectors import case_get_for_user
from putokaz.cases.services import CaseInput, ConsentInput, case_open, consent_record
from putokaz.referrals.models import Service
from tests.conftest import make_org, make_person, make_user


@dataclass
class Network:
    ngo: Organisation
    other_ngo: Organisation
    shelter: Organisation
    state_shelter: Organisation
    authority: Organisation
    police: Organisation
    case_manager: User
    outreach: User
    org_admin: User
    other_case_manager: User
    provider: User
    state_provider: User
    id_officer: User
    investigator: User
    analyst: User
    women_shelter: Service
    state_safe_house: Service
    identification: Service
    investigation: Service
    case: Case


def open_case(net_org: Organisation, manager: User, **person: str) -> Case:
    p = make_person(net_org, **person)
    return case_open(
        user=manager,
        organisation=net_org,
        person=p,
        data=CaseInput(
            case_type="trafficking", exploitation_forms=("sexual",), summary="Recruited online"
        ),
    )


def give_consent(
    case: Case,
    manager: User,
    *,
    orgs: list[Organisation],
    categories: tuple[str, ...],
    purposes: tuple[str, ...] = ("services", "identification"),
) -> None:
    access = case_get_for_user(user=manager, code=case.code)
    consent_record(
        user=manager,
        access=access,
        data=ConsentInput(
            categories=categories,
            purposes=purposes,
            method="written",
            given_at=timezone.now(),
            recipient_organisation_ids=tuple(o.pk for o in orgs),
        ),
    )


@pytest.fixture
def net(db: None) -> Network:
    ngo = make_org("Sigurna Staza")
    other = make_org("Pravni Most", "legal_aid")
    shelter = make_org("Women's Shelter NGO", "shelter")
    state_shelter = make_org("State Safe House", "shelter")
    authority = make_org("Identification Centre", "identification_authority")
    police = make_org("Police ATU", "police")
    admin = make_user("snezana", ngo, Role.ORG_ADMIN)
    admin.email = "admin@ngo.test"
    admin.save()
    manager = make_user("ana", ngo, Role.CASE_MANAGER)
    manager.email = "ana@ngo.test"
    manager.save()
    women = Service.objects.create(
        provider=shelter,
        name="Shelter for women",
        category="safe_accommodation",
        city="Belgrade",
        capacity=2,
        sexes=["female"],
        min_age=18,
        languages=["sr", "fa"],
    )
    state = Service.objects.create(
        provider=state_shelter,
        name="State safe house",
        category="safe_accommodation",
        city="Belgrade",
        capacity=10,
        legal_statuses=["citizen", "resident"],
    )
    identification = Service.objects.create(
        provider=authority, name="Formal identification", category="identification"
    )
    investigation = Service.objects.create(
        provider=police, name="Investigation", category="investigation"
    )
    case = open_case(ngo, manager)
    return Network(
        ngo=ngo,
        other_ngo=other,
        shelter=shelter,
        state_shelter=state_shelter,
        authority=authority,
        police=police,
        case_manager=manager,
        outreach=make_user("jelena", ngo, Role.OUTREACH_WORKER),
        org_admin=admin,
        other_case_manager=make_user("milan", other, Role.CASE_MANAGER),
        provider=make_user("marija", shelter, Role.SERVICE_PROVIDER),
        state_provider=make_user("goran", state_shelter, Role.SERVICE_PROVIDER),
        id_officer=make_user("dragana", authority, Role.IDENTIFICATION_OFFICER),
        investigator=make_user("nenad", police, Role.INVESTIGATOR),
        analyst=make_user("ivan", ngo, Role.ANALYST),
        women_shelter=women,
        state_safe_house=state,
        identification=identification,
        investigation=investigation,
        case=case,
    )
