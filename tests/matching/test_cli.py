import csv
import io

import pytest

from putokaz.matching.cli import main

HEADER = "id,given_name,family_name,date_of_birth,sex,nationality,place_of_birth\n"
ROWS = (
    "a,Mohammad Reza,Ahmadi,1998-01-01,F,Afghanistan,Herat\n"
    "b,Mohamad Reza,Ahmady,1998-03-12,F,AFG,Herat\n"
    "c,Ahmadi,Mohammadreza,1998-03-12,F,AF,\n"
    "d,Gulalai,Popal,1985-06-30,F,Afghanistan,Kabul\n"
    "e,Abdul Karim,Haddad,1971-02-14,M,Syria,Homs\n"
    "f,Zeynep,Kaya,2001-01-09,F,Turkey,Van\n"
)


def run(tmp_path, *args, env=None):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), io.StringIO(), out, err, env=env or {})
    return code, out.getvalue(), err.getvalue()


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return str(path)


def read_pairs(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def test_dedupe_writes_left_right_score(tmp_path):
    src = write(tmp_path, "a.csv", HEADER + ROWS)
    out = str(tmp_path / "pairs.csv")
    code, stdout, err = run(tmp_path, "--dedupe", "--input", src, "--out", out)
    assert code == 0, err
    rows = read_pairs(out)
    assert rows[0] == ["left_id", "right_id", "score"]
    for left, right, score in rows[1:]:
        assert left != right and 0.0 <= float(score) <= 1.0
    assert "matching pairs" in stdout


def test_link_with_missing_columns_and_empty_values(tmp_path):
    left = write(tmp_path, "l.csv", "id,given_name,family_name\nL1,Youssef,El Amrani\nL2,,\n")
    right = write(
        tmp_path,
        "r.csv",
        "id,family_name,given_name,family_name_original\nR1,Elamrani,Yusuf,العمراني\nR2,,,\n",
    )
    out = str(tmp_path / "p.csv")
    code, _, err = run(tmp_path, "--left", left, "--right", right, "--out", out)
    assert code == 0, err
    assert read_pairs(out)[0] == ["left_id", "right_id", "score"]


def test_encoded_mode_reads_the_secret_from_the_environment(tmp_path):
    src = write(tmp_path, "a.csv", HEADER + ROWS)
    out = str(tmp_path / "pairs.csv")
    env = {"PUTOKAZ_LINKAGE_SECRET": "a-secret-shared-by-the-network"}
    code, _, err = run(tmp_path, "--dedupe", "--input", src, "--out", out, "--encoded", env=env)
    assert code == 0, err
    assert read_pairs(out)[0] == ["left_id", "right_id", "score"]


def test_encoded_mode_reads_a_secret_file(tmp_path):
    src = write(tmp_path, "a.csv", HEADER + ROWS)
    secret = write(tmp_path, "secret", "a-secret-shared-by-the-network\n")
    out = str(tmp_path / "pairs.csv")
    code, _, err = run(
        tmp_path, "--left", src, "--right", src, "--out", out, "--encoded", "--secret-file", secret
    )
    assert code == 0, err


def test_record_level_encodings_are_written_on_request(tmp_path, monkeypatch):
    import putokaz.matching.cli as cli

    seen = []
    real = cli.encode_records

    def spy(**kwargs):
        seen.append(kwargs["config"].field_filter_bits)
        return real(**kwargs)

    monkeypatch.setattr(cli, "encode_records", spy)
    src = write(tmp_path, "a.csv", HEADER + ROWS)
    out = str(tmp_path / "pairs.csv")
    env = {"PUTOKAZ_LINKAGE_SECRET": "a-secret-shared-by-the-network"}
    args = ("--dedupe", "--input", src, "--out", out, "--encoded")
    code, _, err = run(tmp_path, *args, "--record-level", env=env)
    assert code == 0, err
    code, _, err = run(tmp_path, *args, env=env)
    assert code == 0, err
    assert seen == [0, 256]
    code, _, err = run(tmp_path, "--dedupe", "--input", src, "--out", out, "--record-level")
    assert code == 2 and "--record-level needs --encoded" in err


def test_encoded_mode_without_a_secret_is_refused(tmp_path):
    src = write(tmp_path, "a.csv", HEADER + ROWS)
    code, _, err = run(tmp_path, "--dedupe", "--input", src, "--out", "x.csv", "--encoded")
    assert code == 2 and "PUTOKAZ_LINKAGE_SECRET" in err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HEADER + "a,Ali,Khan,1998-13-01,M,PK,\n", "row 1, column 'date_of_birth'"),
        (
            HEADER + "a,Ali,Khan,,M,PK,\nb,Ali,Khan,1998-02-30,M,PK,\n",
            "row 2, column 'date_of_birth'",
        ),
        (HEADER + "a,Ali,Khan,,,,\na,Ali,Khan,,,,\n", "row 2, column 'id': duplicate id 'a'"),
        (HEADER + "a,Ali,Khan,,,,\n,Ali,Khan,,,,\n", "row 2, column 'id': empty id"),
        ("given_name,family_name\nAli,Khan\n", "column 'id' is missing"),
    ],
)
def test_malformed_input_names_row_and_column(tmp_path, text, expected):
    src = write(tmp_path, "bad.csv", text)
    code, _, err = run(tmp_path, "--dedupe", "--input", src, "--out", str(tmp_path / "o.csv"))
    assert code == 2
    assert expected in err and "bad.csv" in err


def test_bad_encoding_names_the_row(tmp_path):
    src = write(tmp_path, "bad.csv", (HEADER + "a,Ali,Khan,,,,\nb,").encode() + b"\xff\xfe\n")
    code, _, err = run(tmp_path, "--dedupe", "--input", src, "--out", str(tmp_path / "o.csv"))
    assert code == 2 and "row 2" in err and "UTF-8" in err


@pytest.mark.parametrize(
    "args",
    [
        ("--out", "x.csv"),
        ("--dedupe", "--out", "x.csv"),
        ("--left", "a.csv", "--out", "x.csv"),
        ("--dedupe", "--input", "a.csv", "--left", "b.csv", "--out", "x.csv"),
        ("--bogus",),
    ],
)
def test_usage_errors_exit_2(tmp_path, args):
    code, _, err = run(tmp_path, *args)
    assert code == 2 and err.startswith("putokaz link:")


def test_missing_file_exits_2(tmp_path):
    code, _, err = run(tmp_path, "--dedupe", "--input", str(tmp_path / "nope.csv"), "--out", "x")
    assert code == 2 and "cannot read" in err
