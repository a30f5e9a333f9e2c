"""Read one filled workbook (.xlsx, .xls, .ods) into a :class:`Submission`, never writing to it.

The data table is found by its «Код» and «Значение» captions on whichever sheet holds them, so
inserted rows, a renamed or moved sheet and comments in other columns change nothing. A file
that cannot be read is not an exception but a :class:`Problem` the caller reports and skips.
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from proforient_cli.core.columns import column_letter
from proforient_cli.intake import sheet_size
from proforient_cli.intake.guards import Unreadable, open_workbook, too_large, why_oversized
from proforient_cli.template.layout import (
    CODE_HEADER,
    DATA_SHEET,
    INSTRUCTION_SHEET,
    META_KEYS,
    META_SHEET,
    TITLE_FIELDS,
    VALUE_HEADER,
)
from proforient_cli.intake.problems import Problem
from proforient_cli.intake.submission import CellValue, Submission
from proforient_cli.core.filenames import readable
from proforient_cli.intake.cells import FormulaCell, as_typed

HEADER_SCAN_ROWS = 200  # the header row is looked for this far down a sheet


def read_submission(path: Path, name: str = "") -> Submission | Problem:
    """Read a filled template: its data rows with their cell addresses, title block and hidden sheet.

    Returns an ``unreadable-file`` Problem for an empty, damaged, encrypted or non-spreadsheet
    file and a ``no-data-table`` Problem when no sheet has the «Код»/«Значение» header.
    The file is opened for reading only and closed before returning. ``name`` is how messages
    name the file (its path below the folder given, when two files share a name); its own name
    by default.
    """
    path = Path(path)
    shown = readable(name or path.name)
    try:
        workbook, sizes = open_workbook(path)
        try:
            found = _find_table(workbook, sizes)
            if found is None:
                return Problem("no-data-table", shown)
            sheet_name, rows, offset, header_index, ignored = found
            meta = _read_meta(workbook, sizes)
        finally:
            workbook.close()  # Windows keeps an open file locked against the school's next save
    except Unreadable as reason:
        return Problem("unreadable-file", shown, found=str(reason))
    code_column, value_column = _header_columns(rows[header_index])
    values = list(_cells(rows, header_index, code_column, value_column, sheet_name, offset))
    blank = {cell.cell for cell in values if cell.value is None}
    if blank and sizes:  # an .xlsx: a blank may be a formula's error or a formula never computed
        formulas = sheet_size.formula_cells(path, sheet_name, blank)
        values = [dataclasses.replace(cell, value=FormulaCell(formulas[cell.cell])) if cell.cell in formulas
                  else cell for cell in values]
    return Submission(
        path=path,
        name=name,
        sheet=sheet_name,
        values=tuple(values),
        title=_read_title(rows[:header_index], value_column),
        meta=meta,
        ignored_sheets=ignored,
    )


def _load(workbook: CalamineWorkbook, name: str, nrows: int | None) -> tuple[list[list], tuple[int, int]]:
    """The first ``nrows`` rows (all, for None) of a sheet's used area and where that area starts."""
    try:
        sheet = workbook.get_sheet_by_name(name)
        rows = sheet.to_python(nrows=nrows) if nrows is not None else sheet.to_python()
        return rows, tuple(sheet.start or (0, 0))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:
        raise Unreadable(f"файл повреждён: лист «{name}» не читается") from None


def _find_table(workbook: CalamineWorkbook,
                sizes: dict[str, sheet_size.Extent]) -> tuple[str, list[list], tuple[int, int], int, tuple[str, ...]] | None:
    """The sheet with the header row: its name, rows, offset, the header's index in the rows, and the
    names of other sheets that hold the table too (ignored, and said so).

    The sheet named «Данные» is tried first, then visible sheets, then hidden ones and the
    instruction last, so that a school's extra sheets cost little and a hidden draft copy loses
    to the visible original. An oversized sheet is never loaded; when no other sheet holds the
    table, the file is refused with the reason.
    """
    candidates = [
        meta for meta in workbook.sheets_metadata
        if meta.name != META_SHEET and meta.typ == SheetTypeEnum.WorkSheet
    ]
    candidates.sort(key=lambda meta: (
        meta.name != DATA_SHEET, meta.name == INSTRUCTION_SHEET, meta.visible != SheetVisibleEnum.Visible))
    oversized = []
    for place, meta in enumerate(candidates):
        extent = too_large(sizes, meta.name)
        if extent is not None:
            oversized.append((meta.name, extent))
            continue
        rows, offset = _load(workbook, meta.name, HEADER_SCAN_ROWS)
        index = _header_index(rows)
        if index is not None:
            if len(rows) >= HEADER_SCAN_ROWS:  # the sheet goes on below what the scan loaded: all of it
                rows, offset = _load(workbook, meta.name, None)  # the size guard has bounded its area
            others = tuple(other.name for other in candidates[place + 1:] if _holds_a_table(workbook, sizes, other))
            return meta.name, rows, offset, index, others
    if oversized:
        raise Unreadable(why_oversized(*oversized[0]))
    return None


def _header_index(rows: list[list]) -> int | None:
    return next((index for index, row in enumerate(rows) if _header_columns(row) is not None), None)


def _holds_a_table(workbook: CalamineWorkbook, sizes: dict[str, sheet_size.Extent], meta) -> bool:
    """Whether a sheet other than the one read holds the template's table too («Данные (2)»): a
    visible worksheet other than the instruction, within the size bounds. A template has none."""
    if meta.name == INSTRUCTION_SHEET or meta.visible != SheetVisibleEnum.Visible or too_large(sizes, meta.name):
        return False
    return _header_index(_load(workbook, meta.name, HEADER_SCAN_ROWS)[0]) is not None


def _caption(value: object) -> str:
    """A cell as a caption or label to compare: trimmed, one space, lower case, «ё» as «е», no colon."""
    if not isinstance(value, str):
        return ""
    return _caption_of(value)


@functools.lru_cache(maxsize=4096)  # the same labels and captions come in every file
def _caption_of(text: str) -> str:
    return " ".join(text.split()).rstrip(":").strip().casefold().replace("ё", "е")


_CODE, _VALUE = _caption(CODE_HEADER), _caption(VALUE_HEADER)
_TITLE_LABELS = {_caption(label): key for key, label in TITLE_FIELDS.items()}


def _header_columns(row: list) -> tuple[int, int] | None:
    """The indexes of the «Код» and «Значение» cells of a header row, or None for another row."""
    captions = [_caption(cell) for cell in row]
    if _CODE not in captions or _VALUE not in captions:
        return None
    code = captions.index(_CODE)
    right = [i for i, caption in enumerate(captions) if caption == _VALUE and i > code]
    return code, right[0] if right else captions.index(_VALUE)


def _cells(rows, header_index, code_column, value_column, sheet_name, offset):
    first_row, first_column = offset
    letter = column_letter(first_column + value_column)
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        code = row[code_column] if code_column < len(row) else ""
        code = code.strip() if type(code) is str else as_typed(code, limit=None)  # as_typed, for a str
        # a section heading, or the header repeated (an element id is ASCII, «Код» is not)
        if not code or (not code.isascii() and _caption(code) == _CODE):
            continue
        raw = row[value_column] if value_column < len(row) else None
        if isinstance(raw, str) and not raw.strip():
            raw = None
        address = f"{letter}{first_row + index + 1}"
        if raw is None:
            yield CellValue(code, raw, sheet_name, address, _beside(row, value_column, first_column, first_row + index + 1))
        else:
            yield CellValue(code, raw, sheet_name, address)  # positional: a region's million cells


def _beside(row: list, value_column: int, first_column: int, number: int) -> tuple[str, object] | None:
    """A number typed to the right of a blank «Значение» cell, with its address: the school missed the
    column. Text there is the «Проверка» column's warnings or a comment, and is left alone."""
    for column in range(value_column + 1, len(row)):
        value = row[column]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return f"{column_letter(first_column + column)}{number}", value
    return None


def _read_title(rows: list[list], value_column: int) -> dict[str, str]:
    """The title block: a known label, and the first non-empty cell to its right.

    The search stops at the «Значение» column, so that a hint in a column further right is
    never taken for a value the school left blank.
    """
    title: dict[str, str] = {}
    for row in rows:
        for index, cell in enumerate(row):
            key = _TITLE_LABELS.get(_caption(cell))
            if key is None or key in title:
                continue
            end = value_column + 1 if index < value_column else len(row)
            value = next((text for text in map(_plain, row[index + 1:end]) if text), "")
            if value:
                title[key] = value
    return title


def _read_meta(workbook: CalamineWorkbook, sizes: dict[str, sheet_size.Extent]) -> dict[str, str]:
    """The hidden sheet's key/value rows; empty when the sheet was lost (e.g. copied into a new book)."""
    if META_SHEET not in workbook.sheet_names:
        return {}
    extent = too_large(sizes, META_SHEET)
    if extent is not None:
        raise Unreadable(why_oversized(META_SHEET, extent))
    rows, _ = _load(workbook, META_SHEET, HEADER_SCAN_ROWS)
    meta: dict[str, str] = {}
    for row in rows:
        texts = [_plain(cell) for cell in row]
        filled = [text for text in texts if text]
        if len(filled) >= 2 and filled[0] in META_KEYS and filled[0] not in meta:
            meta[filled[0]] = filled[1]
    return meta


def _plain(value: object) -> str:
    """A title or hidden-sheet cell as text: 4001.0 → «4001», 1.5 → «1.5», a date → «31.05.2024».

    A line break pasted from elsewhere («\\r\\n», which some writers keep as ``&#13;``) is one «\\n».
    """
    if isinstance(value, str) and "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(value, float) and not isinstance(value, bool) and value == value and value not in (
            float("inf"), float("-inf")):
        return str(int(value)) if value == int(value) else repr(value)
    return as_typed(value, limit=None)
