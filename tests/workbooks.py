"""Filled template-like workbooks for the tests, written with openpyxl after proforient_cli.template.layout.

These stand in for what a school sends back, independently of the template writer: a title
block, the «Код»/«Показатель»/«Ед. изм.»/«Значение»/«Проверка» header, a section heading and
one row per code, and optionally the very hidden sheet.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

from proforient_cli.template import layout
from proforient_cli.methodology.model import Methodology

TITLE = {
    "org_name": "МБОУ «Средняя школа № 12»",
    "org_code": "4012",
    "org_type": "ОО",
    "municipality": "Мосальский район",
    "period": "2023/2024 учебный год",
}


@dataclass
class Filled:
    """A written workbook and where its values stand."""

    path: Path
    cells: dict[str, str]  # code → address of its «Значение» cell (first row with the code)
    extra: list[str] = field(default_factory=list)  # the «Значение» addresses of ``extra_rows``


def meta_for(methodology: Methodology, **overrides: object) -> dict[str, object]:
    """The hidden sheet's rows for a template of this methodology."""
    meta: dict[str, object] = {
        "methodology_id": methodology.id,
        "methodology_version": methodology.version,
        "fingerprint": methodology.fingerprint,
        "org_code": "4012",
        "org_type": "ОО",
        "period": "2023/2024",
        "tool_version": "0.1.0",
    }
    meta.update(overrides)
    return {key: value for key, value in meta.items() if value is not None}


def build_workbook(
    values: dict[str, object],
    *,
    title: dict[str, object] | None = None,
    meta: dict[str, object] | None = None,
    sheet_name: str = layout.DATA_SHEET,
    header_row: int | None = None,
    first_column: int = 1,
    extra_rows: list[list[object]] = (),
    sheets_before: tuple[str, ...] = (),
) -> tuple[openpyxl.Workbook, Filled]:
    """A workbook like a filled template; ``values`` maps codes to what the school typed (None: blank).

    ``header_row`` (1-based) moves the table down, ``first_column`` (1-based) moves it right;
    ``extra_rows`` are written below the value rows starting at the «Код» column;
    ``sheets_before`` are sheets of the school's own placed before the data sheet.
    """
    title = TITLE if title is None else title
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = sheet_name
    for name in reversed(sheets_before):
        other = workbook.create_sheet(name, 0)
        other["A1"] = "Черновик"
        other["B2"] = 123
    code_col, label_col, unit_col, value_col, check_col = range(first_column, first_column + 5)
    needed = len(title) + 3
    header_row = needed if header_row is None else header_row
    if header_row < needed:
        raise ValueError(f"the title block needs the header at row {needed} or lower")
    top = header_row - needed + 1
    sheet.cell(top, label_col, "Мониторинг профориентационной работы")
    for offset, (key, value) in enumerate(title.items(), start=1):
        sheet.cell(top + offset, label_col, layout.TITLE_FIELDS[key])
        sheet.cell(top + offset, value_col, value)
    # the layout of the templates of earlier versions: «Код» first (the reader finds either)
    captions = (layout.CODE_HEADER, layout.LABEL_HEADER, layout.UNIT_HEADER, layout.VALUE_HEADER, layout.CHECK_HEADER)
    for column, caption in zip(range(code_col, check_col + 1), captions):
        sheet.cell(header_row, column, caption)
    sheet.cell(header_row + 1, label_col, "1. Выявление предпочтений обучающихся")  # a section heading
    cells: dict[str, str] = {}
    row = header_row + 2
    for code, value in values.items():
        sheet.cell(row, code_col, code)
        sheet.cell(row, label_col, f"Показатель {code}")
        sheet.cell(row, unit_col, "чел.")
        if value is not None:
            sheet.cell(row, value_col, value)
        cells.setdefault(code, f"{get_column_letter(value_col)}{row}")
        row += 1
    extra = []
    for cells_of_row in extra_rows:
        for column, value in enumerate(cells_of_row, start=code_col):
            if value is not None:
                sheet.cell(row, column, value)
        extra.append(f"{get_column_letter(value_col)}{row}")
        row += 1
    if meta is not None:
        hidden = workbook.create_sheet(layout.META_SHEET)
        hidden.sheet_state = "veryHidden"
        for index, (key, value) in enumerate(meta.items(), start=1):
            hidden.cell(index, 1, key)
            hidden.cell(index, 2, value)
    return workbook, Filled(Path(), cells, extra)


def make_submission(path: Path, values: dict[str, object], **options) -> Filled:
    """Write a filled template-like workbook to ``path``; see :func:`build_workbook` for the options."""
    workbook, filled = build_workbook(values, **options)
    workbook.save(path)
    filled.path = Path(path)
    return filled


def fake_encrypted(path: Path) -> Path:
    """An OLE compound file holding «EncryptionInfo» and «EncryptedPackage», as Excel writes a
    password-protected .xlsx (the streams' content is irrelevant: nothing can read it anyway)."""
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[24:28] = struct.pack("<HH", 0x3E, 3)  # minor and major version
    header[28:34] = struct.pack("<HHH", 0xFFFE, 9, 6)  # little-endian, 512-byte sectors, 64-byte mini
    directory = bytearray()
    for name, kind in (("Root Entry", 5), ("EncryptionInfo", 2), ("EncryptedPackage", 2)):
        entry = bytearray(128)
        encoded = (name + "\0").encode("utf-16-le")
        entry[0 : len(encoded)] = encoded
        entry[64:66] = struct.pack("<H", len(encoded))
        entry[66] = kind
        directory += entry
    directory += bytes(512 - len(directory))
    path.write_bytes(bytes(header) + bytes(directory) + bytes(1024))
    return path
