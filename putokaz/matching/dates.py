"""Dates of birth as registrars record them: exact, partial, placeholder or estimated.

When only the year is known, registration systems fill in 1 January (or 1 July, the UNHCR
convention for the middle of the year).  Such a date says nothing about day and month, so it
is read as year-only; treating it as exact would make every person born "01.01.1998" look like
the same person and every real 12.03.1998 look like a different one.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

__all__ = [
    "DateAgreement",
    "DateError",
    "PartialDate",
    "compare_dates",
    "date_from_age",
    "parse_date",
]

PLACEHOLDERS = frozenset({(1, 1), (7, 1)})  # (month, day)
DEFAULT_ESTIMATE_TOLERANCE = 2


class DateError(ValueError):
    """A date of birth that cannot be read."""


class DateAgreement(enum.IntEnum):
    """Graded agreement of two dates of birth, strongest last."""

    DISAGREE = 0
    CLOSE = 1  # within an estimate's tolerance, or same year with different day and month
    COMPATIBLE = 2  # same year (and month, where both have one); one side is partial
    NEAR = 3  # both complete, one typing slip apart: day/month swapped, one digit, transposed
    EXACT = 4


@dataclass(frozen=True, slots=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None
    placeholder: bool = False
    """The date was written with a day and month that only stand for "unknown"."""
    tolerance: int = 0
    """Years either side, for an estimated date of birth (from an estimated age)."""

    @property
    def complete(self) -> bool:
        return self.day is not None and not self.placeholder and self.tolerance == 0

    @property
    def known_month(self) -> int | None:
        return None if self.placeholder else self.month

    def iso(self) -> str:
        if self.placeholder or self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_ESTIMATE = re.compile(r"^(?:~|c\.?\s*|ca\.?\s*|abt\.?\s*)(\d{4})$|^(\d{4})\s*\?$")
_PLUSMINUS = re.compile(r"^(\d{4})\s*(?:±|\+/-|\+-)\s*(\d{1,2})$")


def _build(year: int, month: int | None, day: int | None, text: str) -> PartialDate:
    if not 1880 <= year <= 2100:
        raise DateError(f"year {year} out of range in {text!r}")
    if month == 0:
        month, day = None, None
    if day == 0:
        day = None
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"month {month} out of range in {text!r}")
    if day is not None:
        if month is None:
            raise DateError(f"day without month in {text!r}")
        try:
            dt.date(year, month, day)
        except ValueError as exc:
            raise DateError(f"no such day {text!r}") from exc
    placeholder = day is not None and (month, day) in PLACEHOLDERS
    return PartialDate(year=year, month=month, day=day, placeholder=placeholder)


@lru_cache(maxsize=100_000)
def parse_date(text: str) -> PartialDate | None:
    """Read a date of birth; ``None`` for empty, :class:`DateError` for unreadable.

    Accepted: ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, ``YYYYMMDD``, ``DD.MM.YYYY``,
    ``DD/MM/YYYY``, and estimates ``~YYYY``, ``c. YYYY``, ``YYYY?``, ``YYYY±N``.
    """
    text = text.strip()
    if not text:
        return None
    if m := _ISO.match(text):
        year, month, day = m.groups()
        return _build(int(year), int(month) if month else None, int(day) if day else None, text)
    if m := _COMPACT.match(text):
        return _build(int(m[1]), int(m[2]), int(m[3]), text)
    if m := _DMY.match(text):
        return _build(int(m[3]), int(m[2]), int(m[1]), text)
    if m := _ESTIMATE.match(text):
        year = int(m[1] or m[2])
        base = _build(year, None, None, text)
        return PartialDate(year=base.year, tolerance=DEFAULT_ESTIMATE_TOLERANCE)
    if m := _PLUSMINUS.match(text):
        base = _build(int(m[1]), None, None, text)
        return PartialDate(year=base.year, tolerance=int(m[2]))
    raise DateError(f"unreadable date {text!r}")


def date_from_age(*, age: int, on: dt.date, tolerance: int = 1) -> PartialDate:
    """An estimated date of birth from an age stated (or estimated) on a given day."""
    if age < 0 or age > 120:
        raise DateError(f"age {age} out of range")
    # Someone aged N on a day was born in that year minus N or minus N+1.
    return PartialDate(year=on.year - age, tolerance=max(1, tolerance))


def _digits(d: PartialDate) -> str:
    return f"{d.year:04d}{d.month:02d}{d.day:02d}"


def _one_slip(a: PartialDate, b: PartialDate) -> bool:
    if a.year == b.year and a.month == b.day and a.day == b.month:
        return True
    da, db = _digits(a), _digits(b)
    diff = [i for i in range(8) if da[i] != db[i]]
    if len(diff) == 1:
        return True
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and da[diff[0]] == db[diff[1]]
        and (da[diff[1]] == db[diff[0]])
    )


def compare_dates(a: PartialDate | None, b: PartialDate | None) -> DateAgreement | None:
    """Graded agreement of two dates of birth; ``None`` when either is unknown."""
    if a is None or b is None:
        return None
    if a.complete and b.complete:
        if a == b:
            return DateAgreement.EXACT
        if _one_slip(a, b):
            return DateAgreement.NEAR
        if a.year == b.year:
            return DateAgreement.CLOSE
        return DateAgreement.DISAGREE
    tolerance = max(a.tolerance, b.tolerance)
    if tolerance == 0 and a.year == b.year:
        ma, mb = a.known_month, b.known_month
        if ma is not None and mb is not None and ma != mb:
            return DateAgreement.CLOSE
        return DateAgreement.COMPATIBLE
    gap = abs(a.year - b.year)
    if tolerance and gap <= tolerance:
        return DateAgreement.COMPATIBLE if gap == 0 else DateAgreement.CLOSE
    if gap == 1 and (a.placeholder or b.placeholder or a.day is None or b.day is None):
        # A year-only date is often the year of an age estimate and can be one year off.
        return DateAgreement.CLOSE
    return DateAgreement.DISAGREE


class DateArrays:
    """Columns of a tuple of dates, so that :func:`compare_dates` runs over many code pairs
    at once (:meth:`levels` gives the same values; a test checks every pair of a set)."""

    def __init__(self, dates: tuple[PartialDate, ...]) -> None:
        n = len(dates)
        self.year = np.fromiter((d.year for d in dates), np.int32, n)
        self.month = np.fromiter((d.month or 0 for d in dates), np.int32, n)
        self.day = np.fromiter((d.day or 0 for d in dates), np.int32, n)
        self.known_month = np.fromiter((d.known_month or 0 for d in dates), np.int32, n)
        self.tolerance = np.fromiter((d.tolerance for d in dates), np.int32, n)
        self.complete = np.fromiter((d.complete for d in dates), bool, n)
        # Year-only, year-month or placeholder: may be an age estimate's year, one year off.
        self.vague = np.fromiter((d.placeholder or d.day is None for d in dates), bool, n)
        self.digits = np.array(
            [[int(c) for c in f"{d.year:04d}{d.month or 0:02d}{d.day or 0:02d}"] for d in dates]
            or np.zeros((0, 8)),
            np.int8,
        ).reshape(n, 8)

    def levels(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Levels (int8) of date codes ``a[k]``, ``b[k]`` (both >= 0)."""
        out = np.full(len(a), int(DateAgreement.DISAGREE), np.int8)
        ya, yb = self.year[a], self.year[b]
        same_year = ya == yb
        both = self.complete[a] & self.complete[b]
        # Both complete: same, one slip, same year, or different.
        k = np.nonzero(both)[0]
        if len(k):
            ka, kb = a[k], b[k]
            ma, mb, da, db = self.month[ka], self.month[kb], self.day[ka], self.day[kb]
            sy = same_year[k]
            exact = sy & (ma == mb) & (da == db)
            slip = sy & (ma == db) & (da == mb)
            neq = self.digits[ka] != self.digits[kb]
            count = neq.sum(axis=1)
            slip |= count == 1
            two = np.nonzero(~exact & ~slip & (count == 2))[0]
            if len(two):
                first = neq[two].argmax(axis=1)
                adjacent = (first < 7) & neq[two, np.minimum(first + 1, 7)]
                xa, xb = self.digits[ka[two]], self.digits[kb[two]]
                rows = np.arange(len(two))
                nxt = np.minimum(first + 1, 7)
                crossed = (xa[rows, first] == xb[rows, nxt]) & (xa[rows, nxt] == xb[rows, first])
                slip[two[adjacent & crossed]] = True
            lv = np.where(
                exact,
                int(DateAgreement.EXACT),
                np.where(
                    slip,
                    int(DateAgreement.NEAR),
                    np.where(sy, int(DateAgreement.CLOSE), int(DateAgreement.DISAGREE)),
                ),
            )
            out[k] = lv
        k = np.nonzero(~both)[0]
        if len(k):
            ka, kb = a[k], b[k]
            tol = np.maximum(self.tolerance[ka], self.tolerance[kb])
            sy = same_year[k]
            gap = np.abs(ya[k] - yb[k])
            ma, mb = self.known_month[ka], self.known_month[kb]
            months_differ = (ma > 0) & (mb > 0) & (ma != mb)
            lv = np.full(len(k), int(DateAgreement.DISAGREE), np.int8)
            vague_gap = (gap == 1) & (self.vague[ka] | self.vague[kb])
            lv[vague_gap] = DateAgreement.CLOSE
            within = (tol > 0) & (gap <= tol)
            lv[within] = np.where(gap[within] == 0, DateAgreement.COMPATIBLE, DateAgreement.CLOSE)
            plain_year = (tol == 0) & sy
            lv[plain_year] = np.where(
                months_differ[plain_year], DateAgreement.CLOSE, DateAgreement.COMPATIBLE
            )
            out[k] = lv
        return out
