"""Writes of the screening domain. Each runs in one transaction with its audit event.

Audit events carry codes and field names only: never answers, indicators or the person's own
words, because even the list of indicators found says something about a person.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from putokaz.accounts.models import Organisation, User
from putokaz.accounts.roles import Capability
from putokaz.accounts.selectors import actor_for, grant_for
from putokaz.cases.models import AgeBand, Case, ConsentMethod, Person, Sex
from putokaz.core.audit import Actor, audit_record
from putokaz.core.keys import data_key_create
from putokaz.screening import engine, kobo
from putokaz.screening.catalogue import Catalogue, CatalogueError, Problem
from putokaz.screening.models import (
    CatalogueKind,
    CatalogueVersion,
    EntryPoint,
    RecommendationStatus,
    Route,
    Screening,
    ScreeningRecommendation,
    ScreeningSource,
)
from putokaz.screening.store import check_new_version, db_registry


class ScreeningRefused(Exception):
    """The screening cannot be recorded as asked; the message says why, for the worker."""


def age_band_for_age(age: int | None) -> str:
    if age is None:
        return AgeBand.UNKNOWN
    for band, upper in (("0-13", 13), ("14-17", 17), ("18-24", 24), ("25-34", 34), ("35-49", 49)):
        if age <= upper:
            return band
    return AgeBand.AGE_50_PLUS


def found_ids(*, result: dict[str, object], flags_yes: list[str] | tuple[str, ...]) -> list[str]:
    """Indicators the engine counted plus flags answered yes: what the indicator report counts."""
    dimensions = result.get("dimensions", {})
    assert isinstance(dimensions, dict)
    found: set[str] = set(flags_yes)
    for dim in dimensions.values():
        for strength in ("strong", "medium", "weak"):
            found.update(dim.get(strength, []))
    return sorted(found)


def positive_dimension_ids(result: dict[str, object]) -> list[str]:
    dimensions = result.get("dimensions", {})
    assert isinstance(dimensions, dict)
    return sorted(d for d, value in dimensions.items() if value.get("positive"))


@dataclass(frozen=True)
class ScreeningInput:
    catalogue_id: str
    catalogue_version: int
    entry_point: EntryPoint | None
    present: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    unsure: tuple[str, ...] = ()
    requested_catalogue: str = ""
    age: int | None = None
    sex: str = Sex.UNKNOWN
    nationality: str = ""
    route: str = Route.NOT_RECORDED
    interpreter_used: bool = False
    interpreter_language: str = ""
    worker_language: str = ""
    person_language: str = ""
    person: Person | None = None
    case: Case | None = None
    consent_to_link: bool = False
    consent_method: str = ""
    person_own_words: str = ""
    screened_at: dt.datetime | None = None
    extra_recommendations: tuple[str, ...] = field(default=())


def _score(data: ScreeningInput) -> dict[str, object]:
    registry = db_registry()
    try:
        result = engine.screen(
            registry=registry,
            catalogue_id=data.catalogue_id,
            catalogue_version=data.catalogue_version,
            present=data.present,
            flags=data.flags,
            age=data.age,
        )
    except (
        engine.UnknownCatalogueError,
        engine.UnknownIndicatorError,
        engine.UnknownFlagError,
    ) as exc:
        raise ScreeningRefused(str(exc)) from None
    return result.to_dict()


def _check_link(data: ScreeningInput, organisation: Organisation) -> None:
    if data.person is None and data.case is None:
        return
    if not data.consent_to_link or data.consent_method not in ConsentMethod.values:
        raise ScreeningRefused(
            _(
                "A screening can be linked to a person only with the person's consent: "
                "record that they agreed and how."
            )
        )
    for linked in (data.person, data.case):
        if linked is not None and linked.organisation_id != organisation.pk:
            raise ScreeningRefused(_("The person or case belongs to another organisation."))
    if data.case is not None and data.person is not None and data.case.person_id != data.person.pk:
        raise ScreeningRefused(_("The case is not this person's case."))


def _build(
    *, user: User, organisation: Organisation, data: ScreeningInput, source: str
) -> tuple[Screening, dict[str, object]]:
    if data.entry_point is not None and not data.entry_point.active:
        raise ScreeningRefused(_("This entry point is no longer in use."))
    if data.sex not in Sex.values or data.route not in Route.values:
        raise ScreeningRefused(_("Unknown value for sex or route."))
    _check_link(data, organisation)
    result = _score(data)
    person = data.person if data.person is not None else (data.case.person if data.case else None)
    screening = Screening(
        organisation=organisation,
        screened_by=user,
        source=source,
        entry_point=data.entry_point,
        screened_at=data.screened_at or timezone.now(),
        interpreter_used=data.interpreter_used,
        interpreter_language=data.interpreter_language if data.interpreter_used else "",
        worker_language=data.worker_language,
        person_language=data.person_language,
        person=person,
        case=data.case,
        consent_to_link=data.consent_to_link if person is not None else False,
        consent_method=data.consent_method if person is not None else "",
        catalogue_id=str(result["catalogue"]),
        catalogue_version=int(result["version"]),  # type: ignore[call-overload]
        requested_catalogue=data.requested_catalogue or data.catalogue_id,
        answers={
            "present": sorted(set(data.present)),
            "flags": sorted(set(data.flags)),
            "unsure": sorted(set(data.unsure)),
        },
        result=result,
        outcome=str(result["outcome"]),
        found=found_ids(result=result, flags_yes=data.flags),
        positive_dimensions=positive_dimension_ids(result),
        sex=data.sex,
        age_band=age_band_for_age(data.age),
        nationality=data.nationality.upper()[:3],
        route=data.route,
        data_key=data_key_create(),
    )
    screening.person_own_words = data.person_own_words.strip()
    return screening, result


def _save_with_recommendations(screening: Screening, result: dict[str, object]) -> None:
    screening.save()
    services = result.get("recommended_referrals", [])
    assert isinstance(services, list)
    ScreeningRecommendation.objects.bulk_create(
        ScreeningRecommendation(screening=screening, service=service)
        for service in dict.fromkeys(services)
    )


def screening_record(*, user: User, organisation: Organisation, data: ScreeningInput) -> Screening:
    """Score and store a screening made in Putokaz; all of it or nothing."""
    grant = grant_for(user, capability=Capability.SCREENING_CREATE, organisation_id=organisation.pk)
    if grant is None:
        raise ScreeningRefused(_("Your role does not include screening in this organisation."))
    with transaction.atomic():
        screening, result = _build(
            user=user, organisation=organisation, data=data, source=ScreeningSource.INTERVIEW
        )
        _save_with_recommendations(screening, result)
        fields = ["answers", "result"]
        if screening.person_own_words:
            fields.append("person_own_words")
        audit_record(
            actor=actor_for(user, grant),
            action="screening.create",
            object_type="screening",
            object_ref=screening.code,
            fields=fields,
            purpose="screening",
        )
        if screening.person is not None:
            audit_record(
                actor=actor_for(user, grant),
                action="screening.link",
                object_type="person",
                object_ref=screening.person.code,
                fields=["screening"],
                purpose=f"consent to link ({screening.consent_method})",
            )
    return screening


def recommendation_mark_acted(
    *, user: User, screening: Screening, recommendation: ScreeningRecommendation
) -> ScreeningRecommendation:
    grant = grant_for(
        user, capability=Capability.SCREENING_CREATE, organisation_id=screening.organisation_id
    )
    if grant is None or recommendation.screening_id != screening.pk:
        raise ScreeningRefused(_("Your role does not include acting on this screening."))
    with transaction.atomic():
        updated = ScreeningRecommendation.objects.filter(
            pk=recommendation.pk, status=RecommendationStatus.RECORDED
        ).update(status=RecommendationStatus.ACTED, acted_by=user, acted_at=timezone.now())
        if updated:
            audit_record(
                actor=actor_for(user, grant),
                action="screening.recommendation_acted",
                object_type="screening",
                object_ref=screening.code,
                fields=[f"recommendation:{recommendation.service}"],
                purpose="referral",
            )
    recommendation.refresh_from_db()
    return recommendation


# --- catalogue versions ------------------------------------------------------------------

_VERSION_LINE = re.compile(r"^version:[ \t]*(\d+)[ \t]*(#.*)?$", re.MULTILINE)


def next_version_text(*, text: str, next_version: int) -> str:
    """The edited text with its top-level `version:` raised to the next number.

    Administrators edit the text of the current version; asking them to renumber it by hand
    invites two edits claiming the same number.
    """
    return _VERSION_LINE.sub(f"version: {next_version}", text, count=1)


def catalogue_version_create(
    *, user: User, catalogue_id: str, text: str, change_note: str
) -> CatalogueVersion:
    """Validate an edited catalogue and save it as the next version; on any problem, nothing.

    Raises CatalogueError with every problem (file, line, key).
    """
    if not grant_for(user, capability=Capability.CATALOGUE_MANAGE):
        raise ScreeningRefused(_("Your role does not include editing catalogues."))
    actor: Actor = actor_for(user, grant_for(user, capability=Capability.CATALOGUE_MANAGE))
    with transaction.atomic():
        rows = CatalogueVersion.objects.select_for_update().filter(catalogue_id=catalogue_id)
        latest = rows.order_by("-version").first()
        if latest is None:
            raise ScreeningRefused(_("Unknown catalogue."))
        version = latest.version + 1
        text = next_version_text(text=text.replace("\r\n", "\n"), next_version=version)
        if not change_note.strip():
            raise CatalogueError(
                [
                    Problem(
                        f"{catalogue_id}.v{version}.yaml", None, "", _("Say what changed and why.")
                    )
                ]
            )
        doc = check_new_version(catalogue_id=catalogue_id, version=version, text=text)
        if doc.id != catalogue_id:
            raise CatalogueError(
                [
                    Problem(
                        f"{catalogue_id}.v{version}.yaml",
                        None,
                        "id",
                        _("The id cannot change: a new id is a new catalogue."),
                    )
                ]
            )
        row = CatalogueVersion.objects.create(
            catalogue_id=catalogue_id,
            version=version,
            kind=CatalogueKind.CATALOGUE if isinstance(doc, Catalogue) else CatalogueKind.FLAGS,
            text=text,
            created_by=user,
            change_note=change_note.strip(),
        )
        audit_record(
            actor=actor,
            action="catalogue.version_create",
            object_type="catalogue",
            object_ref=f"{catalogue_id}@{version}",
            fields=["text"],
            purpose="catalogue maintenance",
        )
    return row


# --- KoboToolbox import ------------------------------------------------------------------


@dataclass(frozen=True)
class ImportReport:
    created: tuple[Screening, ...]
    rejected: tuple[kobo.RejectedRow, ...]


def _submitted_at(submission: kobo.AcceptedSubmission) -> dt.datetime | None:
    for raw in (submission.ended_at, submission.submitted_at, submission.started_at):
        if raw:
            parsed = parse_datetime(raw)
            if parsed is not None:
                return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
    return None


def kobo_import(
    *, user: User, organisation: Organisation, text: str, file_format: str
) -> ImportReport:
    """Store the readable rows of a KoboToolbox export as anonymous screenings, in one go.

    Rows already imported (same submission id in this organisation) are reported, not stored
    twice. Imported screenings are never linked to a person: the form asks for no consent.
    """
    grant = grant_for(user, capability=Capability.SCREENING_CREATE, organisation_id=organisation.pk)
    if grant is None:
        raise ScreeningRefused(_("Your role does not include screening in this organisation."))
    registry = db_registry()
    reader = kobo.read_kobo_json if file_format == "json" else kobo.read_kobo_csv
    parsed = reader(registry=registry, text=text)
    rejected = list(parsed.rejected)
    entry_points = {ep.name.casefold(): ep for ep in EntryPoint.objects.filter(active=True)}
    seen = set(
        Screening.objects.filter(
            organisation=organisation,
            kobo_submission_id__in=[s.submission_id for s in parsed.accepted if s.submission_id],
        ).values_list("kobo_submission_id", flat=True)
    )
    created = []
    with transaction.atomic():
        for submission in parsed.accepted:
            if submission.submission_id and submission.submission_id in seen:
                rejected.append(
                    kobo.RejectedRow(
                        submission.row_number,
                        None,
                        f"submission {submission.submission_id} was already imported",
                    )
                )
                continue
            data = ScreeningInput(
                catalogue_id=submission.catalogue_id,
                catalogue_version=submission.catalogue_version,
                entry_point=entry_points.get((submission.entry_point or "").casefold()),
                present=submission.present,
                flags=submission.flags,
                unsure=submission.unsure,
                age=submission.age,
                sex=submission.sex if submission.sex in Sex.values else Sex.UNKNOWN,
                nationality=submission.nationality or "",
                interpreter_used=bool(submission.interpreter_used),
                screened_at=_submitted_at(submission),
            )
            try:
                screening, result = _build(
                    user=user, organisation=organisation, data=data, source=ScreeningSource.KOBO
                )
            except ScreeningRefused as exc:
                rejected.append(kobo.RejectedRow(submission.row_number, None, str(exc)))
                continue
            screening.kobo_submission_id = submission.submission_id or ""
            _save_with_recommendations(screening, result)
            created.append(screening)
            if submission.submission_id:
                seen.add(submission.submission_id)
        audit_record(
            actor=actor_for(user, grant),
            action="screening.kobo_import",
            object_type="screening",
            object_ref=",".join(s.code for s in created[:50]),
            fields=["answers", "result"],
            purpose=f"KoboToolbox import: {len(created)} stored, {len(rejected)} rejected",
        )
    rejected.sort(key=lambda r: r.row_number)
    return ImportReport(tuple(created), tuple(rejected))
