"""``putokaz link``: a thin wrapper; the work is in the framework-free :mod:`putokaz.matching.cli`."""

import sys

from django.core.management.base import BaseCommand, CommandParser

from putokaz.matching import cli


class Command(BaseCommand):
    help = "Find registrations of the same person in CSV files (plain or encoded)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("args", nargs="*", help="arguments for putokaz link (see --help)")

    def run_from_argv(self, argv: list[str]) -> None:
        # The engine's own parser owns the options (--left, --dedupe, ...), so Django's must
        # not try to parse them: everything after "link" goes straight to cli.main.
        raise SystemExit(cli.main(argv[2:], sys.stdin, sys.stdout, sys.stderr))

    def handle(self, *args: str, **options: object) -> None:
        code = cli.main(list(args), sys.stdin, sys.stdout, sys.stderr)
        if code:
            raise SystemExit(code)
