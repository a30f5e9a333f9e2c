"""What the computation hands on: every indicator for every organization and for the total.

:class:`Results` keeps one long table (a row per level, organization and indicator) and reads it
column-wise: a report over thousands of organizations takes each indicator's values in one pass
instead of one lookup per cell. The lookups are built on first use and kept (``cached_property``):
a region's table has close to a million rows and every renderer reads all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from proforient_cli.core.organization import Organization
from proforient_cli.methodology.model import Indicator, Methodology, Target

TOTAL = "total"
ORGANIZATION = "organization"


@dataclass(frozen=True)
class IndicatorValue:
    """One indicator's value for one organization or for the total."""

    indicator: Indicator
    value: float | None  # None: нет данных
    numerator: float | None = None
    denominator: float | None = None
    covered: int = 0  # organizations whose data went into the value
    applicable: int = 0  # organizations that report what the indicator needs
    target_met: bool | None = None


@dataclass(frozen=True)
class Column:
    """One indicator over every organization, in the order of ``Results.organizations``.

    Plain lists (None for «нет данных») rather than objects per cell: a report over thousands
    of organizations formats them in one pass.
    """

    indicator: Indicator
    value: list[float | None]
    numerator: list[float | None]
    denominator: list[float | None]
    applicable: list[bool]
    target_met: list[bool | None]  # judged only for a target set for each organization


@dataclass(frozen=True)
class Results:
    """Every indicator for every organization (alphabetical) and for the total."""

    methodology: Methodology
    organizations: tuple[Organization, ...]
    table: pd.DataFrame  # one row per (level, organization, indicator); see COLUMNS
    targets: dict[str, Target | None]  # each indicator's target in force for the period
    # indicator → element → Σ over the organizations the indicator covers: what a roll-up needs
    group_sums: dict[str, dict[str, float]] = field(default_factory=dict)

    # ``indicator`` is the result's key: the indicator's id, or «id[category]» for one category of an
    # indicator with a breakdown (``category`` then holds the category's id).
    COLUMNS = ("level", "org_code", "org_name", "indicator", "value", "numerator", "denominator",
               "covered", "applicable", "target_met", "category")

    def total(self, indicator_id: str) -> IndicatorValue:
        return self._value(TOTAL, "", indicator_id)

    def for_organization(self, org_code: str, indicator_id: str) -> IndicatorValue:
        return self._value(ORGANIZATION, org_code, indicator_id)

    def column(self, indicator_id: str) -> Column:
        """The indicator for every organization at once, in the order of ``organizations``."""
        found = self._columns.get(indicator_id)
        if found is None:
            rows = self._organization_rows(indicator_id)
            value, numerator, denominator, applicable, target_met = (
                self._arrays[name][rows] for name in ("value", "numerator", "denominator", "applicable", "target_met"))
            met = np.where(pd.isna(target_met), None, target_met.astype(bool)) if len(rows) else target_met
            found = self._columns[indicator_id] = Column(
                self.methodology.indicator(indicator_id), _or_none(value), _or_none(numerator),
                _or_none(denominator), applicable.astype(bool).tolist(), met.tolist())
        return found

    def _value(self, level: str, org_code: str, indicator_id: str) -> IndicatorValue:
        position = self._row(level, org_code, indicator_id)
        value, numerator, denominator, covered, applicable, target_met = (
            self._arrays[name][position]
            for name in ("value", "numerator", "denominator", "covered", "applicable", "target_met"))
        return IndicatorValue(
            indicator=self.methodology.indicator(indicator_id),
            value=_none_if_nan(value),
            numerator=_none_if_nan(numerator),
            denominator=_none_if_nan(denominator),
            covered=int(covered),
            applicable=int(applicable),
            target_met=_none_or_bool(target_met),
        )

    # The table is read through positions found once, not through .loc: a region's table has
    # close to a million rows and a report reads every one of them. Each cache below is built on
    # first use and kept with the (immutable) results.

    @cached_property
    def _columns(self) -> dict[str, Column]:
        return {}

    @cached_property
    def _arrays(self) -> dict[str, np.ndarray]:
        return {name: self.table[name].to_numpy() for name in self.COLUMNS}

    @cached_property
    def _lists(self) -> dict[str, list]:
        return {name: self.table[name].tolist() for name in ("level", "org_code")}

    @cached_property
    def _blocks(self) -> dict[str, np.ndarray]:
        """Each indicator's rows, in the table's order."""
        return dict(self.table.groupby("indicator", sort=False).indices) if len(self.table) else {}

    @cached_property
    def _keys_by_indicator(self) -> dict[str, dict[tuple[str, str], int]]:
        return {}

    def _keys(self, indicator_id: str) -> dict[tuple[str, str], int]:
        """(level, organization code) → row, for one indicator; the first row when a key repeats."""
        found = self._keys_by_indicator.get(indicator_id)
        if found is None:
            levels, codes = self._lists["level"], self._lists["org_code"]
            found = self._keys_by_indicator[indicator_id] = {}
            for position in self._blocks.get(indicator_id, np.array([], dtype=int)).tolist():
                found.setdefault((levels[position], codes[position]), position)
        return found

    def _row(self, level: str, org_code: str, indicator_id: str) -> int:
        if level == TOTAL and org_code == "":
            position = self._totals.get(indicator_id)  # without a key for every organization
        else:
            position = self._keys(indicator_id).get((level, org_code))
        if position is None:
            raise KeyError((level, org_code, indicator_id))
        return position

    @cached_property
    def _totals(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        rows = np.flatnonzero((self._arrays["level"] == TOTAL) & (self._arrays["org_code"] == ""))
        for position, indicator_id in zip(rows.tolist(), self._arrays["indicator"][rows].tolist()):
            totals.setdefault(indicator_id, position)
        return totals

    @cached_property
    def _codes(self) -> list[str]:
        return [o.code for o in self.organizations]

    def _organization_rows(self, indicator_id: str) -> np.ndarray:
        """The indicator's row of each organization, in the order of ``organizations``."""
        block = self._blocks.get(indicator_id, np.array([], dtype=int))
        rows = block[self._arrays["level"][block] == ORGANIZATION]
        if self._arrays["org_code"][rows].tolist() != self._codes:  # not as compute() lays it out
            keys = self._keys(indicator_id)
            return np.array([keys[(ORGANIZATION, code)] for code in self._codes], dtype=np.intp)
        return rows


def _or_none(array: np.ndarray) -> list:
    """The array as a list of plain values, None where a value is missing (NaN)."""
    plain = array.astype(object)
    plain[pd.isna(array)] = None
    return plain.tolist()


def _none_or_bool(value) -> bool | None:
    return None if value is None or value != value else bool(value)


def _none_if_nan(value) -> float | None:
    return None if value is None or value != value else float(value)


