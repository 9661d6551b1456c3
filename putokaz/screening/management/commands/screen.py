"""`putokaz screen --answers FILE`: score one screening and print the result as JSON.

The logic lives in `putokaz.screening.cli` so that it can be tested and run without Django;
this command only hands over the arguments and the process streams.
"""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from putokaz.screening import cli


class Command(BaseCommand):
    help = "Score a screening from an answers JSON file (or - for standard input)."

    def add_arguments(self, parser: CommandParser) -> None:
        # Arguments are parsed again by cli.main; declaring them here keeps `--help` useful.
        parser.add_argument("--answers", required=True, help="answers JSON file, or - for stdin")
        parser.add_argument("--catalogue-dir", default=None, help="directory of catalogue files")

    def handle(self, *args: Any, **options: Any) -> None:
        argv = ["--answers", options["answers"]]
        if options.get("catalogue_dir"):
            argv += ["--catalogue-dir", options["catalogue_dir"]]
        code = cli.main(argv, stdin=sys.stdin, stdout=self.stdout, stderr=self.stderr)
        raise SystemExit(code)
