"""The management command only hands over to cli.main; it needs Django but no settings."""

import io
import json

import pytest

from putokaz.screening.management.commands.screen import Command


def test_the_command_exits_with_the_cli_status(monkeypatch):
    answers = {"catalogue": "ilo-ec-2009-adult-labour", "subject": {"age": 24}, "present": []}
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(answers)))
    out, err = io.StringIO(), io.StringIO()
    command = Command(stdout=out, stderr=err)
    with pytest.raises(SystemExit) as excinfo:
        command.handle(answers="-", catalogue_dir=None)
    assert excinfo.value.code == 0
    text = out.getvalue()
    assert json.loads(text)["outcome"] == "insufficient_indicators"
    assert text.endswith("}\n") and "\n\n" not in text


def test_the_command_passes_on_a_bad_input_status(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("{not json"))
    err = io.StringIO()
    with pytest.raises(SystemExit) as excinfo:
        Command(stdout=io.StringIO(), stderr=err).handle(answers="-", catalogue_dir=None)
    assert excinfo.value.code == 2
    assert "malformed JSON" in err.getvalue()
