"""Fixtures for the Django side of screening: two organisations, the roles, an entry point."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from putokaz.accounts.models import Organisation, User
from putokaz.accounts.roles import Role
from putokaz.cases.models import Person
from putokaz.screening.catalogue import default_registry
from putokaz.screening.models import EntryPoint
from putokaz.screening.store import db_registry
from tests.conftest import make_org, make_person, make_user


@dataclass
class ScreeningNet:
    org: Organisation
    other_org: Organisation
    outreach: User
    case_manager: User
    other_outreach: User
    analyst: User
    org_admin: User
    sysadmin: User
    investigator: User
    entry_point: EntryPoint
    person: Person


@pytest.fixture
def snet(db: None) -> ScreeningNet:
    org = make_org("RAN Belgrade test")
    other = make_org("Other NGO test")
    authority = make_org("CIT test", "identification_authority")
    db_registry()  # copies the shipped catalogue files in, as the first page would
    return ScreeningNet(
        org=org,
        other_org=other,
        outreach=make_user("jelena", org, Role.OUTREACH_WORKER),
        case_manager=make_user("ana", org, Role.CASE_MANAGER),
        other_outreach=make_user("milan", other, Role.OUTREACH_WORKER),
        analyst=make_user("ivan", authority, Role.ANALYST),
        org_admin=make_user("snezana", org, Role.ORG_ADMIN),
        sysadmin=make_user("dejan", authority, Role.SYSTEM_ADMIN),
        investigator=make_user("nenad", org, Role.INVESTIGATOR),
        entry_point=EntryPoint.objects.create(
            name="Preševo", kind="reception_centre", municipality="Preševo"
        ),
        person=make_person(org),
    )


def positive_ids(catalogue_id: str, *dimensions: str) -> list[str]:
    """Indicator ids that make each named dimension positive: one strong and one other, or
    three medium."""
    catalogue = default_registry().catalogue(catalogue_id)
    found = []
    for dim in dimensions:
        items = [i for i in catalogue.indicators if i.dimension == dim]
        strong = [i.id for i in items if i.strength == "strong"]
        medium = [i.id for i in items if i.strength == "medium"]
        weak = [i.id for i in items if i.strength == "weak"]
        if strong:
            found.extend([strong[0], (strong[1:] + medium + weak)[0]])
        else:
            found.extend(medium[:3])
    return found
