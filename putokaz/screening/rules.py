"""The combination-rule language: a tiny boolean expression over dimension ids.

    rule    := or
    or      := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | atom
    atom    := DIMENSION | "(" rule ")"

`not` binds tighter than `and`, which binds tighter than `or`, as in Python. Dimension ids look
like D1, D12. The expression is parsed into a tree and evaluated by walking it: catalogue files
are data written by administrators, so they are never handed to `eval`.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

DIMENSION_ID = re.compile(r"D[1-9][0-9]*\Z")
_TOKEN = re.compile(r"\s*(?:(\()|(\))|([A-Za-z_][A-Za-z0-9_]*)|(\S))")


class RuleError(ValueError):
    """The rule text is not a valid expression, or names a dimension the catalogue lacks."""

    def __init__(self, message: str, *, expression: str, position: int | None = None) -> None:
        where = f" at position {position + 1}" if position is not None else ""
        super().__init__(f"rule {expression!r}{where}: {message}")
        self.expression = expression
        self.position = position


@dataclass(frozen=True)
class Dim:
    id: str

    def evaluate(self, positive: Mapping[str, bool]) -> bool:
        return positive[self.id]

    def __str__(self) -> str:
        return self.id


@dataclass(frozen=True)
class Not:
    operand: "Node"

    def evaluate(self, positive: Mapping[str, bool]) -> bool:
        return not self.operand.evaluate(positive)

    def __str__(self) -> str:
        return f"not {_wrap(self.operand)}"


@dataclass(frozen=True)
class And:
    operands: tuple["Node", ...]

    def evaluate(self, positive: Mapping[str, bool]) -> bool:
        return all(operand.evaluate(positive) for operand in self.operands)

    def __str__(self) -> str:
        return " and ".join(_wrap(operand) for operand in self.operands)


@dataclass(frozen=True)
class Or:
    operands: tuple["Node", ...]

    def evaluate(self, positive: Mapping[str, bool]) -> bool:
        return any(operand.evaluate(positive) for operand in self.operands)

    def __str__(self) -> str:
        return " or ".join(_wrap(operand) for operand in self.operands)


Node = Dim | Not | And | Or


def _wrap(node: Node) -> str:
    return str(node) if isinstance(node, Dim | Not) else f"({node})"


def dimensions_of(node: Node) -> frozenset[str]:
    if isinstance(node, Dim):
        return frozenset({node.id})
    if isinstance(node, Not):
        return dimensions_of(node.operand)
    return frozenset().union(*(dimensions_of(operand) for operand in node.operands))


def conjuncts(node: Node) -> tuple[Node, ...]:
    """The parts that must all hold; used to say which part of a rule was not met."""
    return node.operands if isinstance(node, And) else (node,)


def _tokenize(expression: str) -> list[tuple[str, str, int]]:
    tokens: list[tuple[str, str, int]] = []
    position = 0
    while position < len(expression):
        match = _TOKEN.match(expression, position)
        if match is None:  # only trailing whitespace is left
            break
        start = match.start(match.lastindex or 0)
        if match.group(1):
            tokens.append(("(", "(", start))
        elif match.group(2):
            tokens.append((")", ")", start))
        elif match.group(3):
            word = match.group(3)
            kind = word.lower() if word.lower() in ("and", "or", "not") else "name"
            tokens.append((kind, word, start))
        else:
            raise RuleError(
                f"unexpected character {match.group(4)!r}", expression=expression, position=start
            )
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, expression: str, known: frozenset[str] | None) -> None:
        self.expression = expression
        self.tokens = _tokenize(expression)
        self.index = 0
        self.known = known

    def error(self, message: str, position: int | None = None) -> RuleError:
        if position is None:
            position = (
                self.tokens[self.index][2]
                if self.index < len(self.tokens)
                else len(self.expression)
            )
        return RuleError(message, expression=self.expression, position=position)

    def peek(self) -> str | None:
        return self.tokens[self.index][0] if self.index < len(self.tokens) else None

    def parse(self) -> Node:
        if not self.tokens:
            raise RuleError("the rule is empty", expression=self.expression)
        node = self.parse_or()
        if self.index < len(self.tokens):
            raise self.error(f"unexpected {self.tokens[self.index][1]!r}")
        return node

    def parse_or(self) -> Node:
        operands = [self.parse_and()]
        while self.peek() == "or":
            self.index += 1
            operands.append(self.parse_and())
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def parse_and(self) -> Node:
        operands = [self.parse_not()]
        while self.peek() == "and":
            self.index += 1
            operands.append(self.parse_not())
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def parse_not(self) -> Node:
        if self.peek() == "not":
            self.index += 1
            return Not(self.parse_not())
        return self.parse_atom()

    def parse_atom(self) -> Node:
        kind = self.peek()
        if kind is None:
            raise self.error("the rule ends where a dimension or '(' was expected")
        _, text, position = self.tokens[self.index]
        if kind == "(":
            self.index += 1
            node = self.parse_or()
            if self.peek() != ")":
                raise self.error(f"'(' at position {position + 1} is not closed")
            self.index += 1
            return node
        if kind == "name":
            if not DIMENSION_ID.match(text):
                raise self.error(f"{text!r} is not a dimension id (like D1)", position)
            if self.known is not None and text not in self.known:
                raise self.error(
                    f"unknown dimension {text!r}; "
                    f"the catalogue has {', '.join(sorted(self.known))}",
                    position,
                )
            self.index += 1
            return Dim(text)
        raise self.error(f"unexpected {text!r} where a dimension or '(' was expected")


def parse_rule(expression: str, *, dimensions: Iterable[str] | None = None) -> Node:
    """Parse `expression`; if `dimensions` is given, every id used must be one of them."""
    known = frozenset(dimensions) if dimensions is not None else None
    return _Parser(expression, known).parse()


def truth_table(node: Node, *, dimension_order: tuple[str, ...]) -> tuple[bool, ...]:
    """The rule's value for every combination of positive dimensions, indexed by bit mask.

    Bit i of the index is dimension_order[i]. With six dimensions this is 64 entries, so the
    engine answers the rule with one tuple lookup instead of walking the tree per screening.
    """
    table = []
    for mask in range(1 << len(dimension_order)):
        positive = {dim: bool(mask >> i & 1) for i, dim in enumerate(dimension_order)}
        table.append(node.evaluate(positive))
    return tuple(table)
