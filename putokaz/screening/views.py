"""Screening pages. Thin: parse, call a selector or service, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from putokaz.accounts.models import Organisation
from putokaz.accounts.roles import Capability
from putokaz.accounts.selectors import grant_for, organisation_ids_with, user_can
from putokaz.cases import selectors as case_selectors
from putokaz.screening import diff, engine, questionnaire, selectors, services, trends, xlsform
from putokaz.screening.catalogue import Catalogue, CatalogueError, UnknownCatalogueError
from putokaz.screening.forms import CatalogueEditForm, KoboImportForm, ReportForm, StartForm
from putokaz.screening.languages import LANGUAGE_BY_CODE
from putokaz.screening.models import Outcome, RecommendationStatus
from putokaz.screening.store import db_registry

PAGE_SIZE = 50
ANSWER_PREFIX = "a-"

# Labels of the catalogue's referral codes, and the directory category each leads to.
SERVICE_LABELS = {
    "formal-identification": gettext_lazy("Formal identification"),
    "child-protection": gettext_lazy("Child protection and guardianship"),
    "safe-accommodation": gettext_lazy("Safe accommodation"),
    "health-care": gettext_lazy("Health care"),
    "psychosocial-support": gettext_lazy("Psychosocial support"),
    "legal-aid": gettext_lazy("Legal aid"),
    "labour-rights": gettext_lazy("Labour-rights advice or labour inspection"),
    "gbv-specialist": gettext_lazy("Specialist support for survivors of gender-based violence"),
    "asylum-information": gettext_lazy("Information on asylum"),
    "family-tracing": gettext_lazy("Family tracing"),
    "interpretation": gettext_lazy("Interpretation"),
    "disability-support": gettext_lazy("Disability support"),
    "digital-safety": gettext_lazy("Digital safety"),
    "rescreen": gettext_lazy("Screen again at a later contact"),
}
DIRECTORY_CATEGORY = {
    "formal-identification": "identification",
    "child-protection": "child_protection",
    "safe-accommodation": "safe_accommodation",
    "health-care": "medical",
    "psychosocial-support": "psychosocial",
    "legal-aid": "legal_aid",
    "interpretation": "interpretation",
}


def _require(request: HttpRequest, capability: str) -> None:
    if not user_can(request.user, capability=capability):
        raise PermissionDenied


def _worker_language(catalogue: Catalogue) -> str:
    return questionnaire.language_for(translation.get_language(), catalogue.languages)


def _screening_or_404(request: HttpRequest, code: str) -> selectors.ScreeningAccess:
    try:
        return selectors.screening_get_for_user(user=request.user, code=code)
    except selectors.ScreeningNotFound:
        raise Http404 from None


# --- interviewer mode --------------------------------------------------------------------


@login_required
def screening_list(request: HttpRequest) -> HttpResponse:
    _require(request, Capability.SCREENING_VIEW)
    rows = selectors.screening_list_for_user(user=request.user)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "screening/screening_list.html",
        {
            "page": page,
            "can_create": user_can(request.user, capability=Capability.SCREENING_CREATE),
        },
    )


def _linked(request: HttpRequest, data: dict[str, Any], form: StartForm) -> tuple[Any, Any]:
    """The person and case named in the start form, through the access-checked selectors."""
    person = case = None
    if data.get("case_code"):
        try:
            access = case_selectors.case_get_for_user(user=request.user, code=data["case_code"])
        except case_selectors.CaseNotFound:
            form.add_error("case_code", _("No case with this code in your organisation."))
            return None, None
        if not access.is_owner_side:
            form.add_error("case_code", _("No case with this code in your organisation."))
            return None, None
        case = access.case
        person = case.person
    if data.get("person_code"):
        try:
            person_access = case_selectors.person_get_for_user(
                user=request.user, code=data["person_code"]
            )
        except case_selectors.PersonNotFound:
            form.add_error("person_code", _("No person with this code in your organisation."))
            return None, None
        if person is not None and person.pk != person_access.person.pk:
            form.add_error("case_code", _("The case is not this person's case."))
            return None, None
        person = person_access.person
    return person, case


@login_required
def screening_new(request: HttpRequest) -> HttpResponse:
    """Step one chooses list, place and languages; step two is the questionnaire itself.

    The first step's answers travel as hidden fields of the second (and are validated again),
    so nothing about the person appears in a URL and nothing is stored until the end.
    """
    org_ids = organisation_ids_with(request.user, capability=Capability.SCREENING_CREATE)
    if not org_ids:
        raise PermissionDenied
    families = selectors.catalogue_families()
    initial = {
        "case_code": request.GET.get("case", ""),
        "person_code": request.GET.get("person", ""),
    }
    start = StartForm(request.POST or None, families=families, initial=initial)
    if request.method != "POST" or not start.is_valid():
        return render(request, "screening/start.html", {"form": start})
    data = start.cleaned_data
    person, case = _linked(request, data, start)
    if start.errors:
        return render(request, "screening/start.html", {"form": start})
    registry = db_registry()
    if request.POST.get("step") == "answers":
        # Score with exactly the version the questions came from, even if a newer one was
        # saved in between.
        try:
            catalogue = registry.catalogue(
                request.POST.get("catalogue_id", ""),
                version=int(request.POST.get("catalogue_version", "0") or 0),
            )
        except (UnknownCatalogueError, ValueError):
            raise Http404 from None
        notes: tuple[str, ...] = ()
    else:
        catalogue, notes = engine.resolve_catalogue(
            registry=registry, requested=data["family"], age=data["age"]
        )
    flag_sets = registry.flag_sets_for(catalogue)
    worker_language = _worker_language(catalogue)
    person_language = questionnaire.language_for(data["person_language"], catalogue.languages)
    answers = {
        key.removeprefix(ANSWER_PREFIX): value
        for key, value in request.POST.items()
        if key.startswith(ANSWER_PREFIX) and value in questionnaire.ANSWERS
    }
    sections = questionnaire.sections(
        catalogue=catalogue,
        flag_sets=flag_sets,
        worker_language=worker_language,
        person_language=person_language,
        answers=answers,
    )
    error = None
    if request.POST.get("step") == "answers":
        flag_ids = {q.id for s in sections if s.is_flag_set for q in s.questions}
        indicator_ids = {q.id for s in sections if not s.is_flag_set for q in s.questions}
        yes = [i for i, v in answers.items() if v == "yes"]
        try:
            screening = services.screening_record(
                user=request.user,
                organisation=Organisation.objects.get(pk=org_ids[0]),
                data=services.ScreeningInput(
                    catalogue_id=catalogue.id,
                    catalogue_version=catalogue.version,
                    requested_catalogue=data["family"],
                    entry_point=data["entry_point"],
                    present=tuple(i for i in yes if i in indicator_ids),
                    flags=tuple(i for i in yes if i in flag_ids),
                    unsure=tuple(i for i, v in answers.items() if v == "unsure"),
                    age=data["age"],
                    sex=data["sex"],
                    nationality=data["nationality"],
                    route=data["route"] or "",
                    interpreter_used=data["interpreter_used"],
                    interpreter_language=data["interpreter_language"],
                    worker_language=worker_language,
                    person_language=data["person_language"],
                    person=person,
                    case=case,
                    consent_to_link=data["consent_to_link"],
                    consent_method=data["consent_method"],
                    person_own_words=request.POST.get("own_words", ""),
                ),
            )
        except services.ScreeningRefused as exc:
            error = str(exc)
        else:
            messages.success(request, _("Screening %(code)s recorded.") % {"code": screening.code})
            return redirect("screening:detail", code=screening.code)
    return render(
        request,
        "screening/questionnaire.html",
        {
            "start": start,
            "catalogue": catalogue,
            "title": catalogue.title.get(worker_language) or catalogue.title["en"],
            "notes": notes,
            "sections": sections,
            "worker_language": LANGUAGE_BY_CODE[worker_language],
            "person_language": LANGUAGE_BY_CODE[person_language],
            "person_reviewed": catalogue.languages[person_language].reviewed_by_native_speaker,
            "worker_reviewed": catalogue.languages[worker_language].reviewed_by_native_speaker,
            "own_words": request.POST.get("own_words", ""),
            "error": error,
            "linked": person is not None,
        },
    )


@login_required
def screening_detail(request: HttpRequest, code: str) -> HttpResponse:
    access = _screening_or_404(request, code)
    screening = access.screening
    catalogue, flag_sets = selectors.catalogue_for_screening(screening)
    language = _worker_language(catalogue)
    person_language = questionnaire.language_for(screening.person_language, catalogue.languages)
    own_words = selectors.screening_read_own_words(
        user=request.user, access=access, purpose="view screening"
    )
    recommendations = list(screening.recommendations.all())
    can_open_case = (
        screening.person is not None
        and screening.case is None
        and grant_for(
            request.user,
            capability=Capability.CASE_OPEN,
            organisation_id=screening.organisation_id,
        )
        is not None
    )
    can_refer = (
        screening.case is not None
        and grant_for(
            request.user,
            capability=Capability.REFERRAL_SEND,
            organisation_id=screening.organisation_id,
        )
        is not None
    )
    return render(
        request,
        "screening/detail.html",
        {
            "access": access,
            "screening": screening,
            "catalogue": catalogue,
            "title": catalogue.title.get(language) or catalogue.title["en"],
            "outcome_words": Outcome(screening.outcome).label,
            "dimensions": questionnaire.dimension_views(
                catalogue=catalogue, result=screening.result, language=language
            ),
            "sections": questionnaire.sections(
                catalogue=catalogue,
                flag_sets=flag_sets,
                worker_language=language,
                person_language=person_language,
                answers=questionnaire.answers_from_record(screening.answers),
            ),
            "result": screening.result,
            "provisional": catalogue.provisional
            or bool(screening.result.get("provisional", {}).get("indicators_found")),
            "recommendations": [
                {
                    "row": r,
                    "label": SERVICE_LABELS.get(r.service, r.service),
                    "category": DIRECTORY_CATEGORY.get(r.service, ""),
                    "acted": r.status == RecommendationStatus.ACTED,
                }
                for r in recommendations
            ],
            "own_words": own_words,
            "can_open_case": can_open_case,
            "can_refer": can_refer,
            "person_rtl": person_language in selectors.RTL_LANGUAGES,
        },
    )


@login_required
@require_POST
def recommendation_acted(request: HttpRequest, code: str, recommendation_id: int) -> HttpResponse:
    access = _screening_or_404(request, code)
    if not access.can_act:
        raise PermissionDenied
    recommendation = access.screening.recommendations.filter(pk=recommendation_id).first()
    if recommendation is None:
        raise Http404
    services.recommendation_mark_acted(
        user=request.user, screening=access.screening, recommendation=recommendation
    )
    messages.success(request, _("Recorded as acted on."))
    return redirect("screening:detail", code=access.screening.code)


# --- catalogues --------------------------------------------------------------------------


def _catalogue_or_404(catalogue_id: str, version: int | None = None) -> Any:
    registry = db_registry()
    try:
        if catalogue_id in registry.catalogue_ids():
            return registry.catalogue(catalogue_id, version=version)
        return registry.flag_set(catalogue_id, version=version)
    except UnknownCatalogueError:
        raise Http404 from None


@login_required
def catalogue_list(request: HttpRequest) -> HttpResponse:
    _require(request, Capability.CATALOGUE_MANAGE)
    language = (translation.get_language() or "en").lower()
    return render(
        request,
        "screening/catalogue_list.html",
        {"catalogues": selectors.catalogue_summaries(language=language)},
    )


@login_required
def catalogue_detail(request: HttpRequest, catalogue_id: str, version: int) -> HttpResponse:
    _require(request, Capability.CATALOGUE_MANAGE)
    doc = _catalogue_or_404(catalogue_id, version)
    row = selectors.catalogue_version_get(catalogue_id=catalogue_id, version=version)
    return render(
        request,
        "screening/catalogue_detail.html",
        {
            "doc": doc,
            "row": row,
            "is_catalogue": isinstance(doc, Catalogue),
            "versions": _versions(catalogue_id),
        },
    )


def _versions(catalogue_id: str) -> list[int]:
    registry = db_registry()
    if catalogue_id in registry.catalogue_ids():
        return list(registry.catalogue_versions(catalogue_id))
    from putokaz.screening.models import CatalogueVersion

    return list(
        CatalogueVersion.objects.filter(catalogue_id=catalogue_id)
        .order_by("version")
        .values_list("version", flat=True)
    )


@login_required
def catalogue_edit(request: HttpRequest, catalogue_id: str) -> HttpResponse:
    _require(request, Capability.CATALOGUE_MANAGE)
    versions = _versions(catalogue_id)
    if not versions:
        raise Http404
    latest = selectors.catalogue_version_get(catalogue_id=catalogue_id, version=versions[-1])
    assert latest is not None
    form = CatalogueEditForm(request.POST or None, initial={"text": latest.text})
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            row = services.catalogue_version_create(
                user=request.user,
                catalogue_id=catalogue_id,
                text=form.cleaned_data["text"],
                change_note=form.cleaned_data["change_note"],
            )
        except CatalogueError as exc:
            problems = [str(p) for p in exc.problems]
        except services.ScreeningRefused as exc:
            problems = [str(exc)]
        else:
            messages.success(
                request,
                _("Saved as version %(version)s. Screenings keep the version they used.")
                % {"version": row.version},
            )
            return redirect(
                "screening:catalogue_detail", catalogue_id=catalogue_id, version=row.version
            )
    return render(
        request,
        "screening/catalogue_edit.html",
        {
            "form": form,
            "catalogue_id": catalogue_id,
            "latest": latest,
            "next_version": latest.version + 1,
            "problems": problems,
        },
    )


@login_required
def catalogue_diff(request: HttpRequest, catalogue_id: str) -> HttpResponse:
    _require(request, Capability.CATALOGUE_MANAGE)
    versions = _versions(catalogue_id)
    if not versions:
        raise Http404
    try:
        old_v = int(request.GET.get("old") or versions[max(0, len(versions) - 2)])
        new_v = int(request.GET.get("new") or versions[-1])
    except ValueError:
        raise Http404 from None
    old, new = _catalogue_or_404(catalogue_id, old_v), _catalogue_or_404(catalogue_id, new_v)
    changes = diff.catalogue_diff(old=old, new=new) if isinstance(old, Catalogue) else None
    text_changes = None
    if changes is None:
        import difflib

        old_row = selectors.catalogue_version_get(catalogue_id=catalogue_id, version=old_v)
        new_row = selectors.catalogue_version_get(catalogue_id=catalogue_id, version=new_v)
        assert old_row is not None and new_row is not None
        text_changes = list(
            difflib.unified_diff(
                old_row.text.splitlines(), new_row.text.splitlines(), lineterm="", n=1
            )
        )
    return render(
        request,
        "screening/catalogue_diff.html",
        {
            "catalogue_id": catalogue_id,
            "versions": versions,
            "old": old_v,
            "new": new_v,
            "changes": changes,
            "text_changes": text_changes,
        },
    )


@login_required
def catalogue_xlsform(request: HttpRequest, catalogue_id: str, version: int) -> HttpResponse:
    if not (
        user_can(request.user, capability=Capability.CATALOGUE_MANAGE)
        or user_can(request.user, capability=Capability.SCREENING_CREATE)
    ):
        raise PermissionDenied
    doc = _catalogue_or_404(catalogue_id, version)
    if not isinstance(doc, Catalogue):
        raise Http404
    data = xlsform.catalogue_to_xlsform(catalogue=doc, flag_sets=db_registry().flag_sets_for(doc))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{catalogue_id}.v{version}.xlsx"'
    return response


# --- KoboToolbox import ------------------------------------------------------------------


@login_required
def kobo_import(request: HttpRequest) -> HttpResponse:
    org_ids = organisation_ids_with(request.user, capability=Capability.SCREENING_CREATE)
    if not org_ids:
        raise PermissionDenied
    form = KoboImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            form.add_error("file", _("The file is not UTF-8 text."))
        else:
            is_json = upload.name.lower().endswith(".json") or text.lstrip()[:1] in ("[", "{")
            report = services.kobo_import(
                user=request.user,
                organisation=Organisation.objects.get(pk=org_ids[0]),
                text=text,
                file_format="json" if is_json else "csv",
            )
    return render(request, "screening/kobo_import.html", {"form": form, "report": report})


# --- the indicator report ----------------------------------------------------------------


@login_required
def report(request: HttpRequest) -> HttpResponse:
    _require(request, Capability.SCREENING_REPORT)
    families = selectors.catalogue_families()
    today = timezone.localdate()
    form = ReportForm(
        request.GET or None,
        families=families,
        initial={"start_a": today - dt.timedelta(days=90), "end_a": today},
    )
    table = changes = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        periods = [("a", data["start_a"], data["end_a"])]
        if data.get("start_b"):
            periods.append(("b", data["start_b"], data["end_b"]))
        records = selectors.report_records(periods=periods, catalogue_family=data["family"])
        table = trends.indicator_counts(screenings=records, period="a", by=data["by"] or None)
        if len(periods) == 2:
            changes = sorted(
                trends.compare_periods(screenings=records, period_a="a", period_b="b"),
                key=lambda c: (
                    not c.significant,
                    c.q_value if c.q_value is not None else 2,
                    c.item,
                ),
            )
    return render(
        request,
        "screening/report.html",
        {"form": form, "table": table, "changes": changes},
    )
