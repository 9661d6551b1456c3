"""Writes of the justice domain. Each runs in one transaction with its audit event.

Requalification is never typed in: every change to a proceeding's stages, to its parties,
or to a linked case's legal facts re-runs putokaz.legal.requalification and stores what it
finds. Findings that are new are written to the linked cases' history and e-mailed to
their case managers (codes only) once the transaction commits.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from putokaz.accounts.models import Membership, Organisation, OrganisationType, User
from putokaz.accounts.roles import Capability, Role
from putokaz.accounts.selectors import actor_for, grant_for
from putokaz.cases.models import Case
from putokaz.cases.selectors import CaseNotFound, case_get_for_user
from putokaz.cases.services import case_event
from putokaz.core.audit import audit_record
from putokaz.core.keys import data_key_create
from putokaz.core.notify import notify
from putokaz.justice import suggestions as suggestion_rules
from putokaz.justice.models import (
    FindingKind,
    LegalFacts,
    Outcome,
    PartyRole,
    Proceeding,
    ProceedingFinding,
    ProceedingParty,
    ProtectionMeasure,
    Stage,
    StageEvent,
    VictimInformation,
)
from putokaz.justice.selectors import (
    LegalFactsAccess,
    ProceedingAccess,
    person_age_for_facts,
)
from putokaz.legal.catalogue import default_catalogues
from putokaz.legal.engine import classify
from putokaz.legal.errors import FactsError, StageOrderError, UnknownOffenceError
from putokaz.legal.requalification import analyse_proceeding, validate_stages


class JusticeRefused(Exception):
    """A write the rules forbid; the message says why, for the person at the form."""


class StaleFacts(Exception):
    """Someone saved the legal facts after this form was opened."""


# --- legal facts -------------------------------------------------------------------------


@dataclass(frozen=True)
class LegalFactsInput:
    facts: Mapping[str, Any]  # nested, in the engine's vocabulary
    notes: str = ""
    use_person_age: bool = False
    confirmed_suggestions: tuple[str, ...] = ()
    expected_version: int | None = None


def legal_facts_save(*, user: User, access: LegalFactsAccess, data: LegalFactsInput) -> LegalFacts:
    """Save a new version of the facts with the assistant's result for them."""
    if not access.can_edit:
        raise JusticeRefused(_("You cannot record the legal facts of this case."))
    case = access.case
    facts: dict[str, Any] = copy.deepcopy(dict(data.facts))
    facts.setdefault("jurisdiction", "RS")
    confirmed = []
    if data.confirmed_suggestions:
        # Only suggestions the case's screenings still make can be confirmed: a form
        # cannot smuggle in facts under the name of a screening.
        available = {s.key: s for s in suggestion_rules.suggestions_for_case(case)}
        for key in dict.fromkeys(data.confirmed_suggestions):
            suggestion = available.get(key)
            if suggestion is None:
                raise JusticeRefused(
                    _("A screening suggestion is no longer available; reload the page.")
                )
            suggestion_rules.apply(facts, suggestion)
            confirmed.append({"key": key, "sources": list(suggestion.sources)})
    if data.use_person_age and access.can_read_age:
        facts["person_age"] = person_age_for_facts(user=user, access=access)
        age_source = "person" if facts["person_age"] is not None else "unknown"
    else:
        age_source = "entered" if facts.get("person_age") is not None else "unknown"
    try:
        classification = classify(facts=facts)
    except FactsError as error:
        raise JusticeRefused(
            _("The facts cannot be assessed: %(error)s") % {"error": error}
        ) from None
    indicated = [o.code for o in classification.offences if o.status == "indicated"]
    with transaction.atomic():
        # The case row is the lock: two first saves must not both become version 1.
        Case.objects.select_for_update().filter(pk=case.pk).first()
        current = LegalFacts.objects.filter(case=case, is_current=True).first()
        current_version = current.version if current else 0
        if data.expected_version is not None and data.expected_version != current_version:
            raise StaleFacts(case.code)
        if current is not None:
            LegalFacts.objects.filter(pk=current.pk).update(is_current=False)
        row = LegalFacts(
            case=case,
            version=current_version + 1,
            jurisdiction=classification.jurisdiction,
            facts=facts,
            classification=classification.to_dict(),
            catalogue_versions=dict(classification.catalogue_versions),
            age_source=age_source,
            confirmed_suggestions=confirmed,
            recorded_by=user,
            recorded_by_organisation_id=access.grant.organisation_id if access.grant else None,
        )
        row.notes = data.notes.strip()
        row.save()
        case_event(
            case=case,
            actor_user=user,
            organisation_id=row.recorded_by_organisation_id,
            kind="legal_facts_recorded",
            version=row.version,
            indicated=indicated,
            catalogue_versions=row.catalogue_versions,
        )
        audit_record(
            actor=actor_for(user, access.grant),
            action="legal_facts.save",
            object_type="case",
            object_ref=case.code,
            fields=["legal_facts"] + (["legal_facts.notes"] if row.notes else []),
            purpose=f"version {row.version}",
        )
        # The facts decide the "never charged as trafficking" finding of linked proceedings.
        linked = Proceeding.objects.select_for_update().filter(
            pk__in=ProceedingParty.objects.filter(case=case).values("proceeding_id")
        )
        for proceeding in linked:
            _analyse(proceeding=proceeding, user=user)
    return row


# --- proceedings -------------------------------------------------------------------------


@dataclass(frozen=True)
class ProceedingInput:
    reference_number: str
    police_unit_id: int | None = None
    police_unit_name: str = ""
    prosecutor_office_id: int | None = None
    prosecutor_office_name: str = ""
    court_name: str = ""
    notes: str = ""
    jurisdiction: str = "RS"


def _organisation_of_type(org_id: int | None, kind: str, what: str) -> Organisation | None:
    if org_id is None:
        return None
    org = Organisation.objects.filter(pk=org_id, type=kind, is_active=True).first()
    if org is None:
        raise JusticeRefused(_("Choose a %(what)s from the list.") % {"what": what})
    return org


def proceeding_create(*, user: User, data: ProceedingInput) -> Proceeding:
    grant = grant_for(user, capability=Capability.PROCEEDING_RECORD)
    if grant is None:
        raise JusticeRefused(_("Only police and prosecution staff record proceedings."))
    if not data.reference_number.strip():
        raise JusticeRefused(_("Enter the reference number of the proceeding."))
    if data.jurisdiction not in default_catalogues().jurisdictions:
        raise JusticeRefused(_("There is no offence catalogue for this jurisdiction."))
    police = _organisation_of_type(data.police_unit_id, OrganisationType.POLICE, _("police unit"))
    prosecution = _organisation_of_type(
        data.prosecutor_office_id, OrganisationType.PROSECUTION, _("prosecutor's office")
    )
    own = Organisation.objects.get(pk=grant.organisation_id)
    # The recording organisation is one of the parties working the proceeding.
    if police is None and not data.police_unit_name and own.type == OrganisationType.POLICE:
        police = own
    if (
        prosecution is None
        and not data.prosecutor_office_name
        and own.type == OrganisationType.PROSECUTION
    ):
        prosecution = own
    with transaction.atomic():
        proceeding = Proceeding(
            data_key=data_key_create(),
            jurisdiction=data.jurisdiction,
            reference_number=data.reference_number.strip(),
            organisation=own,
            police_unit=police,
            police_unit_name=data.police_unit_name.strip(),
            prosecutor_office=prosecution,
            prosecutor_office_name=data.prosecutor_office_name.strip(),
            court_name=data.court_name.strip(),
            created_by=user,
        )
        proceeding.notes = data.notes.strip()
        proceeding.save()
        audit_record(
            actor=actor_for(user, grant),
            action="proceeding.create",
            object_type="proceeding",
            object_ref=proceeding.code,
            fields=["proceeding.notes"] if proceeding.notes else [],
            purpose="criminal proceedings",
        )
    return proceeding


def _require_full(access: ProceedingAccess) -> Proceeding:
    if not access.full:
        raise JusticeRefused(_("Only police and prosecution staff working it change a proceeding."))
    return access.proceeding


def proceeding_link_case(
    *, user: User, access: ProceedingAccess, case_code: str, role: str
) -> ProceedingParty:
    """Link a case's person, by case code, to the proceeding as injured party or witness.

    Only a case the user can already open (for police: through a referral within consent)
    can be linked, so linking cannot be used to probe which case codes exist.
    """
    proceeding = _require_full(access)
    if role not in PartyRole.values:
        raise JusticeRefused(_("Choose the person's role in the proceeding."))
    try:
        case_access = case_get_for_user(user=user, code=case_code)
    except CaseNotFound:
        raise JusticeRefused(_("No case with this code is open to you.")) from None
    case = case_access.case
    with transaction.atomic():
        locked = Proceeding.objects.select_for_update().get(pk=proceeding.pk)
        if ProceedingParty.objects.filter(proceeding=locked, case=case).exists():
            raise JusticeRefused(_("This case is already linked to the proceeding."))
        party = ProceedingParty.objects.create(
            proceeding=locked, case=case, role=role, linked_by=user
        )
        case_event(
            case=case,
            actor_user=user,
            organisation_id=access.grant.organisation_id if access.grant else None,
            kind="proceeding_linked",
            proceeding=locked.code,
            role=role,
        )
        audit_record(
            actor=actor_for(user, access.grant),
            action="proceeding.link_case",
            object_type="proceeding",
            object_ref=locked.code,
            purpose=f"case {case.code} as {role}",
        )
        _analyse(proceeding=locked, user=user, newly_linked=case)
    return party


@dataclass(frozen=True)
class StageInput:
    stage: str
    date: dt.date
    charges: tuple[str, ...] = ()
    outcome: str = ""
    sentence: str = ""
    notes: str = ""


def _national_codes(jurisdiction: str) -> set[str]:
    return {o.code for o in default_catalogues().get(jurisdiction).offences}


def stage_event_add(*, user: User, access: ProceedingAccess, data: StageInput) -> StageEvent:
    """Append a stage; refused, naming the stage, if the order is impossible. Nothing is saved
    then."""
    proceeding = _require_full(access)
    if data.stage not in Stage.values:
        raise JusticeRefused(_("Choose the stage of the proceeding."))
    if data.outcome and data.outcome not in Outcome.values:
        raise JusticeRefused(_("Choose the outcome from the list."))
    if data.date > timezone.localdate():
        raise JusticeRefused(_("The date is in the future."))
    national = _national_codes(proceeding.jurisdiction)
    for code in data.charges:
        if code not in national:
            raise JusticeRefused(
                _("%(code)s is not an offence of the %(jurisdiction)s catalogue.")
                % {"code": code, "jurisdiction": proceeding.jurisdiction}
            )
    stage_label = Stage(data.stage).label
    with transaction.atomic():
        locked = Proceeding.objects.select_for_update().get(pk=proceeding.pk)
        existing = list(locked.stages.defer("notes").order_by("position"))
        events = [_event_dict(e) for e in existing] + [
            {
                "stage": data.stage,
                "date": data.date,
                "charges": list(data.charges),
                "outcome": data.outcome or None,
            }
        ]
        try:
            validate_stages(events=events)
        except StageOrderError as error:
            raise JusticeRefused(
                _("The stage “%(stage)s” cannot be recorded here: %(reason)s")
                % {"stage": stage_label, "reason": error}
            ) from None
        except UnknownOffenceError as error:
            raise JusticeRefused(
                _("Unknown offence code %(code)s.") % {"code": error.code}
            ) from None
        event = StageEvent(
            proceeding=locked,
            position=len(existing),
            stage=data.stage,
            date=data.date,
            charges=list(dict.fromkeys(data.charges)),
            outcome=data.outcome,
            sentence=data.sentence.strip(),
            recorded_by=user,
        )
        event.notes = data.notes.strip()
        event.save()
        for party in locked.parties.select_related("case"):
            case_event(
                case=party.case,
                actor_user=user,
                organisation_id=access.grant.organisation_id if access.grant else None,
                kind="proceeding_stage",
                proceeding=locked.code,
                stage=data.stage,
                charges=event.charges,
            )
        audit_record(
            actor=actor_for(user, access.grant),
            action="proceeding.stage_add",
            object_type="proceeding",
            object_ref=locked.code,
            fields=["stage.notes"] if event.notes else [],
            purpose=data.stage,
        )
        _analyse(proceeding=locked, user=user)
    return event


@dataclass(frozen=True)
class ProtectionInput:
    protection_requested: tuple[str, ...] = ()
    protection_granted: tuple[str, ...] = ()
    information_given: tuple[str, ...] = ()
    compensation_claimed: Decimal | None = None
    compensation_awarded: Decimal | None = None
    compensation_currency: str = "RSD"


def party_protection_update(
    *, user: User, access: ProceedingAccess, party_id: int, data: ProtectionInput
) -> ProceedingParty:
    """Victim protection in the proceeding: measures, information given, compensation."""
    proceeding = _require_full(access)
    party = (
        ProceedingParty.objects.select_related("case")
        .filter(pk=party_id, proceeding=proceeding)
        .first()
    )
    if party is None:
        raise JusticeRefused(_("There is no such party in this proceeding."))
    for codes, allowed in (
        (data.protection_requested, ProtectionMeasure.values),
        (data.protection_granted, ProtectionMeasure.values),
        (data.information_given, VictimInformation.values),
    ):
        if set(codes) - set(allowed):
            raise JusticeRefused(_("Choose the measures and information from the lists."))
    if set(data.protection_granted) - set(data.protection_requested):
        raise JusticeRefused(_("A measure can only be granted once it has been requested."))
    for amount in (data.compensation_claimed, data.compensation_awarded):
        if amount is not None and amount < 0:
            raise JusticeRefused(_("Compensation cannot be negative."))
    currency = data.compensation_currency.strip().upper() or "RSD"
    if len(currency) != 3 or not currency.isalpha():
        raise JusticeRefused(_("Enter the currency as a three-letter code (RSD, EUR)."))
    with transaction.atomic():
        party.protection_requested = [
            c for c in ProtectionMeasure.values if c in data.protection_requested
        ]
        party.protection_granted = [
            c for c in ProtectionMeasure.values if c in data.protection_granted
        ]
        party.information_given = [
            c for c in VictimInformation.values if c in data.information_given
        ]
        party.compensation_claimed = data.compensation_claimed
        party.compensation_awarded = data.compensation_awarded
        party.compensation_currency = currency
        party.save()
        case_event(
            case=party.case,
            actor_user=user,
            organisation_id=access.grant.organisation_id if access.grant else None,
            kind="proceeding_protection",
            proceeding=proceeding.code,
            granted=party.protection_granted,
        )
        audit_record(
            actor=actor_for(user, access.grant),
            action="proceeding.protection_update",
            object_type="proceeding",
            object_ref=proceeding.code,
            purpose=f"case {party.case.code}",
        )
    return party


# --- requalification analysis ------------------------------------------------------------


def _event_dict(event: StageEvent) -> dict[str, Any]:
    return {
        "stage": event.stage,
        "date": event.date,
        "charges": list(event.charges),
        "outcome": event.outcome or None,
    }


def _classification_for(proceeding: Proceeding) -> Mapping[str, Any] | None:
    """The linked cases' assessment to compare the charges with.

    A proceeding can concern several persons; if the facts of any one of them indicate
    trafficking, that is the one that makes "never charged as trafficking" meaningful.
    """
    found: list[Mapping[str, Any]] = list(
        LegalFacts.objects.filter(
            is_current=True,
            case_id__in=ProceedingParty.objects.filter(proceeding=proceeding).values("case_id"),
        )
        .order_by("case_id")
        .values_list("classification", flat=True)
    )
    for classification in found:
        if any(
            o.get("family") == "trafficking" and o.get("status") == "indicated"
            for o in classification.get("offences", [])
        ):
            return classification
    return found[0] if found else None


def _finding_key(kind: str, from_index: int | None, to_index: int | None) -> str:
    return (
        f"{kind}:{'' if from_index is None else from_index}:{'' if to_index is None else to_index}"
    )


def _analyse(
    *, proceeding: Proceeding, user: User | None, newly_linked: Case | None = None
) -> None:
    """Re-run the analysis, store it and its findings, and announce the new ones."""
    catalogues = default_catalogues()
    events = [_event_dict(e) for e in proceeding.stages.defer("notes").order_by("position")]
    analysis = analyse_proceeding(
        events=events, catalogues=catalogues, classification=_classification_for(proceeding)
    )
    proceeding.current_stage = events[-1]["stage"] if events else ""
    proceeding.requalified = analysis.requalified
    proceeding.partially_requalified = analysis.partially_requalified
    proceeding.never_charged_as_trafficking = analysis.never_charged_as_trafficking
    proceeding.discontinued = analysis.discontinued
    proceeding.analysis = analysis.to_dict()
    proceeding.catalogue_versions = dict(analysis.catalogue_versions)
    proceeding.analysed_at = timezone.now()
    proceeding.save(
        update_fields=[
            "current_stage",
            "requalified",
            "partially_requalified",
            "never_charged_as_trafficking",
            "discontinued",
            "analysis",
            "catalogue_versions",
            "analysed_at",
            "updated_at",
        ]
    )
    existing = {f.key: f for f in proceeding.findings.all()}
    current: dict[str, ProceedingFinding] = {}
    for finding in analysis.findings:
        key = _finding_key(finding.kind, finding.from_index, finding.to_index)
        to_families = (
            sorted({catalogues.offence(c).family for c in finding.to_codes})
            if finding.kind == "requalification"
            else []
        )
        current[key] = existing.get(key) or ProceedingFinding(
            proceeding=proceeding,
            key=key,
            kind=finding.kind,
            from_stage=finding.from_stage or "",
            to_stage=finding.to_stage or "",
            from_codes=list(finding.from_codes),
            to_codes=list(finding.to_codes),
            to_families=to_families,
            message=finding.message,
        )
    stale = [f.pk for key, f in existing.items() if key not in current]
    if stale:
        ProceedingFinding.objects.filter(pk__in=stale).delete()
    new = [f for key, f in current.items() if key not in existing]
    ProceedingFinding.objects.bulk_create(new)
    parties = list(proceeding.parties.select_related("case", "case__case_manager"))
    for party in parties:
        announce = (
            list(current.values()) if newly_linked and party.case_id == newly_linked.pk else new
        )
        if announce:
            _announce(proceeding=proceeding, case=party.case, findings=announce, user=user)


def _case_manager_users(case: Case) -> list[User]:
    manager = case.case_manager
    if manager is not None and manager.is_active:
        return [manager]
    return [
        m.user
        for m in Membership.objects.filter(
            organisation_id=case.organisation_id, role=Role.CASE_MANAGER, user__is_active=True
        ).select_related("user")
    ]


def _finding_sentence(finding: ProceedingFinding) -> str:
    """A line for case history e-mails: stage names and offence codes, never a person."""

    def stage(code: str) -> str:
        return str(Stage(code).label) if code in Stage.values else code

    if finding.kind == FindingKind.REQUALIFICATION:
        return _(
            "charges moved out of trafficking at the stage “%(stage)s” (%(before)s → %(after)s)"
        ) % {
            "stage": stage(finding.to_stage),
            "before": ", ".join(finding.from_codes),
            "after": ", ".join(finding.to_codes),
        }
    if finding.kind == FindingKind.PARTIAL_REQUALIFICATION:
        return _(
            "a trafficking charge was dropped at the stage “%(stage)s” (%(before)s → %(after)s)"
        ) % {
            "stage": stage(finding.to_stage),
            "before": ", ".join(finding.from_codes),
            "after": ", ".join(finding.to_codes),
        }
    if finding.kind == FindingKind.NEVER_CHARGED:
        return _("the legal facts indicate trafficking (%(indicated)s) but no stage charged it") % {
            "indicated": ", ".join(finding.from_codes)
        }
    return _("the proceeding was discontinued")


def _announce(
    *, proceeding: Proceeding, case: Case, findings: Iterable[ProceedingFinding], user: User | None
) -> None:
    findings = list(findings)
    for finding in findings:
        case_event(
            case=case,
            actor_user=user,
            organisation_id=None,
            kind=f"proceeding_{finding.kind}",
            proceeding=proceeding.code,
            stage=finding.to_stage or finding.from_stage,
            from_codes=finding.from_codes,
            to_codes=finding.to_codes,
        )
    by_language: dict[str, list[str]] = {}
    for recipient in _case_manager_users(case):
        language = recipient.preferred_language or settings.LANGUAGE_CODE
        by_language.setdefault(language, []).append(recipient.email)
    for language, emails in by_language.items():
        with translation.override(language):
            lines = [f"- {_finding_sentence(f)}" for f in findings]
            notify(
                emails=emails,
                subject=_("Putokaz: proceeding %(proceeding)s, case %(case)s — please review")
                % {"proceeding": proceeding.code, "case": case.code},
                body=_("The analysis of proceeding %(proceeding)s, linked to case %(case)s, found:")
                % {"proceeding": proceeding.code, "case": case.code}
                + "\n"
                + "\n".join(lines)
                + "\n\n"
                + _("Open the case in Putokaz to see the stages and charges."),
            )
