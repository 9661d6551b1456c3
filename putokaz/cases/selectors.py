"""Access-checked reads of persons. Views and the API fetch persons only here.

A person of an organisation the user has no access to does not exist for them:
the selectors raise PersonNotFound (shown as 404), never a 403 that would
confirm the code is real.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from putokaz.accounts.models import User
from putokaz.accounts.roles import Capability
from putokaz.accounts.selectors import Grant, actor_for, grant_for, organisation_ids_with
from putokaz.cases.models import PERSONAL_FIELDS, Person
from putokaz.core.audit import audit_record
from putokaz.core.codes import normalise_person_code


class PersonNotFound(Exception):
    pass


@dataclass(frozen=True)
class PersonAccess:
    person: Person
    grant: Grant
    can_read_personal: bool
    can_edit: bool


def person_list_for_user(*, user: User) -> QuerySet[Person]:
    """Persons the user may list: pseudonymous codes and statistics attributes only."""
    org_ids = organisation_ids_with(user, capability=Capability.PERSON_LIST)
    return (
        Person.objects.filter(organisation_id__in=org_ids)
        .select_related("organisation")
        .defer(*PERSONAL_FIELDS)
    )


def person_get_for_user(*, user: User, code: str) -> PersonAccess:
    normalised = normalise_person_code(code)
    if normalised is None:
        raise PersonNotFound(code)
    org_ids = organisation_ids_with(user, capability=Capability.PERSON_LIST)
    person = (
        Person.objects.filter(code=normalised, organisation_id__in=org_ids)
        .select_related("organisation", "data_key")
        .first()
    )
    if person is None:
        raise PersonNotFound(code)
    read = grant_for(
        user, capability=Capability.PERSON_READ, organisation_id=person.organisation_id
    )
    edit = grant_for(
        user, capability=Capability.PERSON_EDIT, organisation_id=person.organisation_id
    )
    listing = grant_for(
        user, capability=Capability.PERSON_LIST, organisation_id=person.organisation_id
    )
    assert listing is not None  # guaranteed by the organisation filter above
    return PersonAccess(
        person=person,
        grant=read or listing,
        can_read_personal=read is not None and not person.is_erased,
        can_edit=edit is not None and not person.is_erased,
    )


@dataclass(frozen=True)
class PersonalData:
    given_name: str
    family_name: str
    given_name_original: str
    family_name_original: str
    date_of_birth: str


def person_read_personal(*, user: User, access: PersonAccess, purpose: str) -> PersonalData | None:
    """Decrypt a person's identifying data for someone allowed to read it, and audit the read."""
    if not access.can_read_personal:
        return None
    person = access.person
    data = PersonalData(**{name: getattr(person, name) or "" for name in PERSONAL_FIELDS})
    audit_record(
        actor=actor_for(user, access.grant),
        action="person.read",
        object_type="person",
        object_ref=person.code,
        fields=PERSONAL_FIELDS,
        purpose=purpose,
    )
    return data
