from __future__ import annotations

import pytest
from django.test import Client

from putokaz.accounts.services import api_token_create
from tests.cases.conftest import give_consent

pytestmark = pytest.mark.django_db


def _api(user) -> Client:
    _token, raw = api_token_create(user=user, name="test")
    return Client(headers={"authorization": f"Bearer {raw}"})


def test_cases_in_the_api_follow_the_same_access_rules(net) -> None:
    assert _api(net.other_case_manager).get(f"/api/v1/cases/{net.case.code}").status_code == 404
    assert net.case.code not in str(_api(net.analyst).get("/api/v1/cases").json())
    body = _api(net.case_manager).get(f"/api/v1/cases/{net.case.code}").json()
    assert body["person"]["given_name"] == "Fatemeh" and body["access"] == "manager"
    oversight = _api(net.org_admin).get(f"/api/v1/cases/{net.case.code}").json()
    assert oversight["person"] == {} and oversight["summary"] is None


def test_a_referral_through_the_api_is_refused_without_consent_then_accepted(net) -> None:
    client = _api(net.case_manager)
    payload = {
        "case": net.case.code,
        "service_id": net.women_shelter.pk,
        "categories": ["identity"],
        "purpose": "services",
        "urgency": "urgent",
        "reason": "Needs a safe place",
    }
    refused = client.post("/api/v1/referrals", payload, content_type="application/json")
    assert refused.status_code == 400 and "consent" in refused.json()["detail"]
    give_consent(net.case, net.case_manager, orgs=[net.shelter], categories=("identity",))
    sent = client.post("/api/v1/referrals", payload, content_type="application/json")
    assert sent.status_code == 201
    code = sent.json()["code"]
    provider = _api(net.provider)
    assert code in str(provider.get("/api/v1/referrals").json())
    assert provider.post(f"/api/v1/referrals/{code}/accept").json()["status"] == "accepted"
    assert (
        client.post(f"/api/v1/referrals/{code}/accept").status_code == 400
    )  # only the recipient accepts
    case_for_provider = provider.get(f"/api/v1/cases/{net.case.code}").json()
    assert (
        case_for_provider["data_categories"] == ["identity"]
        and case_for_provider["summary"] is None
    )


def test_the_directory_for_a_case_explains_refusals(net) -> None:
    options = _api(net.case_manager).get(f"/api/v1/services/for-case/{net.case.code}").json()
    by_name = {o["service"]["name"]: o for o in options}
    assert by_name["Shelter for women"]["eligible"] is True
    assert by_name["State safe house"]["eligible"] is False
    assert "legal status" in by_name["State safe house"]["reasons"][0]
    assert (
        _api(net.investigator).get(f"/api/v1/services/for-case/{net.case.code}").status_code == 404
    )
