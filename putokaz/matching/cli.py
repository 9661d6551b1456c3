"""``putokaz link``: find registrations of the same person in CSV files.

    putokaz link --left A.csv --right B.csv --out PAIRS.csv
    putokaz link --dedupe --input A.csv --out PAIRS.csv
    ... --encoded   (secret from $PUTOKAZ_LINKAGE_SECRET or --secret-file)

Exit status: 0 on success, 2 on malformed input or usage (the message names file, row and
column), 1 on any other failure.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TextIO

from .dates import DateError, parse_date
from .encoded import EncodingConfig, encode_records, encoded_dedupe, encoded_link
from .engine import LinkageConfig, LinkageResult, dedupe, link
from .records import Record

__all__ = ["InputError", "main", "read_records"]

COLUMNS = (
    "id",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "nationality",
    "place_of_birth",
    "given_name_original",
    "family_name_original",
)
SECRET_ENV = "PUTOKAZ_LINKAGE_SECRET"


class InputError(ValueError):
    """Malformed input; the message names the file, row and column."""


class _Usage(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _Usage(message)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="putokaz link", description=__doc__.split("\n\n")[0])
    p.add_argument("--left", help="CSV of the first organisation's registrations")
    p.add_argument("--right", help="CSV of the second organisation's registrations")
    p.add_argument("--dedupe", action="store_true", help="find duplicates within --input")
    p.add_argument("--input", help="CSV to deduplicate (with --dedupe)")
    p.add_argument("--out", required=True, help="where to write left_id,right_id,score")
    p.add_argument("--encoded", action="store_true", help="compare keyed Bloom-filter encodings")
    p.add_argument(
        "--record-level",
        action="store_true",
        help="with --encoded: one Bloom filter per record, no per-field tokens (the stronger "
        "guard against frequency attacks, lower recall; see docs/matching.md)",
    )
    p.add_argument("--secret-file", help="file holding the shared linkage secret")
    p.add_argument("--threshold", type=float, default=0.5, help="match probability (0..1)")
    p.add_argument(
        "--extra-field",
        action="append",
        default=[],
        metavar="COLUMN",
        help="also compare this column as a plain string (repeatable)",
    )
    return p


@dataclass(frozen=True, slots=True)
class _Source:
    label: str
    text: str


def _read_text(path: str) -> _Source:
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # Count lines up to the bad byte so the message can name the row.
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{path}: row {line - 1 if line > 1 else 1}: not valid UTF-8 (byte {exc.start})"
        ) from exc
    return _Source(path, text)


def read_records(
    *, text: str, label: str = "<input>", extra_fields: Sequence[str] = ()
) -> list[Record]:
    """Parse a CSV of registrations.  Row numbers count data rows from 1 (header excluded)."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    if "id" not in header:
        raise InputError(f"{label}: row 0 (header): column 'id' is missing")
    missing_extra = [f for f in extra_fields if f not in header]
    if missing_extra:
        raise InputError(f"{label}: row 0 (header): column {missing_extra[0]!r} is missing")
    seen: dict[str, int] = {}
    records: list[Record] = []
    for row_no, row in enumerate(reader, start=1):
        if None in row:
            raise InputError(f"{label}: row {row_no}: more values than columns")
        values: Mapping[str, str] = {k: (v or "").strip() for k, v in row.items()}
        rid = values.get("id", "")
        if not rid:
            raise InputError(f"{label}: row {row_no}, column 'id': empty id")
        if rid in seen:
            raise InputError(
                f"{label}: row {row_no}, column 'id': duplicate id {rid!r} (first in row "
                f"{seen[rid]})"
            )
        seen[rid] = row_no
        dob = values.get("date_of_birth", "")
        if dob:
            try:
                parse_date(dob)
            except DateError as exc:
                raise InputError(f"{label}: row {row_no}, column 'date_of_birth': {exc}") from exc
        records.append(
            Record(
                id=rid,
                **{c: values.get(c, "") for c in COLUMNS[1:]},
                extra=tuple((f, values.get(f, "")) for f in extra_fields),
            )
        )
    return records


def _secret(args: argparse.Namespace, env: Mapping[str, str]) -> bytes:
    if args.secret_file:
        try:
            with open(args.secret_file, "rb") as fh:
                secret = fh.read().strip()
        except OSError as exc:
            raise _Usage(f"cannot read --secret-file: {exc.strerror}") from exc
    else:
        secret = env.get(SECRET_ENV, "").encode()
    if len(secret) < 16:
        raise _Usage(
            f"--encoded needs a shared secret of at least 16 bytes in ${SECRET_ENV} or "
            "--secret-file"
        )
    return secret


def _write(result: LinkageResult, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["left_id", "right_id", "score"])
    for p in result.pairs:
        writer.writerow([p.left_id, p.right_id, f"{p.score:.4f}"])


def main(
    argv: Sequence[str],
    stdin: TextIO,
    stdout: TextIO,
    stderr: TextIO,
    *,
    env: Mapping[str, str] | None = None,
) -> int:
    """Run ``putokaz link``; ``argv`` excludes the program and sub-command names."""
    del stdin  # files are named explicitly; reading people's data from a pipe is not offered
    env = os.environ if env is None else env
    try:
        args = _parser().parse_args(list(argv))
        if args.dedupe:
            if not args.input or args.left or args.right:
                raise _Usage("--dedupe takes --input (and not --left/--right)")
        elif not (args.left and args.right) or args.input:
            raise _Usage("give --left and --right, or --dedupe --input")
        if not 0.0 < args.threshold < 1.0:
            raise _Usage("--threshold must be between 0 and 1")
        if args.record_level and not args.encoded:
            raise _Usage("--record-level needs --encoded")
        secret = _secret(args, env) if args.encoded else b""
        bits = {"field_filter_bits": 0} if args.record_level else {}
        extra = tuple(args.extra_field)
        config = LinkageConfig(threshold=args.threshold, extra_fields=extra)
        if args.dedupe:
            src = _read_text(args.input)
            records = read_records(text=src.text, label=src.label, extra_fields=extra)
            if args.encoded:
                ecfg = EncodingConfig(extra_fields=extra, **bits)
                enc = encode_records(records=records, secret=secret, config=ecfg)
                result = encoded_dedupe(encodings=enc, threshold=args.threshold)
            else:
                result = dedupe(records=records, config=config)
        else:
            ls, rs = _read_text(args.left), _read_text(args.right)
            left = read_records(text=ls.text, label=ls.label, extra_fields=extra)
            right = read_records(text=rs.text, label=rs.label, extra_fields=extra)
            if args.encoded:
                cfg = EncodingConfig(extra_fields=extra, **bits)
                result = encoded_link(
                    left=encode_records(records=left, secret=secret, config=cfg),
                    right=encode_records(records=right, secret=secret, config=cfg),
                    threshold=args.threshold,
                )
            else:
                result = link(left=left, right=right, config=config)
    except _Usage as exc:
        stderr.write(f"putokaz link: {exc}\n")
        return 2
    except InputError as exc:
        stderr.write(f"putokaz link: {exc}\n")
        return 2
    try:
        with open(args.out, "w", encoding="utf-8", newline="") as out:
            _write(result, out)
    except OSError as exc:
        stderr.write(f"putokaz link: cannot write {args.out}: {exc.strerror}\n")
        return 1
    stdout.write(
        f"{len(result.pairs)} matching pairs from {result.candidates} candidates -> {args.out}\n"
    )
    return 0
