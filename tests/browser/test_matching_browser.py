"""A case manager sees a possible duplicate held by another organisation and requests linkage."""

from __future__ import annotations

import time

import pyotp
import pytest
from django.utils import timezone

from putokaz.accounts.roles import Role
from putokaz.accounts.services import totp_device_create
from putokaz.matching.models import LinkageRequest
from putokaz.matching.services import duplicates_scan
from tests.conftest import make_org, make_person, make_user
from tests.matching.test_matching_django import (
    FILLERS,
    MOHAMAD_WOMEN,
    MOHAMMAD_RAN,
    linkage_consent,
    open_case,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def _enrolled(username, org, role):
    user = make_user(username, org, role)
    device, secret = totp_device_create(user=user)
    device.confirmed_at = timezone.now()
    device.save()
    return user, secret


def test_the_person_page_shows_the_panel_and_requests_linkage(page, live_server) -> None:
    women, ran = make_org("Sigurna Staza"), make_org("RAN Belgrade")
    ana, secret = _enrolled("ana", women, Role.CASE_MANAGER)
    for given, family, _go, _fo, dob, sex, nat in FILLERS:
        make_person(
            ran,
            given_name=given,
            family_name=family,
            given_name_original="",
            family_name_original="",
            date_of_birth=dob,
            sex=sex,
            nationality=nat,
        )
    mohamad = make_person(women, **MOHAMAD_WOMEN)
    mohammad = make_person(ran, **MOHAMMAD_RAN)
    linkage_consent(open_case(mohamad, ana), ana, recipient_types=("ngo",))
    duplicates_scan()

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "ana")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/login/verify/")
    page.fill("#id_code", pyotp.TOTP(secret).at(time.time()))
    page.click("main button[type=submit]")
    page.wait_for_url("**/home/")

    page.goto(f"{live_server.url}/persons/{mohamad.code}/")
    panel = page.locator("#possible-duplicates")
    assert panel.is_visible()
    assert "registered by another organisation" in panel.inner_text()
    assert mohammad.code not in page.content() and "RAN Belgrade" not in page.content()
    panel.get_by_role("button", name="Request linkage").click()
    page.wait_for_selector("text=Linkage requested.")
    assert page.url.endswith(f"/persons/{mohamad.code}/")
    assert "Waiting for an answer" in page.locator("#possible-duplicates").inner_text()
    assert LinkageRequest.objects.filter(from_person=mohamad, to_person=mohammad).count() == 1
