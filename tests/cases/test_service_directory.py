"""A provider's administrator keeps its directory entries current; nobody else can."""

from __future__ import annotations

import pytest
from django.test import Client

from putokaz.accounts.roles import Role
from putokaz.cases.selectors import case_get_for_user
from putokaz.core.models import AuditEvent
from putokaz.referrals.models import Service
from putokaz.referrals.selectors import referral_get_for_user
from putokaz.referrals.services import ReferralInput, referral_accept, referral_send
from tests.cases.conftest import give_consent, open_case
from tests.conftest import login, make_user

pytestmark = pytest.mark.django_db


def _edit_url(service: Service) -> str:
    return f"/services/{service.pk}/edit/"


def _post(client: Client, service: Service, **fields: object):
    data = {"capacity": "2", "languages": "sr, fa", "description": "", "is_active": "on"}
    data.update({k: str(v) for k, v in fields.items()})
    return client.post(_edit_url(service), data)


def _place_someone(net, name: str) -> None:
    case = open_case(net.ngo, net.case_manager, given_name=name)
    give_consent(case, net.case_manager, orgs=[net.shelter], categories=("identity",))
    referral = referral_send(
        user=net.case_manager,
        access=case_get_for_user(user=net.case_manager, code=case.code),
        age=28,
        data=ReferralInput(
            service_id=net.women_shelter.pk,
            categories=("identity",),
            purpose="services",
            urgency="urgent",
            reason="Needs a safe place",
        ),
    )
    referral_accept(
        user=net.provider, access=referral_get_for_user(user=net.provider, code=referral.code)
    )


def test_the_providers_administrator_updates_places_and_languages(net) -> None:
    admin = make_user("vesna", net.shelter, Role.ORG_ADMIN)
    client = login(Client(), admin)
    directory = client.get("/services/").content.decode()
    assert f'data-edit-service="{net.women_shelter.pk}"' in directory
    assert f'data-edit-service="{net.state_safe_house.pk}"' not in directory
    response = _post(client, net.women_shelter, capacity=5, languages="sr, fa, ps, fa")
    assert response.status_code == 302
    service = Service.objects.get(pk=net.women_shelter.pk)
    assert service.capacity == 5 and service.languages == ["sr", "fa", "ps"]
    event = AuditEvent.objects.filter(action="service.update").get()
    assert event.object_ref == str(service.pk) and set(event.fields) == {"capacity", "languages"}


def test_places_cannot_fall_below_the_people_placed_and_nothing_is_saved(net) -> None:
    _place_someone(net, "Zahra")
    admin = make_user("vesna", net.shelter, Role.ORG_ADMIN)
    client = login(Client(), admin)
    response = _post(client, net.women_shelter, capacity=0, languages="sr, ar")
    assert response.status_code == 200
    assert "fewer than the people placed there now (1)" in response.content.decode()
    service = Service.objects.get(pk=net.women_shelter.pk)
    assert service.capacity == 2 and service.languages == ["sr", "fa"]
    assert not AuditEvent.objects.filter(action="service.update").exists()


def test_a_bad_language_code_is_named(net) -> None:
    admin = make_user("vesna", net.shelter, Role.ORG_ADMIN)
    response = _post(login(Client(), admin), net.women_shelter, languages="sr, Farsi!")
    assert response.status_code == 200
    assert "Not a language code: Farsi!" in response.content.decode()
    assert Service.objects.get(pk=net.women_shelter.pk).languages == ["sr", "fa"]


def test_a_closed_service_leaves_the_directory_and_can_be_reopened(net) -> None:
    admin = make_user("vesna", net.shelter, Role.ORG_ADMIN)
    client = login(Client(), admin)
    data = {"capacity": "2", "languages": "sr", "description": ""}  # no is_active: closed
    assert client.post(_edit_url(net.women_shelter), data).status_code == 302
    assert not Service.objects.get(pk=net.women_shelter.pk).is_active
    page = login(Client(), net.case_manager).get("/services/").content.decode()
    assert "Shelter for women" not in page
    own = client.get("/services/").content.decode()
    assert "Closed services of your organisation" in own and "Shelter for women" in own
    assert _post(client, net.women_shelter).status_code == 302
    assert Service.objects.get(pk=net.women_shelter.pk).is_active


@pytest.mark.parametrize("who", ["org_admin", "provider", "case_manager", "analyst"])
def test_nobody_else_can_edit_a_service(net, who) -> None:
    # The NGO's own administrator manages the NGO's services, not the shelter's; the
    # shelter's provider staff cannot manage the directory at all.
    client = login(Client(), getattr(net, who))
    assert client.get(_edit_url(net.women_shelter)).status_code == 404
    assert _post(client, net.women_shelter, capacity=50).status_code == 404
    assert Service.objects.get(pk=net.women_shelter.pk).capacity == 2
    assert "data-edit-service" not in client.get("/services/").content.decode()


def test_the_api_updates_a_service_with_the_same_rules(net) -> None:
    from putokaz.accounts.services import api_token_create

    def api(user) -> Client:
        _token, raw = api_token_create(user=user, name="test")
        return Client(headers={"authorization": f"Bearer {raw}"})

    admin = make_user("vesna", net.shelter, Role.ORG_ADMIN)
    url = f"/api/v1/services/{net.women_shelter.pk}"
    body = {"capacity": 4, "languages": ["sr", "ar"], "description": "", "is_active": True}
    response = api(admin).put(url, body, content_type="application/json")
    assert response.status_code == 200 and response.json()["capacity"] == 4
    assert response.json()["languages"] == ["sr", "ar"]
    bad = api(admin).put(url, {**body, "languages": ["Arabic"]}, content_type="application/json")
    assert bad.status_code == 400 and "not a language code: Arabic" in bad.json()["detail"]
    _place_someone(net, "Zahra")
    low = api(admin).put(url, {**body, "capacity": 0}, content_type="application/json")
    assert low.status_code == 400 and "(1)" in low.json()["detail"]
    other = api(net.org_admin).put(url, body, content_type="application/json")
    assert other.status_code == 404
    assert Service.objects.get(pk=net.women_shelter.pk).capacity == 4
