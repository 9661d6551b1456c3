"""Case pages. Thin: each view parses, calls one selector or service, renders."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from putokaz.accounts.models import Organisation
from putokaz.accounts.roles import Capability
from putokaz.accounts.selectors import organisation_ids_with, user_can
from putokaz.cases import case_forms as forms
from putokaz.cases import selectors, services
from putokaz.cases.models import CaseStatus, CaseTransfer, CaseType, IdentificationStatus
from putokaz.core.panels import panels_for

PAGE_SIZE = 50


def _case_or_404(request: HttpRequest, code: str) -> selectors.CaseAccess:
    try:
        return selectors.case_get_for_user(user=request.user, code=code)
    except selectors.CaseNotFound:
        raise Http404 from None


def _refused(request: HttpRequest, error: Exception) -> None:
    messages.error(request, str(error))


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    cases = selectors.case_list_for_user(user=request.user)
    status = request.GET.get("status", "open")
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    case_type = request.GET.get("type", "")
    if case_type in CaseType.values:
        cases = cases.filter(case_type=case_type)
    if request.GET.get("mine"):
        cases = cases.filter(case_manager=request.user)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    transfers = CaseTransfer.objects.filter(
        to_organisation_id__in=organisation_ids_with(
            request.user, capability=Capability.CASE_MANAGE
        ),
        decided_at__isnull=True,
    ).select_related("case", "from_organisation")
    return render(
        request,
        "cases/case_list.html",
        {
            "page": page,
            "status": status,
            "case_type": case_type,
            "mine": bool(request.GET.get("mine")),
            "statuses": CaseStatus.choices,
            "types": CaseType.choices,
            "transfers": transfers,
            "can_break_glass": request.user.has_perm("cases.break_glass"),
        },
    )


@login_required
def case_open(request: HttpRequest, person_code: str) -> HttpResponse:
    try:
        person_access = selectors.person_get_for_user(user=request.user, code=person_code)
    except selectors.PersonNotFound:
        raise Http404 from None
    person = person_access.person
    if not user_can(request.user, capability=Capability.CASE_OPEN) or person.is_erased:
        raise PermissionDenied
    form = forms.CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.case_open(
                user=request.user,
                organisation=Organisation.objects.get(pk=person.organisation_id),
                person=person,
                data=services.CaseInput(
                    case_type=data["case_type"],
                    exploitation_forms=tuple(data["exploitation_forms"]),
                    gbv_types=tuple(data["gbv_types"]),
                    entry_point=data["entry_point"],
                    summary=data["summary"],
                ),
            )
        except services.CaseRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Case %(code)s opened.") % {"code": case.code})
            return redirect("cases:case_detail", code=case.code)
    return render(
        request, "cases/case_form.html", {"form": form, "person": person, "creating": True}
    )


@login_required
def case_detail(request: HttpRequest, code: str) -> HttpResponse:
    access = _case_or_404(request, code)
    case = access.case
    data = selectors.case_read(user=request.user, access=access, purpose="view case")
    context = {
        "access": access,
        "case": case,
        "data": data,
        "presumed": case.identification_status == IdentificationStatus.PRESUMED,
        "events": case.events.select_related("actor", "organisation"),
        "referrals": case.referrals.select_related("service", "to_organisation")
        if access.is_owner_side or access.mode == "break_glass"
        else access.referrals,
        "consents": case.consents.prefetch_related("recipient_organisations")
        if access.is_owner_side
        else (),
        "goals": case.goals.all() if access.is_owner_side else (),
        "tasks": case.tasks.all() if access.is_owner_side else (),
        "deliveries": case.deliveries.select_related("organisation"),
        "can_record_delivery": (access.is_owner_side and access.can_edit)
        or any(r.status == "accepted" for r in access.referrals),
        "decisions": case.identification_decisions.select_related("officer")
        if "legal" in access.categories
        else (),
        "panels": panels_for("case", request, access),
        "forms": {
            "note": forms.NoteForm(),
            "task": forms.TaskForm(),
            "goal": forms.GoalForm(),
            "needs": forms.NeedsForm(),
            "timeline": forms.TimelineForm(),
            "delivery": forms.DeliveryForm(),
            "close": forms.CloseForm(),
            "transfer": forms.TransferForm(),
        },
    }
    return render(request, "cases/case_detail.html", context)


@login_required
def case_edit(request: HttpRequest, code: str) -> HttpResponse:
    access = _case_or_404(request, code)
    if not access.can_edit:
        raise PermissionDenied
    case = access.case
    if request.method == "POST":
        form = forms.CaseForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.case_update(
                    user=request.user,
                    access=access,
                    expected_version=data.get("version") or 0,
                    data=services.CaseInput(
                        case_type=data["case_type"],
                        exploitation_forms=tuple(data["exploitation_forms"]),
                        gbv_types=tuple(data["gbv_types"]),
                        entry_point=data["entry_point"],
                        summary=data["summary"],
                    ),
                )
            except services.StaleEdit:
                form.add_error(
                    None,
                    _(
                        "Someone else changed this case while you were editing. Your changes were "
                        "not saved: copy them, reload the page and try again."
                    ),
                )
            except services.CaseRefused as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Changes saved."))
                return redirect("cases:case_detail", code=case.code)
    else:
        selectors.case_read(user=request.user, access=access, purpose="edit case")
        form = forms.CaseForm(
            initial={
                "case_type": case.case_type,
                "exploitation_forms": case.exploitation_forms,
                "gbv_types": case.gbv_types,
                "entry_point": case.entry_point,
                "summary": case.summary,
                "version": case.version,
            }
        )
    return render(request, "cases/case_form.html", {"form": form, "case": case, "creating": False})


@login_required
def consent_new(request: HttpRequest, code: str) -> HttpResponse:
    access = _case_or_404(request, code)
    if not access.is_owner_side or not access.can_edit:
        raise PermissionDenied
    form = forms.ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consent_record(
                user=request.user,
                access=access,
                data=services.ConsentInput(
                    categories=tuple(data["categories"]),
                    purposes=tuple(data["purposes"]),
                    method=data["method"],
                    given_at=data["given_at"],
                    recipient_organisation_ids=tuple(o.pk for o in data["recipient_organisations"]),
                    recipient_types=tuple(data["recipient_types"]),
                    interpreter_language=data["interpreter_language"],
                    note=data["note"],
                ),
            )
        except services.CaseRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("cases:case_detail", code=access.case.code)
    return render(request, "cases/consent_form.html", {"form": form, "case": access.case})


def _post_action(
    handler: Callable[[HttpRequest, selectors.CaseAccess], str | None],
) -> Callable[..., HttpResponse]:
    """A POST-only case action: run it, report refusal as a message, go back to the case."""

    @login_required
    @require_POST
    def view(request: HttpRequest, code: str, **kwargs: object) -> HttpResponse:
        access = _case_or_404(request, code)
        try:
            done = handler(request, access, **kwargs)  # type: ignore[call-arg]
        except services.CaseRefused as error:
            _refused(request, error)
        else:
            if done:
                messages.success(request, done)
        return redirect("cases:case_detail", code=access.case.code)

    return view


def _form_or_refuse(form_class: type, request: HttpRequest) -> dict:
    form = form_class(request.POST)
    if not form.is_valid():
        raise services.CaseRefused(
            "; ".join(
                f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}".strip(": ")
                for f, e in form.errors.items()
            )
        )
    return form.cleaned_data


@_post_action
def consent_withdraw(request: HttpRequest, access: selectors.CaseAccess, consent_id: int) -> str:
    services.consent_withdraw(user=request.user, access=access, consent_id=consent_id)
    return _("Consent withdrawn. No more data will be shared under it.")


@_post_action
def note_add(request: HttpRequest, access: selectors.CaseAccess) -> str:
    data = _form_or_refuse(forms.NoteForm, request)
    services.note_add(user=request.user, access=access, kind=data["kind"], text=data["text"])
    return _("Note added.")


@_post_action
def task_add(request: HttpRequest, access: selectors.CaseAccess) -> str:
    data = _form_or_refuse(forms.TaskForm, request)
    services.task_add(
        user=request.user, access=access, title=data["title"], due_date=data["due_date"]
    )
    return _("Task added.")


@_post_action
def task_done(request: HttpRequest, access: selectors.CaseAccess, task_id: int) -> str:
    services.task_done(user=request.user, access=access, task_id=task_id)
    return _("Task done.")


@_post_action
def goal_add(request: HttpRequest, access: selectors.CaseAccess) -> str:
    data = _form_or_refuse(forms.GoalForm, request)
    services.goal_add(
        user=request.user,
        access=access,
        need=data["need"],
        description=data["description"],
        due_date=data["due_date"],
    )
    return _("Goal added to the service plan.")


@_post_action
def goal_status(request: HttpRequest, access: selectors.CaseAccess, goal_id: int) -> str:
    services.goal_set_status(
        user=request.user, access=access, goal_id=goal_id, status=request.POST.get("status", "")
    )
    return _("Goal updated.")


@_post_action
def needs_add(request: HttpRequest, access: selectors.CaseAccess) -> str:
    data = _form_or_refuse(forms.NeedsForm, request)
    needs = [
        {"need": n, "priority": "urgent" if n in data["urgent"] else "normal"}
        for n in data["needs"]
    ]
    services.needs_assess(
        user=request.user,
        access=access,
        needs=needs,
        health_notes=data["health_notes"],
        notes=data["notes"],
    )
    return _("Needs assessment recorded.")


@_post_action
def timeline_add(request: HttpRequest, access: selectors.CaseAccess) -> str:
    data = _form_or_refuse(forms.TimelineForm, request)
    services.status_event_add(
        user=request.user,
        access=access,
        kind=data["kind"],
        on_date=data["on_date"],
        legal_status=data["legal_status"],
        place=data["place"],
        notes=data["notes"],
    )
    return _("Timeline updated.")


@_post_action
def delivery_add(request: HttpRequest, access: selectors.CaseAccess) -> str:
    """The case holder, or a provider whose referral was accepted, records a service given."""
    data = _form_or_refuse(forms.DeliveryForm, request)
    if access.is_owner_side:
        organisation_id = access.case.organisation_id
    else:
        accepted = [r for r in access.referrals if r.status == "accepted"]
        if not accepted:
            raise services.CaseRefused(
                _("Only a provider with an accepted referral records services.")
            )
        organisation_id = accepted[0].to_organisation_id
    services.delivery_record(
        user=request.user,
        access=access,
        organisation=Organisation.objects.get(pk=organisation_id),
        category=data["category"],
        delivered_on=data["delivered_on"],
        description=data["description"],
    )
    return _("Service recorded.")


@_post_action
def case_close(request: HttpRequest, access: selectors.CaseAccess) -> str:
    data = _form_or_refuse(forms.CloseForm, request)
    services.case_close(user=request.user, access=access, reason=data["reason"])
    return _("Case closed.")


@_post_action
def case_reopen(request: HttpRequest, access: selectors.CaseAccess) -> str:
    services.case_reopen(user=request.user, access=access)
    return _("Case reopened.")


@_post_action
def case_transfer(request: HttpRequest, access: selectors.CaseAccess) -> str:
    data = _form_or_refuse(forms.TransferForm, request)
    services.case_transfer_request(
        user=request.user, access=access, to_organisation=data["to_organisation"]
    )
    return _("Transfer requested; the other organisation has to accept it.")


@login_required
@require_POST
def transfer_decide(request: HttpRequest, transfer_id: int) -> HttpResponse:
    try:
        transfer = services.case_transfer_decide(
            user=request.user, transfer_id=transfer_id, accept=request.POST.get("accept") == "1"
        )
    except services.CaseRefused as error:
        _refused(request, error)
        return redirect("cases:case_list")
    if transfer.accepted:
        messages.success(
            request,
            _("Case %(code)s is now held by your organisation.") % {"code": transfer.case.code},
        )
        return redirect("cases:case_detail", code=transfer.case.code)
    return redirect("cases:case_list")


@login_required
def break_glass(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("cases.break_glass"):
        raise PermissionDenied
    form = forms.BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grant = services.break_glass_open(
                user=request.user,
                case_code=form.cleaned_data["case_code"],
                reason=form.cleaned_data["reason"],
            )
        except services.CaseRefused as error:
            form.add_error(None, str(error))
        else:
            messages.warning(
                request,
                _("Emergency access granted for one hour. The owning organisation is informed."),
            )
            return redirect("cases:case_detail", code=grant.case.code)
    return render(request, "cases/break_glass.html", {"form": form})
