"""Read one filled workbook (.xlsx, .xls, .ods) into a :class:`Submission`, never writing to it.

The data table is found by its «Код» and «Значение» captions on whichever sheet holds them, so
inserted rows, a renamed or moved sheet and comments in other columns change nothing. A file
that cannot be read is not an exception but a :class:`Problem` the caller reports and skips.
"""

from __future__ import annotations

import functools
import stat
import zipfile
from pathlib import Path

from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

from proforient_cli.core import formatting
from proforient_cli.core.columns import column_letter
from proforient_cli.intake import sheet_size
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
from proforient_cli.intake.cells import as_typed

# A filled template is well under a megabyte; these bounds only stop hostile or broken files.
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # the declared size of an .xlsx/.ods once unzipped
HEADER_SCAN_ROWS = 200  # the header row is looked for this far down a sheet
MAX_TABLE_ROWS = 10_000  # rows read below the header (a template has about a hundred)
MAX_ZIP_ENTRIES = 10_000  # the parts of an .xlsx/.ods (a template has about fifteen)

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")  # an encrypted OOXML file is an OLE box

PASSWORD = "файл защищён паролем: снимите пароль и пришлите снова"
DAMAGED = "файл повреждён или это не электронная таблица Excel или LibreOffice"
LYING_ARCHIVE = "файл повреждён или опасен: архив распаковывается в больший объём, чем в нём указано"
TRUNCATED = "файл повреждён: архив обрезан или испорчен (возможно, не докачался из почты)"


class _Unreadable(Exception):
    """A file this module cannot read; the argument is the Russian reason for the user."""


def read_submission(path: Path) -> Submission | Problem:
    """Read a filled template: its data rows with their cell addresses, title block and hidden sheet.

    Returns an ``unreadable-file`` Problem for an empty, damaged, encrypted or non-spreadsheet
    file and a ``no-data-table`` Problem when no sheet has the «Код»/«Значение» header.
    The file is opened for reading only and closed before returning.
    """
    path = Path(path)
    try:
        workbook, sizes = _open(path)
        try:
            found = _find_table(workbook, sizes)
            if found is None:
                return Problem("no-data-table", readable(path.name))
            sheet_name, rows, offset, header_index = found
            meta = _read_meta(workbook, sizes)
        finally:
            workbook.close()  # Windows keeps an open file locked against the school's next save
    except _Unreadable as reason:
        return Problem("unreadable-file", readable(path.name), found=str(reason))
    code_column, value_column = _header_columns(rows[header_index])
    return Submission(
        path=path,
        sheet=sheet_name,
        values=tuple(_cells(rows, header_index, code_column, value_column, sheet_name, offset)),
        title=_read_title(rows[:header_index], value_column),
        meta=meta,
    )


def _open(path: Path) -> tuple[CalamineWorkbook, dict[str, sheet_size.Extent]]:
    """The workbook, and the sheets' used areas where calamine loads a sheet only when asked (.xlsx)."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(str(path))
        if not stat.S_ISREG(info.st_mode):  # a named pipe would block the run forever on open()
            raise _Unreadable("это не обычный файл (канал или устройство), а не электронная таблица")
        size = info.st_size
        with path.open("rb") as file:
            head = file.read(4096)
    except FileNotFoundError:
        raise _Unreadable("файл не найден") from None
    except IsADirectoryError:
        raise _Unreadable("это папка, а не файл") from None
    except PermissionError:
        raise _Unreadable("нет доступа к файлу (возможно, он открыт в другой программе)") from None
    except OSError:
        raise _Unreadable("файл не удалось открыть") from None
    if size == 0:
        raise _Unreadable("файл пуст (0 байт)")
    if size > MAX_FILE_BYTES:
        raise _Unreadable(f"файл слишком большой для заполненного шаблона (больше {_megabytes(MAX_FILE_BYTES)})")
    sizes: dict[str, sheet_size.Extent] = {}
    if head.startswith(_ZIP_MAGIC):
        sizes = _check_zip(path)
    elif head.startswith(_OLE_MAGIC):
        _check_ole(path)
    else:
        raise _Unreadable(_not_a_spreadsheet(head))
    return _calamine(path), sizes


def _calamine(path: Path) -> CalamineWorkbook:
    # By the extension first (its errors tell an encrypted .xls apart), then by the content,
    # so that an .xls saved under an .xlsx name still reads.
    try:
        return CalamineWorkbook.from_path(str(path))
    except PasswordError:
        raise _Unreadable(PASSWORD) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # calamine's errors, and a Rust panic, which is not an Exception
        pass
    try:
        with path.open("rb") as file:
            return CalamineWorkbook.from_filelike(file)
    except PasswordError:
        raise _Unreadable(PASSWORD) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:
        raise _Unreadable(DAMAGED) from None


def _check_zip(path: Path) -> dict[str, sheet_size.Extent]:
    """Refuse a damaged archive or a zip bomb, first by the sizes it declares, before unpacking
    anything, then by what it really unpacks to; measure the sheets on the way.

    An .ods with an oversized sheet is refused here, because calamine builds every sheet of an
    .ods as it opens the file; the areas of an .xlsx's sheets are returned, to be checked sheet
    by sheet.
    """
    try:
        count = sheet_size.zip_entries(path)
        if count is not None and count > MAX_ZIP_ENTRIES:
            raise _Unreadable(f"в архиве файла {_count(count)} частей, а в заполненном шаблоне их около "
                              "пятнадцати: файл повреждён или опасен")
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _Unreadable(TRUNCATED) from None
    if sum(entry.file_size for entry in entries) > MAX_UNCOMPRESSED_BYTES:
        raise _Unreadable(_too_much_unpacked())
    names = {entry.filename for entry in entries}
    if "word/document.xml" in names:
        raise _Unreadable("это документ Word, а не электронная таблица")
    if "ppt/presentation.xml" in names:
        raise _Unreadable("это презентация PowerPoint, а не электронная таблица")
    try:
        kind, sizes = sheet_size.measure_zip(path, MAX_UNCOMPRESSED_BYTES)
    except sheet_size.Unpacked as error:
        raise _Unreadable(LYING_ARCHIVE if error.lying else _too_much_unpacked()) from None
    except (sheet_size.Damaged, zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _Unreadable(TRUNCATED) from None
    if kind in _NOT_A_WORKBOOK:
        raise _Unreadable(_NOT_A_WORKBOOK[kind])
    if kind == "ods":
        _refuse_oversized(sizes)
        return {}
    return sizes


_NOT_A_WORKBOOK = {
    "xlsb": "это двоичная книга Excel (.xlsb): откройте её в Excel и сохраните как «Книга Excel (.xlsx)»",
    "odf": "это документ OpenDocument (текст или презентация), а не электронная таблица",
    "ooxml": DAMAGED,
    "zip": DAMAGED,
}


def _check_ole(path: Path) -> None:
    """Refuse an encrypted OOXML file, and an .xls with an oversized sheet: calamine builds every
    sheet of an .xls as it opens the file."""
    data = path.read_bytes()
    if _ENCRYPTED_STREAM in data:
        raise _Unreadable(PASSWORD)
    try:
        sizes = sheet_size.measure_xls(data)
    except sheet_size.Damaged:
        raise _Unreadable(DAMAGED) from None
    _refuse_oversized(sizes)


def _refuse_oversized(sizes: dict[str, sheet_size.Extent]) -> None:
    for name, extent in sizes.items():
        if extent.oversized:
            raise _Unreadable(_oversized(name, extent))


def _oversized(name: str, extent: sheet_size.Extent) -> str:
    """Why a sheet is not read, with the cell to look at: «… доходит до ячейки XFD1048576 …»."""
    sheet = f"лист «{name}»" if not name.startswith("#") else "один из листов"
    if extent.complete and extent.area > sheet_size.MAX_SHEET_CELLS:
        rows, columns = extent.height, extent.width
        size = (f"заполненная область доходит до ячейки {extent.corner} "
                f"({_count(rows)} {formatting.plural(rows, 'строка', 'строки', 'строк')} × "
                f"{_count(columns)} {formatting.plural(columns, 'столбец', 'столбца', 'столбцов')})")
    else:
        size = f"в нём больше {_count(sheet_size.MAX_SHEET_CELLS)} заполненных ячеек"
    return (f"{sheet} слишком большой: {size}, а в шаблоне около сотни строк; "
            "удалите лишние строки и столбцы (или значение в дальней ячейке) и пришлите файл снова")


def _count(number: int) -> str:
    return formatting.number(float(number), 0)


def _too_much_unpacked() -> str:
    return (f"файл при распаковке занял бы больше {_megabytes(MAX_UNCOMPRESSED_BYTES)}: "
            "заполненный шаблон не бывает таким, файл повреждён или опасен")


def _not_a_spreadsheet(head: bytes) -> str:
    lowered = head.lower()
    if b"urn:schemas-microsoft-com:office:spreadsheet" in lowered:
        return ("это таблица в устаревшем формате XML 2003: откройте её в Excel и сохраните "
                "как «Книга Excel (.xlsx)»")
    if any(tag in lowered for tag in (b"<html", b"<!doctype html", b"<table", b"<head", b"<body")):
        return ("это веб-страница (HTML), а не электронная таблица: откройте её в Excel и сохраните "
                "как «Книга Excel (.xlsx)»")
    if lowered.startswith(b"%pdf"):
        return "это документ PDF, а не электронная таблица"
    if _looks_like_text(head):
        return "это текстовый файл, а не электронная таблица"
    return DAMAGED


def _looks_like_text(head: bytes) -> bool:
    for encoding in ("utf-8", "cp1251"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        return all(char.isprintable() or char in "\r\n\t" for char in text)
    return False


def _megabytes(size: int) -> str:
    return f"{size // (1024 * 1024)} МБ"


def _too_large(sizes: dict[str, sheet_size.Extent], name: str) -> sheet_size.Extent | None:
    """The sheet's area when it is too large to load; None when it may be loaded."""
    extent = sizes.get(name, sizes.get("*"))
    return extent if extent is not None and extent.oversized else None


def _load(workbook: CalamineWorkbook, name: str, nrows: int) -> tuple[list[list], tuple[int, int]]:
    """The first ``nrows`` rows of a sheet's used area and the (row, column) where that area starts."""
    try:
        sheet = workbook.get_sheet_by_name(name)
        return sheet.to_python(nrows=nrows), tuple(sheet.start or (0, 0))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:
        raise _Unreadable(f"файл повреждён: лист «{name}» не читается") from None


def _find_table(workbook: CalamineWorkbook,
                sizes: dict[str, sheet_size.Extent]) -> tuple[str, list[list], tuple[int, int], int] | None:
    """The sheet with the header row: its name, rows, offset and the header's index in the rows.

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
    for meta in candidates:
        extent = _too_large(sizes, meta.name)
        if extent is not None:
            oversized.append((meta.name, extent))
            continue
        rows, offset = _load(workbook, meta.name, HEADER_SCAN_ROWS)
        for index, row in enumerate(rows):
            if _header_columns(row) is not None:
                if len(rows) >= HEADER_SCAN_ROWS:  # the sheet goes on below what the scan loaded
                    rows, offset = _load(workbook, meta.name, index + 1 + MAX_TABLE_ROWS)
                return meta.name, rows[:index + 1 + MAX_TABLE_ROWS], offset, index
    if oversized:
        raise _Unreadable(_oversized(*oversized[0]))
    return None


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
        yield CellValue(code=code, value=raw, sheet=sheet_name, cell=address)


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
    extent = _too_large(sizes, META_SHEET)
    if extent is not None:
        raise _Unreadable(_oversized(META_SHEET, extent))
    rows, _ = _load(workbook, META_SHEET, HEADER_SCAN_ROWS)
    meta: dict[str, str] = {}
    for row in rows:
        texts = [_plain(cell) for cell in row]
        filled = [text for text in texts if text]
        if len(filled) >= 2 and filled[0] in META_KEYS and filled[0] not in meta:
            meta[filled[0]] = filled[1]
    return meta


def _plain(value: object) -> str:
    """A title or hidden-sheet cell as text: 4001.0 → «4001», 1.5 → «1.5», a date → «31.05.2024»."""
    if isinstance(value, float) and not isinstance(value, bool) and value == value and value not in (
            float("inf"), float("-inf")):
        return str(int(value)) if value == int(value) else repr(value)
    return as_typed(value, limit=None)
