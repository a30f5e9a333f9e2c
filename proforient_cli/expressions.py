"""The small expression language of the methodology file, parsed here and never by ``eval``.

Grammar::

    expression := additive [ comparator additive ]
    additive   := term { ("+" | "-") term }
    term       := unary { ("*" | "/") unary }
    unary      := "-" unary | primary
    primary    := number | name | name "(" expression { "," expression } ")" | "(" expression ")"

Names are element or indicator ids; the functions are ``sum``, ``min`` and ``max``.
The typographic signs a methodist may paste from a Word document (− × ÷ ≤ ≥ ≠) are accepted.

Evaluation works on floats and on numpy arrays alike, NaN standing for «нет данных»:
any missing operand gives a missing result, and a division by zero gives a missing result too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Union

FUNCTIONS = ("sum", "min", "max")
COMPARATORS = ("<=", ">=", "==", "!=", "<", ">")


class ExpressionError(ValueError):
    """An expression that does not parse; ``column`` is 1-based within the expression text."""

    def __init__(self, message: str, column: int):
        super().__init__(message)
        self.message = message
        self.column = column


@dataclass(frozen=True)
class Number:
    value: float
    column: int


@dataclass(frozen=True)
class Name:
    id: str
    column: int


@dataclass(frozen=True)
class Negate:
    operand: "Node"
    column: int


@dataclass(frozen=True)
class Binary:
    op: str  # one of + - * / and the comparators
    left: "Node"
    right: "Node"
    column: int


@dataclass(frozen=True)
class Call:
    function: str
    args: tuple["Node", ...]
    column: int


Node = Union[Number, Name, Negate, Binary, Call]

_TYPOGRAPHIC = str.maketrans({"−": "-", "–": "-", "×": "*", "·": "*", "÷": "/", "≤": "<=", "≥": ">=", "≠": "!="})
# The translation above changes lengths for ≤ ≥ ≠, so columns are counted on the original text.
_TOKEN = re.compile(
    r"\s*(?:(?P<number>\d+(?:[.,]\d+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op><=|>=|==|!=|≤|≥|≠|[-+*/()<>,−–×·÷])|(?P<bad>\S))"
)


@dataclass(frozen=True)
class _Token:
    kind: str  # number, name, op, end
    text: str
    column: int


def _tokenize(text: str) -> list[_Token]:
    tokens = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:  # only trailing whitespace is left
            break
        kind = match.lastgroup
        if kind is None:
            break
        value = match.group(kind)
        column = match.start(kind) + 1
        if kind == "bad":
            raise ExpressionError(f"непонятный символ «{value}»", column)
        if kind == "op":
            value = value.translate(_TYPOGRAPHIC)
        tokens.append(_Token(kind, value, column))
        position = match.end()
    tokens.append(_Token("end", "", len(text) + 1))
    return tokens


class _Parser:
    def __init__(self, text: str):
        self.tokens = _tokenize(text)
        self.index = 0

    @property
    def current(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.current
        self.index += 1
        return token

    def expect(self, text: str) -> _Token:
        if self.current.text != text or self.current.kind != "op":
            raise ExpressionError(f"ожидалось «{text}», {_describe(self.current)}", self.current.column)
        return self.advance()

    def parse(self) -> Node:
        if self.current.kind == "end":
            raise ExpressionError("пустое выражение", 1)
        node = self.comparison()
        if self.current.kind != "end":
            raise ExpressionError(f"лишнее в конце выражения: {_describe(self.current)}", self.current.column)
        return node

    def comparison(self) -> Node:
        left = self.additive()
        if self.current.kind == "op" and self.current.text in COMPARATORS:
            op = self.advance()
            right = self.additive()
            left = Binary(op.text, left, right, op.column)
            if self.current.kind == "op" and self.current.text in COMPARATORS:
                raise ExpressionError("два сравнения подряд: разбейте на два правила", self.current.column)
        return left

    def additive(self) -> Node:
        node = self.term()
        while self.current.kind == "op" and self.current.text in "+-":
            op = self.advance()
            node = Binary(op.text, node, self.term(), op.column)
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.current.kind == "op" and self.current.text in "*/":
            op = self.advance()
            node = Binary(op.text, node, self.unary(), op.column)
        return node

    def unary(self) -> Node:
        if self.current.kind == "op" and self.current.text == "-":
            op = self.advance()
            return Negate(self.unary(), op.column)
        return self.primary()

    def primary(self) -> Node:
        token = self.current
        if token.kind == "number":
            self.advance()
            return Number(float(token.text.replace(",", ".")), token.column)
        if token.kind == "name":
            self.advance()
            if self.current.kind == "op" and self.current.text == "(":
                if token.text not in FUNCTIONS:
                    raise ExpressionError(
                        f"неизвестная функция «{token.text}» (допустимы: {', '.join(FUNCTIONS)})", token.column
                    )
                self.advance()
                args = [self.comparison()]
                while self.current.kind == "op" and self.current.text == ",":
                    self.advance()
                    args.append(self.comparison())
                self.expect(")")
                return Call(token.text, tuple(args), token.column)
            return Name(token.text, token.column)
        if token.kind == "op" and token.text == "(":
            self.advance()
            node = self.comparison()
            self.expect(")")
            return node
        raise ExpressionError(f"ожидалось число, код или «(», {_describe(token)}", token.column)


def _describe(token: _Token) -> str:
    return "а выражение закончилось" if token.kind == "end" else f"получено «{token.text}»"


def parse(text: str) -> Node:
    """Parse an expression, raising :class:`ExpressionError` with the column of the fault.

    >>> parse("a + 2 * b")
    Binary(op='+', left=Name(id='a', column=1), right=Binary(op='*', left=Number(value=2.0, column=5), right=Name(id='b', column=9), column=7), column=3)
    """
    return _Parser(str(text)).parse()


def names(node: Node) -> list[str]:
    """Every id the expression refers to, in order of appearance, without repeats."""
    found: list[str] = []

    def walk(n: Node) -> None:
        if isinstance(n, Name):
            if n.id not in found:
                found.append(n.id)
        elif isinstance(n, Negate):
            walk(n.operand)
        elif isinstance(n, Binary):
            walk(n.left)
            walk(n.right)
        elif isinstance(n, Call):
            for arg in n.args:
                walk(arg)

    walk(node)
    return found


def name_nodes(node: Node) -> list[Name]:
    """Every :class:`Name` node, with its column, in order of appearance."""
    found: list[Name] = []

    def walk(n: Node) -> None:
        if isinstance(n, Name):
            found.append(n)
        elif isinstance(n, Negate):
            walk(n.operand)
        elif isinstance(n, Binary):
            walk(n.left)
            walk(n.right)
        elif isinstance(n, Call):
            for arg in n.args:
                walk(arg)

    walk(node)
    return found


def is_comparison(node: Node) -> bool:
    """True when the expression is a condition (``a <= b``) rather than a quantity."""
    return isinstance(node, Binary) and node.op in COMPARATORS


def to_text(node: Node) -> str:
    """The expression written back in the file's notation, for messages and reports."""
    if isinstance(node, Number):
        return f"{node.value:g}"
    if isinstance(node, Name):
        return node.id
    if isinstance(node, Negate):
        return f"-{_wrapped(node.operand)}"
    if isinstance(node, Call):
        return f"{node.function}({', '.join(to_text(a) for a in node.args)})"
    return f"{_wrapped(node.left)} {node.op} {_wrapped(node.right)}"


def _wrapped(node: Node) -> str:
    text = to_text(node)
    return f"({text})" if isinstance(node, Binary) else text


def evaluate(node: Node, lookup: Callable[[str], object]):
    """Evaluate over floats or numpy arrays; NaN is «нет данных» and spreads.

    A comparison gives 1.0 (holds), 0.0 (does not) or NaN (cannot tell).
    ``lookup(id)`` returns the value of an element or indicator.

    >>> evaluate(parse("a / b * 100"), {"a": 1.0, "b": 4.0}.__getitem__)
    25.0
    >>> import math; math.isnan(evaluate(parse("a / b"), {"a": 1.0, "b": 0.0}.__getitem__))
    True
    """
    import numpy as np

    def ev(n: Node):
        if isinstance(n, Number):
            return n.value
        if isinstance(n, Name):
            value = lookup(n.id)
            return np.asarray(value, dtype=float) if not isinstance(value, float) else value
        if isinstance(n, Negate):
            return -ev(n.operand)
        if isinstance(n, Call):
            values = [ev(a) for a in n.args]
            result = values[0]
            for value in values[1:]:
                if n.function == "sum":
                    result = result + value
                elif n.function == "min":
                    result = np.minimum(result, value)
                else:
                    result = np.maximum(result, value)
            return result
        left, right = ev(n.left), ev(n.right)
        with np.errstate(divide="ignore", invalid="ignore"):
            if n.op == "+":
                return left + right
            if n.op == "-":
                return left - right
            if n.op == "*":
                return left * right
            if n.op == "/":
                return np.where(np.asarray(right) == 0, np.nan, np.asarray(left) / np.where(np.asarray(right) == 0, 1, right))
            holds = {
                "<=": np.less_equal, ">=": np.greater_equal, "<": np.less,
                ">": np.greater, "==": np.equal, "!=": np.not_equal,
            }[n.op](left, right)
            unknown = np.isnan(left) | np.isnan(right)
            return np.where(unknown, np.nan, holds.astype(float) if hasattr(holds, "astype") else float(holds))

    result = ev(node)
    if isinstance(result, np.ndarray) and result.ndim == 0:
        return float(result)
    return result
