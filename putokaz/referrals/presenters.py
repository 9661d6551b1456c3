"""Eligibility reasons in the reader's language, with codes shown as their labels."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from putokaz.cases.models import CaseType, LegalStatus, Sex
from putokaz.referrals.eligibility import Reason


def _labels(codes: object, choices: type) -> str:
    table = dict(choices.choices)  # type: ignore[attr-defined]
    return ", ".join(str(table.get(c, c)) for c in codes)  # type: ignore[attr-defined]


def _languages(codes: object) -> str:
    names = dict(settings.LANGUAGES)
    return ", ".join(names.get(c, c) for c in codes)  # type: ignore[attr-defined]


def reason_text(reason: Reason) -> str:
    v = dict(reason.values)
    if reason.code == "sex":
        return _("accepts only: %(accepted)s (this person: %(person)s)") % {
            "accepted": _labels(v["accepted"], Sex),
            "person": _labels([v["person"]], Sex),
        }
    if reason.code == "age_unknown":
        return _("the person's age is unknown, and the service has an age limit")
    if reason.code == "too_young":
        return _("accepts from the age of %(limit)s (this person: %(age)s)") % v
    if reason.code == "too_old":
        return _("accepts up to the age of %(limit)s (this person: %(age)s)") % v
    if reason.code == "legal_status":
        return _(
            "accepts only people with this legal status: %(accepted)s (this person: %(person)s)"
        ) % {
            "accepted": _labels(v["accepted"], LegalStatus),
            "person": _labels([v["person"]], LegalStatus),
        }
    if reason.code == "nationality":
        return _("does not accept nationals of %(nationality)s") % v
    if reason.code == "case_type":
        return _("handles only these cases: %(accepted)s (this case: %(case)s)") % {
            "accepted": _labels(v["accepted"], CaseType),
            "case": _labels([v["case"]], CaseType),
        }
    if reason.code == "full":
        return _("full: %(used)s of %(capacity)s places taken") % v
    if reason.code == "language":
        return _("works in %(languages)s; an interpreter will be needed") % {
            "languages": _languages(v["languages"])
        }
    return reason.code


def reasons_text(reasons: tuple[Reason, ...]) -> list[str]:
    return [reason_text(r) for r in reasons]
