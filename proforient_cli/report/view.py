"""What the report says, decided once: the view every output file only lays out.

From a :class:`~proforient_cli.report.model.Report` (the results, what was received, the
problems, the earlier periods) :func:`build_view` decides each indicator's shown value, its
coverage, its target and verdict with the shortfall, its change against the previous period, who
is new and who is gone, and the rows of every table by organization. ``report.md`` and
``report.xlsx`` read these texts and numbers; neither formats a value, compares it with a target
or looks at an earlier period on its own.

The view is built column by column: with thousands of organizations a lookup per cell would
dominate the run.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import repeat

from proforient_cli import __version__
from proforient_cli.compute.history import Period
from proforient_cli.compute.results import Column, IndicatorValue, Results
from proforient_cli.core import formatting
from proforient_cli.intake.problems import Problem
from proforient_cli.methodology.model import Indicator
from proforient_cli.report.model import Report

NOT_APPLICABLE = "—"  # an organization the indicator does not concern


@dataclass(frozen=True)
class IndicatorLine:
    """One indicator of a section, for the municipality (or the region)."""

    indicator: Indicator
    number: str  # «2.3»: section and place, used as the column name of the organization table
    title: str
    value: str  # «45,3 % (317 из 700)», «12 ед.», «нет данных»
    target: str  # «не менее 200 чел.», or "" without a target
    verdict: str  # «достигнуто», «не достигнуто: 180 из 200 чел.», «нет данных», or ""
    coverage: str  # «по 7 из 8 организаций»
    source: str
    change: str = ""  # against the previous period: «+2,3 п.п.», «+12 ед. (+5,1 %)»
    total: IndicatorValue | None = None  # the numbers behind the texts, for a spreadsheet's cells
    history: tuple[float | None, ...] = ()  # the total in each earlier period, oldest first
    key: str = ""  # the result's key: the indicator's id, or «id[category]»

    @property
    def unit(self) -> str:
        return self.indicator.display_unit


@dataclass(frozen=True)
class OrganizationLine:
    name: str
    values: tuple[str, ...]  # one text per indicator of the section, with its change if any


@dataclass(frozen=True)
class SectionView:
    id: str
    number: str  # «3», or the document's own «10.6»
    title: str
    indicators: tuple[IndicatorLine, ...]
    organizations: tuple[OrganizationLine, ...]  # alphabetical; those none of it concerns left out


@dataclass(frozen=True)
class Comparison:
    """Who is new and who is gone against the previous period: marked, never silently dropped."""

    label: str
    new: tuple[str, ...]
    gone: tuple[str, ...]


@dataclass(frozen=True)
class ProblemLine:
    where: str  # «лист «Данные», ячейка D14 (pupils_5_11)», or "" for the file as a whole
    text: str


@dataclass(frozen=True)
class IntakeLine:
    """One received file: whose it was, whether it counts, and why not."""

    file: str
    code: str  # "" when the file could not be read as a template
    name: str
    counted: str  # «да» or «нет»
    reason: str  # why it was excluded
    problems: int


@dataclass(frozen=True)
class Words:
    """How the report names its rows and their whole: a municipality's organizations, or a
    region's municipalities (a roll-up)."""

    whole: str  # «муниципалитета», «региона»
    rows: str  # «организациям», «муниципалитетам»
    rows_title: str  # «Организации», «Муниципалитеты»
    row: str  # «Организация», «Муниципалитет»
    to_row: str  # «к организации», «к муниципалитету»
    of_rows: str  # «организаций», «муниципалитетов»
    source: str  # what each row was read from: «Файл», «Папка»
    is_rollup: bool = False  # a region from municipalities' reports: no roster, no text answers of its own


ORGANIZATIONS = Words("муниципалитета", "организациям", "Организации", "Организация", "к организации", "организаций",
                      "Файл")
MUNICIPALITIES = Words("региона", "муниципалитетам", "Муниципалитеты", "Муниципалитет", "к муниципалитету",
                       "муниципалитетов", "Папка", is_rollup=True)


@dataclass(frozen=True)
class ReportView:
    report: Report
    sections: tuple[SectionView, ...]
    comparison: Comparison | None
    periods: tuple[str, ...]  # with earlier periods: their labels and the current one, oldest first
    problems_by_file: tuple[tuple[str, tuple[ProblemLine, ...]], ...]
    intake: tuple[IntakeLine, ...]
    words: Words
    generated: str  # «01.12.2026 в 20:40»
    service: str  # «Служебные сведения»: the program, the methodology's id and version
    has_shares: bool  # whether the note on how shares are computed applies

    @property
    def lines(self) -> list[IndicatorLine]:
        """Every indicator line, section by section."""
        return [line for section in self.sections for line in section.indicators]


def build_view(report: Report) -> ReportView:
    """Everything the report says, from what was computed."""
    periods = ()
    if report.earlier:
        periods = tuple(p.label for p in report.earlier) + (report.raw_period or "текущий период",)
    return ReportView(
        report=report,
        sections=tuple(_sections(report)),
        comparison=comparison(report),
        periods=periods,
        problems_by_file=_problems_by_file(report),
        intake=tuple(_intake_lines(report)),
        words=MUNICIPALITIES if report.level == "municipality" else ORGANIZATIONS,
        generated=report.generated.strftime("%d.%m.%Y в %H:%M"),
        service=f"программа proforient {__version__}, методика «{report.methodology.id}», "
                f"версия {report.methodology.version}",
        has_shares=any(i.kind == "share" for i in report.methodology.indicators),
    )


# -- the texts of one value ---------------------------------------------------------------------


def value_text(value: IndicatorValue, organization: bool = False) -> str:
    """«45,3 % (317 из 700)» for a share, «12 ед.» otherwise, «нет данных» when there is none.

    A ``count`` is a number of organizations: «4 из 5 организаций», with its base; for one
    organization, or where a single organization answers (the department's own «Наличие
    муниципальной программы»), it is whether the flag or condition holds: «да» or «нет».
    """
    indicator = value.indicator
    if indicator.kind == "count" and value.value is not None:
        if organization or is_presence(indicator, value.covered):
            return "да" if value.value else "нет"
        return f"{formatting.number(value.value)} {formatting.out_of(value.covered)}"
    if indicator.kind == "share":
        return formatting.share(value.value, value.numerator, value.denominator)
    return formatting.with_unit(value.value, indicator.display_unit)


def is_presence(indicator: Indicator, covered: int) -> bool:
    """Whether a count of organizations reads as one yes/no answer: one organization answers it
    (the department's own «Наличие муниципальной программы») and the document does not word it as
    a number («Количество ДОО, реализующих …» stays «1 из 1 организации»)."""
    return covered <= 1 and not indicator.title.lstrip().casefold().startswith("количество")


def target_texts(results: Results, key: str) -> tuple[str, str]:
    """The target in force («не менее 200 чел.») and the verdict: «достигнуто»,
    «не достигнуто: 180 из 200 чел.», or for a target per organization «достигнуто в 3 из 5 организаций».

    ``key`` is the indicator's id, or «id[category]» for one category of a breakdown. The verdicts
    themselves were judged by :func:`proforient_cli.compute.targets.judge`.
    """
    indicator = results.methodology.indicator(key)
    target = results.targets.get(key)
    if target is None:
        return "", ""
    unit = indicator.display_unit
    if indicator.kind == "count":
        return _count_target_texts(results, key, target)
    text = formatting.target(target.at_least, target.at_most, unit)
    if target.per_organization:
        judged = [met for met in results.column(key).target_met if met is not None]
        text = f"{text} в каждой организации"
        if not judged:
            return text, formatting.NO_DATA
        return text, f"достигнуто {formatting.of_organizations(sum(judged), len(judged), 'в')}"
    total = results.total(key)
    if total.target_met is None:
        return text, formatting.NO_DATA
    if total.target_met:
        return text, "достигнуто"
    return text, f"не достигнуто: {shortfall(total.value, target.at_least, target.at_most, unit)}"


def _count_target_texts(results: Results, key: str, target) -> tuple[str, str]:
    """A count of organizations: its target in the documents' words, and the verdict."""
    presence = target.at_least == 1 and target.at_most is None
    if target.per_organization:
        judged = [met for met in results.column(key).target_met if met is not None]
        text = formatting.count_target(target.at_least, target.at_most, per_organization=True)
        if not judged:
            return text, formatting.NO_DATA
        word = "выполнено" if presence else "достигнуто"
        return text, f"{word} {formatting.of_organizations(sum(judged), len(judged), 'в')}"
    total = results.total(key)
    single = is_presence(results.methodology.indicator(key), total.covered)
    text = formatting.count_target(target.at_least, target.at_most, single=single)
    if total.target_met is None:
        return text, formatting.NO_DATA
    if presence and single:
        return text, "выполнено" if total.target_met else "не выполнено"
    if total.target_met:
        return text, "достигнуто"
    return text, f"не достигнуто: {formatting.in_organizations(total.value)}"


def shortfall(value: float, at_least: float | None, at_most: float | None, unit: str) -> str:
    """«180 из 200 чел.» when short of a minimum; «7 ед. при цели не более 5 ед.» otherwise.

    >>> shortfall(180, 200, None, "чел.")
    '180 из 200\xa0чел.'
    """
    if at_least is not None and value < at_least and unit != "%":
        return f"{formatting.number(value)} из {formatting.with_unit(at_least, unit)}"
    return f"{formatting.with_unit(value, unit)} при цели {formatting.target(at_least, at_most, unit)}"


def change(current: float | None, earlier: float | None, unit: str) -> str:
    """«+2,3 п.п.» for a share, «+12 ед. (+5,1 %)» for a quantity, «без изменений», or "".

    >>> change(47.5, 45.2, "%"), change(120, 100, "чел."), change(5, 5, "ед.")
    ('+2,3\\xa0п.п.', '+20\\xa0чел. (+20\\xa0%)', 'без изменений')
    """
    if current is None or earlier is None or current != current:
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


# -- sections -----------------------------------------------------------------------------------


def _sections(report: Report) -> list[SectionView]:
    methodology, results, previous = report.methodology, report.results, report.previous
    views = []
    for section in (s for s in methodology.sections if any(i.section == s.id for i in methodology.indicators)):
        number = methodology.section_numbers[section.id]  # the document's numbering where it has one
        indicators = [i for i in methodology.indicators if i.section == section.id]
        lines, keys = [], []
        for place, indicator in enumerate(indicators, start=1):
            categories = methodology.categories(indicator)
            own = indicator.number or f"{number}.{place}"
            # an indicator with a breakdown: a line per category, «2.3.1 …: Начальное общее образование»
            parts = [(f"{indicator.id}[{c.id}]", f"{own}.{k}", f"{_title(report, indicator)}: {c.title}")
                     for k, c in enumerate(categories, start=1)] or [(indicator.id, own, _title(report, indicator))]
            for key, shown_number, title in parts:
                total = results.total(key)
                target, verdict = target_texts(results, key)
                lines.append(IndicatorLine(
                    indicator=indicator,
                    number=shown_number,
                    title=formatting.nested_quotes(title),
                    value=value_text(total),
                    target=target,
                    verdict=verdict,
                    coverage=formatting.of_organizations(total.covered, total.applicable),
                    source=indicator.source,
                    change=change(total.value, previous.total(key), indicator.display_unit) if previous else "",
                    total=total,
                    history=tuple(p.total(key) for p in report.earlier),
                    key=key,
                ))
                keys.append(key)
        columns = [results.column(key) for key in keys]
        texts = [_with_changes(_organization_texts(column), column, key, results, previous)
                 for key, column in zip(keys, columns)]
        rows = tuple(
            OrganizationLine(formatting.nested_quotes(org.name), values)
            for org, values, applicable in zip(results.organizations, zip(*texts),
                                               zip(*[column.applicable for column in columns]))
            # an organization none of the section concerns (a kindergarten among exam results) is left out
            if any(applicable)
        )
        views.append(SectionView(section.id, number, section.title, tuple(lines), rows))
    return views


def _title(report: Report, indicator: Indicator) -> str:
    """The title, saying over which periods a cumulative indicator is summed."""
    if indicator.cumulative and report.earlier:
        periods = ", ".join([p.label for p in report.earlier] + [report.raw_period or "текущий период"])
        if "нарастающим итогом" in indicator.title.lower():
            return f"{indicator.title} (за {periods})"
        return f"{indicator.title} (нарастающим итогом за {periods})"
    return indicator.title


def _with_changes(texts: list[str], column: Column, key: str, results: Results,
                  previous: Period | None) -> list[str]:
    """Each organization's value followed by its change against the previous period."""
    if previous is None:
        return texts
    unit = column.indicator.display_unit
    changed = []
    for text, org, value in zip(texts, results.organizations, column.value):
        difference = change(value, previous.of(org.code, key), unit)
        changed.append(f"{text}; {difference}" if difference and text != NOT_APPLICABLE else text)
    return changed


def _organization_text(value: IndicatorValue) -> str:
    if not value.applicable:
        return NOT_APPLICABLE
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


# -- who came and went, what was wrong ------------------------------------------------------------


def comparison(report: Report) -> Comparison | None:
    previous = report.previous
    if previous is None:
        return None
    current = {o.code: o.name for o in report.results.organizations}
    new = tuple(formatting.nested_quotes(name) for code, name in current.items() if code not in previous.names)
    gone = tuple(sorted((formatting.nested_quotes(name) for code, name in previous.names.items() if code not in current),
                        key=lambda n: n.casefold()))
    return Comparison(previous.label, new, gone)


def where(problem: Problem) -> str:
    """«лист «Данные», ячейка D14» — the place inside the file, if any: the sheet and the cell a
    person finds; the element's code stays in problems.csv for programs."""
    parts = []
    if problem.sheet:
        parts.append(f"лист «{problem.sheet}»")
    if problem.cell:
        parts.append(f"ячейка {problem.cell}")
    return ", ".join(parts)


def _problems_by_file(report: Report) -> tuple[tuple[str, tuple[ProblemLine, ...]], ...]:
    """Problems grouped by file, files in alphabetical order, problems in reading order."""
    groups: dict[str, list[ProblemLine]] = {}
    for problem in report.problems:
        groups.setdefault(problem.file, []).append(ProblemLine(where(problem), problem.text))
    return tuple((file, tuple(lines)) for file, lines in sorted(groups.items(), key=lambda item: item[0].casefold()))


def _intake_lines(report: Report) -> list[IntakeLine]:
    return [IntakeLine(o.file, o.organization.code if o.organization else "",
                       formatting.nested_quotes(o.organization.name) if o.organization else "",
                       "да" if o.counted else "нет", o.reason, o.problems) for o in report.intake.files]
