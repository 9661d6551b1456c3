"""Query budgets: the proceeding list costs the same with 2 proceedings as with 12."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from putokaz.accounts.services import api_token_create
from tests.cases.conftest import open_case
from tests.conftest import login
from tests.justice.conftest import add_stage, link, new_proceeding, refer_to_police

pytestmark = pytest.mark.django_db


def _grow(justice, count: int) -> None:
    for i in range(count):
        case = open_case(justice.net.ngo, justice.net.case_manager)
        refer_to_police(justice.net, case)
        proceeding = new_proceeding(justice, reference=f"KT-{i}/25")
        link(justice, proceeding, case)
        link(justice, proceeding, justice.case, role="witness")
        add_stage(
            justice.net.investigator, proceeding, "criminal_complaint", "RS-CC-388", days_ago=3
        )
        add_stage(justice.net.investigator, proceeding, "indictment", "RS-CC-350", days_ago=1)


def _count(client: Client, url: str) -> int:
    # A first request settles per-session and per-token bookkeeping (token last use).
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["investigator", "case_manager"])
def test_the_proceeding_list_has_a_constant_query_count(justice, who) -> None:
    user = justice.net.investigator if who == "investigator" else justice.net.case_manager
    client = login(Client(), user)
    _grow(justice, 2)
    small = _count(client, "/justice/proceedings/")
    _grow(justice, 10)
    page = client.get("/justice/proceedings/").content.decode()
    assert page.count("<tr>") == 12 + 1  # and the header row
    assert _count(client, "/justice/proceedings/") == small
    assert small <= 12, small


def test_the_api_proceeding_list_has_a_constant_query_count(justice) -> None:
    _token, raw = api_token_create(user=justice.net.investigator, name="test")
    client = Client(headers={"authorization": f"Bearer {raw}"})
    _grow(justice, 2)
    small = _count(client, "/api/v1/justice/proceedings")
    _grow(justice, 10)
    assert len(client.get("/api/v1/justice/proceedings").json()["items"]) == 12
    assert _count(client, "/api/v1/justice/proceedings") == small


def test_the_case_panel_does_not_grow_with_the_stages(justice) -> None:
    client = login(Client(), justice.net.case_manager)
    _grow(justice, 1)
    small = _count(client, f"/cases/{justice.case.code}/")
    _grow(justice, 4)
    assert _count(client, f"/cases/{justice.case.code}/") == small
