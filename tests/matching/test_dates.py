import datetime as dt

import pytest

from putokaz.matching.dates import (
    DateAgreement,
    DateError,
    compare_dates,
    date_from_age,
    parse_date,
)


def cmp(a: str, b: str):
    return compare_dates(parse_date(a), parse_date(b))


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("1998-03-12", "1998-03-12"),
        ("12.03.1998", "1998-03-12"),
        ("12/03/1998", "1998-03-12"),
        ("19980312", "1998-03-12"),
        ("1998-03", "1998-03"),
        ("1998", "1998"),
        ("01.01.1998", "1998"),
        ("1998-07-01", "1998"),
    ],
)
def test_it_reads_exact_partial_and_placeholder_dates(text, iso):
    assert parse_date(text).iso() == iso


def test_placeholders_are_year_only():
    d = parse_date("01.01.1998")
    assert d.placeholder and not d.complete


@pytest.mark.parametrize("text", ["1998-13-01", "1998-02-30", "31.31.1998", "soon", "98"])
def test_bad_dates_raise(text):
    with pytest.raises(DateError):
        parse_date(text)


def test_empty_is_unknown():
    assert parse_date("") is None
    assert compare_dates(None, parse_date("1998")) is None


def test_exact():
    assert cmp("1998-03-12", "12.03.1998") == DateAgreement.EXACT


def test_day_month_swap_and_one_digit_slip():
    assert cmp("1998-03-12", "1998-12-03") == DateAgreement.NEAR
    assert cmp("1998-03-12", "1998-03-13") == DateAgreement.NEAR
    assert cmp("1998-03-12", "1989-03-12") == DateAgreement.NEAR  # transposed digits


def test_placeholder_matches_any_date_in_its_year():
    assert cmp("01.01.1998", "1998-03-12") == DateAgreement.COMPATIBLE
    assert cmp("1998-07-01", "1998") == DateAgreement.COMPATIBLE
    assert cmp("1998-03", "1998-03-12") == DateAgreement.COMPATIBLE


def test_partial_dates_that_contradict():
    assert cmp("1998-04", "1998-03-12") == DateAgreement.CLOSE
    assert cmp("1998", "2003") == DateAgreement.DISAGREE
    assert cmp("1998-03-12", "2004-08-30") == DateAgreement.DISAGREE


def test_estimated_ages_with_tolerance():
    assert cmp("~1998", "2000-05-05") == DateAgreement.CLOSE
    assert cmp("1998±1", "2000-05-05") == DateAgreement.DISAGREE
    est = date_from_age(age=25, on=dt.date(2024, 3, 1), tolerance=2)
    assert compare_dates(est, parse_date("1997-11-02")) == DateAgreement.CLOSE
    assert compare_dates(est, parse_date("1999")) == DateAgreement.COMPATIBLE


def test_year_only_one_year_off_is_close():
    assert cmp("1998", "1999-05-05") == DateAgreement.CLOSE


def test_vectorised_date_levels_equal_compare_dates_on_every_pair():
    import random

    import numpy as np

    from putokaz.matching.dates import DateArrays, PartialDate

    rng = random.Random(1)
    dates = []
    for _ in range(400):
        y = rng.choice([1989, 1996, 1997, 1998, 1999, 2001])
        kind = rng.random()
        if kind < 0.15:
            dates.append(PartialDate(year=y))
        elif kind < 0.25:
            dates.append(PartialDate(year=y, month=rng.randint(1, 12)))
        elif kind < 0.35:
            dates.append(parse_date(f"{y}-{rng.choice(['01-01', '07-01'])}"))
        elif kind < 0.42:
            dates.append(PartialDate(year=y, tolerance=rng.randint(1, 3)))
        else:
            pairs = [(3, 12), (12, 3), (3, 13), (3, 21), (4, 12), (11, 30), (1, 2), (2, 1), (10, 1)]
            m, d = rng.choice(pairs)
            dates.append(PartialDate(year=y, month=m, day=d))
    unique = tuple(dict.fromkeys(dates))
    n = len(unique)
    a, b = (x.ravel() for x in np.meshgrid(np.arange(n), np.arange(n)))
    got = DateArrays(unique).levels(a, b)
    expected = [int(compare_dates(unique[x], unique[y])) for x, y in zip(a, b, strict=True)]
    assert got.tolist() == expected
    assert set(expected) == {0, 1, 2, 3, 4}
