import io
import json

import pytest

from putokaz.screening.cli import main

from .helpers import MINIMAL


def run(argv, stdin_text=""):
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(argv, io.StringIO(stdin_text), stdout, stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def run_answers(answers):
    return run(["--answers", "-"], json.dumps(answers))


ISSUE_EXAMPLE = {
    "catalogue": "ilo-ec-2009-adult-labour",
    "subject": {"age": 24},
    "present": ["ILO-D1-01", "ILO-D5-02"],
}


def test_it_scores_the_issue_example_from_stdin():
    code, out, err = run_answers(ISSUE_EXAMPLE)
    assert code == 0, err
    data = json.loads(out)
    for key in (
        "catalogue",
        "version",
        "outcome",
        "dimensions",
        "explanation",
        "recommended_referrals",
        "flags",
        "warnings",
        "provisional",
    ):
        assert key in data
    assert data["catalogue"] == "ilo-ec-2009-adult-labour"
    assert data["version"] == 1
    assert data["outcome"] == "insufficient_indicators"
    assert list(data["dimensions"]) == ["D1", "D2", "D3", "D4", "D5", "D6"]
    for dim in data["dimensions"].values():
        assert set(dim) >= {"positive", "strong", "medium", "weak"}
    assert data["dimensions"]["D5"] == {
        "name": "D5 coercion at destination",
        "positive": False,
        "strong": ["ILO-D5-02"],
        "medium": [],
        "weak": [],
        "derived_from_flags": {},
        "missing": "needs one more indicator of any strength",
    }
    assert all(isinstance(sentence, str) for sentence in data["explanation"])
    assert err == ""


def test_it_reads_an_answers_file_with_flags_and_version(tmp_path):
    path = tmp_path / "answers.json"
    answers = {
        **ISSUE_EXAMPLE,
        "present": ["ILO-D1-01", "ILO-D1-02", "ILO-D4-01", "ILO-D4-02", "ILO-D5-01"],
        "flags": ["MM-02"],
        "catalogue_version": 1,
    }
    path.write_text(json.dumps(answers), encoding="utf-8")
    code, out, _ = run(["--answers", str(path)])
    assert code == 0
    data = json.loads(out)
    assert data["outcome"] == "possible_trafficking"
    assert data["flags"][0]["id"] == "MM-02"
    assert data["dimensions"]["D5"]["derived_from_flags"] == {"ILO-D5-08": "MM-02"}
    assert data["provisional"]["rule"] is True
    assert "formal-identification" in data["recommended_referrals"]


def test_output_is_utf8_json_not_escaped(tmp_path):
    code, out, _ = run_answers({**ISSUE_EXAMPLE, "flags": ["GBV-01"]})
    assert code == 0
    assert "\\u" not in out


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (
            {**ISSUE_EXAMPLE, "catalogue": "ilo-ec-2009-adult-fishing"},
            "unknown catalogue 'ilo-ec-2009-adult-fishing'",
        ),
        (
            {**ISSUE_EXAMPLE, "catalogue_version": 9},
            "unknown catalogue 'ilo-ec-2009-adult-labour' version 9",
        ),
        ({**ISSUE_EXAMPLE, "present": ["ILO-D1-01", "ILO-D1-99"]}, "unknown indicator 'ILO-D1-99'"),
        ({**ISSUE_EXAMPLE, "flags": ["DIG-99"]}, "unknown flag 'DIG-99'"),
        ({**ISSUE_EXAMPLE, "presnt": []}, "unknown field 'presnt'"),
        ({"catalogue": "ilo-ec-2009-adult-labour"}, "'present' must be a list of indicator ids"),
        ({**ISSUE_EXAMPLE, "present": "ILO-D1-01"}, "'present' must be a list"),
        ({**ISSUE_EXAMPLE, "subject": {"age": "24"}}, "'subject.age' must be a whole number"),
        ({**ISSUE_EXAMPLE, "subject": {"age": -1}}, "'subject.age' must be a whole number"),
        ({**ISSUE_EXAMPLE, "subject": {"age": True}}, "'subject.age' must be a whole number"),
        ({**ISSUE_EXAMPLE, "subject": []}, "'subject' must be an object"),
        ({**ISSUE_EXAMPLE, "catalogue": 3}, "'catalogue' must be a catalogue id"),
        ({**ISSUE_EXAMPLE, "catalogue_version": "1"}, "'catalogue_version' must be a whole number"),
        ({**ISSUE_EXAMPLE, "flags": "MM-01"}, "'flags' must be a list of flag ids"),
        (["ILO-D1-01"], "the answers must be a JSON object"),
    ],
)
def test_bad_input_exits_2_and_names_the_problem(answers, message):
    code, out, err = run_answers(answers)
    assert code == 2
    assert out == ""
    assert message in err
    assert err.startswith("putokaz screen: ")


def test_malformed_json_exits_2_with_the_position():
    code, out, err = run(
        ["--answers", "-"], '{"catalogue": "ilo-ec-2009-adult-labour",\n "present": [}'
    )
    assert code == 2
    assert "malformed JSON in standard input at line 2" in err
    assert out == ""


def test_a_missing_file_exits_2(tmp_path):
    code, _, err = run(["--answers", str(tmp_path / "nope.json")])
    assert code == 2
    assert "cannot read" in err and "nope.json" in err


def test_missing_answers_option_exits_2():
    code, _, err = run([])
    assert code == 2
    assert "--answers" in err


def test_invalid_catalogue_files_exit_1(tmp_path):
    (tmp_path / "test-adult-labour.yaml").write_text(
        MINIMAL.replace("strength: strong", "strength: strongg"), encoding="utf-8"
    )
    code, _, err = run(
        ["--answers", "-", "--catalogue-dir", str(tmp_path)], json.dumps(ISSUE_EXAMPLE)
    )
    assert code == 1
    assert "test-adult-labour.yaml line" in err and "'strongg'" in err


def test_a_catalogue_directory_can_be_chosen(tmp_path):
    (tmp_path / "test-adult-labour.yaml").write_text(MINIMAL, encoding="utf-8")
    answers = {"catalogue": "test-adult-labour", "subject": {"age": 30}, "present": ["T-D1-01"]}
    code, out, err = run(["--answers", "-", "--catalogue-dir", str(tmp_path)], json.dumps(answers))
    assert code == 0, err
    data = json.loads(out)
    assert list(data["dimensions"]) == ["D1", "D4"]
    assert data["rule"] == {"expression": "D1 and D4", "met": False}


def test_a_child_is_scored_with_the_child_list():
    code, out, _ = run_answers(
        {**ISSUE_EXAMPLE, "subject": {"age": 15}, "present": ["ILO-D4-01", "ILO-D4-02"]}
    )
    assert code == 0
    data = json.loads(out)
    assert data["catalogue"] == "ilo-ec-2009-child-labour"
    assert data["requested_catalogue"] == "ilo-ec-2009-adult-labour"
    assert data["outcome"] == "possible_trafficking"
