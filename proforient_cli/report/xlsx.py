"""report.xlsx: the report's view laid out as sheets, with native Excel charts of each section's shares."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference, Series
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from proforient_cli.core import text_height
from proforient_cli.core.atomic import atomic_path
from proforient_cli.report.tables import safe_text
from proforient_cli.report.view import ReportView
from proforient_cli.report.xlsx_rows import NUMBER, PLAIN, TEXT, BulkRows, save

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
PART = Alignment(horizontal="left", wrap_text=True, vertical="top", indent=2)  # a «в том числе» part under its whole
PERCENT_FORMAT = "0.0"
# Whole numbers without a trailing separator («12», not «12,»), fractions with up to two decimals;
# Excel and LibreOffice show the separators the Russian way on a Russian system.
NUMBER_FORMAT = '[=0]0;#,##0.##'
CHART_TITLE = 60  # characters: a longer title leaves no room for the plot
COLUMNS_PER_PAGE = 16  # indicator columns of «По организациям» on one printed page


def _text(cell, value) -> None:
    """Put text that can never become a formula, whatever a school typed."""
    cell.value = safe_text(value)
    cell.data_type = "s"


def _table(sheet, headers: list[str], widths: list[int]) -> None:
    for column, (header, width) in enumerate(zip(headers, widths), start=1):
        cell = sheet.cell(row=1, column=column, value=header)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"


def _finish(sheet, rows: BulkRows | None = None) -> None:
    last_row, last_column = sheet.max_row, sheet.max_column
    if rows is not None and rows.rows:
        last_row, last_column = rows.last_row, max(last_column, rows.max_column)
    if last_row > 1:
        sheet.auto_filter.ref = f"A1:{get_column_letter(last_column)}{last_row}"


def _number_format(unit: str) -> str:
    return PERCENT_FORMAT if unit == "%" else NUMBER_FORMAT


def _number(cell, value, unit: str) -> None:
    cell.value = value
    cell.number_format = _number_format(unit)


def _summary(book: Workbook, view: ReportView) -> None:
    """«Сводка»: a row per indicator; columns only where they carry data (no «Целевое значение»
    in a methodology without targets, no «Числитель» without shares, no «Изменение» without a
    previous period)."""
    sheet = book.active
    sheet.title = "Сводка"
    lines = view.lines
    shares = any(line.indicator.kind == "share" for line in lines)
    targets = any(line.target for line in lines)
    sources = any(line.source for line in lines)
    # (header, width, wrapped, the cell's value and unit for a number); each section is a heading row
    columns = [("№", 6, False, lambda line: (line.number, None)),
               ("Показатель", 64, True, lambda line: (line.title, None)),
               ("Значение", 12, False, lambda line: (line.total.value, line.indicator.display_unit)),
               ("Ед. изм.", 8, False, lambda line: (line.indicator.display_unit, None))]
    if shares:
        columns += [("Числитель", 12, False, lambda line: (line.total.numerator, "")),
                    ("Знаменатель", 13, False, lambda line: (line.total.denominator, ""))]
    if targets:
        columns += [("Целевое значение", 20, True, lambda line: (line.target or None, None)),
                    ("Выполнение", 24, True, lambda line: (line.verdict or None, None))]
    columns.append(("Охват", 22, True, lambda line: (line.coverage, None)))
    if sources:
        columns.append(("Источник данных", 18, True, lambda line: (line.source or None, None)))
    if view.comparison is not None:
        columns.append((f"Изменение к «{view.comparison.label}»", 30, True, lambda line: (line.change or None, None)))
    _table(sheet, [c[0] for c in columns], [c[1] for c in columns])
    row = 1
    starts = {section.indicators[0].key: section for section in view.sections if section.indicators}
    for line in lines:
        row += 1
        if line.key in starts:
            section = starts[line.key]
            heading = sheet.cell(row=row, column=1, value=f"{section.number}. {section.title}")
            heading.font, heading.alignment = HEADER_FONT, WRAP
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(columns))
            sheet.row_dimensions[row].height = text_height.height(
                (heading.value, sum(c[1] for c in columns), 11))
            row += 1
        heights = []
        for place, (_, width, wrapped, value_of) in enumerate(columns, start=1):
            value, unit = value_of(line)
            cell = sheet.cell(row=row, column=place)
            if unit is not None and (value is None or isinstance(value, (int, float))):
                if unit == "" and line.indicator.kind != "share":
                    continue  # a numerator only for a share
                _number(cell, value, unit)
            elif isinstance(value, str) and place == 2:
                _text(cell, value)
            else:
                cell.value = value
            cell.alignment = WRAP if wrapped else TOP
            if place == 2 and line.part:  # a «в том числе» part, indented under its whole
                cell.alignment = PART
            if wrapped:
                heights.append(text_height.height((value or "", width - (3 if place == 2 and line.part else 0), 11)))
        sheet.row_dimensions[row].height = max(heights)  # LibreOffice does not fit wrapped rows itself
    _finish(sheet)
    _print_setup(sheet, landscape=True)


def _print_setup(sheet, landscape: bool = False, pages_wide: int = 1, title_columns: str = "",
                 grid: bool = True) -> None:
    """A4, as wide as the page (or ``pages_wide`` pages), the header row on every page — and the
    ``title_columns`` too when the sheet is printed over several pages side by side —, page
    numbers «Страница N из M»."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = pages_wide, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    if title_columns:
        sheet.print_title_cols = title_columns
    sheet.print_options.gridLines = grid  # the tables are written without borders: the grid is printed
    sheet.oddFooter.center.text = "Страница &P из &N"


def short_title(number: str, title: str, limit: int = CHART_TITLE) -> str:
    """«3. Выявление предпочтений обучающихся в области …»: at most ``limit`` characters, cut at a word.

    >>> short_title("3", "Учет обучающихся, выбравших для сдачи государственной итоговой аттестации предметы")
    '3. Учет обучающихся, выбравших для сдачи государственной…'
    """
    text = f"{number}. {title}"
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    return cut[:cut.rfind(" ")].rstrip(" ,;:–") + "…" if " " in cut else cut + "…"


def _labels(percent: bool) -> DataLabelList:
    labels = DataLabelList()
    labels.showVal = True
    labels.showSerName = labels.showCatName = labels.showLegendKey = labels.showPercent = False
    labels.numFmt = "0.0" if percent else "#,##0"
    return labels


def _charts(book: Workbook, view: ReportView) -> None:
    """A bar chart per section with two or more shares (the view's ``SectionView.chart``: one
    share reads better as a number), each beside the small table it is drawn from."""
    sheet = book.create_sheet("Диаграммы")
    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 12
    row = 1
    for section in view.sections:
        shares = [line for line in section.chart if line.indicator.kind == "share"]
        if not shares:
            continue
        title = sheet.cell(row=row, column=1, value=f"{section.number}. {section.title}")
        title.font, title.alignment = HEADER_FONT, WRAP
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        sheet.row_dimensions[row].height = text_height.height((title.value, 78, 11))
        for column, caption in enumerate(("№", "Показатель", "Значение, %"), start=1):
            cell = sheet.cell(row=row + 1, column=column, value=caption)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        for offset, line in enumerate(shares, start=row + 2):
            sheet.cell(row=offset, column=1, value=line.number)
            _text(sheet.cell(row=offset, column=2), line.title)
            sheet.cell(row=offset, column=2).alignment = WRAP
            sheet.row_dimensions[offset].height = text_height.height((line.title, 60, 11))
            _number(sheet.cell(row=offset, column=3), line.total.value, "%")
        last = row + 1 + len(shares)
        chart = BarChart()
        chart.type = "bar"
        chart.title = short_title(section.number, section.title)  # the full title is in the cell above
        chart.x_axis.title = "№ показателя"
        chart.y_axis.title = "%"
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 100
        chart.y_axis.number_format = "0"
        chart.y_axis.majorUnit = 20
        chart.x_axis.scaling.orientation = "maxMin"  # the first indicator on top, in the section's order
        chart.dataLabels = _labels(percent=True)
        chart.legend = None
        chart.add_data(Reference(sheet, min_col=3, min_row=row + 1, max_row=last), titles_from_data=True)
        chart.set_categories(Reference(sheet, min_col=1, min_row=row + 2, max_row=last))
        chart.height, chart.width = 7.5, 16
        sheet.add_chart(chart, f"E{row}")
        row = max(last + 2, row + 17)
    if row == 1:
        sheet.cell(row=1, column=1, value="Диаграммы строятся для разделов, в которых две доли и больше; "
                                          "в этой справке таких разделов нет.")
    _print_setup(sheet, grid=False)


def short_name(name: str) -> str:
    """«МБОУ СОШ №1 г. Мосальска» for «МБОУ «Средняя общеобразовательная школа № 1» г. Мосальска».

    >>> short_name("МБОУ «Средняя общеобразовательная школа № 1» г. Мосальска")
    'МБОУ СОШ №1 г. Мосальска'
    """
    from proforient_cli.template.workbook import safe_name

    return safe_name(name, 40).replace("_", " ") or name


CHART_ORGANIZATIONS = 60  # beyond this many, a bar per organization is no picture any more


def _organization_charts(book: Workbook, view: ReportView) -> None:
    """«Доли по организациям»: for each section with shares, the organizations side by side in
    alphabetical order (never sorted by value, §12), a bar per share, the municipal target as a
    line where the methodology sets one."""
    results = view.report.results
    organizations = results.organizations
    sections = [(section, [line for line in section.indicators if line.indicator.kind == "share"])
                for section in view.sections]
    sections = [(section, shares) for section, shares in sections if shares]
    if not sections:
        return
    sheet = book.create_sheet("Доли по организациям")
    sheet.column_dimensions["A"].width = 44
    if len(organizations) > CHART_ORGANIZATIONS:
        sheet.cell(row=1, column=1, value=f"Организаций больше {CHART_ORGANIZATIONS}: сравнение столбцами не "
                                          f"строится, значения — на листе «По организациям».")
        _print_setup(sheet, grid=False)
        return
    row = 1
    for section, shares in sections:
        columns = [results.column(line.key) for line in shares]
        chosen = [index for index in range(len(organizations)) if any(c.applicable[index] for c in columns)]
        if not chosen:
            continue
        goals = []
        for line in shares:
            target = results.targets.get(line.key)
            goals.append(target.at_least if target is not None and target.at_least is not None else None)
        heading = sheet.cell(row=row, column=1, value=f"{section.number}. {section.title}")
        heading.font, heading.alignment = HEADER_FONT, WRAP
        sheet.row_dimensions[row].height = text_height.height((heading.value, 44, 11))
        captions = ["Организация (кратко)"] + [line.number for line in shares] + [f"цель {line.number}" for line, goal
                                                                          in zip(shares, goals) if goal is not None]
        for column, caption in enumerate(captions, start=1):
            cell = sheet.cell(row=row + 1, column=column, value=caption)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        for offset, index in enumerate(chosen, start=row + 2):
            # the short name («МБОУ СОШ №1 г. Мосальска»): a full one leaves the chart no room
            _text(sheet.cell(row=offset, column=1), short_name(organizations[index].name))
            for column, (line, values) in enumerate(zip(shares, columns), start=2):
                _number(sheet.cell(row=offset, column=column), values.value[index], "%")
            for column, goal in enumerate([g for g in goals if g is not None], start=2 + len(shares)):
                _number(sheet.cell(row=offset, column=column), goal, "%")
        first, last = row + 2, row + 1 + len(chosen)
        chart = BarChart()
        chart.type = "col"
        chart.title = short_title(section.number, section.title)
        chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 100
        chart.y_axis.number_format = "0"
        chart.y_axis.majorUnit = 20
        chart.y_axis.title = "%"
        chart.add_data(Reference(sheet, min_col=2, max_col=1 + len(shares), min_row=row + 1, max_row=last),
                       titles_from_data=True)
        chart.set_categories(Reference(sheet, min_col=1, min_row=first, max_row=last))
        chart.dataLabels = _labels(percent=True)
        targets = sum(goal is not None for goal in goals)
        if targets:
            line_chart = LineChart()
            line_chart.add_data(Reference(sheet, min_col=2 + len(shares), max_col=1 + len(shares) + targets,
                                          min_row=row + 1, max_row=last), titles_from_data=True)
            chart += line_chart
        chart.height, chart.width = 10, max(16, 2.2 * len(chosen))
        sheet.add_chart(chart, f"{get_column_letter(len(captions) + 2)}{row}")
        row = max(last + 2, row + 18)
    _print_setup(sheet, landscape=True, grid=False)


def _by_organization(book: Workbook, view: ReportView) -> BulkRows:
    report = view.report
    sheet = book.create_sheet("По организациям")
    lines = view.lines
    indicators = [line.indicator for line in lines]
    # short heads, «2.3, чел.»: the full titles are in the legend sheet «Показатели» and in «Сводка»
    # a count is, for one organization, whether its flag or condition holds: «да» or «нет», not 1 or 0
    answers = [i.kind == "count" for i in indicators]
    headers = ["Код", "Организация", "Тип"] + [f"{line.number}, {line.unit}" if line.unit and not answer
                                               else line.number for line, answer in zip(lines, answers)]
    _table(sheet, headers, [10, 40, 8] + [11] * len(indicators))
    rows = BulkRows(sheet)  # a region has thousands of organizations: rows written as XML text
    kinds = rows.format([(TEXT, None)] * 3 + [(TEXT, None) if answer else
                                              (NUMBER, rows.style(_number_format(i.display_unit)))
                                              for i, answer in zip(indicators, answers)])
    values = [report.results.column(line.key).value for line in lines]
    values = [[None if v is None else ("да" if v else "нет") for v in column] if answer else column
              for column, answer in zip(values, answers)]
    for index, org in enumerate(report.results.organizations):  # alphabetical: never a ranking (§12)
        rows.append([safe_text(org.code), safe_text(org.name), safe_text(org.type)]
                    + [column[index] for column in values], kinds)
    sheet.freeze_panes = "C2"
    _finish(sheet, rows)
    _print_setup(sheet, landscape=True, pages_wide=max(1, -(-len(indicators) // COLUMNS_PER_PAGE)),
                 title_columns="A:B")
    return rows


def _legend(book: Workbook, view: ReportView) -> None:
    """«Показатели»: the number of each column of «По организациям» and its full title."""
    sheet = book.create_sheet("Показатели")
    _table(sheet, ["№", "Показатель", "Ед. изм."], [8, 100, 10])
    for line in view.lines:
        row = sheet.max_row + 1
        sheet.cell(row=row, column=1, value=line.number)
        _text(sheet.cell(row=row, column=2), line.title)
        sheet.cell(row=row, column=2).alignment = WRAP
        sheet.cell(row=row, column=3, value=line.unit or None)
        sheet.row_dimensions[row].height = text_height.height((line.title, 100, 11))
    _print_setup(sheet)


def _problems(book: Workbook, view: ReportView) -> BulkRows:
    report = view.report
    sheet = book.create_sheet("Проблемы")
    # in words: the element's label, never its id; the codes are in problems.csv for programs
    _table(sheet, ["Файл", "Лист", "Ячейка", "Показатель", "Замечание"], [30, 12, 8, 50, 80])
    rows = BulkRows(sheet)
    wrapped = (TEXT, rows.style(alignment=WRAP))
    kinds = rows.format([wrapped, (TEXT, None), (TEXT, None), wrapped, wrapped])
    labels = {}
    for problem in report.problems:
        if problem.element not in labels:
            element = report.methodology.element(problem.element) if problem.element else None
            labels[problem.element] = element.label if element is not None else ""
        rows.append([safe_text(value) for value in (problem.file, problem.sheet, problem.cell, labels[problem.element],
                                                    problem.text)], kinds)
    _finish(sheet, rows)
    _print_setup(sheet, landscape=True)
    return rows


def _intake(book: Workbook, view: ReportView) -> BulkRows:
    report = view.report
    sheet = book.create_sheet("Поступление")
    _table(sheet, [view.words.source, "Код", view.words.row, "В расчёте", "Причина исключения", "Замечаний"],
           [36, 10, 50, 10, 60, 10])
    rows = BulkRows(sheet)
    text, plain = (TEXT, None), (PLAIN, None)
    received = rows.format([text, text, text, plain, text, plain])
    for line in view.intake:
        rows.append([safe_text(line.file), safe_text(line.code), safe_text(line.name), line.counted,
                     safe_text(line.reason), line.problems], received)
    missing = rows.format([plain, text, text, plain, plain])
    for org in report.intake.missing:
        rows.append(["(файл не получен)", safe_text(org.code), safe_text(org.name), "нет",
                     "организация не представила данные"], missing)
    _finish(sheet, rows)
    _print_setup(sheet, landscape=True)
    return rows


def _dynamics(book: Workbook, view: ReportView) -> None:
    """With earlier periods: each indicator's municipal value period by period, and a line chart of it."""
    if not view.periods:
        return
    sheet = book.create_sheet("Динамика")
    periods = list(view.periods)
    _table(sheet, ["№", "Показатель", "Ед. изм.", *periods], [6, 60, 8, *[12] * len(periods)])
    lines = view.lines
    for line in lines:
        indicator = line.indicator
        row = sheet.max_row + 1
        sheet.cell(row=row, column=1, value=line.number)
        _text(sheet.cell(row=row, column=2), line.title)
        sheet.cell(row=row, column=2).alignment = WRAP
        sheet.cell(row=row, column=3, value=indicator.display_unit)
        values = [*line.history, line.total.value]
        for column, value in enumerate(values, start=4):
            _number(sheet.cell(row=row, column=column), value, indicator.display_unit)
    last_column = 3 + len(periods)
    anchor_row = len(lines) + 3
    position = {line.key: place for place, line in enumerate(lines)}
    drawn = 0
    for section in view.sections:  # a chart per section and unit: a line per indicator over the periods
        by_unit: dict[str, list] = {}
        for line in section.indicators:
            by_unit.setdefault(line.indicator.display_unit, []).append(line)
        for unit, group in by_unit.items():
            chart = LineChart()
            title = short_title(section.number, section.title, CHART_TITLE - len(unit) - 2)
            chart.title = f"{title}, {unit}" if unit else title
            chart.y_axis.title = unit or None
            chart.y_axis.scaling.min = 0
            for line in group:
                row = position[line.key] + 2
                chart.series.append(Series(Reference(sheet, min_col=4, max_col=last_column, min_row=row),
                                           title=line.number))
            chart.set_categories(Reference(sheet, min_col=4, max_col=last_column, min_row=1))
            chart.dataLabels = _labels(percent=unit == "%")
            chart.height, chart.width = 7, 14
            column = "B" if drawn % 2 == 0 else "F"
            sheet.add_chart(chart, f"{column}{anchor_row + (drawn // 2) * 15}")
            drawn += 1
    _finish(sheet)
    _print_setup(sheet, landscape=True)


def write_xlsx(view: ReportView, target: Path) -> Path:
    """Write report.xlsx atomically."""
    book = Workbook()
    _summary(book, view)
    bulk = [_by_organization(book, view), _problems(book, view), _intake(book, view)]
    _legend(book, view)
    _charts(book, view)
    _organization_charts(book, view)
    _dynamics(book, view)
    with atomic_path(target) as temporary:
        save(book, temporary, bulk)
    return target
