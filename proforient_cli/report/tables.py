"""results.csv and problems.csv: the machine-readable tables (pinned header, «.» decimals)."""

from __future__ import annotations

import csv
import io
import math
from typing import Iterator

import numpy as np
import pandas as pd

from proforient_cli.compute.history import comparable_changes
from proforient_cli.compute.results import ORGANIZATION, Results
from proforient_cli.compute.targets import judged_at
from proforient_cli.core.report_files import CHANGES_HEADER, PROBLEMS_HEADER, RESULTS_HEADER
from proforient_cli.intake.problems import Problem
from proforient_cli.methodology.expressions import split_name
from proforient_cli.report.model import Report
from proforient_cli.core.filenames import readable

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


def row_texts(results: Results, indicator_id: str, level: str, not_applicable: bool) -> tuple[str, str, str, bool]:
    """What a row of results.csv says besides the organization and the numbers: the title, the
    unit, the target judged on this row (none on an organization's row of an indicator it does not
    report) and whether the row shows a numerator and a denominator (a share's rows only)."""
    indicator = results.methodology.indicator(indicator_id)
    target = results.targets.get(indicator_id)
    judged_here = judged_at(target, level) and not not_applicable
    return (safe_text(indicator.title), indicator.display_unit, target.as_text() if judged_here else "",
            indicator.kind == "share")


def results_header(results: Results) -> tuple[str, ...]:
    """The pinned header, and the ``category`` column at its end when an indicator has a breakdown."""
    return RESULTS_HEADER + (("category",) if results.methodology.has_breakdowns else ())


def results_frame(results: Results) -> pd.DataFrame:
    """results.csv as a DataFrame: the same columns and values, numbers as floats (NaN for no data)
    and ``target_met`` as True, False or None."""
    table = results.table
    organization = (table["level"] == ORGANIZATION).to_numpy()
    keys = list(zip(table["indicator"].tolist(), table["level"].tolist(),
                    (organization & (table["applicable"].to_numpy() == 0)).tolist()))
    texts = {key: row_texts(results, *key) for key in dict.fromkeys(keys)}
    title, unit, target, is_share = (list(column) for column in zip(*map(texts.__getitem__, keys))) if keys else (
        [], [], [], [])
    shown = np.array(is_share, dtype=bool)
    names = {text: safe_text(text) for text in set(table["org_code"].tolist()) | set(table["org_name"].tolist())}
    base = [split_name(key)[0] for key in table["indicator"].tolist()]
    frame = pd.DataFrame({
        "level": table["level"].astype(object),
        "org_code": np.where(organization, table["org_code"].map(names), ""),
        "org_name": np.where(organization, table["org_name"].map(names), TOTAL_NAME),
        "indicator": pd.Series(base, dtype=object, index=table.index),
        "title": title,
        "value": table["value"].astype(float),
        "numerator": np.where(shown, table["numerator"].astype(float), np.nan),
        "denominator": np.where(shown, table["denominator"].astype(float), np.nan),
        "unit": unit,
        "target": target,
        "target_met": [met if met is True or met is False else None for met in table["target_met"].tolist()],
        "category": table["category"].astype(object),
    }, columns=list(results_header(results)))
    return frame.reset_index(drop=True)


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """problems.csv as a DataFrame: one row per problem, the same columns and texts."""
    return pd.DataFrame([_problem_fields(p) for p in problems], columns=list(PROBLEMS_HEADER))


def results_csv(results: Results) -> str:
    """The long table: one row per (organization or total, indicator)."""
    return "".join(results_lines(results))


def results_lines(results: Results, per_chunk: int = 2000) -> Iterator[str]:
    """The text of results.csv in pieces of ``per_chunk`` lines, for writing without holding it all.

    A region's table has close to a million rows, so it is read column by column, and what
    repeats (an indicator's title and target, an organization's name, a number seen before) is
    turned into a CSV field once; each field is quoted by the csv module itself.
    """
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
    breakdowns = results.methodology.has_breakdowns
    lines = [",".join(field(name) for name in results_header(results)) + "\n"]
    append = lines.append
    for level, code, name, id, value, numerator, denominator, met, applicable in zip(*columns):
        organization = level == ORGANIZATION
        # an organization's row of an indicator it does not report: no target either
        key = (id, level, organization and not applicable)
        constant = fixed.get(key)
        if constant is None:
            title, unit, target, is_share = row_texts(results, *key)
            indicator, category = split_name(id)
            constant = fixed[key] = (f"{field(indicator)},{field(title)}", field(level), is_share,
                                     f"{field(unit)},{field(target)}", f",{field(category)}" if breakdowns else "")
        middle, level_text, is_share, tail, last = constant
        who = organizations[(code, name)] if organization else total
        if len(lines) >= per_chunk:
            yield "".join(lines)
            lines.clear()
        if is_share:
            append(f"{level_text},{who},{middle},{numbers[value]},{numbers[numerator]},{numbers[denominator]},"
                   f"{tail},{met_texts.get(met, '')}{last}\n")
        else:
            append(f"{level_text},{who},{middle},{numbers[value]},,,{tail},{met_texts.get(met, '')}{last}\n")
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

    def get(self, text: str) -> str:
        """``text`` as csv.writer writes it in a row of several fields."""
        found = self._fields.get(text)
        if found is None:
            self._stream.seek(0)
            self._stream.truncate()
            self._writer.writerow((text, ""))  # a lone empty field would be written as ""
            found = self._fields[text] = self._stream.getvalue()[:-2]
        return found


def changes_csv(report: Report) -> str:
    """changes.csv: each indicator's change against each earlier period (pinned header; a
    ``category`` column at its end when an indicator has a breakdown)."""
    results = report.results
    breakdowns = results.methodology.has_breakdowns
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CHANGES_HEADER + (("category",) if breakdowns else ()))
    period = report.raw_period or "текущий период"
    for earlier in report.earlier:
        for change in comparable_changes(results, period, earlier):
            indicator, category = split_name(change.key)
            found = results.methodology.indicator(change.key)
            row = [change.level, safe_text(change.org_code), safe_text(change.org_name) if change.org_code else TOTAL_NAME,
                   indicator, safe_text(found.title), safe_text(change.period), safe_text(change.previous_period),
                   number_text(change.value), number_text(change.previous), number_text(change.change),
                   found.display_unit, "" if change.organizations is None else str(change.organizations)]
            writer.writerow(row + ([category] if breakdowns else []))
    return stream.getvalue()


def problems_csv(problems: list[Problem]) -> str:
    """Every problem as a row, with its Russian message."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(PROBLEMS_HEADER)
    writer.writerows(map(_problem_fields, problems))
    return stream.getvalue()


def _problem_fields(p: Problem) -> tuple[str, ...]:
    return tuple(safe_text(v) for v in (p.code, p.file, p.sheet, p.cell, p.element, p.found, p.expected, p.message))
