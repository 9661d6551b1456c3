"""Facts → the assistant's comparison → a proceeding whose charge is requalified (388 → 350)."""

from __future__ import annotations

import datetime as dt
import time

import pyotp
import pytest
from django.utils import timezone

from putokaz.accounts.roles import Role
from putokaz.accounts.services import totp_device_create
from putokaz.cases.selectors import case_get_for_user
from putokaz.cases.services import CaseInput, ConsentInput, case_open, consent_record
from putokaz.referrals.models import Service
from putokaz.referrals.services import ReferralInput, referral_send
from tests.conftest import make_org, make_person, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def _enrolled(username, org, role):
    user = make_user(username, org, role)
    device, secret = totp_device_create(user=user)
    device.confirmed_at = timezone.now()
    device.save()
    return user, secret


def _log_in(page, live_server, username: str, secret: str, *, again: bool = False) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/login/verify/")
    # A code is accepted once; logging in again within 30 seconds takes the next one.
    totp = pyotp.TOTP(secret)
    page.fill("#id_code", totp.at(time.time() + 30) if again else totp.now())
    page.click("main button[type=submit]")
    page.wait_for_url("**/home/")


def test_facts_comparison_and_a_requalified_proceeding(page, live_server) -> None:
    ngo = make_org("Sigurna Staza")
    police = make_org("Police ATU", "police")
    make_org("Higher Prosecutor's Office", "prosecution")
    ana, ana_secret = _enrolled("ana", ngo, Role.CASE_MANAGER)
    _nenad, nenad_secret = _enrolled("nenad", police, Role.INVESTIGATOR)
    investigation = Service.objects.create(
        provider=police, name="Investigation", category="investigation"
    )
    case = case_open(
        user=ana,
        organisation=ngo,
        person=make_person(ngo),
        data=CaseInput(case_type="trafficking", exploitation_forms=("sexual",)),
    )
    consent_record(
        user=ana,
        access=case_get_for_user(user=ana, code=case.code),
        data=ConsentInput(
            categories=("identity", "legal"),
            purposes=("prosecution",),
            method="written",
            given_at=timezone.now(),
            recipient_organisation_ids=(police.pk,),
        ),
    )
    referral_send(
        user=ana,
        access=case_get_for_user(user=ana, code=case.code),
        age=None,
        data=ReferralInput(
            service_id=investigation.pk,
            categories=("identity", "legal"),
            purpose="prosecution",
            urgency="urgent",
            reason="Wants to report.",
        ),
    )

    # The case manager records the facts and reads the assistant's comparison.
    _log_in(page, live_server, "ana", ana_secret)
    page.goto(f"{live_server.url}/cases/{case.code}/")
    page.click("text=Record legal facts")
    for name, value in (
        ("acts", "recruitment"),
        ("acts", "transportation"),
        ("means", "deception"),
        ("purposes", "sexual_exploitation"),
    ):
        page.check(f"input[name={name}][value={value}]")
    for field in ("irregular", "facilitated_by_other", "facilitator_material_benefit"):
        page.select_option(f"#id_border_crossing__{field}", "yes")
    page.select_option("#id_consent__to_movement", "yes")
    page.select_option("#id_relationship_after_arrival", "continued")
    page.fill("#id_notes", "Job offer on social media; passport taken.")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Legal facts saved; the assessment was updated.")
    panel = page.locator("section#justice")
    assert "does not decide guilt or status" in panel.inner_text()
    assert panel.locator("tr[data-offence='RS-CC-388'][data-status='indicated']").count() == 1
    assert panel.locator("tr[data-offence='RS-CC-350'][data-status='indicated']").count() == 1
    assert panel.locator("li[data-flag='smuggling_with_trafficking_indicators']").count() == 1
    comparison = panel.locator("dl.comparison").inner_text()
    assert "Relationship after arrival" in comparison and "continued after arrival" in comparison
    assert "Catalogue versions used: RS 1, international 1" in panel.inner_text()

    # The investigator records the proceeding; the charge moves from 388 to 350.
    _log_in(page, live_server, "nenad", nenad_secret)
    page.goto(f"{live_server.url}/justice/proceedings/")
    page.click("text=New proceeding")
    page.fill("#id_reference_number", "KT-77/25")
    page.select_option("#id_prosecutor_office", label="Higher Prosecutor's Office")
    page.fill("#id_court_name", "Higher Court Belgrade")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=recorded.")
    page.click("summary:has-text('Link a case')")
    page.fill("#id_case_code", case.code.lower())
    page.select_option("#id_role", "injured_party")
    page.click("button:has-text('Link')")
    page.wait_for_selector("text=Case linked to the proceeding.")
    for stage, days_ago, code in (
        ("criminal_complaint", 30, "RS-CC-388"),
        ("indictment", 2, "RS-CC-350"),
    ):
        page.click("summary:has-text('Add a stage')")
        page.select_option("#id_stage", stage)
        page.fill("#id_date", (timezone.localdate() - dt.timedelta(days=days_ago)).isoformat())
        page.check(f"input[name=charges][value={code}]")
        page.click("button:has-text('Record the stage')")
        page.wait_for_selector("text=Stage recorded.")
    marked = page.locator("li[data-stage='indictment'] .mark[data-kind='requalification']")
    assert marked.inner_text() == "Requalified out of trafficking"
    assert "KT-77/25" in page.content()

    # The case manager sees the mark on the case, but not the investigation's reference.
    _log_in(page, live_server, "ana", ana_secret, again=True)
    page.goto(f"{live_server.url}/cases/{case.code}/")
    proceeding = page.locator("section#justice .proceeding")
    assert proceeding.locator(".mark[data-kind='requalification']").count() >= 1
    assert "RS-CC-388" in proceeding.inner_text() and "RS-CC-350" in proceeding.inner_text()
    assert "KT-77/25" not in page.content()
    history = page.locator("ol.history")
    assert history.locator("[data-kind=proceeding_requalification]").count() == 1
    assert "Charges requalified out of trafficking" in history.inner_text()
