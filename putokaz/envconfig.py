"""Strict parsing of the environment variables that configure Putokaz.

A malformed value must stop start-up with a message naming the variable: a
half-understood setting on a system holding survivors' data is worse than none.
Nothing here imports Django models, so settings.py can use it.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit


class ConfigError(Exception):
    """A configuration value is missing or malformed; the message names the variable."""


def _raw(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def env_choice(env: Mapping[str, str], name: str, *, choices: tuple[str, ...], default: str) -> str:
    value = _raw(env, name)
    if value is None:
        return default
    if value not in choices:
        raise ConfigError(f"{name}={value!r} is not valid; expected one of: {', '.join(choices)}")
    return value


def env_bool(env: Mapping[str, str], name: str, *, default: bool) -> bool:
    value = _raw(env, name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name}={value!r} is not a boolean; use true or false")


def env_int(env: Mapping[str, str], name: str, *, default: int, minimum: int = 0) -> int:
    value = _raw(env, name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{name}={value!r} is not an integer") from None
    if number < minimum:
        raise ConfigError(f"{name}={number} is below the minimum of {minimum}")
    return number


def env_list(env: Mapping[str, str], name: str, *, default: list[str]) -> list[str]:
    value = _raw(env, name)
    if value is None:
        return list(default)
    items = [item.strip() for item in value.split(",")]
    if any(item == "" for item in items):
        raise ConfigError(f"{name}={value!r} has an empty item; separate values with single commas")
    return items


def env_secret(env: Mapping[str, str], name: str) -> str | None:
    """A secret given directly or, for container secrets, as NAME_FILE pointing at a file."""
    direct = _raw(env, name)
    file_name = _raw(env, f"{name}_FILE")
    if direct is not None and file_name is not None:
        raise ConfigError(f"set either {name} or {name}_FILE, not both")
    if file_name is not None:
        path = Path(file_name)
        try:
            content = path.read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ConfigError(
                f"{name}_FILE={file_name!r} cannot be read: {error.strerror}"
            ) from None
        if not content:
            raise ConfigError(f"{name}_FILE={file_name!r} is empty")
        return content
    return direct


def generated_secret(path: Path, *, name: str, make: callable) -> str:  # type: ignore[valid-type]
    """Development only: create the secret once in var/ and reuse it, warning loudly."""
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = make()
    # Written with owner-only permissions: it protects the demo's encrypted data.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value + "\n")
    print(
        f"WARNING: {name} was not set; generated one for development in {path}. "
        "Never use a generated key in production.",
        file=sys.stderr,
    )
    return value


def new_secret_key() -> str:
    return secrets.token_urlsafe(64)


@dataclass(frozen=True)
class DatabaseConfig:
    engine: str
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""
    options: dict[str, str] | None = None


_SCHEMES = {
    "sqlite": "django.db.backends.sqlite3",
    "postgres": "django.db.backends.postgresql",
    "postgresql": "django.db.backends.postgresql",
}


def parse_database_url(value: str, *, name: str = "DATABASE_URL") -> DatabaseConfig:
    """Parse sqlite:///relative/path, sqlite:////abs/path or postgres://user:pw@host:port/db."""
    parts = urlsplit(value)
    engine = _SCHEMES.get(parts.scheme)
    if engine is None:
        raise ConfigError(
            f"{name} has an unsupported scheme {parts.scheme!r}; use sqlite:// or postgres://"
        )
    if parts.scheme == "sqlite":
        path = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
        if not path:
            raise ConfigError(f"{name} names no SQLite file; e.g. sqlite:///var/putokaz.sqlite3")
        return DatabaseConfig(engine=engine, name=path)
    database = unquote(parts.path.lstrip("/"))
    if not database:
        raise ConfigError(f"{name} names no database; e.g. postgres://postgres@127.0.0.1:5432/test")
    try:
        port = str(parts.port) if parts.port else ""
    except ValueError:
        raise ConfigError(f"{name} has an invalid port") from None
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    return DatabaseConfig(
        engine=engine,
        name=database,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        host=parts.hostname or "",
        port=port,
        options=options or None,
    )
