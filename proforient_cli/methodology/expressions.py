"""The small expression language of the methodology file, parsed here and never by ``eval``.

Grammar::

    expression := additive [ comparator additive ]
    additive   := term { ("+" | "-") term }
    term       := unary { ("*" | "/") unary }
    unary      := "-" unary | primary
    primary    := number | name | function "(" expression { "," expression } ")" | "(" expression ")"
    comparator := "<=" | ">=" | "==" | "!=" | "<" | ">"
    function   := "sum" | "min" | "max"

A number is written with a decimal point or a decimal comma (``0.5``, ``0,5``); names are
element or indicator ids (ASCII letters, digits, «_»). The signs a methodist may paste from a
Word document or know from Excel are accepted too: − – — for minus, × · for times, ÷ for
division, ≤ ≥ ≠, ``=`` for ``==`` and ``<>`` for ``!=``.

Evaluation works on floats and on numpy arrays alike, NaN standing for «нет данных»:
any missing operand gives a missing result, and a division by zero gives a missing result too.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
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

# Nesting (parentheses, calls, unary minus) and tree depth are bounded, so that the recursive
# code (the parser, to_text, evaluate, the dataclasses' own == and repr) stays far from
# Python's recursion limit whatever text a methodology holds.
MAX_NESTING = 50
MAX_DEPTH = 100

_TYPOGRAPHIC = {"−": "-", "–": "-", "—": "-", "×": "*", "·": "*", "÷": "/", "≤": "<=", "≥": ">=",
                "≠": "!=", "<>": "!=", "=": "=="}
# Columns are counted on the original text: ≤ ≥ ≠ are one character but stand for two.
_TOKEN = re.compile(
    r"\s*(?:(?P<number>[0-9]+(?:[.,][0-9]+)?)|(?P<name>[^\W\d]\w*(?:\[\s*\w+\s*\])?)"
    r"|(?P<op><=|>=|==|!=|<>|[=≤≥≠<>()+\-*/,−–—×·÷])|(?P<bad>\S))"
)
# Cyrillic letters that look like Latin ones: an id copied from a Word document may carry them.
_LOOKALIKES = str.maketrans("аеорсухкмтнвАЕОРСУХКМТНВ", "aeopcyxkmthbAEOPCYXKMTHB")


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
        value = match.group(kind)
        column = match.start(kind) + 1
        if kind == "bad":
            raise ExpressionError(f"непонятный символ «{value}»", column)
        if kind == "name" and not value.isascii():
            first = next(i for i, c in enumerate(value) if not c.isascii())
            raise ExpressionError(_non_ascii_name(value), column + first)
        if kind == "op":
            value = _TYPOGRAPHIC.get(value, value)
        if kind == "name" and "[" in value:  # a category of a breakdown: «events[noo]», spaces dropped
            value = "".join(value.split())
        tokens.append(_Token(kind, value, column))
        position = match.end()
    tokens.append(_Token("end", "", len(text) + 1))
    return tokens


def latin_lookalike(word: str) -> str | None:
    """The word with Cyrillic look-alike letters made Latin, if that leaves no other non-ASCII.

    >>> latin_lookalike("hоurs")  # the «о» is Cyrillic
    'hours'
    """
    latin = word.translate(_LOOKALIKES)
    return latin if latin.isascii() and latin != word else None


def _non_ascii_name(word: str) -> str:
    latin = latin_lookalike(word)
    if latin:
        letters = "», «".join(dict.fromkeys(c for c in word if not c.isascii()))
        return (f"в коде «{word}» есть кириллические буквы, похожие на латинские («{letters}»); "
                f"наберите код латиницей: «{latin}»")
    return f"«{word}» — коды элементов и показателей пишутся латиницей (строчные буквы, цифры, «_»)"


class _Parser:
    def __init__(self, text: str):
        self.tokens = _tokenize(text)
        self.index = 0
        self.nesting = 0
        self.calls = 0  # how many function calls the parser is inside

    @property
    def current(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.current
        self.index += 1
        return token

    def at(self, *ops: str) -> bool:
        return self.current.kind == "op" and self.current.text in ops

    def expect(self, text: str) -> _Token:
        if not self.at(text):
            raise ExpressionError(f"ожидалось «{text}», {_describe(self.current)}", self.current.column)
        return self.advance()

    def enter(self, token: _Token) -> None:
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise ExpressionError(f"слишком глубокая вложенность (больше {MAX_NESTING} уровней)", token.column)

    def parse(self) -> Node:
        if self.current.kind == "end":
            raise ExpressionError("пустое выражение", 1)
        node = self.comparison()
        if self.current.kind != "end":
            raise ExpressionError(f"лишнее в конце выражения: {_describe(self.current)}", self.current.column)
        return node

    def comparison(self) -> Node:
        left = self.additive()
        if self.at(*COMPARATORS):
            op = self.advance()
            right = self.additive()
            left = Binary(op.text, left, right, op.column)
            if self.at(*COMPARATORS):
                raise ExpressionError("два сравнения подряд: разбейте на два правила", self.current.column)
        return left

    def additive(self) -> Node:
        node = self.term()
        while self.at("+", "-"):
            op = self.advance()
            node = Binary(op.text, node, self.term(), op.column)
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.at("*", "/"):
            op = self.advance()
            node = Binary(op.text, node, self.unary(), op.column)
        return node

    def unary(self) -> Node:
        if self.at("-"):
            op = self.advance()
            self.enter(op)
            operand = self.unary()
            self.nesting -= 1
            return Negate(operand, op.column)
        return self.primary()

    def primary(self) -> Node:
        token = self.current
        if token.kind == "number":
            self.advance()
            if "," in token.text and self.calls:
                raise ExpressionError(
                    f"«{token.text}» внутри скобок функции неоднозначно: десятичную дробь пишите "
                    f"с точкой ({token.text.replace(',', '.')}), а аргументы разделяйте «, » с пробелом",
                    token.column,
                )
            value = float(token.text.replace(",", "."))
            if not math.isfinite(value):
                raise ExpressionError(f"слишком большое число «{token.text[:20]}…»", token.column)
            return Number(value, token.column)
        if token.kind == "name":
            self.advance()
            if not self.at("("):
                return Name(token.text, token.column)
            if token.text not in FUNCTIONS:
                raise ExpressionError(
                    f"неизвестная функция «{token.text}» (допустимы: {', '.join(FUNCTIONS)})", token.column
                )
            self.enter(self.advance())
            self.calls += 1
            args = [self.comparison()]
            while self.at(","):
                self.advance()
                args.append(self.comparison())
            self.expect(")")
            self.calls -= 1
            self.nesting -= 1
            return Call(token.text, tuple(args), token.column)
        if self.at("("):
            self.enter(self.advance())
            node = self.comparison()
            self.expect(")")
            self.nesting -= 1
            return node
        raise ExpressionError(f"ожидалось число, код или «(», {_describe(token)}", token.column)


def _describe(token: _Token) -> str:
    return "а выражение закончилось" if token.kind == "end" else f"получено «{token.text}»"


def _children(node: Node) -> tuple:
    if isinstance(node, Negate):
        return (node.operand,)
    if isinstance(node, Binary):
        return (node.left, node.right)
    if isinstance(node, Call):
        return node.args
    return ()


def _walk(node: Node):
    """Every node, parents before children, left to right (without recursion)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(_children(current)))


def depth(node: Node) -> int:
    """How many levels the tree has: 1 for a number or a name."""
    deepest, stack = 0, [(node, 1)]
    while stack:
        current, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in _children(current))
    return deepest


def parse(text: str) -> Node:
    """Parse an expression, raising :class:`ExpressionError` with the column of the fault.

    Never evaluates anything: the text is only split into numbers, ids, signs and brackets.

    >>> parse("a + 2 * b")
    Binary(op='+', left=Name(id='a', column=1), right=Binary(op='*', left=Number(value=2.0, column=5), right=Name(id='b', column=9), column=7), column=3)
    """
    text = str(text)
    node = _Parser(text).parse()
    if depth(node) > MAX_DEPTH:
        raise ExpressionError(
            f"выражение слишком длинное (больше {MAX_DEPTH} действий подряд); "
            f"длинную сумму запишите как sum(a, b, …)", 1,
        )
    return node


def split_name(name: str) -> tuple[str, str]:
    """An id and the category it names: «events[noo]» → («events», «noo»); «events» → («events», «»).

    >>> split_name("events[noo]"), split_name("events")
    (('events', 'noo'), ('events', ''))
    """
    if name.endswith("]") and "[" in name:
        base, _, category = name[:-1].partition("[")
        return base, category
    return name, ""


def names(node: Node) -> list[str]:
    """Every id the expression refers to, in order of appearance, without repeats.

    >>> names(parse("a / (b + a)"))
    ['a', 'b']
    """
    return list(dict.fromkeys(n.id for n in name_nodes(node)))


def name_nodes(node: Node) -> list[Name]:
    """Every :class:`Name` node, with its column, in order of appearance."""
    return [n for n in _walk(node) if isinstance(n, Name)]


def is_comparison(node: Node) -> bool:
    """True when the expression is a condition (``a <= b``) rather than a quantity."""
    return isinstance(node, Binary) and node.op in COMPARATORS


def to_text(node: Node) -> str:
    """The expression written back in the file's notation, for messages and reports.

    ``parse(to_text(tree))`` gives the same tree again (columns aside).

    >>> to_text(parse("(a+b)*−2"))
    '(a + b) * -2'
    """
    if isinstance(node, Number):
        return _number_text(node.value)
    if isinstance(node, Name):
        return node.id
    if isinstance(node, Negate):
        return f"-{_wrapped(node.operand)}"
    if isinstance(node, Call):
        return f"{node.function}({', '.join(to_text(a) for a in node.args)})"
    return f"{_wrapped(node.left)} {node.op} {_wrapped(node.right)}"


def _number_text(value: float) -> str:
    """Plain decimal notation (the grammar has no exponent), as short as round-tripping allows."""
    text = format(Decimal(repr(float(value))), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _wrapped(node: Node) -> str:
    text = to_text(node)
    return f"({text})" if isinstance(node, Binary) else text


def evaluate(node: Node, lookup: Callable[[str], object]):
    """Evaluate over floats or numpy arrays; NaN is «нет данных» and spreads.

    A comparison gives 1.0 (holds), 0.0 (does not) or NaN (cannot tell).
    ``lookup(id)`` returns the value of an element or indicator: a float, or an array with
    one value per organization. The result is a float when every value was a scalar, else
    an array of floats.

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
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            if n.op == "+":
                return left + right
            if n.op == "-":
                return left - right
            if n.op == "*":
                return left * right
            if n.op == "/":
                zero = np.asarray(right) == 0
                return np.where(zero, np.nan, np.asarray(left) / np.where(zero, 1.0, right))
            holds = {
                "<=": np.less_equal, ">=": np.greater_equal, "<": np.less,
                ">": np.greater, "==": np.equal, "!=": np.not_equal,
            }[n.op](left, right)
            unknown = np.isnan(left) | np.isnan(right)
            return np.where(unknown, np.nan, holds.astype(float) if hasattr(holds, "astype") else float(holds))

    result = ev(node)
    return float(result) if np.ndim(result) == 0 else np.asarray(result, dtype=float)


def evaluate_float(node: Node, lookup: Callable[[str], float]) -> float:
    """:func:`evaluate` for one organization: plain floats, without numpy's per-call cost.

    The same IEEE arithmetic and the same rules — a division by zero and a comparison with
    NaN give NaN, ``min``/``max`` spread NaN — so a check gives what :func:`evaluate` gives;
    validation runs it a few dozen times for every file.

    >>> evaluate_float(parse("a / b * 100"), {"a": 1.0, "b": 4.0}.__getitem__)
    25.0
    >>> import math; math.isnan(evaluate_float(parse("a <= b"), {"a": math.nan, "b": 1.0}.__getitem__))
    True
    """
    if isinstance(node, Number):
        return float(node.value)
    if isinstance(node, Name):
        return float(lookup(node.id))
    if isinstance(node, Negate):
        return -evaluate_float(node.operand, lookup)
    if isinstance(node, Call):
        values = [evaluate_float(a, lookup) for a in node.args]
        result = values[0]
        for value in values[1:]:
            if node.function == "sum":
                result = result + value
            elif result != result or value != value:
                result = math.nan
            elif node.function == "min":
                result = value if value < result else result
            else:
                result = value if value > result else result
        return result
    left, right = evaluate_float(node.left, lookup), evaluate_float(node.right, lookup)
    if node.op == "+":
        return left + right
    if node.op == "-":
        return left - right
    if node.op == "*":
        return left * right
    if node.op == "/":
        return math.nan if right == 0 else left / right
    if left != left or right != right:
        return math.nan
    return float({"<=": left <= right, ">=": left >= right, "<": left < right,
                  ">": left > right, "==": left == right, "!=": left != right}[node.op])
