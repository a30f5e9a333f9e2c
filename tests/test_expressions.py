"""The expression grammar of the methodology file: parsing, errors, writing back, evaluating."""

from __future__ import annotations

import builtins
import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proforient_cli.methodology.expressions import (
    COMPARATORS,
    FUNCTIONS,
    MAX_DEPTH,
    Binary,
    Call,
    ExpressionError,
    Name,
    Negate,
    Number,
    evaluate,
    evaluate_float,
    is_comparison,
    name_nodes,
    names,
    parse,
    to_text,
)


def bare(node):
    """The tree with every column set to 0, to compare shapes only."""
    if isinstance(node, Number):
        return Number(node.value, 0)
    if isinstance(node, Name):
        return Name(node.id, 0)
    if isinstance(node, Negate):
        return Negate(bare(node.operand), 0)
    if isinstance(node, Binary):
        return Binary(node.op, bare(node.left), bare(node.right), 0)
    return Call(node.function, tuple(bare(a) for a in node.args), 0)


def same(a: str, b: str) -> bool:
    return bare(parse(a)) == bare(parse(b))


# -- parsing ------------------------------------------------------------------------------------


def test_tree_with_columns():
    assert parse("a + 2 * b") == Binary(
        "+", Name("a", 1), Binary("*", Number(2.0, 5), Name("b", 9), 7), 3,
    )


@pytest.mark.parametrize("text, grouped", [
    ("a + b * c", "a + (b * c)"),
    ("a * b + c", "(a * b) + c"),
    ("a - b - c", "(a - b) - c"),
    ("a / b / c", "(a / b) / c"),
    ("a / b * c", "(a / b) * c"),
    ("a + b <= c * d", "(a + b) <= (c * d)"),
    ("-a * b", "(-a) * b"),
    ("-a + b", "(-a) + b"),
    ("a - -b", "a - (-b)"),
    ("--a", "-(-a)"),
    ("((a))", "a"),
])
def test_precedence(text, grouped):
    assert same(text, grouped)


def test_unary_minus():
    assert bare(parse("-5")) == Negate(Number(5.0, 0), 0)
    assert bare(parse("-(a + b)")) == Negate(Binary("+", Name("a", 0), Name("b", 0), 0), 0)
    assert parse("a*-b") == Binary("*", Name("a", 1), Negate(Name("b", 4), 3), 2)


def test_functions():
    assert parse("sum(a, b, 3)") == Call("sum", (Name("a", 5), Name("b", 8), Number(3.0, 11)), 1)
    assert bare(parse("max(a, min(b, c))")) == bare(Call("max", (Name("a", 0), Call("min", (
        Name("b", 0), Name("c", 0)), 0)), 0))
    assert bare(parse("min(a > 0, b)")).args[0] == Binary(">", Name("a", 0), Number(0.0, 0), 0)
    assert FUNCTIONS == ("sum", "min", "max")


def test_a_function_name_alone_is_a_name():
    assert parse("sum") == Name("sum", 1)


@pytest.mark.parametrize("typographic, plain", [
    ("a − b", "a - b"),
    ("a – b", "a - b"),
    ("a — b", "a - b"),
    ("a × b", "a * b"),
    ("a · b", "a * b"),
    ("a ÷ b", "a / b"),
    ("a ≤ b", "a <= b"),
    ("a ≥ b", "a >= b"),
    ("a ≠ b", "a != b"),
    ("a = b", "a == b"),
    ("a <> b", "a != b"),
    ("−a", "-a"),
    ("0,5 × a", "0.5 * a"),
])
def test_typographic_signs(typographic, plain):
    assert same(typographic, plain)


def test_columns_count_characters_of_the_original_text():
    assert parse("a ≤ b").column == 3
    assert parse("a ≤ b").right == Name("b", 5)
    assert parse("a <= b").right == Name("b", 6)
    assert parse("  a").column == 3


@pytest.mark.parametrize("op", COMPARATORS)
def test_comparisons(op):
    node = parse(f"a {op} b + 1")
    assert is_comparison(node) and node.op == op
    assert bare(node.right) == Binary("+", Name("b", 0), Number(1.0, 0), 0)


def test_a_quantity_is_not_a_comparison():
    assert not is_comparison(parse("a + b"))
    assert not is_comparison(parse("(a < b) + 1"))


def test_numbers():
    assert parse("12").value == 12.0
    assert parse("0.25").value == 0.25
    assert parse("0,25").value == 0.25  # the Russian decimal comma


def test_names_in_order_without_repeats():
    assert names(parse("b / (a + b) * max(c, a)")) == ["b", "a", "c"]
    assert [(n.id, n.column) for n in name_nodes(parse("b / (a + b)"))] == [("b", 1), ("a", 6), ("b", 10)]
    assert names(parse("1 + 2")) == []


# -- errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, column, phrase", [
    ("", 1, "пустое выражение"),
    ("   ", 1, "пустое выражение"),
    ("a +", 4, "а выражение закончилось"),
    ("a + * b", 5, "получено «*»"),
    ("(a + b", 7, "ожидалось «)»"),
    ("a + b)", 6, "лишнее в конце выражения"),
    ("a b", 3, "лишнее в конце выражения: получено «b»"),
    ("a < b < c", 7, "два сравнения подряд"),
    ("a ^ 2", 3, "непонятный символ «^»"),
    ("a % b", 3, "непонятный символ «%»"),
    ("avg(a, b)", 1, "неизвестная функция «avg»"),
    ("sum()", 5, "получено «)»"),
    ("sum(a b)", 7, "ожидалось «)»"),
    ("max(a,1,5)", 7, "неоднозначно"),
    ("1.", 2, "непонятный символ «.»"),
    ("1e5", 2, "лишнее в конце"),
    ("часы + a", 1, "пишутся латиницей"),
    ("a + hоurs", 6, "наберите код латиницей: «hours»"),
    ("9" * 400, 1, "слишком большое число"),
    ("a.b", 2, "непонятный символ «.»"),
    ("'a'", 1, "непонятный символ «'»"),
])
def test_errors_name_the_column(text, column, phrase):
    with pytest.raises(ExpressionError) as raised:
        parse(text)
    assert raised.value.column == column
    assert phrase in raised.value.message


@pytest.mark.parametrize("text", [
    "__import__('os')",
    "__import__('os').system('echo hacked')",
    "open('x').read()",
    "().__class__.__bases__",
    "[x for x in (1, 2)]",
    "lambda: 1",
    "1 if a else 2",
    "a; b",
    "a and b",
])
def test_python_is_not_an_expression(text):
    with pytest.raises(ExpressionError):
        parse(text)


def test_parse_and_evaluate_never_call_eval(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("eval, exec and compile are not to be used")

    for name in ("eval", "exec", "compile"):
        monkeypatch.setattr(builtins, name, forbidden)
    assert evaluate(parse("sum(a, 2) * 3"), {"a": 1.0}.__getitem__) == 9.0


def test_deep_nesting_is_an_error_not_a_crash():
    with pytest.raises(ExpressionError, match="вложенность"):
        parse("(" * 1000 + "a" + ")" * 1000)
    with pytest.raises(ExpressionError, match="вложенность"):
        parse("-" * 5000 + "a")
    with pytest.raises(ExpressionError, match=r"sum\(a, b, …\)"):
        parse(" + ".join(["a"] * (MAX_DEPTH + 5)))
    assert names(parse("sum(" + ", ".join(f"a{i}" for i in range(500)) + ")"))[-1] == "a499"


# -- writing back ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text, written", [
    ("a+b*c", "a + (b * c)"),
    ("(a+b)*c", "(a + b) * c"),
    ("−a×2", "-a * 2"),
    ("-(a-b)", "-(a - b)"),
    ("max(a,b)", "max(a, b)"),
    ("a ≤ b", "a <= b"),
    ("0,5", "0.5"),
    ("1234567", "1234567"),
    ("0.1", "0.1"),
    ("100.0", "100"),
])
def test_to_text(text, written):
    assert to_text(parse(text)) == written
    assert same(to_text(parse(text)), text)


def test_to_text_writes_numbers_without_an_exponent():
    assert to_text(Number(1e-20, 1)) == "0.00000000000000000001"
    assert to_text(Number(1.5e20, 1)) == "150000000000000000000"
    assert parse(to_text(Number(1e-20, 1))).value == 1e-20


# -- evaluating -----------------------------------------------------------------------------------


def value_of(text: str, **values):
    return evaluate(parse(text), values.__getitem__)


def test_evaluate_on_floats():
    assert value_of("a / b * 100", a=1.0, b=4.0) == 25.0
    assert value_of("-a + 2 * b", a=1.0, b=3.0) == 5.0
    assert value_of("sum(a, b, 1)", a=1.0, b=2.0) == 4.0
    assert value_of("min(a, b)", a=1.0, b=2.0) == 1.0
    assert value_of("max(a, b)", a=1.0, b=2.0) == 2.0
    assert value_of("2 * 3") == 6.0
    assert isinstance(value_of("a + 1", a=1), float)


def test_missing_spreads_and_division_by_zero_is_missing():
    nan = float("nan")
    assert math.isnan(value_of("a + b", a=1.0, b=nan))
    assert math.isnan(value_of("a / b", a=1.0, b=0.0))
    assert math.isnan(value_of("a / b", a=0.0, b=0.0))
    assert math.isnan(value_of("max(a, b)", a=1.0, b=nan))
    assert math.isnan(value_of("sum(a, b)", a=nan, b=1.0))
    assert math.isnan(value_of("a <= b", a=nan, b=1.0))
    assert math.isnan(value_of("a", a=None))


def test_comparisons_give_one_zero_or_missing():
    assert value_of("a <= b", a=1.0, b=2.0) == 1.0
    assert value_of("a > b", a=1.0, b=2.0) == 0.0
    assert value_of("a == b", a=2.0, b=2.0) == 1.0
    assert value_of("a != b", a=2.0, b=2.0) == 0.0


def test_evaluate_on_arrays():
    a = np.array([1.0, 2.0, np.nan, 4.0])
    b = np.array([2.0, 0.0, 1.0, 4.0])
    result = value_of("a / b * 100", a=a, b=b)
    np.testing.assert_array_equal(result, [50.0, np.nan, np.nan, 100.0])
    np.testing.assert_array_equal(value_of("a <= b", a=a, b=b), [1.0, 0.0, np.nan, 1.0])
    np.testing.assert_array_equal(value_of("max(a, b) - 1", a=a, b=b), [1.0, 1.0, np.nan, 3.0])
    np.testing.assert_array_equal(value_of("-a", a=a), [-1.0, -2.0, np.nan, -4.0])
    np.testing.assert_array_equal(value_of("a + 1", a=[1, 2]), [2.0, 3.0])  # any sequence of numbers


def test_evaluate_mixes_arrays_and_scalars():
    a = np.array([1.0, 3.0])
    np.testing.assert_array_equal(value_of("a / total", a=a, total=4.0), [0.25, 0.75])


# -- properties -----------------------------------------------------------------------------------


_TOKENS = st.sampled_from(
    ["a", "b_1", "sum", "min", "max", "avg", "(", ")", ",", "+", "-", "*", "/", "<", "<=", ">", ">=", "==",
     "!=", "=", "<>", "−", "×", "÷", "≤", "≥", "≠", "1", "2,5", "0.5", "1,5", " ", "  ", ".", "^", "ы", "о",
     "__import__", "'", '"', "\n", "\t", "9" * 320]
)


@settings(max_examples=500)
@given(st.one_of(st.text(max_size=40), st.lists(_TOKENS, max_size=30).map("".join)))
def test_parse_returns_a_tree_or_raises_expression_error(text):
    try:
        node = parse(text)
    except ExpressionError as error:
        assert 1 <= error.column <= len(text) + 1
        assert error.message
    else:
        assert isinstance(node, (Number, Name, Negate, Binary, Call))
        assert same(to_text(node), text)  # what parses, writes back to the same tree


_NAMES = st.from_regex(r"[a-z_][a-z0-9_]{0,6}", fullmatch=True)
_LEAVES = st.one_of(
    st.builds(Number, st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_infinity=False), st.just(0)),
    st.builds(Number, st.integers(0, 10**6).map(float), st.just(0)),
    st.builds(Name, _NAMES, st.just(0)),
)


def _extend(children):
    return st.one_of(
        st.builds(Negate, children, st.just(0)),
        st.builds(Binary, st.sampled_from(["+", "-", "*", "/", *COMPARATORS]), children, children, st.just(0)),
        st.builds(Call, st.sampled_from(FUNCTIONS), st.lists(children, min_size=1, max_size=4).map(tuple),
                  st.just(0)),
    )


TREES = st.recursive(_LEAVES, _extend, max_leaves=25)


@settings(max_examples=500)
@given(TREES)
def test_round_trip_of_generated_trees(tree):
    assert bare(parse(to_text(tree))) == tree


@settings(max_examples=200)
@given(TREES, st.floats(allow_nan=True, allow_infinity=False, width=32))
def test_scalars_and_arrays_evaluate_alike(tree, value):
    def scalar(name):
        return float(value)

    def array(name):
        return np.array([float(value), float(value)])

    alone = evaluate(tree, scalar)
    together = evaluate(tree, array)
    assert isinstance(alone, float)
    together = np.broadcast_to(together, (2,))
    np.testing.assert_array_equal(together, [alone, alone])


def test_nodes_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        parse("a").id = "b"


@settings(max_examples=300)
@given(TREES, st.lists(st.one_of(st.floats(allow_nan=True, allow_infinity=True, width=32),
                                 st.sampled_from([0.0, -0.0, 1.0, 2.0])), min_size=1, max_size=4))
def test_the_float_evaluator_gives_what_the_array_evaluator_gives(tree, values):
    def lookup(name):
        return float(values[sum(map(ord, name)) % len(values)])

    expected = evaluate(tree, lookup)
    got = evaluate_float(tree, lookup)
    assert isinstance(got, float)
    assert got == expected or (math.isnan(got) and math.isnan(expected))
