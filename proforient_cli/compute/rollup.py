"""One level up: a region's values from its municipalities' report folders.

Each municipality's ``compute`` leaves ``results.csv``, ``sums.csv`` (for every indicator, the
sums of its elements over the organizations it covers) and ``run.json``. The regional value of
an indicator is computed from the sums of those sums, exactly as if ``compute`` had been run over
all the schools at once — never as a mean of the municipalities' percentages.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from proforient_cli.compute.evaluate import ORGANIZATION, TOTAL, Results, group_value, in_dependency_order
from proforient_cli.methodology.model import Methodology
from proforient_cli.core.organization import Organization

SUMS_FILE = "sums.csv"
SUMS_HEADER = ("indicator", "element", "sum", "covered", "applicable")


class RollupError(Exception):
    """A municipality's folder cannot be rolled up (the message is Russian and names the folder)."""


@dataclass(frozen=True)
class Municipality:
    """One municipality's report folder, read back."""

    organization: Organization  # the municipality as a row of the regional tables
    folder: Path
    totals: dict[str, dict]  # indicator → its total row of results.csv
    sums: dict[str, dict[str, float]]  # indicator → element → Σ over the organizations covered
    coverage: dict[str, tuple[int, int]]  # indicator → (covered, applicable)
    methodology: tuple[str, str]  # (id, version)
    period: str = ""


def sums_csv(results: Results) -> str:
    """sums.csv: for every indicator, the sums of its elements over the organizations it covers."""
    lines = [",".join(SUMS_HEADER)]
    for indicator in results.methodology.indicators:
        total = results.total(indicator.id)
        elements = results.group_sums.get(indicator.id) or {"": float("nan")}
        for element, value in elements.items():
            text = "" if value != value else repr(float(value))
            lines.append(f"{indicator.id},{element},{text},{total.covered},{total.applicable}")
    return "\n".join(lines) + "\n"


def read_municipality(folder: Path) -> Municipality:
    """Read a municipality's report folder (results.csv, sums.csv, run.json)."""
    folder = Path(folder)
    if folder.is_file():
        folder = folder.parent
    try:
        run = json.loads((folder / "run.json").read_text(encoding="utf-8"))
        with open(folder / "results.csv", encoding="utf-8", newline="") as stream:
            rows = list(csv.DictReader(stream))
        with open(folder / SUMS_FILE, encoding="utf-8", newline="") as stream:
            sum_rows = list(csv.DictReader(stream))
    except FileNotFoundError as error:
        raise RollupError(f"{folder}: нет файла {Path(error.filename).name}; это должна быть папка справки, "
                          f"сформированной командой proforient compute") from error
    except (OSError, ValueError, csv.Error) as error:
        raise RollupError(f"{folder}: не удалось прочитать результаты: {error}") from error
    totals = {row["indicator"]: row for row in rows if row["level"] == TOTAL}
    sums: dict[str, dict[str, float]] = {}
    coverage: dict[str, tuple[int, int]] = {}
    for row in sum_rows:
        coverage[row["indicator"]] = (int(row["covered"]), int(row["applicable"]))
        if row["element"]:
            sums.setdefault(row["indicator"], {})[row["element"]] = float(row["sum"]) if row["sum"] else 0.0
    methodology = run.get("methodology", {})
    name = run.get("municipality") or folder.name
    return Municipality(Organization(folder.name, name, "МО"), folder, totals, sums, coverage,
                        (methodology.get("id", ""), methodology.get("version", "")), run.get("period", ""))


def check_versions(methodology: Methodology, municipalities: list[Municipality]) -> None:
    """Refuse municipalities computed with another methodology or version, naming each."""
    expected = (methodology.id, methodology.version)
    wrong = [m for m in municipalities if m.methodology != expected]
    if wrong:
        names = "; ".join(f"{m.folder}: методика «{m.methodology[0]}», версия {m.methodology[1]}" for m in wrong)
        raise RollupError(f"сводить можно только результаты одной методики («{expected[0]}», версия "
                          f"{expected[1]}), а получено: {names}")


def roll_up(methodology: Methodology, municipalities: list[Municipality], period: str | None = None) -> Results:
    """The region's Results: each municipality's totals as its row, the regional totals from sums."""
    municipalities = sorted(municipalities, key=lambda m: m.organization.sort_key)
    targets = {i.id: i.target.for_period(period) if i.target else None for i in methodology.indicators}
    regional: dict[str, float] = {}
    group_sums: dict[str, dict[str, float]] = {}
    rows = []
    for indicator in in_dependency_order(methodology):
        for m in municipalities:
            total = m.totals.get(indicator.id, {})
            covered, applicable = m.coverage.get(indicator.id, (0, 0))
            rows.append((ORGANIZATION, m.organization.code, m.organization.name, indicator.id,
                         _float(total.get("value")), _float(total.get("numerator")),
                         _float(total.get("denominator")), covered, applicable, None))
        covered = sum(m.coverage.get(indicator.id, (0, 0))[0] for m in municipalities)
        applicable = sum(m.coverage.get(indicator.id, (0, 0))[1] for m in municipalities)
        sums: dict[str, float] = {}
        for m in municipalities:
            for element, value in m.sums.get(indicator.id, {}).items():
                sums[element] = sums.get(element, 0.0) + value
        group_sums[indicator.id] = sums

        def lookup(name: str) -> float:
            return regional[name] if name in regional else sums.get(name, 0.0)

        numerator = denominator = np.nan
        if covered == 0:
            value = np.nan
        elif indicator.kind == "count":
            value = float(np.nansum([_float(m.totals.get(indicator.id, {}).get("value")) for m in municipalities]))
        else:
            value, numerator, denominator = group_value(indicator, lookup)
            value = np.nan if value is None else value
            numerator = np.nan if numerator is None else numerator
            denominator = np.nan if denominator is None else denominator
        regional[indicator.id] = value
        target = targets[indicator.id]
        met = target.met(value) if target is not None and not target.per_organization else None
        rows.append((TOTAL, "", "", indicator.id, value, numerator, denominator, covered, applicable, met))
    table = pd.DataFrame.from_records(rows, columns=list(Results.COLUMNS))
    organizations = tuple(m.organization for m in municipalities)
    return Results(methodology, organizations, table, targets, group_sums)


def run_rollup(methodology: Methodology, folders: list[Path], out_dir: Path, period: str | None = None):
    """Read the municipalities' folders, roll them up and write the report one level up.

    Raises :class:`RollupError` when a folder cannot be read or is of another methodology.
    """
    from proforient_cli.core.formatting import period_text
    from proforient_cli.pipeline import report_time, write_report
    from proforient_cli.report.model import FileOutcome, Intake, Report

    municipalities = [read_municipality(Path(f)) for f in folders]
    check_versions(methodology, municipalities)
    codes = [m.organization.code for m in municipalities]
    if len(set(codes)) != len(codes):
        twice = sorted({c for c in codes if codes.count(c) > 1})
        raise RollupError(f"папки с одинаковым именем переданы дважды: {', '.join(twice)}; "
                          f"у каждого муниципалитета должна быть своя папка")
    raw_period = period or next((m.period for m in municipalities if m.period), "")
    results = roll_up(methodology, municipalities, raw_period or methodology.period)
    report = Report(
        methodology=methodology,
        results=results,
        intake=Intake(tuple(FileOutcome(m.folder.name, m.organization, True) for m in
                            sorted(municipalities, key=lambda m: m.organization.sort_key))),
        problems=(),
        text_questions=(),
        period=period_text(methodology.period, raw_period) or "не указан",
        generated=report_time(),
        raw_period=raw_period,
        level="municipality",
    )
    return write_report(report, out_dir)


def _float(text) -> float:
    try:
        return float(text) if text not in (None, "") else np.nan
    except ValueError:
        return np.nan
