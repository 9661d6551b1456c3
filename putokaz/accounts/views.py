"""Login in two steps (password, then second factor), enrolment, logout, API tokens."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from putokaz.accounts import services
from putokaz.accounts.forms import ApiTokenForm, CodeStepForm, PasswordStepForm
from putokaz.accounts.models import TotpDevice
from putokaz.accounts.selectors import actor_for
from putokaz.core.audit import Actor, audit_record

ANONYMOUS = Actor(label="anonymous")


def _locked_message(seconds: int) -> str:
    minutes = max(1, (seconds + 59) // 60)
    return ngettext(
        "Too many failed attempts. Try again in %(minutes)d minute.",
        "Too many failed attempts. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


@sensitive_post_parameters("password")
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = PasswordStepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        wait = services.throttle_wait_seconds(username)
        if wait:
            form.add_error(None, _locked_message(wait))
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is None:
                services.throttle_failure(username)
                audit_record(actor=ANONYMOUS, action="auth.password_failed", purpose="login")
                form.add_error(None, _("The username or password is not correct."))
            else:
                services.login_begin(request=request, user=user)
                next_url = request.POST.get("next", "")
                if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                    request.session["putokaz_next"] = next_url
                device = TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).first()
                return redirect("accounts:verify" if device else "accounts:enrol")
    return render(
        request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")}
    )


def _after_login(request: HttpRequest) -> HttpResponse:
    next_url = request.session.pop("putokaz_next", "")
    return redirect(next_url or "home")


@sensitive_post_parameters("code")
@never_cache
def verify_view(request: HttpRequest) -> HttpResponse:
    user = services.login_pending_user(request)
    if user is None:
        messages.info(request, _("Please start again with your username and password."))
        return redirect("accounts:login")
    device = TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).first()
    if device is None:
        return redirect("accounts:enrol")
    form = CodeStepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = services.throttle_wait_seconds(user.username)
        code = form.cleaned_data["code"].strip()
        if wait:
            form.add_error(None, _locked_message(wait))
        elif services.totp_verify(device=device, code=code):
            services.login_complete(request=request, user=user, method="totp")
            return _after_login(request)
        elif services.recovery_code_use(user=user, code=code):
            services.login_complete(request=request, user=user, method="recovery code")
            left = user.recovery_codes.filter(used_at__isnull=True).count()
            messages.warning(
                request,
                ngettext(
                    "You used a recovery code; %(left)d is left.",
                    "You used a recovery code; %(left)d are left.",
                    left,
                )
                % {"left": left},
            )
            return _after_login(request)
        else:
            services.throttle_failure(user.username)
            audit_record(
                actor=actor_for(user),
                action="auth.second_factor_failed",
                object_type="user",
                object_ref=str(user.pk),
                purpose="login",
            )
            form.add_error("code", _("This code is not valid. Codes change every 30 seconds."))
    return render(request, "accounts/verify.html", {"form": form})


@sensitive_post_parameters("code")
@never_cache
def enrol_view(request: HttpRequest) -> HttpResponse:
    """First login: set up an authenticator before any session is granted."""
    user = services.login_pending_user(request)
    if user is None:
        return redirect("accounts:login")
    if TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists():
        return redirect("accounts:verify")
    form = CodeStepForm(request.POST or None)
    device = TotpDevice.objects.filter(user=user, confirmed_at__isnull=True).first()
    if device is None or request.method == "GET":
        device, _secret = services.totp_device_create(user=user)
    secret = device.secret
    if request.method == "POST" and form.is_valid():
        if services.totp_confirm(device=device, code=form.cleaned_data["code"]):
            codes = services.recovery_codes_generate(user=user)
            services.login_complete(request=request, user=user, method="totp enrolment")
            return render(request, "accounts/recovery_codes.html", {"codes": codes})
        services.throttle_failure(user.username)
        form.add_error(
            "code", _("This code is not valid. Check the time on your phone and try again.")
        )
    uri = services.totp_provisioning_uri(user=user, secret=secret)
    qr_svg = segno.make(uri, error="m").svg_inline(scale=5, dark="#111", light="#fff")
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return render(
        request, "accounts/enrol.html", {"form": form, "qr_svg": qr_svg, "secret": grouped}
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    services.logout_user(request=request)
    messages.info(request, _("You have logged out."))
    return redirect("accounts:login")


@login_required
def security_view(request: HttpRequest) -> HttpResponse:
    new_codes = None
    new_token = None
    form = ApiTokenForm()
    if request.method == "POST":
        if request.POST.get("action") == "recovery":
            new_codes = services.recovery_codes_generate(user=request.user)
            audit_record(
                actor=actor_for(request.user),
                action="auth.recovery_codes_renewed",
                object_type="user",
                object_ref=str(request.user.pk),
            )
        elif request.POST.get("action") == "token":
            form = ApiTokenForm(request.POST)
            if form.is_valid():
                _token, new_token = services.api_token_create(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    days=form.cleaned_data["days"],
                )
                form = ApiTokenForm()
        elif request.POST.get("action") == "revoke":
            try:
                token_id = int(request.POST.get("token", ""))
            except ValueError:
                token_id = 0
            if services.api_token_revoke(user=request.user, token_id=token_id):
                messages.info(request, _("The token was revoked."))
            return redirect("accounts:security")
    tokens = request.user.api_tokens.filter(revoked_at__isnull=True)
    unused = request.user.recovery_codes.filter(used_at__isnull=True).count()
    return render(
        request,
        "accounts/security.html",
        {
            "new_codes": new_codes,
            "new_token": new_token,
            "form": form,
            "tokens": tokens,
            "unused_codes": unused,
        },
    )
