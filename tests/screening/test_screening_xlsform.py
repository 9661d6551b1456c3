import io
import re

import pytest
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from putokaz.screening.catalogue import default_registry
from putokaz.screening.languages import LANGUAGES
from putokaz.screening.xlsform import catalogue_to_xlsform, form_fields, form_id, xlsform_sheets

REGISTRY = default_registry()


def _export(catalogue_id):
    catalogue = REGISTRY.catalogue(catalogue_id)
    return catalogue, catalogue_to_xlsform(
        catalogue=catalogue, flag_sets=REGISTRY.flag_sets_for(catalogue)
    )


@pytest.mark.parametrize("catalogue_id", REGISTRY.catalogue_ids())
def test_pyxform_converts_the_export_without_errors_or_warnings(catalogue_id, tmp_path):
    catalogue, data = _export(catalogue_id)
    path = tmp_path / f"{catalogue_id}.xlsx"
    path.write_bytes(data)
    warnings: list[str] = []
    result = convert(xlsform=str(path), warnings=warnings)
    assert warnings == []
    xform = result.xform
    assert f'id="{form_id(catalogue)}"' in xform
    for language in LANGUAGES:
        assert f'<translation lang="{language.xlsform_label}"' in xform
    for field in form_fields(catalogue=catalogue, flag_sets=REGISTRY.flag_sets_for(catalogue)):
        assert re.search(f'nodeset="/[A-Za-z0-9_]+/{field.path}"', xform), field.path


def test_the_workbook_has_survey_choices_and_settings():
    _, data = _export("ilo-ec-2009-adult-labour")
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["survey", "choices", "settings"]
    header = [c.value for c in workbook["survey"][1]]
    assert header[:3] == ["type", "name", "label::English (en)"]
    assert "label::Arabic (ar)" in header and "label::Serbian Cyrillic (sr)" in header
    settings = [[c.value for c in row] for row in workbook["settings"].iter_rows()]
    assert settings[1][1] == "putokaz_ilo_ec_2009_adult_labour_v1"
    assert settings[1][2] == "1"


def test_questions_are_grouped_by_dimension_with_yes_no_unsure():
    catalogue = REGISTRY.catalogue("ilo-ec-2009-adult-labour")
    sheets = xlsform_sheets(catalogue=catalogue, flag_sets=REGISTRY.flag_sets_for(catalogue))
    survey = sheets["survey"]
    rows = [(r[0], r[1]) for r in survey[1:]]
    start = rows.index(("begin_group", "D5"))
    end = rows.index(("end_group", "D5"))
    inside = rows[start + 1 : end]
    assert inside[0] == ("select_one answer", "ILO_D5_01")
    assert len(inside) == 15
    assert all(kind == "select_one answer" for kind, _ in inside)
    choices = [(r[0], r[1]) for r in sheets["choices"][1:] if r[0] == "answer"]
    assert choices == [("answer", "yes"), ("answer", "no"), ("answer", "unsure")]


def test_metadata_fields_and_the_catalogue_version_are_in_the_form():
    catalogue = REGISTRY.catalogue("ilo-ec-2009-child-sexual")
    survey = xlsform_sheets(catalogue=catalogue, flag_sets=REGISTRY.flag_sets_for(catalogue))[
        "survey"
    ]
    by_name = {r[1]: r for r in survey[1:]}
    for name in ("entry_point", "interpreter_used", "age", "sex", "nationality"):
        assert name in by_name
    assert by_name["catalogue_id"][-1] == "'ilo-ec-2009-child-sexual'"
    assert by_name["catalogue_version"][-1] == "'1'"
    assert by_name["age"][0] == "integer"


def test_arabic_labels_come_from_the_catalogue():
    catalogue = REGISTRY.catalogue("ilo-ec-2009-adult-labour")
    survey = xlsform_sheets(catalogue=catalogue, flag_sets=REGISTRY.flag_sets_for(catalogue))[
        "survey"
    ]
    header = survey[0]
    arabic = header.index("label::Arabic (ar)")
    row = next(r for r in survey if r[1] == "ILO_D1_01")
    assert row[arabic] == catalogue.indicator_by_id["ILO-D1-01"].question["ar"]


def test_only_flags_that_apply_to_the_list_are_asked():
    adult = REGISTRY.catalogue("ilo-ec-2009-adult-labour")
    child = REGISTRY.catalogue("ilo-ec-2009-child-labour")
    adult_ids = {
        f.item_id for f in form_fields(catalogue=adult, flag_sets=REGISTRY.flag_sets_for(adult))
    }
    child_ids = {
        f.item_id for f in form_fields(catalogue=child, flag_sets=REGISTRY.flag_sets_for(child))
    }
    assert "MM-07" not in adult_ids and "MM-07" in child_ids
    assert "SN-WR" in adult_ids and "SN-WR" not in child_ids
    assert "DIG-05" not in adult_ids  # sexual exploitation only


def test_the_file_is_written_when_a_path_is_given(tmp_path):
    catalogue = REGISTRY.catalogue("ilo-ec-2009-adult-labour")
    path = tmp_path / "form.xlsx"
    data = catalogue_to_xlsform(catalogue=catalogue, flag_sets=(), path=path)
    assert path.read_bytes() == data
