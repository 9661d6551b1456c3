import itertools

import pytest

from putokaz.screening.rules import (
    And,
    Dim,
    Not,
    Or,
    RuleError,
    conjuncts,
    dimensions_of,
    parse_rule,
    truth_table,
)

SIX = ("D1", "D2", "D3", "D4", "D5", "D6")


def test_it_parses_the_adult_rule_into_three_conjuncts():
    tree = parse_rule("(D1 or D2 or D3) and D4 and (D5 or D6)", dimensions=SIX)
    assert tree == And(
        (Or((Dim("D1"), Dim("D2"), Dim("D3"))), Dim("D4"), Or((Dim("D5"), Dim("D6"))))
    )
    assert [str(part) for part in conjuncts(tree)] == ["D1 or D2 or D3", "D4", "D5 or D6"]


def test_and_binds_tighter_than_or():
    assert parse_rule("D1 or D2 and D3") == Or((Dim("D1"), And((Dim("D2"), Dim("D3")))))
    assert parse_rule("D1 and D2 or D3") == Or((And((Dim("D1"), Dim("D2"))), Dim("D3")))


def test_not_binds_tighter_than_and():
    assert parse_rule("not D1 and D2") == And((Not(Dim("D1")), Dim("D2")))
    assert parse_rule("not (D1 and D2)") == Not(And((Dim("D1"), Dim("D2"))))
    assert parse_rule("not not D1") == Not(Not(Dim("D1")))


def test_parentheses_override_precedence():
    assert parse_rule("(D1 or D2) and D3") == And((Or((Dim("D1"), Dim("D2"))), Dim("D3")))
    assert parse_rule("((D1))") == Dim("D1")


def test_keywords_are_case_insensitive_and_whitespace_is_free():
    assert parse_rule("  D1   AND\tD2 Or D3 ") == parse_rule("D1 and D2 or D3")


@pytest.mark.parametrize(
    "expression",
    [
        "(D1 or D2 or D3) and D4 and (D5 or D6)",
        "D1 or D2 and not D3",
        "not (D1 or D2) and (D3 or not D4)",
        "D4",
    ],
)
def test_evaluation_matches_python_boolean_semantics(expression):
    tree = parse_rule(expression, dimensions=SIX)
    python = expression
    for values in itertools.product([False, True], repeat=6):
        positive = dict(zip(SIX, values, strict=True))
        expected = eval(python, {}, positive)  # the test oracle only: the parser never evals
        assert tree.evaluate(positive) is expected


def test_truth_table_is_indexed_by_bitmask():
    tree = parse_rule("(D1 or D2 or D3) and D4 and (D5 or D6)", dimensions=SIX)
    table = truth_table(tree, dimension_order=SIX)
    assert len(table) == 64
    assert table[0b001001 | 0b010000] is True  # D1, D4, D5
    assert table[0b001001] is False  # D1, D4 only
    assert table[0b110111] is False  # everything but D4


def test_dimensions_of_lists_every_dimension_used():
    assert dimensions_of(parse_rule("(D1 or D2) and not D6")) == {"D1", "D2", "D6"}


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("D7 and D1", "unknown dimension 'D7'"),
        ("D1 and", "the rule ends where a dimension or '(' was expected"),
        ("(D1 or D2", "is not closed"),
        ("D1 or D2)", "unexpected ')'"),
        ("D1 D2", "unexpected 'D2'"),
        ("", "the rule is empty"),
        ("   ", "the rule is empty"),
        ("D1 && D2", "unexpected character '&'"),
        ("__import__('os')", "unexpected character"),
        ("__import__", "'__import__' is not a dimension id"),
        ("D1 and foo", "'foo' is not a dimension id"),
        ("D0", "'D0' is not a dimension id"),
        ("and D1", "unexpected 'and'"),
        ("D1 or or D2", "unexpected 'or'"),
        ("()", "unexpected ')'"),
    ],
)
def test_it_rejects_bad_rules_with_a_message(expression, message):
    with pytest.raises(RuleError) as excinfo:
        parse_rule(expression, dimensions=SIX)
    assert message in str(excinfo.value)
    assert repr(expression) in str(excinfo.value)


def test_error_gives_the_position():
    with pytest.raises(RuleError) as excinfo:
        parse_rule("D1 and D9", dimensions=SIX)
    assert excinfo.value.position == 7
    assert "at position 8" in str(excinfo.value)


def test_without_a_dimension_list_any_dimension_id_is_accepted():
    assert parse_rule("D12 or D3") == Or((Dim("D12"), Dim("D3")))
