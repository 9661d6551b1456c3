"""The referral life cycle: sent, accepted, declined, completed, cancelled; and identification."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from putokaz.accounts.models import User
from putokaz.accounts.roles import Capability
from putokaz.accounts.selectors import actor_for, grant_for
from putokaz.cases.consent import consent_check
from putokaz.cases.models import Case, DataCategory, IdentificationStatus
from putokaz.cases.selectors import CaseAccess
from putokaz.cases.services import CaseRefused, case_event
from putokaz.core.audit import SYSTEM, audit_record
from putokaz.core.notify import notify, organisation_admin_emails
from putokaz.referrals.eligibility import assess
from putokaz.referrals.models import (
    RESPONSE_TIME,
    IdentificationDecision,
    Referral,
    ReferralEvent,
    ReferralStatus,
    Service,
    ServiceCategory,
    Urgency,
)
from putokaz.referrals.presenters import reasons_text
from putokaz.referrals.selectors import ReferralAccess, service_in_use_counts, subject_for


class ReferralRefused(CaseRefused):
    pass


def _recipient_emails(referral: Referral) -> list[str]:
    from putokaz.accounts.models import Membership
    from putokaz.accounts.roles import CAPABILITIES

    roles = [r for r, caps in CAPABILITIES.items() if Capability.REFERRAL_RECEIVE in caps]
    return list(
        Membership.objects.filter(
            organisation_id=referral.to_organisation_id, role__in=roles, user__is_active=True
        ).values_list("user__email", flat=True)
    )


@dataclass(frozen=True)
class ReferralInput:
    service_id: int
    categories: tuple[str, ...]
    purpose: str
    urgency: str
    reason: str


def referral_send(
    *, user: User, access: CaseAccess, age: int | None, data: ReferralInput
) -> Referral:
    """Refuses, with the reason, anything consent, eligibility or capacity does not allow."""
    case = access.case
    if not access.can_refer:
        raise ReferralRefused(_("You cannot refer this case."))
    service = (
        Service.objects.select_related("provider")
        .filter(pk=data.service_id, is_active=True)
        .first()
    )
    if service is None:
        raise ReferralRefused(_("This service does not exist or is no longer offered."))
    if data.urgency not in Urgency.values:
        raise ReferralRefused(_("Choose how urgent the referral is."))
    unknown = set(data.categories) - set(DataCategory.values)
    if unknown or not data.categories:
        raise ReferralRefused(_("Choose which data the referral carries."))
    if not data.reason.strip():
        raise ReferralRefused(_("Say why you refer the person."))
    with transaction.atomic():
        # Lock the service row so two referrals cannot both take its last place.
        Service.objects.select_for_update().filter(pk=service.pk).first()
        in_use = service_in_use_counts([service.pk]).get(service.pk, 0)
        verdict = assess(
            rules=service.rules(in_use=in_use), subject=subject_for(access=access, age=age)
        )
        if not verdict.eligible:
            raise ReferralRefused(
                _("%(service)s does not accept this person: %(reasons)s.")
                % {"service": service.name, "reasons": "; ".join(reasons_text(verdict.reasons))}
            )
        check = consent_check(
            case=case,
            organisation=service.provider,
            purpose=data.purpose,
            categories=set(data.categories),
        )
        if not check.allowed:
            raise ReferralRefused(
                _(
                    "The person's consent does not allow sending %(missing)s to %(org)s for this purpose."
                )
                % {
                    "missing": ", ".join(str(DataCategory(c).label) for c in sorted(check.missing)),
                    "org": service.provider,
                }
            )
        referral = Referral(
            case=case,
            service=service,
            from_organisation_id=case.organisation_id,
            to_organisation=service.provider,
            categories=sorted(set(data.categories)),
            purpose=data.purpose,
            urgency=data.urgency,
            created_by=user,
            respond_by=timezone.now() + RESPONSE_TIME[data.urgency],
        )
        referral.reason = data.reason.strip()
        referral.save()
        ReferralEvent.objects.create(
            referral=referral,
            status=ReferralStatus.SENT,
            actor=user,
            organisation_id=case.organisation_id,
        )
        case_event(
            case=case,
            actor_user=user,
            organisation_id=case.organisation_id,
            kind="referral_sent",
            referral=referral.code,
            service=service.pk,
            categories=referral.categories,
        )
        audit_record(
            actor=actor_for(user, access.grant),
            action="referral.send",
            object_type="referral",
            object_ref=referral.code,
            fields=referral.categories,
            purpose=f"{data.purpose} to organisation {service.provider_id}",
        )
        notify(
            emails=_recipient_emails(referral),
            subject=f"Putokaz: new referral {referral.code}",
            body=f"Your organisation has received referral {referral.code} ({service.get_category_display()}). "
            f"Please answer by {timezone.localtime(referral.respond_by):%Y-%m-%d %H:%M}.",
        )
    return referral


def _transition(
    *,
    user: User,
    access: ReferralAccess,
    to: str,
    allowed_from: tuple[str, ...],
    as_recipient: bool,
) -> Referral:
    referral = access.referral
    if as_recipient and not access.as_recipient:
        raise ReferralRefused(_("Only the receiving organisation can do this."))
    if not as_recipient and not access.as_sender:
        raise ReferralRefused(_("Only the referring organisation can do this."))
    updated = Referral.objects.filter(pk=referral.pk, status__in=allowed_from).update(
        status=to, updated_at=timezone.now()
    )
    if not updated:
        raise ReferralRefused(
            _("This referral is %(status)s; it cannot become %(to)s.")
            % {"status": referral.get_status_display(), "to": ReferralStatus(to).label}
        )
    org_id = referral.to_organisation_id if as_recipient else referral.from_organisation_id
    ReferralEvent.objects.create(referral=referral, status=to, actor=user, organisation_id=org_id)
    case_event(
        case=referral.case,
        actor_user=user,
        organisation_id=org_id,
        kind=f"referral_{to}",
        referral=referral.code,
    )
    capability = Capability.REFERRAL_RECEIVE if as_recipient else Capability.REFERRAL_SEND
    audit_record(
        actor=actor_for(user, grant_for(user, capability=capability, organisation_id=org_id)),
        action=f"referral.{to}",
        object_type="referral",
        object_ref=referral.code,
    )
    referral.status = to
    return referral


def referral_accept(*, user: User, access: ReferralAccess) -> Referral:
    with transaction.atomic():
        referral = _transition(
            user=user,
            access=access,
            to=ReferralStatus.ACCEPTED,
            allowed_from=(ReferralStatus.SENT,),
            as_recipient=True,
        )
        notify(
            emails=[referral.created_by.email],
            subject=f"Putokaz: referral {referral.code} accepted",
            body=f"Referral {referral.code} was accepted by {referral.to_organisation}.",
        )
    return referral


def referral_decline(*, user: User, access: ReferralAccess, reason: str) -> Referral:
    if not reason.strip():
        raise ReferralRefused(
            _("Say why the referral is declined, so the sender can find another service.")
        )
    with transaction.atomic():
        referral = _transition(
            user=user,
            access=access,
            to=ReferralStatus.DECLINED,
            allowed_from=(ReferralStatus.SENT,),
            as_recipient=True,
        )
        referral.decline_reason = reason.strip()
        referral.save(update_fields=["decline_reason"])
        notify(
            emails=[referral.created_by.email],
            subject=f"Putokaz: referral {referral.code} declined",
            body=f"Referral {referral.code} was declined by {referral.to_organisation}. "
            "The reason is in Putokaz.",
        )
    return referral


def referral_complete(*, user: User, access: ReferralAccess) -> Referral:
    with transaction.atomic():
        return _transition(
            user=user,
            access=access,
            to=ReferralStatus.COMPLETED,
            allowed_from=(ReferralStatus.ACCEPTED,),
            as_recipient=True,
        )


def referral_cancel(*, user: User, access: ReferralAccess) -> Referral:
    with transaction.atomic():
        return _transition(
            user=user,
            access=access,
            to=ReferralStatus.CANCELLED,
            allowed_from=(ReferralStatus.SENT, ReferralStatus.ACCEPTED),
            as_recipient=False,
        )


@dataclass(frozen=True)
class IdentificationInput:
    decision: str
    decided_on: dt.date
    basis_notes: str
    basis_screening_ref: str = ""
    recovery_period_start: dt.date | None = None
    recovery_period_end: dt.date | None = None


def identification_decide(
    *, user: User, access: ReferralAccess, data: IdentificationInput
) -> IdentificationDecision:
    referral = access.referral
    grant = grant_for(
        user,
        capability=Capability.IDENTIFICATION_DECIDE,
        organisation_id=referral.to_organisation_id,
    )
    if grant is None or not access.as_recipient:
        raise ReferralRefused(
            _("Only an identification officer of the receiving authority can decide.")
        )
    if referral.service.category != ServiceCategory.IDENTIFICATION:
        raise ReferralRefused(_("This referral is not a referral for formal identification."))
    if data.decision not in (
        IdentificationStatus.IDENTIFIED,
        IdentificationStatus.NOT_IDENTIFIED,
        IdentificationStatus.NOT_COMPLETED,
    ):
        raise ReferralRefused(_("Choose the decision."))
    if data.decided_on > timezone.localdate():
        raise ReferralRefused(_("The decision cannot be dated in the future."))
    if not data.basis_notes.strip():
        raise ReferralRefused(_("Record the basis of the decision."))
    start, end = data.recovery_period_start, data.recovery_period_end
    if (start is None) != (end is None) or (start and end and end < start):
        raise ReferralRefused(
            _("Give both dates of the recovery and reflection period, the end after the start.")
        )
    with transaction.atomic():
        if referral.status == ReferralStatus.SENT:
            _transition(
                user=user,
                access=access,
                to=ReferralStatus.ACCEPTED,
                allowed_from=(ReferralStatus.SENT,),
                as_recipient=True,
            )
        decision = IdentificationDecision(
            referral=referral,
            case=referral.case,
            decision=data.decision,
            decided_on=data.decided_on,
            officer=user,
            basis_screening_ref=data.basis_screening_ref,
            recovery_period_start=start,
            recovery_period_end=end,
        )
        decision.basis_notes = data.basis_notes.strip()
        decision.save()
        Case.objects.filter(pk=referral.case_id).update(
            identification_status=data.decision, version=F("version") + 1
        )
        _transition(
            user=user,
            access=access,
            to=ReferralStatus.COMPLETED,
            allowed_from=(ReferralStatus.ACCEPTED,),
            as_recipient=True,
        )
        case_event(
            case=referral.case,
            actor_user=user,
            organisation_id=referral.to_organisation_id,
            kind="identification_decided",
            decision=data.decision,
        )
        audit_record(
            actor=actor_for(user, grant),
            action="identification.decide",
            object_type="case",
            object_ref=referral.case.code,
            fields=["identification.basis_notes"],
            purpose=data.decision,
        )
        notify(
            emails=[referral.created_by.email],
            subject=f"Putokaz: identification decision on {referral.case.code}",
            body=f"The identification authority recorded its decision on case {referral.case.code}.",
        )
    return decision


def referrals_escalate_overdue(*, now: dt.datetime | None = None) -> int:
    """Mark referrals nobody answered in time; tell the sender and the recipient's administrators."""
    now = now or timezone.now()
    escalated = 0
    overdue = Referral.objects.filter(
        status=ReferralStatus.SENT, respond_by__lt=now, escalated_at__isnull=True
    ).select_related("case", "created_by", "to_organisation")
    for referral in overdue:
        with transaction.atomic():
            if not Referral.objects.filter(pk=referral.pk, escalated_at__isnull=True).update(
                escalated_at=now
            ):
                continue  # another worker got there first
            case_event(
                case=referral.case,
                actor_user=None,
                organisation_id=None,
                kind="referral_escalated",
                referral=referral.code,
            )
            audit_record(
                actor=SYSTEM,
                action="referral.escalate",
                object_type="referral",
                object_ref=referral.code,
                purpose="no answer by the deadline",
            )
            notify(
                emails=[
                    referral.created_by.email,
                    *organisation_admin_emails(referral.to_organisation_id),
                ],
                subject=f"Putokaz: referral {referral.code} is overdue",
                body=f"Referral {referral.code} to {referral.to_organisation} was due for an answer by "
                f"{timezone.localtime(referral.respond_by):%Y-%m-%d %H:%M} and has none. "
                "Please open Putokaz to answer or follow it up.",
            )
            escalated += 1
    return escalated


@dataclass(frozen=True)
class ServiceUpdate:
    """What a provider's administrator keeps current; eligibility rules stay with the
    system administrators (they decide who is refused)."""

    capacity: int | None
    languages: tuple[str, ...]
    description: str
    is_active: bool


def service_update(*, user: User, service: Service, data: ServiceUpdate) -> Service:
    """Update a directory entry of the user's organisation; raises CaseRefused when the
    places would be fewer than the people placed there now."""
    grant = grant_for(
        user, capability=Capability.SERVICE_MANAGE, organisation_id=service.provider_id
    )
    if grant is None:
        raise CaseRefused(_("You cannot change this organisation's services."))
    with transaction.atomic():
        # Locked like a referral's acceptance does, so that a place cannot be taken away
        # while it is being given.
        locked = Service.objects.select_for_update().get(pk=service.pk)
        in_use = service_in_use_counts([locked.pk]).get(locked.pk, 0)
        if data.capacity is not None and data.capacity < in_use:
            raise CaseRefused(
                _("Places cannot be fewer than the people placed there now (%(count)d).")
                % {"count": in_use}
            )
        new = {
            "capacity": data.capacity,
            "languages": list(data.languages),
            "description": data.description.strip(),
            "is_active": data.is_active,
        }
        changed = [name for name, value in new.items() if getattr(locked, name) != value]
        for name, value in new.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*new])
        audit_record(
            actor=actor_for(user, grant),
            action="service.update",
            object_type="service",
            object_ref=str(locked.pk),
            fields=changed,
            purpose="service directory",
        )
    return locked
