"""Check one read submission against the methodology: whose it is, which values count, what is wrong.

Every problem becomes a :class:`Problem` record naming the file, sheet, cell and element; a bad
value counts as «нет данных» and the organization's other values still count. Only a file of
another methodology (or version) is excluded whole.
"""

from __future__ import annotations

import math

from proforient_cli.core import formatting
from proforient_cli.methodology import expressions
from proforient_cli.methodology.diagnostics import shorten
from proforient_cli.methodology.expressions import split_name
from proforient_cli.methodology.model import Methodology
from proforient_cli.core.organization import Organization
from proforient_cli.intake.problems import Problem
from proforient_cli.intake.submission import Checked, CellValue, Submission
from proforient_cli.intake.cells import as_typed, parse_value


def validate(
    submission: Submission, methodology: Methodology, roster: dict[str, Organization] | None = None
) -> Checked:
    """Check a submission cell by cell and for consistency; never raises for anything a school typed.

    ``roster`` maps organization codes to the roster's organizations; with it, a code that is
    not in the roster gives an ``unknown-organization`` problem (the file still counts).
    """
    problems: list[Problem] = []
    organization = _organization(submission, methodology, roster, problems)
    other = _other_methodology(submission, methodology)
    if other is not None:
        return Checked(submission, organization, {}, tuple(problems + [other]), excluded=True)

    if submission.values and all(cell.value is None and cell.beside is None for cell in submission.values):
        # a template sent back as it was received: one remark, not one per row
        problems.append(Problem("empty-template", submission.file, sheet=submission.sheet))
        return Checked(submission, organization, {}, tuple(problems), excluded=True)
    for sheet in submission.ignored_sheets:
        problems.append(Problem("other-table-ignored", submission.file, sheet=sheet, expected=submission.sheet))
    values, cells = _values(submission, methodology, organization.type, problems)
    _check_parts(submission, methodology, values, cells, problems)
    excluded_indicators = _check_shares(submission, methodology, values, cells, problems)
    _check_rules(submission, methodology, values, cells, problems)
    return Checked(submission, organization, values, tuple(problems), False, frozenset(excluded_indicators))


def _problem(submission: Submission, code: str, cell: CellValue | None = None, element: str = "",
             found: str = "", expected: str = "") -> Problem:
    return Problem(code, submission.file, cell.sheet if cell else submission.sheet, cell.cell if cell else "",
                   element, found, expected)


def _organization(submission: Submission, methodology: Methodology, roster: dict[str, Organization] | None,
                  problems: list[Problem]) -> Organization:
    """Who sent the file: the hidden sheet and the title block first, then the roster, then the file name."""
    title, meta = submission.title, submission.meta
    code = meta.get("org_code") or title.get("org_code") or submission.path.stem
    listed = (roster or {}).get(code)
    if roster is not None and listed is None:
        listed = _same_code(code, roster)
        if listed is not None:
            problems.append(Problem("code-matched", submission.file, found=code, expected=listed.code))
            code = listed.code
    name = title.get("org_name") or (listed.name if listed else "") or submission.path.stem
    typed = title.get("org_type") or meta.get("org_type") or (listed.type if listed else "")
    municipality = title.get("municipality") or (listed.municipality if listed else "")
    org_type = _org_type(typed, methodology)
    if typed and org_type is None:
        problems.append(_problem(submission, "unknown-org-type", found=typed,
                                 expected=", ".join(methodology.organization_types)))
    if roster is not None and listed is None:
        problems.append(Problem("unknown-organization", submission.file, found=code))
    return Organization(code=code, name=name, type=org_type or "", municipality=municipality)


def _same_code(code: str, roster: dict[str, Organization]) -> Organization | None:
    """The roster's organization whose code differs from ``code`` only by the leading zeros Excel
    drops («04014001000» and «4014001000») or by spaces, when exactly one does."""
    def bare(text: str) -> str:
        return "".join(str(text).split()).lstrip("0")

    wanted = bare(code)
    if not wanted:
        return None
    found = [organization for key, organization in roster.items() if bare(key) == wanted]
    return found[0] if len(found) == 1 else None


def _org_type(typed: str, methodology: Methodology) -> str | None:
    """The methodology's short type for what was typed: «ОО», «оо» or the full name; None if unknown."""
    wanted = " ".join(typed.split()).casefold()
    for short, full in methodology.organization_types.items():
        if wanted in (short.casefold(), " ".join(str(full).split()).casefold()):
            return short
    return None


def _other_methodology(submission: Submission, methodology: Methodology) -> Problem | None:
    """A problem when the hidden sheet names another methodology, version or set of definitions."""
    meta = submission.meta
    if "methodology_id" not in meta and "methodology_version" not in meta:
        return None  # the hidden sheet was lost: nothing to compare, the rows decide
    file_id, file_version = meta.get("methodology_id", ""), meta.get("methodology_version", "")
    found = f"методика «{file_id or 'не указана'}», версия {file_version or 'не указана'}"
    expected = f"методика «{methodology.id}», версия {methodology.version}"
    if (file_id, file_version) != (methodology.id, methodology.version):
        return Problem("other-methodology", submission.file, found=found, expected=expected)
    fingerprint = meta.get("fingerprint", "")
    if fingerprint and fingerprint != methodology.fingerprint:
        return Problem("other-methodology", submission.file,
                       found=f"{found} с другим составом строк (контрольная сумма {fingerprint})",
                       expected=f"{expected} (контрольная сумма {methodology.fingerprint})")
    return None


def _values(submission: Submission, methodology: Methodology, org_type: str,
            problems: list[Problem]) -> tuple[dict[str, float | str | None], dict[str, CellValue]]:
    """Every applicable element's value (None when missing or wrong) and the cell it came from.

    An element with a breakdown has a row per category, «events[noo]»; its own value, «events», is
    their sum, and «нет данных» when any category is.
    """
    values: dict[str, float | str | None] = {}
    cells: dict[str, CellValue] = {}
    for cell in submission.values:
        element = methodology.element(cell.code)
        if element is not None and not element.by and element.id == cell.code:
            key = cell.code  # the common case, without the lookups of a breakdown or a retyped code
        else:
            key, element = _key_of(methodology, cell.code)
        if element is None:
            problems.append(_problem(submission, "unknown-code", cell, found=cell.code))
            continue
        if key in cells:
            problems.append(_problem(submission, "duplicate-code", cell, key, as_typed(cell.value),
                                     f"ячейка {cells[key].cell}"))
            continue
        cells[key] = cell
        if not (element.applies(org_type) if key == element.id else methodology.applies(key, org_type)):
            continue  # a row of another organization type: not this organization's to report
        parsed = parse_value(cell.value, element.type, element.unit)
        values[key] = parsed.value
        value = parsed.value
        limit = _implausible(element, value) if value.__class__ is float and (
            (element.max is not None and value > element.max) or value > EXACT_COUNT) else ""
        if limit:
            values[key] = None
            problems.append(_problem(submission, "implausible-value", cell, key, as_typed(cell.value), limit))
            continue
        if parsed.code == "missing-value" and cell.beside is not None:
            address, typed = cell.beside
            problems.append(_problem(submission, "value-beside", cell, key,
                                     f"«{as_typed(typed)}» в ячейке {address}", f"значение в ячейке {cell.cell}"))
            continue
        # A blank text answer («перечислите …») is no answer, not a data error.
        if parsed.code is not None and not (element.type == "text" and parsed.code == "missing-value"):
            problems.append(_problem(submission, parsed.code, cell, key, as_typed(cell.value), parsed.expected))
    for element in methodology.elements_for(org_type):
        if not element.by:  # the common case: one row, the element's own
            if element.id not in cells:
                values[element.id] = None
                problems.append(_problem(submission, "missing-row", element=element.id))
            continue
        inputs = methodology.inputs(element, org_type)
        for key in inputs:
            if key not in cells:
                values[key] = None
                problems.append(_problem(submission, "missing-row", element=key))
        parts = [values.get(key) for key in inputs]
        values[element.id] = float(sum(parts)) if parts and all(isinstance(v, float) for v in parts) else None
    return values, cells


def _key_of(methodology: Methodology, code: str):
    """The value a «Код» cell gives, and its element: («events[noo]», events), («hours», hours);
    (code, None) for a code of no element or a category the element does not have."""
    element = methodology.element(code)
    if element is not None and not element.by and element.id == code:
        return code, element  # the common case: a row of a plain element, its code as written
    element = element or methodology.element_by_code(code)
    base, category = split_name(code)
    if element is None and category:
        element = methodology.element(base) or methodology.element_by_code(base)
        category = "".join(category.split()).casefold()
    if element is None:
        return code, None
    if not element.by:
        return element.id, element if not category else None
    if not category or category not in {c.id for c in methodology.categories(element)}:
        return code, None  # the sum over categories is never typed; a category it does not have
    return f"{element.id}[{category}]", element


EXACT_COUNT = 2.0 ** 53  # above it a float no longer holds every whole number: no head count is that large


def _implausible(element, value) -> str:
    """What a plausible value of the element is, when ``value`` is beyond it; "" otherwise."""
    if not isinstance(value, float):
        return ""
    if element.max is not None and value > element.max:
        return f"не больше {formatting.number(element.max)}"
    if element.type == "count" and value > EXACT_COUNT:
        return f"не больше {formatting.number(EXACT_COUNT)}"
    return ""


def _number(values: dict[str, float | str | None], id: str) -> float | None:
    value = values.get(id)
    return value if isinstance(value, float) and math.isfinite(value) else None


def _check_parts(submission: Submission, methodology: Methodology, values: dict, cells: dict[str, CellValue],
                 problems: list[Problem]) -> None:
    """A part («из них …») above its whole: both become «нет данных». A part with the breakdown of
    its whole is compared category by category («охвачено» in 8–9 classes against the 8–9 classes)."""
    for part_key, whole_key, part in methodology.part_pairs:
        part_value, whole_value = _number(values, part_key), _number(values, whole_key)
        if part_value is None or whole_value is None or part_value <= whole_value:
            continue
        problems.append(_problem(
            submission, "part-exceeds-whole", cells.get(part_key), part_key,
            f"«{methodology.label(part_key)}» = {formatting.number(part_value)}",
            f"не больше, чем «{methodology.label(whole_key)}» = {formatting.number(whole_value)}",
        ))
        values[part_key] = values[whole_key] = None
        if part_key != part.id:  # the totals of a category left out are «нет данных» too
            values[part.id] = values[part.part_of] = None


def _lookup(values: dict):
    """An ``expressions.evaluate`` lookup over this organization's values; NaN for «нет данных»."""

    def lookup(id: str) -> float:
        number = _number(values, id)
        return number if number is not None else math.nan

    return lookup


def _evaluable(names: list[str], values: dict, methodology: Methodology) -> bool:
    """All names are numeric elements this organization reports, with a value."""
    return all(
        (element := methodology.element(name)) is not None and element.type != "text"
        and _number(values, name) is not None
        for name in names
    )


def _check_shares(submission: Submission, methodology: Methodology, values: dict, cells: dict[str, CellValue],
                  problems: list[Problem]) -> set[str]:
    """A share whose numerator exceeds its denominator: the organization is left out of it."""
    excluded: set[str] = set()
    lookup = _lookup(values)
    for indicator in methodology.indicators:
        if indicator.kind != "share" or indicator.numerator is None or indicator.denominator is None:
            continue
        numerator_names, denominator_names = indicator.numerator.names, indicator.denominator.names
        if not _evaluable(numerator_names + denominator_names, values, methodology):
            continue
        numerator = _safe_evaluate(indicator.numerator.node, lookup)
        denominator = _safe_evaluate(indicator.denominator.node, lookup)
        if numerator is None or denominator is None or numerator <= denominator:
            continue
        excluded.add(indicator.id)
        first = numerator_names[0] if numerator_names else ""
        problems.append(_problem(
            submission, "numerator-exceeds-denominator", cells.get(first), first,
            f"{_side(methodology, indicator.numerator, numerator)}, {_side(methodology, indicator.denominator, denominator)}",
            indicator.title,
        ))
    return excluded


def _side(methodology: Methodology, expression, value: float) -> str:
    """«„Обучающиеся, прошедшие анкетирование“ = 900»: a lone element by its label; an expression as written."""
    node = expression.node
    what = shorten(methodology.label(node.id), 70) if isinstance(node, expressions.Name) else expression.text
    return f"«{what}» = {formatting.number(value)}"


def _check_rules(submission: Submission, methodology: Methodology, values: dict, cells: dict[str, CellValue],
                 problems: list[Problem]) -> None:
    """The methodology's own consistency rules, over the values this organization reported."""
    lookup = _lookup(values)
    for rule in methodology.rules:
        names = rule.check.names
        if not names or not _evaluable(names, values, methodology):
            continue
        holds = _safe_evaluate(rule.check.node, lookup)
        if holds is None or holds != 0.0:
            continue
        # the values by their labels, as the organization sees them in its template, not by their codes
        found = "; ".join(f"«{shorten(methodology.label(name), 70)}» = {formatting.number(_number(values, name))}"
                          for name in names)
        problems.append(_problem(submission, "rule-failed", cells.get(names[0]), names[0], found, rule.message))


def _safe_evaluate(node, lookup) -> float | None:
    """The expression's value, or None when it cannot be told (missing data, division by zero)."""
    try:
        result = expressions.evaluate_float(node, lookup)
    except (ArithmeticError, ValueError, TypeError):
        return None
    return result if math.isfinite(result) else None

