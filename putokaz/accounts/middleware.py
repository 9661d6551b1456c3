from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from putokaz.accounts.selectors import actor_for
from putokaz.accounts.services import SESSION_2FA_AT, SESSION_LOGIN_AT, logout_user
from putokaz.core.request_context import reset_current_actor, set_current_actor


class SessionPolicyMiddleware:
    """Enforce the second factor and the absolute session lifetime on every request.

    The idle timeout is the session's own expiry (renewed on each request);
    this adds the 12-hour ceiling, and refuses any authenticated session that did
    not come through the two-factor login (Django's admin login, for one).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            login_at = request.session.get(SESSION_LOGIN_AT)
            if not request.session.get(SESSION_2FA_AT) or login_at is None:
                logout_user(request=request, reason="session without second factor")
                return redirect(settings.LOGIN_URL)
            if time.time() - login_at > settings.SESSION_ABSOLUTE_SECONDS:
                logout_user(request=request, reason="absolute session lifetime reached")
                messages.info(
                    request, _("Your session has ended after 12 hours. Please log in again.")
                )
                return redirect(settings.LOGIN_URL)
        token = set_current_actor(actor_for(user) if user.is_authenticated else None)
        try:
            return self.get_response(request)
        finally:
            reset_current_actor(token)
