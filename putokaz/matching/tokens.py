"""Field-level encodings (version 4): what the comparing party reads, field by field.

A version-4 ``Encoding.clk`` carries, beside the record-level Bloom filter, per field:

* names (given, family, place of birth): a Bloom filter of the bigrams of the folded Latin
  form, one of the bigrams of the consonant skeletons, and keyed tokens of the exact forms
  and of the skeletons;
* date of birth: keyed tokens from which :func:`compare_date_tokens` gives exactly the level
  :func:`~.dates.compare_dates` gives on the dates themselves (same date, one slip, same
  year, partial, within an estimate's tolerance, one year off for a year-only date);
* sex and nationality: one keyed token each;
* each extra field: a bigram filter and a keyed token of the value.

A keyed token is the first 8 bytes of HMAC-SHA256 under a key derived from the network's
secret and the token's field, so nobody without the secret can compute the token of a
candidate name or date.  :func:`prepared_from_encodings` turns encodings into
:class:`~.records.PreparedRecords` whose values are these tokens and filters, and plain mode's
comparison, term frequencies, Fellegi–Sunter model and clustering run on them unchanged;
only Jaro–Winkler, which needs the letters, is replaced by the Dice coefficient of the
bigram filters (:class:`~.compare.FilteredNames`).

What this reveals to the comparing party is discussed in docs/matching.md: which records
share a name, a skeleton, a birth year or a date (tokens are equal), and how often each
token occurs, which is also what identical per-field Bloom filters reveal.  Deployments
that need the stronger guard against frequency attacks use record-level filters only
(``EncodingConfig(field_filter_bits=0)``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .compare import FilteredNames, bit_matrix
from .dates import DateAgreement, PartialDate
from .normalise import NameFeatures
from .records import PreparedRecords

__all__ = [
    "MAGIC4",
    "DateTokens",
    "ExtraValue",
    "compare_date_tokens",
    "date_token_values",
    "pack4",
    "prepared_from_encodings",
    "sections4",
]

MAGIC4 = b"PZ\x04"
TOKEN_BYTES = 8

# Section order of a version-4 clk after the record filter (index 0).
NAME_SECTIONS = 4  # latin filter, skeleton filter, exact tokens, skeleton tokens
GIVEN, FAMILY, PLACE = 1, 1 + NAME_SECTIONS, 1 + 2 * NAME_SECTIONS
DATE = 1 + 3 * NAME_SECTIONS
SEX, NATIONALITY = DATE + 1, DATE + 2
EXTRA = DATE + 3  # then (bigram filter, exact token) per extra field


def pack4(sections: Sequence[bytes]) -> bytes:
    """Magic, a 1-byte section count, a 2-byte length per section, then the sections."""
    if len(sections) > 255:
        raise ValueError("too many fields to encode")
    header = MAGIC4 + bytes([len(sections)])
    return header + b"".join(len(x).to_bytes(2, "big") for x in sections) + b"".join(sections)


def sections4(clk: bytes) -> list[bytes]:
    """Sections of a version-4 ``clk``; ``[]`` for any other version or a damaged one."""
    if clk[:3] != MAGIC4 or len(clk) < 4:
        return []
    count = clk[3]
    head = 4 + 2 * count
    lengths = [int.from_bytes(clk[4 + 2 * k : 6 + 2 * k], "big") for k in range(count)]
    if head + sum(lengths) != len(clk):
        return []
    out, at = [], head
    for n in lengths:
        out.append(clk[at : at + n])
        at += n
    return out


# ------------------------------------------------------------------------ dates

# Kinds of date token (first byte of each 9-byte entry).  Year, range and neighbour tokens
# hash the same value ("y1998"), so that a year token of one record can be found among the
# range or neighbour tokens of another.
_YEAR, _RANGE, _NEIGHBOUR, _MONTH, _FULL, _SLIP = b"YRNMFS"


def date_token_values(date: PartialDate) -> list[tuple[int, str]]:
    """(kind, value) of the tokens of one date of birth, before keyed hashing."""
    out = [(_YEAR, f"y{date.year}")]
    if date.tolerance:
        out += [
            (_RANGE, f"y{y}")
            for y in range(date.year - date.tolerance, date.year + date.tolerance + 1)
        ]
    if not date.complete:
        # A year-only date is often an age estimate's year and may be one year off.
        out += [(_NEIGHBOUR, f"y{date.year - 1}"), (_NEIGHBOUR, f"y{date.year + 1}")]
    month = date.known_month
    if month is not None:
        out.append((_MONTH, f"m{date.year}-{month}"))
    if date.complete:
        assert date.month is not None and date.day is not None
        digits = f"{date.year:04d}{date.month:02d}{date.day:02d}"
        out.append((_FULL, f"f{digits}"))
        lo, hi = sorted((date.day, date.month))
        out.append((_SLIP, f"s{date.year}-{lo}-{hi}"))  # day and month swapped
        for p in range(8):  # one digit wrong
            out.append((_SLIP, f"d{p}:{digits[:p]}_{digits[p + 1 :]}"))
        for p in range(7):  # two adjacent digits transposed
            pair = "".join(sorted(digits[p : p + 2]))
            out.append((_SLIP, f"t{p}:{digits[:p]}{pair}{digits[p + 2 :]}"))
    return out


@dataclass(frozen=True, slots=True)
class DateTokens:
    """A date of birth as the comparing party sees it: keyed tokens by kind."""

    year: bytes
    range: frozenset[bytes]
    neighbours: frozenset[bytes]
    month: bytes | None
    full: bytes | None
    slips: frozenset[bytes]

    @classmethod
    def read(cls, section: bytes) -> DateTokens | None:
        year = month = full = None
        rng: set[bytes] = set()
        near: set[bytes] = set()
        slips: set[bytes] = set()
        step = 1 + TOKEN_BYTES
        for at in range(0, len(section) - step + 1, step):
            kind, token = section[at], section[at + 1 : at + step]
            if kind == _YEAR:
                year = token
            elif kind == _RANGE:
                rng.add(token)
            elif kind == _NEIGHBOUR:
                near.add(token)
            elif kind == _MONTH:
                month = token
            elif kind == _FULL:
                full = token
            elif kind == _SLIP:
                slips.add(token)
        if year is None:
            return None
        return cls(year, frozenset(rng), frozenset(near), month, full, frozenset(slips))


def compare_date_tokens(a: DateTokens, b: DateTokens) -> int:
    """The :class:`~.dates.DateAgreement` that :func:`~.dates.compare_dates` gives on the
    two dates (tested on every pair of a set of dates), read from their tokens."""
    if a.full is not None and b.full is not None:
        if a.full == b.full:
            return DateAgreement.EXACT
        if a.slips & b.slips:
            return DateAgreement.NEAR
        return DateAgreement.CLOSE if a.year == b.year else DateAgreement.DISAGREE
    tolerant = bool(a.range or b.range)
    if not tolerant and a.year == b.year:
        if a.month is not None and b.month is not None and a.month != b.month:
            return DateAgreement.CLOSE
        return DateAgreement.COMPATIBLE
    if tolerant and (b.year in a.range or a.year in b.range):
        return DateAgreement.COMPATIBLE if a.year == b.year else DateAgreement.CLOSE
    if b.year in a.neighbours or a.year in b.neighbours:
        return DateAgreement.CLOSE
    return DateAgreement.DISAGREE


# ------------------------------------------------------------------------ extra fields


@dataclass(frozen=True, slots=True)
class ExtraValue:
    token: bytes
    bigrams: int  # the bigram filter as an integer
    count: int


def compare_extra_values(a: ExtraValue, b: ExtraValue) -> int:
    """Plain mode's string levels (same, typo, similar, different), Dice for Jaro–Winkler."""
    if a.token == b.token:
        return 3
    total = a.count + b.count
    d = 2.0 * (a.bigrams & b.bigrams).bit_count() / total if total else 0.0
    return 2 if d >= 0.8 else 1 if d >= 0.6 else 0


# ------------------------------------------------------------------------ reading


@dataclass(frozen=True, slots=True)
class TokenName(NameFeatures):
    """A name of an encoded registration: tokens for forms and skeletons, no Latin form."""

    primary: str = ""
    """Token of the primary skeleton (written first in the encoding)."""

    @property
    def primary_skeleton(self) -> str:
        return self.primary


def _tokens(section: bytes) -> frozenset[str]:
    return frozenset(
        section[k : k + TOKEN_BYTES].hex() for k in range(0, len(section), TOKEN_BYTES)
    )


def prepared_from_encodings(
    sections: Sequence[Sequence[bytes]], ids: Sequence[str], n_extra: int
) -> PreparedRecords:
    """Prepared records whose values are the tokens and filters of version-4 encodings."""
    n = len(sections)
    name_code: dict[tuple[bytes, ...], int] = {}
    name_values: list[NameFeatures] = []
    latin_filters: list[bytes] = []
    skeleton_filters: list[bytes] = []
    date_code: dict[bytes, int] = {}
    dates: list[DateTokens] = []
    nat_code: dict[bytes, int] = {}
    sex_code: dict[bytes, int] = {}
    extra_code: list[dict[bytes, int]] = [{} for _ in range(n_extra)]
    extra_values: list[list[ExtraValue]] = [[] for _ in range(n_extra)]
    given = np.full(n, -1, np.int32)
    family = np.full(n, -1, np.int32)
    place = np.full(n, -1, np.int32)
    dob = np.full(n, -1, np.int32)
    sex = np.full(n, -1, np.int8)
    nationality = np.full(n, -1, np.int32)
    extra = [np.full(n, -1, np.int32) for _ in range(n_extra)]

    def name(parts: Sequence[bytes], start: int) -> int:
        key = tuple(parts[start : start + NAME_SECTIONS])
        code = name_code.get(key)
        if code is None:
            latin, skel, exact, skeletons = key
            if not exact and not skeletons:
                code = -1
            else:
                code = len(name_values)
                name_values.append(
                    TokenName(
                        latin="",
                        tokens=(),
                        exact=_tokens(exact),
                        skeletons=_tokens(skeletons),
                        primary=skeletons[:TOKEN_BYTES].hex(),
                    )
                )
                latin_filters.append(latin)
                skeleton_filters.append(skel)
            name_code[key] = code
        return code

    for r, parts in enumerate(sections):
        given[r] = name(parts, GIVEN)
        family[r] = name(parts, FAMILY)
        place[r] = name(parts, PLACE)
        d = parts[DATE]
        if d:
            code = date_code.get(d)
            if code is None:
                tokens = DateTokens.read(d)
                code = -1 if tokens is None else len(dates)
                if tokens is not None:
                    dates.append(tokens)
                date_code[d] = code
            dob[r] = code
        if parts[SEX]:
            found = sex_code.setdefault(parts[SEX], len(sex_code))
            if found > 2:
                raise ValueError("an encoding holds more than three distinct sex tokens")
            sex[r] = found
        if parts[NATIONALITY]:
            nationality[r] = nat_code.setdefault(parts[NATIONALITY], len(nat_code))
        for e in range(n_extra):
            at = EXTRA + 2 * e
            if at + 1 < len(parts) and parts[at + 1]:
                token = parts[at + 1]
                code = extra_code[e].get(token)
                if code is None:
                    bits = int.from_bytes(parts[at], "big")
                    code = extra_code[e][token] = len(extra_values[e])
                    extra_values[e].append(ExtraValue(token, bits, bits.bit_count()))
                extra[e][r] = code
    names = FilteredNames(name_values, bit_matrix(latin_filters), bit_matrix(skeleton_filters))
    return PreparedRecords(
        ids=tuple(ids),
        names=names,
        given=given,
        family=family,
        place=place,
        dates=tuple(dates),
        dob=dob,
        sex=sex,
        nationalities=tuple(t.hex() for t in nat_code),
        nationality=nationality,
        extra_names=tuple(f"extra{e}" for e in range(n_extra)),
        extra_values=tuple(tuple(v) for v in extra_values),
        extra=tuple(extra),
        compare_date=compare_date_tokens,  # type: ignore[arg-type]
        compare_extra=compare_extra_values,  # type: ignore[arg-type]
    )


__all__ += ["compare_extra_values"]
