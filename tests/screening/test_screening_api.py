"""The screening API: the stateless scorer (same JSON as `putokaz screen`) and the lists."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client

from putokaz.accounts.services import api_token_create
from putokaz.screening import cli, services
from tests.screening.conftest import positive_ids

pytestmark = pytest.mark.django_db

ADULT_LABOUR = "ilo-ec-2009-adult-labour"


def _client(user) -> Client:
    token = api_token_create(user=user, name="test")
    token = token[1] if isinstance(token, tuple) else token
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _record(snet, user=None, organisation=None, **fields):
    return services.screening_record(
        user=user or snet.outreach,
        organisation=organisation or snet.org,
        data=services.ScreeningInput(
            catalogue_id=ADULT_LABOUR,
            catalogue_version=1,
            entry_point=snet.entry_point,
            **fields,
        ),
    )


def test_score_returns_what_the_command_line_prints(snet) -> None:
    answers = {
        "catalogue": ADULT_LABOUR,
        "subject": {"age": 24},
        "present": positive_ids(ADULT_LABOUR, "D1", "D4", "D5"),
        "flags": ["MM-01"],
    }
    response = _client(snet.outreach).post(
        "/api/v1/screening/score", json.dumps(answers), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    out = io.StringIO()
    assert cli.main(["--answers", "-"], io.StringIO(json.dumps(answers)), out, io.StringIO()) == 0
    assert response.json() == json.loads(out.getvalue())
    assert response.json()["outcome"] == "possible_trafficking"


@pytest.mark.parametrize(
    "body, message",
    [
        ({"catalogue": "nope", "present": []}, "unknown catalogue 'nope'"),
        ({"catalogue": ADULT_LABOUR, "present": ["ILO-D9-99"]}, "ILO-D9-99"),
        ({"catalogue": ADULT_LABOUR, "present": [], "colour": "red"}, "unknown field 'colour'"),
    ],
)
def test_score_names_what_is_wrong(snet, body, message) -> None:
    response = _client(snet.outreach).post(
        "/api/v1/screening/score", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400 and message in response.json()["detail"]


def test_score_needs_a_screening_role(snet) -> None:
    response = _client(snet.investigator).post(
        "/api/v1/screening/score",
        json.dumps({"catalogue": ADULT_LABOUR, "present": []}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert (
        Client().post("/api/v1/screening/score", "{}", content_type="application/json").status_code
        == 401
    )


def test_the_list_is_the_users_organisation_paginated_and_without_own_words(snet) -> None:
    mine = [_record(snet, person_own_words="secret words") for _ in range(3)]
    theirs = _record(snet, user=snet.other_outreach, organisation=snet.other_org)
    response = _client(snet.outreach).get("/api/v1/screening/screenings?limit=2")
    data = response.json()
    assert response.status_code == 200 and data["count"] == 3 and len(data["items"]) == 2
    codes = {item["code"] for item in data["items"]}
    assert codes <= {s.code for s in mine} and theirs.code not in codes
    assert "secret" not in response.content.decode()
    assert _client(snet.analyst).get("/api/v1/screening/screenings").status_code == 403


def test_the_detail_is_404_for_another_organisation(snet) -> None:
    screening = _record(
        snet, present=tuple(positive_ids(ADULT_LABOUR, "D4")), person_own_words="secret words"
    )
    detail = _client(snet.case_manager).get(f"/api/v1/screening/screenings/{screening.code}")
    assert detail.status_code == 200
    body = detail.json()
    assert (
        body["result"]["outcome"] == screening.outcome and "secret" not in detail.content.decode()
    )
    assert body["recommendations"]
    for user in (snet.other_outreach, snet.analyst):
        response = _client(user).get(f"/api/v1/screening/screenings/{screening.code}")
        assert response.status_code == 404
