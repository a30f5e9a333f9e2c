"""Reading what schools send back: the table is found wherever it is, broken files become problems."""

import datetime
import os
import hashlib
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from proforient_cli.intake import guards, read
from proforient_cli.intake.problems import Problem
from proforient_cli.core.columns import column_letter
from proforient_cli.intake.read import read_submission
from proforient_cli.intake.submission import CellValue, Submission
from workbooks import TITLE, build_workbook, fake_encrypted, make_submission

VALUES = {"pupils_5_11": 120, "pupils_5_11_surveyed": "95", "events": None, "has_plan": "да",
          "plan_details": "Программа «Мой выбор»"}
META = {"methodology_id": "mini-test", "methodology_version": "1", "fingerprint": "0123abcd",
        "org_code": 4012, "org_type": "ОО", "period": "2023/2024", "tool_version": "0.1.0"}


def read_ok(path) -> Submission:
    submission = read_submission(Path(path))
    assert isinstance(submission, Submission), getattr(submission, "message", submission)
    return submission


def rows(submission: Submission) -> dict[str, tuple[object, str]]:
    return {cell.code: (cell.value, cell.cell) for cell in submission.values}


def test_a_filled_template_reads_with_cell_addresses_title_and_hidden_sheet(tmp_path):
    filled = make_submission(tmp_path / "школа_12.xlsx", VALUES, meta=META)
    submission = read_ok(filled.path)
    assert submission.sheet == "Данные"
    assert submission.file == "школа_12.xlsx"
    assert submission.values[0] == CellValue("pupils_5_11", 120.0, "Данные", "D10")
    assert rows(submission) == {
        "pupils_5_11": (120.0, "D10"),
        "pupils_5_11_surveyed": ("95", "D11"),
        "events": (None, "D12"),
        "has_plan": ("да", "D13"),
        "plan_details": ("Программа «Мой выбор»", "D14"),
    }
    assert filled.cells == {code: cell for code, (_, cell) in rows(submission).items()}
    assert submission.title == {key: str(value) for key, value in TITLE.items()}
    assert submission.meta == {**{key: str(value) for key, value in META.items()}, "org_code": "4012"}


def test_a_blank_or_whitespace_cell_is_none(tmp_path):
    filled = make_submission(tmp_path / "s.xlsx", {"events": "   ", "hours": "\u00a0", "has_plan": None})
    assert [cell.value for cell in read_ok(filled.path).values] == [None, None, None]


def test_values_keep_their_kind_for_the_validator(tmp_path):
    day = datetime.datetime(2024, 5, 31)
    filled = make_submission(tmp_path / "s.xlsx", {"a": 12.5, "b": True, "c": day, "d": "  12 чел. ", "e": 0})
    assert [cell.value for cell in read_ok(filled.path).values] == [12.5, True, day.date(), "  12 чел. ", 0.0]


def test_the_table_moved_down_by_inserted_rows_reads_the_same_values(tmp_path):
    filled = make_submission(tmp_path / "s.xlsx", VALUES, header_row=40)
    submission = read_ok(filled.path)
    assert rows(submission)["pupils_5_11"] == (120.0, "D42")
    assert {code: value for code, (value, _) in rows(submission).items()} == {
        code: read_ok(make_submission(tmp_path / "plain.xlsx", VALUES).path).values[i].value
        for i, code in enumerate(VALUES)
    }
    assert submission.title["org_name"] == "МБОУ «Средняя школа № 12»"


def test_a_table_moved_right_with_comments_in_other_columns(tmp_path):
    workbook, filled = build_workbook(VALUES, first_column=3)
    sheet = workbook.active
    for row in range(1, 20):  # notes in the columns left of «Код» and right of «Проверка»
        sheet.cell(row, 1, "комментарий школы")
        sheet.cell(row, 9, "уточнить у завуча")
    sheet.cell(11, 7, "проверено")  # the «Проверка» column
    workbook.save(tmp_path / "s.xlsx")
    submission = read_ok(tmp_path / "s.xlsx")
    assert rows(submission)["pupils_5_11"] == (120.0, "F10")
    assert rows(submission)["pupils_5_11_surveyed"] == ("95", "F11")
    assert filled.cells["pupils_5_11"] == "F10"
    assert submission.title["org_code"] == "4012"


def test_a_renamed_sheet_with_an_extra_sheet_before_it(tmp_path):
    filled = make_submission(tmp_path / "s.xlsx", VALUES, sheet_name="Лист1", sheets_before=("Мои заметки",))
    submission = read_ok(filled.path)
    assert submission.sheet == "Лист1"
    assert rows(submission)["pupils_5_11"] == (120.0, "D10")
    assert {cell.sheet for cell in submission.values} == {"Лист1"}


def test_header_captions_in_another_case_with_spaces(tmp_path):
    workbook, _ = build_workbook({"events": 3})
    sheet = workbook.active
    sheet["A8"], sheet["D8"] = "  КОД ", "значение"
    workbook.save(tmp_path / "s.xlsx")
    assert rows(read_ok(tmp_path / "s.xlsx")) == {"events": (3.0, "D10")}


def test_codes_are_stripped_and_section_headings_skipped(tmp_path):
    filled = make_submission(tmp_path / "s.xlsx", {" events ": 3, "hours": 2},
                             extra_rows=[[None, "2. Раздел без кода"], ["has_plan", None, None, "нет"]])
    submission = read_ok(filled.path)
    assert rows(submission) == {"events": (3.0, "D10"), "hours": (2.0, "D11"), "has_plan": ("нет", "D13")}


def test_title_labels_are_found_with_a_colon_and_numbers_read_as_text(tmp_path):
    workbook, _ = build_workbook({"events": 1}, title={"org_code": 4001, "org_type": "ДОО"})
    sheet = workbook.active
    sheet["B3"] = "Тип организации:"
    workbook.save(tmp_path / "s.xlsx")
    assert read_ok(tmp_path / "s.xlsx").title == {"org_code": "4001", "org_type": "ДОО"}


def test_a_blank_title_value_is_not_taken_from_a_hint_further_right(tmp_path):
    workbook, _ = build_workbook({"events": 1}, title={"org_name": None, "org_code": "4012"})
    workbook.active["E2"] = "заполните наименование"  # the «Проверка» column
    workbook.save(tmp_path / "s.xlsx")
    assert read_ok(tmp_path / "s.xlsx").title == {"org_code": "4012"}


def test_a_lost_hidden_sheet_gives_empty_meta(tmp_path):
    filled = make_submission(tmp_path / "s.xlsx", VALUES, meta=None)
    assert read_ok(filled.path).meta == {}


def test_no_sheet_with_the_table(tmp_path):
    workbook = build_workbook({})[0]
    workbook.active["A8"] = "Номер"  # the «Код» caption is gone
    workbook.save(tmp_path / "отчёт.xlsx")
    problem = read_submission(tmp_path / "отчёт.xlsx")
    assert problem == Problem("no-data-table", "отчёт.xlsx")
    assert problem.message == ("отчёт.xlsx: не найдена таблица с колонками «Код» и «Значение»; "
                               "файл исключён из расчёта")


def test_a_workbook_whose_sheets_are_all_empty(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.create_sheet("Лист2")
    workbook.save(tmp_path / "пустая.xlsx")
    assert read_submission(tmp_path / "пустая.xlsx").code == "no-data-table"


def test_the_header_is_looked_for_only_near_the_top(tmp_path, monkeypatch):
    monkeypatch.setattr(read, "HEADER_SCAN_ROWS", 20)
    workbook, _ = build_workbook({"events": 1}, header_row=30)
    workbook.active["A1"] = "Заполнено 31.05.2024"
    workbook.save(tmp_path / "s.xlsx")
    assert read_submission(tmp_path / "s.xlsx").code == "no-data-table"


def test_every_row_of_the_table_is_read_however_far_down(tmp_path):
    """No silent bound below the header: a row the school added far down is still its row
    (the size guard, not a row count, keeps a hostile sheet out)."""
    workbook, filled = build_workbook({"events": 1})
    sheet = workbook.active
    sheet.cell(20_000, 1, "hours")
    sheet.cell(20_000, 4, 7)
    workbook.save(tmp_path / "s.xlsx")
    values = {cell.code: (cell.value, cell.cell) for cell in read_ok(tmp_path / "s.xlsx").values}
    assert values["hours"] == (7, "D20000")


def test_column_letters():
    assert [column_letter(i) for i in (0, 3, 25, 26, 27, 701, 702)] == ["A", "D", "Z", "AA", "AB", "ZZ", "AAA"]


# Broken and hostile files: a Problem with a short Russian reason, never an exception.

def unreadable(path: Path) -> str:
    problem = read_submission(path)
    assert isinstance(problem, Problem) and problem.code == "unreadable-file", problem
    assert problem.excludes_file
    return problem.message


def test_a_zero_byte_file(tmp_path):
    (tmp_path / "школа_3.xlsx").write_bytes(b"")
    assert unreadable(tmp_path / "школа_3.xlsx") == "школа_3.xlsx: файл пуст (0 байт); файл исключён из расчёта"


def test_a_text_file_renamed_xlsx(tmp_path):
    (tmp_path / "s.xlsx").write_text("Код;Значение\npupils_5_11;120\n", encoding="utf-8")
    assert unreadable(tmp_path / "s.xlsx") == (
        "s.xlsx: это текстовый файл, а не электронная таблица; файл исключён из расчёта")


def test_an_html_page_renamed_xlsx(tmp_path):
    (tmp_path / "s.xlsx").write_text("<!DOCTYPE html><html><body><table><tr><td>1</td></tr></table></body></html>")
    assert unreadable(tmp_path / "s.xlsx") == (
        "s.xlsx: это веб-страница (HTML), а не электронная таблица: откройте её в Excel и сохраните как "
        "«Книга Excel (.xlsx)»; файл исключён из расчёта")


def test_a_truncated_download(tmp_path):
    make_submission(tmp_path / "full.xlsx", VALUES)
    data = (tmp_path / "full.xlsx").read_bytes()
    (tmp_path / "s.xlsx").write_bytes(data[: len(data) // 2])
    assert unreadable(tmp_path / "s.xlsx") == (
        "s.xlsx: файл повреждён: архив обрезан или испорчен (возможно, не докачался из почты); "
        "файл исключён из расчёта")


def test_a_password_protected_workbook(tmp_path):
    fake_encrypted(tmp_path / "s.xlsx")
    assert unreadable(tmp_path / "s.xlsx") == (
        "s.xlsx: файл защищён паролем: снимите пароль и пришлите снова; файл исключён из расчёта")


def test_a_word_document_renamed_xlsx(tmp_path):
    with zipfile.ZipFile(tmp_path / "s.xlsx", "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    assert unreadable(tmp_path / "s.xlsx") == (
        "s.xlsx: это документ Word, а не электронная таблица; файл исключён из расчёта")


def test_a_zip_that_is_no_workbook(tmp_path):
    with zipfile.ZipFile(tmp_path / "s.xlsx", "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert unreadable(tmp_path / "s.xlsx") == (
        "s.xlsx: файл повреждён или это не электронная таблица Excel или LibreOffice; файл исключён из расчёта")


def test_random_bytes(tmp_path):
    (tmp_path / "s.xls").write_bytes(bytes(range(256)) * 8)
    assert "файл повреждён или это не электронная таблица" in unreadable(tmp_path / "s.xls")


def test_a_zip_bomb_is_refused_by_its_declared_size_before_unpacking(tmp_path):
    with zipfile.ZipFile(tmp_path / "s.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            zeros = bytes(1 << 20)
            for _ in range(210):  # 210 MB of zeros, about 200 KB on disk
                member.write(zeros)
    assert (tmp_path / "s.xlsx").stat().st_size < 1_000_000
    assert unreadable(tmp_path / "s.xlsx") == (
        "s.xlsx: файл при распаковке занял бы больше 200 МБ: заполненный шаблон не бывает таким, "
        "файл повреждён или опасен; файл исключён из расчёта")


def test_the_unpacked_size_limit_applies_to_real_workbooks_too(tmp_path, monkeypatch):
    make_submission(tmp_path / "s.xlsx", VALUES)
    monkeypatch.setattr(guards, "MAX_UNCOMPRESSED_BYTES", 1024)
    assert "при распаковке занял бы больше" in unreadable(tmp_path / "s.xlsx")


def test_an_entity_expansion_payload_is_not_expanded(tmp_path):
    make_submission(tmp_path / "plain.xlsx", {"events": "lol"})
    laughs = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)) + "]>"
    with zipfile.ZipFile(tmp_path / "plain.xlsx") as source, \
            zipfile.ZipFile(tmp_path / "s.xlsx", "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8").split("?>", 1)[-1]
                data = (laughs + text.replace(">lol<", ">&lol9;<")).encode("utf-8")
            target.writestr(item, data)
    result = read_submission(tmp_path / "s.xlsx")
    if isinstance(result, Submission):  # read without the entity: never a billion «lol»
        assert all(len(str(cell.value)) < 1000 for cell in result.values)
    else:
        assert result.code == "unreadable-file"


def test_a_missing_file_is_a_problem_not_an_exception(tmp_path):
    assert unreadable(tmp_path / "нет.xlsx") == "нет.xlsx: файл не найден; файл исключён из расчёта"


def test_a_file_larger_than_any_template(tmp_path, monkeypatch):
    make_submission(tmp_path / "s.xlsx", VALUES)
    monkeypatch.setattr(guards, "MAX_FILE_BYTES", 100)
    assert unreadable(tmp_path / "s.xlsx") == (
        "s.xlsx: файл слишком большой для заполненного шаблона (больше 0 МБ); файл исключён из расчёта")


def test_input_files_are_byte_identical_after_reading(tmp_path):
    make_submission(tmp_path / "good.xlsx", VALUES, meta=META)
    (tmp_path / "empty.xlsx").write_bytes(b"")
    (tmp_path / "text.xlsx").write_text("not a workbook")
    fake_encrypted(tmp_path / "locked.xlsx")
    digests = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in tmp_path.iterdir()}
    stamps = {path: path.stat().st_mtime_ns for path in tmp_path.iterdir()}
    for path in digests:
        read_submission(path)
    assert {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in tmp_path.iterdir()} == digests
    assert {path: path.stat().st_mtime_ns for path in tmp_path.iterdir()} == stamps


# The same workbook saved by LibreOffice as .ods, .xls and .xlsx reads the same values.

SOFFICE = shutil.which("soffice")


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("lo")
    make_submission(folder / "школа.xlsx", VALUES, meta=META, sheet_name="Лист1", sheets_before=("Заметки",),
                    header_row=15, first_column=2)
    paths = {"xlsx-openpyxl": folder / "школа.xlsx"}
    for extension in ("ods", "xls", "xlsx"):
        out = folder / extension
        subprocess.run(
            [SOFFICE, "--headless", "-env:UserInstallation=file:///tmp/lo_profile_read", "--convert-to",
             extension, "--outdir", str(out), str(folder / "школа.xlsx")],
            check=True, capture_output=True, timeout=180,
        )
        paths[extension] = out / f"школа.{extension}"
    return paths


@pytest.mark.parametrize("kind", ["ods", "xls", "xlsx"])
def test_a_file_saved_by_libreoffice_reads_the_same(converted, kind):
    original = read_ok(converted["xlsx-openpyxl"])
    saved = read_ok(converted[kind])
    assert saved.sheet == "Лист1"
    assert [(c.code, c.cell) for c in saved.values] == [(c.code, c.cell) for c in original.values]
    assert [c.value for c in saved.values] == [c.value for c in original.values]
    assert rows(saved)["pupils_5_11"] == (120, "E17")
    assert saved.title == original.title
    assert saved.meta == original.meta


def test_an_xls_saved_under_an_xlsx_name_still_reads(converted, tmp_path):
    shutil.copy(converted["xls"], tmp_path / "школа.xlsx")
    assert rows(read_ok(tmp_path / "школа.xlsx"))["pupils_5_11"] == (120, "E17")


# A Basic macro, because `soffice --convert-to` cannot set a password. LibreOffice encrypts
# .xls this way (it ignores the password for .xlsx, hence the fake OLE box above).
ENCRYPT_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub Encrypt
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = &quot;Hidden&quot;
  load(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(Environ(&quot;ENC_SRC&quot;)), &quot;_blank&quot;, 0, load())
  Dim store(1) As New com.sun.star.beans.PropertyValue
  store(0).Name = &quot;FilterName&quot;
  store(0).Value = &quot;MS Excel 97&quot;
  store(1).Name = &quot;Password&quot;
  store(1).Value = &quot;secret&quot;
  doc.storeToURL(ConvertToURL(Environ(&quot;ENC_DST&quot;)), store())
  doc.close(True)
End Sub
</script:module>
"""


def test_a_real_password_protected_xls(tmp_path):
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    profile = tmp_path / "profile"
    command = [SOFFICE, "--headless", f"-env:UserInstallation={profile.as_uri()}"]
    subprocess.run(command + ["--terminate_after_init"], capture_output=True, timeout=180)
    module = profile / "user" / "basic" / "Standard" / "Module1.xba"
    if not module.exists():
        pytest.skip("LibreOffice did not create a user profile")
    module.write_text(ENCRYPT_MACRO, encoding="utf-8")
    make_submission(tmp_path / "plain.xlsx", VALUES)
    locked = tmp_path / "школа.xls"
    subprocess.run(
        command + ["vnd.sun.star.script:Standard.Module1.Encrypt?language=Basic&location=application"],
        env={**os.environ, "ENC_SRC": str(tmp_path / "plain.xlsx"), "ENC_DST": str(locked)},
        capture_output=True, timeout=180,
    )
    if not locked.exists():
        pytest.skip("LibreOffice could not save an encrypted .xls here")
    assert unreadable(locked) == (
        "школа.xls: файл защищён паролем: снимите пароль и пришлите снова; файл исключён из расчёта")


def test_a_visible_table_wins_over_a_hidden_draft_copy(tmp_path):
    workbook, _ = build_workbook({"events": 3}, sheet_name="Лист1")
    draft = workbook.copy_worksheet(workbook["Лист1"])
    draft.title = "Черновик"
    draft["D10"] = 999
    draft.sheet_state = "hidden"
    workbook.move_sheet(draft, offset=-1)
    workbook.save(tmp_path / "s.xlsx")
    submission = read_ok(tmp_path / "s.xlsx")
    assert submission.sheet == "Лист1"
    assert rows(submission) == {"events": (3.0, "D10")}
