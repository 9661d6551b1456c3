"""The indicator report page: counts by group, small cells suppressed, changes tested."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from putokaz.screening import services
from tests.conftest import login
from tests.screening.conftest import positive_ids

pytestmark = pytest.mark.django_db

ADULT_LABOUR = "ilo-ec-2009-adult-labour"
EARLY = dt.datetime(2026, 3, 15, 10, tzinfo=dt.UTC)
LATE = dt.datetime(2026, 9, 15, 10, tzinfo=dt.UTC)
PERIODS = {
    "start_a": "2026-01-01",
    "end_a": "2026-06-30",
    "start_b": "2026-07-01",
    "end_b": "2026-12-31",
}


def _record(snet, *, at, present=(), flags=(), nationality="AF"):
    return services.screening_record(
        user=snet.outreach,
        organisation=snet.org,
        data=services.ScreeningInput(
            catalogue_id=ADULT_LABOUR,
            catalogue_version=1,
            entry_point=snet.entry_point,
            present=tuple(present),
            flags=tuple(flags),
            nationality=nationality,
            sex="male",
            age=30,
            screened_at=at,
        ),
    )


def test_small_counts_are_suppressed(snet) -> None:
    d4 = positive_ids(ADULT_LABOUR, "D4")
    for _ in range(6):
        _record(snet, at=EARLY, present=d4, nationality="AF")
    for _ in range(3):
        _record(snet, at=EARLY, present=d4, nationality="SY")
    html = (
        login(Client(), snet.analyst)
        .get(
            reverse("screening:report"),
            {"start_a": "2026-01-01", "end_a": "2026-06-30", "by": "nationality"},
        )
        .content.decode()
    )
    counts = html.split('id="counts"')[1]
    af_row = counts.split("<th>AF</th>")[1].split("</tr>")[0]
    sy_row = counts.split("<th>SY</th>")[1].split("</tr>")[0]
    assert "<td>6</td>" in af_row and "&lt;5" not in af_row.split("</td>")[0]
    assert "<td>3</td>" not in sy_row and "&lt;5" in sy_row
    all_row = counts.split("</th><td>9</td>")
    assert len(all_row) == 2  # the total row: 9 screenings


def test_a_rise_in_digital_recruitment_is_flagged_as_significant(snet) -> None:
    for i in range(30):
        _record(snet, at=EARLY, flags=("DIG-01",) if i < 5 else ())
    for i in range(30):
        _record(snet, at=LATE, flags=("DIG-01",) if i < 22 else ())
    html = login(Client(), snet.sysadmin).get(reverse("screening:report"), PERIODS).content.decode()
    changes = html.split('id="changes"')[1].split("</section>")[0]
    dig = changes.split("<code>DIG-01</code>")[1].split("</tr>")[0]
    assert "significant — review" in dig
    assert "5 / 30" in dig and "22 / 30" in dig


def test_no_change_is_not_flagged(snet) -> None:
    for at in (EARLY, LATE):
        for i in range(30):
            _record(snet, at=at, flags=("DIG-01",) if i < 10 else ())
    html = login(Client(), snet.analyst).get(reverse("screening:report"), PERIODS).content.decode()
    assert "significant — review" not in html


def test_anonymous_and_other_organisations_screenings_count(snet) -> None:
    services.screening_record(
        user=snet.other_outreach,
        organisation=snet.other_org,
        data=services.ScreeningInput(
            catalogue_id=ADULT_LABOUR,
            catalogue_version=1,
            entry_point=None,
            screened_at=timezone.now(),
        ),
    )
    _record(snet, at=timezone.now())
    today = timezone.localdate()
    html = (
        login(Client(), snet.analyst)
        .get(reverse("screening:report"), {"start_a": today - dt.timedelta(days=1), "end_a": today})
        .content.decode()
    )
    # Two screenings is below the threshold: shown as <5, never as 2.
    assert "<td>2</td>" not in html and "&lt;5" in html


def test_a_bad_period_is_an_error_not_a_report(snet) -> None:
    html = (
        login(Client(), snet.analyst)
        .get(reverse("screening:report"), {"start_a": "2026-06-30", "end_a": "2026-01-01"})
        .content.decode()
    )
    assert "The period ends before it starts." in html and 'id="counts"' not in html
