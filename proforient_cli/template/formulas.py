"""Methodology expressions written as Excel formulas, for the live warnings of a template.

A live check is a condition over «Значение» cells and a Russian message; :func:`warnings_formula`
turns the checks of one row into a single formula that shows the messages of those that fire and
an empty string otherwise. A check fires only when all its cells are filled: a blank cell is
«нет данных», never zero, so it must not raise an alarm.

>>> from proforient_cli.methodology.expressions import parse
>>> excel_expression(parse("hours <= events * 100"), {"hours": "D15", "events": "D14"}.__getitem__)
'D15<=D14*100'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from proforient_cli.methodology.expressions import Binary, Call, Name, Negate, Node, Number, is_comparison
from proforient_cli.template.layout import NO, YES

_EXCEL_OPERATORS = {"==": "=", "!=": "<>"}
_NEGATED = {"<=": ">", "<": ">=", ">=": "<", ">": "<=", "==": "!=", "!=": "=="}
_STRING_LIMIT = 250  # Excel refuses a string constant longer than 255 characters in a formula
_SEPARATOR = "; "


@dataclass(frozen=True)
class LiveCheck:
    """One live check: ``condition`` (an Excel boolean over ``numbers`` and ``flags``) means trouble."""

    condition: str
    message: str
    numbers: tuple[str, ...] = ()  # cells that must hold a number for the check to apply
    flags: tuple[str, ...] = ()  # cells that must hold да or нет
    may_fail: bool = False  # the condition divides, so a zero must not show #DIV/0!


def excel_string(text: str) -> str:
    """An Excel string constant; long texts are joined from pieces Excel accepts.

    >>> excel_string('Код «a», "b" и c')
    '"Код «a», ""b"" и c"'
    """
    pieces = [text[i:i + _STRING_LIMIT] for i in range(0, len(text), _STRING_LIMIT)] or [""]
    return "&".join('"' + piece.replace('"', '""') + '"' for piece in pieces)


def excel_number(value: float) -> str:
    """A number as Excel reads it in a formula: ``100``, ``0.5``, ``1E-05``."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value)).upper()


def flag_value(cell: str) -> str:
    """A да/нет cell as 1 or 0, the way the computation counts flags."""
    return f'IF({cell}="{YES}",1,0)'


def excel_expression(node: Node, cell: Callable[[str], str]) -> str:
    """The expression in Excel syntax; ``cell(id)`` gives the formula text standing for an element."""
    if isinstance(node, Number):
        return excel_number(node.value)
    if isinstance(node, Name):
        return cell(node.id)
    if isinstance(node, Negate):
        operand = excel_expression(node.operand, cell)
        return f"-({operand})" if isinstance(node.operand, (Binary, Negate)) else f"-{operand}"
    if isinstance(node, Call):
        return f"{node.function.upper()}({','.join(excel_expression(a, cell) for a in node.args)})"
    op = _EXCEL_OPERATORS.get(node.op, node.op)
    return f"{_operand(node.left, node, cell, False)}{op}{_operand(node.right, node, cell, True)}"


def _precedence(node: Node) -> int:
    if isinstance(node, Binary):
        return 2 if node.op in "*/" else 1 if node.op in "+-" else 0
    return 4 if isinstance(node, (Number, Name, Call)) else 3


def _operand(node: Node, parent: Binary, cell: Callable[[str], str], right: bool) -> str:
    """An operand, in parentheses when Excel would otherwise group it differently."""
    text = excel_expression(node, cell)
    child, outer = _precedence(node), _precedence(parent)
    needs = child < outer or (right and child == outer) or isinstance(node, Negate)
    return f"({text})" if needs else text


def violation(node: Node, cell: Callable[[str], str]) -> str:
    """The Excel condition that holds when a rule's comparison fails: ``a <= b`` gives ``a>b``."""
    if not is_comparison(node):
        raise ValueError("a rule must be a comparison")
    return excel_expression(Binary(_NEGATED[node.op], node.left, node.right, node.column), cell)


def divides(node: Node) -> bool:
    """Whether the expression has a division, which a zero turns into an error."""
    if isinstance(node, Binary):
        return node.op == "/" or divides(node.left) or divides(node.right)
    if isinstance(node, Negate):
        return divides(node.operand)
    if isinstance(node, Call):
        return any(divides(a) for a in node.args)
    return False


def _piece(check: LiveCheck, prefix: str) -> str:
    guards = [f"ISNUMBER({c})" for c in check.numbers]
    guards += [f'OR({c}="{YES}",{c}="{NO}")' for c in check.flags]
    condition = f"AND({','.join(guards + [check.condition])})" if guards else check.condition
    text = f'IF({condition},{excel_string(prefix + check.message)},"")'
    return f'IFERROR({text},"")' if check.may_fail else text


def warnings_formula(checks: Iterable[LiveCheck]) -> str | None:
    """One formula showing the message of every check that fires, joined by «; », or None if none.

    >>> warnings_formula([LiveCheck("D14>D13", "Больше, чем «Всего»", numbers=("D14", "D13"))])
    '=IF(AND(ISNUMBER(D14),ISNUMBER(D13),D14>D13),"Больше, чем «Всего»","")'
    """
    checks = list(checks)
    if not checks:
        return None
    if len(checks) == 1:
        return "=" + _piece(checks[0], "")
    joined = "&".join(_piece(c, _SEPARATOR) for c in checks)
    return f"=MID({joined},{len(_SEPARATOR) + 1},4000)"

