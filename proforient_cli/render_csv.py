"""results.csv and problems.csv: the machine-readable tables (pinned header, «.» decimals)."""

from __future__ import annotations

import csv
import io
import math

from proforient_cli.compute import ORGANIZATION, Results
from proforient_cli.problems import Problem

RESULTS_HEADER = ("level", "org_code", "org_name", "indicator", "title", "value", "numerator",
                  "denominator", "unit", "target", "target_met")
PROBLEMS_HEADER = ("code", "file", "sheet", "cell", "element", "found", "expected", "message")
TOTAL_NAME = "Итого"

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value) -> str:
    """Text a spreadsheet will never run as a formula: a leading = + - @ tab or CR gets a «'».

    >>> safe_text("=HYPERLINK(\\"http://x\\")"), safe_text("Школа № 1")
    ('\\'=HYPERLINK("http://x")', 'Школа № 1')
    """
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def number_text(value) -> str:
    """Full precision with a «.»; whole numbers without «.0»; empty for no data.

    >>> number_text(12.0), number_text(45.28571428571429), number_text(float("nan"))
    ('12', '45.28571428571429', '')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def results_csv(results: Results) -> str:
    """The long table: one row per (organization or total, indicator)."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(RESULTS_HEADER)
    methodology = results.methodology
    for row in results.table.itertuples(index=False):
        indicator = methodology.indicator(row.indicator)
        target = results.targets.get(row.indicator)
        judged_here = target is not None and target.per_organization == (row.level == ORGANIZATION)
        is_share = indicator.kind == "share"
        target_met = "" if row.target_met is None or row.target_met != row.target_met else str(bool(row.target_met)).lower()
        writer.writerow((
            row.level,
            safe_text(row.org_code) if row.level == ORGANIZATION else "",
            safe_text(row.org_name) if row.level == ORGANIZATION else TOTAL_NAME,
            row.indicator,
            safe_text(indicator.title),
            number_text(row.value),
            number_text(row.numerator) if is_share else "",
            number_text(row.denominator) if is_share else "",
            indicator.display_unit,
            target.as_text() if judged_here else "",
            target_met,
        ))
    return stream.getvalue()


def problems_csv(problems: list[Problem]) -> str:
    """Every problem as a row, with its Russian message."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(PROBLEMS_HEADER)
    for p in problems:
        writer.writerow(tuple(safe_text(v) for v in (p.code, p.file, p.sheet, p.cell, p.element, p.found,
                                                       p.expected, p.message)))
    return stream.getvalue()
