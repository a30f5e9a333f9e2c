"""What schools and the roster typed reaches every output as text: never a formula, never a broken table.

Organization names come from the roster (through the template's title block) and from the title
block a school fills itself; text answers and wrong values come from the cells. Each starts with
what a spreadsheet would run (= + - @ tab CR) or carries «|» and line breaks.
"""

from __future__ import annotations

import csv
import os
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from proforient_cli.cli import main
from test_compute_cli import MINI
from workbooks import build_workbook, meta_for

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EVIL_LINK = '=HYPERLINK("http://evil","x")'
ROSTER = [  # code, name, type
    ("101", EVIL_LINK, "ОО"),
    ("102", "Школа | № 2\nфилиал «Заречье»", "ОО"),
    ("103", "+1 детский сад", "ДОО"),
    ("104", "@SUM(1) школа", "ОО"),
]
ANSWERS = {"101": EVIL_LINK, "102": "+1", "103": "@SUM(1)", "104": "-2+3 | строка\nвторая строка"}


def typed_as_text(path: Path, values: dict[str, object]) -> None:
    """Type the values into a template by code as text, the way Excel stores «'=…»: never a formula."""
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    header = next(row for row in sheet.iter_rows() if any(c.value == "Код" for c in row))
    code_column = next(c.column for c in header if c.value == "Код")
    value_column = next(c.column for c in header if c.value == "Значение")
    for row in range(header[0].row + 1, sheet.max_row + 1):
        code = sheet.cell(row, code_column).value
        if code in values:
            cell = sheet.cell(row, value_column)
            cell.value = values[code]
            if isinstance(values[code], str):
                cell.data_type = "s"
    book.save(path)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("safe")
    roster = folder / "реестр.csv"
    with open(roster, "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(["Код", "Наименование", "Тип"])
        writer.writerows(ROSTER)
    result = CliRunner().invoke(main, ["template", "-m", str(MINI), "--roster", str(roster),
                                       "--out", str(folder / "шаблоны")])
    assert result.exit_code == 0, result.output
    inbox = folder / "входящие"
    inbox.mkdir()
    for template in (folder / "шаблоны").glob("*.xlsx"):
        code = template.name.split("_")[0]
        target = inbox / (f"-школа|{code}.xlsx" if os.name != "nt" else f"-школа {code}.xlsx")
        target.write_bytes(template.read_bytes())
        typed_as_text(target, {"plan_details": ANSWERS[code], "events": "@SUM(1)" if code == "101" else 3,
                               "pupils_5_11": 10, "pupils_5_11_surveyed": 5})
    # A school not in the roster that filled the title block itself, with a hostile name.
    book, _ = build_workbook({"events": 2, "plan_details": "\tтабуляция"},
                             title={"org_name": "=1+1\r\n| разрыв |", "org_code": "=200", "org_type": "ОО"},
                             meta=meta_for(_mini()), sheet_name="Данные")
    for row in book.active.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    book.save(inbox / "=сама.xlsx")
    out = folder / "out"
    result = CliRunner().invoke(main, ["compute", str(inbox), "-m", str(MINI), "--roster", str(roster),
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _mini():
    from proforient_cli.methodology.load import load_methodology

    return load_methodology(MINI)


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_results_csv_text_never_starts_like_a_formula(outputs):
    rows = read_csv(outputs / "results.csv")
    for row in rows:
        for column in ("org_code", "org_name", "title", "indicator", "unit", "target"):
            assert not row[column].startswith(FORMULA_STARTS), (column, row[column])
    names = {row["org_name"] for row in rows}
    assert "'" + EVIL_LINK in names
    assert "'+1 детский сад" in names and "'@SUM(1) школа" in names
    assert "Школа | № 2 филиал «Заречье»" in names  # the roster reader joins the lines
    assert "'=1+1\n| разрыв |" in names  # from a title block: kept whole, csv quotes it


def test_problems_csv_text_never_starts_like_a_formula(outputs):
    rows = read_csv(outputs / "problems.csv")
    assert rows
    for row in rows:
        for column, value in row.items():
            assert not value.startswith(FORMULA_STARTS), (column, value)
    wrong = next(row for row in rows if row["code"] == "type-error")
    assert wrong["found"] == "'@SUM(1)"
    assert wrong["file"].startswith("'-школа")


def test_report_xlsx_holds_text_as_text_and_no_formula_at_all(outputs):
    book = openpyxl.load_workbook(outputs / "report.xlsx")
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    assert not cell.value.startswith(FORMULA_STARTS), (sheet.title, cell.coordinate, cell.value)
                    texts.append(cell.value)
    assert "'" + EVIL_LINK in texts
    with zipfile.ZipFile(outputs / "report.xlsx") as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name


def _unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)(?:\\\\)*\|", line))


def test_report_md_tables_keep_their_columns(outputs):
    text = (outputs / "report.md").read_text(encoding="utf-8")
    tables, current = [], []
    for line in text.split("\n") + [""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    assert len(tables) >= 4
    for table in tables:
        header = _unescaped_pipes(table[0])
        for line in table:
            assert _unescaped_pipes(line) == header, line
    assert "\\|" in text  # the names' «|» are in the tables, escaped


def test_report_md_text_cannot_start_markdown_structure_or_break_a_list(outputs):
    text = (outputs / "report.md").read_text(encoding="utf-8")
    answers = text.split("## 6. Текстовые ответы", 1)[1].split("## 7.", 1)[0]
    lines = [line for line in answers.splitlines() if line.strip() and not line.startswith("#")]
    assert all(line.startswith("- **") or not line.startswith(("-", "+", "=", "|", ">")) for line in lines), lines
    assert "\\-2+3 \\| строка<br>вторая строка" in answers
    outside_tables = [line for line in text.splitlines() if not line.startswith("|")]
    assert all(_unescaped_pipes(line) == 0 for line in outside_tables), [
        line for line in outside_tables if _unescaped_pipes(line)]
