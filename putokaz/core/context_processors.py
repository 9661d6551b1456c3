from __future__ import annotations

from django.http import HttpRequest
from django.utils import translation

from putokaz.core.translations import translation_review_status


def putokaz(request: HttpRequest) -> dict[str, object]:
    language = translation.get_language() or "en"
    return {
        "is_rtl": translation.get_language_bidi(),
        "current_language": language,
        "translation_unreviewed": not translation_review_status().get(language, False),
    }
