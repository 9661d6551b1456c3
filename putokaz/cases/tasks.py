from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.utils import timezone
from django_tasks import task

from putokaz.cases.models import CaseTask
from putokaz.core.notify import notify


def follow_up_reminders(*, today: dt.date | None = None) -> int:
    """One e-mail per person with follow-ups due today or overdue: counts only, no case details."""
    today = today or timezone.localdate()
    due = (
        CaseTask.objects.filter(
            done_at__isnull=True,
            due_date__lte=today,
            assigned_to__is_active=True,
            case__status="open",
        )
        .values("assigned_to__email")
        .annotate(n=Count("id"))
    )
    sent = 0
    for row in due:
        notify(
            emails=[row["assigned_to__email"]],
            subject="Putokaz: follow-ups due",
            body=f"You have {row['n']} follow-up task(s) due today or overdue. Open Putokaz to see them.",
        )
        sent += 1
    return sent


@task()
def send_follow_up_reminders() -> int:
    return follow_up_reminders()
