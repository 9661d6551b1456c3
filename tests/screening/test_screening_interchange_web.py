"""XLSForm download of a stored version and the KoboToolbox import page."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pyxform.xls2xform import convert

from putokaz.core.models import AuditEvent
from putokaz.screening.models import Screening
from putokaz.screening.store import db_registry
from putokaz.screening.xlsform import form_fields
from tests.conftest import login

pytestmark = pytest.mark.django_db

ADULT_LABOUR = "ilo-ec-2009-adult-labour"


def _fields():
    registry = db_registry()
    catalogue = registry.catalogue(ADULT_LABOUR)
    return form_fields(catalogue=catalogue, flag_sets=registry.flag_sets_for(catalogue))


def _row(submission_id: str, **answers: str) -> dict[str, str]:
    row = {
        "start": "2026-11-30T10:00:00",
        "end": "2026-11-30T10:20:00",
        "catalogue_id": ADULT_LABOUR,
        "catalogue_version": "1",
        "entry_point": "preševo",
        "interpreter_used": "yes",
        "age": "24",
        "sex": "male",
        "nationality": "af",
        "_id": submission_id,
        "_uuid": f"uuid-{submission_id}",
        "_submission_time": "2026-11-30T11:00:00",
    }
    row.update({field.path: "no" for field in _fields()})
    row.update(answers)
    return row


def _csv(rows: list[dict[str, str]]) -> str:
    header = list(rows[0])
    lines = [";".join(header)] + [";".join(r.get(c, "") for c in header) for r in rows]
    return "\n".join(lines) + "\n"


def test_the_xlsform_download_converts_with_pyxform(snet, tmp_path) -> None:
    response = login(Client(), snet.outreach).get(
        reverse("screening:catalogue_xlsform", kwargs={"catalogue_id": ADULT_LABOUR, "version": 1})
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'{ADULT_LABOUR}.v1.xlsx"')
    path = tmp_path / "form.xlsx"
    path.write_bytes(response.content)
    warnings: list[str] = []
    xform = convert(xlsform=str(path), warnings=warnings).xform
    assert warnings == []
    assert "D1/ILO_D1_01" in xform.replace("/data/", "") or "ILO_D1_01" in xform


def test_a_kobo_csv_import_stores_the_good_rows_and_reports_the_rest(snet) -> None:
    rows = [
        _row("101", **{"D1/ILO_D1_01": "yes", "D5/ILO_D5_02": "yes"}),
        _row("102", **{"D1/ILO_D1_01": "maybe"}),
        _row("103", catalogue_version="7"),
        _row("104", age="two hundred"),
    ]
    upload = SimpleUploadedFile("export.csv", _csv(rows).encode("utf-8"), "text/csv")
    client = login(Client(), snet.outreach)
    response = client.post(reverse("screening:kobo_import"), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    report = html.split('id="import-report"')[1]
    assert "1 screening stored." in report and "3 rows rejected." in report
    assert report.count('class="rejected"') == 3
    assert "D1/ILO_D1_01" in report  # the rejected answer's column is named
    screening = Screening.objects.get()
    assert screening.source == "kobo" and screening.kobo_submission_id == "uuid-101"
    assert screening.person is None and screening.entry_point == snet.entry_point
    assert screening.answers["present"] == ["ILO-D1-01", "ILO-D5-02"]
    assert screening.nationality == "AF" and screening.age_band == "18-24"
    assert screening.screened_at.year == 2026
    assert AuditEvent.objects.filter(action="screening.kobo_import").count() == 1

    # The same export again stores nothing twice.
    upload = SimpleUploadedFile("export.csv", _csv(rows[:1]).encode("utf-8"), "text/csv")
    again = client.post(reverse("screening:kobo_import"), {"file": upload}).content.decode()
    assert "already imported" in again and Screening.objects.count() == 1


def test_a_kobo_json_import(snet) -> None:
    text = json.dumps({"results": [_row("201", **{"D4/ILO_D4_01": "yes"}), "not an object"]})
    upload = SimpleUploadedFile("export.json", text.encode("utf-8"), "application/json")
    html = (
        login(Client(), snet.case_manager)
        .post(reverse("screening:kobo_import"), {"file": upload})
        .content.decode()
    )
    assert "1 screening stored." in html and "1 row rejected." in html
    assert Screening.objects.get().kobo_submission_id == "uuid-201"


def test_an_unreadable_file_stores_nothing(snet) -> None:
    upload = SimpleUploadedFile("export.csv", b"\xff\xfe\x00garbage", "text/csv")
    html = (
        login(Client(), snet.outreach)
        .post(reverse("screening:kobo_import"), {"file": upload})
        .content.decode()
    )
    assert "not UTF-8" in html and Screening.objects.count() == 0
