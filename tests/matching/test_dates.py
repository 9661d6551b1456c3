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
