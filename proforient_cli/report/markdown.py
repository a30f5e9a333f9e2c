"""report.md: the analytical report, rendered through ``templates/report.md.j2``."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import repeat

from proforient_cli.core import formatting
from proforient_cli.compute.evaluate import Column, IndicatorValue, Results
from proforient_cli.compute.history import Period, change
from proforient_cli.methodology.model import Indicator
from proforient_cli.core.jinja import environment, markdown_cell
from proforient_cli.intake.problems import Problem
from proforient_cli.report.model import Report


@dataclass(frozen=True)
class IndicatorLine:
    indicator: Indicator
    number: str  # «2.3»: section and place, used as the column name of the organization table
    title: str
    value: str
    target: str
    verdict: str
    coverage: str
    source: str
    change: str = ""  # against the previous period: «+2,3 п.п.», «+12 ед. (+5,1 %)»


@dataclass(frozen=True)
class OrganizationLine:
    name: str
    values: tuple[str, ...]
    cells: str = ""  # the values as Markdown table cells, « 12 ед. | да |»: escaped once per distinct text


@dataclass(frozen=True)
class SectionView:
    id: str
    number: int
    title: str
    indicators: tuple[IndicatorLine, ...]
    organizations: tuple[OrganizationLine, ...]


def value_text(value: IndicatorValue, organization: bool = False) -> str:
    """«45,3 % (317 из 700)» for a share, «12 ед.» otherwise, «нет данных» when there is none.

    For one organization a ``count`` is whether its flag or condition holds: «да» or «нет».
    """
    indicator = value.indicator
    if organization and indicator.kind == "count" and value.value is not None:
        return "да" if value.value else "нет"
    if indicator.kind == "share":
        return formatting.share(value.value, value.numerator, value.denominator)
    return formatting.with_unit(value.value, indicator.display_unit)


def target_texts(results: Results, indicator: Indicator) -> tuple[str, str]:
    """The target in force («не менее 200 чел.») and the verdict: «достигнуто»,
    «не достигнуто: 180 из 200 чел.», or for a target per organization «достигнуто в 3 из 5 организаций»."""
    target = results.targets.get(indicator.id)
    if target is None:
        return "", ""
    unit = indicator.display_unit
    text = formatting.target(target.at_least, target.at_most, unit)
    if target.per_organization:
        judged = [met for met in results.column(indicator.id).target_met if met is not None]
        text = f"{text} в каждой организации"
        if not judged:
            return text, "нет данных"
        return text, f"достигнуто {formatting.of_organizations(sum(judged), len(judged), 'в')}"
    total = results.total(indicator.id)
    if total.target_met is None:
        return text, "нет данных"
    if total.target_met:
        return text, "достигнуто"
    return text, f"не достигнуто: {shortfall(total.value, target.at_least, target.at_most, unit)}"


def shortfall(value: float, at_least: float | None, at_most: float | None, unit: str) -> str:
    """«180 из 200 чел.» when short of a minimum; «7 ед. при цели не более 5 ед.» otherwise.

    >>> shortfall(180, 200, None, "чел.")
    '180 из 200\xa0чел.'
    """
    if at_least is not None and value < at_least and unit != "%":
        return f"{formatting.number(value)} из {formatting.with_unit(at_least, unit)}"
    return f"{formatting.with_unit(value, unit)} при цели {formatting.target(at_least, at_most, unit)}"


def sections(report: Report) -> list[SectionView]:
    """The report's sections: the municipal lines and the table by organization.

    Built once per report (report.md and report.xlsx both use them) and column by column:
    with thousands of organizations a lookup per cell would dominate the run.
    """
    cached = report.__dict__.get("_sections_cache")
    if cached is not None:
        return list(cached)
    methodology, results, previous = report.methodology, report.results, report.previous
    cells = _Cells()
    views = []
    for number, section in enumerate(s for s in methodology.sections
                                     if any(i.section == s.id for i in methodology.indicators)):
        indicators = [i for i in methodology.indicators if i.section == section.id]
        lines = []
        for place, indicator in enumerate(indicators, start=1):
            total = results.total(indicator.id)
            target, verdict = target_texts(results, indicator)
            lines.append(IndicatorLine(
                indicator=indicator,
                number=f"{number + 1}.{place}",
                title=_title(report, indicator),
                value=value_text(total),
                target=target,
                verdict=verdict,
                coverage=formatting.of_organizations(total.covered, total.applicable),
                source=indicator.source,
                change=change(total.value, previous.total(indicator.id), indicator.display_unit) if previous else "",
            ))
        columns = [results.column(i.id) for i in indicators]
        texts = [_with_changes(_organization_texts(column), column, results, previous) for column in columns]
        rows = tuple(
            OrganizationLine(org.name, values, "".join(map(cells.__getitem__, values)))
            for org, values, applicable in zip(results.organizations, zip(*texts),
                                               zip(*[column.applicable for column in columns]))
            # an organization none of the section concerns (a kindergarten among exam results) is left out
            if any(applicable)
        )
        views.append(SectionView(section.id, number + 1, section.title, tuple(lines), rows))
    object.__setattr__(report, "_sections_cache", tuple(views))
    return views


def _title(report: Report, indicator: Indicator) -> str:
    """The title, saying over which periods a cumulative indicator is summed."""
    if indicator.cumulative and report.earlier:
        periods = ", ".join([p.label for p in report.earlier] + [report.raw_period or "текущий период"])
        if "нарастающим итогом" in indicator.title.lower():
            return f"{indicator.title} (за {periods})"
        return f"{indicator.title} (нарастающим итогом за {periods})"
    return indicator.title


def _with_changes(texts: list[str], column: Column, results: Results, previous: Period | None) -> list[str]:
    """Each organization's value followed by its change against the previous period."""
    if previous is None:
        return texts
    unit = column.indicator.display_unit
    changed = []
    for text, org, value in zip(texts, results.organizations, column.value):
        difference = change(_none_if_nan(value), previous.of(org.code, column.indicator.id), unit)
        changed.append(f"{text}; {difference}" if difference and text != "—" else text)
    return changed


@dataclass(frozen=True)
class Comparison:
    """Who is new and who is gone against the previous period: marked, never silently dropped."""

    label: str
    new: tuple[str, ...]
    gone: tuple[str, ...]


def comparison(report: Report) -> Comparison | None:
    previous = report.previous
    if previous is None:
        return None
    current = {o.code: o.name for o in report.results.organizations}
    new = tuple(name for code, name in current.items() if code not in previous.names)
    gone = tuple(sorted((name for code, name in previous.names.items() if code not in current),
                        key=lambda n: n.casefold()))
    return Comparison(previous.label, new, gone)


def where(problem: Problem) -> str:
    """«лист «Данные», ячейка D14 (pupils_5_11): » — the place inside the file, if any."""
    place = problem.place[len(problem.file):].lstrip(", ")
    return f"{markdown_cell(place)}: " if place else ""


def _organization_text(value: IndicatorValue) -> str:
    if not value.applicable:
        return "—"
    text = value_text(value, organization=True)
    return f"{text} (цель не достигнута)" if value.target_met is False else text


def _organization_texts(column: Column) -> list[str]:
    """:func:`_organization_text` for every organization of a column; equal inputs are formatted once."""
    if column.indicator.kind == "share":
        keys = zip(column.value, column.numerator, column.denominator, column.applicable, column.target_met)
    else:  # only a share shows its numerator and denominator
        keys = zip(column.value, repeat(None), repeat(None), column.applicable, column.target_met)
    return list(map(_Texts(column.indicator).__getitem__, keys))


class _Texts(dict):
    """(value, numerator, denominator, applicable, target met) → an organization's text, made once."""

    def __init__(self, indicator: Indicator):
        super().__init__()
        self.indicator = indicator

    def __missing__(self, key: tuple) -> str:
        value, numerator, denominator, applicable, met = key
        text = self[key] = _organization_text(IndicatorValue(self.indicator, value, numerator, denominator,
                                                             applicable=int(applicable), target_met=met))
        return text


class _Cells(dict):
    """Texts as Markdown table cells, « 12 ед. |», each distinct text escaped once."""

    def __missing__(self, text: str) -> str:
        cell = self[text] = f" {markdown_cell(text)} |"
        return cell


def _none_if_nan(value: float) -> float | None:
    return None if value != value else value


def render_markdown(report: Report) -> str:
    """The whole report.md text."""
    template = environment().get_template("report.md.j2")
    return template.render(report=report, sections=sections(report), where=where, comparison=comparison(report))
