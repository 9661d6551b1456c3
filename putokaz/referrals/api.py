"""Referrals and the service directory in the API."""

from __future__ import annotations

import datetime

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from putokaz.accounts.roles import Capability
from putokaz.accounts.selectors import user_can
from putokaz.cases import selectors as case_selectors
from putokaz.cases.services import CaseRefused
from putokaz.referrals import selectors, services
from putokaz.referrals.forms import LANGUAGE_CODE
from putokaz.referrals.models import Referral, Service

referrals_router = Router(tags=["referrals"])
services_router = Router(tags=["services"])
routers = [("/referrals", referrals_router), ("/services", services_router)]


class ServiceOut(Schema):
    id: int
    name: str
    category: str
    provider_id: int
    city: str
    languages: list[str]
    capacity: int | None
    sexes: list[str]
    min_age: int | None
    max_age: int | None
    legal_statuses: list[str]


class ServiceOptionOut(Schema):
    service: ServiceOut
    eligible: bool
    reasons: list[str]
    warnings: list[str]
    places_taken: int


class ReferralOut(Schema):
    code: str
    case_code: str
    service_id: int
    from_organisation_id: int
    to_organisation_id: int
    categories: list[str]
    purpose: str
    urgency: str
    status: str
    respond_by: datetime.datetime
    escalated_at: datetime.datetime | None
    created_at: datetime.datetime

    @staticmethod
    def resolve_case_code(obj: Referral) -> str:
        return obj.case.code


class ReferralIn(Schema):
    case: str
    service_id: int
    categories: list[str]
    purpose: str
    urgency: str = "routine"
    reason: str


class DeclineIn(Schema):
    reason: str


class ErrorOut(Schema):
    detail: str


@services_router.get("", response=list[ServiceOut])
def service_list(request: HttpRequest, category: str = "") -> list[Service]:
    return list(selectors.directory(category=category))


class ServiceUpdateIn(Schema):
    capacity: int | None = None
    languages: list[str] = []
    description: str = ""
    is_active: bool = True


@services_router.put("/{service_id}", response={200: ServiceOut, 400: ErrorOut, 404: ErrorOut})
def service_update(request: HttpRequest, service_id: int, payload: ServiceUpdateIn) -> object:
    """What the service page does: places, languages, description, open or closed, for an
    administrator of the providing organisation (others: 404)."""
    try:
        service = selectors.service_get_for_manager(user=request.user, service_id=service_id)
    except Service.DoesNotExist:
        raise Http404 from None
    if payload.capacity is not None and payload.capacity < 0:
        raise HttpError(400, "capacity: must be 0 or more, or null for no limit")
    for code in payload.languages:
        if not LANGUAGE_CODE.match(code):
            raise HttpError(400, f"languages: not a language code: {code[:20]}")
    data = services.ServiceUpdate(
        capacity=payload.capacity,
        languages=tuple(dict.fromkeys(payload.languages)),
        description=payload.description,
        is_active=payload.is_active,
    )
    try:
        return services.service_update(user=request.user, service=service, data=data)
    except CaseRefused as error:
        raise HttpError(400, str(error)) from None


@services_router.get("/for-case/{code}", response={200: list[ServiceOptionOut], 404: ErrorOut})
def services_for_case(request: HttpRequest, code: str) -> object:
    try:
        access = case_selectors.case_get_for_user(user=request.user, code=code)
    except case_selectors.CaseNotFound:
        raise Http404 from None
    if not access.can_refer:
        raise HttpError(403, "You cannot refer this case.")
    age = selectors.eligibility_age(user=request.user, access=access)
    return [
        {
            "service": o.service,
            "eligible": o.verdict.eligible,
            "reasons": o.reasons,
            "warnings": o.warnings,
            "places_taken": o.in_use,
        }
        for o in selectors.directory_for_case(access=access, age=age)
    ]


@referrals_router.get("", response=list[ReferralOut])
@paginate(LimitOffsetPagination)
def referral_list(request: HttpRequest, box: str = "in", status: str = "") -> object:
    if box == "out":
        if not user_can(request.user, capability=Capability.REFERRAL_SEND):
            raise HttpError(403, "Your roles do not send referrals.")
        return selectors.outbox_for_user(user=request.user, status=status)
    if not user_can(request.user, capability=Capability.REFERRAL_RECEIVE):
        raise HttpError(403, "Your roles do not receive referrals.")
    return selectors.inbox_for_user(user=request.user, status=status)


def _referral(request: HttpRequest, code: str) -> selectors.ReferralAccess:
    try:
        return selectors.referral_get_for_user(user=request.user, code=code)
    except selectors.ReferralNotFound:
        raise Http404 from None


@referrals_router.get("/{code}", response={200: ReferralOut, 404: ErrorOut})
def referral_detail(request: HttpRequest, code: str) -> Referral:
    return _referral(request, code).referral


@referrals_router.post("", response={201: ReferralOut, 400: ErrorOut, 404: ErrorOut})
def referral_send(request: HttpRequest, payload: ReferralIn) -> object:
    try:
        access = case_selectors.case_get_for_user(user=request.user, code=payload.case)
    except case_selectors.CaseNotFound:
        raise Http404 from None
    try:
        referral = services.referral_send(
            user=request.user,
            access=access,
            age=access.case.person.age_in_years(),
            data=services.ReferralInput(
                service_id=payload.service_id,
                categories=tuple(payload.categories),
                purpose=payload.purpose,
                urgency=payload.urgency,
                reason=payload.reason,
            ),
        )
    except CaseRefused as error:
        raise HttpError(400, str(error)) from None
    return Status(201, referral)


def _run(request: HttpRequest, code: str, change: object) -> Referral:
    access = _referral(request, code)
    try:
        change(user=request.user, access=access)  # type: ignore[operator]
    except CaseRefused as error:
        raise HttpError(400, str(error)) from None
    return _referral(request, code).referral


@referrals_router.post("/{code}/accept", response={200: ReferralOut, 400: ErrorOut, 404: ErrorOut})
def referral_accept(request: HttpRequest, code: str) -> Referral:
    return _run(request, code, services.referral_accept)


@referrals_router.post(
    "/{code}/complete", response={200: ReferralOut, 400: ErrorOut, 404: ErrorOut}
)
def referral_complete(request: HttpRequest, code: str) -> Referral:
    return _run(request, code, services.referral_complete)


@referrals_router.post("/{code}/cancel", response={200: ReferralOut, 400: ErrorOut, 404: ErrorOut})
def referral_cancel(request: HttpRequest, code: str) -> Referral:
    return _run(request, code, services.referral_cancel)


@referrals_router.post("/{code}/decline", response={200: ReferralOut, 400: ErrorOut, 404: ErrorOut})
def referral_decline(request: HttpRequest, code: str, payload: DeclineIn) -> Referral:
    return _run(request, code, lambda **kw: services.referral_decline(**kw, reason=payload.reason))
