"""Who sees what of legal facts and proceedings, for every page and endpoint.

Police and prosecution working a proceeding see it in full; the case managers of a linked
case see its stages, charges, outcomes and marks but no investigation detail; analysts
see counts; everyone else gets a 404.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from putokaz.accounts.services import api_token_create
from putokaz.justice.models import StageEvent
from tests.conftest import login
from tests.justice.conftest import TRAFFICKING_FACTS, add_stage, link, new_proceeding, record_facts

pytestmark = pytest.mark.django_db

REFERENCE = "KT-SECRET-17/25"
NOTES = "Informant works in the cafe"
STAGE_NOTES = "Flat searched on Tuesday"

FULL = ("investigator", "prosecutor")
STAGES_ONLY = ("case_manager",)
NOBODY = ("other_investigator", "other_case_manager", "analyst", "org_admin", "provider")


@pytest.fixture
def world(justice):
    proceeding = new_proceeding(justice, reference=REFERENCE, notes=NOTES)
    link(justice, proceeding)
    record_facts(justice.net.case_manager, justice.case, TRAFFICKING_FACTS, notes="Passport taken")
    add_stage(
        justice.net.investigator,
        proceeding,
        "criminal_complaint",
        "RS-CC-388",
        days_ago=20,
        notes=STAGE_NOTES,
    )
    add_stage(justice.net.investigator, proceeding, "indictment", "RS-CC-350", days_ago=2)
    users = {
        "investigator": justice.net.investigator,
        "prosecutor": justice.prosecutor,
        "case_manager": justice.net.case_manager,
        "other_investigator": justice.other_investigator,
        "other_case_manager": justice.net.other_case_manager,
        "analyst": justice.net.analyst,
        "org_admin": justice.net.org_admin,
        "provider": justice.net.provider,
    }
    return justice, proceeding, users


def _web(user) -> Client:
    return login(Client(), user)


def _api(user) -> Client:
    _token, raw = api_token_create(user=user, name="test")
    return Client(headers={"authorization": f"Bearer {raw}"})


# --- pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", FULL)
def test_police_and_prosecution_see_the_proceeding_in_full(world, who) -> None:
    _justice, proceeding, users = world
    page = _web(users[who]).get(f"/justice/proceedings/{proceeding.code}/").content.decode()
    for detail in (
        REFERENCE,
        NOTES,
        STAGE_NOTES,
        "Victim protection",
        "Add a stage",
        "Link a case",
    ):
        assert detail in page
    assert 'data-kind="requalification"' in page
    listing = _web(users[who]).get("/justice/proceedings/").content.decode()
    assert proceeding.code in listing and REFERENCE in listing


def test_the_case_manager_sees_stages_and_marks_but_no_investigation_detail(world) -> None:
    justice, proceeding, users = world
    client = _web(users["case_manager"])
    response = client.get(f"/justice/proceedings/{proceeding.code}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "RS-CC-388" in page and "RS-CC-350" in page and 'data-kind="requalification"' in page
    for detail in (
        REFERENCE,
        NOTES,
        STAGE_NOTES,
        "Victim protection",
        "Add a stage",
        "Police unit",
        "Prosecution BG",
    ):
        assert detail not in page
    listing = client.get("/justice/proceedings/").content.decode()
    assert proceeding.code in listing and REFERENCE not in listing
    case_page = client.get(f"/cases/{justice.case.code}/").content.decode()
    assert proceeding.code in case_page and 'data-kind="requalification"' in case_page
    assert REFERENCE not in case_page and STAGE_NOTES not in case_page
    # Seeing is not recording.
    stage = {"stage": "first_instance_verdict", "date": "2020-01-01"}
    assert client.post(f"/justice/proceedings/{proceeding.code}/stages/", stage).status_code == 403
    assert (
        client.post(
            f"/justice/proceedings/{proceeding.code}/link/",
            {"case_code": justice.case.code, "role": "witness"},
        ).status_code
        == 403
    )
    party = proceeding.parties.get()
    assert (
        client.post(
            f"/justice/proceedings/{proceeding.code}/parties/{party.pk}/protection/", {}
        ).status_code
        == 403
    )
    assert client.get("/justice/proceedings/new/").status_code == 404


@pytest.mark.parametrize("who", NOBODY)
def test_everyone_else_gets_404_for_the_proceeding_and_its_forms(world, who) -> None:
    _justice, proceeding, users = world
    client = _web(users[who])
    party = proceeding.parties.get()
    for method, url in (
        ("get", f"/justice/proceedings/{proceeding.code}/"),
        ("post", f"/justice/proceedings/{proceeding.code}/stages/"),
        ("post", f"/justice/proceedings/{proceeding.code}/link/"),
        ("post", f"/justice/proceedings/{proceeding.code}/parties/{party.pk}/protection/"),
    ):
        assert getattr(client, method)(url).status_code == 404, url
    listing = client.get("/justice/proceedings/")
    assert listing.status_code in (200, 404)
    assert proceeding.code not in listing.content.decode()
    assert StageEvent.objects.filter(proceeding=proceeding).count() == 2


@pytest.mark.parametrize("who", ("analyst", "org_admin", "provider"))
def test_roles_without_proceedings_do_not_get_the_list_or_the_form(world, who) -> None:
    _justice, _proceeding, users = world
    assert _web(users[who]).get("/justice/proceedings/").status_code == 404
    assert _web(users[who]).get("/justice/proceedings/new/").status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("case_manager", 200),
        ("investigator", 200),
        ("prosecutor", 404),  # no referral: the case does not exist for the prosecutor
        ("other_investigator", 404),
        ("other_case_manager", 404),
        ("analyst", 404),
        ("org_admin", 404),
        ("provider", 404),
    ],
)
def test_the_legal_facts_form_is_for_the_case_holder_and_the_investigator_of_the_referral(
    world, who, status
) -> None:
    justice, _proceeding, users = world
    client = _web(users[who])
    url = f"/cases/{justice.case.code}/legal-facts/"
    assert client.get(url).status_code == status
    response = client.post(url, {"jurisdiction": "RS", "acts": ["recruitment"], "version": "1"})
    assert response.status_code == (302 if status == 200 else status)


def test_the_oversight_case_page_shows_no_legal_facts(world) -> None:
    justice, _proceeding, users = world
    page = _web(users["org_admin"]).get(f"/cases/{justice.case.code}/").content.decode()
    assert 'data-offence="RS-CC-388"' not in page and "Passport taken" not in page


def test_analysts_see_counts_only(world) -> None:
    justice, proceeding, users = world
    response = _web(users["analyst"]).get("/justice/stats/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<tr data-mark="requalified"><th>Requalified out of trafficking</th><td>1</td>' in page
    assert '<tr data-stage="indictment"><th>Indictment</th><td>1</td>' in page
    assert 'data-transition="smuggling"' in page
    for private in (
        proceeding.code,
        REFERENCE,
        justice.case.code,
        justice.case.person.code,
        "Fatemeh",
    ):
        assert private not in page
    for who in ("case_manager", "investigator", "provider"):
        assert _web(users[who]).get("/justice/stats/").status_code == 404


# --- API -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("case_manager", 200),
        ("investigator", 200),
        ("prosecutor", 404),
        ("other_investigator", 404),
        ("other_case_manager", 404),
        ("analyst", 404),
        ("org_admin", 404),
        ("provider", 404),
    ],
)
def test_legal_facts_in_the_api(world, who, status) -> None:
    justice, _proceeding, users = world
    client = _api(users[who])
    url = f"/api/v1/justice/cases/{justice.case.code}/legal-facts"
    got = client.get(url)
    assert got.status_code == status
    if status == 200:
        body = got.json()
        assert body["version"] == 1 and body["catalogue_versions"] == {"RS": 1, "international": 1}
        assert body["notes"] == "Passport taken"
    put = client.put(
        url,
        {"facts": {"jurisdiction": "RS", "acts": ["recruitment"]}, "expected_version": 1},
        content_type="application/json",
    )
    assert put.status_code == status
    if status == 200:
        assert put.json()["version"] == 2


def test_the_api_refuses_unknown_facts_and_stale_versions(world) -> None:
    justice, _proceeding, users = world
    client = _api(users["case_manager"])
    url = f"/api/v1/justice/cases/{justice.case.code}/legal-facts"
    bad = client.put(
        url, {"facts": {"jurisdiction": "RS", "acts": ["kidnap"]}}, content_type="application/json"
    )
    assert bad.status_code == 400 and "kidnap" in bad.json()["detail"]
    stale = client.put(
        url,
        {"facts": {"jurisdiction": "RS"}, "expected_version": 0},
        content_type="application/json",
    )
    assert stale.status_code == 409


def test_proceedings_in_the_api_follow_the_same_rules(world) -> None:
    _justice, proceeding, users = world
    full = _api(users["investigator"]).get("/api/v1/justice/proceedings").json()
    assert full["count"] == 1 and full["items"][0]["reference_number"] == REFERENCE
    staged = _api(users["case_manager"]).get("/api/v1/justice/proceedings").json()["items"][0]
    assert staged["access"] == "stages" and staged["reference_number"] is None
    assert staged["police_unit"] is None and staged["requalified"] is True
    assert _api(users["other_investigator"]).get("/api/v1/justice/proceedings").json()["count"] == 0
    for who in ("analyst", "provider", "org_admin"):
        assert _api(users[who]).get("/api/v1/justice/proceedings").status_code == 404

    detail = (
        _api(users["case_manager"]).get(f"/api/v1/justice/proceedings/{proceeding.code}").json()
    )
    assert [s["charges"] for s in detail["stages"]] == [["RS-CC-388"], ["RS-CC-350"]]
    assert detail["findings"][0]["kind"] == "requalification" and detail["reference_number"] is None
    assert STAGE_NOTES not in str(detail)
    for who in NOBODY:
        assert (
            _api(users[who]).get(f"/api/v1/justice/proceedings/{proceeding.code}").status_code
            == 404
        )


def test_stage_events_through_the_api(world) -> None:
    _justice, proceeding, users = world
    url = f"/api/v1/justice/proceedings/{proceeding.code}/stages"
    stage = {
        "stage": "first_instance_verdict",
        "date": "2099-01-01",
        "charges": ["RS-CC-350"],
        "outcome": "conviction",
    }
    assert (
        _api(users["investigator"]).post(url, stage, content_type="application/json").status_code
        == 400
    )
    stage["date"] = str(timezone.localdate())
    assert (
        _api(users["case_manager"]).post(url, stage, content_type="application/json").status_code
        == 403
    )
    for who in NOBODY:
        assert _api(users[who]).post(url, stage, content_type="application/json").status_code == 404
    wrong = _api(users["prosecutor"]).post(
        url,
        {**stage, "stage": "criminal_complaint", "outcome": ""},
        content_type="application/json",
    )
    assert wrong.status_code == 400 and "Criminal complaint" in wrong.json()["detail"]
    created = _api(users["prosecutor"]).post(url, stage, content_type="application/json")
    assert (
        created.status_code == 201 and created.json()["current_stage"] == "first_instance_verdict"
    )


def test_justice_statistics_in_the_api_are_for_analysts(world) -> None:
    _justice, proceeding, users = world
    body = _api(users["analyst"]).get("/api/v1/justice/stats").json()
    assert (
        body["total"] == 1 and body["requalified"] == 1 and body["transitions"] == {"smuggling": 1}
    )
    assert proceeding.code not in str(body)
    for who in ("case_manager", "investigator"):
        assert _api(users[who]).get("/api/v1/justice/stats").status_code == 404
