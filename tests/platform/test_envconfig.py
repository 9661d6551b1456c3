from __future__ import annotations

import pytest

from putokaz import envconfig
from putokaz.envconfig import ConfigError


def test_database_urls_are_parsed_strictly() -> None:
    pg = envconfig.parse_database_url(
        "postgres://postgres:p%40ss@127.0.0.1:5432/test?sslmode=require"
    )
    assert (pg.engine, pg.name, pg.user, pg.password, pg.host, pg.port) == (
        "django.db.backends.postgresql",
        "test",
        "postgres",
        "p@ss",
        "127.0.0.1",
        "5432",
    )
    assert pg.options == {"sslmode": "require"}
    assert envconfig.parse_database_url("sqlite:///var/x.sqlite3").name == "var/x.sqlite3"
    assert envconfig.parse_database_url("sqlite:////abs/x.sqlite3").name == "/abs/x.sqlite3"
    for bad in ("mysql://h/db", "postgres://h:notaport/db", "postgres://h:5432/", "sqlite://"):
        with pytest.raises(ConfigError, match="DATABASE_URL"):
            envconfig.parse_database_url(bad)


def test_secrets_come_from_the_variable_or_a_file(tmp_path) -> None:
    secret = tmp_path / "s"
    secret.write_text("from-file\n")
    assert envconfig.env_secret({"K": "direct"}, "K") == "direct"
    assert envconfig.env_secret({"K_FILE": str(secret)}, "K") == "from-file"
    with pytest.raises(ConfigError, match="not both"):
        envconfig.env_secret({"K": "a", "K_FILE": str(secret)}, "K")
    (tmp_path / "empty").write_text("")
    with pytest.raises(ConfigError, match=r"K_FILE.*empty"):
        envconfig.env_secret({"K_FILE": str(tmp_path / "empty")}, "K")


def test_scalars_are_parsed_strictly() -> None:
    assert envconfig.env_bool({"B": "yes"}, "B", default=False) is True
    assert envconfig.env_int({"I": "90"}, "I", default=1, minimum=60) == 90
    assert envconfig.env_list({"L": "a, b"}, "L", default=[]) == ["a", "b"]
    with pytest.raises(ConfigError, match="I=5 is below"):
        envconfig.env_int({"I": "5"}, "I", default=1, minimum=60)
    with pytest.raises(ConfigError, match="empty item"):
        envconfig.env_list({"L": "a,,b"}, "L", default=[])
    with pytest.raises(ConfigError, match="'x' is not valid"):
        envconfig.env_choice({"C": "x"}, "C", choices=("a",), default="a")


def test_a_development_secret_is_generated_once(tmp_path, capsys) -> None:
    path = tmp_path / "var" / "secret"
    first = envconfig.generated_secret(path, name="S", make=lambda: "abc")
    second = envconfig.generated_secret(path, name="S", make=lambda: "other")
    assert first == second == "abc"
    assert oct(path.stat().st_mode)[-3:] == "600"
    assert "WARNING: S was not set" in capsys.readouterr().err
