"""compute --feedback: the loop a methodist runs with the schools.

A school sends its file with three mistakes; `compute --feedback` writes its page and its file
«на доработку»; the school corrects exactly the three marked cells (in Excel, and once in
LibreOffice) and sends the file back; computed again, the corrected file counts, without those
problems, and the district's totals are the ones computed by hand.
"""

from __future__ import annotations

import csv
import shutil
import time
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from office import SOFFICE, convert
from proforient_cli.cli import main
from proforient_cli.template import layout
from test_compute_cli import MINI, ROSTER, fill_template

GOOD = {"101": {"pupils_5_11": 300, "pupils_5_11_surveyed": 150, "events": 4, "hours": 10, "has_plan": "да",
                "plan_details": "Программа «Профи»"},
        "104": {"pupils_5_11": 200, "pupils_5_11_surveyed": 50, "events": 3, "hours": 6, "has_plan": "нет"}}
# Школа 102 sends three mistakes: words for a count and for hours, «может быть» for a flag.
MISTAKES = {"pupils_5_11": 100, "pupils_5_11_surveyed": 90, "events": "много", "hours": "пять", "has_plan": "может быть",
            "plan_details": "План на год"}
CORRECTIONS = {"events": 2, "hours": 5, "has_plan": "да"}
EXECUTOR = "Иванова М. П., методист, 2-13-45"


def invoke(*arguments) -> str:
    result = CliRunner().invoke(main, [str(a) for a in arguments])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result.output


@pytest.fixture(scope="module")
def first_round(tmp_path_factory):
    """The templates, the schools' files (102 with three mistakes) and the run with --feedback."""
    folder = tmp_path_factory.mktemp("feedback")
    roster = folder / "реестр.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    invoke("template", "-m", MINI, "--roster", roster, "--out", folder / "шаблоны", "--period", "2024")
    templates = {p.name.split("_")[0]: p for p in (folder / "шаблоны").glob("*.xlsx")}
    inbox = folder / "входящие"
    inbox.mkdir()
    for code, values in {**GOOD, "102": MISTAKES}.items():
        fill_template(templates[code], values, inbox / templates[code].name)
    school = inbox / templates["102"].name
    book = load_workbook(school)  # the contact the school typed into the title block
    sheet = book.worksheets[0]
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == layout.TITLE_FIELDS["filled_by"]:
                sheet.cell(cell.row, 4).value = "Петрова Анна Викторовна, заместитель директора"
            if cell.value == layout.TITLE_FIELDS["phone"]:
                sheet.cell(cell.row, 4).value = "8 (48452) 2-11-03"
    book.save(school)
    out = folder / "справка"
    output = invoke("compute", inbox, "-m", MINI, "--roster", roster, "--out", out, "--feedback",
                    "--executor", EXECUTOR)
    return folder, inbox, roster, out, output


def rework_file(out: Path) -> Path:
    files = list((out / "на доработку").glob("*.xlsx"))
    assert [f.name for f in files] == ["102_МКОУ_Ивановская_ООШ_доработка.xlsx"]  # only the school with problems
    return files[0]


def value_cells(path: Path) -> dict[str, object]:
    """The «Значение» cell of every row, by its «Код», with the cell itself."""
    sheet = load_workbook(path).worksheets[0]
    code_column = layout.COLUMNS.index(layout.CODE_HEADER) + 1
    value_column = layout.COLUMNS.index(layout.VALUE_HEADER) + 1
    return {sheet.cell(r, code_column).value: sheet.cell(r, value_column) for r in range(1, sheet.max_row + 1)
            if isinstance(sheet.cell(r, code_column).value, str) and sheet.cell(r, code_column).value.islower()}


def test_the_file_sent_back_has_the_schools_values_and_a_note_on_each_of_the_three_cells(first_round):
    _, _, _, out, _ = first_round
    cells = value_cells(rework_file(out))
    assert cells["pupils_5_11"].value == 100 and cells["pupils_5_11_surveyed"].value == 90
    assert cells["plan_details"].value == "План на год"
    assert cells["events"].value == "много" and cells["has_plan"].value == "может быть"  # as typed, to correct
    noted = {code for code, cell in cells.items() if cell.comment is not None}
    assert noted == {"events", "hours", "has_plan"}
    assert "целое число" in cells["events"].comment.text
    assert "«да» или «нет»" in cells["has_plan"].comment.text or "да" in cells["has_plan"].comment.text
    assert all(cells[code].fill.fgColor.rgb.endswith("FFFF00") for code in noted)
    sheet = load_workbook(rework_file(out)).worksheets[0]
    texts = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert "Петрова Анна Викторовна, заместитель директора" in texts  # its contact kept
    assert "МКОУ «Ивановская ООШ»" in texts  # its header filled


def test_letters_list_whom_to_write_and_what_to_attach(first_round):
    _, _, _, out, _ = first_round
    data = (out / "письма.csv").read_bytes()
    assert data.startswith("\ufeff".encode("utf-8"))  # Excel opens it as UTF-8
    rows = list(csv.reader(data.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0] == ["Код", "Организация", "Ответственный за заполнение", "Телефон", "Замечаний",
                       "Страница результатов", "Файл на доработку"]
    assert rows[1:] == [["102", "МКОУ «Ивановская ООШ»", "Петрова Анна Викторовна, заместитель директора",
                         "8 (48452) 2-11-03", "3", "102 МКОУ Ивановская ООШ.docx",
                         "102_МКОУ_Ивановская_ООШ_доработка.xlsx"]]


def test_the_report_names_the_organizations_sent_files_back_and_their_contacts(first_round):
    _, _, _, out, _ = first_round
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "Организации, которым направлены файлы на доработку (1;" in report
    assert ("- МКОУ «Ивановская ООШ» (код 102): Петрова Анна Викторовна, заместитель директора, "
            "тел. 8 (48452) 2-11-03; замечаний: 3") in report
    assert "| Петрова Анна Викторовна, заместитель директора, тел. 8 (48452) 2-11-03 |" in report  # the intake table


def test_an_organizations_page_shows_its_values_the_municipal_ones_and_its_problems_only(first_round):
    _, _, _, out, _ = first_round
    pages = sorted(p.name for p in (out / "организации").glob("*.docx"))
    assert pages == ["101 МБОУ СОШ №1.docx", "102 МКОУ Ивановская ООШ.docx", "104 МКОУ Петровская СОШ.docx"]
    document = docx.Document(str(out / "организации" / "102 МКОУ Ивановская ООШ.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    rows = {row.cells[0].text: [c.text for c in row.cells] for table in document.tables for row in table.rows}
    assert rows["1.1"][2] == "90\u00a0% (90 из 100)"  # its own share
    assert rows["1.1"][3] == "48,3\u00a0% (290 из 600)"  # the municipality's, all three schools
    assert "МКОУ «Ивановская ООШ»" in text
    assert "ожидалось целое число" in text and "ячейка D" in text
    assert f"По вопросам мониторинга: {EXECUTOR}" in text
    everything = text + "\n".join(c for r in rows.values() for c in r)
    for other in ("СОШ № 1", "Петровская", "Радуга"):
        assert other not in everything


def test_without_feedback_the_summary_tells_of_the_option(tmp_path, first_round):
    _, inbox, roster, _, output = first_round
    assert "--feedback" not in output
    again = invoke("compute", inbox, "-m", MINI, "--roster", roster, "--out", tmp_path / "без")
    assert again.strip().endswith("Файлы на доработку для организаций с замечаниями: добавьте --feedback")
    assert not (tmp_path / "без" / "на доработку").exists()


def corrected(source: Path, target: Path) -> Path:
    """The school's correction of exactly the three marked cells, as Excel saves it (openpyxl)."""
    book = load_workbook(source)
    sheet = book.worksheets[0]
    code_column = layout.COLUMNS.index(layout.CODE_HEADER) + 1
    value_column = layout.COLUMNS.index(layout.VALUE_HEADER) + 1
    for row in range(1, sheet.max_row + 1):
        code = sheet.cell(row, code_column).value
        if code in CORRECTIONS:
            sheet.cell(row, value_column).value = CORRECTIONS[code]
    book.save(target)
    time.sleep(0.01)
    return target


def totals(out: Path) -> dict[str, str]:
    with open(out / "results.csv", encoding="utf-8", newline="") as stream:
        return {r["indicator"]: r["value"] for r in csv.DictReader(stream) if r["level"] == "total"}


def test_the_corrected_file_counts_without_those_problems_and_the_totals_are_right(first_round, tmp_path):
    _, inbox, roster, out, _ = first_round
    second = tmp_path / "входящие"
    shutil.copytree(inbox, second)
    corrected(rework_file(out), second / rework_file(out).name)  # beside the old file: the later one wins
    again = tmp_path / "справка"
    invoke("compute", second, "-m", MINI, "--roster", roster, "--out", again, "--feedback")
    with open(again / "problems.csv", encoding="utf-8", newline="") as stream:
        problems = [r for r in csv.DictReader(stream)]
    assert [p["code"] for p in problems] == ["duplicate-organization"]  # the old file, replaced
    assert totals(again)["events_total"] == "9"  # 4 + 2 + 3
    assert float(totals(again)["surveyed_share"]) == pytest.approx((150 + 90 + 50) / (300 + 100 + 200) * 100)
    assert not (again / "на доработку").exists()  # nothing left to correct
    assert not (again / "письма.csv").read_text(encoding="utf-8-sig").strip().count("\n")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_correction_saved_by_libreoffice_counts_too(first_round, tmp_path):
    _, inbox, roster, out, _ = first_round
    edited = corrected(rework_file(out), tmp_path / "исправлено.xlsx")
    resaved = convert(edited, "xlsx", tmp_path / "libreoffice")
    second = tmp_path / "входящие"
    shutil.copytree(inbox, second)
    (second / rework_file(out).name.replace("_доработка", "")).unlink()  # the old file taken away
    shutil.copy(resaved, second / "102_исправлено.xlsx")
    again = tmp_path / "справка"
    invoke("compute", second, "-m", MINI, "--roster", roster, "--out", again)
    assert (again / "problems.csv").read_text(encoding="utf-8").strip().count("\n") == 0
    assert totals(again)["events_total"] == "9"
