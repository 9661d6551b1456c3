from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from putokaz.accounts.roles import CAPABILITIES
from putokaz.accounts.selectors import organisations_for_user, user_grants


def root(request: HttpRequest) -> HttpResponse:
    return redirect("home" if request.user.is_authenticated else "accounts:login")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    grants = user_grants(request.user)
    capabilities = (
        set().union(*(CAPABILITIES.get(g.role, frozenset()) for g in grants)) if grants else set()
    )
    organisations = {o.pk: o for o in organisations_for_user(request.user)}
    memberships = [(organisations.get(g.organisation_id), g.role) for g in grants]
    return render(
        request, "core/home.html", {"capabilities": capabilities, "memberships": memberships}
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    # Django's default page would show the reason in detail; a person needs only what to do.
    return render(request, "errors/csrf.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)
