"""``putokaz classify --facts FILE``: a thin wrapper; the logic lives in ``putokaz.legal.cli``."""

import sys

from django.core.management.base import BaseCommand

from putokaz.legal import cli


class Command(BaseCommand):
    help = "Compare recorded facts with the elements of trafficking, smuggling and GBV offences."

    def add_arguments(self, parser):
        parser.add_argument("--facts", required=True, help="JSON file of facts, or - for stdin")
        parser.add_argument("--catalogues", action="append", default=None, metavar="DIR")
        parser.add_argument("--language", default="en")

    def handle(self, *args, **options):
        argv = ["classify", "--facts", options["facts"], "--language", options["language"]]
        for directory in options["catalogues"] or []:
            argv += ["--catalogues", directory]
        code = cli.main(argv, sys.stdin, self.stdout, self.stderr)
        if code:
            raise SystemExit(code)
