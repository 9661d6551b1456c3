"""Service directory, referral inbox and outbox, referral pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from putokaz.accounts.roles import Capability
from putokaz.accounts.selectors import user_can
from putokaz.cases import selectors as case_selectors
from putokaz.cases.services import CaseRefused
from putokaz.referrals import selectors, services
from putokaz.referrals.forms import DeclineForm, IdentificationForm, ReferralForm, ServiceForm
from putokaz.referrals.models import ReferralStatus, Service, ServiceCategory

PAGE_SIZE = 50


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    category = request.GET.get("category", "")
    services_qs = selectors.directory(
        category=category if category in ServiceCategory.values else ""
    )
    counts = selectors.service_in_use_counts()
    rows = [(s, counts.get(s.pk, 0)) for s in services_qs]
    managed = selectors.services_managed_by(request.user)
    return render(
        request,
        "referrals/directory.html",
        {
            "rows": rows,
            "category": category,
            "categories": ServiceCategory.choices,
            "managed_ids": set(managed.values_list("pk", flat=True)),
            "inactive_managed": managed.filter(is_active=False),
        },
    )


@login_required
def service_edit(request: HttpRequest, service_id: int) -> HttpResponse:
    """A provider's administrator keeps places, languages and opening of a service current."""
    try:
        service = selectors.service_get_for_manager(user=request.user, service_id=service_id)
    except Service.DoesNotExist:
        raise Http404 from None
    initial = {
        "capacity": service.capacity,
        "languages": ", ".join(service.languages),
        "description": service.description,
        "is_active": service.is_active,
    }
    form = ServiceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = services.ServiceUpdate(**form.cleaned_data)
        try:
            services.service_update(user=request.user, service=service, data=data)
        except CaseRefused as refused:
            form.add_error("capacity", str(refused))
        else:
            messages.success(request, _("Service updated."))
            return redirect("referrals:directory")
    in_use = selectors.service_in_use_counts([service.pk]).get(service.pk, 0)
    return render(
        request, "referrals/service_form.html", {"service": service, "form": form, "in_use": in_use}
    )


def _case_or_404(request: HttpRequest, code: str) -> case_selectors.CaseAccess:
    try:
        return case_selectors.case_get_for_user(user=request.user, code=code)
    except case_selectors.CaseNotFound:
        raise Http404 from None


@login_required
def refer(request: HttpRequest, code: str) -> HttpResponse:
    """The directory seen from one case: who accepts this person, and why the others do not."""
    access = _case_or_404(request, code)
    if not access.can_refer:
        raise PermissionDenied
    age = selectors.eligibility_age(user=request.user, access=access)
    category = request.GET.get("category", "")
    options = selectors.directory_for_case(
        access=access, age=age, category=category if category in ServiceCategory.values else ""
    )
    form = ReferralForm(request.POST or None, initial={"service": request.GET.get("service")})
    chosen = None
    service_id = request.POST.get("service") or request.GET.get("service")
    if service_id and str(service_id).isdigit():
        chosen = next((o for o in options if o.service.pk == int(service_id)), None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.referral_send(
                user=request.user,
                access=access,
                age=age,
                data=services.ReferralInput(
                    service_id=data["service"],
                    categories=tuple(data["categories"]),
                    purpose=data["purpose"],
                    urgency=data["urgency"],
                    reason=data["reason"],
                ),
            )
        except CaseRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Referral %(code)s sent.") % {"code": referral.code})
            return redirect("cases:case_detail", code=access.case.code)
    return render(
        request,
        "referrals/refer.html",
        {
            "access": access,
            "case": access.case,
            "options": options,
            "form": form,
            "chosen": chosen,
            "category": category,
            "categories": ServiceCategory.choices,
        },
    )


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    box = request.GET.get("box", "in")
    status = request.GET.get("status", "")
    status = status if status in ReferralStatus.values else ""
    if box == "out":
        if not user_can(request.user, capability=Capability.REFERRAL_SEND):
            raise PermissionDenied
        referrals = selectors.outbox_for_user(user=request.user, status=status)
    else:
        if not user_can(request.user, capability=Capability.REFERRAL_RECEIVE):
            raise PermissionDenied
        referrals = selectors.inbox_for_user(user=request.user, status=status)
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "referrals/inbox.html",
        {
            "page": page,
            "box": box,
            "status": status,
            "statuses": ReferralStatus.choices,
            "can_send": user_can(request.user, capability=Capability.REFERRAL_SEND),
            "can_receive": user_can(request.user, capability=Capability.REFERRAL_RECEIVE),
        },
    )


def _referral_or_404(request: HttpRequest, code: str) -> selectors.ReferralAccess:
    try:
        return selectors.referral_get_for_user(user=request.user, code=code)
    except selectors.ReferralNotFound:
        raise Http404 from None


@login_required
def referral_detail(request: HttpRequest, code: str) -> HttpResponse:
    access = _referral_or_404(request, code)
    referral = access.referral
    shared = None
    if access.as_recipient:
        try:
            case_access = case_selectors.case_get_for_user(
                user=request.user, code=referral.case.code
            )
        except case_selectors.CaseNotFound:
            case_access = None  # closed referral: the recipient sees only its own record of it
        if case_access is not None and case_access.mode == "recipient":
            shared = case_selectors.case_read(
                user=request.user, access=case_access, purpose="answer a referral"
            )
    texts = selectors.referral_read_reason(user=request.user, access=access)
    can_decide = (
        access.as_recipient
        and referral.service.category == ServiceCategory.IDENTIFICATION
        and referral.is_open
        and user_can(request.user, capability=Capability.IDENTIFICATION_DECIDE)
    )
    return render(
        request,
        "referrals/referral_detail.html",
        {
            "access": access,
            "referral": referral,
            "shared": shared,
            "reason": texts["reason"],
            "events": referral.events.select_related("actor", "organisation"),
            "decline_form": DeclineForm(),
            "identification_form": IdentificationForm() if can_decide else None,
            "decline_reason": texts["decline_reason"],
        },
    )


@login_required
@require_POST
def referral_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    access = _referral_or_404(request, code)
    try:
        if action == "accept":
            services.referral_accept(user=request.user, access=access)
        elif action == "decline":
            form = DeclineForm(request.POST)
            services.referral_decline(
                user=request.user,
                access=access,
                reason=form.data.get("reason", "") if form.is_bound else "",
            )
        elif action == "complete":
            services.referral_complete(user=request.user, access=access)
        elif action == "cancel":
            services.referral_cancel(user=request.user, access=access)
        elif action == "identify":
            form = IdentificationForm(request.POST)
            if not form.is_valid():
                raise services.ReferralRefused("; ".join(" ".join(e) for e in form.errors.values()))
            d = form.cleaned_data
            services.identification_decide(
                user=request.user,
                access=access,
                data=services.IdentificationInput(
                    decision=d["decision"],
                    decided_on=d["decided_on"],
                    basis_notes=d["basis_notes"],
                    basis_screening_ref=d["basis_screening_ref"],
                    recovery_period_start=d["recovery_period_start"],
                    recovery_period_end=d["recovery_period_end"],
                ),
            )
        else:
            raise Http404
    except CaseRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Referral updated."))
    return redirect("referrals:detail", code=access.referral.code)
