"""Pages and API of duplicate detection: what each side may see, and the query budget."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from putokaz.accounts.services import api_token_create
from putokaz.core.models import AuditEvent
from putokaz.matching import services
from putokaz.matching.models import (
    CandidateStatus,
    DuplicateCandidate,
    LinkageRequest,
    MergeRecord,
)
from tests.conftest import login, make_person
from tests.matching import test_matching_django as base
from tests.matching.test_matching_django import linkage_consent, open_case

linkage = base.linkage  # the shared fixture

pytestmark = pytest.mark.django_db


def _pair(a, b) -> DuplicateCandidate:
    x, y = sorted((a.pk, b.pk))
    return DuplicateCandidate.objects.get(person_a_id=x, person_b_id=y)


def _api(user) -> Client:
    _token, raw = api_token_create(user=user, name="test")
    return Client(headers={"authorization": f"Bearer {raw}"})


def _page(user, url: str):
    return login(Client(), user).get(url)


def _secrets_of(person) -> list[str]:
    # What tells the other registration apart from this one (they share the Persian spelling).
    return [person.code, person.given_name, person.family_name, person.date_of_birth]


def test_inside_the_organisation_the_panel_shows_code_score_and_why(linkage) -> None:
    services.duplicates_scan()
    before = AuditEvent.objects.filter(action="person.read", purpose="explain a possible duplicate")
    html = _page(linkage.ana, f"/persons/{linkage.fatemeh.code}/").content.decode()
    assert "Possible duplicates" in html and linkage.fatima.code in html
    assert "match probability" in html and "Why" in html and "Family name" in html
    assert before.filter(object_ref=linkage.fatima.code).count() == 1
    # An outreach worker of the organisation sees and is told why, but cannot merge.
    outreach = _page(linkage.jelena, f"/persons/{linkage.fatemeh.code}/").content.decode()
    assert linkage.fatima.code in outreach and "Merge" not in outreach


def test_across_organisations_nothing_of_the_other_registration_is_revealed(linkage) -> None:
    services.duplicates_scan()
    html = _page(linkage.ana, f"/persons/{linkage.mohamad.code}/").content.decode()
    assert "registered by another organisation" in html and "Request linkage" in html
    for secret in (*_secrets_of(linkage.mohammad), "RAN Belgrade", "Ahmady"):
        assert secret not in html, secret
    listing = _page(linkage.ana, "/duplicates/").content.decode()
    assert linkage.mohamad.code in listing and linkage.mohammad.code not in listing
    assert "RAN Belgrade" not in listing
    body = _api(linkage.ana).get(f"/api/v1/matching/persons/{linkage.mohamad.code}/duplicates")
    assert body.status_code == 200
    (row,) = [r for r in body.json() if not r["same_organisation"]]
    assert row["person_code"] is None and row["organisation"] is None and row["score"] is None
    assert row["organisation_type"] == "ngo" and row["explanation"] is None
    for secret in (*_secrets_of(linkage.mohammad), "RAN Belgrade"):
        assert secret not in body.content.decode()
    # Their person page is a 404, in the pages and in the API.
    assert _page(linkage.ana, f"/persons/{linkage.mohammad.code}/").status_code == 404
    assert (
        _api(linkage.ana)
        .get(f"/api/v1/matching/persons/{linkage.mohammad.code}/duplicates")
        .status_code
        == 404
    )


def test_linkage_through_the_pages_refused_without_consent_then_both_see_codes(linkage) -> None:
    services.duplicates_scan()
    candidate = _pair(linkage.mohamad, linkage.mohammad)
    ana = login(Client(), linkage.ana)
    linkage_consent(open_case(linkage.mohamad, linkage.ana), linkage.ana, recipient_types=("ngo",))
    ana.post(f"/duplicates/{candidate.pk}/request-linkage/", {"person": linkage.mohamad.code})
    request = LinkageRequest.objects.get(candidate=candidate)

    goran = login(Client(), linkage.goran)
    inbox = goran.get("/duplicates/linkage-requests/").content.decode()
    assert linkage.mohammad.code in inbox and "Sigurna Staza" in inbox
    assert linkage.mohamad.code not in inbox  # the requester's code only after acceptance
    ran_case = open_case(linkage.mohammad, linkage.goran)
    refused = goran.post(f"/duplicates/linkage-requests/{request.pk}/accept/", follow=True)
    assert "has not consented" in refused.content.decode()
    request.refresh_from_db()
    assert request.status == "requested"
    linkage_consent(ran_case, linkage.goran, recipient_organisation_ids=(linkage.women.pk,))
    goran.post(f"/duplicates/linkage-requests/{request.pk}/accept/")
    request.refresh_from_db()
    assert request.status == "accepted"

    assert linkage.mohammad.code in ana.get(f"/persons/{linkage.mohamad.code}/").content.decode()
    assert linkage.mohamad.code in goran.get(f"/persons/{linkage.mohammad.code}/").content.decode()
    # Linked is not access: the other organisation's person page stays closed.
    assert ana.get(f"/persons/{linkage.mohammad.code}/").status_code == 404


def test_linkage_in_the_api_follows_the_same_rules(linkage) -> None:
    services.duplicates_scan()
    candidate = _pair(linkage.mohamad, linkage.mohammad)
    ana, goran = _api(linkage.ana), _api(linkage.goran)
    refused = ana.post(
        "/api/v1/matching/linkage-requests",
        {"candidate_id": candidate.pk},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "consent" in refused.json()["detail"]
    linkage_consent(open_case(linkage.mohamad, linkage.ana), linkage.ana, recipient_types=("ngo",))
    created = ana.post(
        "/api/v1/matching/linkage-requests",
        {"candidate_id": candidate.pk},
        content_type="application/json",
    )
    assert created.status_code == 201
    decide = f"/api/v1/matching/linkage-requests/{created.json()['id']}/decide"
    assert ana.post(decide, {"accept": True}, content_type="application/json").status_code == 400
    no_consent = goran.post(decide, {"accept": True}, content_type="application/json")
    assert no_consent.status_code == 400 and "consented" in no_consent.json()["detail"]
    linkage_consent(
        open_case(linkage.mohammad, linkage.goran),
        linkage.goran,
        recipient_organisation_ids=(linkage.women.pk,),
    )
    ok = goran.post(decide, {"accept": True}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "accepted"
    rows = ana.get(f"/api/v1/matching/persons/{linkage.mohamad.code}/duplicates").json()
    assert linkage.mohammad.code in [r["person_code"] for r in rows]


def test_wrong_roles_and_other_organisations_are_refused(linkage) -> None:
    services.duplicates_scan()
    same = _pair(linkage.fatemeh, linkage.fatima)
    assert _page(linkage.ivan, "/duplicates/").status_code == 403  # analyst
    assert _page(linkage.snezana, "/duplicates/").status_code == 403  # organisation admin
    assert _page(linkage.jelena, "/duplicates/").status_code == 403  # outreach worker
    assert _page(linkage.goran, f"/duplicates/{same.pk}/merge/").status_code == 404
    outreach = login(Client(), linkage.jelena)
    outreach.post(f"/duplicates/{same.pk}/merge/", {"keep": linkage.fatemeh.code})
    outreach.post(f"/duplicates/{same.pk}/dismiss/")
    same.refresh_from_db()
    assert same.status == CandidateStatus.OPEN
    assert login(Client(), linkage.goran).post(f"/duplicates/{same.pk}/dismiss/").status_code == 404


def test_merge_and_undo_through_the_pages(linkage) -> None:
    services.duplicates_scan()
    same = _pair(linkage.fatemeh, linkage.fatima)
    case = open_case(linkage.fatima, linkage.ana)
    ana = login(Client(), linkage.ana)
    confirm = ana.get(f"/duplicates/{same.pk}/merge/").content.decode()
    assert linkage.fatemeh.code in confirm and linkage.fatima.code in confirm
    assert "Fatemeh" not in confirm and "Fatima" not in confirm  # codes only
    ana.post(f"/duplicates/{same.pk}/merge/", {"keep": linkage.fatemeh.code})
    case.refresh_from_db()
    assert case.person_id == linkage.fatemeh.pk
    merged_page = ana.get(f"/persons/{linkage.fatima.code}/").content.decode()
    assert "was merged into" in merged_page and "Undo the merge" in merged_page
    merge = MergeRecord.objects.get()
    ana.post(f"/duplicates/merges/{merge.pk}/undo/")
    case.refresh_from_db()
    assert case.person_id == linkage.fatima.pk and case.summary == "Debt"


def _duplicates_page_queries(user) -> int:
    client = login(Client(), user)
    client.get("/duplicates/")  # warm the session and caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/duplicates/").status_code == 200
    return len(queries)


def test_the_duplicates_page_has_a_constant_query_budget(linkage) -> None:
    services.duplicates_scan()
    few = _duplicates_page_queries(linkage.ana)
    for k in range(6):
        a = make_person(linkage.women, given_name=f"Test{k}", family_name="Budget")
        b = make_person(linkage.ran, given_name=f"Probe{k}", family_name="Budget")
        x, y = sorted((a.pk, b.pk))
        DuplicateCandidate.objects.create(person_a_id=x, person_b_id=y, score=0.9)
    assert DuplicateCandidate.objects.count() >= 8
    assert _duplicates_page_queries(linkage.ana) == few
    assert few <= 12


def test_the_demo_shows_both_kinds_of_duplicate_and_a_waiting_request() -> None:
    from putokaz.core.demo import load_demo

    load_demo()
    counts = (DuplicateCandidate.objects.count(), LinkageRequest.objects.count())
    load_demo()  # idempotent
    assert (DuplicateCandidate.objects.count(), LinkageRequest.objects.count()) == counts
    same_org = [
        c
        for c in DuplicateCandidate.objects.select_related("person_a", "person_b")
        if c.person_a.organisation_id == c.person_b.organisation_id
    ]
    assert same_org, "a candidate inside one organisation"
    (request,) = LinkageRequest.objects.select_related("from_organisation", "to_organisation")
    assert request.status == "requested"
    assert (request.from_organisation.short_name, request.to_organisation.short_name) == (
        "Sigurna Staza",
        "RAN Belgrade",
    )
