"""The roster (реестр организаций) a methodist types in Excel or saves as CSV."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from proforient_cli.cli import main
from proforient_cli.core.organization import Organization
from proforient_cli.intake.roster import RosterError, read_roster

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
MINI = str(Path(__file__).resolve().parent / "fixtures" / "mini.yaml")
TYPES = {"ОО": "Общеобразовательная организация", "ДОО": "Дошкольная", "УДО": "Дополнительное"}

SCHOOL = Organization("4001", "МБОУ «СОШ № 1» г. Мосальска", "ОО", "МР «Мосальский район»")
KINDERGARTEN = Organization("4007", "МБДОУ «Детский сад «Солнышко»", "ДОО", "МР «Мосальский район»")


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_csv_saved_by_excel_with_bom_and_semicolons(tmp_path):
    path = write(tmp_path / "реестр.csv",
                 "Код;Наименование;Тип;Муниципалитет\r\n"
                 "4001;МБОУ «СОШ № 1» г. Мосальска;ОО;МР «Мосальский район»\r\n"
                 "4007;МБДОУ «Детский сад «Солнышко»;ДОО;МР «Мосальский район»\r\n", "utf-8-sig")
    assert read_roster(path, known_types=TYPES) == [SCHOOL, KINDERGARTEN]


def test_csv_in_utf8_with_commas_quotes_and_no_municipality(tmp_path):
    path = write(tmp_path / "r.csv", 'код , наименование,ТИП\n4001,"Школа, № 1",ОО\n\n4002,Школа № 2,оо\n')
    assert read_roster(path, known_types=TYPES) == [
        Organization("4001", "Школа, № 1", "ОО"), Organization("4002", "Школа № 2", "ОО")]


def test_csv_in_windows_1251_as_excel_on_windows_saves_it(tmp_path):
    path = write(tmp_path / "r.csv", "Код;Наименование;Тип\n4007;Детский сад «Солнышко»;ДОО\n", "cp1251")
    assert read_roster(path, known_types=TYPES) == [Organization("4007", "Детский сад «Солнышко»", "ДОО")]


def test_csv_saved_as_unicode_text_with_tabs(tmp_path):
    path = write(tmp_path / "r.csv", "Код\tНаименование\tТип\r\n4007\tДетский сад «Солнышко»\tДОО\r\n", "utf-16")
    assert read_roster(path, known_types=TYPES) == [Organization("4007", "Детский сад «Солнышко»", "ДОО")]


def test_xlsx_with_a_title_above_the_header_and_codes_typed_as_numbers(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = "Реестр организаций на 2024 год"
    sheet.append([])
    sheet.append(["Наименование", "Тип", "Код", "Муниципалитет"])
    sheet.append([SCHOOL.name, "ОО", 4001, SCHOOL.municipality])
    sheet.append([KINDERGARTEN.name, "ДОО", 4007.0, KINDERGARTEN.municipality])
    workbook.save(tmp_path / "реестр.xlsx")
    assert read_roster(tmp_path / "реестр.xlsx", known_types=TYPES) == [SCHOOL, KINDERGARTEN]


def test_the_shipped_example_rosters_agree():
    from_csv = read_roster(EXAMPLES / "roster.csv")
    from_xlsx = read_roster(EXAMPLES / "roster.xlsx", known_types=[*TYPES, "МОУО"])
    assert from_csv == from_xlsx
    assert [o.code for o in from_csv] == [str(code) for code in range(4001, 4011)]
    assert [o.type for o in from_csv] == ["ОО"] * 6 + ["ДОО"] * 2 + ["УДО", "МОУО"]
    assert {o.municipality for o in from_csv} == {"МР «Мосальский район»"}
    assert from_csv[-1].name.startswith("Отдел образования и охраны прав детства")


@pytest.mark.parametrize("text, message", [
    ("Код;Наименование\n4001;Школа\n",
     "в реестре r.csv нет колонки «Тип» (в строке 1 найдено: «Код», «Наименование»)"),
    ("Номер;Название\n4001;Школа\n",
     "в реестре r.csv нет колонок «Код», «Наименование», «Тип» (в строке 1 найдено: «Номер», «Название»)"),
    ("Код;Наименование;Тип\n4001;Школа;ОО\n;Школа № 2;ОО\n",
     "реестр r.csv, строка 3: не указан код организации (колонка «Код»)"),
    ("Код;Наименование;Тип\n4001;Школа;ОО\n4002;Сад;ДОО\n4001;Школа № 3;ОО\n",
     "реестр r.csv: код «4001» повторяется в строках 2 и 4"),
    ("Код;Наименование;Тип\n4001;Школа;Школа\n",
     "реестр r.csv, строка 2: неизвестный тип организации «Школа»; допустимы: ОО, ДОО, УДО"),
    ("Код;Наименование;Тип\n4001;Школа;\n",
     "реестр r.csv, строка 2: не указан тип организации «4001» (колонка «Тип»); допустимы: ОО, ДОО, УДО"),
    ("Код;Наименование;Тип\n4001;;ОО\n",
     "реестр r.csv, строка 2: не указано наименование организации с кодом «4001»"),
    ("Код;Наименование;Тип\n;;\n",
     "в реестре r.csv нет ни одной организации: под заголовком нет заполненных строк"),
    ("\n\n", "реестр r.csv пуст: нет ни заголовка, ни одной организации"),
])
def test_a_faulty_roster_is_named_in_one_russian_line(tmp_path, text, message):
    with pytest.raises(RosterError) as error:
        read_roster(write(tmp_path / "r.csv", text), known_types=TYPES)
    assert str(error.value) == message


def test_any_type_is_accepted_when_the_methodology_names_none(tmp_path):
    path = write(tmp_path / "r.csv", "Код;Наименование;Тип\n4001;Школа;Лицей\n4002;Сад;\n")
    assert [o.type for o in read_roster(path)] == ["Лицей", ""]


def test_other_formats_are_refused(tmp_path):
    with pytest.raises(RosterError, match=r"^реестр r\.txt: неизвестный формат «\.txt», нужен файл \.csv или \.xlsx$"):
        read_roster(write(tmp_path / "r.txt", "Код;Наименование;Тип\n"))
    with pytest.raises(FileNotFoundError):
        read_roster(tmp_path / "нет.csv")


def test_a_damaged_xlsx_is_reported_not_crashed_on(tmp_path):
    with pytest.raises(RosterError, match=r"^не удалось прочитать реестр r\.xlsx: "):
        read_roster(write(tmp_path / "r.xlsx", "это не xlsx"))


def test_the_template_command_stops_on_a_faulty_roster(tmp_path):
    roster = write(tmp_path / "r.csv", "Код;Наименование;Тип\n4001;Школа;ОО\n4001;Школа № 2;ОО\n")
    result = CliRunner().invoke(main, ["template", "-m", MINI, "--roster", str(roster), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "Ошибка: реестр r.csv: код «4001» повторяется в строках 2 и 3" in result.stderr
    assert not (tmp_path / "out").exists()
