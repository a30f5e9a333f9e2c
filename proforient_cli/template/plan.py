"""What the data sheet of a template holds, before any cell is styled: rows and live checks.

:func:`arrange` orders an organization's elements by section, each part («из них …») directly
under its whole; :func:`live_checks` gives, for each element row, the warnings its «Проверка»
cell shows: a part above its whole, a share's numerator above its denominator, a failed rule.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from proforient_cli.template.formulas import LiveCheck, divides, flag_value, violation
from proforient_cli.methodology.expressions import Name, split_name
from proforient_cli.methodology.model import Category, Element, Methodology

OTHER_SECTION = "Прочие показатели"
_LABEL_LIMIT = 90  # a label quoted in a warning is shortened to keep the cell readable


@dataclass(frozen=True)
class ElementRow:
    element: Element
    depth: int = 0  # 0 for a whole or a standalone element, 1 for its parts, 2 for parts of parts
    category: Category | None = None  # one input of an element with a breakdown
    heading: bool = False  # the label of an element with a breakdown: its categories follow, no input
    number: str = ""  # «№ п/п»: «1.2», a part «1.2.1», a category «1.3.1»

    @property
    def code(self) -> str:
        """The «Код» of the row: «events», «events[noo]»; none for a heading."""
        if self.heading:
            return ""
        return f"{self.element.id}[{self.category.id}]" if self.category else self.element.id


@dataclass(frozen=True)
class SectionBlock:
    title: str
    rows: tuple[ElementRow, ...]
    number: str = ""  # the section's number: the document's own, or its place


def arrange(methodology: Methodology, org_type: str | None) -> list[SectionBlock]:
    """The sections in the document's order, each with the rows of the elements this type reports."""
    applicable = methodology.elements_for(org_type)
    ids = {e.id for e in applicable}
    parts: dict[str, list[Element]] = {}
    for element in applicable:
        if element.part_of in ids:
            parts.setdefault(element.part_of, []).append(element)

    def with_parts(element: Element, depth: int) -> list[ElementRow]:
        categories = methodology.categories_for(element, org_type)
        if categories:  # the label, then one input per category; the total is never typed
            rows = [ElementRow(element, depth, heading=True)]
            rows.extend(ElementRow(element, depth + 1, category) for category in categories)
        else:
            rows = [ElementRow(element, depth)]
        for part in parts.get(element.id, ()):
            rows.extend(with_parts(part, depth + 1))
        return rows

    roots = [e for e in applicable if e.part_of not in ids]
    section_ids = [s.id for s in methodology.sections]
    blocks = []
    for section in methodology.sections:
        rows = [row for e in roots if e.section == section.id for row in with_parts(e, 0)]
        if rows:  # numbered as the report numbers it, whichever sections this organization has
            number = methodology.section_numbers[section.id]
            blocks.append(SectionBlock(section.title, _numbered(rows, number), number))
    strays = [row for e in roots if e.section not in section_ids for row in with_parts(e, 0)]
    if strays:
        number = str(len(blocks) + 1)
        blocks.append(SectionBlock(OTHER_SECTION, _numbered(strays, number), number))
    return blocks


def _numbered(rows: list[ElementRow], section: str) -> tuple[ElementRow, ...]:
    """The «№ п/п» of each row: «1.2» for the second row of section 1, «1.2.1» for its first part."""
    counters: list[int] = []
    numbered = []
    for row in rows:
        del counters[row.depth + 1:]
        while len(counters) <= row.depth:
            counters.append(0)
        counters[row.depth] += 1
        numbered.append(replace(row, number=".".join([section, *map(str, counters)])))
    return tuple(numbered)


def part_label(element: Element) -> str:
    """A part's label as the document writes it, under its whole: «из них: …».

    >>> part_label(Element("a", "Обучающиеся, прошедшие анкетирование", "count", "s"))
    'из них: обучающиеся, прошедшие анкетирование'
    """
    label = element.label.strip()
    if label.casefold().startswith(("из них", "в том числе", "в т.ч.", "из общего")):
        return label
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        label = label[0].lower() + label[1:]
    return f"из них: {label}"


def _short(label: str) -> str:
    label = " ".join(label.split())
    return label if len(label) <= _LABEL_LIMIT else label[:_LABEL_LIMIT - 1].rstrip() + "…"


def _ancestors(methodology: Methodology, element: Element) -> list[str]:
    found: list[str] = []
    current = element
    while current.part_of and current.part_of not in found:
        found.append(current.part_of)
        current = methodology.element(current.part_of) or Element(current.part_of, "", "", "")
    return found


def live_checks(methodology: Methodology, codes: dict[str, Element], cell: Callable[[str], str],
                row: Callable[[str], int]) -> dict[str, list[LiveCheck]]:
    """The checks each row's «Проверка» cell shows, by the row's «Код».

    ``codes`` are the input rows on the sheet, each code («pupils», «pupils[noo]») with its
    element; ``cell(code)`` is the address of a row's «Значение» cell and ``row(code)`` its row
    number, quoted in the message so the school finds the other row. The total of an element with
    a breakdown has no cell: a check that needs it is left to ``compute``.
    """
    checks: dict[str, list[LiveCheck]] = {}
    compared: set[tuple[str, str]] = set()

    def not_above(small: str, big: str) -> None:
        if (small, big) in compared or small == big or not (codes[small].is_numeric and codes[big].is_numeric):
            return
        compared.add((small, big))
        a, b = cell(small), cell(big)
        message = f"Больше, чем «{_short(methodology.label(big))}» (строка {row(big)})"
        checks.setdefault(small, []).append(LiveCheck(f"{a}>{b}", message, numbers=(a, b)))

    for code, element in codes.items():
        whole = element.part_of
        if whole and code != element.id and whole == split_name(whole)[0]:
            whole = f"{whole}{code[len(element.id):]}"  # «covered[noo]» under «pupils[noo]»
        if whole in codes:
            not_above(code, whole)
    for indicator in methodology.indicators:
        if indicator.kind != "share" or indicator.numerator is None or indicator.denominator is None:
            continue
        top, bottom = indicator.numerator.node, indicator.denominator.node
        if not (isinstance(top, Name) and isinstance(bottom, Name)):
            continue  # only a single element over a single element is checked in the sheet
        if top.id in codes and bottom.id in codes \
                and split_name(bottom.id)[0] not in _ancestors(methodology, codes[top.id]):
            not_above(top.id, bottom.id)
    for rule in methodology.rules:
        ids = rule.check.names
        used = [codes.get(i) for i in ids]
        if not ids or any(e is None or e.type == "text" for e in used):
            continue  # the rule is not this organization's, or it cannot be checked in a cell

        def operand(id: str) -> str:
            return flag_value(cell(id)) if codes[id].type == "flag" else cell(id)

        check = LiveCheck(violation(rule.check.node, operand), rule.message,
                          numbers=tuple(cell(i) for i, e in zip(ids, used) if e.type != "flag"),
                          flags=tuple(cell(i) for i, e in zip(ids, used) if e.type == "flag"),
                          may_fail=divides(rule.check.node))
        checks.setdefault(ids[0], []).append(check)
    return checks
