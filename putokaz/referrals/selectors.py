"""Access-checked reads of services and referrals."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from putokaz.accounts.models import User
from putokaz.accounts.roles import Capability
from putokaz.accounts.selectors import organisation_ids_with
from putokaz.cases.selectors import CaseAccess
from putokaz.referrals.eligibility import Subject, Verdict, assess
from putokaz.referrals.models import OPEN_STATUSES, Referral, ReferralStatus, Service
from putokaz.referrals.presenters import reasons_text


class ReferralNotFound(Exception):
    pass


def service_in_use_counts(service_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Places taken: referrals accepted and not yet completed, per service (only those of
    ``service_ids`` when given), in one query."""
    accepted = Referral.objects.filter(status=ReferralStatus.ACCEPTED)
    if service_ids is not None:
        accepted = accepted.filter(service_id__in=list(service_ids))
    return dict(
        accepted.values("service_id").annotate(n=Count("id")).values_list("service_id", "n")
    )


def directory(*, category: str = "", city: str = "") -> QuerySet[Service]:
    services = Service.objects.filter(is_active=True, provider__is_active=True).select_related(
        "provider"
    )
    if category:
        services = services.filter(category=category)
    if city:
        services = services.filter(city__iexact=city)
    return services


@dataclass(frozen=True)
class ServiceOption:
    service: Service
    verdict: Verdict
    in_use: int

    @property
    def reasons(self) -> list[str]:
        return reasons_text(self.verdict.reasons)

    @property
    def warnings(self) -> list[str]:
        return reasons_text(self.verdict.warnings)


def subject_for(*, access: CaseAccess, age: int | None) -> Subject:
    person = access.case.person
    return Subject(
        sex=person.sex,
        age=age,
        legal_status=person.legal_status,
        nationality=person.nationality,
        case_type=access.case.case_type,
        languages=tuple(person.languages or ()),
    )


def eligibility_age(*, user: User, access: CaseAccess) -> int | None:
    """The person's age for eligibility rules: decrypts the date of birth, so it is audited."""
    from putokaz.accounts.selectors import actor_for
    from putokaz.core.audit import audit_record

    person = access.case.person
    if person.is_erased:
        return person.estimated_age
    age = person.age_in_years()
    audit_record(
        actor=actor_for(user, access.grant),
        action="person.read",
        object_type="person",
        object_ref=person.code,
        fields=["date_of_birth"],
        purpose="eligibility for services",
    )
    return age


def directory_for_case(
    *, access: CaseAccess, age: int | None, category: str = ""
) -> list[ServiceOption]:
    """Every active service with its verdict for this person: accepted ones first."""
    counts = service_in_use_counts()
    subject = subject_for(access=access, age=age)
    options = []
    for service in directory(category=category):
        in_use = counts.get(service.pk, 0)
        options.append(
            ServiceOption(
                service, assess(rules=service.rules(in_use=in_use), subject=subject), in_use
            )
        )
    options.sort(key=lambda o: (not o.verdict.eligible, o.service.category, o.service.name))
    return options


def inbox_for_user(*, user: User, status: str = "") -> QuerySet[Referral]:
    orgs = organisation_ids_with(user, capability=Capability.REFERRAL_RECEIVE)
    referrals = Referral.objects.filter(to_organisation_id__in=orgs).select_related(
        "service", "from_organisation", "to_organisation", "case"
    )
    return referrals.filter(status=status) if status else referrals


def outbox_for_user(*, user: User, status: str = "") -> QuerySet[Referral]:
    orgs = organisation_ids_with(user, capability=Capability.REFERRAL_SEND)
    referrals = Referral.objects.filter(from_organisation_id__in=orgs).select_related(
        "service", "from_organisation", "to_organisation", "case"
    )
    return referrals.filter(status=status) if status else referrals


@dataclass(frozen=True)
class ReferralAccess:
    referral: Referral
    as_sender: bool
    as_recipient: bool


def referral_get_for_user(*, user: User, code: str) -> ReferralAccess:
    from putokaz.core.codes import normalise_code

    normalised = normalise_code(code, prefix="RF")
    senders = organisation_ids_with(user, capability=Capability.REFERRAL_SEND)
    receivers = organisation_ids_with(user, capability=Capability.REFERRAL_RECEIVE)
    referral = (
        (
            Referral.objects.select_related(
                "case",
                "case__person",
                "case__person__data_key",
                "service",
                "from_organisation",
                "to_organisation",
            )
            .filter(
                Q(from_organisation_id__in=senders) | Q(to_organisation_id__in=receivers),
                code=normalised,
            )
            .first()
        )
        if normalised
        else None
    )
    if referral is None:
        raise ReferralNotFound(code)
    return ReferralAccess(
        referral, referral.from_organisation_id in senders, referral.to_organisation_id in receivers
    )


def open_referral_count(*, organisation_ids: list[int]) -> int:
    return Referral.objects.filter(
        to_organisation_id__in=organisation_ids, status__in=OPEN_STATUSES
    ).count()


def referral_read_reason(*, user: User, access: ReferralAccess) -> dict[str, str | None]:
    """The sealed texts of a referral, for its sender, or its recipient while it is open; audited."""
    from putokaz.accounts.selectors import actor_for, grant_for
    from putokaz.core.audit import audit_record

    referral = access.referral
    texts: dict[str, str | None] = {"reason": None, "decline_reason": None}
    if access.as_sender or referral.is_open:
        texts["reason"] = referral.reason
    if referral.status == "declined":
        texts["decline_reason"] = referral.decline_reason
    read = [name for name, value in texts.items() if value]
    if read:
        capability = Capability.REFERRAL_SEND if access.as_sender else Capability.REFERRAL_RECEIVE
        org_id = referral.from_organisation_id if access.as_sender else referral.to_organisation_id
        audit_record(
            actor=actor_for(user, grant_for(user, capability=capability, organisation_id=org_id)),
            action="referral.read",
            object_type="referral",
            object_ref=referral.code,
            fields=[f"referral.{name}" for name in read],
            purpose="view referral",
        )
    return texts


def services_managed_by(user: User) -> QuerySet[Service]:
    """Services of the organisations where the user may manage the directory entries
    (active or not: a closed service must be reopenable)."""
    org_ids = organisation_ids_with(user, capability=Capability.SERVICE_MANAGE)
    return Service.objects.filter(provider_id__in=org_ids, provider__is_active=True)


def service_get_for_manager(*, user: User, service_id: int) -> Service:
    """One service the user may edit; ``Service.DoesNotExist`` otherwise (the view answers
    404, so another organisation's service is indistinguishable from none)."""
    return services_managed_by(user).select_related("provider").get(pk=service_id)
