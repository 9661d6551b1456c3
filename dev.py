#!/usr/bin/env python3
"""Set up and run Putokaz from a fresh clone with nothing but Python 3.11.

    python3.11 dev.py demo      create .venv/, install, migrate, load demo data, serve on :8000
    python3.11 dev.py test      create .venv/, install, run the whole test suite

Extra arguments after `test` go to pytest; after `demo`, to `putokaz demo`.
Dependencies are installed with the pinned versions of requirements/lock.txt,
and only again when that file or pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
LOCK = ROOT / "requirements" / "lock.txt"
STAMP = VENV / ".putokaz-installed"


def run(*args: str | os.PathLike[str], env: dict[str, str] | None = None) -> None:
    result = subprocess.run([str(a) for a in args], cwd=ROOT, env=env, check=False)  # noqa: S603 - our own fixed commands
    if result.returncode != 0:
        sys.exit(result.returncode)


def ensure_environment() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script may be started by an older Python
        sys.exit(f"Putokaz needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not (BIN / "python").exists():
        print("Creating .venv/ …", flush=True)
        run(sys.executable, "-m", "venv", VENV)
    wanted = hashlib.sha256(LOCK.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    print("Installing pinned dependencies into .venv/ …", flush=True)
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(BIN / "python", "-m", "pip", "install", "--quiet", "-c", LOCK, "-e", ".[test]")
    STAMP.write_text(wanted)


def ensure_chromium() -> None:
    """Browser tests use the system's Chromium (Debian's package), never a downloaded one."""
    if os.environ.get("PUTOKAZ_CHROMIUM") or shutil.which("chromium"):
        return
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing Debian's chromium package for the browser tests …", flush=True)
        quiet = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run("apt-get", "update", "-qq", env=quiet)
        run("apt-get", "install", "-y", "-qq", "chromium", env=quiet)
        return
    sys.exit(
        "The browser tests need Chromium: install Debian's `chromium` package "
        "(sudo apt-get install chromium) or set PUTOKAZ_CHROMIUM to its path."
    )


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in ("demo", "test"):
        sys.exit(__doc__)
    command, rest = argv[0], argv[1:]
    ensure_environment()
    if command == "demo":
        run(BIN / "putokaz", "demo", *rest)
    else:
        ensure_chromium()
        run(BIN / "python", "-m", "pytest", *rest)


if __name__ == "__main__":
    main(sys.argv[1:])
