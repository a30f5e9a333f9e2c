"""`proforient template`: what a school receives, opened the way Excel, LibreOffice and the reader do."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook, SheetVisibleEnum

from proforient_cli import __version__
from proforient_cli.template import layout
from proforient_cli.cli import main
from proforient_cli.template.formulas import excel_expression, violation
from proforient_cli.methodology.expressions import parse
from proforient_cli.methodology.load import load_methodology
from proforient_cli.template.workbook import period_text, safe_name

ROOT = Path(__file__).resolve().parent.parent
MINI = str(ROOT / "tests" / "fixtures" / "mini.yaml")
ALL_CODES = ["pupils_5_11", "pupils_5_11_surveyed", "events", "hours", "has_plan", "plan_details"]
SCHOOL_FILE = "4001_МБОУ_СОШ_№1_г._Мосальска.xlsx"
KINDERGARTEN_FILE = "4007_МБДОУ_Детский_сад_Солнышко.xlsx"
CENTRE_FILE = "4009_МБУ_ДО_Дом_детского_творчества.xlsx"
PART_WARNING = "Больше, чем «Общее количество обучающихся 5–11 классов» (строка 14)"
RULE_WARNING = "Часов консультаций больше, чем возможно при таком числе мероприятий"


def run_template(*args: str):
    result = CliRunner().invoke(main, ["template", *args])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def roster(tmp_path) -> Path:
    path = tmp_path / "реестр.csv"
    path.write_text("Код;Наименование;Тип;Муниципалитет\n"
                    "4001;МБОУ «Средняя общеобразовательная школа № 1» г. Мосальска;ОО;МР «Мосальский район»\n"
                    "4007;МБДОУ «Детский сад «Солнышко»;ДОО;МР «Мосальский район»\n"
                    "4009;МБУ ДО «Дом детского творчества»;УДО;\n", encoding="utf-8-sig")
    return path


@pytest.fixture
def out(tmp_path, roster) -> Path:
    """The templates of a school, a kindergarten and a centre, for the period 2024."""
    out = tmp_path / "шаблоны"
    result = run_template("-m", MINI, "--roster", str(roster), "--out", str(out), "--period", "2024")
    assert "Создано шаблонов: 3" in result.output
    return out


@pytest.fixture
def blank(tmp_path) -> Path:
    run_template("-m", MINI, "--out", str(tmp_path / "пустой"))
    return tmp_path / "пустой" / "шаблон_mini-test.xlsx"


def rows(path: Path, sheet: str = layout.DATA_SHEET) -> list[list]:
    """A sheet as python-calamine (the reader's library) sees it, from A1."""
    with CalamineWorkbook.from_path(str(path)) as workbook:
        return workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def data_codes(path: Path) -> list[str]:
    table = rows(path)
    header = next(i for i, r in enumerate(table) if r[:len(layout.COLUMNS)] == list(layout.COLUMNS))
    code = layout.COLUMNS.index(layout.CODE_HEADER)
    return [r[code] for r in table[header + 1:] if len(r) > code and r[code]]


def title_value(table: list[list], key: str):
    """What the reader does: find the label, take the first non-empty cell to its right."""
    for row in table:
        for column, cell in enumerate(row):
            if cell == layout.TITLE_FIELDS[key]:
                return next((c for c in row[column + 1:] if c not in ("", None)), "")
    raise AssertionError(f"no title field {key}")


def validations(sheet) -> dict[str, object]:
    found = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            for row in sheet.iter_rows(min_row=cell_range.min_row, max_row=cell_range.max_row,
                                       min_col=cell_range.min_col, max_col=cell_range.max_col):
                for cell in row:
                    found[cell.coordinate] = validation
    return found


def unlocked(sheet) -> list[str]:
    return [c.coordinate for row in sheet.iter_rows() for c in row if c.protection.locked is False]


# -- files ---------------------------------------------------------------------------------------


def test_one_file_per_organization_named_by_code_and_a_short_safe_name(out):
    assert sorted(p.name for p in out.iterdir()) == [SCHOOL_FILE, KINDERGARTEN_FILE, CENTRE_FILE]


def test_without_a_roster_one_blank_template_is_written_into_a_new_folder(tmp_path):
    result = run_template("-m", MINI, "--out", str(tmp_path / "новая" / "папка"))
    assert [p.name for p in (tmp_path / "новая" / "папка").iterdir()] == ["шаблон_mini-test.xlsx"]
    assert "Создано шаблонов: 1" in result.output


def test_safe_names_keep_cyrillic_and_drop_what_mail_and_windows_refuse():
    assert safe_name("МКОУ «Берёзовская средняя общеобразовательная школа»") == "МКОУ_Берёзовская_СОШ"
    assert safe_name('Школа "Надежда": 1/2 * ? < > | \\ г.') == "Школа_Надежда_12_г"
    long = safe_name("Отдел образования и охраны прав детства администрации МР «Мосальский район»")
    assert long == "Отдел_образования_и_охраны_прав_детства" and len(long) <= 50


# -- the data sheet ------------------------------------------------------------------------------


def test_each_organization_gets_exactly_the_elements_of_its_type(out):
    assert data_codes(out / SCHOOL_FILE) == ALL_CODES
    assert data_codes(out / KINDERGARTEN_FILE) == ["events", "hours", "has_plan", "plan_details"]
    assert data_codes(out / CENTRE_FILE) == ["events", "hours", "has_plan", "plan_details"]


def test_the_blank_template_has_every_element(blank):
    assert data_codes(blank) == ALL_CODES


def test_the_data_sheet_comes_first_with_its_table_laid_out_as_the_reader_expects(out):
    table = rows(out / SCHOOL_FILE)
    assert table[0][0] == "Мониторинг для тестов"
    assert table[1][0] == "Приложение к приказу № 1 от 01.01.2024"
    assert table[11] == list(layout.COLUMNS)
    assert table[12][:2] == ["1.", "Выявление предпочтений обучающихся"]
    assert table[13] == ["1.1", "Общее количество обучающихся 5–11 классов", "чел.", "", "", "pupils_5_11"]
    assert table[14][:3] == ["1.1.1", "из них: обучающиеся 5–11 классов, прошедшие анкетирование", "чел."]
    assert table[14][5] == "pupils_5_11_surveyed"
    assert table[15][:2] == ["2.", "Сопровождение профессионального самоопределения"]
    assert [r[2] for r in table[16:20]] == ["ед.", "ч", "да/нет", ""]
    with CalamineWorkbook.from_path(str(out / SCHOOL_FILE)) as workbook:
        assert workbook.sheet_names == [layout.DATA_SHEET, layout.INSTRUCTION_SHEET, layout.META_SHEET]
    assert openpyxl.load_workbook(out / SCHOOL_FILE).active.title == layout.DATA_SHEET


def test_the_title_block_names_the_organization_and_the_period(out):
    table = rows(out / SCHOOL_FILE)
    assert title_value(table, "org_name") == "МБОУ «Средняя общеобразовательная школа № 1» г. Мосальска"
    assert title_value(table, "org_code") == "4001"
    assert title_value(table, "org_type") == "ОО"
    assert title_value(table, "municipality") == "МР «Мосальский район»"
    assert title_value(table, "period") == "по состоянию на 31 мая 2024 г."
    assert title_value(table, "filled_by") == ""
    sheet = openpyxl.load_workbook(out / SCHOOL_FILE)[layout.DATA_SHEET]
    assert [sheet.cell(row, 2).value for row in range(4, 11)] == list(layout.TITLE_FIELDS.values())
    assert sheet["D5"].value == "4001" and sheet["D5"].data_type == "s"


def test_the_reporting_period_reads_naturally():
    assert period_text("по состоянию на 31 мая", "2024") == "по состоянию на 31 мая 2024 г."
    assert period_text("по состоянию на 31 мая", "2023/2024 учебный год") == \
        "по состоянию на 31 мая (2023/2024 учебный год)"
    assert period_text("по состоянию на 31 мая", None) == "по состоянию на 31 мая"
    assert period_text("календарный год", "2024") == "календарный год (2024)"


def test_parts_are_indented_directly_under_their_whole(out):
    sheet = openpyxl.load_workbook(out / SCHOOL_FILE)[layout.DATA_SHEET]
    assert sheet["F14"].value == "pupils_5_11" and sheet["B14"].alignment.indent == 0
    assert sheet["F15"].value == "pupils_5_11_surveyed" and sheet["B15"].alignment.indent > 0
    assert (sheet["A13"].value, sheet["A14"].value, sheet["A15"].value) == ("1.", "1.1", "1.1.1")  # № п/п


def test_number_formats_and_the_wide_cell_for_text_answers(out):
    sheet = openpyxl.load_workbook(out / SCHOOL_FILE)[layout.DATA_SHEET]
    assert sheet["D14"].number_format == "0"
    assert sheet["D19"].alignment.horizontal == "center"
    assert "D20:E20" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["D20"].alignment.wrap_text and sheet.row_dimensions[20].height >= 60


# -- input help and protection --------------------------------------------------------------------


def test_every_input_cell_has_a_validation_with_russian_prompt_and_error(out):
    sheet = openpyxl.load_workbook(out / SCHOOL_FILE)[layout.DATA_SHEET]
    found = validations(sheet)
    count, number, flag, text = found["D14"], found["D18"], found["D19"], found["D20"]
    assert (count.type, count.operator, count.formula1) == ("whole", "greaterThanOrEqual", "0")
    assert count.prompt.startswith("Введите целое число без пробелов и букв, например 25.")
    assert count.error == "Введите целое число не меньше 0 — без пробелов, букв и единиц измерения " \
                          "(например, 25, а не «25 чел.»)."
    assert found["D15"] is count and found["D17"] is count
    assert number.type == "decimal"
    assert (flag.type, flag.formula1) == ("list", '"да,нет"')
    assert flag.error == "Выберите «да» или «нет» из списка в ячейке."
    assert (text.type, text.operator, text.formula1) == ("textLength", "lessThanOrEqual", "2000")
    for validation in (count, number, flag, text):
        assert validation.showErrorMessage and validation.showInputMessage and validation.allow_blank
        assert validation.errorStyle == "stop"
        assert len(validation.promptTitle) <= 32 and len(validation.prompt) <= 255
    assert set(found) == {"D9", "D10", "D14", "D15", "D17", "D18", "D19", "D20"}


def test_only_the_input_cells_are_unlocked_and_the_sheet_is_protected_without_a_password(out):
    sheet = openpyxl.load_workbook(out / SCHOOL_FILE)[layout.DATA_SHEET]
    assert sheet.protection.sheet is True
    assert not sheet.protection.password
    # filled_by and phone (merged D:E), then the «Значение» cells; the text answer is D20:E20
    assert unlocked(sheet) == ["D9", "E9", "D10", "E10", "D14", "D15", "D17", "D18", "D19", "D20", "E20"]
    assert sheet["F14"].protection.locked and sheet["B14"].protection.locked and sheet["D4"].protection.locked


def test_a_blank_template_lets_the_school_fill_its_own_header(blank):
    sheet = openpyxl.load_workbook(blank)[layout.DATA_SHEET]
    assert all(f"D{row}" in unlocked(sheet) for row in range(4, 11))
    type_validation = validations(sheet)["D6"]
    assert (type_validation.type, type_validation.formula1) == ("list", '"ОО,ДОО,УДО"')
    assert type_validation.prompt == "Выберите тип организации из списка. Допустимы: ОО, ДОО, УДО."
    assert sheet["D8"].value == "по состоянию на 31 мая"
    assert sheet["D5"].number_format == "@"  # a code typed as digits stays text
    instruction = " ".join(r[0] for r in rows(blank, layout.INSTRUCTION_SHEET))
    assert "начав его имя с кода организации (например, «4001_шаблон_mini-test.xlsx»)" in instruction


def test_the_sheet_prints_on_a4_with_the_header_repeated(out):
    sheet = openpyxl.load_workbook(out / SCHOOL_FILE)[layout.DATA_SHEET]
    assert sheet.freeze_panes == "A13"
    assert sheet.print_title_rows == "$12:$12"
    assert sheet.print_area == "'Данные'!$A$1:$E$25"  # the table, then the signature block
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.page_setup.orientation == "portrait"
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True


# -- live warnings --------------------------------------------------------------------------------


def test_a_part_above_its_whole_and_a_failed_rule_show_a_warning_formula(out):
    sheet = openpyxl.load_workbook(out / SCHOOL_FILE)[layout.DATA_SHEET]
    assert sheet["E15"].value == f'=IF(AND(ISNUMBER(D15),ISNUMBER(D14),D15>D14),"{PART_WARNING}","")'
    assert sheet["E18"].value == f'=IF(AND(ISNUMBER(D18),ISNUMBER(D17),D18>D17*100),"{RULE_WARNING}","")'
    assert sheet["E14"].value is None
    kindergarten = openpyxl.load_workbook(out / KINDERGARTEN_FILE)[layout.DATA_SHEET]
    assert kindergarten["F15"].value == "hours"
    assert kindergarten["E15"].value == f'=IF(AND(ISNUMBER(D15),ISNUMBER(D14),D15>D14*100),"{RULE_WARNING}","")'


EXTRA = """
  - id: hours_share
    title: Часов на мероприятие
    section: support
    share: {numerator: hours, denominator: events}
  - id: surveyed_again
    title: Та же доля ещё раз
    section: preferences
    share: {numerator: pupils_5_11_surveyed, denominator: pupils_5_11}
rules:
  - check: pupils_5_11_surveyed != events
    message: Для проверки — только в школах
  - check: hours / events == 0
    message: Деление
"""


def test_shares_and_rules_of_other_types_are_checked_only_where_they_apply(tmp_path, roster):
    text = Path(MINI).read_text(encoding="utf-8").replace("\nrules:\n", EXTRA, 1)
    (tmp_path / "m.yaml").write_text(text, encoding="utf-8")
    run_template("-m", str(tmp_path / "m.yaml"), "--roster", str(roster), "--out", str(tmp_path / "o"))
    school = openpyxl.load_workbook(tmp_path / "o" / SCHOOL_FILE)[layout.DATA_SHEET]
    # the part/whole pair is checked once, though a share repeats it
    assert school["E15"].value == (
        f'=MID(IF(AND(ISNUMBER(D15),ISNUMBER(D14),D15>D14),"; {PART_WARNING}","")'
        f'&IF(AND(ISNUMBER(D15),ISNUMBER(D17),D15=D17),"; Для проверки — только в школах",""),3,4000)')
    hours = school["E18"].value
    assert 'D18>D17),"; Больше, чем «Количество мероприятий» (строка 17)"' in hours
    assert f'D18>D17*100),"; {RULE_WARNING}"' in hours
    assert 'IFERROR(IF(AND(ISNUMBER(D18),ISNUMBER(D17),D18/D17<>0),"; Деление",""),"")' in hours
    kindergarten = openpyxl.load_workbook(tmp_path / "o" / KINDERGARTEN_FILE)[layout.DATA_SHEET]
    formulas = " ".join(str(c.value) for row in kindergarten.iter_rows() for c in row if c.data_type == "f")
    assert "только в школах" not in formulas and "Деление" in formulas


def test_rules_become_excel_formulas():
    cell = {"a": "D14", "b": "D15", "c": "D16"}.__getitem__
    assert excel_expression(parse("sum(a, b) == max(a, c) - min(b, 2)"), cell) == \
        "SUM(D14,D15)=MAX(D14,D16)-MIN(D15,2)"
    assert excel_expression(parse("a - (b - c) != -(a + b) / 2.5"), cell) == "D14-(D15-D16)<>(-(D14+D15))/2.5"
    assert violation(parse("a ≤ b × 100"), cell) == "D14>D15*100"
    assert violation(parse("a == b"), cell) == "D14<>D15"


# -- the other sheets -------------------------------------------------------------------------------


def test_the_very_hidden_sheet_identifies_methodology_and_organization(out, blank):
    methodology = load_methodology(MINI)
    workbook = openpyxl.load_workbook(out / SCHOOL_FILE)
    assert workbook[layout.META_SHEET].sheet_state == "veryHidden"
    with CalamineWorkbook.from_path(str(out / SCHOOL_FILE)) as book:
        assert {m.name: m.visible for m in book.sheets_metadata}[layout.META_SHEET] == SheetVisibleEnum.VeryHidden
    expected = [["methodology_id", "mini-test"], ["methodology_version", "1"],
                ["fingerprint", methodology.fingerprint], ["org_code", "4001"], ["org_type", "ОО"],
                ["period", "2024"], ["tool_version", __version__]]
    assert rows(out / SCHOOL_FILE, layout.META_SHEET) == expected
    assert [r[0] for r in expected] == list(layout.META_KEYS)
    assert dict(rows(blank, layout.META_SHEET))["org_code"] == "" == dict(rows(blank, layout.META_SHEET))["period"]


def test_the_instruction_tells_the_school_what_to_do(out):
    text = "\n".join(r[0] for r in rows(out / SCHOOL_FILE, layout.INSTRUCTION_SHEET))
    assert text.startswith("Инструкция по заполнению формы мониторинга\nМониторинг для тестов\n")
    assert "Отчётный период: по состоянию на 31 мая 2024 г.\n" in text
    assert "Пустая ячейка означает «нет данных». Если значение равно нулю, поставьте 0" in text
    assert "выберите «да» или «нет» из списка" in text
    assert "Не изменяйте коды в столбце «Код»" in text
    assert f"не меняя его имени ({SCHOOL_FILE}), и отправьте методисту отдела образования" in text
    assert "{{" not in text and "{%" not in text


def test_no_temporary_files_are_left_behind(out):
    assert [p.name for p in out.iterdir() if not p.name.endswith(".xlsx")] == []


def test_the_default_methodology_gives_a_template_for_each_organization_of_the_example(tmp_path):
    path = ROOT / "indicators.yaml"
    try:
        methodology = load_methodology(path)
    except Exception as error:  # it is being written alongside; its own tests judge it
        pytest.skip(f"indicators.yaml does not load: {error}")
    run_template("-m", str(path), "--roster", str(ROOT / "examples" / "roster.csv"), "--out", str(tmp_path))
    files = sorted(tmp_path.iterdir())
    assert [p.name[:4] for p in files] == [str(code) for code in range(4001, 4011)]
    for file, org_type in zip(files, ["ОО"] * 6 + ["ДОО"] * 2 + ["УДО", "МОУО"]):
        assert data_codes(file) == [e.id for row in _arranged(methodology, org_type) for e in row]


def _arranged(methodology, org_type):
    from proforient_cli.template.plan import arrange

    return [[r.element for r in block.rows] for block in arrange(methodology, org_type)]


# -- LibreOffice ------------------------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def convert(path: Path, to: str, out_dir: Path) -> Path:
    """Open and re-save a file the way a school's LibreOffice would; formulas are recalculated."""
    profile = f"file:///tmp/lo_profile_proforient_{uuid.uuid4().hex}"
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", to,
                    "--outdir", str(out_dir), str(path)], check=True, capture_output=True, timeout=120)
    shutil.rmtree(profile[len("file://"):], ignore_errors=True)
    converted = out_dir / f"{path.stem}.{to}"
    assert converted.exists(), f"LibreOffice wrote nothing for {path.name}"
    return converted


@needs_libreoffice
def test_libreoffice_shows_the_russian_warnings_as_the_school_types(out, tmp_path):
    workbook = openpyxl.load_workbook(out / SCHOOL_FILE)
    sheet = workbook[layout.DATA_SHEET]
    sheet["D14"], sheet["D15"] = 10, 25  # a part above its whole
    sheet["D17"], sheet["D18"] = 2, 150  # within the rule
    workbook.save(tmp_path / "filled.xlsx")
    table = rows(convert(tmp_path / "filled.xlsx", "xlsx", tmp_path / "lo"))
    assert table[14][3:5] == [25.0, PART_WARNING]
    assert table[17][3:5] == [150.0, ""]
    assert table[13][4] == ""

    sheet["D15"], sheet["D18"] = 9, 201  # the part is fixed, the rule now fails
    sheet["D17"] = 2
    workbook.save(tmp_path / "filled2.xlsx")
    table = rows(convert(tmp_path / "filled2.xlsx", "xlsx", tmp_path / "lo"))
    assert table[14][4] == "" and table[17][4] == RULE_WARNING

    sheet["D14"] = None  # a blank is «нет данных»: no warning, whatever the part says
    sheet["D15"] = 1000
    workbook.save(tmp_path / "filled3.xlsx")
    assert rows(convert(tmp_path / "filled3.xlsx", "xlsx", tmp_path / "lo"))[14][4] == ""


@needs_libreoffice
@pytest.mark.parametrize("to", ["xlsx", "ods"])
def test_a_template_resaved_by_libreoffice_keeps_codes_values_and_metadata(out, tmp_path, to):
    converted = convert(out / SCHOOL_FILE, to, tmp_path / "lo")
    assert data_codes(converted) == ALL_CODES
    table = rows(converted)
    assert table[11] == list(layout.COLUMNS)
    assert title_value(table, "org_code") == "4001"
    assert dict(rows(converted, layout.META_SHEET)) == dict(rows(out / SCHOOL_FILE, layout.META_SHEET))
    with CalamineWorkbook.from_path(str(converted)) as workbook:
        visibility = {m.name: m.visible for m in workbook.sheets_metadata}
    # LibreOffice has no «very hidden»: the sheet comes back merely hidden, which is still out of sight
    assert visibility[layout.META_SHEET] == SheetVisibleEnum.Hidden
    if to == "xlsx":
        sheet = openpyxl.load_workbook(converted)[layout.DATA_SHEET]
        found = validations(sheet)
        count = found["D14"]
        assert (count.type, count.operator, count.formula1) == ("whole", "greaterThanOrEqual", "0")
        assert found["D19"].formula1 == '"да,нет"' and found["D19"].error.startswith("Выберите «да»")
        assert sheet.protection.sheet and "D14" in unlocked(sheet) and "A14" not in unlocked(sheet)


def test_every_row_that_wraps_text_has_a_height_that_holds_it(tmp_path):
    """LibreOffice keeps a row without a height at 15 pt: long labels would run over the next rows."""
    from proforient_cli.core.text_height import lines

    CliRunner().invoke(main, ["template", "-m", str(ROOT / "indicators.yaml"), "--out", str(tmp_path)])
    book = openpyxl.load_workbook(next(tmp_path.glob("*.xlsx")), rich_text=True)
    sheet = book[layout.DATA_SHEET]
    checked = 0
    for row in range(1, sheet.max_row + 1):
        label = sheet.cell(row, 2).value
        if not label:
            continue
        text = "".join(str(part.text if hasattr(part, "text") else part) for part in label) \
            if not isinstance(label, str) else label
        height = sheet.row_dimensions[row].height
        assert height is not None, f"row {row} has no height: «{text[:40]}»"
        assert height >= 10 * lines(text, sheet.column_dimensions["B"].width), (row, height, text[:60])  # hints: 9 pt
        checked += 1
    assert checked > 80  # every element row of the default methodology
    long_row = next(r for r in range(1, sheet.max_row + 1) if len(str(sheet.cell(r, 2).value or "")) > 250)
    assert sheet.row_dimensions[long_row].height >= 60
    instruction = book[layout.INSTRUCTION_SHEET]
    assert all(instruction.row_dimensions[r].height for r in range(1, instruction.max_row + 1)
               if instruction.cell(r, 1).value)


def test_a_kindergartens_form_numbers_its_sections_as_the_report_does(tmp_path):
    """A kindergarten has no «Выявление предпочтений» rows: its first section is still numbered 2."""
    from proforient_cli.template.plan import arrange

    methodology = load_methodology(ROOT / "indicators.yaml")
    school, kindergarten = arrange(methodology, "ОО"), arrange(methodology, "ДОО")
    numbers = {block.title: block.number for block in school}
    assert all(numbers.get(block.title, block.number) == block.number for block in kindergarten)
    assert kindergarten[0].number != "1" and school[0].number == "1"
    assert [b.number for b in school][-2:] == ["10.6", "10.7"]


def test_the_template_text_is_plain_utf8_not_character_references(blank):
    """openpyxl through lxml would write «Мониторинг» as «&#1052;&#1086;…» — three times the bytes
    that compute reads back from every school; the template holds the letters themselves."""
    import re
    import zipfile

    with zipfile.ZipFile(blank) as package:
        sheets = [package.read(name) for name in package.namelist() if name.startswith("xl/worksheets/")]
    text = b"".join(sheets)
    assert not [ref for ref in re.findall(rb"&#(\d+);", text) if int(ref) >= 128]  # a «&#10;» may stay
    assert "Мониторинг".encode("utf-8") in text
