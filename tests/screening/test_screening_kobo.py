import json

from putokaz.screening.catalogue import default_registry
from putokaz.screening.engine import screen
from putokaz.screening.kobo import read_kobo_csv, read_kobo_json
from putokaz.screening.xlsform import form_fields

REGISTRY = default_registry()
CATALOGUE = REGISTRY.catalogue("ilo-ec-2009-adult-labour")
FIELDS = form_fields(catalogue=CATALOGUE, flag_sets=REGISTRY.flag_sets_for(CATALOGUE))
META = [
    "start",
    "end",
    "catalogue_id",
    "catalogue_version",
    "entry_point",
    "interpreter_used",
    "age",
    "sex",
    "nationality",
]
KOBO = ["_id", "_uuid", "_submission_time"]


def submission(answers=None, **meta):
    row = {
        "start": "2026-11-30T10:00:00",
        "end": "2026-11-30T10:20:00",
        "catalogue_id": "ilo-ec-2009-adult-labour",
        "catalogue_version": "1",
        "entry_point": "Preševo",
        "interpreter_used": "yes",
        "age": "24",
        "sex": "male",
        "nationality": "af",
        "_id": "1",
        "_uuid": "uuid-1",
        "_submission_time": "2026-11-30T11:00:00",
    }
    row.update({field.path: "no" for field in FIELDS})
    row.update(answers or {})
    row.update(meta)
    return row


def to_csv(rows, delimiter=";", header=None):
    header = header or [*META, *(field.path for field in FIELDS), *KOBO]
    lines = [delimiter.join(header)]
    for row in rows:
        lines.append(delimiter.join(str(row.get(column, "")) for column in header))
    return "\n".join(lines) + "\n"


def test_a_csv_row_becomes_a_screening_input():
    row = submission(
        {
            "D1/ILO_D1_01": "yes",
            "D5/ILO_D5_02": "yes",
            "D4/ILO_D4_01": "unsure",
            "D6/ILO_D6_01": "",
            "mm_smuggling_to_trafficking/MM_01": "yes",
        }
    )
    result = read_kobo_csv(registry=REGISTRY, text=to_csv([row]))
    assert result.rejected == ()
    [accepted] = result.accepted
    assert accepted.row_number == 2
    assert accepted.present == ("ILO-D1-01", "ILO-D5-02")
    assert accepted.flags == ("MM-01",)
    assert accepted.unsure == ("ILO-D4-01",)
    assert (accepted.age, accepted.sex, accepted.nationality) == (24, "male", "AF")
    assert accepted.interpreter_used is True
    assert accepted.entry_point == "Preševo"
    assert accepted.submission_id == "uuid-1"
    assert accepted.catalogue_version == 1
    scored = screen(registry=REGISTRY, **_screen_args(accepted.answers()))
    assert scored.dimensions["D5"].strong == ("ILO-D5-02",)


def _screen_args(answers):
    return {
        "catalogue_id": answers["catalogue"],
        "catalogue_version": answers["catalogue_version"],
        "age": answers["subject"]["age"],
        "present": answers["present"],
        "flags": answers["flags"],
    }


def test_comma_separated_files_and_bare_column_names_are_read():
    row = submission({"D1/ILO_D1_01": "Yes"})
    bare = {key.split("/")[-1]: value for key, value in row.items()}
    header = [*META, *(field.name for field in FIELDS), *KOBO]
    result = read_kobo_csv(registry=REGISTRY, text="\ufeff" + to_csv([bare], ",", header))
    assert result.rejected == ()
    assert result.accepted[0].present == ("ILO-D1-01",)


def test_rejected_rows_name_the_row_and_the_column():
    rows = [
        submission({"D1/ILO_D1_01": "maybe"}, _uuid="u1"),
        submission(_uuid="u2", catalogue_id=""),
        submission(_uuid="u3", catalogue_id="ilo-ec-2009-adult-fishing"),
        submission(_uuid="u4", catalogue_version="7"),
        submission(_uuid="u5", age="twenty"),
        submission(_uuid="u6", sex="m"),
        submission(_uuid="u7", interpreter_used="perhaps"),
        submission(_uuid="u8"),
        submission(_uuid="u8"),
        submission(_uuid="u10", catalogue_version="v1"),
    ]
    result = read_kobo_csv(registry=REGISTRY, text=to_csv(rows))
    assert [a.row_number for a in result.accepted] == [9]
    reasons = {r.row_number: (r.column, r.reason) for r in result.rejected}
    assert reasons[2] == ("D1/ILO_D1_01", "'maybe' is not one of yes, no, unsure")
    assert reasons[3] == ("catalogue_id", "missing: the row does not say which catalogue it used")
    assert reasons[4] == ("catalogue_id", "unknown catalogue 'ilo-ec-2009-adult-fishing'")
    assert reasons[5] == (
        "catalogue_version",
        "unknown catalogue 'ilo-ec-2009-adult-labour' version 7",
    )
    assert reasons[6] == ("age", "'twenty' is not an age in whole years")
    assert reasons[7][0] == "sex"
    assert reasons[8][0] == "interpreter_used"
    assert reasons[10] == ("_uuid", "duplicate of the submission in row 9")
    assert reasons[11] == ("catalogue_version", "'v1' is not a version number")
    assert str(result.rejected[0]) == (
        "row 2, column D1/ILO_D1_01: 'maybe' is not one of yes, no, unsure"
    )


def test_a_missing_question_column_rejects_the_row():
    header = [*META, *(field.path for field in FIELDS if field.item_id != "ILO-D4-03"), *KOBO]
    result = read_kobo_csv(registry=REGISTRY, text=to_csv([submission()], header=header))
    [rejected] = result.rejected
    assert (rejected.column, rejected.reason) == ("D4/ILO_D4_03", "missing column")


def test_a_question_from_another_version_rejects_the_row():
    row = submission({"D1/ILO_D1_99": "yes"})
    header = [*META, *(field.path for field in FIELDS), "D1/ILO_D1_99", *KOBO]
    [rejected] = read_kobo_csv(registry=REGISTRY, text=to_csv([row], header=header)).rejected
    assert rejected.column == "D1/ILO_D1_99"
    assert "not a question of ilo-ec-2009-adult-labour version 1" in rejected.reason


def test_a_row_with_too_many_cells_is_rejected():
    text = to_csv([submission()])
    lines = text.splitlines()
    lines[1] += ";extra"
    [rejected] = read_kobo_csv(registry=REGISTRY, text="\n".join(lines)).rejected
    assert rejected.row_number == 2
    assert "as many cells as the header" in rejected.reason


def test_json_exports_as_a_list_or_api_results():
    rows = [submission({"D2/ILO_D2_01": "yes"}), submission(_uuid="u2", age=17)]
    rows[1]["age"] = 17  # JSON carries numbers as numbers
    for text in (json.dumps(rows), json.dumps({"count": 2, "results": rows})):
        result = read_kobo_json(registry=REGISTRY, text=text)
        assert result.rejected == ()
        assert [a.row_number for a in result.accepted] == [1, 2]
        assert result.accepted[0].present == ("ILO-D2-01",)
        assert result.accepted[1].age == 17


def test_json_rejections():
    result = read_kobo_json(
        registry=REGISTRY,
        text=json.dumps([submission(), "not an object", submission(_uuid="x", sex="?")]),
    )
    assert [(r.row_number, r.column) for r in result.rejected] == [(2, None), (3, "sex")]
    [bad] = read_kobo_json(registry=REGISTRY, text="{oops").rejected
    assert "malformed JSON" in bad.reason
    [bad] = read_kobo_json(registry=REGISTRY, text='{"results": 3}').rejected
    assert bad.reason == "expected a list of submissions"


def test_the_child_form_imports_child_only_flags():
    child = REGISTRY.catalogue("ilo-ec-2009-child-labour")
    fields = form_fields(catalogue=child, flag_sets=REGISTRY.flag_sets_for(child))
    row = {"catalogue_id": child.id, "catalogue_version": "1", "age": "15"}
    row.update({f.path: "no" for f in fields})
    row["mm_smuggling_to_trafficking/MM_07"] = "yes"
    [accepted] = read_kobo_json(registry=REGISTRY, text=json.dumps([row])).accepted
    assert accepted.flags == ("MM-07",)
    assert accepted.submission_id is None
