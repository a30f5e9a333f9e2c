"""results.csv and problems.csv: the machine-readable tables (pinned header, «.» decimals)."""

from __future__ import annotations

import csv
import io
import math
from typing import Iterator

from proforient_cli.compute.evaluate import ORGANIZATION, Results
from proforient_cli.intake.problems import Problem
from proforient_cli.intake.cells import readable

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
    text = "" if value is None else readable(str(value))
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
    return "".join(results_lines(results))


def results_lines(results: Results, per_chunk: int = 2000) -> Iterator[str]:
    """The text of results.csv in pieces of ``per_chunk`` lines, for writing without holding it all.

    A region's table has close to a million rows, so it is read column by column, and what
    repeats (an indicator's title and target, an organization's name, a number seen before) is
    turned into a CSV field once; each field is quoted by the csv module itself.
    """
    methodology = results.methodology
    table = results.table
    # NaN (no data) as None: one key for every missing value in the dictionaries below
    value, numerator, denominator = ([None if v != v else v for v in table[name].tolist()]
                                     for name in ("value", "numerator", "denominator"))
    columns = [table[name].tolist() for name in ("level", "org_code", "org_name", "indicator")]
    columns += [value, numerator, denominator, table["target_met"].tolist(), table["applicable"].tolist()]
    fields = _Fields()
    field = fields.get
    numbers = _Numbers(fields)
    organizations = _Organizations(fields)
    fixed: dict[tuple[str, str, bool], tuple[str, bool, str]] = {}
    total = f",{field(TOTAL_NAME)}"
    met_texts = {None: "", True: "true", False: "false"}  # anything else (NaN) is no verdict either
    lines = [",".join(field(name) for name in RESULTS_HEADER) + "\n"]
    append = lines.append
    for level, code, name, id, value, numerator, denominator, met, applicable in zip(*columns):
        organization = level == ORGANIZATION
        # an organization's row of an indicator it does not report: no target either
        key = (id, level, organization and not applicable)
        constant = fixed.get(key)
        if constant is None:
            indicator = methodology.indicator(id)
            target = results.targets.get(id)
            judged_here = target is not None and target.per_organization == organization and not key[2]
            constant = fixed[key] = (
                f"{field(id)},{field(safe_text(indicator.title))}", field(level), indicator.kind == "share",
                f"{field(indicator.display_unit)},{field(target.as_text() if judged_here else '')}",
            )
        middle, level_text, is_share, tail = constant
        who = organizations[(code, name)] if organization else total
        if len(lines) >= per_chunk:
            yield "".join(lines)
            lines.clear()
        if is_share:
            append(f"{level_text},{who},{middle},{numbers[value]},{numbers[numerator]},{numbers[denominator]},"
                   f"{tail},{met_texts.get(met, '')}\n")
        else:
            append(f"{level_text},{who},{middle},{numbers[value]},,,{tail},{met_texts.get(met, '')}\n")
    yield "".join(lines)


class _Numbers(dict):
    """A number → its CSV field, each written once; None (no data) → an empty field."""

    def __init__(self, fields: "_Fields"):
        super().__init__({None: ""})
        self.fields = fields

    def __missing__(self, value) -> str:
        text = self[value] = self.fields.get(number_text(value))
        return text


class _Organizations(dict):
    """(code, name) → the two CSV fields of an organization's row, each pair written once."""

    def __init__(self, fields: "_Fields"):
        super().__init__()
        self.fields = fields

    def __missing__(self, key: tuple[str, str]) -> str:
        code, name = key
        text = self[key] = f"{self.fields.get(safe_text(code))},{self.fields.get(safe_text(name))}"
        return text


class _Fields:
    """CSV fields, each quoted by the csv module once and remembered."""

    def __init__(self):
        self._stream = io.StringIO()
        self._writer = csv.writer(self._stream, lineterminator="\n")
        self._fields: dict[str, str] = {}
        self._safe: dict[str, str] = {}
        self._numbers: dict[float, str] = {}

    def get(self, text: str) -> str:
        """``text`` as csv.writer writes it in a row of several fields."""
        found = self._fields.get(text)
        if found is None:
            self._stream.seek(0)
            self._stream.truncate()
            self._writer.writerow((text, ""))  # a lone empty field would be written as ""
            found = self._fields[text] = self._stream.getvalue()[:-2]
        return found

    def safe(self, text: str) -> str:
        found = self._safe.get(text)
        if found is None:
            found = self._safe[text] = self.get(safe_text(text))
        return found

    def number(self, value) -> str:
        if value is None or value != value:
            return ""
        found = self._numbers.get(value)
        if found is None:
            found = self._numbers[value] = self.get(number_text(value))
        return found


def problems_csv(problems: list[Problem]) -> str:
    """Every problem as a row, with its Russian message."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(PROBLEMS_HEADER)
    for p in problems:
        writer.writerow(tuple(safe_text(v) for v in (p.code, p.file, p.sheet, p.cell, p.element, p.found,
                                                       p.expected, p.message)))
    return stream.getvalue()
