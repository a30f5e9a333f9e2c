"""report.xlsx as a working file that also prints: its print setup, its sheets in words, its charts.

The example district's report.xlsx is printed to PDF by LibreOffice as a methodist would print
it; the charts are read from the workbook's own chart XML, as Excel draws them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from examples_kit import compute, example
from office import SOFFICE, convert

ROADMAP = example("mosalsk-roadmap-2021")


@pytest.fixture(scope="module")
def district(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("xlsx") / "справка"
    assert compute(example("default"), out).exit_code == 0
    return out / "report.xlsx"


@pytest.fixture(scope="module")
def two_years(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("xlsx2")
    assert compute(ROADMAP, base / "2021").exit_code == 0
    assert compute(ROADMAP, base / "2022", "--previous", str(base / "2021"), data=ROADMAP.folder / "data-2022").exit_code == 0
    return base / "2022" / "report.xlsx"


def charts(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return [archive.read(name).decode("utf-8") for name in sorted(archive.namelist())
                if re.fullmatch(r"xl/charts/chart\d+\.xml", name)]


def chart_title(xml: str) -> str:
    title = re.search(r"<(?:c:)?title>(.*?)</(?:c:)?title>", xml, re.S).group(1)
    return "".join(re.findall(r"<a:t>(.*?)</a:t>", title, re.S))


@pytest.mark.parametrize("which", ["district", "two_years"])
def test_every_chart_has_data_labels_and_a_short_title(which, request):
    found = charts(request.getfixturevalue(which))
    assert found, "the report has charts"
    for xml in found:
        assert 0 < len(chart_title(xml)) <= 60, chart_title(xml)
        assert re.search(r'<(?:c:)?dLbls>.*?<(?:c:)?showVal val="1"\s*/>', xml, re.S), chart_title(xml)


def test_the_dynamics_sheet_has_a_chart_per_section_with_a_line_per_indicator(two_years):
    book = load_workbook(two_years)
    assert "Динамика" in book.sheetnames
    lines = [xml for xml in charts(two_years) if re.search(r"<(?:c:)?lineChart>", xml)]
    assert 1 < len(lines) < 20  # not one chart per indicator
    assert max(len(re.findall(r"<(?:c:)?ser>", xml)) for xml in lines) >= 2


def test_the_organizations_sheet_has_short_heads_and_a_legend(district):
    book = load_workbook(district)
    heads = [cell.value for cell in book["По организациям"][1]]
    assert heads[:3] == ["Код", "Организация", "Тип"]
    assert all(len(head) <= 12 for head in heads[3:]), heads  # «2.3, чел.»
    legend = {row[0].value: row[1].value for row in book["Показатели"].iter_rows(min_row=2)}
    assert legend["1.1"].startswith("Доля обучающихся 5–11 классов")


def test_the_problems_sheet_speaks_russian(district):
    sheet = load_workbook(district)["Проблемы"]
    assert [cell.value for cell in sheet[1]] == ["Файл", "Лист", "Ячейка", "Показатель", "Замечание"]
    texts = " ".join(str(cell.value) for row in sheet.iter_rows(min_row=2) for cell in row if cell.value)
    assert "missing-value" not in texts and "type-error" not in texts
    assert not re.search(r"\b[a-z]+_[a-z0-9_]+\b", texts)  # no element ids


def test_every_sheet_prints_on_a4_with_its_header_row(district):
    book = load_workbook(district)
    for sheet in book.worksheets:
        assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4, sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert "Страница &P из &N" in sheet.oddFooter.center.text, sheet.title


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_the_example_districts_report_prints_on_at_most_20_pages(district, tmp_path):
    pdf = convert(district, "pdf", tmp_path).read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 4 <= pages <= 20, pages


# -- a school's template, printed -----------------------------------------------------------------


@pytest.mark.skipif(SOFFICE is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice or poppler-utils not installed")
def test_a_schools_template_prints_one_page_wide_with_rows_as_tall_as_their_text(tmp_path):
    from click.testing import CliRunner

    from proforient_cli.cli import main
    from proforient_cli.template import layout

    root = Path(__file__).resolve().parent.parent
    result = CliRunner().invoke(main, ["template", "--roster", str(root / "examples" / "roster.csv"),
                                       "--period", "2024", "--out", str(tmp_path / "шаблоны")])
    assert result.exit_code == 0, result.output
    template = sorted((tmp_path / "шаблоны").glob("4001_*.xlsx"))[0]
    sheet = load_workbook(template)[layout.DATA_SHEET]
    label = layout.COLUMNS.index(layout.LABEL_HEADER) + 1
    width = sheet.column_dimensions[chr(ord("A") + label - 1)].width
    for row in range(1, sheet.max_row + 1):
        text = sheet.cell(row, label).value
        if isinstance(text, str) and sheet.cell(row, label).alignment.wrap_text:
            # at most one character per unit of column width on a line, a line of 11 pt text is over 12 pt
            needed = 12 * -(-len(text) // int(width * 1.15))
            assert (sheet.row_dimensions[row].height or 15) >= needed, (row, text)
    text = subprocess.run(["pdftotext", "-layout", str(convert(template, "pdf", tmp_path)), "-"],
                          capture_output=True, text=True, check=True).stdout
    pages = [page for page in text.split("\f") if page.strip()]
    data_pages = [page for page in pages if layout.UNIT_HEADER in page]  # the instruction sheet has none
    assert data_pages
    for page in data_pages:  # every page holds the whole width: from «№ п/п» to «Проверка»
        assert layout.NUMBER_HEADER in page and layout.CHECK_HEADER in page


def test_shares_compare_the_organizations_in_alphabetical_order_never_by_value(district):
    book = load_workbook(district)
    sheet = book["Доли по организациям"]
    blocks, current = [], None
    for row in sheet.iter_rows(values_only=True):
        if row[0] == "Организация (кратко)":
            current = []
            blocks.append(current)
        elif row[0] and current is not None and re.match(r"\d+\. ", str(row[0])) is None:
            current.append(row[0])
        elif row[0] is None:
            current = None
    assert blocks and all(block == sorted(block, key=str.casefold) and len(block) >= 2 for block in blocks)
    assert "МБОУ СОШ №1 г. Мосальска" in blocks[0]  # short names: the chart keeps its room
    assert len(sheet._charts) == len(blocks)


def test_a_part_is_indented_under_its_whole_in_the_summary(district):
    """«в том числе: количество педагогов-психологов, …» stands under «Общее количество педагогов-психологов»."""
    sheet = load_workbook(district)["Сводка"]
    titles = {row[1].value: row[1].alignment.indent for row in sheet.iter_rows(min_row=2) if row[1].value}
    parts = [title for title in titles if title.startswith("в том числе: ")]
    assert parts and all(titles[title] == 2 for title in parts)
    assert titles["Общее количество педагогов-психологов"] == 0


def test_a_school_sees_yes_or_no_for_its_own_presence_item(district):
    """A count of organizations is, for one organization, whether it has the item: «да» or «нет», not 1 or 0."""
    sheet = load_workbook(district)["По организациям"]
    heads = [cell.value for cell in sheet[1]]
    column = heads.index("2.1")  # «Наличие в ОО программы (плана работы) …»: no unit in the head
    assert {row[column].value for row in sheet.iter_rows(min_row=2)} <= {"да", "нет", None}
    assert "да" in {row[column].value for row in sheet.iter_rows(min_row=2)}
