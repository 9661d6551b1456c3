"""Pseudonymous codes such as PK-7Q3M-9XD2: random, short enough to read aloud.

The alphabet drops 0/O, 1/I/L and U so that a code read over a bad phone line
is not misheard; 8 symbols of 31 give about 2^39.6 codes.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_PATTERN = re.compile(r"^PK-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$")


def new_code(prefix: str) -> str:
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{prefix}-{symbols[:4]}-{symbols[4:]}"


def new_person_code() -> str:
    return new_code("PK")


def new_case_code() -> str:
    return new_code("CS")


def new_referral_code() -> str:
    return new_code("RF")


def normalise_code(text: str, *, prefix: str) -> str | None:
    compact = re.sub(r"[\s-]", "", text.upper())
    if compact.startswith(prefix):
        compact = compact[len(prefix) :]
    candidate = f"{prefix}-{compact[:4]}-{compact[4:]}"
    pattern = CODE_PATTERN.pattern.replace("PK", prefix)
    return candidate if len(compact) == 8 and re.match(pattern, candidate) else None


def normalise_person_code(text: str) -> str | None:
    """Accept lower case and missing dashes from a person typing a code; None if invalid."""
    compact = re.sub(r"[\s-]", "", text.upper())
    if compact.startswith("PK"):
        compact = compact[2:]
    candidate = f"PK-{compact[:4]}-{compact[4:]}"
    return candidate if len(compact) == 8 and CODE_PATTERN.match(candidate) else None
