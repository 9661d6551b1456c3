from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from putokaz.cases.tasks import follow_up_reminders


class Command(BaseCommand):
    help = "Case housekeeping. `cases remind` e-mails case workers whose follow-ups are due (run daily)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("remind", help="send follow-up reminders (no personal data in the mail)")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        self.stdout.write(f"{follow_up_reminders()} reminder e-mails queued")
