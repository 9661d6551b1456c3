from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from putokaz.core.audit import Actor, audit_record, audit_verify, event_hash
from putokaz.core.models import AuditEvent, AuditLogImmutable

pytestmark = pytest.mark.django_db

ACTOR = Actor(label="tester", user_id=7, role="case_manager", organisation_id=3)


def _chain(n: int = 5) -> list[AuditEvent]:
    return [
        audit_record(
            actor=ACTOR,
            action="person.read",
            object_type="person",
            object_ref=f"PK-{i}",
            fields=["given_name"],
            purpose="test",
        )
        for i in range(n)
    ]


def _raw(sql: str, params: list[object]) -> None:
    """Tamper as someone with direct database access would, past the application."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The append-only trigger would refuse; an attacker with superuser rights can skip it.
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")


def test_an_untouched_chain_verifies() -> None:
    _chain()
    result = audit_verify()
    assert result.ok and result.checked == 5


def test_events_are_chained_by_hash() -> None:
    events = _chain(3)
    assert events[0].prev_hash == "0" * 64
    assert events[1].prev_hash == events[0].hash and events[2].prev_hash == events[1].hash


def test_verify_names_a_changed_event() -> None:
    _chain()
    _raw("UPDATE core_auditevent SET purpose = %s WHERE seq = %s", ["rewritten", 3])
    result = audit_verify()
    assert not result.ok and result.broken_seq == 3 and "changed" in result.message


def test_verify_names_a_deleted_event() -> None:
    _chain()
    _raw("DELETE FROM core_auditevent WHERE seq = %s", [2])
    result = audit_verify()
    assert not result.ok and result.broken_seq == 2 and "missing" in result.message


def test_verify_notices_the_last_event_removed() -> None:
    _chain()
    _raw("DELETE FROM core_auditevent WHERE seq = %s", [5])
    result = audit_verify()
    assert not result.ok and result.broken_seq == 5


def test_verify_names_an_inserted_event() -> None:
    events = _chain()
    # A forged event squeezed in at the end with a correctly computed hash.
    last = events[-1]
    at = last.at
    forged_hash = event_hash(
        seq=6,
        at_iso=at.isoformat(),
        actor_id=None,
        actor="intruder",
        role="",
        organisation_id=None,
        action="person.read",
        object_type="person",
        object_ref="PK-X",
        fields=[],
        purpose="",
        prev_hash=last.hash,
    )
    _raw(
        "INSERT INTO core_auditevent (seq, at, actor_id, actor, role, organisation_id, action, object_type, "
        "object_ref, fields, purpose, prev_hash, hash) VALUES (%s, %s, NULL, 'intruder', '', NULL, "
        "'person.read', 'person', 'PK-X', '[]', '', %s, %s)",
        [6, at, last.hash, forged_hash],
    )
    result = audit_verify()
    assert not result.ok and result.broken_seq == 6 and "inserted" in result.message


def test_verify_names_an_event_inserted_in_the_middle() -> None:
    _chain()
    # Renumber the tail to make room, as an attacker inserting event 3 would have to.
    _raw("UPDATE core_auditevent SET seq = seq + 100 WHERE seq >= %s", [3])
    _raw("UPDATE core_auditevent SET seq = seq - 99 WHERE seq >= %s", [103])
    event2 = AuditEvent.objects.get(seq=2)
    _raw(
        "INSERT INTO core_auditevent (seq, at, actor_id, actor, role, organisation_id, action, object_type, "
        "object_ref, fields, purpose, prev_hash, hash) VALUES (3, %s, NULL, 'x', '', NULL, 'a', '', '', '[]', "
        "'', %s, %s)",
        [event2.at, event2.hash, "f" * 64],
    )
    result = audit_verify()
    assert not result.ok and result.broken_seq == 3


def test_the_application_refuses_to_change_or_delete_events() -> None:
    event = _chain(1)[0]
    event.purpose = "changed"
    with pytest.raises(AuditLogImmutable):
        event.save()
    with pytest.raises(AuditLogImmutable):
        event.delete()
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.filter(pk=event.pk).update(purpose="x")
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_changes_on_postgresql() -> None:
    _chain(1)
    if connection.vendor != "postgresql":
        # SQLite has no such trigger; the application-level refusal above is what protects it.
        assert connection.vendor == "sqlite"
        return
    for sql in ("UPDATE core_auditevent SET purpose = 'x'", "DELETE FROM core_auditevent"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as c,
        ):
            c.execute(sql)


def test_the_audit_verify_command_exits_0_then_1(capsys: pytest.CaptureFixture[str]) -> None:
    _chain()
    call_command("audit", "verify")
    assert "intact: 5 events" in capsys.readouterr().out
    _raw("UPDATE core_auditevent SET actor = %s WHERE seq = %s", ["someone else", 4])
    with pytest.raises(CommandError, match="event #4 was changed") as error:
        call_command("audit", "verify")
    assert error.value.returncode == 1


def test_events_never_contain_personal_data(personas) -> None:
    from tests.conftest import make_person

    make_person(personas.org, given_name="Nazanin", family_name="Rahimi")
    text = " ".join(str(e.__dict__) for e in AuditEvent.objects.all())
    assert "Nazanin" not in text and "Rahimi" not in text
