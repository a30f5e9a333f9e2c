"""Cross-reference checks of a built methodology: what refers to what, and whether it fits."""

from __future__ import annotations

from proforient_cli.diagnostics import Diagnostic
from proforient_cli.expressions import Name, is_comparison, name_nodes
from proforient_cli.methodology import Expression, Indicator, Methodology
from proforient_cli.methodology_load import suggestion
from proforient_cli.yaml_nodes import Pos

TYPE_NAMES = {"count": "целое число", "number": "число", "flag": "да/нет", "text": "текст"}


def check_semantics(methodology: Methodology, file: str) -> list[Diagnostic]:
    """Every reference resolved, every kind fitting its elements, no cycles; plus the warnings."""
    found: list[Diagnostic] = []

    def report(code: str, pos: Pos, message: str) -> None:
        found.append(Diagnostic(code, file, pos.line, pos.column, message))

    section_ids = [s.id for s in methodology.sections]
    element_ids = [e.id for e in methodology.elements]
    indicator_ids = [i.id for i in methodology.indicators]
    types = methodology.organization_types

    for element in methodology.elements:
        if element.section and element.section not in section_ids:
            report("E106", element.pos, f"элемент «{element.id}» ссылается на неизвестный раздел "
                                        f"«{element.section}»{suggestion(element.section, section_ids)}")
        for org_type in element.applies_to:
            if org_type not in types:
                report("E122", element.pos, f"у элемента «{element.id}» неизвестный тип организации «{org_type}»"
                                            f"{suggestion(org_type, types)}; допустимы: {', '.join(types)}")
        if element.part_of:
            whole = methodology.element(element.part_of)
            if whole is None:
                report("E107", element.pos, f"элемент «{element.id}» указан как часть неизвестного элемента "
                                            f"«{element.part_of}»{suggestion(element.part_of, element_ids)}")
            elif whole.type != element.type:
                report("E112", element.pos, f"элемент «{element.id}» ({TYPE_NAMES.get(element.type, element.type)}) "
                                            f"указан как часть элемента «{whole.id}» другого вида "
                                            f"({TYPE_NAMES.get(whole.type, whole.type)})")
    for element in _part_of_cycles(methodology):
        report("E113", element.pos, f"элемент «{element.id}» в цикле part_of: часть не может входить сама в себя")

    for indicator in methodology.indicators:
        if indicator.section and indicator.section not in section_ids:
            report("E106", indicator.pos, f"показатель «{indicator.id}» ссылается на неизвестный раздел "
                                          f"«{indicator.section}»{suggestion(indicator.section, section_ids)}")
        _check_indicator(methodology, indicator, report, element_ids + indicator_ids)
    for indicator in _formula_cycles(methodology):
        report("E114", indicator.pos, f"показатель «{indicator.id}» вычисляется через самого себя (цикл в формулах)")

    for rule in methodology.rules:
        for name in name_nodes(rule.check.node):
            if name.id not in element_ids:
                report("E116", rule.check.pos_of(name.column), f"правило «{rule.check.text}» ссылается на "
                                                               f"неизвестный элемент «{name.id}»"
                                                               f"{suggestion(name.id, element_ids)}")

    used = {name for i in methodology.indicators for name in i.references()}
    used |= {name for r in methodology.rules for name in r.check.names}
    for element in methodology.elements:
        if element.type != "text" and element.id not in used:
            report("W201", element.pos, f"элемент «{element.id}» не используется ни в одном показателе или правиле")
    for section in methodology.sections:
        if not any(e.section == section.id for e in methodology.elements) and \
                not any(i.section == section.id for i in methodology.indicators):
            report("W202", section.pos, f"в разделе «{section.id}» нет ни элементов, ни показателей")
    return found


def _check_indicator(methodology: Methodology, indicator: Indicator, report, known: list[str]) -> None:
    what = f"показателя «{indicator.id}»"
    parts = [("числителе", indicator.numerator), ("знаменателе", indicator.denominator),
             ("выражении", indicator.expression)]
    for place, expression in parts:
        if expression is None:
            continue
        for name in name_nodes(expression.node):
            pos = expression.pos_of(name.column)
            element = methodology.element(name.id)
            if element is None and methodology.indicator(name.id) is None:
                report("E107", pos, f"в {place} {what} неизвестный код «{name.id}»{suggestion(name.id, known)}")
            elif element is None and indicator.kind != "formula":
                report("E107", pos, f"в {place} {what} «{name.id}» — показатель; на другие показатели "
                                    f"можно ссылаться только в formula")
            elif element is not None and indicator.kind in ("share", "sum") and element.type in ("flag", "text"):
                report("E110", pos, f"{what}: {'доля' if indicator.kind == 'share' else 'сумма'} по элементу "
                                    f"«{name.id}» вида «{TYPE_NAMES[element.type]}»; нужен числовой элемент "
                                    f"(для «да/нет» используйте count)")
            elif element is not None and element.type == "text":
                report("E110", pos, f"{what}: элемент «{name.id}» текстовый и не может входить в расчёт")
    if indicator.kind == "count" and indicator.expression is not None:
        _check_count(methodology, indicator.expression, what, report)
    if indicator.target is not None and any(
        (methodology.element(n) is not None and methodology.element(n).type == "text") for n in indicator.references()
    ):
        report("E117", indicator.target.pos, f"у {what} задано целевое значение, но он считается по тексту")


def _check_count(methodology: Methodology, expression: Expression, what: str, report) -> None:
    node = expression.node
    if isinstance(node, Name):
        element = methodology.element(node.id)
        if element is not None and element.type != "flag":
            report("E111", expression.pos, f"{what}: count считает организации с ответом «да», а элемент "
                                           f"«{node.id}» вида «{TYPE_NAMES.get(element.type, element.type)}»; "
                                           f"для чисел используйте sum или условие (например, {node.id} > 0)")
    elif not is_comparison(node):
        report("E111", expression.pos, f"{what}: count должен быть элементом «да/нет» или условием "
                                       f"(например, a > 0), получено «{expression.text}»")


def _part_of_cycles(methodology: Methodology) -> list:
    in_cycle = []
    for element in methodology.elements:
        seen, current = {element.id}, element
        while current is not None and current.part_of:
            if current.part_of == element.id:
                in_cycle.append(element)
                break
            if current.part_of in seen:
                break
            seen.add(current.part_of)
            current = methodology.element(current.part_of)
    return in_cycle


def _formula_cycles(methodology: Methodology) -> list[Indicator]:
    def depends(indicator: Indicator) -> list[str]:
        return [n for n in indicator.references() if methodology.indicator(n) is not None]

    in_cycle = []
    for indicator in methodology.indicators:
        stack, seen = list(depends(indicator)), set()
        while stack:
            current = stack.pop()
            if current == indicator.id:
                in_cycle.append(indicator)
                break
            if current in seen:
                continue
            seen.add(current)
            stack.extend(depends(methodology.indicator(current)))
    return in_cycle
