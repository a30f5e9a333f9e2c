"""report.md: the analytical report, rendered through ``templates/report.md.j2``."""

from __future__ import annotations

from dataclasses import dataclass

from proforient_cli import formatting
from proforient_cli.compute import IndicatorValue
from proforient_cli.methodology import Indicator
from proforient_cli.jinja import environment, markdown_cell
from proforient_cli.problems import Problem
from proforient_cli.report import Report


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


@dataclass(frozen=True)
class OrganizationLine:
    name: str
    values: tuple[str, ...]


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


def target_texts(value: IndicatorValue) -> tuple[str, str]:
    """The target («не менее 200 чел.») and the verdict («достигнуто» / «не достигнуто: …»)."""
    target = value.indicator.target
    if target is None:
        return "", ""
    text = formatting.target(target.at_least, target.at_most, value.indicator.display_unit)
    if value.target_met is None:
        return text, "нет данных"
    if value.target_met:
        return text, "достигнуто"
    return text, f"не достигнуто: {value_text(value)} при цели {text}"


def sections(report: Report) -> list[SectionView]:
    methodology, results = report.methodology, report.results
    views = []
    for number, section in enumerate(s for s in methodology.sections
                                     if any(i.section == s.id for i in methodology.indicators)):
        indicators = [i for i in methodology.indicators if i.section == section.id]
        lines = []
        for place, indicator in enumerate(indicators, start=1):
            total = results.total(indicator.id)
            target, verdict = target_texts(total)
            lines.append(IndicatorLine(
                indicator=indicator,
                number=f"{number + 1}.{place}",
                title=indicator.title,
                value=value_text(total),
                target=target,
                verdict=verdict,
                coverage=formatting.of_organizations(total.covered, total.applicable),
                source=indicator.source,
            ))
        rows = tuple(
            OrganizationLine(org.name, tuple(
                _organization_text(results.for_organization(org.code, i.id)) for i in indicators
            ))
            for org in results.organizations
            # an organization none of the section concerns (a kindergarten among exam results) is left out
            if any(results.for_organization(org.code, i.id).applicable for i in indicators)
        )
        views.append(SectionView(section.id, number + 1, section.title, tuple(lines), rows))
    return views


def where(problem: Problem) -> str:
    """«лист «Данные», ячейка D14 (pupils_5_11): » — the place inside the file, if any."""
    place = problem.place[len(problem.file):].lstrip(", ")
    return f"{markdown_cell(place)}: " if place else ""


def _organization_text(value: IndicatorValue) -> str:
    return value_text(value, organization=True) if value.applicable else "—"


def render_markdown(report: Report) -> str:
    """The whole report.md text."""
    template = environment().get_template("report.md.j2")
    return template.render(report=report, sections=sections(report), where=where)
