"""Earlier periods: their values, and the cumulative indicators («нарастающим итогом»).

``compute --previous`` reads earlier report folders (:func:`proforient_cli.report.folder.read_period`)
into :class:`Period` values; :func:`accumulate` sums the cumulative indicators over the periods
given, and the report's view compares each indicator with the latest of them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from proforient_cli.compute.results import ORGANIZATION, TOTAL, Results
from proforient_cli.compute.targets import judge, judged_at


@dataclass(frozen=True)
class Period:
    """One earlier period's values, by indicator, for the total and for each organization."""

    label: str  # «2023»
    source: Path
    totals: dict[str, float | None]
    by_organization: dict[tuple[str, str], float | None]  # (org_code, indicator) → value
    names: dict[str, str]  # org_code → name
    methodology: tuple[str, str] | None = None  # (id, version), when run.json was kept
    # (org_code, indicator) → a share's (numerator, denominator): what a comparable set is summed from
    parts: dict[tuple[str, str], tuple[float | None, float | None]] = field(default_factory=dict)

    def total(self, indicator: str) -> float | None:
        return self.totals.get(indicator)

    def of(self, org_code: str, indicator: str) -> float | None:
        return self.by_organization.get((org_code, indicator))


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
        if judged_at(target, row["level"]):
            table.at[position, "target_met"] = judge(target, value, row["level"])
    return dataclasses.replace(results, table=table)


@dataclass(frozen=True)
class Change:
    """One indicator's change against one earlier period, for the total or an organization.

    On the total, ``value`` and ``previous`` are the group's values over the organizations that
    reported the indicator in both periods (``organizations`` of them): a school that sent nothing
    this year does not make the district fall, nor one that joined make it rise.
    """

    level: str
    org_code: str
    org_name: str
    key: str  # the indicator's id, or «id[category]»
    period: str
    previous_period: str
    value: float | None
    previous: float | None
    organizations: int | None = None  # on a total: the comparable organizations

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


def comparable_changes(results: Results, period: str, previous: Period) -> list[Change]:
    """Every indicator's change against ``previous``: the total over the comparable organizations,
    then each organization's own, organizations in alphabetical order.

    A share over the comparable set is Σ numerator / Σ denominator × 100; a sum and a count are
    sums; a formula needs its elements' sums, which an earlier results.csv does not hold, so its
    comparable total is left empty (its organizations' own changes are given).
    """
    changes: list[Change] = []
    for key, indicator, _ in results.methodology.result_keys():
        column = results.column(key)
        own = []
        both = []
        for organization, value, numerator, denominator in zip(results.organizations, column.value, column.numerator,
                                                               column.denominator):
            earlier = previous.of(organization.code, key)
            own.append(Change(ORGANIZATION, organization.code, organization.name, key, period, previous.label,
                              value, earlier))
            if value is not None and earlier is not None:
                both.append((organization.code, value, numerator, denominator, earlier))
        now = before = None
        if both and indicator.kind == "share":
            parts = [previous.parts.get((code, key), (None, None)) for code, *_ in both]
            if all(n is not None and d is not None for n, d in parts):
                now = _ratio(sum(b[2] for b in both), sum(b[3] for b in both))
                before = _ratio(sum(n for n, _ in parts), sum(d for _, d in parts))
        elif both and indicator.kind in ("sum", "count"):
            now, before = float(sum(b[1] for b in both)), float(sum(b[4] for b in both))
        changes.append(Change(TOTAL, "", "", key, period, previous.label, now, before, len(both)))
        changes.extend(own)
    return changes


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator * 100 if denominator > 0 else None
