"""Demo proceedings: one requalified from trafficking (388) to smuggling (350), one open.

Everything goes through the real services, as the demo users would do it: the case
manager records consent and refers the case to the police investigation service, the
investigator and the case manager record the legal facts, the investigator records the
proceedings and their stages. Safe to run again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from putokaz.accounts.models import Organisation, User

DEMO_REFERENCES = ("KTR-DEMO-388/2025", "KTR-DEMO-LAB/2025")


def load_demo(*, organisations: dict[str, Organisation]) -> None:
    from putokaz.cases.models import Case
    from putokaz.justice.models import Proceeding

    if Proceeding.objects.filter(reference_number__in=DEMO_REFERENCES).exists():
        return
    cases = list(
        Case.objects.filter(organisation=organisations["women"], case_type="trafficking")
        .select_related("person")
        .order_by("opened_at", "id")
    )
    if len(cases) < 2:
        return
    users = {
        u.username: u for u in User.objects.filter(username__in=("casemanager", "investigator"))
    }
    if len(users) < 2:
        return
    with transaction.atomic():
        _load(organisations, cases[0], cases[1], users["casemanager"], users["investigator"])


def _refer_to_police(case: Any, manager: User, organisations: dict[str, Organisation]) -> None:
    from putokaz.cases.selectors import case_get_for_user
    from putokaz.cases.services import ConsentInput, consent_record
    from putokaz.referrals.models import Service
    from putokaz.referrals.services import ReferralInput, referral_send

    access = case_get_for_user(user=manager, code=case.code)
    consent_record(
        user=manager,
        access=access,
        data=ConsentInput(
            categories=("identity", "legal", "testimony"),
            purposes=("prosecution",),
            method="verbal_interpreter",
            interpreter_language="fa",
            given_at=timezone.now(),
            recipient_organisation_ids=(organisations["police"].pk,),
        ),
    )
    investigation = Service.objects.get(category="investigation", provider=organisations["police"])
    referral_send(
        user=manager,
        access=case_get_for_user(user=manager, code=case.code),
        age=None,
        data=ReferralInput(
            service_id=investigation.pk,
            categories=("identity", "legal", "testimony"),
            purpose="prosecution",
            urgency="urgent",
            reason="The person wants to report the exploiters; she can testify with an interpreter.",
        ),
    )


def _load(
    organisations: dict[str, Organisation],
    sexual: Any,
    labour: Any,
    manager: User,
    investigator: User,
) -> None:
    from putokaz.justice.selectors import legal_facts_get_for_user, proceeding_get_for_user
    from putokaz.justice.services import (
        LegalFactsInput,
        ProceedingInput,
        ProtectionInput,
        StageInput,
        legal_facts_save,
        party_protection_update,
        proceeding_create,
        proceeding_link_case,
        stage_event_add,
    )

    today = timezone.localdate()
    legal_facts_save(
        user=manager,
        access=legal_facts_get_for_user(user=manager, code=sexual.code),
        data=LegalFactsInput(
            facts={
                "jurisdiction": "RS",
                "acts": ["recruitment", "transportation", "harbouring"],
                "means": ["deception", "retention_of_documents"],
                "purposes": ["sexual_exploitation"],
                "border_crossing": {
                    "crossed": True,
                    "irregular": True,
                    "facilitated_by_other": True,
                    "facilitator_material_benefit": True,
                },
                "relationship_after_arrival": "continued",
                "consent": {"to_movement": True, "to_exploitation": False},
            },
            use_person_age=True,
            notes="Job offer for a café seen on social media; passport taken on arrival.",
        ),
    )
    legal_facts_save(
        user=manager,
        access=legal_facts_get_for_user(user=manager, code=labour.code),
        data=LegalFactsInput(
            facts={
                "jurisdiction": "RS",
                "acts": ["recruitment", "transportation"],
                "means": ["coercion", "abuse_of_vulnerability"],
                "purposes": ["forced_labour"],
                "border_crossing": {"irregular": True, "facilitated_by_other": True},
                "relationship_after_arrival": "continued",
            },
            use_person_age=True,
            notes="Works 14 hours a day on a farm to pay a debt to the smuggler.",
        ),
    )
    for case in (sexual, labour):
        _refer_to_police(case, manager, organisations)

    requalified = proceeding_create(
        user=investigator,
        data=ProceedingInput(
            reference_number=DEMO_REFERENCES[0],
            prosecutor_office_id=organisations["prosecution"].pk,
            court_name="Higher Court Belgrade (fictional)",
            notes="Two suspects; the flat in Novi Sad was searched.",
        ),
    )
    access = proceeding_get_for_user(user=investigator, code=requalified.code)
    proceeding_link_case(
        user=investigator, access=access, case_code=sexual.code, role="injured_party"
    )
    for days_ago, stage, charges in (
        (60, "criminal_complaint", ("RS-CC-388",)),
        (45, "investigation", ("RS-CC-388",)),
        # The prosecution charged smuggling only: the requalification the demo shows.
        (10, "indictment", ("RS-CC-350",)),
    ):
        stage_event_add(
            user=investigator,
            access=proceeding_get_for_user(user=investigator, code=requalified.code),
            data=StageInput(stage=stage, date=today - dt.timedelta(days=days_ago), charges=charges),
        )
    access = proceeding_get_for_user(user=investigator, code=requalified.code)
    party = access.visible_parties()[0]
    party_protection_update(
        user=investigator,
        access=access,
        party_id=party.pk,
        data=ProtectionInput(
            protection_requested=("vulnerable_witness", "video_link"),
            protection_granted=("vulnerable_witness",),
            information_given=("rights", "compensation"),
            compensation_claimed=None,
        ),
    )

    open_one = proceeding_create(
        user=investigator,
        data=ProceedingInput(
            reference_number=DEMO_REFERENCES[1],
            prosecutor_office_id=organisations["prosecution"].pk,
        ),
    )
    proceeding_link_case(
        user=investigator,
        access=proceeding_get_for_user(user=investigator, code=open_one.code),
        case_code=labour.code,
        role="injured_party",
    )
    for days_ago, stage in ((20, "criminal_complaint"), (5, "investigation")):
        stage_event_add(
            user=investigator,
            access=proceeding_get_for_user(user=investigator, code=open_one.code),
            data=StageInput(
                stage=stage, date=today - dt.timedelta(days=days_ago), charges=("RS-CC-388",)
            ),
        )
