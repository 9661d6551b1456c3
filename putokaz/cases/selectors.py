"""Access-checked reads of persons. Views and the API fetch persons only here.

A person of an organisation the user has no access to does not exist for them:
the selectors raise PersonNotFound (shown as 404), never a 403 that would
confirm the code is real.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from putokaz.accounts.models import User
from putokaz.accounts.roles import Capability
from putokaz.accounts.selectors import Grant, actor_for, grant_for, organisation_ids_with
from putokaz.cases.consent import categories_consented_for
from putokaz.cases.models import (
    IDENTITY_EXTRA_FIELDS,
    PERSONAL_FIELDS,
    BreakGlassGrant,
    Case,
    DataCategory,
    Person,
)
from putokaz.cases.sharing import ALL_CATEGORIES, note_kinds_for, person_fields_for
from putokaz.core.audit import audit_record
from putokaz.core.codes import normalise_code, normalise_person_code
from putokaz.referrals.models import OPEN_STATUSES, Referral


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


# --- cases -------------------------------------------------------------------------------


class CaseNotFound(Exception):
    pass


class AccessMode:
    MANAGER = "manager"  # case manager of the owning organisation
    OPENER = "opener"  # the outreach worker who opened it
    OVERSIGHT = "oversight"  # organisation administrator: codes and status only
    RECIPIENT = "recipient"  # an organisation a referral went to, within consent
    BREAK_GLASS = "break_glass"  # emergency access, one hour


@dataclass(frozen=True)
class CaseAccess:
    case: Case
    mode: str
    grant: Grant | None
    categories: frozenset[str]
    can_edit: bool
    can_refer: bool
    referrals: tuple[Referral, ...] = ()  # the open referrals that give a recipient access

    @property
    def is_owner_side(self) -> bool:
        return self.mode in (AccessMode.MANAGER, AccessMode.OPENER)

    @property
    def person_fields(self) -> tuple[str, ...]:
        return person_fields_for(self.categories)


def _active_break_glass_case_ids(user: User) -> set[int]:
    return set(
        BreakGlassGrant.objects.filter(user=user, expires_at__gt=timezone.now()).values_list(
            "case_id", flat=True
        )
    )


def case_list_for_user(*, user: User) -> QuerySet[Case]:
    """Cases a user may see in a list: codes, type, status; never personal data."""
    managed = organisation_ids_with(user, capability=Capability.CASE_MANAGE)
    overseen = organisation_ids_with(user, capability=Capability.CASE_OVERSEE)
    receiving = organisation_ids_with(user, capability=Capability.REFERRAL_RECEIVE)
    visible = Q(organisation_id__in=set(managed) | set(overseen)) | Q(opened_by=user)
    if receiving:
        visible |= Q(
            pk__in=Referral.objects.filter(
                to_organisation_id__in=receiving, status__in=OPEN_STATUSES
            ).values("case_id")
        )
    glass = _active_break_glass_case_ids(user)
    if glass:
        visible |= Q(pk__in=glass)
    return (
        Case.objects.filter(visible)
        .select_related("organisation", "person", "case_manager")
        .defer(
            *(
                f"person__{f}"
                for f in (*PERSONAL_FIELDS, *IDENTITY_EXTRA_FIELDS, "phone", "current_location")
            ),
            "summary",
        )
        .distinct()
    )


def case_get_for_user(*, user: User, code: str) -> CaseAccess:
    normalised = normalise_code(code, prefix="CS")
    case = (
        (
            Case.objects.select_related(
                "organisation", "person", "person__data_key", "case_manager"
            )
            .filter(code=normalised)
            .first()
        )
        if normalised
        else None
    )
    if case is None:
        raise CaseNotFound(code)
    access = _case_access(user, case)
    if access is None:
        raise CaseNotFound(code)
    return access


def _case_access(user: User, case: Case) -> CaseAccess | None:
    org_id = case.organisation_id
    grant = grant_for(user, capability=Capability.CASE_MANAGE, organisation_id=org_id)
    if grant is not None:
        return CaseAccess(
            case,
            AccessMode.MANAGER,
            grant,
            ALL_CATEGORIES,
            can_edit=case.status == "open",
            can_refer=case.status == "open",
        )
    grant = grant_for(user, capability=Capability.CASE_OPEN, organisation_id=org_id)
    if grant is not None and case.opened_by_id == user.pk:
        return CaseAccess(
            case,
            AccessMode.OPENER,
            grant,
            ALL_CATEGORIES,
            can_edit=case.status == "open",
            can_refer=False,
        )
    if case.pk in _active_break_glass_case_ids(user):
        return CaseAccess(
            case, AccessMode.BREAK_GLASS, None, ALL_CATEGORIES, can_edit=False, can_refer=False
        )
    receiving = organisation_ids_with(user, capability=Capability.REFERRAL_RECEIVE)
    if receiving:
        referrals = tuple(
            Referral.objects.filter(
                case=case, to_organisation_id__in=receiving, status__in=OPEN_STATUSES
            ).select_related("to_organisation")
        )
        if referrals:
            categories: set[str] = set()
            for referral in referrals:
                consented = categories_consented_for(
                    case=case, organisation=referral.to_organisation
                )
                categories |= set(referral.categories) & consented
            recipient_grant = grant_for(
                user,
                capability=Capability.REFERRAL_RECEIVE,
                organisation_id=referrals[0].to_organisation_id,
            )
            return CaseAccess(
                case,
                AccessMode.RECIPIENT,
                recipient_grant,
                frozenset(categories),
                can_edit=False,
                can_refer=False,
                referrals=referrals,
            )
    grant = grant_for(user, capability=Capability.CASE_OVERSEE, organisation_id=org_id)
    if grant is not None:
        return CaseAccess(
            case, AccessMode.OVERSIGHT, grant, frozenset(), can_edit=False, can_refer=False
        )
    return None


def case_read(*, user: User, access: CaseAccess, purpose: str) -> dict[str, object]:
    """Decrypt what this access may see of a case, and audit exactly those fields."""
    case, person = access.case, access.case.person
    seen: list[str] = []
    data: dict[str, object] = {
        "person": {},
        "notes": [],
        "summary": None,
        "timeline": [],
        "health": [],
    }
    if person.is_erased:
        return data
    labelled = []
    for field in access.person_fields:
        value = getattr(person, field) or ""
        data["person"][field] = value  # type: ignore[index]
        labelled.append((Person._meta.get_field(field).verbose_name, value))
        seen.append(f"person.{field}")
    data["person_labelled"] = labelled
    if DataCategory.TESTIMONY in access.categories:
        data["summary"] = case.summary or ""
        seen.append("case.summary")
    kinds = note_kinds_for(access.categories)
    notes = [n for n in case.notes.select_related("created_by") if n.kind in kinds]
    data["notes"] = [{"note": n, "text": n.text} for n in notes]
    if notes:
        seen.append("case.notes")
    if DataCategory.LOCATION in access.categories or DataCategory.LEGAL in access.categories:
        show_place = DataCategory.LOCATION in access.categories
        data["timeline"] = [
            {
                "event": e,
                "place": e.place if show_place else None,
                "notes": e.notes if show_place else None,
            }
            for e in case.timeline.all()
        ]
        seen.append("case.timeline")
    if DataCategory.HEALTH in access.categories:
        data["health"] = [
            {"assessment": a, "health_notes": a.health_notes} for a in case.assessments.all()
        ]
        seen.append("case.health")
    if access.is_owner_side:
        # The case page shows the service plan and the tasks to the holder, decrypted.
        seen += ["case.goals", "case.tasks"]
    if seen:
        audit_record(
            actor=actor_for(user, access.grant),
            action="case.read",
            object_type="case",
            object_ref=case.code,
            fields=seen,
            purpose=f"{purpose} ({access.mode})",
        )
    return data
