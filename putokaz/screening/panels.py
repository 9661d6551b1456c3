"""The "Screenings" section of the person and case pages.

Only screenings of the user's own organisations are listed, whatever access the page itself
gives: a recipient of a referral sees the case, not the other organisation's screenings.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from putokaz.accounts.roles import Capability
from putokaz.accounts.selectors import user_can
from putokaz.screening import selectors


def person_panel(request: HttpRequest, access: Any) -> dict[str, Any] | None:
    if not user_can(request.user, capability=Capability.SCREENING_VIEW):
        return None
    person = access.person
    return {
        "screenings": list(
            selectors.screenings_for_person(user=request.user, person_id=person.pk)[:20]
        ),
        "new_query": f"person={person.code}",
        "can_create": user_can(request.user, capability=Capability.SCREENING_CREATE),
    }


def case_panel(request: HttpRequest, access: Any) -> dict[str, Any] | None:
    if not user_can(request.user, capability=Capability.SCREENING_VIEW):
        return None
    case = access.case
    return {
        "screenings": list(
            selectors.screenings_for_case(
                user=request.user, case_id=case.pk, person_id=case.person_id
            )[:20]
        ),
        "new_query": f"case={case.code}",
        "can_create": access.is_owner_side
        and user_can(request.user, capability=Capability.SCREENING_CREATE),
    }
