"""Justice pages. Thin: each view parses, calls one selector or service, renders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from putokaz.accounts.roles import Capability
from putokaz.accounts.selectors import user_can
from putokaz.justice import forms, presenters, selectors, services, suggestions
from putokaz.justice.models import Stage

PAGE_SIZE = 50


def _facts_or_404(request: HttpRequest, code: str) -> selectors.LegalFactsAccess:
    try:
        return selectors.legal_facts_get_for_user(user=request.user, code=code)
    except selectors.LegalFactsNotFound:
        raise Http404 from None


def _proceeding_or_404(request: HttpRequest, code: str) -> selectors.ProceedingAccess:
    try:
        return selectors.proceeding_get_for_user(user=request.user, code=code)
    except selectors.ProceedingNotFound:
        raise Http404 from None


@login_required
def legal_facts_edit(request: HttpRequest, code: str) -> HttpResponse:
    access = _facts_or_404(request, code)
    if not access.can_edit:
        raise PermissionDenied
    case = access.case
    stored = access.current.facts if access.current else {}
    offered = [
        s
        for s in suggestions.suggestions_for_case(case)
        if not suggestions.already_recorded(s, stored)
    ]
    if request.method == "POST":
        form = forms.LegalFactsForm(
            request.POST, suggestions=offered, can_use_person_age=access.can_read_age
        )
        if form.is_valid():
            try:
                services.legal_facts_save(
                    user=request.user,
                    access=access,
                    data=services.LegalFactsInput(
                        facts=form.facts(),
                        notes=form.cleaned_data["notes"],
                        use_person_age=bool(form.cleaned_data.get("use_person_age")),
                        confirmed_suggestions=tuple(
                            form.cleaned_data.get("confirmed_suggestions") or ()
                        ),
                        expected_version=form.cleaned_data.get("version") or 0,
                    ),
                )
            except services.StaleFacts:
                form.add_error(
                    None,
                    _(
                        "Someone else saved the legal facts while you were editing. Your "
                        "changes were not saved: copy them, reload the page and try again."
                    ),
                )
            except services.JusticeRefused as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Legal facts saved; the assessment was updated."))
                return redirect("cases:case_detail", code=case.code)
    else:
        data = selectors.legal_facts_read(
            user=request.user, access=access, purpose="edit legal facts"
        )
        form = forms.LegalFactsForm(
            initial=forms.LegalFactsForm.initial_from(
                data["facts"] or {}, notes=data["notes"] or "", version=access.version
            ),
            suggestions=offered,
            can_use_person_age=access.can_read_age,
        )
    return render(
        request,
        "justice/legal_facts_form.html",
        {
            "form": form,
            "case": case,
            "access": access,
            "history": selectors.legal_facts_history(access=access)[:20],
        },
    )


@login_required
def proceeding_list(request: HttpRequest) -> HttpResponse:
    if not (
        user_can(request.user, capability=Capability.PROCEEDING_RECORD)
        or user_can(request.user, capability=Capability.PROCEEDING_VIEW_STAGES)
    ):
        raise Http404
    proceedings = selectors.proceeding_list_for_user(user=request.user)
    stage = request.GET.get("stage", "")
    if stage in Stage.values:
        proceedings = proceedings.filter(current_stage=stage)
    if request.GET.get("marked"):
        proceedings = proceedings.filter(
            Q(requalified=True)
            | Q(partially_requalified=True)
            | Q(never_charged_as_trafficking=True)
            | Q(discontinued=True)
        )
    page = Paginator(proceedings, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [selectors.proceeding_access(user=request.user, proceeding=p) for p in page]
    return render(
        request,
        "justice/proceeding_list.html",
        {
            "page": page,
            "rows": [r for r in rows if r is not None],
            "stage": stage,
            "stages": Stage.choices,
            "marked": bool(request.GET.get("marked")),
            "can_record": user_can(request.user, capability=Capability.PROCEEDING_RECORD),
        },
    )


@login_required
def proceeding_new(request: HttpRequest) -> HttpResponse:
    if not user_can(request.user, capability=Capability.PROCEEDING_RECORD):
        raise Http404
    form = forms.ProceedingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proceeding = services.proceeding_create(
                user=request.user,
                data=services.ProceedingInput(
                    reference_number=data["reference_number"],
                    police_unit_id=data["police_unit"].pk if data["police_unit"] else None,
                    police_unit_name=data["police_unit_name"],
                    prosecutor_office_id=(
                        data["prosecutor_office"].pk if data["prosecutor_office"] else None
                    ),
                    prosecutor_office_name=data["prosecutor_office_name"],
                    court_name=data["court_name"],
                    notes=data["notes"],
                ),
            )
        except services.JusticeRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Proceeding %(code)s recorded.") % {"code": proceeding.code}
            )
            return redirect("justice:proceeding_detail", code=proceeding.code)
    return render(request, "justice/proceeding_form.html", {"form": form})


@login_required
def proceeding_detail(request: HttpRequest, code: str) -> HttpResponse:
    access = _proceeding_or_404(request, code)
    findings = selectors.proceeding_findings(access=access)
    stages = selectors.proceeding_stages(access=access)
    details = selectors.proceeding_read(user=request.user, access=access, purpose="view proceeding")
    parties = access.visible_parties()
    return render(
        request,
        "justice/proceeding_detail.html",
        {
            "access": access,
            "proceeding": access.proceeding,
            "stages": presenters.stage_rows(stages, findings),
            "findings": findings,
            "details": details,
            "parties": [
                {
                    "party": party,
                    "form": forms.ProtectionForm(
                        initial={
                            "protection_requested": party.protection_requested,
                            "protection_granted": party.protection_granted,
                            "information_given": party.information_given,
                            "compensation_claimed": party.compensation_claimed,
                            "compensation_awarded": party.compensation_awarded,
                            "compensation_currency": party.compensation_currency,
                        }
                    )
                    if access.full
                    else None,
                }
                for party in parties
            ],
            "stage_form": forms.StageEventForm(jurisdiction=access.proceeding.jurisdiction)
            if access.full
            else None,
            "link_form": forms.LinkCaseForm() if access.full else None,
        },
    )


@login_required
@require_POST
def proceeding_link(request: HttpRequest, code: str) -> HttpResponse:
    access = _proceeding_or_404(request, code)
    if not access.full:
        raise PermissionDenied
    form = forms.LinkCaseForm(request.POST)
    if form.is_valid():
        try:
            services.proceeding_link_case(
                user=request.user,
                access=access,
                case_code=form.cleaned_data["case_code"],
                role=form.cleaned_data["role"],
            )
        except services.JusticeRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Case linked to the proceeding."))
    else:
        messages.error(request, _("Enter a case code and the person's role."))
    return redirect("justice:proceeding_detail", code=access.proceeding.code)


@login_required
@require_POST
def stage_add(request: HttpRequest, code: str) -> HttpResponse:
    access = _proceeding_or_404(request, code)
    if not access.full:
        raise PermissionDenied
    form = forms.StageEventForm(request.POST, jurisdiction=access.proceeding.jurisdiction)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.stage_event_add(
                user=request.user,
                access=access,
                data=services.StageInput(
                    stage=data["stage"],
                    date=data["date"],
                    charges=tuple(data["charges"]),
                    outcome=data["outcome"],
                    sentence=data["sentence"],
                    notes=data["notes"],
                ),
            )
        except services.JusticeRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Stage recorded."))
    else:
        problems = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(
            request, _("The stage was not recorded: %(problems)s") % {"problems": problems}
        )
    return redirect("justice:proceeding_detail", code=access.proceeding.code)


@login_required
@require_POST
def protection_update(request: HttpRequest, code: str, party_id: int) -> HttpResponse:
    access = _proceeding_or_404(request, code)
    if not access.full:
        raise PermissionDenied
    form = forms.ProtectionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.party_protection_update(
                user=request.user,
                access=access,
                party_id=party_id,
                data=services.ProtectionInput(
                    protection_requested=tuple(data["protection_requested"]),
                    protection_granted=tuple(data["protection_granted"]),
                    information_given=tuple(data["information_given"]),
                    compensation_claimed=data["compensation_claimed"],
                    compensation_awarded=data["compensation_awarded"],
                    compensation_currency=data["compensation_currency"] or "RSD",
                ),
            )
        except services.JusticeRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Victim protection updated."))
    else:
        messages.error(request, _("Check the protection form: amounts must be numbers."))
    return redirect("justice:proceeding_detail", code=access.proceeding.code)


@login_required
def stats(request: HttpRequest) -> HttpResponse:
    if not user_can(request.user, capability=Capability.STATS_VIEW):
        raise Http404
    return render(request, "justice/stats.html", {"stats": selectors.justice_stats()})
