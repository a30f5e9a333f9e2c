"""Nothing is lost: the inputs are never touched, and a crash never leaves a half-written report."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from proforient_cli.core import atomic
from proforient_cli.cli import main
from test_compute_cli import MINI, district, fill_template  # noqa: F401 (a fixture)

REPORT = ("report.md", "report.xlsx", "results.csv", "problems.csv")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def temporaries(folder: Path) -> list[str]:
    """What atomic writes leave behind when they fail to clean up: «.report-abc123.xlsx» and the like."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every entry under ``folder``: its content digest, modification time and permission bits."""
    entries = {}
    for path in sorted(folder.rglob("*")):
        info = path.stat()
        digest = hashlib.sha256(path.read_bytes()).digest() if path.is_file() else b""
        entries[str(path.relative_to(folder))] = (digest, info.st_mtime_ns, stat.S_IMODE(info.st_mode))
    return entries


@pytest.fixture
def reported(district, tmp_path):
    """A district with two files and a finished report; returns (inbox, templates, out, report bytes)."""
    inbox, roster, templates = district
    fill_template(templates["101"], {"pupils_5_11": 10, "pupils_5_11_surveyed": 4, "events": 2}, inbox / "a.xlsx")
    fill_template(templates["102"], {"pupils_5_11": 20, "events": "много"}, inbox / "b.xlsx")
    out = tmp_path / "out"
    assert run("compute", inbox, "-m", MINI, "--out", out).exit_code == 0
    return inbox, templates, out, {name: (out / name).read_bytes() for name in REPORT}


def test_a_crash_while_saving_a_file_leaves_the_old_file_and_no_temporary_one(reported, monkeypatch):
    inbox, templates, out, before = reported
    fill_template(templates["103"], {"events": 7}, inbox / "c.xlsx")  # the next report would differ

    def half_then_crash(self, filename):
        if hasattr(filename, "write"):
            filename.write(b"PK\x03\x04 half a workbook")
        else:
            Path(filename).write_bytes(b"PK\x03\x04 half a workbook")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("openpyxl.Workbook.save", half_then_crash)
    result = run("compute", inbox, "-m", MINI, "--out", out)

    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert (out / "report.xlsx").read_bytes() == before["report.xlsx"]
    assert temporaries(out) == []


def test_a_renderer_crash_leaves_the_files_it_did_not_reach_and_no_temporary_file(reported, monkeypatch):
    inbox, templates, out, before = reported
    fill_template(templates["103"], {"events": 7}, inbox / "c.xlsx")

    def crash(*args, **kwargs):
        raise RuntimeError("сбой при построении report.xlsx")

    monkeypatch.setattr("proforient_cli.report.folder.write_xlsx", crash)
    result = run("compute", inbox, "-m", MINI, "--out", out)

    assert result.exit_code == 2
    assert "Ошибка: RuntimeError: сбой при построении report.xlsx" in result.output
    assert "Traceback" not in result.output
    for name in ("report.xlsx", "results.csv", "problems.csv"):
        assert (out / name).read_bytes() == before[name], name
    assert temporaries(out) == []


def test_a_renderer_crash_leaves_the_whole_previous_report(reported, monkeypatch):
    inbox, templates, out, before = reported
    fill_template(templates["103"], {"events": 7}, inbox / "c.xlsx")
    monkeypatch.setattr("proforient_cli.report.folder.write_xlsx", lambda *a, **k: 1 / 0)
    run("compute", inbox, "-m", MINI, "--out", out)
    assert {name: (out / name).read_bytes() for name in REPORT} == before


def test_together_replaces_all_files_or_none(tmp_path):
    for name in REPORT:
        atomic.write_text(tmp_path / name, f"старый {name}")
    with pytest.raises(ZeroDivisionError):
        with atomic.together():
            atomic.write_text(tmp_path / "report.md", "новый")
            with atomic.atomic_path(tmp_path / "report.xlsx") as temporary:
                temporary.write_bytes(b"half")
            1 / 0
    assert {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()} == {
        name: f"старый {name}" for name in REPORT}  # and no temporary file
    with atomic.together():
        for name in REPORT:
            atomic.write_text(tmp_path / name, f"новый {name}")
        assert (tmp_path / "report.md").read_text(encoding="utf-8") == "старый report.md"  # not before the end
    assert {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()} == {
        name: f"новый {name}" for name in REPORT}


def test_a_read_only_input_folder_is_read_and_left_exactly_as_it_was(district, tmp_path):
    inbox, roster, templates = district
    fill_template(templates["101"], {"pupils_5_11": 10, "pupils_5_11_surveyed": 4, "events": 2}, inbox / "a.xlsx")
    (inbox / "вложенная").mkdir()
    fill_template(templates["102"], {"events": 3}, inbox / "вложенная" / "b.xlsx")
    (inbox / "пустой.xlsx").write_bytes(b"")
    folders = [inbox, inbox / "вложенная"]
    for path in inbox.rglob("*"):
        if path.is_file():
            path.chmod(0o444)
    for folder in folders:
        folder.chmod(0o555)
    before = snapshot(inbox)
    try:
        result = run("compute", inbox, "-m", MINI, "--roster", roster, "--out", tmp_path / "out")
        after = snapshot(inbox)
    finally:
        for folder in folders:
            folder.chmod(0o755)
    # Tests often run as root, for whom permissions are not enforced: what proves the point is
    # that nothing in the input folder changed, and nothing was created there.
    assert after == before
    assert result.exit_code == 0, result.output
    assert "Обработано 3 файла: учтено 2, исключено 1" in result.output
    assert (tmp_path / "out" / "report.md").is_file()



def test_report_files_are_ordinary_files_others_may_read(tmp_path):
    """A report lands in a shared folder: it must not inherit the temporary file's private mode."""
    import os
    import stat

    from proforient_cli.core.atomic import write_text

    mask = os.umask(0o022)
    try:
        write_text(tmp_path / "report.md", "справка")
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "report.md").stat().st_mode) == 0o644


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("failing", range(1, 13))  # six files: six moved aside, then six put in place
def test_whichever_rename_fails_every_previous_file_is_left_as_it_was(reported, monkeypatch, failing):
    inbox, templates, out, _ = reported
    before = contents(out)
    fill_template(templates["103"], {"events": 7}, inbox / "c.xlsx")  # the next report would differ
    real_replace, calls = os.replace, []

    def replace(source, target):
        calls.append(target)
        if len(calls) == failing:
            raise PermissionError(errno.EACCES, "Permission denied", str(target))
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    result = run("compute", inbox, "-m", MINI, "--out", out)
    monkeypatch.undo()

    assert result.exit_code == 2
    assert contents(out) == before  # every previous file, and nothing else: no temporary, no copy aside
    assert "Ошибка: " in result.output and "ошибка программы" not in result.output
    assert "Traceback" not in result.output


def test_a_report_open_in_excel_is_named_and_nothing_is_replaced(reported, monkeypatch):
    """On Windows a file open in Excel cannot be renamed: the sharing violation, winerror 32."""
    inbox, templates, out, _ = reported
    before = contents(out)
    fill_template(templates["103"], {"events": 7}, inbox / "c.xlsx")
    real_replace = os.replace

    def replace(source, target):
        if Path(source).name == "report.xlsx":
            error = PermissionError(errno.EACCES, "Процесс не может получить доступ к файлу", str(source))
            error.winerror = 32
            raise error
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    result = run("compute", inbox, "-m", MINI, "--out", out)
    monkeypatch.undo()

    assert result.exit_code == 2
    assert result.output.strip() == ("Ошибка: Файл report.xlsx открыт в другой программе — закройте его "
                                     "и запустите расчёт снова")
    assert contents(out) == before


@pytest.mark.parametrize("error, expected", [
    (OSError(errno.ENOSPC, "No space left on device"), "на диске нет места, чтобы записать"),
    (OSError(errno.EROFS, "Read-only file system"), "доступна только для чтения: укажите другую папку (--out)"),
    (PermissionError(errno.EACCES, "Permission denied"), "нет права записи в"),
])
def test_a_failure_of_the_environment_is_one_russian_line_naming_the_path(reported, monkeypatch, error, expected):
    inbox, templates, out, _ = reported
    before = contents(out)
    fill_template(templates["103"], {"events": 7}, inbox / "c.xlsx")

    def refuse(*args, **kwargs):
        raise error

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = run("compute", inbox, "-m", MINI, "--out", out)
    monkeypatch.undo()

    assert result.exit_code == 2
    assert expected in result.output and str(out) in result.output
    assert "ошибка программы" not in result.output and "Traceback" not in result.output
    assert contents(out) == before


def test_an_out_path_that_is_a_file_is_said_so(reported, tmp_path):
    inbox, _, _, _ = reported
    (tmp_path / "занято").write_text("это файл", encoding="utf-8")
    result = run("compute", inbox, "-m", MINI, "--out", tmp_path / "занято" / "справка")
    assert result.exit_code == 2
    assert "на её месте уже есть файл" in result.output
    assert "ошибка программы" not in result.output


def test_templates_into_a_read_only_place_are_a_russian_message(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = run("template", "-m", MINI, "--out", tmp_path / "шаблоны")
    assert result.exit_code == 2
    assert "доступна только для чтения" in result.output and "ошибка программы" not in result.output


def test_previous_pointing_at_the_folder_out_would_replace_is_refused(reported):
    inbox, _, out, _ = reported
    before = contents(out)
    result = run("compute", inbox, "-m", MINI, "--out", out, "--previous", out)
    assert result.exit_code == 2
    assert "заменила бы справку прошлого периода" in result.output and "--out" in result.output
    assert contents(out) == before


@pytest.mark.parametrize("pattern", [False, True])
def test_out_equal_to_the_input_folder_never_reads_the_report_back(reported, pattern):
    inbox, _, _, _ = reported
    argument = inbox / "*.xlsx" if pattern else inbox
    first = run("compute", argument, "-m", MINI, "--out", inbox)
    second = run("compute", argument, "-m", MINI, "--out", inbox)
    assert first.exit_code == second.exit_code == 0, second.output
    assert "Обработано 2 файла: учтено 2" in second.output
    assert "report.xlsx" not in (inbox / "problems.csv").read_text(encoding="utf-8")
