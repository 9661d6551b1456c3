from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class SameOriginFetchMiddleware:
    """Lets Django's CSRF protection work with Referrer-Policy: no-referrer.

    Under that policy browsers send `Origin: null` and no Referer with a form
    post, which Django's CsrfViewMiddleware refuses. Browsers also send
    Sec-Fetch-Site, which no page can forge; when it says the request came from
    this same origin, this middleware (placed just before CsrfViewMiddleware)
    restores the origin the browser withheld. The CSRF token is still required.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        if meta.get("HTTP_SEC_FETCH_SITE") == "same-origin":
            own_origin = f"{request.scheme}://{request.get_host()}"
            if meta.get("HTTP_ORIGIN") == "null":
                meta["HTTP_ORIGIN"] = own_origin
            if request.is_secure() and not meta.get("HTTP_REFERER"):
                meta["HTTP_REFERER"] = own_origin + "/"
        return self.get_response(request)
