from __future__ import annotations

import pyotp
import pytest
from django.utils import timezone

from putokaz.accounts.roles import Role
from putokaz.accounts.services import totp_device_create
from tests.conftest import make_org, make_person, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _user_with_totp() -> str:
    org = make_org("Sigurna Staza browser")
    user = make_user("ana", org, Role.CASE_MANAGER)
    device, secret = totp_device_create(user=user)
    device.confirmed_at = timezone.now()
    device.save()
    make_person(org, given_name="Fatemeh")
    make_person(org, given_name="Zahra")
    return secret


def _log_in(page, live_server, secret: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "ana")
    page.fill("#id_password", "correct horse battery staple")
    page.click("main button[type=submit]")
    page.wait_for_url("**/login/verify/")
    page.fill("#id_code", pyotp.TOTP(secret).now())
    page.click("main button[type=submit]")
    page.wait_for_url("**/home/")


def test_a_case_manager_logs_in_with_totp_and_sees_the_person_list(page, live_server) -> None:
    secret = _user_with_totp()
    _log_in(page, live_server, secret)
    page.click("text=Persons")
    page.wait_for_url("**/persons/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("table.list tbody tr").count() == 2
    assert "Fatemeh" not in page.content()  # the list shows codes only
    page.locator("table.list a").first.click()
    page.wait_for_selector("text=Personal data")
    assert "Fatemeh" in page.content() or "Zahra" in page.content()


def test_the_same_flow_in_arabic_is_right_to_left(page, live_server) -> None:
    secret = _user_with_totp()
    page.goto(f"{live_server.url}/login/")
    # The language menu submits itself (putokaz.js); no inline script is needed.
    page.select_option("#language", "ar")
    page.locator("html[lang='ar']").wait_for(state="attached")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill("#id_username", "ana")
    page.fill("#id_password", "correct horse battery staple")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/login/verify/")
    page.fill("#id_code", pyotp.TOTP(secret).now())
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/home/")
    page.goto(f"{live_server.url}/persons/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("table.list tbody tr").count() == 2
    # Logical properties really flip the layout: the brand sits at the right edge.
    brand = page.locator(".brand").bounding_box()
    assert brand["x"] > 390 / 2
