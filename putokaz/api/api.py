"""The REST API, /api/v1/, described by /api/v1/openapi.json.

django-ninja rather than Django REST framework: the schema comes from the same
typed signatures that validate requests, so the OpenAPI document cannot drift
from the code, and it adds one dependency (pydantic) instead of two (DRF and a
schema generator). It calls the same access-checked selectors as the web pages.
"""

from __future__ import annotations

import datetime
import importlib
import importlib.util

from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import HttpBearer

from putokaz.accounts.models import User
from putokaz.accounts.roles import Capability
from putokaz.accounts.selectors import organisation_ids_with, organisations_for_user, user_grants
from putokaz.accounts.services import api_token_user
from putokaz.cases import selectors as person_selectors


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Putokaz API",
    version="1",
    description="Shared case file of the national referral mechanism. Persons are identified "
    "by pseudonymous codes; personal data is returned only to roles allowed to read it.",
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url="/docs",
)


class MembershipOut(Schema):
    organisation_id: int
    role: str


class MeOut(Schema):
    username: str
    memberships: list[MembershipOut]


class OrganisationOut(Schema):
    id: int
    name: str
    short_name: str
    type: str
    country: str


class PersonSummaryOut(Schema):
    code: str
    organisation_id: int
    sex: str
    age_band: str
    nationality: str
    erased: bool
    created_at: datetime.datetime

    @staticmethod
    def resolve_erased(obj: object) -> bool:
        if isinstance(obj, dict):
            return bool(obj["erased"])
        return obj.erased_at is not None  # type: ignore[attr-defined]


class PersonalDataOut(Schema):
    given_name: str
    family_name: str
    given_name_original: str
    family_name_original: str
    date_of_birth: str


class PersonDetailOut(PersonSummaryOut):
    personal_data: PersonalDataOut | None
    can_edit: bool


class ErrorOut(Schema):
    detail: str


def _summary(person: person_selectors.Person) -> dict[str, object]:
    return {
        "code": person.code,
        "organisation_id": person.organisation_id,
        "sex": person.sex,
        "age_band": person.age_band,
        "nationality": person.nationality,
        "erased": person.is_erased,
        "created_at": person.created_at,
    }


@api.get("/me", response=MeOut, tags=["accounts"])
def me(request: HttpRequest) -> dict[str, object]:
    grants = user_grants(request.user)
    return {
        "username": request.user.username,
        "memberships": [{"organisation_id": g.organisation_id, "role": g.role} for g in grants],
    }


@api.get("/organisations", response=list[OrganisationOut], tags=["accounts"])
def organisations(request: HttpRequest) -> list[object]:
    return organisations_for_user(request.user)


@api.get("/persons", response=list[PersonSummaryOut], tags=["persons"])
@paginate(LimitOffsetPagination)
def persons(request: HttpRequest) -> object:
    if not organisation_ids_with(request.user, capability=Capability.PERSON_LIST):
        raise HttpError(403, "Your roles do not include the list of persons.")
    # A queryset, so the paginator slices it in the database.
    return person_selectors.person_list_for_user(user=request.user)


@api.get("/persons/{code}", response={200: PersonDetailOut, 404: ErrorOut}, tags=["persons"])
def person(request: HttpRequest, code: str) -> object:
    try:
        access = person_selectors.person_get_for_user(user=request.user, code=code)
    except person_selectors.PersonNotFound:
        raise Http404 from None
    personal = person_selectors.person_read_personal(
        user=request.user, access=access, purpose="API read"
    )
    return {
        **_summary(access.person),
        "personal_data": personal.__dict__ if personal else None,
        "can_edit": access.can_edit,
    }


# Each domain contributes its endpoints in <domain>/api.py: a ninja Router named
# `router` (mounted at /<domain>), or a list `routers` of (prefix, Router).
for _domain in ("cases", "screening", "referrals", "justice", "legal", "matching", "stats"):
    if importlib.util.find_spec(f"putokaz.{_domain}") and importlib.util.find_spec(
        f"putokaz.{_domain}.api"
    ):
        _module = importlib.import_module(f"putokaz.{_domain}.api")
        for _prefix, _router in getattr(
            _module, "routers", [(f"/{_domain}", getattr(_module, "router", None))]
        ):
            api.add_router(_prefix, _router)
