"""Earlier periods: their values, and the cumulative indicators («нарастающим итогом»).

``compute --previous`` reads earlier report folders (:func:`proforient_cli.report.folder.read_period`)
into :class:`Period` values; :func:`accumulate` sums the cumulative indicators over the periods
given, and the report's view compares each indicator with the latest of them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from proforient_cli.compute.results import TOTAL, Results
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
