"""Earlier periods: their results.csv read back, cumulative indicators, and changes.

A report folder written by ``compute`` holds ``results.csv`` and ``run.json`` (the period and the
methodology it was computed with). ``compute --previous`` reads such folders (or a results.csv
alone) so that the report can show each indicator's change, and sum the cumulative indicators
(«нарастающим итогом») over the periods given.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from proforient_cli.core import formatting
from proforient_cli.compute.evaluate import ORGANIZATION, TOTAL, Results
from proforient_cli.report.tables import RESULTS_HEADER

RUN_FILE = "run.json"


class HistoryError(Exception):
    """An earlier period's results cannot be used (the message is Russian and names the file)."""


@dataclass(frozen=True)
class Period:
    """One earlier period's values, by indicator, for the total and for each organization."""

    label: str  # «2023»
    source: Path
    totals: dict[str, float | None]
    by_organization: dict[tuple[str, str], float | None]  # (org_code, indicator) → value
    names: dict[str, str]  # org_code → name
    methodology: tuple[str, str] | None = None  # (id, version), when run.json was kept

    def total(self, indicator: str) -> float | None:
        return self.totals.get(indicator)

    def of(self, org_code: str, indicator: str) -> float | None:
        return self.by_organization.get((org_code, indicator))


def _number(text: str) -> float | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def read_period(path: Path) -> Period:
    """Read an earlier report folder or its results.csv.

    The period is taken from ``run.json`` beside the file, else from the folder's name.
    """
    path = Path(path)
    csv_path = path / "results.csv" if path.is_dir() else path
    if not csv_path.is_file():
        raise HistoryError(f"не найден файл результатов прошлого периода: {csv_path}")
    try:
        with open(csv_path, encoding="utf-8-sig", newline="") as stream:
            reader = csv.DictReader(stream)
            header = tuple(reader.fieldnames or ())
            if header[:len(RESULTS_HEADER)] != RESULTS_HEADER:
                raise HistoryError(f"{csv_path}: это не results.csv программы proforient "
                                   f"(ожидались колонки {', '.join(RESULTS_HEADER)})")
            rows = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise HistoryError(f"не удалось прочитать {csv_path}: {error}") from error
    run = _run_info(csv_path.parent / RUN_FILE)
    label = run.get("period") or (csv_path.parent.name if csv_path.parent.name else csv_path.stem)
    methodology = run.get("methodology") or {}
    totals, by_organization, names = {}, {}, {}
    for row in rows:
        value = _number(row["value"])
        if row["level"] == TOTAL:
            totals[row["indicator"]] = value
        elif row["level"] == ORGANIZATION:
            by_organization[(row["org_code"], row["indicator"])] = value
            names[row["org_code"]] = row["org_name"]
    key = (methodology.get("id", ""), methodology.get("version", "")) if methodology else None
    return Period(str(label), csv_path, totals, by_organization, names, key)


def _run_info(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def run_info(report) -> str:
    """The text of run.json: what a later run or a roll-up needs to know about this one."""
    methodology = report.methodology
    return json.dumps({
        "tool": "proforient",
        "period": report.raw_period,
        "period_text": report.period,
        "municipality": report.municipality,
        "methodology": {"id": methodology.id, "version": methodology.version,
                        "fingerprint": methodology.fingerprint},
    }, ensure_ascii=False, indent=2) + "\n"


def accumulate(results: Results, periods: list[Period]) -> Results:
    """Cumulative indicators («нарастающим итогом»): this period's value plus the earlier ones'."""
    cumulative = [i.id for i in results.methodology.indicators if i.cumulative]
    if not cumulative or not periods:
        return results
    table = results.table.copy()
    for position, row in table[table["indicator"].isin(cumulative)].iterrows():
        value = row["value"]
        if pd.isna(value):
            continue
        for period in periods:
            earlier = period.total(row["indicator"]) if row["level"] == TOTAL else period.of(row["org_code"],
                                                                                             row["indicator"])
            if earlier is not None:
                value += earlier
        table.at[position, "value"] = value
        target = results.targets.get(row["indicator"])
        if target is not None and target.per_organization == (row["level"] == ORGANIZATION):
            table.at[position, "target_met"] = target.met(value)
    return dataclasses.replace(results, table=table)


def change(current: float | None, earlier: float | None, unit: str) -> str:
    """«+2,3 п.п.» for a share, «+12 ед. (+5,1 %)» for a quantity, «без изменений», or "".

    >>> change(47.5, 45.2, "%"), change(120, 100, "чел."), change(5, 5, "ед.")
    ('+2,3\\xa0п.п.', '+20\\xa0чел. (+20\\xa0%)', 'без изменений')
    """
    if current is None or earlier is None or (isinstance(current, float) and math.isnan(current)):
        return ""
    delta = current - earlier
    if abs(delta) < 1e-9:
        return "без изменений"
    sign = "+" if delta > 0 else "−"
    if unit == "%":
        return f"{sign}{formatting.number(abs(delta), 1)}{formatting.NBSP}п.п."
    text = f"{sign}{formatting.with_unit(abs(delta), unit)}"
    if earlier:
        relative = abs(delta) / abs(earlier) * 100
        text += f" ({sign}{formatting.percent(relative)})"
    return text
