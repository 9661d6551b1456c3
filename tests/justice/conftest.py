"""Personas and helpers for the justice domain, on top of the cases network."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from putokaz.accounts.models import Organisation, User
from putokaz.accounts.roles import Role
from putokaz.cases.models import Case
from putokaz.cases.selectors import case_get_for_user
from putokaz.justice import selectors, services
from putokaz.justice.models import LegalFacts, Proceeding
from putokaz.referrals.services import ReferralInput, referral_send
from tests.cases.conftest import Network, give_consent, net  # noqa: F401  (fixture)
from tests.conftest import make_org, make_user

# Adult recruited by deception for sexual exploitation, smuggled across the border, still
# controlled after arrival: trafficking (388) and smuggling (350) both indicated.
TRAFFICKING_FACTS: dict[str, Any] = {
    "jurisdiction": "RS",
    "person_age": 26,
    "acts": ["recruitment", "transportation"],
    "means": ["deception", "retention_of_documents"],
    "purposes": ["sexual_exploitation"],
    "border_crossing": {
        "irregular": True,
        "facilitated_by_other": True,
        "facilitator_material_benefit": True,
    },
    "relationship_after_arrival": "continued",
    "consent": {"to_movement": True},
}
# Paid to be taken across, relationship ended: smuggling only.
SMUGGLING_FACTS: dict[str, Any] = {
    "jurisdiction": "RS",
    "person_age": 30,
    "border_crossing": {
        "irregular": True,
        "facilitated_by_other": True,
        "facilitator_material_benefit": True,
    },
    "relationship_after_arrival": "ended",
    "consent": {"to_movement": True},
}


@dataclass
class Justice:
    net: Network
    case: Case
    prosecution: Organisation
    prosecutor: User
    other_police: Organisation
    other_investigator: User


def refer_to_police(network: Network, case: Case) -> None:
    """Consent and an open referral to the police investigation service: how police see a case."""
    give_consent(
        case,
        network.case_manager,
        orgs=[network.police],
        categories=("identity", "legal", "testimony"),
        purposes=("prosecution",),
    )
    referral_send(
        user=network.case_manager,
        access=case_get_for_user(user=network.case_manager, code=case.code),
        age=None,
        data=ReferralInput(
            service_id=network.investigation.pk,
            categories=("identity", "legal", "testimony"),
            purpose="prosecution",
            urgency="urgent",
            reason="Wants to report the exploiters.",
        ),
    )


@pytest.fixture
def justice(net: Network) -> Justice:  # noqa: F811
    prosecution = make_org("Prosecution BG", "prosecution")
    other_police = make_org("Police Novi Sad", "police")
    refer_to_police(net, net.case)
    return Justice(
        net=net,
        case=net.case,
        prosecution=prosecution,
        prosecutor=make_user("vesna", prosecution, Role.PROSECUTOR),
        other_police=other_police,
        other_investigator=make_user("goran_ns", other_police, Role.INVESTIGATOR),
    )


def record_facts(user: User, case: Case, facts: dict[str, Any], **kwargs: Any) -> LegalFacts:
    access = selectors.legal_facts_get_for_user(user=user, code=case.code)
    return services.legal_facts_save(
        user=user, access=access, data=services.LegalFactsInput(facts=facts, **kwargs)
    )


def new_proceeding(j: Justice, *, reference: str = "KT-1/25", **kwargs: Any) -> Proceeding:
    return services.proceeding_create(
        user=j.net.investigator,
        data=services.ProceedingInput(
            reference_number=reference, prosecutor_office_id=j.prosecution.pk, **kwargs
        ),
    )


def link(
    j: Justice, proceeding: Proceeding, case: Case | None = None, role: str = "injured_party"
) -> None:
    services.proceeding_link_case(
        user=j.net.investigator,
        access=selectors.proceeding_get_for_user(user=j.net.investigator, code=proceeding.code),
        case_code=(case or j.case).code,
        role=role,
    )


def add_stage(
    user: User,
    proceeding: Proceeding,
    stage: str,
    *charges: str,
    days_ago: int = 0,
    outcome: str = "",
    notes: str = "",
) -> None:
    services.stage_event_add(
        user=user,
        access=selectors.proceeding_get_for_user(user=user, code=proceeding.code),
        data=services.StageInput(
            stage=stage,
            date=timezone.localdate() - dt.timedelta(days=days_ago),
            charges=charges,
            outcome=outcome,
            notes=notes,
        ),
    )
