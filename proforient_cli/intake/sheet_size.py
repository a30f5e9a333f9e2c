"""How large each sheet of a workbook is, measured before calamine loads it.

calamine turns a sheet into one dense block of cells from its first to its last filled cell,
so a single value typed at XFD1048576 asks for 17 billion cells and the process is killed by the
failed allocation, without an exception to catch. The .ods and .xls readers even build every
sheet as soon as the file is opened. This module finds each sheet's used area by scanning the
file itself — the cell references of an .xlsx sheet, the repeat counts of an .ods table, the
cell records of an .xls — in a streaming pass with small, bounded memory, so that the reader
can refuse an oversized sheet before calamine ever sees it.

The scan follows calamine's rules (an empty cell does not widen the area, a repeated filled
row or column does) and errs on the large side where a file is odd. It also unpacks every
member of an archive once, counting what really comes out, because the sizes a zip declares
are only what its author wrote there.
"""

from __future__ import annotations

import copy
import html
import re
import struct
import zipfile
from dataclasses import dataclass

from proforient_cli.core.columns import column_index, column_letter

MAX_SHEET_CELLS = 2_000_000  # the used area of one sheet; a template has about a thousand
_CHUNK = 1 << 20
_MAX_TAG = 1 << 20  # a start tag longer than this is no spreadsheet's


class Damaged(Exception):
    """The file's structure is broken where the scan needs it."""


class Unpacked(Exception):
    """An archive unpacks to more than the budget allows, or a member to more than it declares
    (``lying`` is then True)."""

    def __init__(self, member: str, lying: bool) -> None:
        super().__init__(member)
        self.lying = lying


@dataclass
class Extent:
    """The used area of one sheet: 0-based first and last row and column, and the filled cells seen."""

    first_row: int | None = None
    last_row: int = -1
    first_column: int | None = None
    last_column: int = -1
    cells: int = 0
    complete: bool = True  # False when the scan stopped at the cell limit: the area is larger still

    def add(self, row: int, column: int, last_column: int | None = None, cells: int = 1, rows: int = 1) -> None:
        """Filled cells in ``row`` from ``column`` to ``last_column``, the row repeated ``rows`` times."""
        last_column = column if last_column is None else last_column
        self.first_row = row if self.first_row is None else min(self.first_row, row)
        self.first_column = column if self.first_column is None else min(self.first_column, column)
        self.last_row = max(self.last_row, row + rows - 1)
        self.last_column = max(self.last_column, last_column)
        self.cells += cells * rows

    @property
    def height(self) -> int:
        return 0 if self.first_row is None else self.last_row - self.first_row + 1

    @property
    def width(self) -> int:
        return 0 if self.first_column is None else self.last_column - self.first_column + 1

    @property
    def area(self) -> int:
        return self.height * self.width

    @property
    def oversized(self) -> bool:
        return max(self.area, self.cells) > MAX_SHEET_CELLS

    @property
    def corner(self) -> str:
        """The bottom-right cell of the used area, e.g. «XFD1048576»."""
        return f"{column_letter(max(self.last_column, 0))}{max(self.last_row, 0) + 1}"


# -- zip archives: .xlsx and .ods --------------------------------------------------------------

_ATTRIBUTES = rb"((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>"
_XLSX_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?(row|c)" + _ATTRIBUTES)
_ODS_TAG = re.compile(
    rb"<(/?)(table:table-row|table:table-cell|table:covered-table-cell|table:table)(?=[\s/>])" + _ATTRIBUTES)
_ATTRIBUTE = re.compile(rb"([^\s=]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_COMPLETE_TAG = re.compile(rb"<[^>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^>\"']*)*>")
_R = re.compile(rb"(?:^|\s)r\s*=\s*[\"']\s*([A-Za-z]{0,8})([0-9]{0,12})")


def _attributes(text: bytes) -> dict[bytes, bytes]:
    return {m.group(1): m.group(2) if m.group(2) is not None else m.group(3) for m in _ATTRIBUTE.finditer(text)}


def _count(value: bytes | None) -> int:
    """A repeat count as calamine reads it; a count it cannot read stops calamine anyway."""
    try:
        return max(int(value), 0) if value is not None else 1
    except ValueError:
        return 1


class _XlsxSheet:
    """Fed an .xlsx worksheet's XML tag by tag, it positions the cells the way calamine does."""

    def __init__(self) -> None:
        self.extent = Extent()
        self.row = -1
        self.column = -1

    def feed(self, text: bytes) -> None:
        # Local variables, not Extent.add: a million cells go through this loop.
        extent, row, column = self.extent, self.row, self.column
        top, bottom, left, right, cells = extent.first_row, extent.last_row, extent.first_column, extent.last_column, 0
        search = _R.search
        for name, attributes, closed in _XLSX_TAG.findall(text):
            match = search(attributes) if attributes else None
            letters, digits = match.groups() if match else (b"", b"")
            if name == b"row":
                row = int(digits) - 1 if digits else row + 1
                column = -1
                continue
            column = column_index(letters) if letters else column + 1
            if closed:  # <c r="A1" s="1"/> is a formatted blank: no value, no area
                continue
            at = max(int(digits) - 1 if digits else row, 0)
            cells += 1
            if top is None:
                top, left = at, max(column, 0)
            elif at < top:
                top = at
            if at > bottom:
                bottom = at
            if column > right:
                right = column
            elif column < left:
                left = max(column, 0)
        extent.first_row, extent.last_row, extent.first_column, extent.last_column = top, bottom, left, right
        extent.cells += cells
        self.row, self.column = row, column


class _OdsContent:
    """Fed an .ods content.xml tag by tag, it measures every table, repeated rows and columns included."""

    def __init__(self) -> None:
        self.tables: dict[str, Extent] = {}
        self.extent = Extent()
        self.depth = 0  # a table inside a cell (rare) counts into the sheet that holds it
        self.row = 0
        self.repeats = 1
        self.column = 0
        self.span: tuple[int, int, int] | None = None  # the row's first and last filled column, cells

    def feed(self, text: bytes) -> None:
        for end, name, attributes, closed in _ODS_TAG.findall(text):
            if name == b"table:table":
                self._table(end, attributes, closed)
            elif self.depth != 1:
                continue
            elif name == b"table:table-row":
                if end:
                    self._end_row()
                else:
                    self.repeats = _count(_attributes(attributes).get(b"table:number-rows-repeated"))
                    self.column, self.span = 0, None
                    if closed:
                        self._end_row()
            elif not end:  # a cell
                values = _attributes(attributes)
                count = _count(values.get(b"table:number-columns-repeated"))
                if count and (not closed or b"office:value-type" in values):
                    first, _, cells = self.span or (self.column, 0, 0)
                    self.span = (first, self.column + count - 1, cells + count)
                self.column += count
            if self.depth == 1 and self.extent.cells > MAX_SHEET_CELLS:
                self.extent.complete = False
                return

    def _table(self, end: bytes, attributes: bytes, closed: bytes) -> None:
        if end:
            self.depth -= 1
        elif not closed:
            self.depth += 1
            if self.depth == 1:
                name = _attributes(attributes).get(b"table:name", b"").decode("utf-8", "replace")
                self.extent = self.tables.setdefault(html.unescape(name) or f"Лист{len(self.tables) + 1}", Extent())
                self.row = 0

    def _end_row(self) -> None:
        if self.span is not None:
            first, last, cells = self.span
            self.extent.add(self.row, first, last, cells, self.repeats)
        self.span = None
        self.row += self.repeats


class _Budget:
    """What the archive's members have really unpacked to so far, against the allowance."""

    def __init__(self, allowance: int) -> None:
        self.allowance = allowance
        self.spent = 0


def _unpack(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget):
    """A member's content in chunks, unpacked for real rather than trusted by its declared size.

    Raises :class:`Unpacked` when the member yields more than it declares or the budget runs out,
    and :class:`Damaged` when it does not unpack (a broken stream, a wrong checksum).
    """
    probe = copy.copy(info)
    # zipfile stops at the declared size (and then fails the checksum): let a liar show more
    probe.file_size = max(budget.allowance - budget.spent, info.file_size) + 1
    produced = 0
    try:
        with archive.open(probe) as member:
            while chunk := member.read(_CHUNK):
                produced += len(chunk)
                budget.spent += len(chunk)
                if produced > info.file_size or budget.spent > budget.allowance:
                    raise Unpacked(info.filename, lying=produced > info.file_size)
                yield chunk
    except (Unpacked, GeneratorExit):
        raise
    except Exception as error:  # zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, …
        raise Damaged(info.filename) from error


def _feed(chunks, feeder) -> None:
    """Give ``feeder`` the text in pieces that never cut a tag in two; stop past the cell limit."""
    carry = b""
    for chunk in chunks:
        data = carry + chunk
        cut = data.rfind(b"<")
        if cut < 0 or _COMPLETE_TAG.match(data, cut):
            feeder.feed(data)
            carry = b""
        else:
            feeder.feed(data[:cut])
            carry = data[cut:]
            if len(carry) > _MAX_TAG:
                raise Damaged("a tag longer than a megabyte")
        # Past the limit of filled cells the sheet is refused anyway; up to it the scan goes on,
        # so that the message can name the real far corner.
        if feeder.extent.cells > MAX_SHEET_CELLS:
            feeder.extent.complete = False
            getattr(chunks, "close", lambda: None)()
            return
    feeder.feed(carry)


# A worksheet part as Excel, LibreOffice and openpyxl write it: every cell tag is `<c r="B12" …>`,
# its reference first, its attributes in double quotes. Such a part is measured by a few regular
# expressions over the whole text, several times faster than the tag-by-tag scan, which every
# other part (and any part larger than this) still goes through.
_PLAIN_PART_BYTES = 4 << 20
_PLAIN_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"(?:\s+[A-Za-z_][\w.\-:]*="[^"]*")*\s*(/?)>')
_CELL_START = re.compile(rb"<c[\s/>]")  # patterns that start with a literal are searched fast
_PREFIXED_CELL_START = re.compile(rb":c[\s/>]")


def _measure_plain(data: bytes) -> Extent | None:
    """What :class:`_XlsxSheet` would measure, when every cell tag of ``data`` is plain; else None."""
    if b"'" in data or _PREFIXED_CELL_START.search(data):
        return None  # attributes in single quotes, or a cell tag with a namespace prefix
    cells = _PLAIN_CELL.findall(data)
    if len(cells) != len(_CELL_START.findall(data)):
        return None  # a cell tag of another shape: the scan reads it as calamine would
    opened = [(letters, digits) for letters, digits, closed in cells if not closed]
    extent = Extent()
    if opened:
        rows = [int(digits) for _, digits in opened]
        columns = sorted(map(column_index, {letters for letters, _ in opened}))
        extent.first_row, extent.last_row = max(min(rows) - 1, 0), max(max(rows) - 1, 0)
        extent.first_column, extent.last_column = columns[0], columns[-1]
        extent.cells = len(opened)
    return extent


def _measure_part(chunks, size: int) -> Extent:
    """A worksheet part's extent: by :func:`_measure_plain` when it can, else by the scan."""
    sheet = _XlsxSheet()
    if size > _PLAIN_PART_BYTES:
        _feed(chunks, sheet)
        return sheet.extent
    data = b"".join(chunks)  # bounded: _unpack stops a member that yields more than it declares
    extent = _measure_plain(data)
    if extent is None:
        _feed((data[start:start + _CHUNK] for start in range(0, len(data), _CHUNK)), sheet)
        extent = sheet.extent
    return extent


def _largest(extents) -> Extent:
    return max(extents, key=lambda e: (max(e.area, e.cells), e.complete is False), default=Extent())


def kind_of(names: set[str], mimetype: bytes = b"") -> str:
    """What a zip archive holds: «xlsx», «ods», «xlsb», «odf» (an OpenDocument other than a
    spreadsheet), «ooxml» (an Office file without a workbook) or «zip» (anything else)."""
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "content.xml" in names:
        return "ods" if not mimetype or b"spreadsheet" in mimetype else "odf"
    if "xl/workbook.bin" in names:
        return "xlsb"
    return "ooxml" if "[Content_Types].xml" in names else "zip"


def measure_zip(path, allowance: int) -> tuple[str, dict[str, Extent]]:
    """Unpack an archive once, for real; its :func:`kind_of` and, for a spreadsheet, its sheets' areas.

    For an .xlsx the areas are keyed by sheet name, and ``"*"`` holds the largest area of all
    worksheet parts, for a sheet whose part the scan could not tell. Raises :class:`Unpacked`
    when the archive unpacks to more than ``allowance`` bytes or a member to more than it declares.
    """
    budget = _Budget(allowance)
    with zipfile.ZipFile(path) as archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
        names = {info.filename for info in infos}
        mimetype = b""
        if "mimetype" in names:
            mimetype = b"".join(_unpack(archive, archive.getinfo("mimetype"), budget))[:200]
        kind = kind_of(names, mimetype)
        targets: dict[str, list[str]] = {}
        if kind == "xlsx":
            small = {info.filename: b"".join(_unpack(archive, info, budget)) for info in infos
                     if info.filename in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")}
            targets = _xlsx_sheets(small.get("xl/workbook.xml", b""), small.get("xl/_rels/workbook.xml.rels", b""))
        worksheets = {target for paths in targets.values() for target in paths}
        parts: dict[str, list[Extent]] = {}  # a name may repeat in a hostile archive: every copy counts
        tables: dict[str, Extent] = {}
        for info in infos:
            name = info.filename
            chunks = _unpack(archive, info, budget)
            if kind == "xlsx" and (name.startswith("xl/worksheets/") or name in worksheets):
                parts.setdefault(name, []).append(_measure_part(chunks, info.file_size))
            elif kind == "ods" and name == "content.xml":
                content = _OdsContent()
                _feed(chunks, content)
                for table, extent in content.tables.items():
                    tables[table] = _largest([extent, tables.get(table, Extent())])
            else:
                for _ in chunks:
                    pass
    if kind != "xlsx":
        return kind, tables
    extents = {}
    for sheet, paths in targets.items():
        found = [extent for target in paths for extent in parts.get(target, [])]
        if found:
            extents[sheet] = _largest(found)
    extents["*"] = _largest([extent for copies in parts.values() for extent in copies])
    return kind, extents


_SHEET = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?sheet(?=\s)" + _ATTRIBUTES)
_RELATIONSHIP = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?Relationship(?=\s)" + _ATTRIBUTES)


def _xlsx_sheets(workbook: bytes, relationships: bytes) -> dict[str, list[str]]:
    """Sheet name → the archive paths of its parts, resolved exactly as calamine resolves them
    (a name may repeat in a hostile file, and calamine takes one of them)."""
    targets: dict[bytes, str] = {}
    for attributes, _ in _RELATIONSHIP.findall(relationships):
        values = _attributes(attributes)
        if b"Id" in values and b"Target" in values:
            targets[values[b"Id"]] = values[b"Target"].decode("utf-8", "replace")  # calamine does not unescape it
    sheets: dict[str, list[str]] = {}
    for attributes, _ in _SHEET.findall(workbook):
        values = _attributes(attributes)
        identifier = next((v for k, v in values.items() if k.endswith(b":id")), None)
        if b"name" not in values or identifier not in targets:
            continue
        target = targets[identifier]
        path = target[1:] if target.startswith("/xl/") else target if target.startswith("xl/") else f"xl/{target}"
        sheets.setdefault(html.unescape(values[b"name"].decode("utf-8", "replace")), []).append(path)
    return sheets


def zip_entries(path) -> int | None:
    """The number of members an archive declares at its end, read without parsing the directory;
    None when the end record is not found (zipfile then says what is wrong)."""
    with open(path, "rb") as stream:
        stream.seek(0, 2)
        size = stream.tell()
        stream.seek(max(size - 65_536 - 22, 0))
        tail = stream.read()
        end = tail.rfind(b"PK\x05\x06")
        if end < 0 or len(tail) - end < 22:
            return None
        count = int.from_bytes(tail[end + 10:end + 12], "little")
        locator = tail.rfind(b"PK\x06\x07", 0, end)
        if count == 0xFFFF and locator >= 0 and end - locator >= 20:  # zip64: the count is elsewhere
            stream.seek(int.from_bytes(tail[locator + 8:locator + 16], "little"))
            record = stream.read(56)
            if record[:4] == b"PK\x06\x06" and len(record) == 56:
                count = int.from_bytes(record[32:40], "little")
        return count


# -- .xls: an OLE compound file holding a BIFF stream ------------------------------------------

_END_OF_CHAIN, _FREE = 0xFFFFFFFE, 0xFFFFFFFF
_CELL_RECORDS = {0x0203, 0x027E, 0x00FD, 0x0204, 0x0205, 0x0006, 0x00D6}  # NUMBER RK LABELSST LABEL ...
_MULRK, _BOF, _EOF, _BOUNDSHEET, _FILEPASS = 0x00BD, 0x0809, 0x000A, 0x0085, 0x002F


def _ole_stream(data: bytes, wanted: tuple[str, ...]) -> bytes | None:
    """The first stream named in ``wanted`` of an OLE compound file, or None if there is none."""
    try:
        shift, mini_shift = struct.unpack_from("<HH", data, 30)
        dir_start, _, cutoff, minifat_start, minifat_count, difat_start, difat_count = struct.unpack_from(
            "<7I", data, 48)
        if shift not in (9, 12) or mini_shift != 6:
            raise Damaged("sector size")
        size = 1 << shift
        sectors = max(len(data) // size - 1, 0)

        def sector(number: int) -> bytes:
            if number >= sectors:
                raise Damaged("sector")
            offset = (number + 1) * size
            return data[offset:offset + size]

        fat_sectors = [n for n in struct.unpack_from("<109I", data, 76) if n < 0xFFFFFFFA]
        next_difat, seen = difat_start, 0
        while next_difat < 0xFFFFFFFA and seen <= difat_count and seen <= sectors:
            entries = struct.unpack(f"<{size // 4}I", sector(next_difat))
            fat_sectors += [n for n in entries[:-1] if n < 0xFFFFFFFA]
            next_difat, seen = entries[-1], seen + 1
        fat = b"".join(sector(n) for n in fat_sectors)
        fat_entries = struct.unpack(f"<{len(fat) // 4}I", fat[: len(fat) // 4 * 4])

        def chain(start: int, table) -> list[int]:
            numbers = []
            while start not in (_END_OF_CHAIN, _FREE):
                if start >= len(table) or len(numbers) > len(table):
                    raise Damaged("chain")
                numbers.append(start)
                start = table[start]
            return numbers

        directory = b"".join(sector(n) for n in chain(dir_start, fat_entries))
        entries = []
        for offset in range(0, len(directory) - 127, 128):
            length, kind = struct.unpack_from("<HB", directory, offset + 64)
            name = directory[offset:offset + max(min(length, 64) - 2, 0)].decode("utf-16-le", "replace")
            start, stream_size = struct.unpack_from("<II", directory, offset + 116)
            entries.append((name, kind, start, stream_size))
        if not entries:
            raise Damaged("directory")
        found = next((e for name in wanted for e in entries if e[0] == name and e[1] == 2), None)
        if found is None:
            return None
        _, _, start, stream_size = found
        if stream_size >= cutoff:
            return b"".join(sector(n) for n in chain(start, fat_entries))[:stream_size]
        root_start, root_size = entries[0][2], entries[0][3]
        mini_stream = b"".join(sector(n) for n in chain(root_start, fat_entries))[:root_size]
        minifat = b"".join(sector(n) for n in chain(minifat_start, fat_entries))[: minifat_count * size]
        mini_entries = struct.unpack(f"<{len(minifat) // 4}I", minifat[: len(minifat) // 4 * 4])
        return b"".join(mini_stream[n * 64:(n + 1) * 64] for n in chain(start, mini_entries))[:stream_size]
    except struct.error as error:
        raise Damaged("ole") from error


def measure_xls(data: bytes) -> dict[str, Extent]:
    """Every sheet's area in an .xls (BIFF5/8), keyed by sheet name; empty when it is encrypted."""
    stream = _ole_stream(data, ("Workbook", "Book"))
    if stream is None:
        return {}
    names: dict[int, str] = {}
    extents: dict[str, Extent] = {}
    stack: list[Extent] = []
    position, length = 0, len(stream)
    while position + 4 <= length:
        kind, size = struct.unpack_from("<HH", stream, position)
        body = stream[position + 4:position + 4 + size]
        if kind == _FILEPASS:
            return {}  # encrypted: calamine says so, and the cells below are unreadable anyway
        if kind == _BOUNDSHEET and len(body) >= 8:
            offset, count, flags = struct.unpack_from("<IxxBB", body, 0)
            raw = body[8:8 + count * (2 if flags & 1 else 1)]
            names[offset] = raw.decode("utf-16-le" if flags & 1 else "latin-1", "replace")
        elif kind == _BOF:  # the workbook globals, a sheet, or a chart inside a sheet
            extent = Extent()
            extents[names.get(position) or f"#{len(extents) + 1}"] = extent
            stack.append(extent)
        elif kind == _EOF:
            if stack:
                stack.pop()
        elif stack and len(body) >= 4 and (kind in _CELL_RECORDS or kind == _MULRK):
            row, column = struct.unpack_from("<HH", body, 0)
            count = 1
            if kind == _MULRK and len(body) >= 6:
                count = max(struct.unpack_from("<H", body, len(body) - 2)[0] - column + 1, 1)
            stack[-1].add(row, column, column + count - 1, count)
            if stack[-1].cells > MAX_SHEET_CELLS:
                stack[-1].complete = False
                break
        position += 4 + size
    return extents


# -- formula cells that calamine gives as blanks ---------------------------------------------------

_CELL_WITH_CONTENT = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?c\s([^>]*?)(/?)>", re.S)
_CELL_END = re.compile(rb"</(?:[A-Za-z_][\w.\-]*:)?c>")
_VALUE = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?v(?:\s[^>]*)?>(.*?)</(?:[A-Za-z_][\w.\-]*:)?v>", re.S)
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?f[\s/>]")
UNCOMPUTED = ""  # a formula whose result the file does not hold (saved by a program that does not compute)


def formula_cells(path, sheet: str, refs: set[str], limit: int = 64 << 20) -> dict[str, str]:
    """Of the cells ``refs`` (``"D14"``) of an .xlsx sheet, those holding an Excel error value
    (``{"D14": "#DIV/0!"}``) or a formula with no computed value (:data:`UNCOMPUTED`).

    python-calamine reads both as empty cells; the report must not call them «не заполнено».
    Reads only the sheet's own part, at most ``limit`` bytes of it (the guards bound it already).
    """
    if not refs:
        return {}
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if kind_of(names) != "xlsx":
                return {}
            parts = _xlsx_sheets(archive.read("xl/workbook.xml"), archive.read("xl/_rels/workbook.xml.rels")
                                 if "xl/_rels/workbook.xml.rels" in names else b"").get(sheet, [])
            part = next((name for name in parts if name in names), None)
            if part is None or archive.getinfo(part).file_size > limit:
                return {}
            data = archive.read(part)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError):
        return {}
    found: dict[str, str] = {}
    for ref in refs:
        # Look each blank cell up where it is written (a few per file) rather than scanning every
        # cell: most blanks are not in the part at all.
        start = data.find(f' r="{ref}"'.encode("ascii"))
        if start < 0:
            continue
        tag_start = data.rfind(b"<", 0, start)
        tag = _CELL_WITH_CONTENT.match(data, tag_start)
        if tag is None or tag.group(2):  # not a cell's start tag, or an empty <c … />
            continue
        end = _CELL_END.search(data, tag.end())
        content = data[tag.end():end.start()] if end else b""
        value = _VALUE.search(content)
        text = html.unescape(value.group(1).decode("utf-8", "replace")).strip() if value else ""
        if _attributes(tag.group(1)).get(b"t") == b"e":
            found[ref] = text or "#N/A"
        elif _FORMULA.search(content) and not text:
            found[ref] = UNCOMPUTED
    return found
