from __future__ import annotations

from django.http import HttpRequest
from django.utils import translation

from putokaz.accounts.selectors import user_can
from putokaz.core.navigation import nav_for_user
from putokaz.core.translations import translation_review_status


def putokaz(request: HttpRequest) -> dict[str, object]:
    language = translation.get_language() or "en"
    user = getattr(request, "user", None)
    is_admin = bool(
        user is not None
        and user.is_authenticated
        and (user_can(user, capability="org.manage") or user_can(user, capability="system.manage"))
    )
    return {
        "nav_items": nav_for_user(user) if user is not None and user.is_authenticated else [],
        "show_translation_status": is_admin,
        "is_rtl": translation.get_language_bidi(),
        "current_language": language,
        "translation_unreviewed": not translation_review_status().get(language, False),
    }
