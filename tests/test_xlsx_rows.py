"""Rows written as XML text read back exactly as the same rows written cell by cell by openpyxl."""

from __future__ import annotations

import math

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment
from openpyxl.utils.exceptions import IllegalCharacterError

from proforient_cli.report.xlsx_rows import NUMBER, PLAIN, TEXT, BulkRows, save

WRAP = Alignment(wrap_text=True, vertical="top")
ROWS = [
    ["4001", "Школа «Берёзка» & <партнёры>", 12.0, None, "да", 3],
    ["", "  пробелы вокруг ", 1 / 3, math.nan, "нет", 0],
    ["=HYPERLINK(1)", "строка\nвторая", 1e20, 45.5, "(файл не получен)", None],
]


def _by_openpyxl(path):
    book = Workbook()
    sheet = book.active
    sheet.cell(row=1, column=1, value="Код")
    for row, values in enumerate(ROWS, start=2):
        for column in (1, 2):
            cell = sheet.cell(row=row, column=column)
            cell.value = values[column - 1]
            cell.data_type = "s"
        sheet.cell(row=row, column=2).alignment = WRAP
        for column, fmt in ((3, "0.0"), (4, "#,##0.##")):
            cell = sheet.cell(row=row, column=column)
            value = values[column - 1]
            cell.value = None if value is not None and math.isnan(value) else value
            cell.number_format = fmt
        sheet.cell(row=row, column=5, value=values[4])
        sheet.cell(row=row, column=6, value=values[5])
    book.save(path)


def _by_bulk(path):
    book = Workbook()
    sheet = book.active
    sheet.cell(row=1, column=1, value="Код")
    rows = BulkRows(sheet)
    kinds = rows.format([(TEXT, None), (TEXT, rows.style(alignment=WRAP)), (NUMBER, rows.style("0.0")),
                         (NUMBER, rows.style("#,##0.##")), (PLAIN, None), (PLAIN, None)])
    for values in ROWS:
        rows.append(values, kinds)
    save(book, path, [rows])


def _cells(path):
    sheet = load_workbook(path).active
    return sheet.dimensions, [
        [(c.value, c.data_type, c.number_format, c.alignment.wrap_text) for c in row] for row in sheet.iter_rows()
    ]


def test_bulk_rows_read_back_as_the_cells_openpyxl_writes(tmp_path):
    _by_openpyxl(tmp_path / "a.xlsx")
    _by_bulk(tmp_path / "b.xlsx")
    assert _cells(tmp_path / "b.xlsx") == _cells(tmp_path / "a.xlsx")


def test_a_sheet_without_rows_gets_its_first_rows(tmp_path):
    book = Workbook()
    rows = BulkRows(book.active)
    rows.append(["a", 1], rows.format([(TEXT, None), (PLAIN, None)]))
    save(book, tmp_path / "c.xlsx", [rows])
    sheet = load_workbook(tmp_path / "c.xlsx").active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [["a", 1]]


def test_a_control_character_is_refused_as_openpyxl_refuses_it():
    rows = BulkRows(Workbook().active)
    with pytest.raises(IllegalCharacterError):
        rows.append(["a\x01b"], rows.format([(TEXT, None)]))
