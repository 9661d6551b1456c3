"""Version-4 encodings: keyed tokens give plain mode's levels without the values."""

import itertools

import numpy as np

from putokaz.matching.compare import NameLevel, compare_pairs
from putokaz.matching.dates import PartialDate, compare_dates, parse_date
from putokaz.matching.encoded import _Hasher, encode_records
from putokaz.matching.records import Record, prepare
from putokaz.matching.tokens import (
    DateTokens,
    compare_date_tokens,
    date_token_values,
    prepared_from_encodings,
    sections4,
)

SECRET = b"shared-secret-of-the-network"

DATES = [
    parse_date(text)
    for text in (
        "1998-03-12",
        "1998-12-03",  # day and month swapped
        "1998-03-13",  # one digit
        "1989-03-12",  # two digits transposed
        "1998-03-21",  # transposed in the day
        "1998-04-12",
        "1998-03",
        "1998-04",
        "1998",
        "1998-01-01",  # placeholder
        "1998-07-01",  # placeholder
        "1997",
        "1999-01-01",
        "2000",
        "1998-11-30",
        "~1996",  # estimate, two years either side
        "1999±1",
        "2001±3",
        "1997-06-15",
        "1999-03-12",
    )
]


def tokens_of(date: PartialDate) -> DateTokens:
    hasher = _Hasher(SECRET, 1024)
    section = b"".join(
        bytes([kind]) + hasher.token("dob-token", value) for kind, value in date_token_values(date)
    )
    tokens = DateTokens.read(section)
    assert tokens is not None
    return tokens


def test_date_tokens_give_exactly_the_plain_date_level_for_every_pair():
    tokens = [tokens_of(d) for d in DATES]
    seen = set()
    for (a, ta), (b, tb) in itertools.product(zip(DATES, tokens, strict=True), repeat=2):
        expected = int(compare_dates(a, b))
        assert compare_date_tokens(ta, tb) == expected, (a, b)
        seen.add(expected)
    assert seen == {0, 1, 2, 3, 4}  # every level occurs in the set


def test_name_levels_from_tokens_match_plain_on_exact_and_pronunciation():
    spellings = [
        ("Mohammad", ""),
        ("Muhammad", ""),
        ("Mohamed", ""),
        ("", "محمد"),
        ("Mohammad", "محمد"),
        ("Hussein", ""),
        ("Husayn", ""),
        ("Hossein", ""),
        ("Husein", ""),
        ("Ahmadi", ""),
        ("Ahmady", ""),
        ("Ahmadzai", ""),
        ("Fatima", ""),
        ("Fatma", ""),
        ("Zabihullah", ""),
        ("Zabiullah", ""),
    ]
    records = [
        Record(str(k), given_name=g, given_name_original=o) for k, (g, o) in enumerate(spellings)
    ]
    plain = prepare(records)
    encodings = encode_records(records=records, secret=SECRET)
    enc = prepared_from_encodings([sections4(e.clk) for e in encodings], plain.ids, 0)
    i, j = (
        np.asarray(x) for x in zip(*itertools.combinations(range(len(records)), 2), strict=True)
    )
    p = compare_pairs(plain, i, j)[:, 0]
    e = compare_pairs(enc, i, j)[:, 0]
    strong = p >= NameLevel.PHONETIC
    assert strong.sum() >= 10
    # Same written name and same pronunciation (skeleton) are read from tokens exactly.
    assert (e[strong] == p[strong]).all()
    assert ((e >= NameLevel.PHONETIC) == strong).all()
    # Only the typing-slip and similar levels differ (Dice of bigrams for Jaro–Winkler),
    # and not by much.
    assert np.abs(e.astype(int) - p.astype(int)).max() <= 1
    assert (e == p).mean() > 0.85


def test_encoded_records_compare_dates_sex_and_nationality_like_plain():
    records = [
        Record("1", "Ali", "Karimi", "1998-03-12", "m", "AF"),
        Record("2", "Ali", "Karimi", "1998-12-03", "M", "Afghanistan"),
        Record("3", "Ali", "Karimi", "1998", "f", "SY"),
        Record("4", "Ali", "Karimi", "~1996", "", ""),
    ]
    plain = prepare(records)
    encodings = encode_records(records=records, secret=SECRET)
    enc = prepared_from_encodings([sections4(e.clk) for e in encodings], plain.ids, 0)
    i, j = (np.asarray(x) for x in zip(*itertools.combinations(range(4), 2), strict=True))
    p, e = compare_pairs(plain, i, j), compare_pairs(enc, i, j)
    # Date, sex and nationality levels (columns 2-4) are identical, missing values included.
    assert (p[:, 2:5] == e[:, 2:5]).all()
    assert (p[:, :2] == e[:, :2]).all()
