"""Cases in the API: the same selectors and services as the pages."""

from __future__ import annotations

import datetime

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from putokaz.cases import selectors, services
from putokaz.cases.models import Case

router = Router(tags=["cases"])


class CaseSummaryOut(Schema):
    code: str
    person_code: str
    organisation_id: int
    case_type: str
    exploitation_forms: list[str]
    gbv_types: list[str]
    status: str
    identification_status: str
    opened_at: datetime.datetime

    @staticmethod
    def resolve_person_code(obj: Case | dict[str, object]) -> str:
        return str(obj["person_code"]) if isinstance(obj, dict) else obj.person.code


class NoteOut(Schema):
    kind: str
    text: str
    created_at: datetime.datetime


class CaseDetailOut(CaseSummaryOut):
    access: str
    data_categories: list[str]
    person: dict[str, str]
    summary: str | None
    notes: list[NoteOut]
    legal_status: str


class NoteIn(Schema):
    kind: str = "general"
    text: str


class ErrorOut(Schema):
    detail: str


def _access(request: HttpRequest, code: str) -> selectors.CaseAccess:
    try:
        return selectors.case_get_for_user(user=request.user, code=code)
    except selectors.CaseNotFound:
        raise Http404 from None


def _summary(case: Case) -> dict[str, object]:
    return {
        "code": case.code,
        "person_code": case.person.code,
        "organisation_id": case.organisation_id,
        "case_type": case.case_type,
        "exploitation_forms": case.exploitation_forms,
        "gbv_types": case.gbv_types,
        "status": case.status,
        "identification_status": case.identification_status,
        "opened_at": case.opened_at,
    }


@router.get("", response=list[CaseSummaryOut])
@paginate(LimitOffsetPagination)
def case_list(request: HttpRequest, status: str = "", case_type: str = "") -> object:
    cases = selectors.case_list_for_user(user=request.user)
    if status:
        cases = cases.filter(status=status)
    if case_type:
        cases = cases.filter(case_type=case_type)
    return cases


@router.get("/{code}", response={200: CaseDetailOut, 404: ErrorOut})
def case_detail(request: HttpRequest, code: str) -> object:
    access = _access(request, code)
    data = selectors.case_read(user=request.user, access=access, purpose="API read")
    case = access.case
    return {
        **CaseSummaryOut.from_orm(case).dict(),
        "access": access.mode,
        "data_categories": sorted(access.categories),
        "person": data["person"],
        "summary": data["summary"],
        "legal_status": case.person.legal_status,
        "notes": [
            {"kind": row["note"].kind, "text": row["text"], "created_at": row["note"].created_at}
            for row in data["notes"]
        ],  # type: ignore[attr-defined]
    }


@router.post("/{code}/notes", response={201: NoteOut, 400: ErrorOut, 404: ErrorOut})
def note_add(request: HttpRequest, code: str, payload: NoteIn) -> object:
    access = _access(request, code)
    try:
        note = services.note_add(
            user=request.user, access=access, kind=payload.kind, text=payload.text
        )
    except services.CaseRefused as error:
        raise HttpError(400, str(error)) from None
    return Status(201, {"kind": note.kind, "text": note.text, "created_at": note.created_at})
