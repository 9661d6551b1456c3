"""Possible duplicates and linkage requests in the API (/api/v1/matching): same selectors and
services, same rules as the pages."""

from __future__ import annotations

import datetime

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from putokaz.cases import selectors as person_selectors
from putokaz.matching import selectors, services
from putokaz.matching.models import LinkageRequest

router = Router(tags=["matching"])


class ExplainedFieldOut(Schema):
    field: str
    level: str
    bits: float


class DuplicateOut(Schema):
    candidate_id: int
    status: str
    same_organisation: bool
    # Null across organisations until the other organisation accepts a linkage request.
    person_code: str | None
    organisation: str | None
    organisation_type: str
    score: float | None
    linkage_request_status: str | None
    explanation: list[ExplainedFieldOut] | None


class LinkageRequestIn(Schema):
    candidate_id: int


class DecisionIn(Schema):
    accept: bool
    reason: str = ""


class LinkageRequestOut(Schema):
    id: int
    status: str
    refusal_reason: str
    requested_at: datetime.datetime
    decided_at: datetime.datetime | None


class ErrorOut(Schema):
    detail: str


def _request_out(request: LinkageRequest) -> dict[str, object]:
    return {
        "id": request.pk,
        "status": request.status,
        "refusal_reason": request.refusal_reason,
        "requested_at": request.requested_at,
        "decided_at": request.decided_at,
    }


@router.get("/persons/{code}/duplicates", response={200: list[DuplicateOut], 404: ErrorOut})
def person_duplicates(request: HttpRequest, code: str) -> object:
    try:
        access = person_selectors.person_get_for_user(user=request.user, code=code)
    except person_selectors.PersonNotFound:
        raise Http404 from None
    found = selectors.duplicates_for_person(user=request.user, access=access, explain=True)
    return [
        {
            "candidate_id": row.candidate.pk,
            "status": row.status,
            "same_organisation": row.same_organisation,
            "person_code": row.other_code,
            "organisation": row.other_organisation,
            "organisation_type": row.other.organisation.type,
            "score": row.score,
            "linkage_request_status": row.request.status if row.request else None,
            "explanation": [
                {"field": f.field, "level": f.level, "bits": f.bits} for f in row.explanation
            ]
            if row.explanation
            else None,
        }
        for row in found.rows
    ]


@router.post("/linkage-requests", response={201: LinkageRequestOut, 400: ErrorOut, 404: ErrorOut})
def linkage_request_create(request: HttpRequest, payload: LinkageRequestIn) -> object:
    try:
        candidate = selectors.candidate_get_for_user(
            user=request.user, candidate_id=payload.candidate_id
        )
    except selectors.CandidateNotFound:
        raise Http404 from None
    try:
        created = services.linkage_request_create(user=request.user, candidate=candidate)
    except services.MatchingRefused as error:
        raise HttpError(400, str(error)) from None
    return Status(201, _request_out(created))


@router.post(
    "/linkage-requests/{request_id}/decide",
    response={200: LinkageRequestOut, 400: ErrorOut},
)
def linkage_decide(request: HttpRequest, request_id: int, payload: DecisionIn) -> object:
    try:
        decided = services.linkage_decide(
            user=request.user, request_id=request_id, accept=payload.accept, reason=payload.reason
        )
    except services.MatchingRefused as error:
        raise HttpError(400, str(error)) from None
    return _request_out(decided)
