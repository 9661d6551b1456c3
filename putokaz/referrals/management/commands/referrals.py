from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from putokaz.referrals.services import referrals_escalate_overdue
from putokaz.referrals.tasks import escalate_overdue_referrals


class Command(BaseCommand):
    help = "Referral housekeeping. `referrals escalate` flags overdue referrals (run it from cron)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        escalate = sub.add_parser(
            "escalate", help="escalate referrals past their response deadline"
        )
        escalate.add_argument(
            "--enqueue", action="store_true", help="hand the work to the background worker"
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if options["enqueue"]:
            escalate_overdue_referrals.enqueue()
            self.stdout.write("escalation enqueued for the background worker")
            return
        self.stdout.write(f"{referrals_escalate_overdue()} overdue referrals escalated")
