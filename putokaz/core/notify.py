"""E-mail notifications, sent by a background task after the transaction commits.

Messages name pseudonymous codes and say what to do; they never carry personal
data, because mail passes through servers nobody here controls.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django_tasks import task

from putokaz.accounts.models import Membership
from putokaz.accounts.roles import Role


@task()
def send_notification(recipients: list[str], subject: str, body: str) -> int:
    if not recipients:
        return 0
    return send_mail(
        subject,
        body + f"\n\n{settings.SITE_URL}/\n",
        settings.DEFAULT_FROM_EMAIL,
        recipients,
        fail_silently=False,
    )


def notify(*, emails: list[str], subject: str, body: str) -> None:
    recipients = sorted({e for e in emails if e})
    if recipients:
        transaction.on_commit(lambda: send_notification.enqueue(recipients, subject, body))


def organisation_admin_emails(organisation_id: int) -> list[str]:
    return list(
        Membership.objects.filter(
            organisation_id=organisation_id, role=Role.ORG_ADMIN, user__is_active=True
        ).values_list("user__email", flat=True)
    )


def notify_organisation_admins(*, organisation_id: int, subject: str, body: str) -> None:
    notify(emails=organisation_admin_emails(organisation_id), subject=subject, body=body)
