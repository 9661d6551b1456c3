"""Writes to persons. Each runs in one transaction and writes its audit event there."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from putokaz.accounts.models import Organisation, User
from putokaz.cases.models import (
    PERSONAL_FIELDS,
    AgeBand,
    BreakGlassGrant,
    Case,
    CaseEvent,
    CaseNote,
    CaseStatus,
    CaseTask,
    CaseTransfer,
    CaseType,
    CloseReason,
    Consent,
    ConsentMethod,
    GbvType,
    GoalStatus,
    NeedsAssessment,
    NoteKind,
    Person,
    PlanGoal,
    ServiceDelivery,
    Sex,
    StatusEvent,
    StatusEventKind,
)
from putokaz.core.audit import Actor, audit_record
from putokaz.core.keys import data_key_create, data_key_erase

if TYPE_CHECKING:
    from putokaz.cases.selectors import CaseAccess

_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class StaleEdit(Exception):
    """Someone else saved the person after this form was opened."""


def validate_partial_date(value: str) -> str:
    """Accept YYYY, YYYY-MM or YYYY-MM-DD: registrations often know only the year."""
    value = value.strip()
    if not value:
        return ""
    if not _PARTIAL_DATE.match(value):
        raise ValidationError(_("Enter the date as YYYY-MM-DD, YYYY-MM or YYYY."), code="format")
    parts = [int(p) for p in value.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise ValidationError(_("This date does not exist."), code="invalid") from None
    if parts[0] < 1900 or dt.date(parts[0], 1, 1) > timezone.localdate():
        raise ValidationError(_("The year of birth is out of range."), code="range")
    return value


def age_band_for(date_of_birth: str, *, today: dt.date | None = None) -> str:
    if not date_of_birth:
        return AgeBand.UNKNOWN
    today = today or timezone.localdate()
    parts = [int(p) for p in date_of_birth.split("-")]
    year, month, day = (
        parts[0],
        parts[1] if len(parts) > 1 else 7,
        parts[2] if len(parts) > 2 else 1,
    )
    age = today.year - year - ((today.month, today.day) < (month, day))
    for band, upper in (("0-13", 13), ("14-17", 17), ("18-24", 24), ("25-34", 34), ("35-49", 49)):
        if age <= upper:
            return band
    return AgeBand.AGE_50_PLUS


@dataclass(frozen=True)
class PersonInput:
    given_name: str = ""
    family_name: str = ""
    given_name_original: str = ""
    family_name_original: str = ""
    date_of_birth: str = ""
    sex: str = Sex.UNKNOWN
    nationality: str = ""


def person_create(*, actor: Actor, organisation: Organisation, data: PersonInput) -> Person:
    with transaction.atomic():
        person = Person(organisation=organisation, data_key=data_key_create())
        _apply(person, data)
        person.save()
        from putokaz.matching.services import person_encoding_changed  # duplicate detection

        person_encoding_changed(person=person)
        audit_record(
            actor=actor,
            action="person.create",
            object_type="person",
            object_ref=person.code,
            fields=_filled(data),
            purpose="registration",
        )
    return person


def person_update(
    *, actor: Actor, person: Person, data: PersonInput, expected_version: int
) -> Person:
    """Save changes unless someone saved in between (optimistic locking): nothing is overwritten."""
    with transaction.atomic():
        changed = [
            name
            for name in (*PERSONAL_FIELDS, "sex", "nationality")
            if (getattr(person, name) or "") != (getattr(data, name) or "")
        ]
        _apply(person, data)
        updated = Person.objects.filter(pk=person.pk, version=expected_version).update(
            version=F("version") + 1
        )
        if not updated:
            raise StaleEdit(person.code)
        person.version = expected_version + 1
        person.save()
        if changed:  # names, date of birth, sex, nationality: what the encoding is made of
            from putokaz.matching.services import person_encoding_changed

            person_encoding_changed(person=person)
        audit_record(
            actor=actor,
            action="person.update",
            object_type="person",
            object_ref=person.code,
            fields=changed,
            purpose="correction",
        )
    return person


def _apply(person: Person, data: PersonInput) -> None:
    for name in PERSONAL_FIELDS:
        setattr(person, name, getattr(data, name).strip())
    person.sex = data.sex
    person.nationality = data.nationality.strip().upper()
    person.age_band = age_band_for(data.date_of_birth)


def _filled(data: PersonInput) -> list[str]:
    return [name for name in (*PERSONAL_FIELDS, "sex", "nationality") if getattr(data, name)]


def person_export(*, actor: Actor, person: Person) -> dict[str, Any]:
    """Everything held on a person, decrypted: the data subject's right of access."""
    if person.is_erased:
        personal: dict[str, Any] = {"erased_at": person.erased_at.isoformat()}  # type: ignore[union-attr]
    else:
        personal = {name: getattr(person, name) or "" for name in PERSONAL_FIELDS}
    export = {
        "code": person.code,
        "registered_by": person.organisation.name,
        "created_at": person.created_at.isoformat(),
        "updated_at": person.updated_at.isoformat(),
        "personal_data": personal,
        "statistics_attributes": {
            "sex": person.sex,
            "age_band": person.age_band,
            "nationality": person.nationality,
        },
    }
    audit_record(
        actor=actor,
        action="person.export",
        object_type="person",
        object_ref=person.code,
        fields=PERSONAL_FIELDS,
        purpose="right of access (export)",
    )
    return export


def person_erase(*, actor: Actor, person: Person) -> None:
    """Destroy the person's data key: every sealed field becomes unreadable for good."""
    with transaction.atomic():
        locked = Person.objects.select_for_update().select_related("data_key").get(pk=person.pk)
        if locked.is_erased:
            return
        data_key_erase(locked.data_key)
        # The Bloom-filter encoding is derived from the names: it goes with them.
        from putokaz.matching.models import PersonEncoding

        PersonEncoding.objects.filter(person=locked).delete()
        Person.objects.filter(pk=locked.pk).update(
            erased_at=timezone.now(), version=F("version") + 1
        )
        audit_record(
            actor=actor,
            action="person.erase",
            object_type="person",
            object_ref=locked.code,
            fields=PERSONAL_FIELDS,
            purpose="erasure",
        )
    person.refresh_from_db()


# --- cases -------------------------------------------------------------------------------


class CaseRefused(Exception):
    """A write the rules forbid; the message says why, for the person at the form."""


def case_event(
    *, case: Case, actor_user: User | None, organisation_id: int | None, kind: str, **detail: object
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case, actor=actor_user, organisation_id=organisation_id, kind=kind, detail=detail
    )


def _history(
    *,
    user: User,
    access: CaseAccess,
    kind: str,
    action: str,
    fields: Iterable[str] = (),
    purpose: str = "",
    organisation_id: int | None = None,
    **detail: object,
) -> None:
    """A change to a case is both a case-history event and an audit event."""
    case = access.case
    case_event(
        case=case,
        actor_user=user,
        organisation_id=organisation_id or case.organisation_id,
        kind=kind,
        **detail,
    )
    audit_record(
        actor=_actor(user, access.grant),
        action=action,
        object_type="case",
        object_ref=case.code,
        fields=fields,
        purpose=purpose,
    )


def _actor(user: User, grant: object | None = None) -> Actor:
    from putokaz.accounts.selectors import actor_for

    return actor_for(user, grant)  # type: ignore[arg-type]


@dataclass(frozen=True)
class CaseInput:
    case_type: str
    exploitation_forms: tuple[str, ...] = ()
    gbv_types: tuple[str, ...] = ()
    entry_point: str = ""
    summary: str = ""


def _check_case_input(data: CaseInput) -> None:
    if data.case_type in (CaseType.TRAFFICKING, CaseType.BOTH) and not data.exploitation_forms:
        raise CaseRefused(_("Say which form of exploitation is suspected (or 'other')."))
    if data.case_type in (CaseType.GBV, CaseType.BOTH) and not data.gbv_types:
        raise CaseRefused(_("Classify the gender-based violence (at least one GBVIMS type)."))


def _gbv_in_order(types: tuple[str, ...]) -> list[str]:
    # GBVIMS classifies in a fixed order; keep the stored list in that order too.
    return [t for t in GbvType.values if t in types]


def case_open(*, user: User, organisation: Organisation, person: Person, data: CaseInput) -> Case:
    from putokaz.accounts.selectors import grant_for

    grant = grant_for(user, capability="case.open", organisation_id=organisation.pk)
    if grant is None:
        raise CaseRefused(_("Your role does not allow opening cases in this organisation."))
    _check_case_input(data)
    with transaction.atomic():
        case = Case(
            person=person,
            organisation=organisation,
            opened_by=user,
            case_manager=user if grant.role == "case_manager" else None,
            case_type=data.case_type,
            exploitation_forms=list(data.exploitation_forms),
            gbv_types=_gbv_in_order(data.gbv_types),
            entry_point=data.entry_point,
        )
        case.summary = data.summary
        case.save()
        case_event(
            case=case,
            actor_user=user,
            organisation_id=organisation.pk,
            kind="opened",
            case_type=data.case_type,
        )
        audit_record(
            actor=_actor(user, grant),
            action="case.open",
            object_type="case",
            object_ref=case.code,
            fields=["case.summary"] if data.summary else [],
            purpose="case management",
        )
    return case


def case_update(*, user: User, access: CaseAccess, data: CaseInput, expected_version: int) -> Case:
    """Optimistic locking: a save based on an outdated version is refused, nothing is overwritten."""
    case = access.case
    if not access.can_edit:
        raise CaseRefused(_("You cannot change this case."))
    _check_case_input(data)
    with transaction.atomic():
        updated = Case.objects.filter(pk=case.pk, version=expected_version).update(
            version=F("version") + 1
        )
        if not updated:
            raise StaleEdit(case.code)
        case.version = expected_version + 1
        case.case_type = data.case_type
        case.exploitation_forms = list(data.exploitation_forms)
        case.gbv_types = _gbv_in_order(data.gbv_types)
        case.entry_point = data.entry_point
        case.summary = data.summary
        case.save()
        _history(
            user=user,
            access=access,
            kind="updated",
            action="case.update",
            fields=["case.summary", "case.classification"],
            purpose="case management",
            case_type=data.case_type,
        )
    return case


def case_close(*, user: User, access: CaseAccess, reason: str) -> Case:
    case = access.case
    if access.mode != "manager":
        raise CaseRefused(_("Only the organisation's case managers can close a case."))
    if reason not in CloseReason.values:
        raise CaseRefused(_("Choose a reason for closing the case."))
    with transaction.atomic():
        Case.objects.filter(pk=case.pk).update(
            status=CaseStatus.CLOSED,
            close_reason=reason,
            closed_at=timezone.now(),
            version=F("version") + 1,
        )
        _history(
            user=user,
            access=access,
            kind="closed",
            action="case.close",
            purpose=reason,
            reason=reason,
        )
    case.refresh_from_db()
    return case


def case_reopen(*, user: User, access: CaseAccess) -> Case:
    case = access.case
    if access.mode != "manager" or case.status != CaseStatus.CLOSED:
        raise CaseRefused(_("Only a closed case can be reopened, by a case manager."))
    with transaction.atomic():
        Case.objects.filter(pk=case.pk).update(
            status=CaseStatus.OPEN, close_reason="", closed_at=None, version=F("version") + 1
        )
        case_event(
            case=case, actor_user=user, organisation_id=case.organisation_id, kind="reopened"
        )
        audit_record(
            actor=_actor(user, access.grant),
            action="case.reopen",
            object_type="case",
            object_ref=case.code,
        )
    case.refresh_from_db()
    return case


@dataclass(frozen=True)
class ConsentInput:
    categories: tuple[str, ...]
    purposes: tuple[str, ...]
    method: str
    given_at: dt.datetime
    recipient_organisation_ids: tuple[int, ...] = ()
    recipient_types: tuple[str, ...] = ()
    interpreter_language: str = ""
    note: str = ""


def consent_record(*, user: User, access: CaseAccess, data: ConsentInput) -> Consent:
    case = access.case
    if not access.is_owner_side or not access.can_edit:
        raise CaseRefused(_("Only the organisation holding the case records consent."))
    if not data.categories or not data.purposes:
        raise CaseRefused(_("Consent must name at least one data category and one purpose."))
    if not data.recipient_organisation_ids and not data.recipient_types:
        raise CaseRefused(
            _("Consent must say to which organisations, or kinds of organisation, data may go.")
        )
    if data.method == ConsentMethod.VERBAL_INTERPRETER and not data.interpreter_language:
        raise CaseRefused(_("Record the language of the interpreter."))
    if data.given_at > timezone.now() + dt.timedelta(minutes=5):
        raise CaseRefused(_("Consent cannot be dated in the future."))
    with transaction.atomic():
        consent = Consent(
            case=case,
            categories=sorted(set(data.categories)),
            purposes=sorted(set(data.purposes)),
            recipient_types=sorted(set(data.recipient_types)),
            method=data.method,
            given_at=data.given_at,
            interpreter_language=data.interpreter_language,
            recorded_by=user,
        )
        consent.note = data.note
        consent.save()
        consent.recipient_organisations.set(data.recipient_organisation_ids)
        _history(
            user=user,
            access=access,
            kind="consent_recorded",
            action="consent.record",
            fields=consent.categories,
            purpose=",".join(consent.purposes),
            consent=consent.pk,
            categories=consent.categories,
            purposes=consent.purposes,
            method=data.method,
        )
    return consent


def consent_withdraw(*, user: User, access: CaseAccess, consent_id: int) -> Consent:
    """Takes effect at once: recipients' views consult active consent on every request."""
    case = access.case
    if not access.is_owner_side:
        raise CaseRefused(_("Only the organisation holding the case records a withdrawal."))
    with transaction.atomic():
        consent = Consent.objects.select_for_update().filter(pk=consent_id, case=case).first()
        if consent is None:
            raise CaseRefused(_("There is no such consent on this case."))
        if consent.withdrawn_at is not None:
            return consent
        consent.withdrawn_at = timezone.now()
        consent.withdrawn_by = user
        consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
        _history(
            user=user,
            access=access,
            kind="consent_withdrawn",
            action="consent.withdraw",
            fields=consent.categories,
            consent=consent.pk,
        )
    return consent


def _owner_write(access: CaseAccess, refusal: str) -> Case:
    """Only the holder of an open case writes to it; `refusal` says so in a whole sentence."""
    if not access.can_edit or not access.is_owner_side:
        raise CaseRefused(refusal)
    return access.case


def note_add(*, user: User, access: CaseAccess, kind: str, text: str) -> CaseNote:
    case = _owner_write(access, _("You cannot add notes to this case."))
    if not text.strip():
        raise CaseRefused(_("The note is empty."))
    if kind not in NoteKind.values:
        raise CaseRefused(_("Choose what kind of note this is."))
    with transaction.atomic():
        note = CaseNote(case=case, kind=kind, created_by=user)
        note.text = text.strip()
        note.save()
        _history(
            user=user,
            access=access,
            kind="note_added",
            action="case.note_add",
            fields=["case.notes"],
            note_kind=kind,
        )
    return note


def needs_assess(
    *, user: User, access: CaseAccess, needs: list[dict[str, str]], health_notes: str, notes: str
) -> NeedsAssessment:
    case = _owner_write(access, _("You cannot add a needs assessment to this case."))
    if not needs:
        raise CaseRefused(_("Record at least one need."))
    with transaction.atomic():
        assessment = NeedsAssessment(case=case, needs=needs, created_by=user)
        assessment.health_notes, assessment.notes = health_notes.strip(), notes.strip()
        assessment.save()
        _history(
            user=user,
            access=access,
            kind="needs_assessed",
            action="case.needs_assess",
            fields=["case.health"] if health_notes else [],
            needs=[n["need"] for n in needs],
        )
    return assessment


def goal_add(
    *, user: User, access: CaseAccess, need: str, description: str, due_date: dt.date | None
) -> PlanGoal:
    case = _owner_write(access, _("You cannot change the service plan of this case."))
    if not description.strip():
        raise CaseRefused(_("Describe the goal."))
    with transaction.atomic():
        goal = PlanGoal(case=case, need=need, due_date=due_date, created_by=user)
        goal.description = description.strip()
        goal.save()
        _history(
            user=user,
            access=access,
            kind="goal_added",
            action="case.goal_add",
            fields=["case.goals"],
            need=need,
        )
    return goal


def goal_set_status(*, user: User, access: CaseAccess, goal_id: int, status: str) -> PlanGoal:
    case = _owner_write(access, _("You cannot change the service plan of this case."))
    goal = PlanGoal.objects.filter(pk=goal_id, case=case).first()
    if goal is None or status not in GoalStatus.values:
        raise CaseRefused(_("There is no such goal on this case."))
    with transaction.atomic():
        PlanGoal.objects.filter(pk=goal.pk).update(status=status)
        _history(
            user=user,
            access=access,
            kind="goal_status",
            action="case.goal_status",
            goal=goal.pk,
            status=status,
        )
    goal.status = status
    return goal


def task_add(*, user: User, access: CaseAccess, title: str, due_date: dt.date | None) -> CaseTask:
    case = _owner_write(access, _("You cannot change the tasks of this case."))
    if not title.strip():
        raise CaseRefused(_("Say what has to be done."))
    with transaction.atomic():
        task = CaseTask(
            case=case, due_date=due_date, assigned_to=case.case_manager or user, created_by=user
        )
        task.title = title.strip()
        task.save()
        _history(
            user=user,
            access=access,
            kind="task_added",
            action="case.task_add",
            fields=["case.tasks"],
            due=str(due_date or ""),
        )
    return task


def task_done(*, user: User, access: CaseAccess, task_id: int) -> None:
    case = _owner_write(access, _("You cannot change the tasks of this case."))
    with transaction.atomic():
        if CaseTask.objects.filter(pk=task_id, case=case, done_at__isnull=True).update(
            done_at=timezone.now()
        ):
            _history(
                user=user,
                access=access,
                kind="task_done",
                action="case.task_done",
                task=task_id,
            )


def status_event_add(
    *,
    user: User,
    access: CaseAccess,
    kind: str,
    on_date: dt.date,
    legal_status: str,
    place: str,
    notes: str,
) -> StatusEvent:
    """A step in the location and legal-status timeline; the person's current status follows it."""
    case = _owner_write(access, _("You cannot add to the timeline of this case."))
    if kind not in StatusEventKind.values:
        raise CaseRefused(_("Choose what happened."))
    if on_date > timezone.localdate():
        raise CaseRefused(_("The date is in the future."))
    with transaction.atomic():
        event = StatusEvent(
            case=case, kind=kind, on_date=on_date, legal_status=legal_status, created_by=user
        )
        event.place, event.notes = place.strip(), notes.strip()
        event.save()
        latest = case.timeline.exclude(legal_status="").order_by("-on_date", "-id").first()
        if latest is not None:
            Person.objects.filter(pk=case.person_id).update(legal_status=latest.legal_status)
        if place.strip() and (kind in (StatusEventKind.ARRIVAL, StatusEventKind.LOCATION)):
            person = case.person
            person.current_location = place.strip()
            person.save(update_fields=["current_location"])
        _history(
            user=user,
            access=access,
            kind="timeline",
            action="case.timeline_add",
            fields=["case.timeline"] + (["person.current_location"] if place else []),
            event=kind,
            legal_status=legal_status,
        )
    return event


def delivery_record(
    *,
    user: User,
    access: CaseAccess,
    organisation: Organisation,
    category: str,
    delivered_on: dt.date,
    description: str,
) -> ServiceDelivery:
    """Services given: by the holder of the case, or by a provider with an accepted referral."""
    case = access.case
    allowed = access.is_owner_side or any(
        r.status == "accepted" and r.to_organisation_id == organisation.pk for r in access.referrals
    )
    if not allowed:
        raise CaseRefused(
            _("Only the case holder or a provider with an accepted referral records services.")
        )
    with transaction.atomic():
        delivery = ServiceDelivery(
            case=case,
            organisation=organisation,
            category=category,
            delivered_on=delivered_on,
            created_by=user,
        )
        delivery.description = description.strip()
        delivery.save()
        _history(
            user=user,
            access=access,
            kind="service_delivered",
            action="case.service_delivered",
            fields=["case.services_given"],
            organisation_id=organisation.pk,
            category=category,
        )
    return delivery


BREAK_GLASS_LIFETIME = dt.timedelta(hours=1)


def break_glass_open(*, user: User, case_code: str, reason: str) -> BreakGlassGrant:
    """Emergency access to one case for one hour; audited and reported to the owner's admins."""
    from putokaz.core.codes import normalise_code

    if not user.has_perm("cases.break_glass"):
        raise CaseRefused(_("You do not have emergency access."))
    if len(reason.strip()) < 15:
        raise CaseRefused(_("Explain the emergency (at least 15 characters)."))
    code = normalise_code(case_code, prefix="CS")
    case = (
        Case.objects.select_related("person__data_key", "organisation").filter(code=code).first()
        if code
        else None
    )
    if case is None:
        raise CaseRefused(_("There is no case with this code."))
    with transaction.atomic():
        grant = BreakGlassGrant(
            user=user, case=case, expires_at=timezone.now() + BREAK_GLASS_LIFETIME
        )
        grant.reason = reason.strip()
        grant.save()
        case_event(
            case=case,
            actor_user=user,
            organisation_id=None,
            kind="break_glass",
            expires_at=grant.expires_at.isoformat(),
        )
        audit_record(
            actor=_actor(user),
            action="case.break_glass",
            object_type="case",
            object_ref=case.code,
            purpose="emergency access (reason recorded, encrypted)",
        )
        from putokaz.core.notify import notify_organisation_admins

        notify_organisation_admins(
            organisation_id=case.organisation_id,
            subject="Putokaz: emergency access to one of your cases",
            body=(
                f"{user.get_full_name() or user.username} opened case {case.code} with emergency access "
                f"until {timezone.localtime(grant.expires_at):%Y-%m-%d %H:%M}. The reason is recorded in "
                "Putokaz; open the case history to review it."
            ),
        )
    return grant


def case_transfer_request(
    *, user: User, access: CaseAccess, to_organisation: Organisation
) -> CaseTransfer:
    from putokaz.cases.consent import consent_check

    case = access.case
    if access.mode != "manager":
        raise CaseRefused(_("Only the organisation's case managers can transfer a case."))
    if to_organisation.pk == case.organisation_id:
        raise CaseRefused(_("The case is already held by this organisation."))
    check = consent_check(
        case=case, organisation=to_organisation, purpose="case_transfer", categories={"identity"}
    )
    if not check.allowed:
        raise CaseRefused(
            _("The person has not consented to transferring the case to %(org)s.")
            % {"org": to_organisation}
        )
    if case.transfers.filter(decided_at__isnull=True).exists():
        raise CaseRefused(_("A transfer of this case is already waiting for an answer."))
    with transaction.atomic():
        transfer = CaseTransfer.objects.create(
            case=case,
            from_organisation_id=case.organisation_id,
            to_organisation=to_organisation,
            requested_by=user,
        )
        _history(
            user=user,
            access=access,
            kind="transfer_requested",
            action="case.transfer_request",
            purpose=f"to organisation {to_organisation.pk}",
            to=to_organisation.pk,
        )
    return transfer


def case_transfer_decide(*, user: User, transfer_id: int, accept: bool) -> CaseTransfer:
    from putokaz.accounts.selectors import grant_for

    with transaction.atomic():
        transfer = (
            CaseTransfer.objects.select_for_update()
            .select_related("case")
            .filter(pk=transfer_id, decided_at__isnull=True)
            .first()
        )
        grant = transfer and grant_for(
            user, capability="case.manage", organisation_id=transfer.to_organisation_id
        )
        if transfer is None or grant is None:
            raise CaseRefused(_("There is no such transfer waiting for your organisation."))
        transfer.decided_by, transfer.decided_at, transfer.accepted = user, timezone.now(), accept
        transfer.save()
        case = transfer.case
        if accept:
            Case.objects.filter(pk=case.pk).update(
                organisation_id=transfer.to_organisation_id,
                case_manager=user,
                version=F("version") + 1,
            )
        case_event(
            case=case,
            actor_user=user,
            organisation_id=transfer.to_organisation_id,
            kind="transfer_accepted" if accept else "transfer_refused",
            **{"from": transfer.from_organisation_id},
        )
        audit_record(
            actor=_actor(user, grant),
            action="case.transfer_decide",
            object_type="case",
            object_ref=case.code,
            purpose="accepted" if accept else "refused",
        )
    return transfer
