"""Access-checked reads of legal facts and proceedings. Views and the API read only here.

Who sees what:

* Legal facts belong to the case file: whoever holds the case (manager, opener,
  break-glass) and a referral recipient whose consent covers the "legal" category. Free-
  text notes are the person's account, so a recipient also needs "testimony".
* A proceeding is seen in full by police and prosecution staff (capability
  ``proceeding.record``) of an organisation that records or works it; the case managers
  of a linked case (``proceeding.view_stages``) see its stages, charges, outcomes and
  requalification marks, but not the investigation (reference number, units, notes,
  protection details). Anyone else gets a 404, never a 403.
* Analysts see counts only (``justice_stats``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from putokaz.accounts.models import User
from putokaz.accounts.roles import Capability
from putokaz.accounts.selectors import Grant, actor_for, grant_for, organisation_ids_with
from putokaz.cases.models import DataCategory
from putokaz.cases.selectors import AccessMode, CaseAccess, CaseNotFound, case_get_for_user
from putokaz.core.audit import audit_record
from putokaz.core.codes import normalise_code
from putokaz.justice import labels
from putokaz.justice.models import (
    FindingKind,
    LegalFacts,
    Proceeding,
    ProceedingFinding,
    ProceedingParty,
    Stage,
    StageEvent,
)


class LegalFactsNotFound(Exception):
    pass


class ProceedingNotFound(Exception):
    pass


# --- legal facts -------------------------------------------------------------------------


@dataclass(frozen=True)
class LegalFactsAccess:
    case_access: CaseAccess
    current: LegalFacts | None
    grant: Grant | None
    can_edit: bool
    can_read_notes: bool
    # The person's date of birth may be decrypted to give the facts an age.
    can_read_age: bool

    @property
    def case(self) -> Any:
        return self.case_access.case

    @property
    def version(self) -> int:
        return self.current.version if self.current else 0


_HOLDER_MODES = (AccessMode.MANAGER, AccessMode.OPENER, AccessMode.BREAK_GLASS)


def legal_facts_access(*, user: User, case_access: CaseAccess) -> LegalFactsAccess | None:
    """What this case access allows on the case's legal facts; None: nothing."""
    mode, categories, case = case_access.mode, case_access.categories, case_access.case
    if mode not in _HOLDER_MODES and not (
        mode == AccessMode.RECIPIENT and DataCategory.LEGAL in categories
    ):
        return None
    grant = case_access.grant
    can_edit = False
    if case.status == "open" and not case.person.is_erased:
        if mode == AccessMode.MANAGER:
            can_edit = (
                grant_for(
                    user,
                    capability=Capability.LEGAL_FACTS_EDIT,
                    organisation_id=case.organisation_id,
                )
                is not None
            )
        elif mode == AccessMode.RECIPIENT:
            # An investigator records facts only as the recipient of an open referral.
            for referral in case_access.referrals:
                edit_grant = grant_for(
                    user,
                    capability=Capability.LEGAL_FACTS_EDIT,
                    organisation_id=referral.to_organisation_id,
                )
                if edit_grant is not None:
                    can_edit, grant = True, edit_grant
                    break
    current = LegalFacts.objects.filter(case=case, is_current=True).first()
    return LegalFactsAccess(
        case_access=case_access,
        current=current,
        grant=grant,
        can_edit=can_edit,
        can_read_notes=mode in _HOLDER_MODES or DataCategory.TESTIMONY in categories,
        can_read_age=DataCategory.IDENTITY in categories and not case.person.is_erased,
    )


def legal_facts_get_for_user(*, user: User, code: str) -> LegalFactsAccess:
    try:
        case_access = case_get_for_user(user=user, code=code)
    except CaseNotFound:
        raise LegalFactsNotFound(code) from None
    access = legal_facts_access(user=user, case_access=case_access)
    if access is None:
        raise LegalFactsNotFound(code)
    return access


def legal_facts_read(*, user: User, access: LegalFactsAccess, purpose: str) -> dict[str, Any]:
    """The current facts and result; notes decrypted only where allowed. Audited."""
    current = access.current
    if current is None:
        return {"facts": None, "classification": None, "notes": None}
    notes = (
        (current.notes or "")
        if access.can_read_notes and not access.case.person.is_erased
        else None
    )
    audit_record(
        actor=actor_for(user, access.grant),
        action="legal_facts.read",
        object_type="case",
        object_ref=access.case.code,
        fields=["legal_facts"] + (["legal_facts.notes"] if notes else []),
        purpose=f"{purpose} ({access.case_access.mode})",
    )
    return {
        "facts": current.facts,
        "classification": current.classification,
        "notes": notes,
        "row": current,
    }


def legal_facts_history(*, access: LegalFactsAccess) -> QuerySet[LegalFacts]:
    """Earlier versions: who recorded them and when, without the notes."""
    return (
        LegalFacts.objects.filter(case=access.case)
        .select_related("recorded_by", "recorded_by_organisation")
        .defer("notes")
        .order_by("-version")
    )


def person_age_for_facts(*, user: User, access: LegalFactsAccess) -> int | None:
    """The person's age from the record: decrypts the date of birth, so it is audited."""
    if not access.can_read_age:
        return None
    person = access.case.person
    age = person.age_in_years()
    audit_record(
        actor=actor_for(user, access.grant),
        action="person.read",
        object_type="person",
        object_ref=person.code,
        fields=["date_of_birth"],
        purpose="age for the legal facts",
    )
    return age


# --- proceedings -------------------------------------------------------------------------

FULL = "full"
STAGES = "stages"


@dataclass(frozen=True)
class ProceedingAccess:
    proceeding: Proceeding
    mode: str  # FULL or STAGES
    grant: Grant | None
    # In STAGES mode: the organisations whose linked cases this user may see.
    case_organisation_ids: frozenset[int]

    @property
    def full(self) -> bool:
        return self.mode == FULL

    @property
    def can_record(self) -> bool:
        return self.mode == FULL

    def visible_parties(self) -> list[ProceedingParty]:
        parties = list(self.proceeding.parties.all())
        if self.full:
            return parties
        return [p for p in parties if p.case.organisation_id in self.case_organisation_ids]


def _party_queryset() -> QuerySet[ProceedingParty]:
    # Codes only: a list of proceedings never loads anyone's sealed data.
    return ProceedingParty.objects.select_related("case__person").only(
        "proceeding_id",
        "role",
        "protection_requested",
        "protection_granted",
        "information_given",
        "compensation_claimed",
        "compensation_awarded",
        "compensation_currency",
        "case__code",
        "case__organisation_id",
        "case__case_manager_id",
        "case__person__code",
    )


def _with_parties(queryset: QuerySet[Proceeding]) -> QuerySet[Proceeding]:
    return queryset.select_related(
        "organisation", "police_unit", "prosecutor_office"
    ).prefetch_related(Prefetch("parties", queryset=_party_queryset()))


def _with_stages(queryset: QuerySet[Proceeding]) -> QuerySet[Proceeding]:
    return queryset.prefetch_related(
        Prefetch("stages", queryset=StageEvent.objects.defer("notes").order_by("position")),
        Prefetch("findings", queryset=ProceedingFinding.objects.order_by("id")),
    )


def proceeding_access(*, user: User, proceeding: Proceeding) -> ProceedingAccess | None:
    """The one rule deciding access to a proceeding (parties must be prefetched or cheap)."""
    for org_id in sorted(proceeding.organisation_ids):
        grant = grant_for(user, capability=Capability.PROCEEDING_RECORD, organisation_id=org_id)
        if grant is not None:
            return ProceedingAccess(proceeding, FULL, grant, frozenset())
    viewing = set(organisation_ids_with(user, capability=Capability.PROCEEDING_VIEW_STAGES))
    if viewing:
        linked = {p.case.organisation_id for p in proceeding.parties.all()} & viewing
        if linked:
            grant = grant_for(
                user, capability=Capability.PROCEEDING_VIEW_STAGES, organisation_id=min(linked)
            )
            return ProceedingAccess(proceeding, STAGES, grant, frozenset(linked))
    return None


def proceeding_list_for_user(*, user: User) -> QuerySet[Proceeding]:
    """Proceedings the user may see at all; proceeding_access says how much of each."""
    recording = organisation_ids_with(user, capability=Capability.PROCEEDING_RECORD)
    viewing = organisation_ids_with(user, capability=Capability.PROCEEDING_VIEW_STAGES)
    if not recording and not viewing:
        return Proceeding.objects.none()
    visible = Q(pk__in=[])
    if recording:
        visible |= (
            Q(organisation_id__in=recording)
            | Q(police_unit_id__in=recording)
            | Q(prosecutor_office_id__in=recording)
        )
    if viewing:
        visible |= Q(
            pk__in=ProceedingParty.objects.filter(case__organisation_id__in=viewing).values(
                "proceeding_id"
            )
        )
    return _with_parties(Proceeding.objects.filter(visible)).defer("notes")


def proceeding_get_for_user(*, user: User, code: str) -> ProceedingAccess:
    normalised = normalise_code(code, prefix="PR")
    proceeding = (
        _with_stages(_with_parties(Proceeding.objects.filter(code=normalised)))
        .select_related("data_key")
        .first()
        if normalised
        else None
    )
    if proceeding is None:
        raise ProceedingNotFound(code)
    access = proceeding_access(user=user, proceeding=proceeding)
    if access is None:
        raise ProceedingNotFound(code)
    return access


def proceeding_stages(*, access: ProceedingAccess) -> list[StageEvent]:
    """Stage events in order (prefetched); their notes stay sealed unless proceeding_read
    opens them."""
    return list(access.proceeding.stages.all())


def proceeding_findings(*, access: ProceedingAccess) -> list[ProceedingFinding]:
    return list(access.proceeding.findings.all())


def proceeding_read(*, user: User, access: ProceedingAccess, purpose: str) -> dict[str, Any]:
    """Investigation details, decrypted, for full access only. Audited."""
    if not access.full:
        return {"notes": None, "stage_notes": {}}
    proceeding = access.proceeding
    stage_notes = {e.pk: e.notes or "" for e in proceeding.stages.order_by("position")}
    notes = proceeding.notes or ""
    audit_record(
        actor=actor_for(user, access.grant),
        action="proceeding.read",
        object_type="proceeding",
        object_ref=proceeding.code,
        fields=["proceeding.notes", "stage.notes"],
        purpose=purpose,
    )
    return {"notes": notes, "stage_notes": stage_notes}


def proceedings_for_case(*, user: User, case_access: CaseAccess) -> list[ProceedingAccess]:
    """Proceedings linked to a case, each as far as this user may see it."""
    linked = _with_stages(
        _with_parties(
            Proceeding.objects.filter(
                pk__in=ProceedingParty.objects.filter(case=case_access.case).values("proceeding_id")
            )
        )
    ).defer("notes")
    found = []
    for proceeding in linked:
        access = proceeding_access(user=user, proceeding=proceeding)
        if access is not None:
            found.append(access)
    return found


# --- statistics --------------------------------------------------------------------------


def justice_stats() -> dict[str, Any]:
    """Counts of proceedings, without codes, references or anyone's data."""
    by_stage = dict(
        Proceeding.objects.values_list("current_stage").annotate(n=Count("id")).order_by()
    )
    totals = Proceeding.objects.aggregate(
        total=Count("id"),
        requalified=Count("id", filter=Q(requalified=True)),
        partially=Count("id", filter=Q(partially_requalified=True)),
        never=Count("id", filter=Q(never_charged_as_trafficking=True)),
        discontinued=Count("id", filter=Q(discontinued=True)),
    )
    transitions: Counter[tuple[str, ...]] = Counter()
    for families in ProceedingFinding.objects.filter(kind=FindingKind.REQUALIFICATION).values_list(
        "to_families", flat=True
    ):
        transitions[tuple(sorted(families))] += 1
    return {
        "by_stage": [(stage, label, by_stage.get(stage, 0)) for stage, label in Stage.choices],
        "without_stage": by_stage.get("", 0),
        "totals": totals,
        "transitions": [
            ("+".join(families), " + ".join(str(labels.FAMILY.get(f, f)) for f in families), n)
            for families, n in sorted(transitions.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
    }
