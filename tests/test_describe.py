"""`proforient describe`: the methodology as the order's own table, to attach to the order."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from proforient_cli.cli import main
from proforient_cli.methodology.describe import describe
from proforient_cli.methodology.load import load_methodology
from test_default_methodology import APPENDIX_2, normalized

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini.yaml"
UNITS = {"%": "%", "ед.": "Единицы"}


@pytest.fixture(scope="module")
def rows():
    return {normalized(row.title): row for section in describe(load_methodology(ROOT / "indicators.yaml"))
            for row in section.rows}


@pytest.mark.parametrize("title, method, unit, source", APPENDIX_2,
                         ids=[f"row-{n}" for n in range(1, len(APPENDIX_2) + 1)])
def test_describe_reproduces_every_row_of_appendix_2(rows, title, method, unit, source):
    row = rows[normalized(title)]
    assert normalized(row.method) == normalized(method)
    assert row.unit == UNITS[unit]
    assert row.source == source


def test_a_method_not_given_in_the_file_is_written_from_the_definition_in_russian():
    sections = describe(load_methodology(MINI))
    methods = {row.title: row.method for section in sections for row in section.rows}
    assert methods["Доля обучающихся 5–11 классов, прошедших анкетирование"] == (
        "Отношение значения «Обучающиеся 5–11 классов, прошедшие анкетирование», "  # the order's comma
        "к общему количеству обучающихся 5–11 классов, умноженное на 100")
    assert methods["Количество мероприятий"] == (
        "Количество мероприятий (сумма по всем организациям). Целевое значение: не менее 10 ед.")
    assert methods["Количество ОО, имеющих программу (план работы)"] == (
        "Количество организаций, ответивших «да» на вопрос «Наличие программы (плана работы)»")
    assert methods["Часов консультаций на одно мероприятие"] == (
        "Рассчитывается по формуле: «Часы консультаций» ÷ «Количество мероприятий» (по суммам организаций)")


def test_the_command_writes_the_orders_appendix_in_word_excel_and_markdown(tmp_path):
    import docx

    result = CliRunner().invoke(main, ["describe", "-m", str(MINI), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "methodology.md").read_text(encoding="utf-8")
    assert "| № п/п | Показатель | Метод расчета | Единица измерения | Источник данных (метод сбора информации) |" in text
    assert "| **2.** | **Сопровождение профессионального самоопределения** | | | |" in text
    sheet = openpyxl.load_workbook(tmp_path / "methodology.xlsx")["Методика"]
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "Приложение к приказу № 1 от 01.01.2024"
    assert ["№ п/п", "Показатель", "Метод расчета", "Единица измерения",
            "Источник данных (метод сбора информации)"] in values
    assert any(row[0] == "2.1" and row[1] == "Количество мероприятий" and row[3] == "Единицы" for row in values)
    indicator_rows = [row for row in sheet.iter_rows(min_row=4) if str(row[0].value or "").count(".") == 1
                      and not str(row[0].value).endswith(".")]
    assert indicator_rows and all(cell.border.left.style == "thin" for row in indicator_rows for cell in row)
    document = docx.Document(str(tmp_path / "methodology.docx"))
    assert document.paragraphs[0].text == "Приложение к приказу № 1 от 01.01.2024"
    assert document.paragraphs[1].text == "Методика расчета показателей: Мониторинг для тестов"
    assert document.sections[0].page_width > document.sections[0].page_height  # landscape
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert rows[0][0] == "№ п/п"
    assert rows[1][:2] == ["1.", "Выявление предпочтений обучающихся"]
    assert ["2.1", "Количество мероприятий"] in [row[:2] for row in rows]
    assert document.tables[0].style.name == "Table Grid"  # borders


def test_targets_per_year_per_organization_and_cumulative_are_written_out(tmp_path):
    text = MINI.read_text(encoding="utf-8").replace(
        "    target: {at_least: 10}\n",
        "    cumulative: true\n    target:\n      2022: {at_least: 10}\n      2023: {at_least: 15}\n      per: organization\n")
    path = tmp_path / "indicators.yaml"
    path.write_text(text, encoding="utf-8")
    methods = {row.title: row.method for section in describe(load_methodology(path)) for row in section.rows}
    assert methods["Количество мероприятий"] == (
        "Количество мероприятий (сумма по всем организациям), нарастающим итогом за отчётные периоды. "
        "Целевое значение: на 2022 г. — не менее 10 ед. в каждой организации; "
        "на 2023 г. — не менее 15 ед. в каждой организации")
