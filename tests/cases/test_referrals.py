from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from putokaz.cases.selectors import case_get_for_user
from putokaz.cases.services import consent_withdraw
from putokaz.core.models import AuditEvent
from putokaz.referrals.models import Referral
from putokaz.referrals.selectors import referral_get_for_user
from putokaz.referrals.services import (
    IdentificationInput,
    ReferralInput,
    ReferralRefused,
    identification_decide,
    referral_accept,
    referral_decline,
    referral_send,
    referrals_escalate_overdue,
)
from tests.cases.conftest import give_consent, open_case
from tests.conftest import login

pytestmark = pytest.mark.django_db


def _send(net, service, categories=("identity",), purpose="services", case=None):
    case = case or net.case
    access = case_get_for_user(user=net.case_manager, code=case.code)
    return referral_send(
        user=net.case_manager,
        access=access,
        age=28,
        data=ReferralInput(
            service_id=service.pk,
            categories=categories,
            purpose=purpose,
            urgency="urgent",
            reason="Needs a safe place",
        ),
    )


def test_a_referral_without_consent_is_refused_with_the_reason(net) -> None:
    with pytest.raises(ReferralRefused, match=r"consent does not allow sending Identity \(names"):
        _send(net, net.women_shelter)
    assert Referral.objects.count() == 0


def test_a_referral_beyond_what_consent_allows_is_refused(net) -> None:
    give_consent(net.case, net.case_manager, orgs=[net.shelter], categories=("identity",))
    with pytest.raises(ReferralRefused, match="Location"):
        _send(net, net.women_shelter, categories=("identity", "location"))
    with pytest.raises(ReferralRefused, match="purpose"):
        _send(net, net.women_shelter, purpose="prosecution")


def test_a_service_that_does_not_accept_the_person_is_refused_and_says_why(net) -> None:
    give_consent(net.case, net.case_manager, orgs=[net.state_shelter], categories=("identity",))
    with pytest.raises(
        ReferralRefused, match=r"legal status: Citizen, Foreign resident \(this person: Unknown\)"
    ):
        _send(net, net.state_safe_house)


def test_a_full_service_is_refused(net) -> None:
    give_consent(net.case, net.case_manager, orgs=[net.shelter], categories=("identity",))
    for name in ("Zahra", "Amal"):
        other = open_case(net.ngo, net.case_manager, given_name=name)
        give_consent(other, net.case_manager, orgs=[net.shelter], categories=("identity",))
        referral = _send(net, net.women_shelter, case=other)
        referral_accept(
            user=net.provider, access=referral_get_for_user(user=net.provider, code=referral.code)
        )
    with pytest.raises(ReferralRefused, match="full: 2 of 2 places taken"):
        _send(net, net.women_shelter)


def test_the_directory_for_a_case_says_why_services_do_not_accept(net) -> None:
    give_consent(net.case, net.case_manager, orgs=[net.shelter], categories=("identity",))
    html = (
        login(Client(), net.case_manager)
        .get(reverse("referrals:refer", args=[net.case.code]))
        .content.decode()
    )
    accepted, refused = html.split("Services that do not accept this person")
    assert "Shelter for women" in accepted and "State safe house" in refused
    assert (
        "accepts only people with this legal status: Citizen, Foreign resident (this person: Unknown)"
        in refused
    )


def test_the_recipient_sees_only_the_shared_categories_while_the_referral_is_open(net) -> None:
    give_consent(net.case, net.case_manager, orgs=[net.shelter], categories=("identity", "contact"))
    referral = _send(net, net.women_shelter, categories=("identity",))
    client = login(Client(), net.provider)
    page = client.get(reverse("referrals:detail", args=[referral.code])).content.decode()
    assert "Fatemeh" in page and "Recruited online" not in page  # identity yes, testimony no
    case_page = client.get(reverse("cases:case_detail", args=[net.case.code]))
    assert case_page.status_code == 200 and "Recruited online" not in case_page.content.decode()
    reads = AuditEvent.objects.filter(action="case.read", actor="marija")
    assert reads.exists() and all("case.summary" not in e.fields for e in reads)
    referral_decline(
        user=net.provider,
        access=referral_get_for_user(user=net.provider, code=referral.code),
        reason="No place for this week",
    )
    assert client.get(reverse("cases:case_detail", args=[net.case.code])).status_code == 404
    assert (
        "Fatemeh"
        not in client.get(reverse("referrals:detail", args=[referral.code])).content.decode()
    )


def test_withdrawing_consent_takes_effect_immediately_for_the_recipient(net) -> None:
    give_consent(net.case, net.case_manager, orgs=[net.shelter], categories=("identity",))
    referral = _send(net, net.women_shelter)
    client = login(Client(), net.provider)
    assert (
        "Fatemeh" in client.get(reverse("referrals:detail", args=[referral.code])).content.decode()
    )
    access = case_get_for_user(user=net.case_manager, code=net.case.code)
    consent_withdraw(user=net.case_manager, access=access, consent_id=net.case.consents.get().pk)
    assert (
        "Fatemeh"
        not in client.get(reverse("referrals:detail", args=[referral.code])).content.decode()
    )
    with pytest.raises(ReferralRefused, match="consent"):
        _send(net, net.women_shelter)


def test_an_overdue_referral_is_escalated_once_by_mail_without_personal_data(
    net, django_capture_on_commit_callbacks
) -> None:
    give_consent(net.case, net.case_manager, orgs=[net.shelter], categories=("identity",))
    with django_capture_on_commit_callbacks(execute=True):
        referral = _send(net, net.women_shelter)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert referrals_escalate_overdue(now=timezone.now() + dt.timedelta(days=4)) == 1
    assert referrals_escalate_overdue(now=timezone.now() + dt.timedelta(days=5)) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert (
        set(message.to) == {"ana@ngo.test"} | set()
    )  # the shelter has no admin e-mail in this network
    assert (
        referral.code in message.subject
        and "Fatemeh" not in message.body
        and "Ahmadi" not in message.body
    )
    assert net.case.events.filter(kind="referral_escalated").exists()


def test_escalation_reaches_the_recipient_organisations_admin(
    net, django_capture_on_commit_callbacks
) -> None:
    from putokaz.accounts.roles import Role
    from tests.conftest import make_user

    shelter_admin = make_user("shelteradmin", net.shelter, Role.ORG_ADMIN)
    shelter_admin.email = "admin@shelter.test"
    shelter_admin.save()
    give_consent(net.case, net.case_manager, orgs=[net.shelter], categories=("identity",))
    _send(net, net.women_shelter)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        referrals_escalate_overdue(now=timezone.now() + dt.timedelta(days=4))
    assert set(mail.outbox[0].to) == {"ana@ngo.test", "admin@shelter.test"}


def test_identification_decision_is_recorded_and_the_case_says_so(net) -> None:
    give_consent(
        net.case, net.case_manager, orgs=[net.authority], categories=("identity", "testimony")
    )
    referral = _send(
        net, net.identification, categories=("identity", "testimony"), purpose="identification"
    )
    assert net.case.identification_status == "presumed"
    access = referral_get_for_user(user=net.id_officer, code=referral.code)
    with pytest.raises(ReferralRefused, match="recovery and reflection"):
        identification_decide(
            user=net.id_officer,
            access=access,
            data=IdentificationInput(
                decision="identified",
                decided_on=timezone.localdate(),
                basis_notes="Interview",
                recovery_period_start=timezone.localdate(),
            ),
        )
    identification_decide(
        user=net.id_officer,
        access=access,
        data=IdentificationInput(
            decision="identified",
            decided_on=timezone.localdate(),
            basis_notes="Interview and screening",
            recovery_period_start=timezone.localdate(),
            recovery_period_end=timezone.localdate() + dt.timedelta(days=90),
        ),
    )
    net.case.refresh_from_db()
    referral.refresh_from_db()
    assert net.case.identification_status == "identified" and referral.status == "completed"
    assert list(referral.events.values_list("status", flat=True)) == [
        "sent",
        "accepted",
        "completed",
    ]


def test_only_an_identification_officer_decides(net) -> None:
    give_consent(net.case, net.case_manager, orgs=[net.authority], categories=("identity",))
    referral = _send(net, net.identification, purpose="identification")
    with pytest.raises(ReferralRefused):
        identification_decide(
            user=net.case_manager,
            access=referral_get_for_user(user=net.case_manager, code=referral.code),
            data=IdentificationInput(
                decision="identified", decided_on=timezone.localdate(), basis_notes="x"
            ),
        )


def test_the_case_page_calls_the_person_a_presumed_victim_until_a_decision(net) -> None:
    html = (
        login(Client(), net.case_manager)
        .get(reverse("cases:case_detail", args=[net.case.code]))
        .content.decode()
    )
    assert "Presumed victim (not formally identified)" in html


def test_every_refusal_reason_reads_as_a_sentence_with_labels() -> None:
    from putokaz.referrals.eligibility import Rules, Subject, assess
    from putokaz.referrals.presenters import reasons_text

    verdict = assess(
        rules=Rules(
            sexes=frozenset({"female"}),
            min_age=18,
            max_age=25,
            legal_statuses=frozenset({"citizen"}),
            nationalities_excluded=frozenset({"AF"}),
            case_types=frozenset({"gbv"}),
            capacity=1,
            in_use=1,
            languages=frozenset({"sr"}),
        ),
        subject=Subject(
            sex="male",
            age=16,
            legal_status="irregular",
            nationality="AF",
            case_type="trafficking",
            languages=("ps",),
        ),
    )
    assert reasons_text(verdict.reasons) == [
        "accepts only: Female (this person: Male)",
        "accepts from the age of 18 (this person: 16)",
        "accepts only people with this legal status: Citizen (this person: Irregular stay)",
        "does not accept nationals of AF",
        "handles only these cases: Gender-based violence (this case: Suspected trafficking)",
        "full: 1 of 1 places taken",
    ]
    assert reasons_text(verdict.warnings) == [
        "works in Српски (ћирилица); an interpreter will be needed"
    ]


def test_reading_a_referral_reason_is_audited(net) -> None:
    give_consent(net.case, net.case_manager, orgs=[net.shelter], categories=("identity",))
    referral = _send(net, net.women_shelter)
    page = login(Client(), net.provider).get(reverse("referrals:detail", args=[referral.code]))
    assert "Needs a safe place" in page.content.decode()
    event = AuditEvent.objects.get(action="referral.read", object_ref=referral.code)
    assert event.actor == "marija" and event.fields == ["referral.reason"]
