from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control

from putokaz.core import crypto

logger = logging.getLogger("putokaz.security")


class SecurityHeadersMiddleware:
    """Headers Django does not set itself, and a safe page for encryption failures."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path.startswith("/api/"):
            # Pages with personal data must not linger in a shared phone's cache.
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, crypto.WrongMasterKey):
            logger.error("master key mismatch: %s", exception)
            status, kind = 503, "master_key"
        elif isinstance(exception, crypto.TamperedCiphertext):
            status, kind = 500, "tampered"
        elif isinstance(exception, crypto.ErasedKey):
            status, kind = 410, "erased"
        else:
            return None
        response = render(request, "errors/crypto.html", {"kind": kind}, status=status)
        add_never_cache_headers(response)
        return response
