"""Which files `compute` reads: what a methodist's folder really looks like."""

from __future__ import annotations

import pytest

from proforient_cli.intake.collect import NothingToRead, collect


@pytest.fixture
def inbox(tmp_path):
    """A folder as it looks after a week of e-mails, with Excel still open on one file."""
    (tmp_path / "школа_1.xlsx").write_bytes(b"x")
    (tmp_path / "школа_2.XLSX").write_bytes(b"x")
    (tmp_path / "детсад.ods").write_bytes(b"x")
    (tmp_path / "старый.xls").write_bytes(b"x")
    (tmp_path / "~$школа_1.xlsx").write_bytes(b"lock")
    (tmp_path / ".~lock.детсад.ods#").write_bytes(b"lock")
    (tmp_path / ".скрытый.xlsx").write_bytes(b"x")
    (tmp_path / "письмо.docx").write_bytes(b"x")
    (tmp_path / "район_2").mkdir()
    (tmp_path / "район_2" / "школа_3.xlsx").write_bytes(b"x")
    report = tmp_path / "proforient-report"
    report.mkdir()
    for name in ("report.md", "results.csv", "report.xlsx"):
        (report / name).write_bytes(b"x")
    return tmp_path


def names(paths):
    return sorted(p.name for p in paths)


def test_a_folder_gives_every_spreadsheet_in_it_and_below_but_no_lock_files_or_reports(inbox):
    assert names(collect([str(inbox)])) == ["детсад.ods", "старый.xls", "школа_1.xlsx", "школа_2.XLSX", "школа_3.xlsx"]


def test_a_pattern_is_expanded_by_the_program_as_windows_does_not(inbox):
    assert names(collect([str(inbox / "школа_*.xlsx")])) == ["школа_1.xlsx"]
    assert names(collect([str(inbox / "**" / "*.xlsx")])) == ["школа_1.xlsx", "школа_3.xlsx"]


def test_the_output_folder_is_skipped_even_when_it_holds_no_report_yet(inbox):
    out = inbox / "свод"
    out.mkdir()
    (out / "черновик.xlsx").write_bytes(b"x")
    assert "черновик.xlsx" not in names(collect([str(inbox)], skip=[out]))


def test_a_file_named_twice_is_read_once(inbox):
    path = str(inbox / "школа_1.xlsx")
    assert len(collect([path, path, str(inbox / "*.xlsx")])) == 1


def test_a_file_given_by_name_is_taken_whatever_its_extension_so_the_reader_can_say_what_is_wrong(inbox):
    assert names(collect([str(inbox / "письмо.docx")])) == ["письмо.docx"]


def test_a_mistyped_path_is_a_clear_russian_error(inbox):
    with pytest.raises(NothingToRead, match="файл или папка не найдены: .*школа_9.xlsx"):
        collect([str(inbox / "школа_9.xlsx")])
    with pytest.raises(NothingToRead, match="по шаблону «.*\\*.xlsm» не найдено ни одного файла"):
        collect([str(inbox / "*.xlsm")])


def test_an_empty_folder_is_a_clear_russian_error(tmp_path):
    with pytest.raises(NothingToRead, match="не найдено ни одного файла .xlsx, .xls или .ods"):
        collect([str(tmp_path)])


def test_an_unreadable_subfolder_is_skipped_with_its_reason_and_the_rest_is_read(inbox, monkeypatch):
    import os

    from proforient_cli.intake.collect import gather

    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith("район_2"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = gather([str(inbox)])
    assert names(found.files) == ["детсад.ods", "старый.xls", "школа_1.xlsx", "школа_2.XLSX"]
    assert [(p.file, p.text) for p in found.skipped] == [
        ("район_2", "нет доступа к папке: её содержимое не прочитано; пропущено")]


def test_a_named_pipe_and_a_dangling_link_are_skipped_with_reasons(inbox):
    import os

    from proforient_cli.intake.collect import gather

    os.mkfifo(inbox / "канал.xlsx")
    (inbox / "ушёл.xlsx").symlink_to(inbox / "нет такого.xlsx")
    found = gather([str(inbox)])
    assert "канал.xlsx" not in names(found.files)
    assert sorted((p.file, p.found) for p in found.skipped) == [
        ("канал.xlsx", "это не обычный файл (канал или устройство), а не электронная таблица"),
        ("ушёл.xlsx", "ссылка ведёт на файл, которого нет")]
