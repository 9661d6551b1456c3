from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from putokaz.cases.models import ServiceDelivery
from putokaz.cases.tasks import follow_up_reminders
from putokaz.referrals.selectors import referral_get_for_user
from putokaz.referrals.services import ReferralInput, referral_accept, referral_send
from tests.cases.conftest import give_consent
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_follow_up_reminders_count_due_tasks_without_details(
    net, django_capture_on_commit_callbacks
) -> None:
    client = login(Client(), net.case_manager)
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    client.post(
        reverse("cases:task_add", args=[net.case.code]),
        {"title": "Call Fatemeh's lawyer", "due_date": yesterday},
    )
    client.post(
        reverse("cases:task_add", args=[net.case.code]), {"title": "Later", "due_date": tomorrow}
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert follow_up_reminders() == 1
    message = mail.outbox[-1]
    assert message.to == ["ana@ngo.test"] and "1 follow-up" in message.body
    assert "Fatemeh" not in message.body and net.case.code not in message.body


def test_a_provider_with_an_accepted_referral_records_a_service(net) -> None:
    give_consent(net.case, net.case_manager, orgs=[net.shelter], categories=("identity",))
    from putokaz.cases.selectors import case_get_for_user

    access = case_get_for_user(user=net.case_manager, code=net.case.code)
    referral = referral_send(
        user=net.case_manager,
        access=access,
        age=30,
        data=ReferralInput(
            service_id=net.women_shelter.pk,
            categories=("identity",),
            purpose="services",
            urgency="urgent",
            reason="x",
        ),
    )
    provider = login(Client(), net.provider)
    form = {
        "category": "safe_accommodation",
        "delivered_on": timezone.localdate().isoformat(),
        "description": "Room 3",
    }
    provider.post(reverse("cases:delivery_add", args=[net.case.code]), form)
    assert not ServiceDelivery.objects.exists()  # not accepted yet
    referral_accept(
        user=net.provider, access=referral_get_for_user(user=net.provider, code=referral.code)
    )
    provider.post(reverse("cases:delivery_add", args=[net.case.code]), form)
    delivery = ServiceDelivery.objects.get()
    assert delivery.organisation == net.shelter and delivery.description == "Room 3"
    assert net.case.events.filter(kind="service_delivered").exists()
