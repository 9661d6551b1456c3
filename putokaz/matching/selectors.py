"""Access-checked reads of possible duplicates, linkage requests, merges and distinct people.

Within an organisation a user sees the other registration's code and, if they may read
both, why the engine matched them. Across organisations they see only that a possible
duplicate exists and the kind of organisation holding it, until that organisation accepts
a linkage request: then each side sees the other's code and organisation.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from putokaz.accounts.models import User
from putokaz.accounts.roles import Capability
from putokaz.accounts.selectors import actor_for, grant_for, organisation_ids_with
from putokaz.cases.models import PERSONAL_FIELDS, Person
from putokaz.cases.selectors import PersonAccess
from putokaz.core.audit import audit_record
from putokaz.matching.engine import dedupe, explain_pair
from putokaz.matching.model import FellegiSunter
from putokaz.matching.models import (
    CandidateStatus,
    DuplicateCandidate,
    LinkageRequest,
    LinkageStatus,
    MergeRecord,
    PersonLink,
)

PANEL_LIMIT = 10

FIELD_LABELS: dict[str, Promise] = {
    "given_name": _("Given name"),
    "family_name": _("Family name"),
    "date_of_birth": _("Date of birth"),
    "sex": _("Sex"),
    "nationality": _("Nationality"),
    "place_of_birth": _("Place of birth"),
}
LEVEL_LABELS: dict[str, Promise] = {
    "same": _("same"),
    "same pronunciation": _("same pronunciation"),
    "typo": _("typing slip"),
    "similar": _("similar"),
    "different": _("different"),
    "one slip": _("one slip (swapped or one digit)"),
    "compatible": _("compatible (one is partial)"),
    "close": _("close"),
    "missing": _("not recorded on one side"),
}


class CandidateNotFound(Exception):
    pass


@dataclass(frozen=True)
class ExplainedField:
    field: str
    label: str | Promise
    level: str
    level_label: str | Promise
    bits: float


@dataclass(frozen=True)
class CandidateView:
    """One possible duplicate as one user may see it, from the side of `own`."""

    candidate: DuplicateCandidate
    own: Person
    same_organisation: bool
    other_visible: bool
    other_code: str | None
    other_organisation: str | None
    other_organisation_type: str | Promise
    score: float | None
    request: LinkageRequest | None
    can_request: bool
    can_merge: bool
    explanation: tuple[ExplainedField, ...] | None = None

    @property
    def status(self) -> str:
        return self.candidate.status

    @property
    def other(self) -> Person:
        return self.candidate.other(self.own.pk)


def _latest_requests() -> Prefetch:
    return Prefetch(
        "requests",
        queryset=LinkageRequest.objects.order_by("-requested_at", "-id"),
        to_attr="_requests",
    )


def _candidates() -> QuerySet[DuplicateCandidate]:
    return DuplicateCandidate.objects.select_related(
        "person_a__organisation", "person_b__organisation"
    ).prefetch_related(_latest_requests())


def _view(
    user: User, candidate: DuplicateCandidate, own: Person, listable: set[int]
) -> CandidateView:
    other = candidate.other(own.pk)
    same = other.organisation_id == own.organisation_id
    # A user with standing access to both organisations sees both sides anyway.
    visible = same or other.organisation_id in listable
    linked = candidate.status == CandidateStatus.LINKED
    requests = getattr(candidate, "_requests", None)
    request = requests[0] if requests else None
    can_request = (
        not same
        and not visible
        and candidate.status == CandidateStatus.OPEN
        and (request is None or request.status != LinkageStatus.REQUESTED)
        and grant_for(
            user, capability=Capability.LINKAGE_REQUEST, organisation_id=own.organisation_id
        )
        is not None
    )
    can_merge = (
        same
        and candidate.status == CandidateStatus.OPEN
        and grant_for(user, capability=Capability.PERSON_MERGE, organisation_id=own.organisation_id)
        is not None
    )
    return CandidateView(
        candidate=candidate,
        own=own,
        same_organisation=same,
        other_visible=visible,
        other_code=other.code if visible or linked else None,
        other_organisation=str(other.organisation) if visible or linked else None,
        other_organisation_type=other.organisation.get_type_display(),
        score=candidate.score if visible else None,
        request=request,
        can_request=can_request,
        can_merge=can_merge,
    )


@functools.cache
def explanation_model() -> FellegiSunter:
    """Field weights for explanations, fitted once on the synthetic population.

    Explaining one pair must not mean decrypting everyone else to fit a model; the synthetic
    registrations have the route's names, spellings and date habits, so their weights say
    what agreement on each field is worth.
    """
    from putokaz.matching.synthetic import generate

    records = [r.record() for r in generate(people=1500, seed=2026)]
    model = dedupe(records=records).model
    assert model is not None
    return model


def _explain(
    *, user: User, own: Person, other: Person, grant: object
) -> tuple[ExplainedField, ...]:
    from putokaz.matching.services import person_record

    _probability, contributions = explain_pair(
        a=person_record(own), b=person_record(other), model=explanation_model()
    )
    for person in (own, other):
        audit_record(
            actor=actor_for(user, grant),  # type: ignore[arg-type]
            action="person.read",
            object_type="person",
            object_ref=person.code,
            fields=PERSONAL_FIELDS,
            purpose="explain a possible duplicate",
        )
    return tuple(
        ExplainedField(
            field=c.field,
            label=FIELD_LABELS.get(c.field, c.field),
            level=c.level,
            level_label=LEVEL_LABELS.get(c.level, c.level),
            bits=round(c.bits, 1),
        )
        for c in contributions
    )


@dataclass(frozen=True)
class PersonDuplicates:
    rows: tuple[CandidateView, ...]
    merged_into: MergeRecord | None
    merged_here: tuple[MergeRecord, ...]
    can_undo: bool


def duplicates_for_person(*, user: User, access: PersonAccess, explain: bool) -> PersonDuplicates:
    """Possible duplicates of the person on `access` (already fetched through its selector)."""
    person = access.person
    listable = set(organisation_ids_with(user, capability=Capability.PERSON_LIST))
    candidates = (
        _candidates()
        .filter(Q(person_a=person) | Q(person_b=person))
        .filter(status__in=[CandidateStatus.OPEN, CandidateStatus.LINKED])
        .order_by("-score", "id")[:PANEL_LIMIT]
    )
    rows = []
    for candidate in candidates:
        row = _view(user, candidate, person, listable)
        other = row.other
        if (
            explain
            and row.same_organisation
            and access.can_read_personal
            and not other.is_erased
            and candidate.status == CandidateStatus.OPEN
        ):
            other = Person.objects.select_related("data_key").get(pk=other.pk)
            row = CandidateView(
                **{
                    **row.__dict__,
                    "explanation": _explain(user=user, own=person, other=other, grant=access.grant),
                }
            )
        rows.append(row)
    merges = MergeRecord.objects.select_related("survivor", "merged").filter(
        Q(merged=person) | Q(survivor=person), undone_at__isnull=True
    )
    merged_into = next((m for m in merges if m.merged_id == person.pk), None)
    return PersonDuplicates(
        rows=tuple(rows),
        merged_into=merged_into,
        merged_here=tuple(m for m in merges if m.survivor_id == person.pk),
        can_undo=grant_for(
            user, capability=Capability.PERSON_MERGE, organisation_id=person.organisation_id
        )
        is not None,
    )


def duplicates_for_organisation(
    *, user: User, status: str = CandidateStatus.OPEN
) -> list[CandidateView]:
    """The organisation's possible duplicates, for its case managers (both sides' orgs)."""
    org_ids = duplicate_organisation_ids(user=user)
    listable = set(organisation_ids_with(user, capability=Capability.PERSON_LIST))
    candidates = (
        _candidates()
        .filter(
            Q(person_a__organisation_id__in=org_ids) | Q(person_b__organisation_id__in=org_ids),
            status=status,
        )
        .order_by("-score", "id")
    )
    rows = []
    for candidate in candidates:
        own = (
            candidate.person_a
            if candidate.person_a.organisation_id in org_ids
            else candidate.person_b
        )
        rows.append(_view(user, candidate, own, listable))
    return rows


def duplicate_organisation_ids(*, user: User) -> list[int]:
    return sorted(
        set(organisation_ids_with(user, capability=Capability.LINKAGE_REQUEST))
        | set(organisation_ids_with(user, capability=Capability.PERSON_MERGE))
    )


def candidate_get_for_user(*, user: User, candidate_id: int) -> DuplicateCandidate:
    """A candidate involving a person of one of the user's organisations; else not found."""
    org_ids = organisation_ids_with(user, capability=Capability.PERSON_LIST)
    candidate = (
        DuplicateCandidate.objects.select_related(
            "person_a__organisation",
            "person_b__organisation",
            "person_a__data_key",
            "person_b__data_key",
        )
        .filter(
            Q(person_a__organisation_id__in=org_ids) | Q(person_b__organisation_id__in=org_ids),
            pk=candidate_id,
        )
        .first()
    )
    if candidate is None:
        raise CandidateNotFound(candidate_id)
    return candidate


def linkage_requests_received(*, user: User) -> QuerySet[LinkageRequest]:
    org_ids = organisation_ids_with(user, capability=Capability.LINKAGE_DECIDE)
    return LinkageRequest.objects.filter(to_organisation_id__in=org_ids).select_related(
        "from_organisation", "to_person", "to_organisation", "decided_by", "candidate"
    )


def linkage_requests_sent(*, user: User) -> QuerySet[LinkageRequest]:
    org_ids = organisation_ids_with(user, capability=Capability.LINKAGE_REQUEST)
    return LinkageRequest.objects.filter(from_organisation_id__in=org_ids).select_related(
        "from_person", "to_person", "to_organisation", "candidate"
    )


def merge_get_for_user(*, user: User, merge_id: int) -> MergeRecord:
    org_ids = organisation_ids_with(user, capability=Capability.PERSON_MERGE)
    record = (
        MergeRecord.objects.select_related("survivor", "merged")
        .filter(pk=merge_id, merged__organisation_id__in=org_ids)
        .first()
    )
    if record is None:
        raise CandidateNotFound(merge_id)
    return record


def distinct_people_count(*, organisation_ids: Iterable[int] | None) -> int:
    """People, not registrations: linked or merged registrations count once.

    Persons of `organisation_ids` (all persons with None), erased ones included since
    statistics keep them; each confirmed link and each active merge between two of them
    joins their clusters. Open candidates are not confirmed and join nothing.
    """
    persons = Person.objects.all()
    links = PersonLink.objects.all()
    merges = MergeRecord.objects.filter(undone_at__isnull=True)
    if organisation_ids is not None:
        ids = sorted(set(organisation_ids))
        persons = persons.filter(organisation_id__in=ids)
        links = links.filter(person_a__organisation_id__in=ids, person_b__organisation_id__in=ids)
        merges = merges.filter(survivor__organisation_id__in=ids, merged__organisation_id__in=ids)
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    joined = 0
    edges = [*links.values_list("person_a_id", "person_b_id")]
    edges += [*merges.values_list("survivor_id", "merged_id")]
    for a, b in edges:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[rb] = ra
            joined += 1
    return persons.count() - joined
