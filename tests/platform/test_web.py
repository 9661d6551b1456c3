from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from putokaz.cases.models import Person
from putokaz.core import crypto
from putokaz.core.models import AuditEvent
from tests.conftest import login, make_person

pytestmark = pytest.mark.django_db


def test_every_response_carries_the_security_headers(personas) -> None:
    for client, url in (
        (Client(), reverse("accounts:login")),
        (login(Client(), personas.case_manager), "/home/"),
    ):
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert (
            "default-src 'self'" in csp
            and "script-src 'self'" in csp
            and "'unsafe-inline'" not in csp
        )
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "no-referrer"
        assert response["X-Frame-Options"] == "DENY"
        assert (
            "camera=()" in response["Permissions-Policy"]
            and "geolocation=()" in response["Permissions-Policy"]
        )


def test_authenticated_pages_are_not_stored(personas) -> None:
    response = login(Client(), personas.case_manager).get(reverse("cases:person_list"))
    assert "no-store" in response["Cache-Control"]


def test_pages_load_nothing_from_other_origins(personas) -> None:
    make_person(personas.org)
    client = login(Client(), personas.case_manager)
    for url in (reverse("cases:person_list"), reverse("accounts:login"), "/home/"):
        html = client.get(url).content.decode()
        assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html
        assert "<script>" not in html and " style=" not in html


def _person_list_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("cases:person_list")).status_code == 200
    return len(queries)


def test_the_person_list_query_count_does_not_grow_with_persons(personas) -> None:
    client = login(Client(), personas.case_manager)
    make_person(personas.org)
    few = _person_list_queries(client)
    for _ in range(30):
        make_person(personas.org)
    many = _person_list_queries(client)
    assert few == many <= 8, (few, many)


def test_the_api_person_list_query_count_does_not_grow(personas) -> None:
    from putokaz.accounts.services import api_token_create

    _token, raw = api_token_create(user=personas.case_manager, name="t")
    client = Client(headers={"authorization": f"Bearer {raw}"})
    make_person(personas.org)
    client.get("/api/v1/me")  # the first use of a token records it; measure the steady state
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/persons")
    for _ in range(20):
        make_person(personas.org)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get("/api/v1/persons").json()["items"]) == 21
    assert len(few) == len(many) <= 6


def test_the_list_never_decrypts_or_shows_names(personas) -> None:
    make_person(personas.org, given_name="Fatemeh")
    html = login(Client(), personas.case_manager).get(reverse("cases:person_list")).content.decode()
    assert "Fatemeh" not in html and "PK-" in html
    assert not AuditEvent.objects.filter(action="person.read").exists()


def test_registering_a_person_with_invalid_data_saves_nothing(personas) -> None:
    client = login(Client(), personas.outreach)
    response = client.post(
        reverse("cases:person_create"),
        {
            "given_name": "Amal",
            "date_of_birth": "1998-02-30",
            "sex": "female",
            "nationality": "Syria",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "This date does not exist." in body and "two-letter country code" in body
    assert 'value="Amal"' in body  # the form comes back filled in
    assert Person.objects.count() == 0


def test_registering_without_any_name_is_refused(personas) -> None:
    response = login(Client(), personas.outreach).post(
        reverse("cases:person_create"), {"sex": "female"}
    )
    assert "at least one name" in response.content.decode() and Person.objects.count() == 0


def test_registering_and_editing_a_person(personas) -> None:
    client = login(Client(), personas.outreach)
    response = client.post(
        reverse("cases:person_create"),
        {
            "given_name": "Amal",
            "family_name": "Al-Khatib",
            "given_name_original": "أمل",
            "date_of_birth": "1995",
            "sex": "female",
            "nationality": "sy",
        },
    )
    person = Person.objects.get()
    assert response["Location"] == reverse("cases:person_detail", args=[person.code])
    assert (person.nationality, person.age_band, person.given_name_original) == (
        "SY",
        "25-34",
        "أمل",
    )
    client.post(
        reverse("cases:person_edit", args=[person.code]),
        {
            "given_name": "Amal",
            "family_name": "Al Khatib",
            "sex": "female",
            "nationality": "SY",
            "version": person.version,
        },
    )
    person.refresh_from_db()
    assert person.family_name == "Al Khatib" and person.version == 2
    assert list(
        AuditEvent.objects.filter(object_ref=person.code).values_list("action", flat=True)
    ) == ["person.create", "person.update"]


def test_a_stale_edit_is_refused_and_nothing_is_lost(personas) -> None:
    person = make_person(personas.org, family_name="Ahmadi")
    client = login(Client(), personas.case_manager)
    form = {
        "given_name": "Fatemeh",
        "sex": "female",
        "nationality": "AF",
        "version": person.version,
    }
    client.post(reverse("cases:person_edit", args=[person.code]), {**form, "family_name": "Ahmady"})
    response = client.post(
        reverse("cases:person_edit", args=[person.code]), {**form, "family_name": "Ahmadi-Rad"}
    )
    assert "Someone else changed this person" in response.content.decode()
    person.refresh_from_db()
    assert person.family_name == "Ahmady"


def test_a_wrong_master_key_shows_a_clear_page_not_a_trace(personas, settings) -> None:
    person = make_person(personas.org)
    settings.PUTOKAZ_MASTER_KEY = crypto.generate_master_key()
    response = login(Client(), personas.case_manager).get(
        reverse("cases:person_detail", args=[person.code])
    )
    assert response.status_code == 503 and "master key" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_a_tampered_record_is_refused_and_audited(personas) -> None:
    first, second = make_person(personas.org), make_person(personas.org)
    sealed = Person.objects.filter(pk=first.pk).values_list("family_name", flat=True).get()
    Person.objects.filter(pk=second.pk).update(family_name=bytes(sealed))
    response = login(Client(), personas.case_manager).get(
        reverse("cases:person_detail", args=[second.code])
    )
    assert response.status_code == 500 and "integrity check" in response.content.decode()
    event = AuditEvent.objects.get(action="crypto.tampered_ciphertext")
    assert event.object_ref == second.code and event.actor == "ana"


def test_the_openapi_schema_describes_the_endpoints() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    assert {
        "/api/v1/me",
        "/api/v1/organisations",
        "/api/v1/persons",
        "/api/v1/persons/{code}",
    } <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]


def test_the_language_can_be_switched_to_arabic_with_rtl(personas) -> None:
    client = Client()
    client.post(reverse("set_language"), {"language": "ar", "next": "/login/"})
    html = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="ar" dir="rtl">' in html


def test_csrf_accepts_a_same_origin_post_without_referrer_but_still_needs_the_token(
    personas,
) -> None:
    client = Client(
        enforce_csrf_checks=True, headers={"origin": "null", "sec-fetch-site": "same-origin"}
    )
    page = client.get(reverse("accounts:login"))
    token = page.cookies["csrftoken"].value
    ok = client.post(
        reverse("accounts:login"), {"username": "x", "password": "y", "csrfmiddlewaretoken": token}
    )
    assert ok.status_code == 200  # reached the view: wrong password, not a CSRF refusal
    assert (
        client.post(reverse("accounts:login"), {"username": "x", "password": "y"}).status_code
        == 403
    )
    forged = Client(
        enforce_csrf_checks=True, headers={"origin": "null", "sec-fetch-site": "cross-site"}
    )
    forged.get(reverse("accounts:login"))
    token = forged.cookies["csrftoken"].value
    response = forged.post(
        reverse("accounts:login"), {"username": "x", "password": "y", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 403


def test_administrators_see_that_a_translation_is_unreviewed(personas) -> None:
    notice = 'class="notice" role="note"'  # the text itself is translated
    for user, shown in ((personas.org_admin, True), (personas.case_manager, False)):
        client = login(Client(), user)
        client.post(reverse("set_language"), {"language": "sr-latn", "next": "/home/"})
        assert (notice in client.get("/home/").content.decode()) is shown
