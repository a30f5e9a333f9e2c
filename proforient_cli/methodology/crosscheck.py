"""Cross-reference checks of a built methodology: what refers to what, and whether it fits."""

from __future__ import annotations

from proforient_cli.methodology.diagnostics import ID_PATTERN, Diagnostic, shorten, suggestion
from proforient_cli.methodology.expressions import Name, is_comparison, name_nodes, split_name
from proforient_cli.methodology.model import Expression, Indicator, Methodology
from proforient_cli.methodology.places import Places
from proforient_cli.methodology.yaml_nodes import Pos

TYPE_NAMES = {"count": "целое число", "number": "число", "flag": "да/нет", "text": "текст"}


def check_semantics(methodology: Methodology, file: str, places: Places | None = None) -> list[Diagnostic]:
    """Every reference resolved, every kind fitting its elements, no cycles; plus the warnings.

    ``places`` (from the loader) lets a message point at the offending key's value rather
    than at the start of the element or indicator.
    """
    places = places or Places()
    found: list[Diagnostic] = []

    def report(code: str, pos: Pos, message: str) -> None:
        found.append(Diagnostic(code, file, pos.line, pos.column, message))

    # with no sections at all the loader has said so once; no need to repeat it for every element
    section_ids = [s.id for s in methodology.sections]
    element_ids = [e.id for e in methodology.elements]
    indicator_ids = [i.id for i in methodology.indicators]
    types = methodology.organization_types

    for element in methodology.elements:
        if element.section and element.section not in section_ids and section_ids:
            report("E106", places.value(element, "section"),
                   f"элемент «{element.id}» ссылается на неизвестный раздел «{element.section}»"
                   f"{suggestion(element.section, section_ids)}")
        for index, org_type in enumerate(element.applies_to):
            if org_type not in types:
                report("E122", places.list_item(element, "applies_to", index),
                       f"у элемента «{element.id}» неизвестный тип организации «{org_type}»"
                       f"{suggestion(org_type, types)}; допустимы: {', '.join(types)}")
        if element.part_of:
            whole = methodology.element(element.part_of)
            where = places.value(element, "part_of")
            if whole is None:
                report("E107", where, f"элемент «{element.id}» указан как часть неизвестного элемента "
                                      f"«{element.part_of}»{suggestion(element.part_of, element_ids)}")
            elif _category_problem(methodology, element.part_of):
                report("E127", where, _category_problem(methodology, element.part_of))
            elif whole.type != element.type:
                report("E112", where, f"элемент «{element.id}» ({TYPE_NAMES.get(element.type, element.type)}) "
                                      f"указан как часть элемента «{whole.id}» другого вида "
                                      f"({TYPE_NAMES.get(whole.type, whole.type)})")
    for dimension in methodology.dimensions:
        for category in dimension.categories:
            for index, org_type in enumerate(category.applies_to):
                if org_type not in types:
                    report("E122", places.list_item(category, "applies_to", index),
                           f"у категории «{category.id}» разбивки «{dimension.id}» неизвестный тип организации "
                           f"«{org_type}»{suggestion(org_type, types)}; допустимы: {', '.join(types)}")
    _check_breakdowns(methodology, report, places)
    for element in _part_of_cycles(methodology):
        report("E113", places.value(element, "part_of"),
               f"элемент «{element.id}» в цикле part_of: часть не может входить сама в себя")

    known = element_ids + indicator_ids
    for indicator in methodology.indicators:
        if indicator.section and indicator.section not in section_ids and section_ids:
            report("E106", places.value(indicator, "section"),
                   f"показатель «{indicator.id}» ссылается на неизвестный раздел «{indicator.section}»"
                   f"{suggestion(indicator.section, section_ids)}")
        _check_indicator(methodology, indicator, report, known)
    for indicator, name in _formula_cycles(methodology):
        report("E114", indicator.expression.pos_of(name.column),
               f"показатель «{indicator.id}» вычисляется через самого себя: цикл в формулах через «{name.id}»")

    for indicator in methodology.indicators:
        for expression in (indicator.numerator, indicator.denominator, indicator.expression):
            if expression is not None:
                _check_categories(methodology, expression, report)
    for rule in methodology.rules:
        _check_categories(methodology, rule.check, report)
        for name in name_nodes(rule.check.node):
            element = methodology.element(name.id)
            pos = rule.check.pos_of(name.column)
            if element is None and methodology.indicator(name.id) is not None:
                report("E116", pos, f"правило «{shorten(rule.check.text)}» ссылается на показатель «{name.id}»; "
                                    f"правила проверяют данные организации, в них можно использовать только элементы")
            elif element is None:
                report("E116", pos, f"правило «{shorten(rule.check.text)}» ссылается на неизвестный элемент «{name.id}»"
                                    f"{suggestion(name.id, element_ids)}")
            elif element.type == "text":
                report("E110", pos, f"правило «{shorten(rule.check.text)}»: элемент «{name.id}» текстовый "
                                    f"и не может участвовать в сравнении")

    used = {split_name(name)[0] for i in methodology.indicators for name in i.references()}
    used |= {split_name(name)[0] for r in methodology.rules for name in r.check.names}
    for element in methodology.elements:
        # a malformed id has its own error already; text answers are shown as they are
        if element.type != "text" and element.id not in used and ID_PATTERN.match(element.id):
            report("W201", places.value(element, "id"),
                   f"элемент «{element.id}» не используется ни в одном показателе или правиле")
    for section in methodology.sections:
        if not any(e.section == section.id for e in methodology.elements) and \
                not any(i.section == section.id for i in methodology.indicators):
            report("W202", places.value(section, "id"), f"в разделе «{section.id}» нет ни элементов, ни показателей")
    for indicator in methodology.indicators:
        # the elements it names itself: indicators a formula uses bring their own group values
        elements = [methodology.element(n) for n in indicator.references()]
        elements = [e for e in elements if e is not None]
        types = list(methodology.organization_types)
        if elements and types and not any(all(e.applies(t) for e in elements) for t in types):
            report("W204", places.value(indicator, "id"),
                   f"показатель «{indicator.id}» складывается из элементов, которые не заполняет ни одна "
                   f"организация целиком ({', '.join(e.id for e in elements)}): значение всегда будет «нет данных»; "
                   f"считайте части отдельными показателями и сложите их формулой")
    return found


_KIND_NAMES = {"share": "доля", "sum": "сумма"}


def _check_indicator(methodology: Methodology, indicator: Indicator, report, known: list[str]) -> None:
    what = f"показатель «{indicator.id}»"
    parts = [("числителе", indicator.numerator), ("знаменателе", indicator.denominator),
             ("выражении", indicator.expression)]
    for place, expression in parts:
        if expression is None:
            continue
        for name in name_nodes(expression.node):
            pos = expression.pos_of(name.column)
            element = methodology.element(name.id)
            if element is None and methodology.indicator(name.id) is None:
                report("E107", pos, f"{what}: в {place} неизвестный код «{name.id}»{suggestion(name.id, known)}")
            elif element is None and indicator.kind != "formula":
                report("E107", pos, f"{what}: в {place} «{name.id}» — показатель; на другие показатели "
                                    f"можно ссылаться только в formula")
            elif element is not None and indicator.kind in _KIND_NAMES and element.type in ("flag", "text"):
                advice = ("для «да/нет» используйте count" if element.type == "flag"
                          else "текстовые ответы показываются в справке как есть")
                report("E110", pos, f"{what}: {_KIND_NAMES[indicator.kind]} по элементу «{name.id}» вида "
                                    f"«{TYPE_NAMES[element.type]}»; нужен числовой элемент ({advice})")
            elif element is not None and element.type == "text" and indicator.kind != "count":
                report("E110", pos, f"{what}: элемент «{name.id}» текстовый и не может входить в расчёт")
    if indicator.kind == "count" and indicator.expression is not None:
        _check_count(methodology, indicator.expression, what, report)
    if indicator.target is not None and any(
        (methodology.element(n) is not None and methodology.element(n).type == "text") for n in indicator.references()
    ):
        report("E117", indicator.target.pos, f"у показателя «{indicator.id}» задано целевое значение, "
                                             f"но он считается по тексту")


def _check_breakdowns(methodology: Methodology, report, places: Places) -> None:
    """``by`` names a known dimension, on a number (a flag or a text has no categories)."""
    dimensions = [d.id for d in methodology.dimensions]
    for item in (*methodology.elements, *methodology.indicators):
        if not item.by:
            continue
        what = f"элемента «{item.id}»" if hasattr(item, "label") else f"показателя «{item.id}»"
        if methodology.dimension(item.by) is None:
            known = f"; объявлены: {', '.join(dimensions)}" if dimensions else "; разбивки объявляются в «dimensions»"
            report("E126", places.value(item, "by"), f"«by» {what}: неизвестная разбивка «{item.by}»"
                                                     f"{suggestion(item.by, dimensions)}{known}")
        elif getattr(item, "type", "") in ("flag", "text"):
            report("E128", places.value(item, "by"),
                   f"«by» {what}: разбивка возможна только для чисел, а элемент — "
                   f"{'да/нет' if item.type == 'flag' else 'текст'}")
    for indicator in methodology.indicators:
        if not indicator.by or methodology.dimension(indicator.by) is None:
            continue
        broken = [methodology.element(n) for n in indicator.references()]
        if not any(e is not None and e.by == indicator.by for e in broken):
            report("E128", places.value(indicator, "by"),
                   f"«by» показателя «{indicator.id}»: ни один его элемент не разбит по «{indicator.by}»; "
                   f"добавьте «by: {indicator.by}» элементу или уберите разбивку показателя")


def _check_categories(methodology: Methodology, expression: Expression, report) -> None:
    """``element[category]``: the element has a breakdown, and the category is one of it."""
    for name in name_nodes(expression.node):
        base = split_name(name.id)[0]
        problem = _category_problem(methodology, name.id)
        if problem:
            report("E127", expression.pos_of(name.column + len(base) + 1), problem)


def _category_problem(methodology: Methodology, key: str) -> str:
    """What is wrong with the category of «element[category]»; "" when nothing is, or when the key
    names no category or no known element (an unknown code is said where the code is checked)."""
    base, category = split_name(key)
    element = methodology.element(base) if category else None
    if element is None:
        return ""
    dimension = methodology.dimension(element.by) if element.by else None
    if dimension is None:
        return f"«{key}»: у элемента «{base}» нет разбивки (by), категорию указать нельзя"
    if dimension.category(category) is None:
        other = next((d for d in methodology.dimensions if d.category(category)), None)
        hint = (f" — это категория разбивки «{other.id}»" if other
                else suggestion(category, [c.id for c in dimension.categories]))
        return (f"«{key}»: у разбивки «{dimension.id}» элемента «{base}» нет категории "
                f"«{category}»{hint}; допустимы: {', '.join(c.id for c in dimension.categories)}")
    return ""


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
                                       f"(например, a > 0), получено «{shorten(expression.text)}»")
    else:
        for name in name_nodes(node):
            element = methodology.element(name.id)
            if element is not None and element.type == "text":
                report("E110", expression.pos_of(name.column),
                       f"{what}: элемент «{name.id}» текстовый и не может участвовать в условии")


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


def _formula_cycles(methodology: Methodology) -> list[tuple[Indicator, Name]]:
    """Each indicator that depends on itself, with the name in its formula that starts the loop."""
    def depends(indicator: Indicator) -> list[str]:
        return [n for n in indicator.references() if methodology.indicator(n) is not None]

    def reaches(start: str, target: str) -> bool:
        stack, seen = [start], set()
        while stack:
            current = stack.pop()
            if current == target:
                return True
            if current not in seen:
                seen.add(current)
                stack.extend(depends(methodology.indicator(current)))
        return False

    in_cycle = []
    for indicator in methodology.indicators:
        if indicator.kind != "formula" or indicator.expression is None:
            continue  # share and sum may not name indicators at all (E107)
        for name in name_nodes(indicator.expression.node):
            if methodology.indicator(name.id) is not None and reaches(name.id, indicator.id):
                in_cycle.append((indicator, name))
                break
    return in_cycle
