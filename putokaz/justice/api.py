"""Legal facts and proceedings in the API: the same selectors and services as the pages."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from putokaz.accounts.roles import Capability
from putokaz.accounts.selectors import user_can
from putokaz.justice import selectors, services

router = Router(tags=["justice"])


class ErrorOut(Schema):
    detail: str


class LegalFactsOut(Schema):
    case_code: str
    version: int
    facts: dict[str, Any] | None
    classification: dict[str, Any] | None
    catalogue_versions: dict[str, int]
    age_source: str
    notes: str | None
    can_edit: bool
    recorded_at: datetime.datetime | None


class LegalFactsIn(Schema):
    facts: dict[str, Any]
    notes: str = ""
    use_person_age: bool = False
    expected_version: int | None = None


class PartyOut(Schema):
    case_code: str
    person_code: str
    role: str


class StageOut(Schema):
    position: int
    stage: str
    date: datetime.date
    charges: list[str]
    outcome: str
    sentence: str


class FindingOut(Schema):
    kind: str
    from_stage: str
    to_stage: str
    from_codes: list[str]
    to_codes: list[str]
    message: str


class ProceedingOut(Schema):
    code: str
    access: str
    current_stage: str
    requalified: bool
    partially_requalified: bool
    never_charged_as_trafficking: bool | None
    discontinued: bool
    parties: list[PartyOut]
    # Investigation details: null for users who see the stages only.
    reference_number: str | None
    police_unit: str | None
    prosecutor_office: str | None
    court: str | None


class ProceedingDetailOut(ProceedingOut):
    stages: list[StageOut]
    findings: list[FindingOut]


class StageIn(Schema):
    stage: str
    date: datetime.date
    charges: list[str] = []
    outcome: str = ""
    sentence: str = ""
    notes: str = ""


def _facts_access(request: HttpRequest, code: str) -> selectors.LegalFactsAccess:
    try:
        return selectors.legal_facts_get_for_user(user=request.user, code=code)
    except selectors.LegalFactsNotFound:
        raise Http404 from None


def _proceeding_access(request: HttpRequest, code: str) -> selectors.ProceedingAccess:
    try:
        return selectors.proceeding_get_for_user(user=request.user, code=code)
    except selectors.ProceedingNotFound:
        raise Http404 from None


def _facts_out(request: HttpRequest, access: selectors.LegalFactsAccess) -> dict[str, Any]:
    data = selectors.legal_facts_read(user=request.user, access=access, purpose="API read")
    row = access.current
    return {
        "case_code": access.case.code,
        "version": access.version,
        "facts": data["facts"],
        "classification": data["classification"],
        "catalogue_versions": row.catalogue_versions if row else {},
        "age_source": row.age_source if row else "",
        "notes": data["notes"],
        "can_edit": access.can_edit,
        "recorded_at": row.recorded_at if row else None,
    }


def _proceeding_out(access: selectors.ProceedingAccess) -> dict[str, Any]:
    proceeding = access.proceeding
    full = access.full
    return {
        "code": proceeding.code,
        "access": access.mode,
        "current_stage": proceeding.current_stage,
        "requalified": proceeding.requalified,
        "partially_requalified": proceeding.partially_requalified,
        "never_charged_as_trafficking": proceeding.never_charged_as_trafficking,
        "discontinued": proceeding.discontinued,
        "parties": [
            {"case_code": p.case.code, "person_code": p.case.person.code, "role": p.role}
            for p in access.visible_parties()
        ],
        "reference_number": proceeding.reference_number if full else None,
        "police_unit": (str(proceeding.police_unit or proceeding.police_unit_name) or None)
        if full
        else None,
        "prosecutor_office": (
            str(proceeding.prosecutor_office or proceeding.prosecutor_office_name) or None
        )
        if full
        else None,
        "court": (proceeding.court_name or None) if full else None,
    }


@router.get(
    "/cases/{code}/legal-facts",
    response={200: LegalFactsOut, 404: ErrorOut},
    url_name="legal_facts",
)
def legal_facts_get(request: HttpRequest, code: str) -> object:
    return _facts_out(request, _facts_access(request, code))


@router.put(
    "/cases/{code}/legal-facts",
    response={200: LegalFactsOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
)
def legal_facts_put(request: HttpRequest, code: str, payload: LegalFactsIn) -> object:
    access = _facts_access(request, code)
    if not access.can_edit:
        raise HttpError(403, "You cannot record the legal facts of this case.")
    try:
        services.legal_facts_save(
            user=request.user,
            access=access,
            data=services.LegalFactsInput(
                facts=payload.facts,
                notes=payload.notes,
                use_person_age=payload.use_person_age,
                expected_version=payload.expected_version,
            ),
        )
    except services.StaleFacts:
        raise HttpError(
            409, "The legal facts were saved by someone else; read them again."
        ) from None
    except services.JusticeRefused as error:
        raise HttpError(400, str(error)) from None
    return _facts_out(request, _facts_access(request, code))


class ProceedingPageOut(Schema):
    count: int
    items: list[ProceedingOut]


@router.get("/proceedings", response={200: ProceedingPageOut, 404: ErrorOut})
def proceeding_list(request: HttpRequest, limit: int = 100, offset: int = 0) -> object:
    """Paged in the database like the other lists ({count, items}); at most 100 at a time."""
    if not (
        user_can(request.user, capability=Capability.PROCEEDING_RECORD)
        or user_can(request.user, capability=Capability.PROCEEDING_VIEW_STAGES)
    ):
        raise Http404
    proceedings = selectors.proceeding_list_for_user(user=request.user)
    limit, offset = max(1, min(limit, 100)), max(0, offset)
    items = []
    for proceeding in proceedings[offset : offset + limit]:
        access = selectors.proceeding_access(user=request.user, proceeding=proceeding)
        if access is not None:
            items.append(_proceeding_out(access))
    return {"count": proceedings.count(), "items": items}


@router.get("/proceedings/{code}", response={200: ProceedingDetailOut, 404: ErrorOut})
def proceeding_detail(request: HttpRequest, code: str) -> object:
    access = _proceeding_access(request, code)
    return {
        **_proceeding_out(access),
        "stages": [
            {
                "position": e.position,
                "stage": e.stage,
                "date": e.date,
                "charges": e.charges,
                "outcome": e.outcome,
                "sentence": e.sentence,
            }
            for e in selectors.proceeding_stages(access=access)
        ],
        "findings": [
            {
                "kind": f.kind,
                "from_stage": f.from_stage,
                "to_stage": f.to_stage,
                "from_codes": f.from_codes,
                "to_codes": f.to_codes,
                "message": f.message,
            }
            for f in selectors.proceeding_findings(access=access)
        ],
    }


@router.post(
    "/proceedings/{code}/stages",
    response={201: ProceedingDetailOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def stage_add(request: HttpRequest, code: str, payload: StageIn) -> object:
    access = _proceeding_access(request, code)
    if not access.full:
        raise HttpError(403, "Only police and prosecution staff working it change a proceeding.")
    try:
        services.stage_event_add(
            user=request.user,
            access=access,
            data=services.StageInput(
                stage=payload.stage,
                date=payload.date,
                charges=tuple(payload.charges),
                outcome=payload.outcome,
                sentence=payload.sentence,
                notes=payload.notes,
            ),
        )
    except services.JusticeRefused as error:
        raise HttpError(400, str(error)) from None
    return Status(201, proceeding_detail(request, code))


class StatsOut(Schema):
    total: int
    by_stage: dict[str, int]
    requalified: int
    partially_requalified: int
    never_charged_as_trafficking: int
    discontinued: int
    transitions: dict[str, int]


@router.get("/stats", response={200: StatsOut, 404: ErrorOut})
def stats(request: HttpRequest) -> object:
    if not user_can(request.user, capability=Capability.STATS_VIEW):
        raise Http404
    data = selectors.justice_stats()
    totals = data["totals"]
    return {
        "total": totals["total"],
        "by_stage": {code: n for code, _label, n in data["by_stage"]},
        "requalified": totals["requalified"],
        "partially_requalified": totals["partially"],
        "never_charged_as_trafficking": totals["never"],
        "discontinued": totals["discontinued"],
        "transitions": {key: n for key, _label, n in data["transitions"]},
    }
