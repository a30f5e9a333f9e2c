"""From the organizations' checked values to every indicator, for each organization and the total.

The checked values go straight into one wide numpy table (an organization per row, a numeric
element per column); each indicator is then evaluated over whole columns at once. A group's
value is always computed from the group's sums of the elements over the organizations that
reported everything the indicator needs (a share is Σ numerator / Σ denominator × 100, never a
mean of percentages); a ``count`` is the number of organizations whose flag is «да» or whose
condition holds. The results are kept column-wise as well, so that a report over thousands of
organizations reads them in one pass instead of one lookup per cell.
"""

from __future__ import annotations

import dataclasses


import numpy as np
import pandas as pd

from proforient_cli.compute.results import ORGANIZATION, TOTAL, IndicatorValue, Results
from proforient_cli.compute.targets import judge
from proforient_cli.methodology.expressions import Binary, Call, Name, Negate, evaluate, split_name
from proforient_cli.methodology.model import Expression, Indicator, Methodology
from proforient_cli.core.organization import Organization
from proforient_cli.intake.submission import Checked

def compute(methodology: Methodology, submissions: list[Checked], period: str | None = None) -> Results:
    """Compute every indicator over the submissions that were not excluded.

    ``period`` («2024», «2023/2024 учебный год») picks the per-year targets of a roadmap.

    >>> # see tests/test_compute.py for worked examples
    """
    counted = sorted((s for s in submissions if not s.excluded), key=lambda s: s.organization.sort_key)
    organizations = tuple(s.organization for s in counted)
    codes = [o.code for o in organizations]
    numeric = [key for e in methodology.elements if e.type != "text" for key in methodology.keys(e)]

    wide = _wide(counted, numeric)
    applies = _applies(methodology, organizations, numeric)
    excluded = [(row, s.excluded_indicators) for row, s in enumerate(counted) if s.excluded_indicators]

    targets = {i.id: i.target.for_period(period) if i.target else None for i in methodology.indicators}
    evaluator = _Evaluator(methodology, numeric, wide, applies, excluded)
    # An indicator with a breakdown is computed once per category, as «events_by_level[noo]».
    order = [part for indicator in in_dependency_order(methodology) for part in by_category(methodology, indicator)]
    targets.update({part.id: targets[split_name(part.id)[0]] for part in order})
    n = len(codes)
    names = [o.name for o in organizations]
    columns: dict[str, list] = {name: [] for name in Results.COLUMNS}
    for indicator in order:
        org, total = evaluator.indicator(indicator)
        columns["level"].extend([ORGANIZATION] * n + [TOTAL])
        columns["org_code"].extend(codes + [""])
        columns["org_name"].extend(names + [""])
        columns["indicator"].extend([indicator.id] * (n + 1))
        columns["category"].extend([split_name(indicator.id)[1]] * (n + 1))
        for name in ("value", "numerator", "denominator", "covered", "applicable"):
            columns[name].append(org[name])
        columns["value"].append([np.nan if total.value is None else total.value])
        columns["numerator"].append([np.nan if total.numerator is None else total.numerator])
        columns["denominator"].append([np.nan if total.denominator is None else total.denominator])
        columns["covered"].append([total.covered])
        columns["applicable"].append([total.applicable])
        target = targets[indicator.id]
        if target is not None and target.per_organization:
            columns["target_met"].extend([judge(target, value, ORGANIZATION) for value in org["value"]])
        else:  # nothing is judged organization by organization
            columns["target_met"].extend([None] * n)
        columns["target_met"].append(judge(target, total.value, TOTAL))
    for name, dtype in (("value", float), ("numerator", float), ("denominator", float),
                        ("covered", np.int64), ("applicable", np.int64)):
        parts = columns[name]
        columns[name] = np.concatenate(parts).astype(dtype) if parts else np.array([], dtype=dtype)
    columns["target_met"] = np.array(columns["target_met"], dtype=object)
    if not order:  # as an empty DataFrame.from_records: every column of object dtype
        columns = {name: np.array([], dtype=object) for name in Results.COLUMNS}
    table = pd.DataFrame(columns, columns=list(Results.COLUMNS))
    return Results(methodology, organizations, table, targets, evaluator.group_sums)


def _wide(counted: list[Checked], numeric: list[str]) -> np.ndarray:
    """Organizations × numeric elements, NaN where there is no value; column-major, so that a
    column sums the way a pandas column does."""
    nan = np.nan
    rows = [[value if isinstance(value, float) else nan for value in map(submission.values.get, numeric)]
            for submission in counted]
    wide = np.array(rows, dtype=float).reshape(len(counted), len(numeric))
    wide = np.asfortranarray(wide)
    return wide


def _applies(methodology: Methodology, organizations: tuple[Organization, ...], numeric: list[str]) -> np.ndarray:
    """Organizations × numeric elements: whether the organization's type reports the element."""
    by_type: dict[str, list[bool]] = {}
    rows = []
    for organization in organizations:
        row = by_type.get(organization.type)
        if row is None:
            row = by_type[organization.type] = [methodology.applies(key, organization.type) for key in numeric]
        rows.append(row)
    return np.array(rows, dtype=bool).reshape(len(organizations), len(numeric))


def by_category(methodology: Methodology, indicator: Indicator) -> list[Indicator]:
    """The indicator itself, or — with ``by`` — one indicator per category, «events_by_level[noo]»,
    whose elements of that breakdown are taken in that category."""
    categories = methodology.categories(indicator)
    if not categories:
        return [indicator]
    return [dataclasses.replace(
        indicator, id=f"{indicator.id}[{category.id}]",
        numerator=_in_category(methodology, indicator.numerator, indicator.by, category.id),
        denominator=_in_category(methodology, indicator.denominator, indicator.by, category.id),
        expression=_in_category(methodology, indicator.expression, indicator.by, category.id),
    ) for category in categories]


def _in_category(methodology: Methodology, expression: Expression | None, dimension: str,
                 category: str) -> Expression | None:
    if expression is None:
        return None

    def rename(node):
        if isinstance(node, Name):
            element = methodology.element(node.id)
            if element is not None and element.by == dimension and not split_name(node.id)[1]:
                return Name(f"{node.id}[{category}]", node.column)
            return node
        if isinstance(node, Negate):
            return Negate(rename(node.operand), node.column)
        if isinstance(node, Binary):
            return Binary(node.op, rename(node.left), rename(node.right), node.column)
        if isinstance(node, Call):
            return Call(node.function, tuple(rename(a) for a in node.args), node.column)
        return node

    return dataclasses.replace(expression, node=rename(expression.node))


def in_dependency_order(methodology: Methodology) -> list[Indicator]:
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

    def __init__(self, methodology: Methodology, numeric: list[str], wide: np.ndarray, applies: np.ndarray,
                 excluded: list[tuple[int, frozenset[str]]]):
        self.methodology = methodology
        self.column_of = {id: column for column, id in enumerate(numeric)}
        self.wide = wide
        self.applies = applies
        self.excluded = excluded
        self.org_values: dict[str, np.ndarray] = {}
        self.group_values: dict[str, float] = {}
        self.group_sums: dict[str, dict[str, float]] = {}
        self.org_covered: dict[str, np.ndarray] = {}  # whom each indicator's group value covers
        self.org_applicable: dict[str, np.ndarray] = {}

    def indicator(self, indicator: Indicator) -> tuple[dict[str, np.ndarray], IndicatorValue]:
        """The indicator per organization (arrays by table column) and for the group.

        An organization counts when it reported every element the indicator names and has a
        value for every indicator its formula uses. A formula made of other indicators only
        («all levels» = kindergartens' count + schools' count) takes their group values, so
        it has a group value even when no single organization reports all its parts.
        """
        references = indicator.references()
        parts = [name for name in references if self.methodology.indicator(name) is not None]
        elements = [name for name in references if name not in parts]
        columns = [self.column_of[e] for e in elements]
        n = self.wide.shape[0]
        data = self.wide[:, columns]
        not_excluded = np.ones(n, dtype=bool)
        for row, ids in self.excluded:
            if indicator.id in ids:
                not_excluded[row] = False
        included = ~np.isnan(data).any(axis=1) & not_excluded
        applicable = self.applies[:, columns].all(axis=1)
        group_covered, group_applicable = included, applicable
        if parts:
            for part in parts:
                included = included & ~np.isnan(self.org_values[part])
                applicable = applicable & self.org_applicable[part]
            if not elements:
                group_covered = np.logical_or.reduce([self.org_covered[p] for p in parts]) & not_excluded
                group_applicable = np.logical_or.reduce([self.org_applicable[p] for p in parts])
            else:
                group_covered, group_applicable = included, applicable
        has_group = bool(group_covered.any())

        def org_lookup(name: str):
            if name in self.org_values:
                return self.org_values[name]
            return self.wide[:, self.column_of[name]]

        with np.errstate(over="ignore"):  # 1e308 + 1e308 is infinite: no data for the group, said as such
            sums = dict(zip(elements, np.asfortranarray(data[included]).sum(axis=0).tolist()))
        self.group_sums[indicator.id] = sums

        def group_lookup(name: str) -> float:
            if name in self.group_values:
                return self.group_values[name]
            return float(sums[name])

        numerator = denominator = np.full(n, np.nan)
        total_numerator = total_denominator = None
        if indicator.kind == "share":
            numerator = _array(evaluate(indicator.numerator.node, org_lookup), n)
            denominator = _array(evaluate(indicator.denominator.node, org_lookup), n)
            with np.errstate(divide="ignore", invalid="ignore"):
                values = np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1) * 100, np.nan)
            total = None
            if has_group:
                total, total_numerator, total_denominator = group_value(indicator, group_lookup)
        elif indicator.kind == "count":
            values = _array(evaluate(indicator.expression.node, org_lookup), n)
            values = np.where(np.isnan(values), np.nan, (values != 0).astype(float))
            total = float(np.nansum(values[included])) if has_group else None
        else:  # sum, formula
            values = _array(evaluate(indicator.expression.node, org_lookup), n)
            total = group_value(indicator, group_lookup)[0] if has_group else None

        values = np.where(included, values, np.nan)
        numerator = np.where(included, numerator, np.nan)
        denominator = np.where(included, denominator, np.nan)
        self.org_values[indicator.id] = values
        self.org_covered[indicator.id] = group_covered
        self.org_applicable[indicator.id] = group_applicable
        self.group_values[indicator.id] = np.nan if total is None else total

        per_org = {"value": values, "numerator": numerator, "denominator": denominator,
                   "covered": included.astype(np.int64), "applicable": applicable.astype(np.int64)}
        summary = IndicatorValue(
            indicator=indicator,
            value=total,
            numerator=total_numerator if indicator.kind == "share" else None,
            denominator=total_denominator if indicator.kind == "share" else None,
            covered=int(group_covered.sum()),
            applicable=int(group_applicable.sum()),
            target_met=None,  # judged in compute(), where the period's targets are known
        )
        return per_org, summary


def group_value(indicator: Indicator, lookup) -> tuple[float | None, float | None, float | None]:
    """A share's, sum's or formula's value for a group, with a share's numerator and denominator.

    ``lookup(id)`` gives an element's sum over the group's organizations, or another
    indicator's group value; ``compute`` and the regional roll-up both come here.
    """
    if indicator.kind == "share":
        numerator = float(evaluate(indicator.numerator.node, lookup))
        denominator = float(evaluate(indicator.denominator.node, lookup))
        return (numerator / denominator * 100 if denominator > 0 else None), numerator, denominator
    return _finite(evaluate(indicator.expression.node, lookup)), None, None


def _array(value, length: int) -> np.ndarray:
    array = np.asarray(value, dtype=float)
    return np.full(length, float(array)) if array.ndim == 0 else array


def _finite(value) -> float | None:
    value = float(value)
    return value if np.isfinite(value) else None
