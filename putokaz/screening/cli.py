"""`putokaz screen --answers FILE`: score one screening from a JSON answers file.

Input (FILE, or - for standard input)::

    {"catalogue": "ilo-ec-2009-adult-labour", "subject": {"age": 24},
     "present": ["ILO-D1-01", "ILO-D5-02"], "flags": ["MM-01"], "catalogue_version": 1}

The result is printed as JSON (see ScreeningResult.to_dict). Exit status: 0 scored; 2 the
input is wrong (malformed JSON, an unknown catalogue, indicator or flag id, a bad field); 1 the
installed catalogue files are invalid. Nothing is ever silently ignored.
"""

import argparse
import json
from pathlib import Path
from typing import IO, Any, NoReturn

from putokaz.screening.catalogue import (
    CatalogueError,
    CatalogueRegistry,
    UnknownCatalogueError,
    default_registry,
)
from putokaz.screening.engine import UnknownFlagError, UnknownIndicatorError, screen

PROG = "putokaz screen"
EXIT_OK = 0
EXIT_CATALOGUE_INVALID = 1
EXIT_BAD_INPUT = 2
_ALLOWED_KEYS = ("catalogue", "catalogue_version", "subject", "present", "flags")
_MAX_AGE = 130


class InputError(ValueError):
    """The answers are not usable; the message names what is wrong."""


class _ArgumentError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    # argparse prints to sys.stderr and exits on its own; main() must use the streams it is
    # given and return a status, so errors are raised instead.
    def error(self, message: str) -> NoReturn:
        raise _ArgumentError(message)


def _parser() -> _Parser:
    parser = _Parser(prog=PROG, description="Score a screening and print the result as JSON.")
    parser.add_argument("--answers", required=True, help="answers JSON file, or - for stdin")
    parser.add_argument(
        "--catalogue-dir", type=Path, default=None, help="use catalogue files from this directory"
    )
    return parser


def parse_answers(data: Any) -> dict[str, Any]:
    """Check the answers object and return it normalised; raises InputError naming the field."""
    if not isinstance(data, dict):
        raise InputError("the answers must be a JSON object")
    unknown = [key for key in data if key not in _ALLOWED_KEYS]
    if unknown:
        raise InputError(
            f"unknown field {unknown[0]!r}; allowed fields: {', '.join(_ALLOWED_KEYS)}"
        )
    catalogue = data.get("catalogue")
    if not isinstance(catalogue, str) or not catalogue:
        raise InputError("'catalogue' must be a catalogue id such as 'ilo-ec-2009-adult-labour'")
    version = data.get("catalogue_version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
        raise InputError("'catalogue_version' must be a whole number")
    subject = data.get("subject", {})
    if subject is None:
        subject = {}
    if not isinstance(subject, dict):
        raise InputError("'subject' must be an object such as {\"age\": 24}")
    age = subject.get("age")
    if age is not None and (
        isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= _MAX_AGE
    ):
        raise InputError(f"'subject.age' must be a whole number of years or null, not {age!r}")
    present = data.get("present")
    if not isinstance(present, list) or not all(isinstance(item, str) for item in present):
        raise InputError("'present' must be a list of indicator ids")
    flags = data.get("flags", [])
    if flags is None:
        flags = []
    if not isinstance(flags, list) or not all(isinstance(item, str) for item in flags):
        raise InputError("'flags' must be a list of flag ids")
    return {
        "catalogue": catalogue,
        "catalogue_version": version,
        "age": age,
        "present": present,
        "flags": flags,
    }


def main(argv: list[str], stdin: IO[str], stdout: IO[str], stderr: IO[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except _ArgumentError as exc:
        stderr.write(f"{PROG}: {exc}\n")
        return EXIT_BAD_INPUT
    try:
        if args.answers == "-":
            text = stdin.read()
            source = "standard input"
        else:
            source = args.answers
            text = Path(args.answers).read_text(encoding="utf-8")
    except OSError as exc:
        stderr.write(f"{PROG}: cannot read {args.answers}: {exc.strerror or exc}\n")
        return EXIT_BAD_INPUT
    except UnicodeDecodeError:
        stderr.write(f"{PROG}: {args.answers} is not UTF-8 text\n")
        return EXIT_BAD_INPUT
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        stderr.write(
            f"{PROG}: malformed JSON in {source} at line {exc.lineno} column {exc.colno}: "
            f"{exc.msg}\n"
        )
        return EXIT_BAD_INPUT
    try:
        answers = parse_answers(data)
    except InputError as exc:
        stderr.write(f"{PROG}: {exc}\n")
        return EXIT_BAD_INPUT
    try:
        registry = (
            CatalogueRegistry.from_directory(directory=args.catalogue_dir)
            if args.catalogue_dir is not None
            else default_registry()
        )
    except CatalogueError as exc:
        stderr.write(f"{PROG}: the catalogue files are invalid:\n{exc}\n")
        return EXIT_CATALOGUE_INVALID
    try:
        result = screen(
            registry=registry,
            catalogue_id=answers["catalogue"],
            catalogue_version=answers["catalogue_version"],
            age=answers["age"],
            present=answers["present"],
            flags=answers["flags"],
        )
    except (UnknownCatalogueError, UnknownIndicatorError, UnknownFlagError) as exc:
        stderr.write(f"{PROG}: {exc}\n")
        return EXIT_BAD_INPUT
    # One write: Django's OutputWrapper appends a newline to every write it is given.
    stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK
