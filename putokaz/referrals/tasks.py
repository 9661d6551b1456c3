from __future__ import annotations

from django_tasks import task

from putokaz.referrals.services import referrals_escalate_overdue


@task()
def escalate_overdue_referrals() -> int:
    return referrals_escalate_overdue()
