"""Opening a submitted file safely: what makes a file unreadable, said in Russian, before the
reader looks inside.

A filled template is a small workbook; anything else a school may send — an empty file, a Word
document, a password-protected or truncated workbook, a zip bomb, a sheet whose used area reaches
XFD1048576 — is refused here with the reason, without unpacking more than the bounds below
allow. The sheets' used areas are measured on the way (:mod:`~proforient_cli.intake.sheet_size`).
"""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

from python_calamine import CalamineWorkbook, PasswordError

from proforient_cli.core import formatting
from proforient_cli.intake import sheet_size

# A filled template is well under a megabyte; these bounds only stop hostile or broken files.
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # the declared size of an .xlsx/.ods once unzipped
MAX_ZIP_ENTRIES = 10_000  # the parts of an .xlsx/.ods (a template has about fifteen)

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")  # an encrypted OOXML file is an OLE box

PASSWORD = "файл защищён паролем: снимите пароль и пришлите снова"
DAMAGED = "файл повреждён или это не электронная таблица Excel или LibreOffice"
LYING_ARCHIVE = "файл повреждён или опасен: архив распаковывается в больший объём, чем в нём указано"
TRUNCATED = "файл повреждён: архив обрезан или испорчен (возможно, не докачался из почты)"


class Unreadable(Exception):
    """A file that cannot be read; the argument is the Russian reason for the user."""


def open_workbook(path: Path) -> tuple[CalamineWorkbook, dict[str, sheet_size.Extent]]:
    """The workbook, and the sheets' used areas where calamine loads a sheet only when asked (.xlsx)."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(str(path))
        if not stat.S_ISREG(info.st_mode):  # a named pipe would block the run forever on open()
            raise Unreadable("это не обычный файл (канал или устройство), а не электронная таблица")
        size = info.st_size
        with path.open("rb") as file:
            head = file.read(4096)
    except FileNotFoundError:
        raise Unreadable("файл не найден") from None
    except IsADirectoryError:
        raise Unreadable("это папка, а не файл") from None
    except PermissionError:
        raise Unreadable("нет доступа к файлу (возможно, он открыт в другой программе)") from None
    except OSError:
        raise Unreadable("файл не удалось открыть") from None
    if size == 0:
        raise Unreadable("файл пуст (0 байт)")
    if size > MAX_FILE_BYTES:
        raise Unreadable(f"файл слишком большой для заполненного шаблона (больше {_megabytes(MAX_FILE_BYTES)})")
    sizes: dict[str, sheet_size.Extent] = {}
    if head.startswith(_ZIP_MAGIC):
        sizes = _check_zip(path)
    elif head.startswith(_OLE_MAGIC):
        _check_ole(path)
    else:
        raise Unreadable(_not_a_spreadsheet(head))
    return _calamine(path), sizes


def _calamine(path: Path) -> CalamineWorkbook:
    # By the extension first (its errors tell an encrypted .xls apart), then by the content,
    # so that an .xls saved under an .xlsx name still reads.
    try:
        return CalamineWorkbook.from_path(str(path))
    except PasswordError:
        raise Unreadable(PASSWORD) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # calamine's errors, and a Rust panic, which is not an Exception
        pass
    try:
        with path.open("rb") as file:
            return CalamineWorkbook.from_filelike(file)
    except PasswordError:
        raise Unreadable(PASSWORD) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:
        raise Unreadable(DAMAGED) from None


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
            raise Unreadable(f"в архиве файла {_count(count)} частей, а в заполненном шаблоне их около "
                              "пятнадцати: файл повреждён или опасен")
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise Unreadable(TRUNCATED) from None
    if sum(entry.file_size for entry in entries) > MAX_UNCOMPRESSED_BYTES:
        raise Unreadable(_too_much_unpacked())
    names = {entry.filename for entry in entries}
    if "word/document.xml" in names:
        raise Unreadable("это документ Word, а не электронная таблица")
    if "ppt/presentation.xml" in names:
        raise Unreadable("это презентация PowerPoint, а не электронная таблица")
    try:
        kind, sizes = sheet_size.measure_zip(path, MAX_UNCOMPRESSED_BYTES)
    except sheet_size.Unpacked as error:
        raise Unreadable(LYING_ARCHIVE if error.lying else _too_much_unpacked()) from None
    except (sheet_size.Damaged, zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise Unreadable(TRUNCATED) from None
    if kind in _NOT_A_WORKBOOK:
        raise Unreadable(_NOT_A_WORKBOOK[kind])
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
        raise Unreadable(PASSWORD)
    try:
        sizes = sheet_size.measure_xls(data)
    except sheet_size.Damaged:
        raise Unreadable(DAMAGED) from None
    _refuse_oversized(sizes)


def _refuse_oversized(sizes: dict[str, sheet_size.Extent]) -> None:
    for name, extent in sizes.items():
        if extent.oversized:
            raise Unreadable(why_oversized(name, extent))


def why_oversized(name: str, extent: sheet_size.Extent) -> str:
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


def too_large(sizes: dict[str, sheet_size.Extent], name: str) -> sheet_size.Extent | None:
    """The sheet's area when it is too large to load; None when it may be loaded."""
    extent = sizes.get(name, sizes.get("*"))
    return extent if extent is not None and extent.oversized else None
