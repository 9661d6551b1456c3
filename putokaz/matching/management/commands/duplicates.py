"""``putokaz duplicates scan [--organisation ID ...]``: find possible duplicate registrations."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from putokaz.core.audit import cli_actor
from putokaz.matching.services import LinkageNotConfigured, duplicates_scan


class Command(BaseCommand):
    help = "Duplicate detection: scan the network's encodings for possible duplicates."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        scan = sub.add_parser("scan", help="scan all encodings; store possible duplicates")
        scan.add_argument(
            "--organisation",
            type=int,
            action="append",
            dest="organisations",
            help="keep only pairs involving this organisation's persons (repeatable)",
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            result = duplicates_scan(organisation_ids=options["organisations"], actor=cli_actor())
        except LinkageNotConfigured as error:
            raise CommandError(str(error), returncode=2) from None
        self.stdout.write(
            f"{result.encodings} encodings ({result.refreshed} recomputed), "
            f"{result.candidates} possible duplicates ({result.new} new, "
            f"{result.removed} no longer found) in {result.seconds:.2f} s"
        )
