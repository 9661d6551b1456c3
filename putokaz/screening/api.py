"""Screening in the API: the stateless scorer and the organisation's screenings.

`POST /score` takes and returns exactly what `putokaz screen` reads and prints, so a system
that scores through the CLI can switch to the API without changing its data. It stores
nothing. The screening endpoints never return the person's own words.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from putokaz.accounts.roles import Capability
from putokaz.accounts.selectors import user_can
from putokaz.screening import engine, selectors
from putokaz.screening.cli import InputError, parse_answers
from putokaz.screening.models import Screening
from putokaz.screening.store import db_registry

router = Router(tags=["screening"])


class ErrorOut(Schema):
    detail: str


class ScreeningSummaryOut(Schema):
    code: str
    organisation_id: int
    screened_at: datetime.datetime
    outcome: str
    catalogue: str
    catalogue_version: int
    entry_point: str | None
    source: str
    person_code: str | None
    case_code: str | None
    sex: str
    age_band: str
    nationality: str
    route: str

    @staticmethod
    def resolve_catalogue(obj: Any) -> str:
        return str(obj["catalogue"]) if isinstance(obj, dict) else obj.catalogue_id

    @staticmethod
    def resolve_entry_point(obj: Any) -> str | None:
        if isinstance(obj, dict):
            return obj["entry_point"]
        return obj.entry_point.name if obj.entry_point else None

    @staticmethod
    def resolve_person_code(obj: Any) -> str | None:
        if isinstance(obj, dict):
            return obj["person_code"]
        return obj.person.code if obj.person else None

    @staticmethod
    def resolve_case_code(obj: Any) -> str | None:
        if isinstance(obj, dict):
            return obj["case_code"]
        return obj.case.code if obj.case else None


class ScreeningDetailOut(ScreeningSummaryOut):
    interpreter_used: bool
    interpreter_language: str
    person_language: str
    answers: dict[str, Any]
    result: dict[str, Any]
    recommendations: list[dict[str, str]]


def _summary(s: Screening) -> dict[str, Any]:
    return {
        "code": s.code,
        "organisation_id": s.organisation_id,
        "screened_at": s.screened_at,
        "outcome": s.outcome,
        "catalogue": s.catalogue_id,
        "catalogue_version": s.catalogue_version,
        "entry_point": s.entry_point.name if s.entry_point else None,
        "source": s.source,
        "person_code": s.person.code if s.person else None,
        "case_code": s.case.code if s.case else None,
        "sex": s.sex,
        "age_band": s.age_band,
        "nationality": s.nationality,
        "route": s.route,
    }


_SCORE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["catalogue", "present"],
                    "properties": {
                        "catalogue": {"type": "string", "example": "ilo-ec-2009-adult-labour"},
                        "catalogue_version": {"type": "integer"},
                        "subject": {
                            "type": "object",
                            "properties": {"age": {"type": "integer", "nullable": True}},
                        },
                        "present": {"type": "array", "items": {"type": "string"}},
                        "flags": {"type": "array", "items": {"type": "string"}},
                    },
                    "additionalProperties": False,
                }
            }
        },
    }
}


@router.post(
    "/score",
    response={200: dict[str, Any], 400: ErrorOut, 403: ErrorOut},
    openapi_extra=_SCORE_BODY,
)
def score(request: HttpRequest) -> Any:
    """Score answers like `putokaz screen --answers`: same input, same JSON out. Stores nothing.

    The body is read here rather than by a schema so that every problem is reported with the
    command line's own message, which names the field.
    """
    if not any(
        user_can(request.user, capability=c)
        for c in (
            Capability.SCREENING_CREATE,
            Capability.SCREENING_REPORT,
            Capability.CATALOGUE_MANAGE,
        )
    ):
        raise HttpError(403, "Your roles do not include screening.")
    try:
        payload = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError) as exc:
        return Status(400, {"detail": f"malformed JSON: {exc}"})
    try:
        answers = parse_answers(payload)
        result = engine.screen(
            registry=db_registry(),
            catalogue_id=answers["catalogue"],
            catalogue_version=answers["catalogue_version"],
            present=answers["present"],
            flags=answers["flags"],
            age=answers["age"],
        )
    except (
        InputError,
        engine.UnknownCatalogueError,
        engine.UnknownIndicatorError,
        engine.UnknownFlagError,
    ) as exc:
        return Status(400, {"detail": str(exc)})
    return Status(200, result.to_dict())


@router.get("/screenings", response=list[ScreeningSummaryOut])
@paginate(LimitOffsetPagination)
def screening_list(request: HttpRequest) -> Any:
    if not user_can(request.user, capability=Capability.SCREENING_VIEW):
        raise HttpError(403, "Your roles do not include screenings.")
    # A queryset, so the paginator slices it in the database.
    return selectors.screening_list_for_user(user=request.user)


@router.get("/screenings/{code}", response={200: ScreeningDetailOut, 404: ErrorOut})
def screening_detail(request: HttpRequest, code: str) -> Any:
    try:
        access = selectors.screening_get_for_user(user=request.user, code=code)
    except selectors.ScreeningNotFound:
        raise Http404 from None
    s = access.screening
    return {
        **_summary(s),
        "interpreter_used": s.interpreter_used,
        "interpreter_language": s.interpreter_language,
        "person_language": s.person_language,
        "answers": s.answers,
        "result": s.result,
        "recommendations": [
            {"service": r.service, "status": r.status} for r in s.recommendations.all()
        ],
    }
