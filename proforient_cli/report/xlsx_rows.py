"""Many plain rows of a report.xlsx sheet, written as XML text instead of through openpyxl's cells.

openpyxl spends some 15 µs on every cell it creates and saves; a region's table by organization
has close to a million cells. The renderer lets openpyxl write everything that needs styling
knowledge — the header, widths, frozen panes, filters, charts — and hands the long run of data
rows to :class:`BulkRows`. After openpyxl has saved the workbook, :func:`save` puts those rows
into the sheet's ``<sheetData>``, cell for cell in the XML openpyxl itself would have written
(the same inline strings, style ids and number text), so a reader sees the same workbook.
"""

from __future__ import annotations

import io
import math
import zipfile
from pathlib import Path

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError

from proforient_cli.core import ooxml
from proforient_cli.core.columns import column_index

TEXT = "text"  # a string kept as text, never a formula: what render_xlsx._text does
PLAIN = "plain"  # a value as ``sheet.cell(value=…)`` takes it: text or a number
NUMBER = "number"  # a number (or an empty cell) in a number format: render_xlsx._number

_ROWS_PER_WRITE = 500


class BulkRows:
    """Rows appended below what openpyxl holds of ``sheet``, written by :func:`save`.

    Each cell's kind is ``(TEXT | PLAIN | NUMBER, style id or None)``; :meth:`style` gives
    the id of a number format or alignment, :meth:`format` turns a row's kinds into a
    :class:`RowFormat` that rows are appended with.
    """

    def __init__(self, sheet):
        self.sheet = sheet
        self.first_row = (sheet.max_row + 1) if sheet._cells else 1
        self.rows: list[str] = []
        self.max_column = 0

    @property
    def last_row(self) -> int:
        return self.first_row + len(self.rows) - 1

    def style(self, number_format: str | None = None, alignment=None) -> int | None:
        """The workbook's style id for cells with this number format and alignment."""
        cell = Cell(self.sheet, row=1, column=1)  # never put into the sheet: only its style is kept
        if number_format is not None:
            cell.number_format = number_format
        if alignment is not None:
            cell.alignment = alignment
        return cell.style_id if cell.has_style else None

    def format(self, kinds) -> "RowFormat":
        return RowFormat(kinds)

    def append(self, values, row_format: "RowFormat") -> None:
        """One row: ``values[i]`` written as the format's ``i``-th kind says, from column A on."""
        number = str(self.first_row + len(self.rows))
        cells = "".join([f'<c r="{letter}{number}{tail}' for letter, tail in
                         zip(row_format.letters, map(dict.__getitem__, row_format.tails, values)) if tail is not None])
        self.max_column = max(self.max_column, len(values))
        self.rows.append(f'<row r="{number}">{cells}</row>')


class RowFormat:
    """The kinds of a row's cells, with what each cell's XML after its reference is, by value."""

    def __init__(self, kinds):
        self.letters = [get_column_letter(column) for column in range(1, len(kinds) + 1)]
        self.tails = [_Tails(kind, style) for kind, style in kinds]


class _Tails(dict):
    """A cell's XML after ``<c r="A1`` for each value seen, made once; None for a cell not written."""

    def __init__(self, kind: str, style: int | None):
        super().__init__()
        self.kind = kind
        self.styled = f' s="{style}"' if style is not None else ""

    def __missing__(self, value) -> str | None:
        tail = self._make(value)
        if value == value:  # NaN is never found again: not worth keeping
            self[value] = tail
        return tail

    def _make(self, value) -> str | None:
        kind, styled = self.kind, self.styled
        if isinstance(value, bool):  # True would share its key with 1
            raise TypeError("a truth value is not a cell value here")
        if kind == NUMBER or (kind == PLAIN and not isinstance(value, str)):
            if value is None or (isinstance(value, float) and math.isnan(value)):
                return f'"{styled} t="n" />' if styled else None
            text = _number(value)
            content = f"<v>{text}</v>" if text else "<v />"  # an infinity: openpyxl writes no digits
            return f'"{styled} t="n">{content}</c>'
        text = _check_string("" if value is None else value)
        if kind == PLAIN and len(text) > 1 and text.startswith("="):
            raise ValueError("a formula is not a plain value")  # openpyxl would write a formula
        if not text:
            return f'"{styled} t="inlineStr" />'
        stripped = text.strip()
        space = ' xml:space="preserve"' if stripped and stripped != text else ""
        return f'"{styled} t="inlineStr"><is><t{space}>{_escape(text)}</t></is></c>'


def save(book, target: Path, bulk: list[BulkRows]) -> None:
    """Save ``book`` to ``target`` with the bulk rows put into their sheets (every part in UTF-8)."""
    buffer = io.BytesIO()
    book.save(buffer)
    by_part = {rows.sheet.path.lstrip("/"): rows for rows in bulk if rows.rows}
    writers = {name: (lambda archive, info, xml, rows=rows: _write_sheet(archive, info, xml, rows))
               for name, rows in by_part.items()}
    ooxml.rewrite(buffer, target, writers)


def _write_sheet(archive: zipfile.ZipFile, info: zipfile.ZipInfo, xml: str, rows: BulkRows) -> None:
    end = xml.find("</sheetData>")
    if end < 0:  # no row at all: <sheetData />
        empty = xml.index("<sheetData />")
        head, tail = xml[:empty] + "<sheetData>", "</sheetData>" + xml[empty + len("<sheetData />"):]
    else:
        head, tail = xml[:end], xml[end:]
    head = _dimension(head, rows)
    with archive.open(zipfile.ZipInfo(info.filename, info.date_time), "w") as stream:
        stream.write(head.encode("utf-8"))
        for start in range(0, len(rows.rows), _ROWS_PER_WRITE):
            stream.write("".join(rows.rows[start:start + _ROWS_PER_WRITE]).encode("utf-8"))
        stream.write(tail.encode("utf-8"))


def _dimension(head: str, rows: BulkRows) -> str:
    """The sheet's ``<dimension ref>`` widened to the bulk rows, as openpyxl would compute it."""
    marker = '<dimension ref="'
    start = head.find(marker)
    if start < 0:
        return head
    start += len(marker)
    end = head.index('"', start)
    first, _, last = head[start:end].partition(":")
    last = last or first
    letters = last.rstrip("0123456789")
    column = max(column_index(letters) + 1, rows.max_column)
    return f"{head[:start]}{first}:{get_column_letter(column)}{rows.last_row}{head[end:]}"


def _number(value) -> str:
    """As openpyxl writes a number: ``"%.16g"``, and nothing for an infinity."""
    if isinstance(value, float) and math.isinf(value):
        return ""
    return "%.16g" % value


def _check_string(value) -> str:
    """openpyxl's own check of a cell's text: at most 32 767 characters, no control characters."""
    text = str(value)[:32767]
    if ILLEGAL_CHARACTERS_RE.search(text):
        raise IllegalCharacterError(f"{text} cannot be used in worksheets.")
    return text


def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text
