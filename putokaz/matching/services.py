"""Writes of duplicate detection: encodings, scans, linkage requests and decisions, merges.

Each write runs in one transaction with its audit event. The engine (encoded.py) sees only
keyed Bloom filters; names are decrypted here only to compute a person's own encoding, and
for nothing else.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import logging
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from putokaz import envconfig
from putokaz.accounts.models import Membership, Organisation, User
from putokaz.accounts.roles import Capability, Role
from putokaz.accounts.selectors import actor_for, grant_for
from putokaz.cases.models import PERSONAL_FIELDS, Case, Person
from putokaz.core.audit import SYSTEM, Actor, audit_record
from putokaz.core.fields import EncryptedTextField
from putokaz.core.keys import current_master_key
from putokaz.matching.dates import DateError
from putokaz.matching.encoded import Encoding, encode_records, encoded_dedupe
from putokaz.matching.models import (
    CandidateStatus,
    DuplicateCandidate,
    EncodingBlockKey,
    LinkageRequest,
    LinkageStatus,
    MergeRecord,
    PersonEncoding,
    PersonLink,
    RefusalReason,
)
from putokaz.matching.records import Record

logger = logging.getLogger("putokaz.matching")

LINKAGE_SECRET_ENV = "PUTOKAZ_LINKAGE_SECRET"
# The engine's match probability at or above which a pair becomes a candidate.
THRESHOLD = 0.5
# Scanning one person fits the model on its blocking neighbours plus at most this many other
# encodings: the fit needs a population, but not necessarily the whole network's.
PERSON_SCAN_POPULATION = 5000
# Below this many encodings a scan adds a synthetic background population (see _background).
BACKGROUND_BELOW = 2000
# Consent categories whose sharing a linkage amounts to: that the person is known to both.
LINKAGE_CATEGORIES = frozenset({"identity"})
LINKAGE_PURPOSE = "record_linkage"


class LinkageNotConfigured(ImproperlyConfigured):
    pass


class MatchingRefused(Exception):
    """A request the rules forbid; the message says why, for the person at the form."""


# --- the shared secret and encodings ------------------------------------------------------


def linkage_secret() -> bytes:
    """The secret the participating organisations share; never stored in the database.

    Read at call time (not at import) from PUTOKAZ_LINKAGE_SECRET or the file named by
    PUTOKAZ_LINKAGE_SECRET_FILE, as the bytes of its UTF-8 text, exactly as `putokaz link
    --encoded` reads it, so encodings made by the command and by the platform agree. In
    development and test it is derived from the master key, so the demo needs no setup.
    """
    try:
        raw = envconfig.env_secret(os.environ, LINKAGE_SECRET_ENV)
    except envconfig.ConfigError as error:
        raise LinkageNotConfigured(str(error)) from None
    if raw is not None:
        secret = raw.encode("utf-8")
        if len(secret) < 16:
            raise LinkageNotConfigured(
                f"{LINKAGE_SECRET_ENV} is too short: at least 16 bytes (use 32 random bytes, "
                "such as the output of `putokaz keys generate`)"
            )
        return secret
    if settings.PRODUCTION:
        raise LinkageNotConfigured(
            f"{LINKAGE_SECRET_ENV} (or {LINKAGE_SECRET_ENV}_FILE) must be set in production: "
            "the secret shared by the organisations that take part in duplicate detection"
        )
    derived = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=b"putokaz linkage secret (development and test only)",
    ).derive(current_master_key())
    # Printable, so that the same value can be given to `putokaz link` as the variable.
    return base64.urlsafe_b64encode(derived).rstrip(b"=")


_PROBE = Record(
    id="probe",
    given_name="Probe",
    family_name="Fingerprint",
    date_of_birth="1970-07-15",
    sex="x",
    nationality="XX",
)


@functools.lru_cache(maxsize=4)
def encoding_version(secret: bytes) -> str:
    """Fingerprint of the encoding scheme and the secret: the encoding of a fixed probe record.

    Any change of the engine's encoding or of the secret changes it, so encodings that could
    no longer be compared are found and recomputed instead of silently never matching.
    """
    probe = encode_records(records=[_PROBE], secret=secret)[0]
    return hashlib.sha256(probe.clk + b"|".join(probe.block_keys)).hexdigest()[:32]


_SEX_FOR_ENGINE = {"female": "f", "male": "m", "other": "x"}


def person_record(person: Person) -> Record:
    """The engine's view of a person (decrypts the person's identifying fields)."""
    return Record(
        id=str(person.pk),
        given_name=person.given_name or "",
        family_name=person.family_name or "",
        given_name_original=person.given_name_original or "",
        family_name_original=person.family_name_original or "",
        date_of_birth=person.date_of_birth or "",
        sex=_SEX_FOR_ENGINE.get(person.sex, ""),
        nationality=person.nationality or "",
    )


def person_encoding_refresh(
    *, person: Person, secret: bytes | None = None
) -> PersonEncoding | None:
    """Compute and store the person's encoding; an erased person keeps none."""
    if person.is_erased:
        PersonEncoding.objects.filter(person=person).delete()
        return None
    secret = secret if secret is not None else linkage_secret()
    encoding = encode_records(records=[person_record(person)], secret=secret)[0]
    keys = [k.hex() for k in encoding.block_keys]
    with transaction.atomic():
        stored, _created = PersonEncoding.objects.update_or_create(
            person=person,
            defaults={
                "clk": encoding.clk,
                "block_keys": keys,
                "version": encoding_version(secret),
                "computed_at": timezone.now(),
            },
        )
        EncodingBlockKey.objects.filter(encoding=stored).delete()
        EncodingBlockKey.objects.bulk_create(EncodingBlockKey(encoding=stored, key=k) for k in keys)
    return stored


def person_encoding_changed(*, person: Person) -> None:
    """Called by person_create / person_update inside their transaction.

    A registration must never fail because duplicate detection is misconfigured, so a
    missing secret is logged (codes only) and the next scan, which refuses loudly, catches
    up on persons without an encoding.
    """
    try:
        person_encoding_refresh(person=person)
    except (LinkageNotConfigured, DateError) as error:
        logger.warning("no linkage encoding for person %s: %s", person.code, error)
        return
    from putokaz.matching.tasks import scan_person_duplicates

    person_id = person.pk
    transaction.on_commit(lambda: scan_person_duplicates.enqueue(person_id))


def _refresh_stale(*, secret: bytes, version: str, actor: Actor) -> int:
    """Encode persons that have no current encoding (new secret, new engine, missed hook)."""
    stale = (
        Person.objects.filter(erased_at__isnull=True)
        .exclude(linkage_encoding__version=version)
        .select_related("data_key")
    )
    count = 0
    for person in stale.iterator(chunk_size=500):
        with transaction.atomic():
            person_encoding_refresh(person=person, secret=secret)
            audit_record(
                actor=actor,
                action="person.encode",
                object_type="person",
                object_ref=person.code,
                fields=PERSONAL_FIELDS,
                purpose="duplicate detection encoding",
            )
        count += 1
    return count


# --- scans -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScanResult:
    encodings: int
    refreshed: int
    candidates: int
    new: int
    removed: int
    seconds: float


def _merged_person_ids() -> set[int]:
    return set(
        MergeRecord.objects.filter(undone_at__isnull=True).values_list("merged_id", flat=True)
    )


def _encodings(queryset: models.QuerySet[PersonEncoding]) -> list[Encoding]:
    return [
        Encoding(id=str(pid), clk=bytes(clk), block_keys=tuple(bytes.fromhex(k) for k in keys))
        for pid, clk, keys in queryset.values_list("person_id", "clk", "block_keys")
    ]


def _current_encodings(version: str) -> models.QuerySet[PersonEncoding]:
    return (
        PersonEncoding.objects.filter(version=version, person__erased_at__isnull=True)
        .exclude(person_id__in=_merged_person_ids())
        .order_by("person_id")
    )


_BACKGROUND = "bg:"


@functools.lru_cache(maxsize=2)
def _background(secret: bytes) -> tuple[Encoding, ...]:
    """Synthetic registrations of the route, encoded with the network's secret.

    The model is fitted by EM on the population it scores; a few dozen real registrations
    with one or two true pairs give it nothing to learn from (the pairs vanish). Below
    BACKGROUND_BELOW encodings the scan adds these, whose own repeated registrations teach
    EM what a match looks like; pairs involving them are dropped.
    """
    from putokaz.matching.synthetic import generate

    records = [r.record(id_prefix=_BACKGROUND) for r in generate(people=700, seed=11)]
    return tuple(encode_records(records=records, secret=secret))


def _pairs(encodings: list[Encoding], secret: bytes) -> dict[tuple[int, int], float]:
    if len(encodings) < 2:
        return {}
    population = list(encodings)
    if len(population) < BACKGROUND_BELOW:
        population += _background(secret)
    result = encoded_dedupe(encodings=population, threshold=THRESHOLD)
    found: dict[tuple[int, int], float] = {}
    for pair in result.pairs:
        if pair.left_id.startswith(_BACKGROUND) or pair.right_id.startswith(_BACKGROUND):
            continue
        a, b = sorted((int(pair.left_id), int(pair.right_id)))
        found[(a, b)] = max(found.get((a, b), 0.0), float(pair.score))
    return found


def _store(
    *, found: dict[tuple[int, int], float], scope: Q, actor: Actor, purpose: str
) -> tuple[int, int]:
    """Upsert candidates; drop open ones in scope that the scan no longer finds.

    Decided candidates (linked, merged, dismissed) are kept whatever the scan says: a
    person's judgement is not overturned by a model.
    """
    removed = 0
    now = timezone.now()
    with transaction.atomic():
        existing = {
            (c.person_a_id, c.person_b_id): c
            for c in DuplicateCandidate.objects.select_for_update().filter(scope)
        }
        created = [
            DuplicateCandidate(person_a_id=a, person_b_id=b, score=score)
            for (a, b), score in found.items()
            if (a, b) not in existing
        ]
        # ignore_conflicts: a per-person scan running at the same time may have stored it.
        DuplicateCandidate.objects.bulk_create(created, batch_size=1000, ignore_conflicts=True)
        again = []
        for key, candidate in existing.items():
            if key in found:
                candidate.score, candidate.seen_at = found[key], now
                again.append(candidate)
        DuplicateCandidate.objects.bulk_update(again, ["score", "seen_at"], batch_size=1000)
        gone = [
            c.pk
            for key, c in existing.items()
            if key not in found and c.status == CandidateStatus.OPEN
        ]
        # A candidate someone asked about or merged keeps its history (rows point at it).
        asked = set(
            LinkageRequest.objects.filter(candidate_id__in=gone).values_list(
                "candidate_id", flat=True
            )
        )
        asked |= set(
            MergeRecord.objects.filter(candidate_id__in=gone).values_list("candidate_id", flat=True)
        )
        stale = [pk for pk in gone if pk not in asked]
        if stale:
            removed = DuplicateCandidate.objects.filter(pk__in=stale).delete()[0]
        new = len(created)
        audit_record(
            actor=actor,
            action="duplicates.scan",
            object_type="duplicate_candidate",
            purpose=f"{purpose}: {len(found)} found, {new} new, {removed} no longer found",
        )
    return new, removed


def duplicates_scan(
    *, organisation_ids: Iterable[int] | None = None, actor: Actor = SYSTEM
) -> ScanResult:
    """Find possible duplicates among all current encodings of the network.

    The model is always fitted on the whole population (a fit needs one); with
    `organisation_ids`, only pairs involving those organisations' persons are stored or
    dropped, as after one organisation's bulk import.
    """
    started = time.perf_counter()
    secret = linkage_secret()
    version = encoding_version(secret)
    refreshed = _refresh_stale(secret=secret, version=version, actor=actor)
    PersonEncoding.objects.filter(person__erased_at__isnull=False).delete()
    encodings = _encodings(_current_encodings(version))
    found = _pairs(encodings, secret)
    if organisation_ids is None:
        scope = Q()
        purpose = "network scan"
    else:
        org_ids = sorted(set(organisation_ids))
        in_scope = set(
            Person.objects.filter(organisation_id__in=org_ids).values_list("pk", flat=True)
        )
        found = {k: v for k, v in found.items() if k[0] in in_scope or k[1] in in_scope}
        scope = Q(person_a__organisation_id__in=org_ids) | Q(person_b__organisation_id__in=org_ids)
        purpose = f"scan for organisations {','.join(map(str, org_ids))}"
    new, removed = _store(found=found, scope=scope, actor=actor, purpose=purpose)
    return ScanResult(
        encodings=len(encodings),
        refreshed=refreshed,
        candidates=len(found),
        new=new,
        removed=removed,
        seconds=round(time.perf_counter() - started, 3),
    )


def duplicates_scan_person(*, person_id: int, actor: Actor = SYSTEM) -> ScanResult:
    """Possible duplicates of one person: its blocking neighbours, scored with a population.

    The neighbours come from one indexed lookup of the person's keyed blocking keys; the
    model is fitted on them plus a deterministic sample of other encodings (all of them in a
    network of up to PERSON_SCAN_POPULATION), so the scores mean what a full scan's mean.
    """
    started = time.perf_counter()
    secret = linkage_secret()
    version = encoding_version(secret)
    own = PersonEncoding.objects.filter(person_id=person_id, version=version).first()
    if own is None or person_id in _merged_person_ids():
        return ScanResult(0, 0, 0, 0, 0, 0.0)
    current = _current_encodings(version)
    neighbours = set(
        EncodingBlockKey.objects.filter(key__in=own.block_keys, encoding__in=current).values_list(
            "encoding__person_id", flat=True
        )
    )
    all_ids = list(current.values_list("person_id", flat=True))
    step = max(1, len(all_ids) // PERSON_SCAN_POPULATION)
    population = neighbours | {person_id} | set(all_ids[::step])
    encodings = _encodings(current.filter(person_id__in=population))
    found = {k: v for k, v in _pairs(encodings, secret).items() if person_id in k}
    scope = Q(person_a_id=person_id) | Q(person_b_id=person_id)
    new, removed = _store(found=found, scope=scope, actor=actor, purpose="scan for one person")
    return ScanResult(
        encodings=len(encodings),
        refreshed=0,
        candidates=len(found),
        new=new,
        removed=removed,
        seconds=round(time.perf_counter() - started, 3),
    )


def candidate_dismiss(*, user: User, candidate: DuplicateCandidate) -> DuplicateCandidate:
    """A case manager of the organisation holding both registrations says: not one person."""
    org_id = candidate.person_a.organisation_id
    grant = grant_for(user, capability=Capability.PERSON_MERGE, organisation_id=org_id)
    if grant is None or candidate.person_b.organisation_id != org_id:
        raise MatchingRefused(_("Only a case manager of the organisation holding both can decide."))
    if candidate.status != CandidateStatus.OPEN:
        raise MatchingRefused(_("This possible duplicate was already decided."))
    with transaction.atomic():
        DuplicateCandidate.objects.filter(pk=candidate.pk).update(
            status=CandidateStatus.DISMISSED, decided_by=user, decided_at=timezone.now()
        )
        audit_record(
            actor=actor_for(user, grant),
            action="duplicates.dismiss",
            object_type="person",
            object_ref=candidate.person_a.code,
            purpose=f"not the same person as {candidate.person_b.code}",
        )
    candidate.refresh_from_db()
    return candidate


# --- linkage across organisations ----------------------------------------------------------


def _linkage_consent(*, person: Person, holder_id: int, to: Organisation) -> bool:
    """Has the person consented, on a case of the holding organisation, to linkage with `to`?"""
    from putokaz.cases.consent import consent_check

    cases = Case.objects.filter(person=person, organisation_id=holder_id)
    return any(
        consent_check(
            case=case, organisation=to, purpose=LINKAGE_PURPOSE, categories=set(LINKAGE_CATEGORIES)
        ).allowed
        for case in cases
    )


def _case_manager_emails(organisation_id: int) -> list[str]:
    return list(
        Membership.objects.filter(
            organisation_id=organisation_id, role=Role.CASE_MANAGER, user__is_active=True
        ).values_list("user__email", flat=True)
    )


def linkage_request_create(*, user: User, candidate: DuplicateCandidate) -> LinkageRequest:
    """Ask the other organisation to confirm that its registration is the same person.

    The request itself tells the other organisation that the person is known here, so the
    person's consent to record linkage must be recorded here first (naming the other
    organisation or its kind, which the panel shows).
    """
    from putokaz.core.notify import notify

    a, b = candidate.person_a, candidate.person_b
    grant = grant_for(
        user, capability=Capability.LINKAGE_REQUEST, organisation_id=a.organisation_id
    )
    own, other = (a, b) if grant is not None else (b, a)
    if grant is None:
        grant = grant_for(
            user, capability=Capability.LINKAGE_REQUEST, organisation_id=b.organisation_id
        )
    if grant is None:
        raise MatchingRefused(_("Your role does not allow requesting linkage."))
    if own.organisation_id == other.organisation_id:
        raise MatchingRefused(_("Both registrations are in your organisation: merge them instead."))
    if candidate.status != CandidateStatus.OPEN:
        raise MatchingRefused(_("This possible duplicate was already decided."))
    to_org = other.organisation
    if not _linkage_consent(person=own, holder_id=own.organisation_id, to=to_org):
        raise MatchingRefused(
            _(
                "Record the person's consent first: on their case, consent to “linking records "
                "held by other organisations” (identity) for organisations of the kind "
                "“%(kind)s”."
            )
            % {"kind": to_org.get_type_display()}
        )
    with transaction.atomic():
        if LinkageRequest.objects.filter(
            candidate=candidate, status=LinkageStatus.REQUESTED
        ).exists():
            raise MatchingRefused(_("A linkage request is already waiting for an answer."))
        request = LinkageRequest.objects.create(
            candidate=candidate,
            from_organisation_id=own.organisation_id,
            from_person=own,
            to_organisation=to_org,
            to_person=other,
            requested_by=user,
        )
        audit_record(
            actor=actor_for(user, grant),
            action="linkage.request",
            object_type="person",
            object_ref=own.code,
            purpose=f"linkage request {request.pk} to organisation {to_org.pk}",
        )
        notify(
            emails=_case_manager_emails(to_org.pk),
            subject="Putokaz: a linkage request for your organisation",
            body=(
                f"{own.organisation} asks whether one of your registrations is the same person "
                "as one of theirs. Open Putokaz, Possible duplicates, Linkage requests, to "
                "answer; accepting needs the person's consent recorded on their case."
            ),
        )
    return request


def linkage_decide(
    *, user: User, request_id: int, accept: bool, reason: str = ""
) -> LinkageRequest:
    """The other organisation's case manager accepts (with the person's consent) or refuses.

    Accepting without the consent is refused with the reason and the request stays open,
    so that it can be accepted once the consent is recorded.
    """
    from putokaz.core.notify import notify

    with transaction.atomic():
        request = (
            LinkageRequest.objects.select_for_update()
            .filter(pk=request_id, status=LinkageStatus.REQUESTED)
            .first()
        )
        grant = request and grant_for(
            user, capability=Capability.LINKAGE_DECIDE, organisation_id=request.to_organisation_id
        )
        if request is None or grant is None:
            raise MatchingRefused(
                _("There is no such linkage request waiting for your organisation.")
            )
        request = LinkageRequest.objects.select_related(
            "candidate", "from_organisation", "from_person", "to_person", "to_organisation"
        ).get(pk=request.pk)
        if accept:
            if not _linkage_consent(
                person=request.to_person,
                holder_id=request.to_organisation_id,
                to=request.from_organisation,
            ):
                raise MatchingRefused(
                    _(
                        "The person has not consented to linking their records with "
                        "%(org)s. Record that consent on their case (purpose: linking records "
                        "held by other organisations; identity; naming %(org)s), or refuse."
                    )
                    % {"org": request.from_organisation}
                )
            a, b = sorted((request.from_person_id, request.to_person_id))
            PersonLink.objects.get_or_create(
                person_a_id=a, person_b_id=b, defaults={"linkage_request": request}
            )
            DuplicateCandidate.objects.filter(pk=request.candidate_id).update(
                status=CandidateStatus.LINKED, decided_by=user, decided_at=timezone.now()
            )
            request.status = LinkageStatus.ACCEPTED
        else:
            if reason not in RefusalReason.values:
                raise MatchingRefused(_("Choose a reason for refusing."))
            request.status = LinkageStatus.REFUSED
            request.refusal_reason = reason
            if reason == RefusalReason.NOT_SAME_PERSON:
                DuplicateCandidate.objects.filter(pk=request.candidate_id).update(
                    status=CandidateStatus.DISMISSED, decided_by=user, decided_at=timezone.now()
                )
        request.decided_by, request.decided_at = user, timezone.now()
        request.save(update_fields=["status", "refusal_reason", "decided_by", "decided_at"])
        audit_record(
            actor=actor_for(user, grant),
            action="linkage.decide",
            object_type="person",
            object_ref=request.to_person.code,
            purpose=f"linkage request {request.pk} {request.status}"
            + (f" ({request.refusal_reason})" if request.refusal_reason else ""),
        )
        notify(
            emails=[request.requested_by.email],
            subject="Putokaz: your linkage request was answered",
            body=(
                f"{request.to_organisation} {'accepted' if accept else 'refused'} your linkage "
                f"request about {request.from_person.code}. Open the person's page in Putokaz."
            ),
        )
    return request


# --- merge within one organisation ---------------------------------------------------------


def _case_keyed_models() -> list[tuple[type[models.Model], str, list[str]]]:
    """Every model with sealed fields reached through a Case: (model, path to case, fields).

    Such rows are sealed under the key of the case's person, so moving a case to another
    person means sealing them again under that person's key.
    """
    found = []
    for model in apps.get_models():
        sealed = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if not sealed or model is Person:
            continue
        if model is Case:
            found.append((model, "pk", sealed))
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.ForeignKey) and field.related_model is Case:
                found.append((model, field.name, sealed))
    return found


def _move_cases(*, case_ids: list[int], source: Person, target: Person) -> dict[str, list[int]]:
    """Re-point cases from `source` to `target`, re-sealing what was sealed under source's key."""
    held: list[tuple[type[models.Model], int, dict[str, Any]]] = []
    for model, path, sealed in _case_keyed_models():
        rows = model._base_manager.filter(**{f"{path}__in": case_ids})  # type: ignore[attr-defined]
        for row in rows:
            if row.encryption_data_key().pk != source.data_key_id:  # type: ignore[attr-defined]
                continue  # sealed under its own key: moving the case does not concern it
            held.append((model, row.pk, {name: getattr(row, name) for name in sealed}))
    Case.objects.filter(pk__in=case_ids, person=source).update(
        person=target, version=F("version") + 1
    )
    resealed: dict[str, list[int]] = {}
    for model, pk, values in held:
        row = model._base_manager.get(pk=pk)  # type: ignore[attr-defined]
        for name, value in values.items():
            setattr(row, name, value)
        row.save(update_fields=list(values))
        resealed.setdefault(model._meta.label_lower, []).append(pk)
    return resealed


def person_merge(
    *, user: User, survivor: Person, merged: Person, candidate: DuplicateCandidate | None = None
) -> MergeRecord:
    """Fold registration `merged` into `survivor`, in one organisation; undo restores it."""
    from putokaz.cases.services import case_event

    org_id = survivor.organisation_id
    grant = grant_for(user, capability=Capability.PERSON_MERGE, organisation_id=org_id)
    if grant is None or merged.organisation_id != org_id:
        raise MatchingRefused(
            _("Only a case manager of the organisation holding both registrations can merge them.")
        )
    if survivor.pk == merged.pk:
        raise MatchingRefused(_("A registration cannot be merged into itself."))
    if survivor.is_erased or merged.is_erased:
        raise MatchingRefused(_("An erased registration cannot be merged."))
    if candidate is not None and (
        candidate.status != CandidateStatus.OPEN
        or {candidate.person_a_id, candidate.person_b_id} != {survivor.pk, merged.pk}
    ):
        raise MatchingRefused(_("This possible duplicate was already decided."))
    with transaction.atomic():
        locked = {
            p.pk: p
            for p in Person.objects.select_for_update()
            .select_related("data_key")
            .filter(pk__in=[survivor.pk, merged.pk])
        }
        survivor, merged = locked[survivor.pk], locked[merged.pk]
        active = MergeRecord.objects.filter(undone_at__isnull=True)
        if active.filter(merged__in=[survivor, merged]).exists():
            raise MatchingRefused(_("One of these registrations is already merged into another."))
        if active.filter(survivor=merged).exists():
            raise MatchingRefused(
                _("Other registrations were merged into %(code)s: undo those merges first.")
                % {"code": merged.code}
            )
        cases = list(Case.objects.filter(person=merged).order_by("pk"))
        resealed = _move_cases(case_ids=[c.pk for c in cases], source=merged, target=survivor)
        record = MergeRecord.objects.create(
            survivor=survivor,
            merged=merged,
            candidate=candidate,
            merged_by=user,
            moved={"cases": [{"id": c.pk, "code": c.code} for c in cases], "resealed": resealed},
        )
        if candidate is not None:
            DuplicateCandidate.objects.filter(pk=candidate.pk).update(
                status=CandidateStatus.MERGED, decided_by=user, decided_at=timezone.now()
            )
        for case in cases:
            case_event(
                case=case,
                actor_user=user,
                organisation_id=org_id,
                kind="person_merged",
                merge=record.pk,
                **{"from": merged.code, "into": survivor.code},
            )
        audit_record(
            actor=actor_for(user, grant),
            action="person.merge",
            object_type="person",
            object_ref=merged.code,
            fields=sorted(resealed),
            purpose=f"merged into {survivor.code} (merge {record.pk}, {len(cases)} cases moved)",
        )
    return record


def person_unmerge(*, user: User, merge_id: int) -> MergeRecord:
    """Undo a merge: the cases that moved go back, sealed again under their person's key."""
    from putokaz.cases.services import case_event

    with transaction.atomic():
        record = (
            MergeRecord.objects.select_for_update()
            .filter(pk=merge_id, undone_at__isnull=True)
            .first()
        )
        grant = record and grant_for(
            user,
            capability=Capability.PERSON_MERGE,
            organisation_id=Person.objects.get(pk=record.merged_id).organisation_id,
        )
        if record is None or grant is None:
            raise MatchingRefused(_("There is no such merge to undo in your organisation."))
        survivor = Person.objects.select_related("data_key").get(pk=record.survivor_id)
        merged = Person.objects.select_related("data_key").get(pk=record.merged_id)
        case_ids = [c["id"] for c in record.moved.get("cases", [])]
        _move_cases(case_ids=case_ids, source=survivor, target=merged)
        record.undone_by, record.undone_at = user, timezone.now()
        record.save(update_fields=["undone_by", "undone_at"])
        if record.candidate_id is not None:
            DuplicateCandidate.objects.filter(pk=record.candidate_id).update(
                status=CandidateStatus.OPEN, decided_by=None, decided_at=None
            )
        for case in Case.objects.filter(pk__in=case_ids):
            case_event(
                case=case,
                actor_user=user,
                organisation_id=merged.organisation_id,
                kind="person_unmerged",
                merge=record.pk,
                **{"from": survivor.code, "back_to": merged.code},
            )
        audit_record(
            actor=actor_for(user, grant),
            action="person.unmerge",
            object_type="person",
            object_ref=merged.code,
            purpose=f"merge {record.pk} into {survivor.code} undone",
        )
    return record
