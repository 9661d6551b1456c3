"""Two people saving the same case at once: one save wins, the other is refused, nothing is lost."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections  # noqa: F401 - connection is used by skipif

from putokaz.cases.models import Case
from putokaz.cases.selectors import case_get_for_user
from putokaz.cases.services import CaseInput, StaleEdit, case_update

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # SQLite's in-memory test database (shared cache) refuses a second writer at once
    # ("table is locked") instead of making it wait, so two real concurrent writers
    # can only be shown on PostgreSQL, where CI runs the suite a second time.
    pytest.mark.skipif(
        "connection.vendor != 'postgresql'",
        reason="needs a database that lets two writers queue: run with DATABASE_URL=postgres://…",
    ),
]


def test_concurrent_saves_of_the_same_version_let_exactly_one_through(net) -> None:
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(summary: str) -> None:
        try:
            access = case_get_for_user(user=net.case_manager, code=net.case.code)
            barrier.wait(timeout=10)  # both have read version 1 before either writes
            case_update(
                user=net.case_manager,
                access=access,
                expected_version=1,
                data=CaseInput(
                    case_type="trafficking", exploitation_forms=("labour",), summary=summary
                ),
            )
            outcomes[summary] = "saved"
        except StaleEdit:
            outcomes[summary] = "refused"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(s,)) for s in ("first editor", "second editor")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes.values()) == ["refused", "saved"], outcomes
    case = Case.objects.get(pk=net.case.pk)
    winner = next(s for s, o in outcomes.items() if o == "saved")
    assert case.version == 2 and case.summary == winner
    assert case.events.filter(kind="updated").count() == 1
