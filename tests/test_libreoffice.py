"""Schools open the templates in LibreOffice, fill them there and send back .xlsx, .ods or .xls.

Every test converts with the real `soffice --headless --convert-to` (CI installs LibreOffice;
the tests are skipped only where it is absent) and runs `proforient compute` on the result:
the numbers must be those of the same values typed into the template directly.
"""

from __future__ import annotations

import shutil
import struct
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from proforient_cli.cli import main
from office import SOFFICE, convert
from test_compute_cli import MINI, ROSTER, fill_template

pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

VALUES = {"pupils_5_11": 300, "pupils_5_11_surveyed": 150, "events": 4, "hours": 12.5, "has_plan": "да",
          "plan_details": "Программа «Профи», приказ № 7"}


def compute(*files: Path, out: Path):
    """`proforient compute` on copies of ``files`` in a fresh inbox; the CLI result and results.csv."""
    inbox = out.parent / f"{out.name}-входящие"
    inbox.mkdir()
    for file in files:
        shutil.copy(file, inbox / file.name)
    result = CliRunner().invoke(main, ["compute", str(inbox), "-m", str(MINI), "--out", str(out)])
    assert "Traceback" not in result.output
    return result, (out / "results.csv").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """The same values: typed into the tool's template, and into LibreOffice's re-saves of it."""
    folder = tmp_path_factory.mktemp("lo")
    roster = folder / "реестр.csv"
    roster.write_text(ROSTER, encoding="utf-8-sig")
    result = CliRunner().invoke(main, ["template", "-m", str(MINI), "--roster", str(roster),
                                       "--out", str(folder / "шаблоны")])
    assert result.exit_code == 0, result.output
    template = next((folder / "шаблоны").glob("101_*.xlsx"))
    (folder / "direct").mkdir()
    files = {"direct": fill_template(template, VALUES, folder / "direct" / "школа.xlsx")}
    # The template opened and saved by LibreOffice as .xlsx, then filled; its .ods re-save.
    lo_template = convert(template, "xlsx", folder / "lo-template")
    (folder / "lo").mkdir()
    files["lo-xlsx"] = fill_template(lo_template, VALUES, folder / "lo" / "школа.xlsx")
    files["lo-ods"] = convert(files["lo-xlsx"], "ods", folder / "lo-ods")
    # The directly filled file saved by LibreOffice as .ods and as .xls.
    files["ods"] = convert(files["direct"], "ods", folder / "ods")
    files["xls"] = convert(files["direct"], "xls", folder / "xls")
    return files


@pytest.fixture(scope="module")
def expected(saved, tmp_path_factory):
    result, results = compute(saved["direct"], out=tmp_path_factory.mktemp("direct") / "out")
    assert result.exit_code == 0, result.output
    return results


@pytest.mark.parametrize("kind", ["lo-xlsx", "lo-ods", "ods", "xls"])
def test_a_template_saved_by_libreoffice_gives_the_same_results(saved, expected, kind, tmp_path):
    result, results = compute(saved[kind], out=tmp_path / "out")
    assert result.exit_code == 0, (result.output, (tmp_path / "out" / "problems.csv").read_text(encoding="utf-8"))
    assert results == expected
    assert ",surveyed_share," in results and ",50,150,300," in results


def test_the_template_itself_converted_to_ods_and_back_keeps_its_table(saved, tmp_path):
    """A blank template through .ods: its table still found, and named as a template sent back empty."""
    template = next(saved["direct"].parent.parent.joinpath("шаблоны").glob("101_*.xlsx"))
    ods = convert(template, "ods", tmp_path / "ods")
    result, results = compute(ods, out=tmp_path / "out")
    assert result.exit_code == 0
    assert "Обработано 1 файл: учтено 0, исключено 1; 1 замечание" in result.output
    problems = (tmp_path / "out" / "problems.csv").read_text(encoding="utf-8")
    assert "empty-template," in problems and "пустой шаблон: не заполнено ни одно значение" in problems


# Hostile variants of LibreOffice's own files: calamine builds every sheet of an .ods or .xls
# as it opens it, so an oversized sheet must be refused before that.

def _ods_with_repeated_row(source: Path, target: Path, rows: int, columns: int) -> Path:
    row = (f'<table:table-row table:number-rows-repeated="{rows}"><table:table-cell office:value-type="float" '
           f'office:value="1" table:number-columns-repeated="{columns}"/></table:table-row>')
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "content.xml":
                data = data.decode("utf-8").replace("</table:table>", row + "</table:table>", 1).encode("utf-8")
            dst.writestr(item, data, compress_type=zipfile.ZIP_STORED if item.filename == "mimetype"
                         else zipfile.ZIP_DEFLATED)
    return target


def _xls_with_far_cell(source: Path, target: Path, row: int, column: int) -> Path:
    """Move the last number cell (an RK or NUMBER record) of an .xls to (row, column)."""
    data = bytearray(source.read_bytes())
    found = [data.rfind(b"\x7e\x02\x0a\x00"), data.rfind(b"\x03\x02\x0e\x00")]
    position = max(found)
    assert position > 0, "no number cell in the .xls"
    struct.pack_into("<HH", data, position + 4, row, column)
    target.write_bytes(bytes(data))
    return target


@pytest.mark.parametrize("shape", ["ods: a million rows", "ods: every column", "xls: a far cell"])
def test_an_oversized_ods_or_xls_is_refused_before_it_is_opened(saved, expected, tmp_path, shape):
    bad = tmp_path / "bad"
    bad.mkdir()
    if shape == "ods: a million rows":
        _ods_with_repeated_row(saved["ods"], bad / "огромный.ods", 1_000_000, 1)
        reason = "лист «Данные» слишком большой: заполненная область доходит до ячейки"
    elif shape == "ods: every column":
        _ods_with_repeated_row(saved["ods"], bad / "огромный.ods", 1, 100_000_000)
        reason = "лист «Данные» слишком большой: в нём больше 2\u00a0000\u00a0000 заполненных ячеек"
    else:
        _xls_with_far_cell(saved["xls"], bad / "огромный.xls", 65535, 65535)
        reason = "слишком большой: заполненная область доходит до ячейки CRXP65536 (65\u00a0536 строк × 65\u00a0536 столбцов)"
    other = next(bad.iterdir())
    result, results = compute(saved["direct"], other, out=tmp_path / "out")
    assert result.exit_code == 0
    assert "учтено 1, исключено 1" in result.output
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert f"- {other.name}: " in report and reason in report
    assert results == expected  # the good file's numbers, unchanged


def test_a_formula_error_saved_by_libreoffice_is_named_as_the_error_not_as_a_blank(saved, tmp_path):
    """A school typed «=A1/0» into a cell: Excel and LibreOffice show #ДЕЛ/0!, the file keeps #DIV/0!."""
    template = next(saved["direct"].parent.parent.joinpath("шаблоны").glob("101_*.xlsx"))
    (tmp_path / "typed").mkdir()
    typed = fill_template(template, {**VALUES, "pupils_5_11": "=1/0"}, tmp_path / "typed" / "школа.xlsx")
    resaved = convert(typed, "xlsx", tmp_path / "resaved")
    for file, code, text in ((typed, "formula-not-computed", "откройте файл в Excel или LibreOffice и сохраните его"),
                             (resaved, "formula-error", "в ячейке ошибка формулы #ДЕЛ/0!")):
        out = tmp_path / code
        result, _ = compute(file, out=out)
        problems = (out / "problems.csv").read_text(encoding="utf-8")
        assert result.exit_code == 0
        assert f"{code}," in problems and text in problems, problems
        assert "значение не заполнено" not in problems
