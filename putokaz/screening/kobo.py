"""Read screenings submitted through an exported XLSForm (KoboToolbox CSV or JSON exports).

Each row must name the catalogue and version it was made with (the form's calculated fields
`catalogue_id` and `catalogue_version`), so an import never guesses which weights apply. Rows
that cannot be read are returned with their row number and a reason that names the column,
instead of being dropped. Nothing here touches a database: the Django layer stores the
accepted rows and shows the rejected ones.

Kobo names columns by group path (`D1/ILO_D1_01`); exports made with "include groups in
headers" switched off use the bare name (`ILO_D1_01`), and both are accepted. Kobo's own
columns (`_id`, `_uuid`, `_submission_time`, `meta/instanceID`, …) are read where useful and
otherwise ignored. Row numbers count the CSV header as row 1, as a spreadsheet shows them; in
JSON they are positions in the list, from 1.
"""

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from putokaz.screening.catalogue import CatalogueRegistry, UnknownCatalogueError
from putokaz.screening.xlsform import ANSWERS, SEX_CHOICES, FormField, form_fields

_MAX_AGE = 130
# A column shaped like one of our question fields (optionally with a group path). Such a column
# that the form does not contain means the file was made with another catalogue version.
_QUESTION_COLUMN = re.compile(r"(?:[A-Za-z0-9_]+/)*[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\Z")
_ANSWER_LABELS = {"yes": "yes", "no": "no", "not sure": "unsure", "unsure": "unsure"}


@dataclass(frozen=True)
class AcceptedSubmission:
    row_number: int
    submission_id: str | None
    catalogue_id: str
    catalogue_version: int
    present: tuple[str, ...]
    flags: tuple[str, ...]
    unsure: tuple[str, ...]
    age: int | None
    sex: str | None
    nationality: str | None
    entry_point: str | None
    interpreter_used: bool | None
    started_at: str | None
    ended_at: str | None
    submitted_at: str | None

    def answers(self) -> dict[str, Any]:
        """The same shape as `putokaz screen --answers` takes."""
        return {
            "catalogue": self.catalogue_id,
            "catalogue_version": self.catalogue_version,
            "subject": {"age": self.age},
            "present": list(self.present),
            "flags": list(self.flags),
        }


@dataclass(frozen=True)
class RejectedRow:
    row_number: int
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row_number}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class ImportResult:
    accepted: tuple[AcceptedSubmission, ...]
    rejected: tuple[RejectedRow, ...]


class _Reject(Exception):
    def __init__(self, column: str | None, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


def _clean(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).strip()


def _lookup(row: Mapping[str, Any], field: FormField) -> tuple[str, Any] | None:
    if field.path in row:
        return field.path, row[field.path]
    if field.name in row:
        return field.name, row[field.name]
    return None


def _answer(column: str, raw: Any) -> str | None:
    value = _clean(raw)
    if not value:
        return None
    if value in ANSWERS:
        return value
    # Exports made with "labels" instead of "XML values" carry the English label.
    label = _ANSWER_LABELS.get(value.lower())
    if label is not None:
        return label
    raise _Reject(column, f"{value!r} is not one of {', '.join(ANSWERS)}")


def _parse_row(
    registry: CatalogueRegistry,
    row_number: int,
    row: Mapping[str, Any],
    forms: dict[tuple[str, int], tuple[FormField, ...]],
) -> AcceptedSubmission:
    catalogue_id = _clean(row.get("catalogue_id"))
    if not catalogue_id:
        raise _Reject("catalogue_id", "missing: the row does not say which catalogue it used")
    version_text = _clean(row.get("catalogue_version"))
    if not version_text:
        raise _Reject("catalogue_version", "missing: the row does not say which version it used")
    if not version_text.isdigit():
        raise _Reject("catalogue_version", f"{version_text!r} is not a version number")
    version = int(version_text)
    key = (catalogue_id, version)
    if key not in forms:
        try:
            catalogue = registry.catalogue(catalogue_id, version=version)
        except UnknownCatalogueError as exc:
            column = "catalogue_version" if exc.version is not None else "catalogue_id"
            raise _Reject(column, str(exc)) from None
        forms[key] = form_fields(catalogue=catalogue, flag_sets=registry.flag_sets_for(catalogue))
    fields = forms[key]

    known_columns = {field.path for field in fields} | {field.name for field in fields}
    for column in row:
        if column not in known_columns and _QUESTION_COLUMN.match(column):
            raise _Reject(
                column,
                f"not a question of {catalogue_id} version {version}; "
                "was the form exported from another version?",
            )

    present: list[str] = []
    flags: list[str] = []
    unsure: list[str] = []
    for field in fields:
        found = _lookup(row, field)
        if found is None:
            raise _Reject(field.path, "missing column")
        column, raw = found
        answer = _answer(column, raw)
        if answer == "yes":
            (present if field.kind == "indicator" else flags).append(field.item_id)
        elif answer == "unsure":
            unsure.append(field.item_id)

    age_text = _clean(row.get("age"))
    age: int | None = None
    if age_text:
        if not age_text.isdigit() or int(age_text) > _MAX_AGE:
            raise _Reject("age", f"{age_text!r} is not an age in whole years")
        age = int(age_text)
    sex = _clean(row.get("sex")) or None
    if sex is not None and sex not in SEX_CHOICES:
        raise _Reject("sex", f"{sex!r} is not one of {', '.join(SEX_CHOICES)}")
    interpreter_text = _clean(row.get("interpreter_used"))
    interpreter: bool | None = None
    if interpreter_text:
        if interpreter_text.lower() not in ("yes", "no"):
            raise _Reject("interpreter_used", f"{interpreter_text!r} is not one of yes, no")
        interpreter = interpreter_text.lower() == "yes"

    return AcceptedSubmission(
        row_number=row_number,
        submission_id=(
            _clean(row.get("_uuid")) or _clean(row.get("meta/instanceID")) or _clean(row.get("_id"))
        )
        or None,
        catalogue_id=catalogue_id,
        catalogue_version=version,
        present=tuple(present),
        flags=tuple(flags),
        unsure=tuple(unsure),
        age=age,
        sex=sex,
        nationality=_clean(row.get("nationality")).upper() or None,
        entry_point=_clean(row.get("entry_point")) or None,
        interpreter_used=interpreter,
        started_at=_clean(row.get("start")) or None,
        ended_at=_clean(row.get("end")) or None,
        submitted_at=_clean(row.get("_submission_time")) or None,
    )


def parse_submissions(
    *, registry: CatalogueRegistry, rows: Iterable[tuple[int, Mapping[str, Any]]]
) -> ImportResult:
    """Read (row number, row) pairs into screening inputs, rejecting what cannot be read."""
    accepted: list[AcceptedSubmission] = []
    rejected: list[RejectedRow] = []
    forms: dict[tuple[str, int], tuple[FormField, ...]] = {}
    seen_ids: dict[str, int] = {}
    for row_number, row in rows:
        try:
            submission = _parse_row(registry, row_number, row, forms)
        except _Reject as exc:
            rejected.append(RejectedRow(row_number, exc.column, exc.reason))
            continue
        # Kobo exports overlap when run again; a repeated submission must not count twice.
        if submission.submission_id is not None:
            if submission.submission_id in seen_ids:
                rejected.append(
                    RejectedRow(
                        row_number,
                        "_uuid",
                        f"duplicate of the submission in row {seen_ids[submission.submission_id]}",
                    )
                )
                continue
            seen_ids[submission.submission_id] = row_number
        accepted.append(submission)
    return ImportResult(tuple(accepted), tuple(rejected))


def read_kobo_csv(*, registry: CatalogueRegistry, text: str) -> ImportResult:
    """A KoboToolbox CSV export; Kobo's default separator is ';', ',' works as well."""
    text = text.removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, Mapping[str, Any]]] = []
    rejected: list[RejectedRow] = []
    try:
        for i, row in enumerate(reader, start=2):
            # A row with more or fewer cells than the header cannot be read column by column.
            if None in row or None in row.values():
                rejected.append(
                    RejectedRow(i, None, "the row does not have as many cells as the header")
                )
                continue
            rows.append((i, row))
    except csv.Error as exc:
        rejected.append(RejectedRow(reader.line_num, None, f"not readable as CSV: {exc}"))
    result = parse_submissions(registry=registry, rows=rows)
    merged = sorted((*result.rejected, *rejected), key=lambda r: r.row_number)
    return ImportResult(result.accepted, tuple(merged))


def read_kobo_json(*, registry: CatalogueRegistry, text: str) -> ImportResult:
    """A KoboToolbox JSON export: a list of submissions, or the API's {"results": [...]}."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return ImportResult(
            (), (RejectedRow(0, None, f"malformed JSON at line {exc.lineno}: {exc.msg}"),)
        )
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        data = data["results"]
    if not isinstance(data, list):
        return ImportResult((), (RejectedRow(0, None, "expected a list of submissions"),))
    rows: list[tuple[int, Mapping[str, Any]]] = []
    rejected: list[RejectedRow] = []
    for i, item in enumerate(data, start=1):
        if isinstance(item, dict):
            rows.append((i, item))
        else:
            rejected.append(RejectedRow(i, None, "a submission must be a JSON object"))
    result = parse_submissions(registry=registry, rows=rows)
    merged = sorted((*result.rejected, *rejected), key=lambda r: r.row_number)
    return ImportResult(result.accepted, tuple(merged))
