"""The methodology as the order's own table: «Показатель | Метод расчета | Единица измерения |
Источник данных», grouped by section, like Приложение 2 of the Мосальск order.

Where the file gives the document's own «Метод расчета» (``method``) it is used as written;
otherwise the text is composed from the definition in the document's manner.
"""

from __future__ import annotations

from dataclasses import dataclass

from proforient_cli.core import formatting
from proforient_cli.methodology.expressions import Binary, Call, Name, Negate, Node, Number, is_comparison
from proforient_cli.methodology.model import Indicator, Methodology

UNIT_NAMES = {"%": "%", "ед.": "Единицы", "чел.": "Человек", "шт.": "Штук"}
_COMPARATORS = {"<=": "не больше", ">=": "не меньше", "<": "меньше", ">": "больше", "==": "равно", "!=": "не равно"}

# The opening words of an element's label, in the cases the method text needs them.
_HEADS = (
    ("Общее количество ", "общего количества ", "общему количеству "),
    ("Общая численность ", "общей численности ", "общей численности "),
    ("Количество ", "количества ", "количеству "),
    ("Численность ", "численности ", "численности "),
    ("Число ", "числа ", "числу "),
)


@dataclass(frozen=True)
class Row:
    title: str
    method: str
    unit: str
    source: str
    number: str = ""  # «2.3», as the report and the templates number it


@dataclass(frozen=True)
class SectionRows:
    title: str
    rows: tuple[Row, ...]
    number: str = ""  # «2», or the document's own «10.6»


def _case(label: str, case: int) -> str:
    """The label in the genitive (1) or the dative (2) when it opens with a known head word."""
    for forms in _HEADS:
        if label.startswith(forms[0]):
            return forms[case] + label[len(forms[0]):]
    return f"{'значения' if case == 1 else 'значению'} «{label}»"


class _Describer:
    def __init__(self, methodology: Methodology):
        self.methodology = methodology

    def label(self, id: str) -> str:
        """A value's label by its full meaning: a part worded «Из них …» under its whole is named
        with the whole («Количество педагогов, из них обучены …»), not by the fragment."""
        label = self.methodology.label(id)
        element = self.methodology.element(id)
        if element is not None and element.part_of and label.casefold().startswith("из них"):
            label = f"{self.methodology.label(element.part_of)}, {label[:1].lower()}{label[1:]}"
        return label

    def phrase(self, node: Node, case: int) -> str:
        """An expression in words: a lone element by its label, anything else spelled out."""
        if isinstance(node, Name):
            return _case(self.label(node.id), case)
        word = "суммы" if case == 1 else "сумме"
        if isinstance(node, Binary) and node.op == "+":
            return f"{word} {self.phrase(node.left, 1)} и {self.phrase(node.right, 1)}"
        if isinstance(node, Call) and node.function == "sum":
            return f"{word} " + ", ".join(self.phrase(a, 1) for a in node.args)
        return f"{'значения' if case == 1 else 'значению'} выражения «{self.formula(node)}»"

    def formula(self, node: Node) -> str:
        if isinstance(node, Number):
            return formatting.number(node.value)
        if isinstance(node, Name):
            return f"«{self.label(node.id)}»"
        if isinstance(node, Negate):
            return f"−{self.formula(node.operand)}"
        if isinstance(node, Call):
            name = {"sum": "сумма", "min": "минимум", "max": "максимум"}[node.function]
            return f"{name}({'; '.join(self.formula(a) for a in node.args)})"
        if node.op in _COMPARATORS:
            return f"{self.formula(node.left)} {_COMPARATORS[node.op]} {self.formula(node.right)}"
        sign = {"+": "+", "-": "−", "*": "×", "/": "÷"}[node.op]
        left, right = self.formula(node.left), self.formula(node.right)
        if isinstance(node.left, Binary):
            left = f"({left})"
        if isinstance(node.right, Binary):
            right = f"({right})"
        return f"{left} {sign} {right}"

    def method(self, indicator: Indicator) -> str:
        if indicator.method:
            text = indicator.method
        elif indicator.kind == "share":
            text = (f"Отношение {self.phrase(indicator.numerator.node, 1)}, "  # the comma the orders write
                    f"к {self.phrase(indicator.denominator.node, 2)}, умноженное на 100")
        elif indicator.kind == "sum":
            node = indicator.expression.node
            text = (f"{self.label(node.id)} (сумма по всем организациям)" if isinstance(node, Name)
                    else f"Сумма по всем организациям: {self.formula(node)}")
        elif indicator.kind == "count":
            node = indicator.expression.node
            if isinstance(node, Name):
                text = f"Количество организаций, ответивших «да» на вопрос «{self.label(node.id)}»"
            elif is_comparison(node):
                text = f"Количество организаций, у которых {self.formula(node)}"
            else:
                text = f"Количество организаций: {self.formula(node)}"
        else:
            text = f"Рассчитывается по формуле: {self.formula(indicator.expression.node)} (по суммам организаций)"
        if indicator.by and self.methodology.dimension(indicator.by) is not None:
            dimension = self.methodology.dimension(indicator.by)
            categories = ", ".join(c.title.lower() for c in dimension.categories)
            text = f"{text.rstrip('.')}; рассчитывается отдельно по каждой категории ({categories})"
        if indicator.cumulative:
            text = f"{text.rstrip('.')}, нарастающим итогом за отчётные периоды"
        if indicator.target is not None:
            text = f"{text.rstrip('.')}. Целевое значение: {target_text(indicator)}".replace("\u00a0", " ")
        return text


def target_text(indicator: Indicator, noun: formatting.Noun = formatting.ORGANIZATION) -> str:
    """An indicator's goal in words: «не менее 200 чел.», «не менее 3 раз в каждой организации»,
    a count's «обязательно в каждой организации», a roadmap's «на 2022 г. — …; на 2023 г. — …».
    The report says a goal set for other years only in these words too."""
    target, unit = indicator.target, indicator.display_unit
    where = f" {noun.each}" if target.per_organization else ""

    def bounds_text(bounds) -> str:
        if indicator.kind == "count":  # a number of organizations, in the documents' words
            return formatting.count_target(bounds.at_least, bounds.at_most, target.per_organization, noun=noun)
        return formatting.target(bounds.at_least, bounds.at_most, unit) + where

    if target.by_period:
        return "; ".join(f"на {period}{formatting.NBSP + 'г.' if period.isdigit() else ''} — {bounds_text(bounds)}"
                         for period, bounds in target.by_period)
    return bounds_text(target)


def describe(methodology: Methodology) -> list[SectionRows]:
    """Every indicator, section by section, as a row of the order's table."""
    describer = _Describer(methodology)
    sections = []
    for section in methodology.sections:
        indicators = [i for i in methodology.indicators if i.section == section.id]
        if not indicators:
            continue
        number = methodology.section_numbers[section.id]
        rows = tuple(
            Row(formatting.nested_quotes(i.title), formatting.nested_quotes(describer.method(i)),
                UNIT_NAMES.get(i.display_unit, i.display_unit), i.source, i.number or f"{number}.{place}")
            for place, i in enumerate(indicators, start=1)
        )
        sections.append(SectionRows(formatting.nested_quotes(section.title), rows, number))
    return sections
