"""From the organizations' checked values to every indicator, for each organization and the total.

One long table (organization, element, value) is pivoted into a wide one; each indicator is then
evaluated over whole columns at once. A group's value is always computed from the group's sums
of the elements over the organizations that reported everything the indicator needs (a share is
Σ numerator / Σ denominator × 100, never a mean of percentages); a ``count`` is the number of
organizations whose flag is «да» or whose condition holds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from proforient_cli.expressions import evaluate
from proforient_cli.methodology import Indicator, Methodology
from proforient_cli.organization import Organization
from proforient_cli.submission import Checked

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
class Results:
    """Every indicator for every organization (alphabetical) and for the total."""

    methodology: Methodology
    organizations: tuple[Organization, ...]
    table: pd.DataFrame  # one row per (level, organization, indicator); see COLUMNS
    element_sums: pd.Series  # Σ of each numeric element over all organizations that reported it

    COLUMNS = ("level", "org_code", "org_name", "indicator", "value", "numerator", "denominator",
               "covered", "applicable", "target_met")

    def total(self, indicator_id: str) -> IndicatorValue:
        return self._value(TOTAL, "", indicator_id)

    def for_organization(self, org_code: str, indicator_id: str) -> IndicatorValue:
        return self._value(ORGANIZATION, org_code, indicator_id)

    def _value(self, level: str, org_code: str, indicator_id: str) -> IndicatorValue:
        row = self._index.loc[(level, org_code, indicator_id)]
        return IndicatorValue(
            indicator=self.methodology.indicator(indicator_id),
            value=_none_if_nan(row["value"]),
            numerator=_none_if_nan(row["numerator"]),
            denominator=_none_if_nan(row["denominator"]),
            covered=int(row["covered"]),
            applicable=int(row["applicable"]),
            target_met=None if pd.isna(row["target_met"]) else bool(row["target_met"]),
        )

    @property
    def _index(self) -> pd.DataFrame:
        cached = self.__dict__.get("_index_cache")
        if cached is None:
            cached = self.table.set_index(["level", "org_code", "indicator"]).sort_index()
            object.__setattr__(self, "_index_cache", cached)
        return cached


def _none_if_nan(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def compute(methodology: Methodology, submissions: list[Checked]) -> Results:
    """Compute every indicator over the submissions that were not excluded.

    >>> # see tests/test_compute.py for worked examples
    """
    counted = [s for s in submissions if not s.excluded]
    organizations = tuple(sorted((s.organization for s in counted), key=lambda o: o.sort_key))
    codes = [o.code for o in organizations]
    numeric = [e.id for e in methodology.elements if e.type != "text"]

    long = pd.DataFrame.from_records(
        [
            (s.organization.code, element, value)
            for s in counted
            for element, value in s.values.items()
            if isinstance(value, float) and element in numeric
        ],
        columns=["org_code", "element", "value"],
    )
    wide = (
        long.pivot_table(index="org_code", columns="element", values="value", aggfunc="first")
        if len(long) else pd.DataFrame(index=pd.Index([], name="org_code"))
    ).reindex(index=codes, columns=numeric).astype(float)
    org_types = [o.type for o in organizations]
    applies = pd.DataFrame(
        {e.id: [e.applies(t) for t in org_types] for e in methodology.elements if e.type != "text"},
        index=codes, columns=numeric, dtype=bool,
    )
    excluded = {s.organization.code: s.excluded_indicators for s in counted}

    evaluator = _Evaluator(methodology, wide, applies, excluded)
    rows = []
    names = {o.code: o.name for o in organizations}
    for indicator in _in_dependency_order(methodology):
        per_org, total = evaluator.indicator(indicator)
        for code in codes:
            value = per_org.loc[code]
            rows.append((ORGANIZATION, code, names[code], indicator.id, value["value"], value["numerator"],
                         value["denominator"], int(value["covered"]), int(value["applicable"]),
                         _target(indicator, value["value"], per_organization=True)))
        rows.append((TOTAL, "", "", indicator.id, total.value, total.numerator, total.denominator,
                     total.covered, total.applicable, total.target_met))
    table = pd.DataFrame.from_records(rows, columns=list(Results.COLUMNS))
    return Results(methodology, organizations, table, wide.sum(min_count=1))


def _target(indicator: Indicator, value: float, per_organization: bool) -> bool | None:
    # Targets of the methodology are set for the municipality as a whole.
    if indicator.target is None or per_organization:
        return None
    return indicator.target.met(None if pd.isna(value) else float(value))


def _in_dependency_order(methodology: Methodology) -> list[Indicator]:
    """Indicators ordered so that a formula comes after the indicators it uses."""
    done: dict[str, Indicator] = {}

    def visit(indicator: Indicator) -> None:
        if indicator.id in done:
            return
        for name in indicator.references():
            other = methodology.indicator(name)
            if other is not None and other.id not in done:
                visit(other)
        done[indicator.id] = indicator

    for indicator in methodology.indicators:
        visit(indicator)
    return list(done.values())


class _Evaluator:
    """Evaluates indicators column-wise, remembering results for formulas that use them."""

    def __init__(self, methodology: Methodology, wide: pd.DataFrame, applies: pd.DataFrame,
                 excluded: dict[str, frozenset[str]]):
        self.methodology = methodology
        self.wide = wide
        self.applies = applies
        self.excluded = excluded
        self.org_values: dict[str, np.ndarray] = {}
        self.group_values: dict[str, float] = {}

    def elements_of(self, indicator: Indicator) -> list[str]:
        """Element ids the indicator needs, through the indicators its formula uses."""
        found: list[str] = []
        for name in indicator.references():
            other = self.methodology.indicator(name)
            for element in (self.elements_of(other) if other is not None else [name]):
                if element not in found:
                    found.append(element)
        return found

    def indicator(self, indicator: Indicator) -> tuple[pd.DataFrame, IndicatorValue]:
        elements = self.elements_of(indicator)
        codes = self.wide.index
        data = self.wide[elements]
        not_excluded = np.array([indicator.id not in self.excluded.get(c, ()) for c in codes], dtype=bool)
        included = data.notna().all(axis=1).to_numpy() & not_excluded
        applicable = self.applies[elements].all(axis=1).to_numpy()

        def org_lookup(name: str):
            if name in self.org_values:
                return self.org_values[name]
            return self.wide[name].to_numpy(dtype=float)

        sums = data[included].sum()

        def group_lookup(name: str) -> float:
            if name in self.group_values:
                return self.group_values[name]
            return float(sums[name])

        numerator = denominator = np.full(len(codes), np.nan)
        total_numerator = total_denominator = None
        if indicator.kind == "share":
            numerator = _array(evaluate(indicator.numerator.node, org_lookup), len(codes))
            denominator = _array(evaluate(indicator.denominator.node, org_lookup), len(codes))
            with np.errstate(divide="ignore", invalid="ignore"):
                values = np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1) * 100, np.nan)
            if included.any():
                total_numerator = float(evaluate(indicator.numerator.node, group_lookup))
                total_denominator = float(evaluate(indicator.denominator.node, group_lookup))
            total = (total_numerator / total_denominator * 100
                     if total_denominator and total_denominator > 0 and total_numerator is not None else None)
        elif indicator.kind == "count":
            values = _array(evaluate(indicator.expression.node, org_lookup), len(codes))
            values = np.where(np.isnan(values), np.nan, (values != 0).astype(float))
            total = float(np.nansum(values[included])) if included.any() else None
        else:  # sum, formula
            values = _array(evaluate(indicator.expression.node, org_lookup), len(codes))
            total = _finite(evaluate(indicator.expression.node, group_lookup)) if included.any() else None

        values = np.where(included, values, np.nan)
        numerator = np.where(included, numerator, np.nan)
        denominator = np.where(included, denominator, np.nan)
        self.org_values[indicator.id] = values
        self.group_values[indicator.id] = np.nan if total is None else total

        per_org = pd.DataFrame(
            {"value": values, "numerator": numerator, "denominator": denominator,
             "covered": included.astype(int), "applicable": applicable.astype(int)},
            index=codes,
        )
        summary = IndicatorValue(
            indicator=indicator,
            value=total,
            numerator=total_numerator if indicator.kind == "share" else None,
            denominator=total_denominator if indicator.kind == "share" else None,
            covered=int(included.sum()),
            applicable=int(applicable.sum()),
            target_met=_target(indicator, np.nan if total is None else total, per_organization=False),
        )
        return per_org, summary


def _array(value, length: int) -> np.ndarray:
    array = np.asarray(value, dtype=float)
    return np.full(length, float(array)) if array.ndim == 0 else array


def _finite(value) -> float | None:
    value = float(value)
    return value if np.isfinite(value) else None
