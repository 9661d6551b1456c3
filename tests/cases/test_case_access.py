"""Role × organisation × object for every case page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from putokaz.cases.models import BreakGlassGrant, CaseNote
from putokaz.cases.services import CaseRefused, break_glass_open
from putokaz.core.models import AuditEvent
from tests.cases.conftest import open_case
from tests.conftest import login

pytestmark = pytest.mark.django_db

GET_PAGES = ["cases:case_detail", "cases:case_edit", "cases:consent_new", "referrals:refer"]
POST_ACTIONS = [
    "cases:note_add",
    "cases:task_add",
    "cases:goal_add",
    "cases:needs_add",
    "cases:timeline_add",
    "cases:case_close",
    "cases:case_transfer",
]


def test_other_organisation_gets_404_on_every_case_page_and_action(net) -> None:
    client = login(Client(), net.other_case_manager)
    for name in GET_PAGES:
        assert client.get(reverse(name, args=[net.case.code])).status_code == 404, name
    for name in POST_ACTIONS:
        assert (
            client.post(
                reverse(name, args=[net.case.code]), {"text": "x", "kind": "general"}
            ).status_code
            == 404
        ), name
    assert not CaseNote.objects.exists()


@pytest.mark.parametrize(
    "persona", ["investigator", "analyst", "provider", "id_officer", "state_provider"]
)
def test_roles_without_a_referral_see_nothing_of_a_case(net, persona: str) -> None:
    client = login(Client(), getattr(net, persona))
    for name in GET_PAGES:
        assert client.get(reverse(name, args=[net.case.code])).status_code == 404, name
    listing = client.get(reverse("cases:case_list"))
    assert net.case.code not in listing.content.decode()


def test_the_org_admin_oversees_without_personal_data_and_cannot_write(net) -> None:
    client = login(Client(), net.org_admin)
    page = client.get(reverse("cases:case_detail", args=[net.case.code]))
    assert page.status_code == 200
    body = page.content.decode()
    assert net.case.code in body and "Fatemeh" not in body and "Recruited online" not in body
    assert client.get(reverse("cases:case_edit", args=[net.case.code])).status_code == 403
    client.post(reverse("cases:note_add", args=[net.case.code]), {"kind": "general", "text": "x"})
    assert not CaseNote.objects.exists()


def test_the_outreach_worker_sees_the_cases_they_opened_only(net) -> None:
    own = open_case(net.ngo, net.outreach, given_name="Zahra")
    client = login(Client(), net.outreach)
    assert client.get(reverse("cases:case_detail", args=[own.code])).status_code == 200
    assert client.get(reverse("cases:case_detail", args=[net.case.code])).status_code == 404
    assert client.get(reverse("referrals:refer", args=[own.code])).status_code == 403


def test_the_case_manager_works_the_case(net) -> None:
    client = login(Client(), net.case_manager)
    client.post(
        reverse("cases:note_add", args=[net.case.code]),
        {"kind": "testimony", "text": "She was told a job"},
    )
    client.post(
        reverse("cases:task_add", args=[net.case.code]),
        {"title": "Call the shelter", "due_date": "2026-12-03"},
    )
    client.post(
        reverse("cases:timeline_add", args=[net.case.code]),
        {
            "kind": "asylum_intention",
            "on_date": "2026-11-20",
            "legal_status": "asylum_intention",
            "place": "Krnjača",
        },
    )
    client.post(
        reverse("cases:needs_add", args=[net.case.code]),
        {"needs": ["health", "legal"], "urgent": ["health"], "health_notes": "Needs a doctor"},
    )
    client.post(
        reverse("cases:goal_add", args=[net.case.code]),
        {"need": "legal", "description": "Lodge asylum claim"},
    )
    body = client.get(reverse("cases:case_detail", args=[net.case.code])).content.decode()
    for text in ("She was told a job", "Call the shelter", "Krnjača", "Lodge asylum claim"):
        assert text in body, text
    kinds = list(net.case.events.values_list("kind", flat=True))
    assert kinds == [
        "opened",
        "note_added",
        "task_added",
        "timeline",
        "needs_assessed",
        "goal_added",
    ]
    net.case.person.refresh_from_db()
    assert net.case.person.legal_status == "asylum_intention"
    from putokaz.cases.models import StatusEvent

    assert "Krnjača".encode() not in bytes(
        StatusEvent.objects.values_list("place", flat=True).get()
    )


def test_bad_input_on_a_case_action_is_refused_with_the_reason_and_nothing_saved(net) -> None:
    client = login(Client(), net.case_manager)
    response = client.post(
        reverse("cases:timeline_add", args=[net.case.code]),
        {"kind": "arrival", "on_date": "2099-01-01"},
        follow=True,
    )
    assert "The date is in the future." in response.content.decode()
    response = client.post(
        reverse("cases:note_add", args=[net.case.code]),
        {"kind": "general", "text": ""},
        follow=True,
    )
    assert "Note" in response.content.decode() and not CaseNote.objects.exists()
    assert not net.case.timeline.exists()


def test_a_stale_case_edit_is_refused(net) -> None:
    client = login(Client(), net.case_manager)
    form = {
        "case_type": "trafficking",
        "exploitation_forms": ["sexual"],
        "summary": "v2",
        "version": 1,
    }
    assert client.post(reverse("cases:case_edit", args=[net.case.code]), form).status_code == 302
    response = client.post(
        reverse("cases:case_edit", args=[net.case.code]), {**form, "summary": "v3"}
    )
    assert "Someone else changed this case" in response.content.decode()
    net.case.refresh_from_db()
    assert net.case.summary == "v2"


def test_gbv_cases_need_a_gbvims_type_kept_in_gbvims_order(net) -> None:
    client = login(Client(), net.case_manager)
    response = client.post(
        reverse("cases:case_edit", args=[net.case.code]),
        {"case_type": "gbv", "summary": "x", "version": 1},
    )
    assert "at least one GBVIMS type" in response.content.decode()
    client.post(
        reverse("cases:case_edit", args=[net.case.code]),
        {"case_type": "gbv", "gbv_types": ["psychological_abuse", "rape"], "version": 1},
    )
    net.case.refresh_from_db()
    assert net.case.gbv_types == ["rape", "psychological_abuse"]


def test_close_and_reopen(net) -> None:
    client = login(Client(), net.case_manager)
    client.post(reverse("cases:case_close", args=[net.case.code]), {"reason": "goals_met"})
    net.case.refresh_from_db()
    assert net.case.status == "closed" and net.case.close_reason == "goals_met"
    client.post(reverse("cases:case_reopen", args=[net.case.code]))
    net.case.refresh_from_db()
    assert net.case.status == "open"
    assert list(net.case.events.values_list("kind", flat=True))[-2:] == ["closed", "reopened"]


def _with_break_glass(user) -> None:
    user.user_permissions.add(Permission.objects.get(codename="break_glass"))


def test_break_glass_needs_the_permission_and_a_reason(net) -> None:
    with pytest.raises(CaseRefused, match="emergency access"):
        break_glass_open(
            user=net.investigator, case_code=net.case.code, reason="A person is in danger now"
        )
    _with_break_glass(net.investigator)
    from django.contrib.auth import get_user_model

    investigator = get_user_model().objects.get(pk=net.investigator.pk)
    with pytest.raises(CaseRefused, match="15 characters"):
        break_glass_open(user=investigator, case_code=net.case.code, reason="urgent")


def test_break_glass_opens_one_case_for_one_hour_and_reports_it(
    net, django_capture_on_commit_callbacks
) -> None:
    _with_break_glass(net.investigator)
    other_case = open_case(net.ngo, net.case_manager, given_name="Zahra")
    client = login(Client(), net.investigator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cases:break_glass"),
            {"case_code": net.case.code, "reason": "Threat to life reported tonight"},
        )
    assert response.status_code == 302
    page = client.get(reverse("cases:case_detail", args=[net.case.code])).content.decode()
    assert "Fatemeh" in page and "Emergency access" in page
    assert client.get(reverse("cases:case_detail", args=[other_case.code])).status_code == 404
    assert (
        client.post(
            reverse("cases:note_add", args=[net.case.code]), {"kind": "general", "text": "x"}
        ).status_code
        == 302
    )
    assert not CaseNote.objects.exists()  # read only
    assert AuditEvent.objects.filter(action="case.break_glass", object_ref=net.case.code).exists()
    assert (
        mail.outbox
        and mail.outbox[0].to == ["admin@ngo.test"]
        and "Threat" not in mail.outbox[0].body
    )
    BreakGlassGrant.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(reverse("cases:case_detail", args=[net.case.code])).status_code == 404


def test_transfer_needs_consent_and_the_receiving_side_accepts(net) -> None:
    from putokaz.accounts.roles import Role
    from tests.cases.conftest import give_consent
    from tests.conftest import make_user

    client = login(Client(), net.case_manager)
    response = client.post(
        reverse("cases:case_transfer", args=[net.case.code]),
        {"to_organisation": net.other_ngo.pk},
        follow=True,
    )
    assert "has not consented" in response.content.decode()
    give_consent(
        net.case,
        net.case_manager,
        orgs=[net.other_ngo],
        categories=("identity",),
        purposes=("case_transfer",),
    )
    client.post(
        reverse("cases:case_transfer", args=[net.case.code]), {"to_organisation": net.other_ngo.pk}
    )
    transfer = net.case.transfers.get()
    other = login(Client(), net.other_case_manager)
    other.post(reverse("cases:transfer_decide", args=[transfer.pk]), {"accept": "1"})
    net.case.refresh_from_db()
    assert (
        net.case.organisation == net.other_ngo and net.case.case_manager == net.other_case_manager
    )
    assert client.get(reverse("cases:case_detail", args=[net.case.code])).status_code == 404
    assert make_user  # keeps the import used when the role table grows
    assert Role


def _case_list_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("cases:case_list")).status_code == 200
    return len(queries)


def test_the_case_list_query_count_does_not_grow_with_cases(net) -> None:
    client = login(Client(), net.case_manager)
    few = _case_list_queries(client)
    for i in range(20):
        open_case(net.ngo, net.case_manager, given_name=f"P{i}")
    assert _case_list_queries(client) == few <= 12


def test_the_case_page_query_count_does_not_grow_with_history(net) -> None:
    client = login(Client(), net.case_manager)
    url = reverse("cases:case_detail", args=[net.case.code])
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for i in range(10):
        client.post(
            reverse("cases:note_add", args=[net.case.code]),
            {"kind": "general", "text": f"note {i}"},
        )
        client.post(reverse("cases:task_add", args=[net.case.code]), {"title": f"task {i}"})
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before), (len(before), len(after))


def test_every_change_to_a_case_is_also_an_audit_event(net) -> None:
    client = login(Client(), net.case_manager)
    client.post(reverse("cases:task_add", args=[net.case.code]), {"title": "Call"})
    client.post(
        reverse("cases:goal_add", args=[net.case.code]), {"need": "legal", "description": "Asylum"}
    )
    task = net.case.tasks.get()
    client.post(reverse("cases:task_done", args=[net.case.code, task.pk]))
    actions = set(
        AuditEvent.objects.filter(object_ref=net.case.code).values_list("action", flat=True)
    )
    assert {"case.open", "case.task_add", "case.goal_add", "case.task_done"} <= actions
