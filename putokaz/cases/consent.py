"""Does recorded consent allow sharing these categories with this organisation for this purpose?"""

from __future__ import annotations

from dataclasses import dataclass

from putokaz.accounts.models import Organisation
from putokaz.cases.models import Case, Consent


@dataclass(frozen=True)
class ConsentCheck:
    allowed: bool
    granted: frozenset[str]
    missing: frozenset[str]


def consents_covering(
    *, case: Case, organisation: Organisation, purpose: str | None = None
) -> list[Consent]:
    """Active consents naming this organisation or its kind (and the purpose, if given)."""
    found = []
    for consent in case.consents.filter(withdrawn_at__isnull=True).prefetch_related(
        "recipient_organisations"
    ):
        names_org = any(o.pk == organisation.pk for o in consent.recipient_organisations.all())
        if not (names_org or organisation.type in consent.recipient_types):
            continue
        if purpose is not None and purpose not in consent.purposes:
            continue
        found.append(consent)
    return found


def consent_check(
    *, case: Case, organisation: Organisation, purpose: str, categories: set[str]
) -> ConsentCheck:
    granted: set[str] = set()
    for consent in consents_covering(case=case, organisation=organisation, purpose=purpose):
        granted.update(consent.categories)
    missing = frozenset(set(categories) - granted)
    return ConsentCheck(allowed=not missing, granted=frozenset(granted), missing=missing)


def categories_consented_for(*, case: Case, organisation: Organisation) -> frozenset[str]:
    """Everything currently consented to this organisation, whatever the purpose.

    A recipient sees the intersection of this with what the referral carried:
    withdrawing consent closes the view at once, without touching the referral.
    """
    granted: set[str] = set()
    for consent in consents_covering(case=case, organisation=organisation):
        granted.update(consent.categories)
    return frozenset(granted)
