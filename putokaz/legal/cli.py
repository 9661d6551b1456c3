"""``putokaz classify`` and ``putokaz legal-validate`` without Django.

``main`` takes its streams as arguments so that tests, the Django management command and
``python -m putokaz.legal.cli`` share one implementation. Exit status: 0 success, 2 for
input the user can fix (unknown code, malformed JSON, invalid catalogue), as the issue asks.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from putokaz.legal.catalogue import PACKAGE_CATALOGUES, CatalogueSet, load_catalogues
from putokaz.legal.engine import classify
from putokaz.legal.errors import CatalogueError, FactsError

EXIT_OK = 0
EXIT_USAGE = 2


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    # argparse prints to sys.stderr and calls sys.exit; both must go through ``main``.
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(f"{self.prog}: error: {message}")

    def exit(self, status: int = 0, message: str | None = None) -> None:  # type: ignore[override]
        raise _UsageError(message or "") if status else SystemExit(status)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="putokaz", description="Legal-elements assistant (decision support).")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = commands.add_parser(
        "classify", help="compare recorded facts with the elements of offences"
    )
    run.add_argument("--facts", required=True, help="JSON file of facts, or - for stdin")
    run.add_argument(
        "--catalogues",
        action="append",
        default=None,
        metavar="DIR",
        help="directory of catalogue files (repeatable; default: the built-in catalogues)",
    )
    run.add_argument("--language", default="en", help="language of element labels")
    check = commands.add_parser("legal-validate", help="validate offence catalogue files")
    check.add_argument("--catalogues", action="append", default=None, metavar="DIR")
    return parser


def _catalogues(dirs: Sequence[str] | None) -> CatalogueSet:
    return load_catalogues(*(Path(d) for d in dirs or [PACKAGE_CATALOGUES]))


def _read_facts(source: str, stdin: IO[str]) -> Any:
    try:
        text = stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        raise _UsageError(f"cannot read facts file {source!r}: {exc.strerror}") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        name = "stdin" if source == "-" else source
        raise _UsageError(
            f"malformed JSON in {name} at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from exc


def main(
    argv: Sequence[str] | None = None,
    stdin: IO[str] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    stdin = stdin if stdin is not None else sys.stdin
    stdout = stdout if stdout is not None else sys.stdout
    stderr = stderr if stderr is not None else sys.stderr
    try:
        # --help is printed by argparse to sys.stdout and ends with SystemExit(0).
        with contextlib.redirect_stdout(stdout):
            try:
                args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
            except SystemExit as exc:
                return int(exc.code or 0)
        catalogues = _catalogues(args.catalogues)
        if args.command == "legal-validate":
            for catalogue in catalogues.catalogues.values():
                stdout.write(
                    f"{catalogue.file}: {catalogue.jurisdiction} version {catalogue.version}, "
                    f"{len(catalogue.offences)} offences, valid\n"
                )
            return EXIT_OK
        facts = _read_facts(args.facts, stdin)
        result = classify(facts=facts, catalogues=catalogues, language=args.language)
    except _UsageError as exc:
        stderr.write(f"{exc}\n")
        return EXIT_USAGE
    except FactsError as exc:
        stderr.write(f"putokaz classify: error: {exc}\n")
        return EXIT_USAGE
    except CatalogueError as exc:
        stderr.write(f"putokaz: invalid catalogue:\n{exc}\n")
        return EXIT_USAGE
    # One write: Django's OutputWrapper appends a newline to every write call.
    stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
