"""The role × organisation matrix for person pages and API endpoints."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from putokaz.accounts.services import api_token_create
from putokaz.core.models import AuditEvent
from tests.conftest import login, make_person

pytestmark = pytest.mark.django_db


def _pages(code: str) -> list[str]:
    return [reverse("cases:person_detail", args=[code]), reverse("cases:person_edit", args=[code])]


def test_a_user_of_another_organisation_gets_404_on_every_person_page(personas) -> None:
    person = make_person(personas.org)
    client = login(Client(), personas.other_case_manager)
    for url in _pages(person.code):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"given_name": "x"}).status_code == 404, url


def test_a_user_of_another_organisation_gets_404_from_the_api(personas) -> None:
    person = make_person(personas.org)
    _token, raw = api_token_create(user=personas.other_case_manager, name="t")
    client = Client(headers={"authorization": f"Bearer {raw}"})
    assert client.get(f"/api/v1/persons/{person.code}").status_code == 404
    listed = client.get("/api/v1/persons").json()
    assert person.code not in [p["code"] for p in listed["items"]]


def test_an_unknown_or_malformed_code_is_404(personas) -> None:
    client = login(Client(), personas.case_manager)
    for code in ("PK-AAAA-AAAA", "nonsense", "PK-1111-0000"):
        assert client.get(reverse("cases:person_detail", args=[code])).status_code == 404


def test_the_case_manager_reads_personal_data_and_the_read_is_audited(personas) -> None:
    person = make_person(personas.org, given_name="Fatemeh")
    client = login(Client(), personas.case_manager)
    response = client.get(reverse("cases:person_detail", args=[person.code]))
    assert response.status_code == 200 and "Fatemeh" in response.content.decode()
    event = AuditEvent.objects.filter(action="person.read", object_ref=person.code).get()
    assert event.actor == "ana" and event.role == "case_manager" and "given_name" in event.fields
    assert event.organisation_id == personas.org.pk and event.purpose == "view person page"


def test_the_org_admin_sees_codes_but_no_personal_data(personas) -> None:
    person = make_person(personas.org, given_name="Fatemeh")
    client = login(Client(), personas.org_admin)
    response = client.get(reverse("cases:person_detail", args=[person.code]))
    assert response.status_code == 200 and "Fatemeh" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="person.read").exists()
    assert client.get(reverse("cases:person_edit", args=[person.code])).status_code == 403


@pytest.mark.parametrize("persona", ["analyst", "investigator"])
def test_roles_without_access_to_persons_see_nothing(personas, persona: str) -> None:
    person = make_person(personas.org)
    client = login(Client(), getattr(personas, persona))
    assert client.get(reverse("cases:person_list")).status_code == 403
    assert client.get(reverse("cases:person_detail", args=[person.code])).status_code == 404
    assert client.get(reverse("cases:person_create")).status_code == 403


def test_a_read_only_role_cannot_write(personas) -> None:
    person = make_person(personas.org, given_name="Fatemeh")
    client = login(Client(), personas.org_admin)
    response = client.post(
        reverse("cases:person_edit", args=[person.code]),
        {"given_name": "Changed", "sex": "female", "version": person.version},
    )
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.given_name == "Fatemeh"
    assert (
        client.post(
            reverse("cases:person_create"), {"given_name": "New", "sex": "male"}
        ).status_code
        == 403
    )


def test_anonymous_users_are_sent_to_login(personas) -> None:
    person = make_person(personas.org)
    response = Client().get(reverse("cases:person_detail", args=[person.code]))
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert Client().get("/api/v1/persons").status_code == 401


def test_the_api_detail_decrypts_only_for_roles_allowed_to_read(personas) -> None:
    person = make_person(personas.org, given_name="Fatemeh")
    for user, expected in ((personas.case_manager, "Fatemeh"), (personas.org_admin, None)):
        _token, raw = api_token_create(user=user, name="t")
        body = (
            Client(headers={"authorization": f"Bearer {raw}"})
            .get(f"/api/v1/persons/{person.code}")
            .json()
        )
        assert (body["personal_data"] or {}).get("given_name") == expected
