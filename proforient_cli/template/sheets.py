"""The visible sheets of a template: «Данные» with its title block and table, and «Инструкция».

Layout of «Данные» (columns from :data:`layout.COLUMNS`: A «Код», B «Показатель», C «Ед. изм.»,
D «Значение», E «Проверка»):

- row 1: the methodology's title (A1:E1 merged); row 2: its basis (A2:E2 merged);
- from row 4, one row per :data:`layout.TITLE_FIELDS` entry: the label in B, the value in D
  (D:E merged), locked when the roster filled it, an input cell otherwise;
- after an empty row, the header row with the captions;
- per section: a heading row (the title in B), then a row per element: its id in A, label in B
  (parts indented, «из них: …»), unit in C, the input cell in D, the warning formula in E
  (text answers get D:E merged into one wide cell instead).
"""

from __future__ import annotations


from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from proforient_cli import __version__
from proforient_cli.template.formulas import warnings_formula
from proforient_cli.template.layout import (
    CHECK_HEADER, CODE_HEADER, COLUMNS, DATA_SHEET, LABEL_HEADER, NO, NUMBER_HEADER, TITLE_FIELDS, UNIT_HEADER,
    VALUE_HEADER, YES,
)
from proforient_cli.methodology.model import Element, Methodology
from proforient_cli.core.organization import Organization
from proforient_cli.core import text_height
from proforient_cli.core.jinja import environment
from proforient_cli.template.plan import ElementRow, arrange, live_checks, part_label

NUMBER_COL, CODE_COL, LABEL_COL, UNIT_COL, VALUE_COL, CHECK_COL = (COLUMNS.index(c) + 1 for c in (
    NUMBER_HEADER, CODE_HEADER, LABEL_HEADER, UNIT_HEADER, VALUE_HEADER, CHECK_HEADER))
TITLE_ROW, BASIS_ROW, FIRST_FIELD_ROW = 1, 2, 4
TEXT_LIMIT = 2000
INSTRUCTION_WIDTH = 74  # characters: what an A4 portrait page holds as LibreOffice prints it (it does not shrink the sheet)
PROMPT_LIMIT = 255  # Excel cuts a longer input prompt
TITLE_TEXT_LIMIT = 500
INSTRUCTION_TEMPLATE = "instruction.txt.j2"

_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_SECTION_FILL = PatternFill("solid", fgColor="EDEDED")
_UNLOCKED = Protection(locked=False)
# Narrow enough that A4 portrait needs little shrinking: about 120 characters in all.
_WIDTHS = {NUMBER_COL: 7, LABEL_COL: 52, UNIT_COL: 8, VALUE_COL: 13, CHECK_COL: 28, CODE_COL: 12}
_TEXT_ROW_HEIGHT = 90

_BLANK_HINT = "Если данных нет, оставьте ячейку пустой; 0 ставьте, только если значение равно нулю."
# (prompt title ≤ 32 characters, prompt, error title ≤ 32, error) for each kind of input cell
VALIDATION_TEXTS = {
    "count": ("Целое число не меньше 0", f"Введите целое число без пробелов и букв, например 25. {_BLANK_HINT}",
              "Нужно целое число", "Введите целое число не меньше 0 — без пробелов, букв и единиц измерения "
                                   "(например, 25, а не «25 чел.»)."),
    "number": ("Число", f"Введите число; дробную часть отделяйте запятой, например 12,5. {_BLANK_HINT}",
               "Нужно число", "Введите число без пробелов, букв и единиц измерения (например, 12,5)."),
    "flag": (f"{YES.capitalize()} или {NO}", f"Выберите «{YES}» или «{NO}» из списка. "
                                              "Если данных нет, оставьте ячейку пустой.",
             f"Нужно «{YES}» или «{NO}»", f"Выберите «{YES}» или «{NO}» из списка в ячейке."),
    "text": ("Текстовый ответ", f"Введите ответ текстом, не более {TEXT_LIMIT} знаков.",
             "Слишком длинный текст", f"Ответ не должен быть длиннее {TEXT_LIMIT} знаков."),
}
# (prompt title, prompt) for each input cell of the title block
TITLE_PROMPTS = {
    "org_name": ("Наименование", "Полное наименование организации, как в уставе."),
    "org_code": ("Код организации", "Код организации, который сообщил отдел образования."),
    "org_type": ("Тип организации", "Выберите тип организации из списка."),
    "municipality": ("Муниципалитет", "Муниципальный район или городской округ."),
    "period": ("Отчётный период", "Отчётный период, например «по состоянию на 31 мая 2024 г.»."),
    "filled_by": ("Ответственный", "Фамилия, имя, отчество и должность ответственного за заполнение."),
    "phone": ("Телефон", "Телефон для связи, например 8 (48452) 2-12-34."),
}
ROSTER_FIELDS = ("org_name", "org_code", "org_type", "municipality")


def write_data_sheet(sheet: Worksheet, methodology: Methodology, organization: Organization | None,
                     period_text: str, period_given: bool) -> None:
    """Fill the «Данные» sheet of one organization's template (see the module docstring)."""
    sheet.title = DATA_SHEET
    _write_heading(sheet, methodology)
    header_row = _write_title_fields(sheet, methodology, organization, period_text, period_given) + 1
    for column, caption in enumerate(COLUMNS, start=1):
        cell = sheet.cell(header_row, column, caption)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.row_dimensions[header_row].height = max(
        text_height.height((caption, _WIDTHS[column], 11.5)) for column, caption in enumerate(COLUMNS, start=1)
        if column != CODE_COL)
    last_row = _write_elements(sheet, methodology, organization.type if organization else None, header_row + 1)
    last_row = _write_signatures(sheet, last_row + 2)
    _finish(sheet, methodology, header_row, last_row)


def _write_heading(sheet: Worksheet, methodology: Methodology) -> None:
    last = get_column_letter(CHECK_COL)  # as wide as the printed form: the «Код» column is not printed
    for row, text, font in ((TITLE_ROW, methodology.title, Font(bold=True, size=13)),
                            (BASIS_ROW, appendix_line(methodology.basis), Font(italic=True))):
        sheet.cell(row, 1, text or None).font = font
        sheet.cell(row, 1).alignment = Alignment(wrap_text=True, vertical="center")
        sheet.merge_cells(f"A{row}:{last}{row}")
        size = 13 if row == TITLE_ROW else 11
        sheet.row_dimensions[row].height = text_height.height((text or "", sum(_WIDTHS.values()) - _WIDTHS[CODE_COL], size))


def appendix_line(basis: str) -> str:
    """The line a form of an order carries: «Приложение к приказу отдела образования … № 124».

    >>> appendix_line("Приказ отдела образования от 07.06.2021 № 124")
    'Приложение к приказу отдела образования от 07.06.2021 № 124'
    >>> appendix_line("Муниципальный проект, утверждённый 11.11.2021")
    'Основание: муниципальный проект, утверждённый 11.11.2021'
    """
    basis = " ".join((basis or "").split()).rstrip(".")
    if not basis:
        return ""
    if basis.casefold().startswith("приказ "):
        return f"Приложение к приказу {basis[len('приказ '):]}"
    return f"Основание: {basis[0].lower()}{basis[1:]}"


def _write_signatures(sheet: Worksheet, first_row: int) -> int:
    """The block a form ends with: the head's signature, the date and the executor; returns its last row."""
    lines = (
        ("Руководитель организации", "______________ / ________________________"),
        ("", "(подпись)          (расшифровка подписи)"),
        ("Дата", "«___» ______________ 20___ г."),
        ("Исполнитель (ФИО, телефон)", "________________________________________"),
    )
    for offset, (label, blank) in enumerate(lines):
        row = first_row + offset
        sheet.cell(row, LABEL_COL, label or None).font = Font(bold=bool(label))
        cell = sheet.cell(row, UNIT_COL, blank)
        cell.font = Font(size=8, color="595959") if not label else Font()
        cell.alignment = Alignment(vertical="bottom")
        sheet.merge_cells(start_row=row, start_column=UNIT_COL, end_row=row, end_column=CHECK_COL)
        sheet.row_dimensions[row].height = 24 if label else 12
    return first_row + len(lines) - 1


def _title_values(methodology: Methodology, organization: Organization | None, period_text: str) -> dict:
    values = dict.fromkeys(TITLE_FIELDS, "")
    if organization is not None:
        values.update(org_name=organization.name, org_code=organization.code, org_type=organization.type,
                      municipality=organization.municipality)
    values["period"] = period_text
    return values


def _write_title_fields(sheet: Worksheet, methodology: Methodology, organization: Organization | None,
                        period_text: str, period_given: bool) -> int:
    """The label/value rows of the title block; returns the row after them, left empty."""
    values = _title_values(methodology, organization, period_text)
    row = FIRST_FIELD_ROW
    for key, label in TITLE_FIELDS.items():
        sheet.cell(row, LABEL_COL, label).font = Font(bold=True)
        value = values[key]
        cell = sheet.cell(row, VALUE_COL)
        _put_text(cell, value)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.merge_cells(start_row=row, start_column=VALUE_COL, end_row=row, end_column=CHECK_COL)
        sheet.row_dimensions[row].height = max(
            text_height.height((label, _WIDTHS[LABEL_COL], 11.5)),
            text_height.height((value, _WIDTHS[VALUE_COL] + _WIDTHS[CHECK_COL], 11)))
        fixed = period_given if key == "period" else key in ROSTER_FIELDS and bool(value)
        if not fixed:
            _make_input(sheet, row, VALUE_COL, CHECK_COL)
            _validate(sheet, cell.coordinate, *_title_validation(key, methodology))
            if key in ("org_code", "phone"):
                cell.number_format = "@"  # typed digits stay text: «0401» keeps its zero
        row += 1
    return row


def _title_validation(key: str, methodology: Methodology) -> tuple[DataValidation, tuple[str, str, str, str]]:
    title, prompt = TITLE_PROMPTS[key]
    if key == "org_type":
        types = list(methodology.organization_types)
        allowed = ", ".join(types)
        return (DataValidation(type="list", formula1='"' + ",".join(types) + '"'),
                (title, f"{prompt} Допустимы: {allowed}.", "Неизвестный тип",
                 f"Выберите тип организации из списка: {allowed}."))
    return (DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(TITLE_TEXT_LIMIT)),
            (title, prompt, "Слишком длинный текст", f"Не более {TITLE_TEXT_LIMIT} знаков."))


def _put_text(cell, value: str) -> None:
    """Write a text as text: a name starting with «=» must not turn into a formula."""
    cell.value = value or None
    if value:
        cell.data_type = "s"


def _write_elements(sheet: Worksheet, methodology: Methodology, org_type: str | None, first_row: int) -> int:
    """Section headings and element rows from ``first_row``; returns the last row written."""
    blocks = arrange(methodology, org_type)
    rows: dict[str, int] = {}
    row = first_row
    codes = {}
    for block in blocks:
        row += 1  # the heading
        for element_row in block.rows:
            if element_row.code:  # an input row: an element's own, or one category of it
                rows[element_row.code] = row
                codes[element_row.code] = element_row.element
            row += 1
    value_letter = get_column_letter(VALUE_COL)
    checks = live_checks(methodology, codes, lambda code: f"{value_letter}{rows[code]}", rows.__getitem__)

    row = first_row
    for block in blocks:
        for column in range(1, len(COLUMNS) + 1):
            sheet.cell(row, column).fill = _SECTION_FILL
            sheet.cell(row, column).border = _BORDER
        sheet.cell(row, NUMBER_COL, f"{block.number}.").font = Font(bold=True)
        sheet.cell(row, NUMBER_COL).alignment = Alignment(horizontal="center", vertical="center")
        sheet.cell(row, LABEL_COL, block.title).font = Font(bold=True)
        sheet.cell(row, LABEL_COL).alignment = Alignment(wrap_text=True, vertical="center")
        sheet.row_dimensions[row].height = text_height.height((block.title, _WIDTHS[LABEL_COL] * 0.92, 11))
        row += 1
        for element_row in block.rows:
            if element_row.heading:
                _write_heading_row(sheet, row, element_row.element, element_row.depth, element_row.number)
            else:
                _write_element(sheet, row, element_row.element, element_row.depth,
                               warnings_formula(checks.get(element_row.code, ())), element_row)
            row += 1
    return row - 1


def _write_heading_row(sheet: Worksheet, row: int, element: Element, depth: int, number: str = "") -> None:
    """The label of an element with a breakdown; its categories' rows follow it."""
    if number:
        sheet.cell(row, NUMBER_COL, number).alignment = Alignment(horizontal="center", vertical="top")
    label = part_label(element) if depth else element.label
    label_cell = sheet.cell(row, LABEL_COL)
    label_cell.value = _label_with_hint(label, element.hint)
    label_cell.alignment = Alignment(wrap_text=True, vertical="top", indent=2 * depth)
    sheet.row_dimensions[row].height = _label_height(label, element.hint, depth)
    for column in range(1, len(COLUMNS) + 1):
        sheet.cell(row, column).border = _BORDER


def _write_element(sheet: Worksheet, row: int, element: Element, depth: int, formula: str | None,
                   plan: ElementRow | None = None) -> None:
    if plan is not None and plan.category is not None:
        label = f"{plan.category.title}"
    else:
        label = part_label(element) if depth else element.label
    unit = f"{YES}/{NO}" if element.type == "flag" else element.unit
    sheet.cell(row, CODE_COL, plan.code if plan is not None else element.id).font = Font(color="7F7F7F", size=7)
    if plan is not None and plan.number:
        sheet.cell(row, NUMBER_COL, plan.number).alignment = Alignment(horizontal="center", vertical="top")
    label_cell = sheet.cell(row, LABEL_COL)
    hint = element.hint if plan is None or plan.category is None else ""
    label_cell.value = _label_with_hint(label, hint)
    label_cell.alignment = Alignment(wrap_text=True, vertical="top", indent=2 * depth)
    sheet.row_dimensions[row].height = _label_height(label, hint, depth)
    sheet.cell(row, UNIT_COL, unit or None).alignment = Alignment(horizontal="center", vertical="top")
    for column in range(1, len(COLUMNS) + 1):
        sheet.cell(row, column).border = _BORDER
        if column not in (LABEL_COL, UNIT_COL):
            sheet.cell(row, column).alignment = Alignment(vertical="top", wrap_text=column == CHECK_COL)
    value = sheet.cell(row, VALUE_COL)
    if element.type == "text":
        sheet.merge_cells(start_row=row, start_column=VALUE_COL, end_row=row, end_column=CHECK_COL)
        _make_input(sheet, row, VALUE_COL, CHECK_COL)
        value.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[row].height = max(_TEXT_ROW_HEIGHT, _label_height(label, hint, depth))
    else:
        _make_input(sheet, row, VALUE_COL, VALUE_COL)
        if formula:
            sheet.cell(row, CHECK_COL, formula).font = Font(color="C00000", bold=True)
    if element.type == "count":
        value.number_format = "0"
    if element.type == "flag":
        value.alignment = Alignment(horizontal="center", vertical="top")
    _validate(sheet, value.coordinate, _element_validation(element.type), _element_texts(element))


def _label_height(label: str, hint: str, depth: int) -> float:
    """The row's height: the label at 11 pt and its hint at 9 pt below it, in the label's column."""
    hint = " ".join(hint.split())
    return text_height.height((label, _WIDTHS[LABEL_COL], 11), (f"({hint})" if hint else "", _WIDTHS[LABEL_COL], 9),
                              indent=2 * depth)


def _label_with_hint(label: str, hint: str):
    """The label, and under it the methodology's hint in small italics («каждый … учитывается один раз»)."""
    hint = " ".join(hint.split())
    if not hint:
        return label
    return CellRichText(label, TextBlock(InlineFont(i=True, sz=9, color="595959"), f"\n({hint})"))


def _element_validation(kind: str) -> DataValidation:
    if kind == "count":
        return DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
    if kind == "number":
        return DataValidation(type="decimal", operator="between", formula1="-1000000000000", formula2="1000000000000")
    if kind == "flag":
        return DataValidation(type="list", formula1=f'"{YES},{NO}"')
    return DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(TEXT_LIMIT))


def _validate(sheet: Worksheet, coordinate: str, validation: DataValidation, texts: tuple[str, str, str, str]) -> None:
    """Attach a validation with its Russian prompt and error; cells with the same rule share one."""
    validation.promptTitle, validation.prompt, validation.errorTitle, validation.error = texts
    validation.allow_blank = True
    validation.showInputMessage = True
    validation.showErrorMessage = True
    validation.errorStyle = "stop"
    for existing in sheet.data_validations.dataValidation:
        if _same_rule(existing, validation):
            existing.add(coordinate)
            return
    validation.add(coordinate)
    sheet.add_data_validation(validation)


def _same_rule(a: DataValidation, b: DataValidation) -> bool:
    fields = ("type", "operator", "formula1", "formula2", "promptTitle", "prompt", "errorTitle", "error")
    return all(getattr(a, f) == getattr(b, f) for f in fields)


def _element_texts(element: Element) -> tuple[str, str, str, str]:
    """The validation texts of an element's cell; its hint, if any, opens the input prompt."""
    title, prompt, error_title, error = VALIDATION_TEXTS[element.type]
    hint = " ".join(element.hint.split())
    if hint:
        hint = hint[0].upper() + hint[1:]
        hint = hint if hint.endswith((".", "!", "?", "…")) else hint + "."
        combined = f"{hint} {prompt}"
        prompt = combined if len(combined) <= PROMPT_LIMIT else hint[:PROMPT_LIMIT - 1].rstrip() + "…"
    return title, prompt, error_title, error


def _make_input(sheet: Worksheet, row: int, first_column: int, last_column: int) -> None:
    for column in range(first_column, last_column + 1):
        cell = sheet.cell(row, column)
        cell.protection = _UNLOCKED
        cell.fill = _INPUT_FILL
        cell.border = _BORDER


def _finish(sheet: Worksheet, methodology: Methodology, header_row: int, last_row: int) -> None:
    widths = dict(_WIDTHS)
    longest = max((len(key) for e in methodology.elements for key in methodology.keys(e)), default=10)
    widths[CODE_COL] = min(24, max(8, round(0.62 * longest) + 1))  # the codes are small and grey, at the edge
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(header_row + 1, 1).coordinate
    sheet.print_area = f"A1:{get_column_letter(CHECK_COL)}{last_row}"  # the «Код» column is the reader's, not paper's
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_PORTRAIT
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = "Страница &P из &N"
    # No password: the protection guards against slips, not against the school.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def render_instruction(methodology: Methodology, organization: Organization | None, period_text: str,
                       file_name: str) -> str:
    """The text of the «Инструкция» sheet, from ``templates/instruction.txt.j2``."""
    return environment().get_template(INSTRUCTION_TEMPLATE).render(
        methodology=methodology, organization=organization, period_text=period_text, file_name=file_name,
        data_sheet=DATA_SHEET, value_header=VALUE_HEADER, check_header=CHECK_HEADER, code_header=CODE_HEADER,
        yes=YES, no=NO, element_count=len(methodology.elements_for(organization.type if organization else None)),
        tool_version=__version__,
    )


def write_instruction_sheet(sheet: Worksheet, methodology: Methodology, organization: Organization | None,
                            period_text: str, file_name: str) -> None:
    """One line of the rendered instruction per row; lines starting with «# » are headings."""
    text = render_instruction(methodology, organization, period_text, file_name)
    lines = text.rstrip().splitlines()
    for row, line in enumerate(lines, start=1):
        heading = line.startswith("# ")
        cell = sheet.cell(row, 1, (line[2:] if heading else line) or None)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        size = 13 if heading and row == 1 else 11
        sheet.row_dimensions[row].height = text_height.height((cell.value or "", INSTRUCTION_WIDTH, size))
        if heading:
            cell.font = Font(bold=True, size=size)
    sheet.column_dimensions["A"].width = INSTRUCTION_WIDTH
    sheet.print_area = f"A1:A{len(lines)}"  # LibreOffice fits a page to its width only within a print range
    sheet.page_margins.left = sheet.page_margins.right = 0.6
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.protection.sheet = True
