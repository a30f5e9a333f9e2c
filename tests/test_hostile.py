"""Broken and hostile files thrown at `proforient compute` beside one good school's file.

Each case: the run ends with exit code 1 (or 2 when nothing is readable), the bad file is named
with a Russian reason in problems.csv and report.md, no traceback reaches the user, and the
good school's numbers do not move.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from proforient_cli.cli import main
from test_compute_cli import MINI, ROOT, district, fill_template, read_results  # noqa: F401 (a fixture)
from workbooks import fake_encrypted

GOOD = {"pupils_5_11": 300, "pupils_5_11_surveyed": 150, "events": 4, "hours": 10, "has_plan": "да"}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def problems(out: Path) -> list[dict]:
    with open(out / "problems.csv", encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def good_numbers(out: Path, levels=("total", "101")) -> dict:
    return {key: (row["value"], row["numerator"], row["denominator"])
            for key, row in read_results(out).items() if key[0] in levels}


@pytest.fixture
def school(district, tmp_path):
    """The inbox with one good file, the district's templates, and the good file's numbers alone."""
    inbox, roster, templates = district
    fill_template(templates["101"], GOOD, inbox / "школа1.xlsx")
    result = run("compute", inbox, "-m", MINI, "--out", tmp_path / "alone")
    assert result.exit_code == 0, result.output
    return inbox, templates, good_numbers(tmp_path / "alone")


def data_part(path: Path) -> str:
    """The archive path of the «Данные» sheet of an .xlsx."""
    with zipfile.ZipFile(path) as archive:
        book = archive.read("xl/workbook.xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(r'<sheet [^>]*name="Данные"[^>]*r:id="([^"]+)"', book).group(1)
    target = re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels)
    return "xl/" + target.group(1).lstrip("/").removeprefix("xl/")


def rewrite(source: Path, target: Path, member: str, change, zip64: bool = True) -> Path:
    """Copy an archive, passing one member's text through ``change`` (which yields pieces)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename != member:
                dst.writestr(item, data)
                continue
            info = zipfile.ZipInfo(item.filename)
            info.compress_type = zipfile.ZIP_DEFLATED
            with dst.open(info, "w", force_zip64=zip64) as stream:
                for piece in change(data.decode("utf-8")):
                    stream.write(piece.encode("utf-8"))
    return target


def extra_rows(rows):
    """A change that appends rows (an iterable of row XML strings) to the sheet's data."""
    def change(text):
        head, tail = text.split("</sheetData>", 1)
        yield head
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) == 5000:
                yield "".join(batch)
                batch = []
        yield "".join(batch) + "</sheetData>" + tail
    return change


def lie_about_size(path: Path, member: str, size: int) -> None:
    """Make the archive declare ``size`` bytes for ``member``, in both of its headers."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    with zipfile.ZipFile(path) as archive:
        local = archive.getinfo(member).header_offset
    data[local + 22:local + 26] = size.to_bytes(4, "little")
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        length = int.from_bytes(data[central + 28:central + 30], "little")
        if data[central + 46:central + 46 + length] == name:
            data[central + 24:central + 28] = size.to_bytes(4, "little")
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))


def other_methodology(tmp_path: Path, **changes) -> Path:
    """A template of the mini methodology with its id or version changed, from `proforient template`."""
    text = MINI.read_text(encoding="utf-8")
    for key, value in changes.items():
        text = re.sub(rf"(?m)^  {key}: .*$", f"  {key}: {value}", text, count=1)
    other = tmp_path / "другая.yaml"
    other.write_text(text, encoding="utf-8")
    out = tmp_path / "другие шаблоны"
    result = CliRunner().invoke(main, ["template", "-m", str(other), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return next(out.glob("*.xlsx"))


# Each maker writes one bad file into the inbox and returns (its name, part of the reason, code).

def zero_bytes(inbox, templates, tmp_path):
    (inbox / "пустой.xlsx").write_bytes(b"")
    return "пустой.xlsx", "файл пуст (0 байт)", "unreadable-file"


def truncated(inbox, templates, tmp_path):
    full = fill_template(templates["102"], {"events": 1}, tmp_path / "full.xlsx").read_bytes()
    (inbox / "обрезан.xlsx").write_bytes(full[: len(full) * 2 // 3])
    return "обрезан.xlsx", "архив обрезан или испорчен", "unreadable-file"


def text_renamed(inbox, templates, tmp_path):
    (inbox / "текст.xlsx").write_text("Код;Значение\nevents;5\n", encoding="cp1251")
    return "текст.xlsx", "это текстовый файл, а не электронная таблица", "unreadable-file"


def html_renamed(inbox, templates, tmp_path):
    (inbox / "страница.xlsx").write_text("<html><body><table><tr><td>5</td></tr></table></body></html>")
    return "страница.xlsx", "это веб-страница (HTML)", "unreadable-file"


def pdf_renamed(inbox, templates, tmp_path):
    (inbox / "скан.xlsx").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    return "скан.xlsx", "это документ PDF", "unreadable-file"


def word_renamed(inbox, templates, tmp_path):
    with zipfile.ZipFile(inbox / "письмо.xlsx", "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return "письмо.xlsx", "это документ Word", "unreadable-file"


def encrypted(inbox, templates, tmp_path):
    fake_encrypted(inbox / "с паролем.xlsx")
    return "с паролем.xlsx", "файл защищён паролем: снимите пароль и пришлите снова", "unreadable-file"


def random_bytes(inbox, templates, tmp_path):
    (inbox / "мусор.xls").write_bytes(bytes(range(256)) * 40)
    return "мусор.xls", "файл повреждён или это не электронная таблица", "unreadable-file"


def broken_ole(inbox, templates, tmp_path):
    header = bytearray(fake_encrypted(tmp_path / "ole.bin").read_bytes())
    header[48:52] = (10_000).to_bytes(4, "little")  # the directory starts past the end of the file
    (inbox / "старый.xls").write_bytes(bytes(header).replace("EncryptedPackage".encode("utf-16-le"),
                                                                "Workbook\0\0\0\0\0\0\0\0".encode("utf-16-le")))
    return "старый.xls", "файл повреждён или это не электронная таблица", "unreadable-file"


def empty_sheets(inbox, templates, tmp_path):
    book = openpyxl.Workbook()
    book.create_sheet("Лист2")
    book.create_sheet("Лист3")
    book.save(inbox / "пустая книга.xlsx")
    return "пустая книга.xlsx", "не найдена таблица с колонками «Код» и «Значение»", "no-data-table"


def far_corner(inbox, templates, tmp_path):
    filled = fill_template(templates["102"], {"events": 1}, tmp_path / "f.xlsx")
    rewrite(filled, inbox / "дальняя ячейка.xlsx", data_part(filled),
            extra_rows(['<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>']))
    return ("дальняя ячейка.xlsx", "лист «Данные» слишком большой: заполненная область доходит до ячейки "
            "XFD1048576", "unreadable-file")


def entity_expansion(inbox, templates, tmp_path):
    filled = fill_template(templates["102"], {"events": 2, "plan_details": "lol"}, tmp_path / "f.xlsx")
    laughs = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)) + "]>"

    def change(text):
        yield laughs + text.split("?>", 1)[-1].replace(">lol<", ">&lol9;<")

    # openpyxl keeps text in sharedStrings.xml, the sheet only points at it
    rewrite(filled, inbox / "сущности.xlsx", "xl/sharedStrings.xml", change)
    return "сущности.xlsx", None, None  # read without the entity, or refused: either, quickly


def declared_bomb(inbox, templates, tmp_path):
    with zipfile.ZipFile(inbox / "бомба.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(210):  # 210 MB of zeros, about 200 KB on disk
                member.write(bytes(1 << 20))
    return "бомба.xlsx", "файл при распаковке занял бы больше 200 МБ", "unreadable-file"


def lying_bomb(inbox, templates, tmp_path):
    filled = fill_template(templates["102"], {"events": 1}, tmp_path / "f.xlsx")
    part = data_part(filled)
    rewrite(filled, inbox / "лжец.xlsx", part, lambda text: (text, " " * (50 << 20)), zip64=False)
    lie_about_size(inbox / "лжец.xlsx", part, 4096)  # 50 MB of spaces declared as 4 KB
    return "лжец.xlsx", "архив распаковывается в больший объём, чем в нём указано", "unreadable-file"


def old_version(inbox, templates, tmp_path):
    filled = fill_template(templates["102"], {"events": 9}, inbox / "прошлогодний.xlsx")
    book = openpyxl.load_workbook(filled)
    for row in book["proforient"].iter_rows():
        if row[0].value == "methodology_version":
            row[1].value = "0"
    book.save(filled)
    return ("прошлогодний.xlsx", "файл заполнен по шаблону другой методики или версии (методика «mini-test», "
            "версия 0), ожидалась методика «mini-test», версия 1", "other-methodology")


def another_methodology(inbox, templates, tmp_path):
    template = other_methodology(tmp_path, id="kozelsk-2022")
    fill_template(template, {"events": 9, "pupils_5_11": 10}, inbox / "чужой.xlsx")
    return ("чужой.xlsx", "файл заполнен по шаблону другой методики или версии (методика «kozelsk-2022», "
            "версия 1), ожидалась методика «mini-test», версия 1", "other-methodology")


def twin_sheets(inbox, templates, tmp_path):
    """Two sheets named «Данные»: calamine loads the first, a huge one hidden in front of the real one."""
    filled = fill_template(templates["102"], {"events": 1}, tmp_path / "f.xlsx")
    with zipfile.ZipFile(filled) as src, zipfile.ZipFile(inbox / "двойник.xlsx", "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename).decode("utf-8", "surrogateescape")
            if item.filename == "xl/workbook.xml":
                data = data.replace("<sheets>", '<sheets><sheet name="Данные" sheetId="99" r:id="rId99"/>', 1)
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace("</Relationships>", '<Relationship Id="rId99" Type="http://schemas.openxml'
                                    'formats.org/officeDocument/2006/relationships/worksheet" '
                                    'Target="/xl/worksheets/sheet99.xml"/></Relationships>')
            dst.writestr(item, data.encode("utf-8", "surrogateescape"))
        dst.writestr("xl/worksheets/sheet99.xml", '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                     '2006/main"><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1048576">'
                     '<c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>')
    return "двойник.xlsx", "лист «Данные» слишком большой: заполненная область доходит до ячейки XFD1048576", \
        "unreadable-file"


def binary_workbook(inbox, templates, tmp_path):
    with zipfile.ZipFile(inbox / "двоичная.xlsx", "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.bin", bytes(64))
    return "двоичная.xlsx", "это двоичная книга Excel (.xlsb)", "unreadable-file"


def many_parts(inbox, templates, tmp_path):
    with zipfile.ZipFile(inbox / "россыпь.xlsx", "w") as archive:
        for number in range(10_001):
            archive.writestr(f"xl/{number}.xml", "")
    return "россыпь.xlsx", "в архиве файла 10\u00a0001 частей", "unreadable-file"


CASES = [zero_bytes, truncated, text_renamed, html_renamed, pdf_renamed, word_renamed, encrypted, random_bytes,
         broken_ole, empty_sheets, far_corner, twin_sheets, entity_expansion, declared_bomb, lying_bomb,
         binary_workbook, many_parts, old_version, another_methodology]


@pytest.mark.parametrize("make", CASES, ids=[make.__name__ for make in CASES])
def test_a_bad_file_is_named_and_the_good_numbers_do_not_move(school, tmp_path, make):
    inbox, templates, numbers = school
    name, reason, code = make(inbox, templates, tmp_path)
    out = tmp_path / "out"
    inputs = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in inbox.iterdir()}

    started = time.perf_counter()
    result = run("compute", inbox, "-m", MINI, "--out", out)
    elapsed = time.perf_counter() - started

    assert {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in inbox.iterdir()} == inputs

    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert elapsed < 60
    if reason is None:  # the entity payload: refused, or read without expanding anything
        assert good_numbers(out, ["101"]) == {k: v for k, v in numbers.items() if k[0] == "101"}
        assert result.exit_code in (0, 1)
        assert "lollol" not in (out / "report.md").read_text(encoding="utf-8")
        assert all(len(p["found"]) < 200 for p in problems(out))
        return
    assert good_numbers(out) == numbers
    assert result.exit_code == 0
    assert "Обработано 2 файла: учтено 1, исключено 1;" in result.output
    named = [p for p in problems(out) if p["file"] == name and p["code"] == code]
    assert len(named) == 1, problems(out)
    assert named[0]["message"].startswith(f"{name}: ")
    assert reason in named[0]["message"]
    assert named[0]["message"].endswith("файл исключён из расчёта")
    report = (out / "report.md").read_text(encoding="utf-8")
    assert f"- {name}: " in report and reason in report


@pytest.mark.parametrize("make", [zero_bytes, text_renamed, encrypted, far_corner, lying_bomb],
                         ids=lambda make: make.__name__)
def test_nothing_readable_is_exit_code_2_with_the_report_still_written(district, tmp_path, make):
    inbox, roster, templates = district
    name, reason, code = make(inbox, templates, tmp_path)
    result = run("compute", inbox, "-m", MINI, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "Обработано 1 файл: учтено 0, исключено 1;" in result.output
    assert reason in (tmp_path / "out" / "report.md").read_text(encoding="utf-8")


# Very large sheets: bounded time and memory, measured in a fresh process running `compute`.

MEASURE = """
import resource, sys, time
from proforient_cli.cli import main
started = time.perf_counter()
try:
    main(sys.argv[1:], standalone_mode=False)
    code = 0
except SystemExit as exit:
    code = exit.code
try:  # Linux carries ru_maxrss over exec from the parent; VmHWM is this process's own peak
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak = peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024
print(f"MEASURED {code} {time.perf_counter() - started:.2f} {peak:.0f}")
"""


def measured(*args) -> tuple[int, float, float]:
    """Run `proforient` in a new interpreter: exit code, seconds, peak resident memory in MB."""
    completed = subprocess.run([sys.executable, "-c", MEASURE, *map(str, args)], capture_output=True, text=True,
                               cwd=ROOT, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
    line = next((line for line in completed.stdout.splitlines() if line.startswith("MEASURED")), None)
    assert line is not None, (completed.returncode, completed.stdout[-2000:], completed.stderr[-2000:])
    _, code, seconds, megabytes = line.split()
    return int(code), float(seconds), float(megabytes)


def million_rows(source: Path, target: Path) -> Path:
    """The «Данные» sheet with a million rows below the table, a number in each (a fill dragged down)."""
    rows = (f'<row r="{r}"><c r="D{r}"><v>{r}</v></c></row>' for r in range(200, 1_000_200))
    return rewrite(source, target, data_part(source), extra_rows(rows))


def wide(source: Path, target: Path, first: int, rows: int) -> Path:
    """The «Данные» sheet with ``rows`` rows from row ``first`` filled across all 16 384 columns."""
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(c) for c in range(1, 16385)]
    lines = ("".join([f'<row r="{r}">'] + [f'<c r="{c}{r}"><v>1</v></c>' for c in letters] + ["</row>"])
             for r in range(first, first + rows))
    return rewrite(source, target, data_part(source), extra_rows(lines))


@pytest.mark.skipif(sys.platform == "win32", reason="the resource module is POSIX only")
@pytest.mark.parametrize("shape", ["million rows", "wide", "wide and long", "wide but small"])
def test_a_huge_sheet_takes_bounded_time_and_memory(school, tmp_path, shape):
    inbox, templates, numbers = school
    filled = fill_template(templates["102"], {"events": 1}, tmp_path / "f.xlsx")
    if shape == "million rows":
        million_rows(filled, inbox / "огромный.xlsx")
        expected = "доходит до ячейки F1000199 (1\u00a0000\u00a0199 строк × 6 столбцов)"
    elif shape == "wide":
        wide(filled, inbox / "огромный.xlsx", first=200, rows=60)
        expected = "доходит до ячейки XFD259 (259 строк × 16\u00a0384 столбца)"
    elif shape == "wide and long":  # past the limit of filled cells the scan stops counting
        wide(filled, inbox / "огромный.xlsx", first=200, rows=200)
        expected = "лист «Данные» слишком большой: в нём больше 2\u00a0000\u00a0000 заполненных ячеек"
    else:  # under the limit: read, and the stray cells are simply not part of the table
        wide(filled, inbox / "огромный.xlsx", first=40, rows=2)
        expected = None
    out = tmp_path / "out"

    code, seconds, megabytes = measured("compute", inbox, "-m", MINI, "--out", out, "--strict")

    print(f"{shape}: {seconds:.1f} s, {megabytes:.0f} MB")
    assert seconds < 60
    assert megabytes < 250  # about 85 MB here; 270–450 MB when calamine loads such a sheet
    assert code == 1
    assert good_numbers(out, ["101"]) == {k: v for k, v in numbers.items() if k[0] == "101"}
    rows = [p for p in problems(out) if p["file"] == "огромный.xlsx"]
    if expected is None:
        assert read_results(out)[("102", "events_total")]["value"] == "1"
    else:
        assert [p["code"] for p in rows] == ["unreadable-file"]
        assert expected in rows[0]["message"]


def test_the_sheet_scan_finds_a_far_cell_wherever_the_chunks_are_cut():
    """A «>» inside an attribute value must not hide the reference after it, at any chunk boundary."""
    from proforient_cli.intake import sheet_size

    xml = (b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="7">'
           b'<c note=">" r="XFD1048576" t="n"><v>1</v></c></row></sheetData>')
    for cut in range(1, len(xml)):
        sheet = sheet_size._XlsxSheet()
        sheet_size._feed(iter([xml[:cut], xml[cut:]]), sheet)
        assert sheet.extent.corner == "XFD1048576", cut


@pytest.mark.skipif(os.name == "nt" or sys.platform == "darwin", reason="needs a file system that keeps raw bytes")
def test_a_file_name_in_windows_1251_from_an_unpacked_archive_is_shown_readably(school, tmp_path):
    """`unzip` on Linux keeps a Windows archive's names as cp1251 bytes, which are not UTF-8."""
    from workbooks import make_submission

    inbox, templates, numbers = school
    folder = os.fsencode(inbox)
    filled = fill_template(templates["102"], {"events": "много"}, tmp_path / "f.xlsx")
    with open(os.path.join(folder, "школа №2.xlsx".encode("cp1251")), "wb") as stream:
        stream.write(filled.read_bytes())
    make_submission(tmp_path / "g.xlsx", {"events": 1}, title={"org_type": "ОО"})  # no code: the name is the code
    with open(os.path.join(folder, "сад.xlsx".encode("cp1251")), "wb") as stream:
        stream.write((tmp_path / "g.xlsx").read_bytes())
    out = tmp_path / "out"

    result = run("compute", inbox, "-m", MINI, "--out", out)

    assert result.exit_code == 0, result.output
    assert "Обработано 3 файла: учтено 3" in result.output
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "| школа №2.xlsx |" in report and "| сад.xlsx | сад |" in report
    assert any(p["file"] == "школа №2.xlsx" and p["code"] == "type-error" for p in problems(out))
    assert ("сад", "events_total") in read_results(out)
    names = {cell.value for row in openpyxl.load_workbook(out / "report.xlsx")["Поступление"].iter_rows()
             for cell in row}
    assert {"школа №2.xlsx", "сад.xlsx", "сад"} <= names


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX only")
def test_a_named_pipe_among_the_files_does_not_hang_the_run(school, tmp_path):
    inbox, templates, numbers = school
    os.mkfifo(inbox / "канал.xlsx")  # opening it for reading would wait for a writer forever
    out = tmp_path / "out"
    completed = subprocess.run([sys.executable, "-m", "proforient_cli", "compute", str(inbox), "-m", str(MINI),
                                "--out", str(out)], capture_output=True, text=True, timeout=120, cwd=ROOT,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert completed.returncode == 0, completed.stderr
    assert "Traceback" not in completed.stderr
    assert good_numbers(out) == numbers
    named = [p for p in problems(out) if p["file"] == "канал.xlsx"]
    assert [p["found"] for p in named] == ["это не обычный файл (канал или устройство), а не электронная таблица"]
