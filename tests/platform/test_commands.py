from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from putokaz.cases.models import Person
from putokaz.core import crypto
from putokaz.core.models import AuditEvent
from tests.conftest import make_org, make_person

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_keys_generate_prints_a_master_key_on_its_last_line(capsys) -> None:
    call_command("keys", "generate")
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert len(crypto.decode_master_key(last)) == 32


def test_keys_rotate_rewraps_and_prints_the_new_key(capsys, settings, tmp_path) -> None:
    person = make_person(make_org("NGO"), given_name="Amal")
    settings.VAR_DIR = tmp_path  # never touch the developer's var/ from a test
    call_command("keys", "rotate")
    lines = capsys.readouterr().out.strip().splitlines()
    assert "Re-wrapped 1 data keys" in lines[0]
    settings.PUTOKAZ_MASTER_KEY = lines[-1]
    assert Person.objects.select_related("data_key").get(pk=person.pk).given_name == "Amal"
    assert AuditEvent.objects.filter(action="keys.rotate").exists()


def test_keys_rotate_with_a_bad_key_file_changes_nothing(tmp_path) -> None:
    make_person(make_org("NGO"))
    bad = tmp_path / "key"
    bad.write_text("not a key")
    with pytest.raises(CommandError, match="does not hold a master key"):
        call_command("keys", "rotate", "--new-key-file", str(bad))


def test_person_list_shows_codes_and_never_names(capsys) -> None:
    person = make_person(make_org("NGO"), given_name="Nazanin", family_name="Rahimi")
    call_command("person", "list")
    out = capsys.readouterr().out
    assert person.code in out and "Nazanin" not in out and "Rahimi" not in out
    assert AuditEvent.objects.filter(action="person.list").exists()


def test_person_export_returns_everything_decrypted_and_is_audited(capsys) -> None:
    person = make_person(make_org("NGO"), given_name="Nazanin", given_name_original="نازنین")
    call_command("person", "export", person.code.lower())
    data = json.loads(capsys.readouterr().out)
    assert data["code"] == person.code
    assert data["personal_data"]["given_name"] == "Nazanin"
    assert data["personal_data"]["given_name_original"] == "نازنین"
    assert data["statistics_attributes"]["nationality"] == "AF"
    assert AuditEvent.objects.filter(action="person.export", object_ref=person.code).exists()


def test_person_erase_destroys_the_key_and_export_then_shows_nothing(capsys) -> None:
    person = make_person(make_org("NGO"), given_name="Nazanin")
    call_command("person", "erase", person.code, "--yes")
    call_command("person", "export", person.code)
    data = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert "given_name" not in data["personal_data"] and "erased_at" in data["personal_data"]
    assert AuditEvent.objects.filter(action="person.erase", object_ref=person.code).exists()


@pytest.mark.parametrize("action", ["export", "erase"])
def test_an_unknown_person_code_is_a_clear_error(action: str) -> None:
    with pytest.raises(CommandError, match="no person has the code 'PK-2222-2222'") as error:
        call_command("person", action, "PK-2222-2222", *(["--yes"] if action == "erase" else []))
    assert error.value.returncode == 2


def _putokaz(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PUTOKAZ_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "-m", "putokaz", *args],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"PUTOKAZ_ENV": "staging"}, "PUTOKAZ_ENV"),
        ({"PUTOKAZ_ENV": "test", "PUTOKAZ_MASTER_KEY": "short"}, "PUTOKAZ_MASTER_KEY"),
        ({"PUTOKAZ_ENV": "test", "DATABASE_URL": "mysql://x/y"}, "DATABASE_URL"),
        ({"PUTOKAZ_ENV": "test", "PUTOKAZ_DEBUG": "maybe"}, "PUTOKAZ_DEBUG"),
        ({"PUTOKAZ_ENV": "production"}, "PUTOKAZ_SECRET_KEY"),
        (
            {"PUTOKAZ_ENV": "test", "PUTOKAZ_MASTER_KEY_FILE": "/nonexistent/key"},
            "PUTOKAZ_MASTER_KEY_FILE",
        ),
    ],
)
def test_a_malformed_setting_stops_start_up_naming_the_variable(
    env: dict[str, str], named: str
) -> None:
    result = _putokaz(env, "check")
    assert result.returncode == 2
    assert named in result.stderr and "Traceback" not in result.stderr


def test_production_settings_pass_the_deploy_check(tmp_path) -> None:
    key_file = tmp_path / "master.key"
    key_file.write_text(crypto.generate_master_key())
    result = _putokaz(
        {
            "PUTOKAZ_ENV": "production",
            "PUTOKAZ_SECRET_KEY": "x9" * 40 + "-Q_z!",
            "PUTOKAZ_MASTER_KEY_FILE": str(key_file),
            "PUTOKAZ_ALLOWED_HOSTS": "putokaz.example.org",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stderr
