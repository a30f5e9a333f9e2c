"""``proforient describe``: the methodology as the order's table, in Markdown, as a workbook and
as a Word appendix to the order (docxtpl, ``templates/describe.docx``)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from proforient_cli.core.jinja import environment
from proforient_cli.methodology.describe import describe
from proforient_cli.methodology.model import Methodology
from proforient_cli.core.atomic import atomic_path
from proforient_cli.core import formatting, ooxml
from proforient_cli.core import text_height
from proforient_cli.core.resources import templates_dir
from proforient_cli.template.sheets import appendix_line


_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def title(methodology: Methodology) -> str:
    return formatting.nested_quotes(f"Методика расчета показателей: {methodology.title}")


def write_docx(methodology: Methodology, target: Path) -> Path:
    """methodology.docx: «Приложение к приказу …», the title and the numbered table."""
    from docxtpl import DocxTemplate, RichText
    from jinja2 import Environment, StrictUndefined

    rows = []
    for section in describe(methodology):
        rows.append({"number": RichText(f"{section.number}.", bold=True), "title": RichText(section.title, bold=True),
                     "method": "", "unit": "", "source": ""})
        for row in section.rows:
            rows.append({"number": RichText(row.number), "title": RichText(row.title), "method": row.method,
                         "unit": row.unit, "source": row.source})
    document = DocxTemplate(str(templates_dir() / "describe.docx"))
    document.render({"methodology": methodology, "appendix": appendix_line(methodology.basis),
                     "title": title(methodology), "rows": rows},
                    jinja_env=Environment(autoescape=True, undefined=StrictUndefined), autoescape=True)
    with atomic_path(target) as temporary:
        document.save(str(temporary))
    return target


def render_markdown(methodology: Methodology) -> str:
    return environment().get_template("describe.md.j2").render(methodology=methodology,
                                                               sections=describe(methodology))


def write_xlsx(methodology: Methodology, target: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Методика"
    if methodology.basis:
        sheet.append([appendix_line(methodology.basis)])
        sheet.cell(sheet.max_row, 1).alignment = Alignment(horizontal="left")
    sheet.append([title(methodology)])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=12)
    sheet.append([])
    sheet.append(["№ п/п", "Показатель", "Метод расчета", "Единица измерения", "Источник данных (метод сбора информации)"])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    for section in describe(methodology):
        sheet.append([f"{section.number}.", section.title])
        sheet.merge_cells(start_row=sheet.max_row, start_column=2, end_row=sheet.max_row, end_column=5)
        for cell in sheet[sheet.max_row]:
            cell.font, cell.border = Font(bold=True), BORDER
        sheet.row_dimensions[sheet.max_row].height = text_height.height((section.title, 158, 11))
        for row in section.rows:
            sheet.append([row.number, row.title, row.method, row.unit, row.source])
            for cell in sheet[sheet.max_row]:
                cell.alignment, cell.border = wrap, BORDER
            sheet.row_dimensions[sheet.max_row].height = max(  # LibreOffice does not fit wrapped rows itself
                text_height.height((text, width, 11)) for text, width in
                ((row.title, 50), (row.method, 70), (row.source, 24)))
    for cell in sheet[header_row]:
        cell.border, cell.alignment = BORDER, wrap
    for column, width in zip("ABCDE", (8, 50, 70, 14, 24)):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    with atomic_path(target) as temporary:
        ooxml.save_workbook(book, temporary)
    return target
