"""The demo screenings: idempotent, linked only with consent, and a change the report finds."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from putokaz.core.demo import load_demo
from putokaz.screening import selectors, trends
from putokaz.screening.models import EntryPoint, Screening

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_and_shows_a_rise_in_digital_recruitment() -> None:
    load_demo()
    count = Screening.objects.count()
    assert 60 <= count <= 100
    assert EntryPoint.objects.filter(name__startswith="Preševo").exists()
    linked = Screening.objects.filter(person__isnull=False)
    assert linked.exists() and all(s.consent_to_link and s.consent_method for s in linked)
    load_demo()
    assert Screening.objects.count() == count

    today = timezone.localdate()
    records = selectors.report_records(
        periods=[
            ("a", today - dt.timedelta(days=181), today - dt.timedelta(days=90)),
            ("b", today - dt.timedelta(days=89), today),
        ]
    )
    changes = {
        c.item: c for c in trends.compare_periods(screenings=records, period_a="a", period_b="b")
    }
    assert changes["DIG-01"].significant
    assert changes["DIG-01"].proportion_b > changes["DIG-01"].proportion_a
