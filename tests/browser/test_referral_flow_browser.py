"""Two organisations work one case: case → consent → referral → accepted → identification decision."""

from __future__ import annotations

import time

import pyotp
import pytest
from django.utils import timezone

from putokaz.accounts.roles import Role
from putokaz.accounts.services import totp_device_create
from putokaz.referrals.models import Service
from tests.conftest import make_org, make_person, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def _enrolled(username, org, role) -> str:
    user = make_user(username, org, role)
    device, secret = totp_device_create(user=user)
    device.confirmed_at = timezone.now()
    device.save()
    return secret


def _log_in(page, live_server, username: str, secret: str, *, again: bool = False) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/login/verify/")
    # A code is accepted once; logging in again within 30 seconds takes the next one.
    page.fill(
        "#id_code", pyotp.TOTP(secret).at(time.time() + 30) if again else pyotp.TOTP(secret).now()
    )
    page.click("main button[type=submit]")
    page.wait_for_url("**/home/")


def test_case_consent_referral_and_identification(page, live_server) -> None:
    ngo = make_org("Sigurna Staza")
    authority = make_org("Identification Centre", "identification_authority")
    ana = _enrolled("ana", ngo, Role.CASE_MANAGER)
    dragana = _enrolled("dragana", authority, Role.IDENTIFICATION_OFFICER)
    Service.objects.create(
        provider=authority, name="Formal identification", category="identification"
    )
    person = make_person(ngo, given_name="Fatemeh")

    _log_in(page, live_server, "ana", ana)
    page.goto(f"{live_server.url}/persons/{person.code}/")
    page.click("text=Open a case")
    page.select_option("#id_case_type", "trafficking")
    page.check("input[name=exploitation_forms][value=sexual]")
    page.fill("#id_summary", "Job offer on social media; passport taken.")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Presumed victim (not formally identified)")
    case_url = page.url

    page.click("text=Record consent")
    for category in ("identity", "testimony"):
        page.check(f"input[name=categories][value={category}]")
    page.check("input[name=purposes][value=identification]")
    page.check("input[name=recipient_types][value=identification_authority]")
    page.select_option("#id_method", "verbal_interpreter")
    page.fill("#id_interpreter_language", "fa")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Consent recorded.")

    page.click("text=Refer to a service")
    page.click('ul.services a:has-text("Formal identification")')
    for category in ("identity", "testimony"):
        page.check(f"input[name=categories][value={category}]")
    page.select_option("#id_purpose", "identification")
    page.fill("#id_reason", "Indicators of trafficking for sexual exploitation.")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=sent.")

    _log_in(page, live_server, "dragana", dragana)
    page.goto(f"{live_server.url}/referrals/")
    page.locator("table.list a").first.click()
    page.wait_for_selector("text=What the person agreed to share with you")
    assert "Fatemeh" in page.content()
    page.click("main section:has-text('Answer') button:has-text('Accept')")
    page.wait_for_selector("text=Referral updated.")
    page.select_option("#id_decision", "identified")
    page.fill("#id_basis_notes", "Interview with an interpreter.")
    page.fill("#id_recovery_period_start", timezone.localdate().isoformat())
    page.fill(
        "#id_recovery_period_end", (timezone.localdate() + timezone.timedelta(days=90)).isoformat()
    )
    page.click("text=Record the decision")
    page.wait_for_selector("text=Referral updated.")
    assert "Completed" in page.content()

    _log_in(page, live_server, "ana", ana, again=True)
    page.goto(case_url)
    page.wait_for_selector("text=Formally identified as a victim of trafficking")
    history = " ".join(
        page.locator("ol.history [data-kind]").evaluate_all("els => els.map(e => e.dataset.kind)")
    )
    for kind in (
        "opened",
        "consent_recorded",
        "referral_sent",
        "referral_accepted",
        "identification_decided",
    ):
        assert kind in history, kind
