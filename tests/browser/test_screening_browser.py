"""An outreach worker screens a person in Arabic and reads the explained result."""

from __future__ import annotations

import time

import pyotp
import pytest
from django.utils import timezone

from putokaz.accounts.roles import Role
from putokaz.accounts.services import totp_device_create
from putokaz.screening.models import EntryPoint, Screening
from putokaz.screening.store import db_registry
from tests.conftest import make_org, make_user
from tests.screening.conftest import positive_ids

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"
ADULT_LABOUR = "ilo-ec-2009-adult-labour"


def _log_in(page, live_server, username: str, secret: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/login/verify/")
    page.fill("#id_code", pyotp.TOTP(secret).at(time.time()))
    page.click("main button[type=submit]")
    page.wait_for_url("**/home/")


def test_an_interviewer_screening_in_arabic(page, live_server) -> None:
    org = make_org("RAN Belgrade")
    user = make_user("jelena", org, Role.OUTREACH_WORKER)
    device, secret = totp_device_create(user=user)
    device.confirmed_at = timezone.now()
    device.save()
    entry = EntryPoint.objects.create(name="Preševo", kind="reception_centre")
    catalogue = db_registry().catalogue(ADULT_LABOUR)
    answers = positive_ids(ADULT_LABOUR, "D1", "D4", "D5")

    _log_in(page, live_server, "jelena", secret)
    page.click("header nav a:has-text('Screenings')")
    page.click("text=New screening")
    page.select_option("#id_family", "ilo-ec-2009-*-labour")
    page.fill("#id_age", "27")
    page.select_option("#id_sex", "female")
    page.fill("#id_nationality", "sy")
    page.select_option("#id_entry_point", str(entry.pk))
    page.select_option("#id_person_language", "ar")
    page.check("#id_interpreter_used")
    page.select_option("#id_interpreter_language", "ar")
    page.click("text=Continue to the questions")

    first = catalogue.indicators[0]
    arabic = page.locator(f"p.pl[lang=ar]:has-text('{first.question['ar'][:20]}')")
    assert arabic.get_attribute("dir") == "rtl"
    assert page.locator(f"text={first.question['en'][:30]}").count() >= 1
    assert page.locator("small.unrev").count() > 0  # unreviewed translations are marked
    # In a right-to-left paragraph the text starts at the right edge of its box.
    assert arabic.evaluate("el => getComputedStyle(el).direction") == "rtl"

    for indicator in answers:
        page.check(f"input[name='a-{indicator}'][value=yes]")
    page.check("input[name='a-ILO-D6-01'][value=unsure]")
    page.fill("#own_words", "قالوا إن العمل في المقهى")
    page.click("text=Score and record the screening")

    page.wait_for_selector(
        "text=Possible indicators of trafficking — refer for formal identification"
    )
    content = page.content()
    assert "victim" not in content.lower()
    assert "Why: dimension by dimension" in content
    for dimension in ("D1", "D4", "D5"):
        row = page.locator("table.dims tr", has_text=dimension).first
        assert "yes" in row.inner_text()
    assert page.locator("ul.explanation li").count() >= 6
    assert "Formal identification" in page.locator("ul.recs").inner_text()
    assert "قالوا إن العمل في المقهى" in content

    screening = Screening.objects.get()
    assert screening.person_language == "ar" and screening.interpreter_used
    assert screening.outcome == "possible_trafficking"
    page.click("text=Mark as acted on >> nth=0")
    page.wait_for_selector("text=Recorded as acted on.")
