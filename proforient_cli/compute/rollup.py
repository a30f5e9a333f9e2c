"""One level up: a region's values from its municipalities' results.

Each municipality's ``compute`` leaves ``results.csv``, ``sums.csv`` (for every indicator, the
sums of its elements over the organizations it covers) and ``run.json``; they are read back by
:func:`proforient_cli.report.folder.read_municipality`. The regional value of an indicator is
computed from the sums of those sums, exactly as if ``compute`` had been run over all the schools
at once — never as a mean of the municipalities' percentages.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from proforient_cli.compute.evaluate import by_category, group_value, in_dependency_order
from proforient_cli.methodology.expressions import split_name
from proforient_cli.compute.results import ORGANIZATION, TOTAL, Results
from proforient_cli.compute.targets import judge
from proforient_cli.methodology.model import Methodology
from proforient_cli.core.errors import CannotStart
from proforient_cli.core.organization import Organization
from proforient_cli.core.patterns import resolved
from proforient_cli.intake.problems import Problem

class RollupError(CannotStart):
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
    organization_codes: frozenset[str] = frozenset()  # the organizations its results cover
    problems: tuple[Problem, ...] = ()  # its data problems, each file named below the folder


def check_versions(methodology: Methodology, municipalities: list[Municipality]) -> None:
    """Refuse municipalities computed with another methodology or version, naming each."""
    expected = (methodology.id, methodology.version)
    wrong = [m for m in municipalities if m.methodology != expected]
    if wrong:
        names = "; ".join(f"{m.folder}: методика «{m.methodology[0]}», версия {m.methodology[1]}" for m in wrong)
        raise RollupError(f"сводить можно только результаты одной методики («{expected[0]}», версия "
                          f"{expected[1]}), а получено: {names}")


def check_distinct(municipalities: list[Municipality]) -> None:
    """Refuse a municipality given twice — the same folder, a copy of it, or two folders that share
    an organization: its schools would be counted twice."""
    seen: dict[Path, Municipality] = {}
    for m in municipalities:
        where = resolved(m.folder)
        if where in seen:
            raise RollupError(f"папка {m.folder} указана дважды: каждый муниципалитет сводится один раз")
        seen[where] = m
    codes = [m.organization.code for m in municipalities]
    if len(set(codes)) != len(codes):
        twice = sorted({c for c in codes if codes.count(c) > 1})
        raise RollupError(f"папки с одинаковым именем переданы дважды: {', '.join(twice)}; "
                          f"у каждого муниципалитета должна быть своя папка")
    for index, first in enumerate(municipalities):
        for second in municipalities[index + 1:]:
            shared = sorted(first.organization_codes & second.organization_codes)
            if shared:
                listed = ", ".join(shared[:5]) + (" и другие" if len(shared) > 5 else "")
                raise RollupError(f"в справках {first.folder} и {second.folder} одни и те же организации "
                                  f"(коды {listed}): их данные были бы учтены дважды; сводите каждый "
                                  f"муниципалитет один раз")


def common_period(municipalities: list[Municipality], period: str | None) -> str:
    """The period of the roll-up: the one given, else the one all municipalities share."""
    if period:
        return period
    periods = {m.period for m in municipalities if m.period}
    if len(periods) > 1:
        listed = "; ".join(f"{m.folder}: «{m.period}»" for m in municipalities if m.period)
        raise RollupError(f"справки муниципалитетов составлены за разные периоды ({listed}); сводите "
                          f"справки одного периода или укажите период явно (--period)")
    return periods.pop() if periods else ""


def roll_up(methodology: Methodology, municipalities: list[Municipality], period: str | None = None) -> Results:
    """The region's Results: each municipality's totals as its row, the regional totals from sums."""
    municipalities = sorted(municipalities, key=lambda m: m.organization.sort_key)
    targets = {i.id: i.target.for_period(period) if i.target else None for i in methodology.indicators}
    regional: dict[str, float] = {}
    group_sums: dict[str, dict[str, float]] = {}
    rows = []
    parts = [part for indicator in in_dependency_order(methodology) for part in by_category(methodology, indicator)]
    targets.update({part.id: targets[split_name(part.id)[0]] for part in parts})
    for indicator in parts:
        category = split_name(indicator.id)[1]
        for m in municipalities:
            total = m.totals.get(indicator.id, {})
            covered, applicable = m.coverage.get(indicator.id, (0, 0))
            rows.append((ORGANIZATION, m.organization.code, m.organization.name, indicator.id,
                         _float(total.get("value")), _float(total.get("numerator")),
                         _float(total.get("denominator")), covered, applicable, None, category))
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
        met = judge(target, value, TOTAL)
        rows.append((TOTAL, "", "", indicator.id, value, numerator, denominator, covered, applicable, met, category))
    table = pd.DataFrame.from_records(rows, columns=list(Results.COLUMNS))
    organizations = tuple(m.organization for m in municipalities)
    return Results(methodology, organizations, table, targets, group_sums)


def _float(text) -> float:
    try:
        return float(text) if text not in (None, "") else np.nan
    except ValueError:
        return np.nan
