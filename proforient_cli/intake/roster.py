"""Read the roster (реестр организаций): who is expected to report, from a .csv or .xlsx file.

The roster is typed by a methodist, usually in Excel, so the reader is forgiving about the form
(UTF-8 with or without BOM or Windows-1251, ``,`` or ``;``, title rows above the header, captions
in any case) and strict about the content: every row needs a code, a name and a known type, and
no code may repeat. Anything wrong stops the run with one Russian line naming the file and row.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Iterable, Sequence

from proforient_cli.core.errors import CannotStart
from proforient_cli.core.organization import Organization
from proforient_cli.methodology.model import Methodology

CODE, NAME, TYPE, MUNICIPALITY = "Код", "Наименование", "Тип", "Муниципалитет"
REQUIRED_COLUMNS = (CODE, NAME, TYPE)
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
_HEADER_SEARCH_ROWS = 20  # title lines a methodist may put above the header


class RosterError(CannotStart):
    """The roster cannot be used; the message is one Russian line naming the file and row."""


def read_roster(path: str | Path, known_types: Iterable[str] = ()) -> list[Organization]:
    """The organizations of a roster file, in the file's order.

    ``known_types`` are the organization types of the methodology (a dict's keys do); when it is
    empty any type, even a blank one, is accepted. A type is matched regardless of case and
    written the methodology's way. Raises ``FileNotFoundError`` for a missing file and
    :class:`RosterError` for anything else.

    >>> read_roster("examples/roster.csv")[0].code  # doctest: +SKIP
    '4001'
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(str(path))
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(path)
    elif suffix in SPREADSHEET_SUFFIXES:
        rows = _spreadsheet_rows(path)
    else:
        raise RosterError(f"реестр {path.name}: неизвестный формат «{path.suffix}», нужен файл .csv или .xlsx")
    return _organizations(path.name, rows, list(known_types))


def roster_of(roster: Sequence[Organization] | str | os.PathLike | None,
              methodology: Methodology) -> list[Organization] | None:
    """The roster given, or read from a path (its types checked against the methodology's)."""
    if roster is None or (isinstance(roster, Sequence) and not isinstance(roster, str)):
        return None if roster is None else list(roster)
    known = methodology.organization_types if methodology.organization_types_declared else ()
    try:
        return read_roster(Path(roster), known_types=known)
    except FileNotFoundError:
        raise CannotStart(f"файл реестра не найден: {os.fspath(roster)}") from None


def _csv_rows(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    try:
        # Excel's «Текст Юникод» is UTF-16 with a BOM; everything else is UTF-8 or Windows-1251
        text = data.decode("utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1251", errors="replace")  # what Excel on Windows saves as «CSV»
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(";,\t", key=first_line.count)
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _spreadsheet_rows(path: Path) -> list[list[str]]:
    from python_calamine import CalamineWorkbook

    try:
        with CalamineWorkbook.from_path(str(path)) as workbook:
            rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
        return [[_cell_text(value) for value in row] for row in rows]
    except Exception as error:  # calamine reports a damaged file with several exception types
        raise RosterError(f"не удалось прочитать реестр {path.name}: {error}") from error


def _cell_text(value: object) -> str:
    """A spreadsheet cell as text; a code typed as a number (4001.0) becomes «4001»."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _caption(text: str) -> str:
    return " ".join(text.split()).casefold().replace("ё", "е")


def _find_header(file: str, rows: list[list[str]]) -> tuple[int, dict[str, int]]:
    """The index of the header row and the column index of each caption found in it."""
    wanted = {_caption(c): c for c in (*REQUIRED_COLUMNS, MUNICIPALITY)}
    best: tuple[int, dict[str, int]] | None = None
    for index, row in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for position, cell in enumerate(row):
            caption = wanted.get(_caption(cell))
            if caption and caption not in columns:
                columns[caption] = position
        if all(c in columns for c in REQUIRED_COLUMNS):
            return index, columns
        if columns and (best is None or len(columns) > len(best[1])):
            best = (index, columns)
    if best is None:
        first = next((r for r in rows if any(c.strip() for c in r)), None)
        if first is None:
            raise RosterError(f"реестр {file} пуст: нет ни заголовка, ни одной организации")
        best = (rows.index(first), {})
    index, columns = best
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    found = ", ".join(f"«{c.strip()}»" for c in rows[index] if c.strip())
    noun = "колонки" if len(missing) == 1 else "колонок"
    raise RosterError(f"в реестре {file} нет {noun} {', '.join(f'«{c}»' for c in missing)} "
                      f"(в строке {index + 1} найдено: {found or 'ничего'})")


def _organizations(file: str, rows: list[list[str]], known_types: list[str]) -> list[Organization]:
    header, columns = _find_header(file, rows)
    canonical = {t.casefold(): t for t in known_types}
    allowed = ", ".join(known_types)
    seen: dict[str, int] = {}
    organizations = []
    for index in range(header + 1, len(rows)):
        row = rows[index]
        if not any(cell.strip() for cell in row):
            continue
        number = index + 1

        def cell(caption: str) -> str:
            position = columns.get(caption)
            return " ".join(row[position].split()) if position is not None and position < len(row) else ""

        code, name, org_type = cell(CODE), cell(NAME), cell(TYPE)
        where = f"реестр {file}, строка {number}"
        if not code:
            raise RosterError(f"{where}: не указан код организации (колонка «{CODE}»)")
        if code in seen:
            raise RosterError(f"реестр {file}: код «{code}» повторяется в строках {seen[code]} и {number}")
        if not name:
            raise RosterError(f"{where}: не указано наименование организации с кодом «{code}»")
        if canonical:
            if not org_type:
                raise RosterError(f"{where}: не указан тип организации «{code}» (колонка «{TYPE}»); "
                                  f"допустимы: {allowed}")
            if org_type.casefold() not in canonical:
                raise RosterError(f"{where}: неизвестный тип организации «{org_type}»; допустимы: {allowed}")
            org_type = canonical[org_type.casefold()]
        seen[code] = number
        organizations.append(Organization(code=code, name=name, type=org_type, municipality=cell(MUNICIPALITY)))
    if not organizations:
        raise RosterError(f"в реестре {file} нет ни одной организации: под заголовком нет заполненных строк")
    return organizations
