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

from dataclasses import dataclass, replace
from itertools import repeat

from proforient_cli import __version__
from proforient_cli.compute.history import Change, Period, comparable_changes
from proforient_cli.compute.results import TOTAL, Column, IndicatorValue, Results
from proforient_cli.core import formatting
from proforient_cli.intake.problems import Problem
from proforient_cli.methodology.model import Indicator
from proforient_cli.report.analysis import Analysis, analyse
from proforient_cli.report.model import Report
from proforient_cli.report.texts import is_presence, target_texts, value_change, value_text

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
    change: str = ""  # against the previous period, over the comparable set: «+2,3 п.п.», «+12 ед. (+5,1 %)»
    total: IndicatorValue | None = None  # the numbers behind the texts, for a spreadsheet's cells
    history: tuple[float | None, ...] = ()  # the total in each earlier period, oldest first
    key: str = ""  # the result's key: the indicator's id, or «id[category]»
    part: bool = False  # a «в том числе» part of the indicator above it (its title says so)
    own_title: str = ""  # the title standing alone, for a sentence (a part's without «в том числе: »)
    category: str = ""  # one category of a breakdown: its title («Начальное общее образование»)

    @property
    def label(self) -> str:
        """What a chart's bar is called: the category among its siblings, else the title standing alone."""
        return self.category or self.own_title or self.title

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
    sentences: tuple[str, ...] = ()  # the section's facts in words, after its table

    @property
    def chart(self) -> tuple[IndicatorLine, ...]:
        """The lines a chart of the section shows, on one axis: its shares with a value, or else —
        beside the previous period, where a picture shows the change — its sums in the unit most of
        them share («чел.»); two or more of them (one value reads better as a number than as a
        single bar). Counts of organizations are never drawn: «4 из 5» is its own picture."""
        valued = [line for line in self.indicators if line.total is not None and line.total.value is not None]
        shares = tuple(line for line in valued if line.indicator.kind == "share")
        if len(shares) >= 2:
            return shares
        sums = [line for line in valued if line.indicator.kind in ("sum", "formula")
                and line.history and line.history[-1] is not None]
        units = [line.unit for line in sums]
        if not units:
            return ()
        unit = max(dict.fromkeys(units), key=units.count)
        same = tuple(line for line in sums if line.unit == unit)
        return same if len(same) >= 2 else ()


@dataclass(frozen=True)
class Comparison:
    """Who is new and who is gone against the previous period: marked, never silently dropped."""

    label: str
    new: tuple[str, ...]
    gone: tuple[str, ...]
    current: str = ""  # the current period's label («2024»), "" when not given

    @property
    def new_text(self) -> str:
        """«В 2023 г. данные не представляли, в 2024 г. представили: Школа В.», or ""."""
        return self._who(self.new, "не представляли", "представили")

    @property
    def gone_text(self) -> str:
        """«В 2023 г. данные представляли, в 2024 г. не представили: Школа Б.», or ""."""
        return self._who(self.gone, "представляли", "не представили")

    def _who(self, names: tuple[str, ...], then: str, now_: str) -> str:
        if not names:
            return ""
        before, now = _periods(self.label, self.current)
        return f"{before} данные {then}, {now} {now_}: {'; '.join(names)}."


def _periods(previous: str, current: str) -> tuple[str, str]:
    """(«В 2023 г.», «в 2024 г.»), or for other labels («В периоде «2023/2024»», «в текущем»)."""
    def year(label: str) -> bool:
        return label.isdigit() and len(label) == 4

    before = f"В {previous} г." if year(previous) else f"В периоде «{previous}»"
    now = f"в {current} г." if year(current) else "в текущем периоде"
    return before, now


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
    contact: str = ""  # «Петрова А. В., заместитель директора, 8 (48452) 2-11-03», as the template gave it


@dataclass(frozen=True)
class ReworkLine:
    """An organization whose file goes back «на доработку» (``--feedback``), and whom to call."""

    name: str
    code: str
    contact: str  # or «контакт в файле не указан»
    problems: int


@dataclass(frozen=True)
class Words:
    """How the report names its rows and their whole: a municipality's organizations (or a
    school's «подразделения», as its methodology says), or a region's municipalities (a roll-up)."""

    noun: formatting.Noun
    source: str  # what each row was read from: «Файл», «Папка»
    is_rollup: bool = False  # a region from municipalities' reports: no roster, no text answers of its own

    @property
    def whole(self) -> str:  # «муниципалитета», «региона»
        return self.noun.whole

    @property
    def rows(self) -> str:  # «организациям», «муниципалитетам»
        return self.noun.dative_many

    @property
    def rows_title(self) -> str:  # «Организации», «Муниципалитеты»
        return self.noun.few[:1].upper() + self.noun.few[1:]

    @property
    def row(self) -> str:  # «Организация», «Муниципалитет»
        return self.noun.one[:1].upper() + self.noun.one[1:]

    @property
    def to_row(self) -> str:  # «к организации», «к муниципалитету»
        return f"к {self.noun.dative}"

    @property
    def of_rows(self) -> str:  # «организаций», «муниципалитетов»
        return self.noun.many

    @property
    def forms(self) -> tuple[str, str, str]:  # 1, 2, 5 of them
        return self.noun.one, self.noun.few, self.noun.many


MUNICIPALITIES = Words(formatting.MUNICIPALITY, "Папка", is_rollup=True)


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
    title: str = ""  # «Аналитическая справка по результатам мониторинга … в МР «…» по состоянию на …»
    introduction: tuple[str, ...] = ()  # the paragraphs before the tables: basis, purpose, period
    participation: tuple[str, ...] = ()  # who took part, in sentences
    analysis: Analysis | None = None
    conclusions: tuple[str, ...] = ()  # «Выводы и рекомендации» drawn from the facts
    own_conclusions: str = ""  # the methodist's own text (--conclusions), as written
    executor: str = ""  # «Исполнитель: …», as given
    previous_words: str = ""  # «с 2023 годом», «с периодом «2023/2024»»: after «по сравнению»
    rework: tuple[ReworkLine, ...] = ()  # with --feedback: the files sent back «на доработку»
    analysis_note: str = ""  # before the organizations' facts: alphabetical, each against itself only
    rows_note: str = ""  # before the tables by organization: their order, the document's word on rankings
    shares_note: str = ""  # how the municipal values are computed from the organizations' sums

    @property
    def lines(self) -> list[IndicatorLine]:
        """Every indicator line, section by section."""
        return [line for section in self.sections for line in section.indicators]


def build_view(report: Report) -> ReportView:
    """Everything the report says, from what was computed."""
    periods = ()
    if report.earlier:
        periods = tuple(p.label for p in report.earlier) + (report.raw_period or "текущий период",)
    words = MUNICIPALITIES if report.level == "municipality" else Words(report.methodology.report.noun, "Файл")
    has_shares = any(i.kind == "share" for i in report.methodology.indicators)
    previous_words = _since(report.previous.label) if report.previous else ""
    comparable = _comparable(report)
    sections = _sections(report, comparable, words)
    lines = [line for section in sections for line in section.indicators]
    analysis = analyse(report.results, lines, report.previous, comparable, previous_words, words.noun)
    sections = [_with_sentences(section, report, previous_words, words) for section in sections]
    return ReportView(
        report=report,
        sections=tuple(sections),
        comparison=comparison(report),
        periods=periods,
        problems_by_file=_problems_by_file(report),
        intake=tuple(_intake_lines(report)),
        words=words,
        generated=report.generated.strftime("%d.%m.%Y в %H:%M"),
        service=f"программа proforient {__version__}, методика «{report.methodology.id}», "
                f"версия {report.methodology.version}",
        has_shares=has_shares,
        title=title(report),
        analysis_note=analysis_note(report, words),
        rows_note=rows_note(report, words),
        shares_note=shares_note(has_shares, words),
        introduction=introduction(report),
        participation=participation(report, words),
        analysis=analysis,
        conclusions=conclusions(report, analysis, words),
        own_conclusions=report.conclusions.strip(),
        executor=" ".join(report.executor.split()),
        previous_words=previous_words,
        rework=_rework_lines(report) if report.feedback else (),
    )


def contact(filled_by: str, phone: str) -> str:
    """«Петрова А. В., заместитель директора, тел. 2-11-03», from the template's title block."""
    parts = [" ".join(filled_by.split())] if filled_by.strip() else []
    if phone.strip():
        parts.append(f"тел. {' '.join(phone.split())}")
    return ", ".join(parts)


def _rework_lines(report: Report) -> tuple[ReworkLine, ...]:
    files = sorted((c for c in report.checked if not c.excluded and any(not p.excludes_file for p in c.problems)),
                   key=lambda c: c.organization.sort_key)
    return tuple(ReworkLine(formatting.nested_quotes(c.organization.name), c.organization.code,
                            contact(c.submission.title.get("filled_by", ""), c.submission.title.get("phone", ""))
                            or "контакт в файле не указан", len(c.problems)) for c in files)


# -- the words around the tables ------------------------------------------------------------------


def title(report: Report) -> str:
    """«Аналитическая справка по результатам мониторинга системы … в МР «Мосальский район»
    по состоянию на 31 мая 2024 г.»: the subject from the methodology's title, the municipality,
    the period."""
    own = " ".join(report.methodology.report.title.split())
    if own:  # the document names its report («Отчет о ходе реализации Проекта»): its words, and the period
        period = report.period if report.period != "не указан" else ""
        return formatting.nested_quotes(f"{own} {period}".strip() if not period[:1].isdigit() else f"{own} за {period}")
    subject = " ".join(report.methodology.title.split())
    if subject[:10].casefold() == "мониторинг":  # «Мониторинг системы …» → «мониторинга системы …»
        subject = "мониторинга" + subject[len("мониторинг"):]
    else:
        subject = f"мониторинга «{subject}»"
    text = f"Аналитическая справка по результатам {subject}"
    if report.municipality:
        text += f" в {report.municipality}"
    period = report.period if report.period != "не указан" else ""
    if period:
        text += f" за {period}" if period[:1].isdigit() else f" {period}"
    return formatting.nested_quotes(text)


def analysis_note(report: Report, words: Words) -> str:
    """«Организации приведены в алфавитном порядке; каждая сравнивается только со своими …», with
    what the document says about the use of results (seed 002 §12), where it says it."""
    text = (f"{words.rows_title} приведены в алфавитном порядке; {words.noun.every} сравнивается только со "
            f"своими прошлыми результатами и своими целевыми значениями, без сравнения между собой.")
    return _with_use_of_results(text, report)


def shares_note(has_shares: bool, words: Words) -> str:
    """How the values of the whole are computed: shares from sums, never a mean of shares; who is
    left out of an indicator."""
    note = (f"Если нужное значение не заполнено, {words.noun.one} не учитывается в показателе; охват указан "
            f"для каждого показателя.")
    if has_shares:
        return (f"Доли рассчитаны как отношение сумм по {words.rows} (Σ числителей / Σ знаменателей × 100 %), "
                f"а не как среднее долей {words.of_rows}. " + note)
    return note


def rows_note(report: Report, words: Words) -> str:
    """«Организации перечислены в алфавитном порядке. … Прочерк означает, что показатель к
    организации не относится.»"""
    text = _with_use_of_results(f"{words.rows_title} перечислены в алфавитном порядке.", report)
    return f"{text} Прочерк означает, что показатель {words.to_row} не относится."


def _with_use_of_results(text: str, report: Report) -> str:
    said = " ".join(report.methodology.report.use_of_results.split())
    return f"{text} {formatting.sentence(formatting.nested_quotes(said))}" if said else text


def introduction(report: Report) -> tuple[str, ...]:
    """The basis, the purpose, the period and when the report was made."""
    methodology = report.methodology
    paragraphs = []
    if methodology.basis:
        paragraphs.append(f"Основание: {formatting.nested_quotes(methodology.basis.rstrip('.'))}.")
    if methodology.purpose:
        paragraphs.append(f"Цель мониторинга: {formatting.sentence(formatting.nested_quotes(methodology.purpose))}")
    paragraphs.append(f"Отчётный период: {formatting.sentence(report.period)} "
                      f"Справка сформирована {report.generated.strftime('%d.%m.%Y')}.")
    return tuple(paragraphs)


def participation(report: Report, words: Words) -> tuple[str, ...]:
    """Who took part: expected, received, counted, who did not send (report.md's «Поступление
    данных» says it with its lists; report.docx says it here)."""
    intake, paragraphs = report.intake, []
    counted = intake.counted
    if words.is_rollup:
        paragraphs.append(f"В своде учтены справки {counted} {formatting.plural(counted, 'муниципалитета', 'муниципалитетов', 'муниципалитетов')}.")
    elif intake.expected is not None:
        expected = len(intake.expected)
        noun = words.noun
        text = (f"Данные ожидались от {expected} {formatting.plural(expected, noun.genitive, noun.many, noun.many)} "
                f"по реестру; получено файлов: {len(intake.files)}, учтено в расчёте: {counted}.")
        if intake.missing:
            names = "; ".join(formatting.nested_quotes(o.name) for o in intake.missing)
            text += f" Не представили данные ({len(intake.missing)}): {names}."
        else:
            text += f" Данные представили все {noun.few} реестра."
        paragraphs.append(text)
    else:
        paragraphs.append(f"Получено файлов: {len(intake.files)}, учтено в расчёте: {counted}.")
    if intake.excluded:
        paragraphs.append(f"Исключено из расчёта файлов: {len(intake.excluded)}; причины приведены в перечне "
                          f"поступивших файлов.")
    return tuple(paragraphs)


def conclusions(report: Report, analysis: Analysis, words: Words) -> tuple[str, ...]:
    """«Выводы и рекомендации» drawn from the facts: participation, targets, changes, data problems."""
    intake, out = report.intake, []
    if intake.expected is not None and not words.is_rollup:
        received = len(intake.expected) - len(intake.missing)
        out.append(f"Данные представили {received} {formatting.out_of(len(intake.expected), words.noun)} реестра.")
        if intake.missing:
            out.append(f"Рекомендуется получить данные от {words.of_rows}, не представивших их: "
                       + "; ".join(formatting.nested_quotes(o.name) for o in intake.missing) + ".")
    if analysis.targets_set:
        out.append(f"Целевые значения достигнуты по {analysis.targets_met} из {analysis.targets_set} "
                   f"{formatting.plural(analysis.targets_set, 'показателя', 'показателей', 'показателей')}, "
                   f"для которых они установлены на уровне {words.whole}.")
        if analysis.missed_numbers:
            out.append("Требуют внимания показатели, целевые значения которых не достигнуты: "
                       + ", ".join(analysis.missed_numbers) + ".")
    if report.previous is not None and (analysis.improved or analysis.declined):
        good = (f"положительная динамика — по {analysis.improved} "
                f"{formatting.plural(analysis.improved, 'показателю', 'показателям', 'показателям')}"
                if analysis.improved else "положительной динамики нет")
        bad = (f"отрицательная — по {analysis.declined} "
               f"{formatting.plural(analysis.declined, 'показателю', 'показателям', 'показателям')}"
               if analysis.declined else "отрицательной нет")
        out.append(f"По сравнению {_since(report.previous.label)} {good}, {bad} (по сопоставимому кругу {words.of_rows}).")
    files_with_problems = len({p.file for p in report.problems})
    if report.problems:
        out.append(f"В данных {files_with_problems} {formatting.plural(files_with_problems, 'файла', 'файлов', 'файлов')} "
                   f"найдено замечаний: {len(report.problems)}; значения с ошибками в показателях не учтены. "
                   f"Рекомендуется запросить исправленные данные и выполнить расчёт повторно.")
    return tuple(out)


def _since(label: str) -> str:
    """«с 2023 годом», «с периодом «2023/2024»»: what follows «по сравнению».

    >>> _since("2023"), _since("2023/2024")
    ('с 2023 годом', 'с периодом «2023/2024»')
    """
    return f"с {label} годом" if label.isdigit() and len(label) == 4 else f"с периодом «{label}»"


def _comparable(report: Report) -> dict[str, Change]:
    """Each result key's total change over the comparable set, against the previous period."""
    if report.previous is None:
        return {}
    changes = comparable_changes(report.results, report.raw_period or "текущий период", report.previous)
    return {c.key: c for c in changes if c.level == TOTAL}


def _change_text(key: str, total: IndicatorValue, previous: Period, found: Change | None, words: Words) -> str:
    """The municipal change: over the comparable set, with the plain totals' change beside it when
    the sets differ («без изменений по сопоставимому кругу (3 организации); по всем
    представившим: −28 ед. (−33,3 %)»)."""
    indicator = total.indicator
    presence = is_presence(indicator, total.covered)
    before = previous.total(key)
    whole = value_change(indicator, total.value, before, presence, words.noun)
    if found is None or found.change is None:
        return whole
    comparable = value_change(indicator, found.value, found.previous, presence, words.noun)
    if total.value is not None and before is not None and abs(found.value - total.value) < 1e-9 \
            and abs(found.previous - before) < 1e-9:
        return comparable  # the same organizations in both periods: one change
    count = found.organizations
    text = f"{comparable} по сопоставимому кругу ({count} {formatting.plural(count, *words.forms)})"
    return f"{text}; по всем представившим: {whole}" if whole else text


def _with_sentences(section: SectionView, report: Report, previous_words: str, words: Words) -> SectionView:
    """The section with one or two sentences that state its facts in words."""
    sentences = []
    judged = [line for line in section.indicators if report.results.targets.get(line.key) is not None
              and not report.results.targets[line.key].per_organization and line.verdict not in ("", formatting.NO_DATA)]
    if judged:
        met = [line for line in judged if report.results.total(line.key).target_met]
        text = (f"Целевые значения достигнуты по {len(met)} из {len(judged)} "
                f"{formatting.plural(len(judged), 'показателя', 'показателей', 'показателей')} раздела")
        missed = [line.number for line in judged if line not in met]
        sentences.append(text + (f"; не достигнуты — по {', '.join(missed)}." if missed else "."))
    coverage = [(line.total.covered, line.total.applicable, line.number) for line in section.indicators
                if line.total is not None and line.total.applicable]
    short = [c for c in coverage if c[0] < c[1]]
    if short:  # complete coverage goes without saying; the table's «Охват» shows it
        covered, applicable, number = min(short, key=lambda c: c[0] / c[1])
        sentences.append(f"Данные представлены не полностью: наименьший охват — {covered} "
                         f"{formatting.out_of(applicable, words.noun)}"
                         f" (показатель {number}).")
    return replace(section, sentences=tuple(sentences))


# -- sections -----------------------------------------------------------------------------------


def _sections(report: Report, comparable: dict[str, Change], words: Words) -> list[SectionView]:
    methodology, results, previous = report.methodology, report.results, report.previous
    views = []
    for section in (s for s in methodology.sections if any(i.section == s.id for i in methodology.indicators)):
        number = methodology.section_numbers[section.id]  # the document's numbering where it has one
        indicators = [i for i in methodology.indicators if i.section == section.id]
        lines, keys = [], []
        for place, indicator in enumerate(indicators, start=1):
            categories = methodology.categories(indicator)
            own = indicator.number or f"{number}.{place}"
            part = indicator.id in methodology.parts
            # an indicator with a breakdown: a line per category, «2.3.1 …: Начальное общее образование»
            parts = [(f"{indicator.id}[{c.id}]", f"{own}.{k}", f"{_title(report, indicator)}: {c.title}", c.title)
                     for k, c in enumerate(categories, start=1)] or [(indicator.id, own, _title(report, indicator), "")]
            for key, shown_number, title, category in parts:
                total = results.total(key)
                target, verdict = target_texts(results, key, words.noun)
                lines.append(IndicatorLine(
                    indicator=indicator,
                    number=shown_number,
                    title=formatting.nested_quotes(in_that_number(title) if part else title),
                    value=value_text(total, noun=words.noun),
                    target=target,
                    verdict=verdict,
                    coverage=formatting.of_organizations(total.covered, total.applicable, noun=words.noun) if total.applicable
                    else "данные не поступили",
                    source=indicator.source,
                    change=_change_text(key, total, previous, comparable.get(key), words) if previous else "",
                    total=total,
                    history=tuple(p.total(key) for p in report.earlier),
                    key=key,
                    part=part,
                    own_title=formatting.nested_quotes(title),
                    category=formatting.nested_quotes(category),
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


def in_that_number(title: str) -> str:
    """A part's title as the orders print it under its whole: «в том числе: количество мероприятий
    школьного уровня …».

    >>> in_that_number("Количество мероприятий школьного уровня")
    'в том числе: количество мероприятий школьного уровня'
    """
    if "в том числе" in title.casefold():
        return title  # «…, в том числе на площадках «Точка роста»» says so already
    if title[:1].isupper() and not title[1:2].isupper():  # «ОО …» keeps its capitals
        title = title[0].lower() + title[1:]
    return f"в том числе: {title}"


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
    changed = []
    for text, org, value in zip(texts, results.organizations, column.value):  # its own count: «да» or «нет»
        difference = value_change(column.indicator, value, previous.of(org.code, key), presence=True)
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
    return Comparison(previous.label, new, gone, report.raw_period)


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
                       "да" if o.counted else "нет", o.reason, o.problems, contact(o.filled_by, o.phone))
            for o in report.intake.files]
