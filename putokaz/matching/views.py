"""Possible duplicates: the person-page panel, the organisation's list, linkage and merges.

Thin: parse, call a selector or service, render. Every object comes through an
access-checked selector; one out of reach is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from putokaz.cases.models import Case
from putokaz.cases.selectors import PersonAccess
from putokaz.matching import selectors, services
from putokaz.matching.forms import MergeForm, RefuseForm
from putokaz.matching.models import CandidateStatus, LinkageStatus

PAGE_SIZE = 50


def person_panel_context(request: HttpRequest, access: PersonAccess) -> dict[str, Any] | None:
    """The "Possible duplicates" section of the person page (registered in apps.ready)."""
    found = selectors.duplicates_for_person(user=request.user, access=access, explain=True)
    if not found.rows and not found.merged_into and not found.merged_here:
        return None
    return {"found": found, "person": access.person}


def _candidate_or_404(request: HttpRequest, candidate_id: int) -> Any:
    try:
        return selectors.candidate_get_for_user(user=request.user, candidate_id=candidate_id)
    except selectors.CandidateNotFound:
        raise Http404 from None


def _back(request: HttpRequest, fallback: str = "matching:duplicates") -> HttpResponse:
    code = request.POST.get("person", "")
    if code:
        return redirect("cases:person_detail", code=code)
    return redirect(fallback)


@login_required
def duplicates_list(request: HttpRequest) -> HttpResponse:
    if not selectors.duplicate_organisation_ids(user=request.user):
        raise PermissionDenied
    status = request.GET.get("status", CandidateStatus.OPEN)
    if status not in CandidateStatus.values:
        status = CandidateStatus.OPEN
    rows = selectors.duplicates_for_organisation(user=request.user, status=status)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    waiting = (
        selectors.linkage_requests_received(user=request.user)
        .filter(status=LinkageStatus.REQUESTED)
        .count()
    )
    return render(
        request,
        "matching/duplicates.html",
        {
            "page": page,
            "status": status,
            "statuses": CandidateStatus.choices,
            "waiting": waiting,
        },
    )


@login_required
@require_POST
def linkage_request(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = _candidate_or_404(request, candidate_id)
    try:
        services.linkage_request_create(user=request.user, candidate=candidate)
    except services.MatchingRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Linkage requested. The other organisation's case managers will answer.")
        )
    return _back(request)


@login_required
@require_POST
def candidate_dismiss(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = _candidate_or_404(request, candidate_id)
    try:
        services.candidate_dismiss(user=request.user, candidate=candidate)
    except services.MatchingRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Marked as not the same person."))
    return _back(request)


@login_required
def person_merge(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = _candidate_or_404(request, candidate_id)
    a, b = candidate.person_a, candidate.person_b
    if a.organisation_id != b.organisation_id:
        raise Http404
    if request.method == "POST":
        form = MergeForm(request.POST)
        if form.is_valid() and form.cleaned_data["keep"] in (a.code, b.code):
            survivor, merged = (a, b) if form.cleaned_data["keep"] == a.code else (b, a)
            try:
                services.person_merge(
                    user=request.user, survivor=survivor, merged=merged, candidate=candidate
                )
            except services.MatchingRefused as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _("%(merged)s was merged into %(survivor)s. This can be undone.")
                    % {"merged": merged.code, "survivor": survivor.code},
                )
                return redirect("cases:person_detail", code=survivor.code)
    if candidate.status != CandidateStatus.OPEN:
        raise Http404
    counts = {
        p.code: Case.objects.filter(person=p).count()
        for p in (a, b)  # codes and counts only: nothing personal on this page
    }
    return render(
        request,
        "matching/merge_confirm.html",
        {"candidate": candidate, "persons": [(a, counts[a.code]), (b, counts[b.code])]},
    )


@login_required
@require_POST
def merge_undo(request: HttpRequest, merge_id: int) -> HttpResponse:
    try:
        record = selectors.merge_get_for_user(user=request.user, merge_id=merge_id)
    except selectors.CandidateNotFound:
        raise Http404 from None
    try:
        services.person_unmerge(user=request.user, merge_id=record.pk)
    except services.MatchingRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The merge was undone: %(code)s has its cases back.") % {"code": record.merged.code},
        )
    return redirect("cases:person_detail", code=record.merged.code)


@login_required
def linkage_inbox(request: HttpRequest) -> HttpResponse:
    received = selectors.linkage_requests_received(user=request.user)
    sent = selectors.linkage_requests_sent(user=request.user)
    if not selectors.duplicate_organisation_ids(user=request.user):
        raise PermissionDenied
    return render(
        request,
        "matching/inbox.html",
        {
            "received": received[:PAGE_SIZE],
            "sent": sent[:PAGE_SIZE],
            "refuse_form": RefuseForm(),
        },
    )


@login_required
@require_POST
def linkage_decide(request: HttpRequest, request_id: int, decision: str) -> HttpResponse:
    if decision not in ("accept", "refuse"):
        raise Http404
    try:
        services.linkage_decide(
            user=request.user,
            request_id=request_id,
            accept=decision == "accept",
            reason=request.POST.get("reason", ""),
        )
    except services.MatchingRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Linkage accepted: both organisations now see each other's code.")
            if decision == "accept"
            else _("Linkage refused."),
        )
    return redirect("matching:inbox")
