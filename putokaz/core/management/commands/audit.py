from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from putokaz.core.audit import audit_verify


class Command(BaseCommand):
    help = "Audit log tools. `audit verify` exits 0 if the hash chain is intact, 1 naming the first broken event."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="check the whole hash chain")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        result = audit_verify()
        if not result.ok:
            raise CommandError(
                f"audit chain BROKEN: {result.message} ({result.checked} events verified before it)",
                returncode=1,
            )
        self.stdout.write(result.message)
