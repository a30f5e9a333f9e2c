"""``proforient describe``: the methodology as the order's table, in Markdown and as a workbook."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from proforient_cli.core.jinja import environment
from proforient_cli.methodology.describe import describe
from proforient_cli.methodology.model import Methodology
from proforient_cli.core.atomic import atomic_path


def render_markdown(methodology: Methodology) -> str:
    return environment().get_template("describe.md.j2").render(methodology=methodology,
                                                               sections=describe(methodology))


def write_xlsx(methodology: Methodology, target: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Методика"
    sheet.append([f"Методика расчета показателей: {methodology.title}"])
    sheet["A1"].font = Font(bold=True, size=12)
    if methodology.basis:
        sheet.append([methodology.basis])
    sheet.append([])
    sheet.append(["Показатель", "Метод расчета", "Единица измерения", "Источник данных (метод сбора информации)"])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    for section in describe(methodology):
        sheet.append([section.title])
        sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=4)
        sheet.cell(sheet.max_row, 1).font = Font(bold=True, italic=True)
        for row in section.rows:
            sheet.append([row.title, row.method, row.unit, row.source])
            for cell in sheet[sheet.max_row]:
                cell.alignment = wrap
    for column, width in zip("ABCD", (50, 70, 14, 24)):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    with atomic_path(target) as temporary:
        book.save(temporary)
    return target
