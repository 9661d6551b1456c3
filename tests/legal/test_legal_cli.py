import io
import json

from legal_cases import ADULT_TRAFFICKING, FIXTURES, SMUGGLING

from putokaz.legal.catalogue import PACKAGE_CATALOGUES
from putokaz.legal.cli import main


def run(argv, stdin_text=""):
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(argv, io.StringIO(stdin_text), stdout, stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def test_classify_reads_a_file_and_prints_json(tmp_path):
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(ADULT_TRAFFICKING))
    code, out, err = run(["classify", "--facts", str(path)])
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["jurisdiction"] == "RS"
    assert {"offences", "flags", "explanation", "comparison", "disclaimer"} <= set(data)
    assert data["catalogue_versions"] == {"RS": 1, "international": 1}
    offence = next(o for o in data["offences"] if o["code"] == "RS-CC-388")
    assert {"code", "status", "elements", "missing", "family", "title"} <= set(offence)
    assert offence["status"] == "indicated" and offence["missing"] == []
    assert {e["id"]: e["status"] for e in offence["elements"]} == {
        "act": "present",
        "means": "present",
        "purpose": "present",
    }


def test_classify_reads_stdin_with_a_dash():
    facts = dict(SMUGGLING, relationship_after_arrival="continued")
    code, out, _ = run(["classify", "--facts", "-"], json.dumps(facts))
    assert code == 0
    flags = [f["code"] for f in json.loads(out)["flags"]]
    assert "smuggling_with_trafficking_indicators" in flags


def test_unknown_code_exits_2_naming_it():
    code, out, err = run(["classify", "--facts", "-"], '{"jurisdiction": "RS", "means": ["x1"]}')
    assert code == 2 and out == ""
    assert "'x1'" in err


def test_unknown_key_exits_2_naming_it():
    code, _, err = run(["classify", "--facts", "-"], '{"jurisdiction": "RS", "victim": true}')
    assert code == 2 and "'victim'" in err


def test_unknown_jurisdiction_exits_2_naming_it():
    code, _, err = run(["classify", "--facts", "-"], '{"jurisdiction": "FR"}')
    assert code == 2 and "'FR'" in err


def test_malformed_json_exits_2_with_the_position():
    code, _, err = run(["classify", "--facts", "-"], '{"jurisdiction": ')
    assert code == 2 and "malformed JSON in stdin at line 1" in err


def test_a_json_array_is_not_facts():
    code, _, err = run(["classify", "--facts", "-"], "[]")
    assert code == 2 and "JSON object" in err


def test_missing_facts_file_exits_2(tmp_path):
    code, _, err = run(["classify", "--facts", str(tmp_path / "nope.json")])
    assert code == 2 and "nope.json" in err


def test_missing_arguments_exit_2_on_the_given_stderr():
    code, _, err = run(["classify"])
    assert code == 2 and "--facts" in err
    code, _, err = run([])
    assert code == 2 and "command" in err


def test_help_goes_to_the_given_stdout():
    code, out, _ = run(["classify", "--help"])
    assert code == 0 and "--facts" in out


def test_classify_with_an_extra_catalogue_directory():
    facts = {"jurisdiction": "ZZ", "acts": ["recruitment"], "purposes": ["forced_labour"]}
    code, out, _ = run(
        [
            "classify",
            "--facts",
            "-",
            "--catalogues",
            str(FIXTURES),
            "--catalogues",
            str(PACKAGE_CATALOGUES),
        ],
        json.dumps(facts),
    )
    assert code == 0
    assert json.loads(out)["catalogue_versions"] == {"ZZ": 3, "international": 1}


def test_an_invalid_catalogue_exits_2_naming_file_and_line(tmp_path):
    (tmp_path / "ZZ.yaml").write_text(
        (FIXTURES / "ZZ.yaml").read_text().replace("version: 3", "version: x")
    )
    code, _, err = run(["legal-validate", "--catalogues", str(tmp_path)])
    assert code == 2
    assert "ZZ.yaml:" in err and "version" in err


def test_validate_lists_the_shipped_catalogues():
    code, out, _ = run(["legal-validate"])
    assert code == 0
    assert "RS version 1, 11 offences, valid" in out
    assert "international version 1, 2 offences, valid" in out
