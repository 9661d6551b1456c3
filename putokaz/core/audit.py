"""The audit log: who did or read what, when, why. Never the personal data itself.

Events form a hash chain (each carries the hash of the one before), appended
under a lock on the chain head, in the same transaction as the change they
record, so a change and its audit event commit or roll back together.
"""

from __future__ import annotations

import datetime
import getpass
import hashlib
import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from putokaz.core.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64
logger = logging.getLogger("putokaz.audit")


@dataclass(frozen=True)
class Actor:
    """Who acts: a user in a role of an organisation, or an operator at the command line."""

    label: str
    user_id: int | None = None
    role: str = ""
    organisation_id: int | None = None


def cli_actor() -> Actor:
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "unknown"
    return Actor(label=f"cli:{name}")


SYSTEM = Actor(label="system")


def event_hash(
    *,
    seq: int,
    at_iso: str,
    actor_id: int | None,
    actor: str,
    role: str,
    organisation_id: int | None,
    action: str,
    object_type: str,
    object_ref: str,
    fields: Sequence[str],
    purpose: str,
    prev_hash: str,
) -> str:
    canonical = json.dumps(
        [
            seq,
            at_iso,
            actor_id,
            actor,
            role,
            organisation_id,
            action,
            object_type,
            object_ref,
            list(fields),
            purpose,
            prev_hash,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _hash_of(event: AuditEvent) -> str:
    return event_hash(
        seq=event.seq,
        at_iso=event.at.astimezone(datetime.UTC).isoformat(),
        actor_id=event.actor_id,
        actor=event.actor,
        role=event.role,
        organisation_id=event.organisation_id,
        action=event.action,
        object_type=event.object_type,
        object_ref=event.object_ref,
        fields=event.fields,
        purpose=event.purpose,
        prev_hash=event.prev_hash,
    )


def audit_record(
    *,
    actor: Actor,
    action: str,
    object_type: str = "",
    object_ref: str = "",
    fields: Iterable[str] = (),
    purpose: str = "",
) -> AuditEvent:
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head = AuditChainHead.objects.create(pk=1, seq=0, hash=GENESIS_HASH)
        event = AuditEvent(
            seq=head.seq + 1,
            at=timezone.now(),
            actor_id=actor.user_id,
            actor=actor.label,
            role=actor.role,
            organisation_id=actor.organisation_id,
            action=action,
            object_type=object_type,
            object_ref=object_ref,
            fields=sorted(set(fields)),
            purpose=purpose,
            prev_hash=head.hash,
        )
        event.hash = _hash_of(event)
        event.save()
        head.seq, head.hash = event.seq, event.hash
        head.save(update_fields=["seq", "hash"])
    return event


def audit_security_event(
    *, action: str, object_type: str, object_ref: str, fields: Iterable[str]
) -> None:
    """Record a security event (such as a ciphertext that failed authentication).

    Reads of personal data run outside transactions, so the event normally
    commits at once. Inside a transaction that later rolls back it would be lost
    with it, so it is also written to the log (codes only, never data).
    """
    from putokaz.core.request_context import current_actor

    logger.warning(
        "security event %s on %s %s (fields %s)", action, object_type, object_ref, ",".join(fields)
    )
    audit_record(
        actor=current_actor() or SYSTEM,
        action=action,
        object_type=object_type,
        object_ref=object_ref,
        fields=fields,
        purpose="security",
    )


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    message: str
    broken_seq: int | None = None


def audit_verify(*, chunk_size: int = 5000) -> VerifyResult:
    """Walk the chain in order; report the first event that was changed, removed or inserted."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=chunk_size):
        if event.seq != expected_seq:
            return VerifyResult(
                False,
                checked,
                f"event #{expected_seq} is missing (removed); the next present is #{event.seq}",
                expected_seq,
            )
        if event.prev_hash != expected_prev:
            return VerifyResult(
                False,
                checked,
                f"event #{event.seq} does not follow #{event.seq - 1} "
                "(an event was inserted or removed before it)",
                event.seq,
            )
        if _hash_of(event) != event.hash:
            return VerifyResult(
                False,
                checked,
                f"event #{event.seq} was changed (its hash does not match)",
                event.seq,
            )
        expected_prev = event.hash
        expected_seq += 1
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    if head_seq != checked or head_hash != expected_prev:
        if head_seq > checked:
            return VerifyResult(
                False,
                checked,
                f"event #{checked + 1} is missing (removed); the log should end at #{head_seq}",
                checked + 1,
            )
        return VerifyResult(
            False,
            checked,
            f"event #{head_seq + 1} was inserted after the recorded end of the log (#{head_seq})",
            head_seq + 1,
        )
    return VerifyResult(
        True, checked, f"audit chain intact: {checked} events, head {expected_prev[:16]}"
    )
