"""The catalogue of problem codes: each code produced end to end by `compute`, with its Russian message,
and docs/problems.md generated from the catalogue so that it cannot drift.

A new code in ``proforient_cli.intake.problems.CATALOGUE`` fails here until it has an example below
that makes `compute` report it, and sample fields in the catalogue for the documentation.
"""

from __future__ import annotations

import csv
import importlib.util
import os
import re
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from proforient_cli.cli import main
from proforient_cli.methodology.load import load_methodology
from proforient_cli.intake.problems import CATALOGUE, Problem
from test_compute_cli import MINI, ROOT, ROSTER
from workbooks import TITLE, make_submission, meta_for

VALID = {"pupils_5_11": 700, "pupils_5_11_surveyed": 350, "events": 4, "hours": 10, "has_plan": "да",
         "plan_details": "План работы на год"}
NAME = TITLE["org_name"]  # «МБОУ «Средняя школа № 12»», code 4012, type ОО
EXAMPLES = {}


def example(code: str):
    """Register a function that writes files into the inbox and returns (options, expected messages)."""
    def register(function):
        EXAMPLES[code] = function
        return function
    return register


def submission(inbox: Path, name: str, changes: dict, methodology=MINI, **options) -> Path:
    values = {**VALID, **changes}
    values = {code: value for code, value in values.items() if value is not DROP}
    options.setdefault("meta", meta_for(load_methodology(methodology)))
    return make_submission(inbox / name, values, **options).path


DROP = object()  # a value that removes the element's row


@example("unreadable-file")
def _(inbox, tmp_path):
    (inbox / "школа_7.xlsx").write_bytes(b"")
    return [], ["школа_7.xlsx: файл пуст (0 байт); файл исключён из расчёта"]


@example("skipped-entry")
def _(inbox, tmp_path):
    submission(inbox, "школа_12.xlsx", {})
    (inbox / "архив").mkdir()
    (inbox / "архив" / "ссылка.xlsx").symlink_to(tmp_path / "удалён.xlsx")
    (inbox / "по кругу.xlsx").symlink_to(inbox / "по кругу.xlsx")
    (inbox / "снова").symlink_to(inbox)
    return [], [f"архив{os.sep}ссылка.xlsx: ссылка ведёт на файл, которого нет; пропущено",
                "по кругу.xlsx: ссылки ведут друг на друга по кругу; пропущено",
                "снова: ссылка ведёт на папку выше по дереву (по кругу): не просматривается; пропущено"]


@example("no-data-table")
def _(inbox, tmp_path):
    book = openpyxl.Workbook()
    book.active["A1"] = "Отчёт о профориентационной работе за год"
    book.save(inbox / "отчёт за год.xlsx")
    return [], ["отчёт за год.xlsx: не найдена таблица с колонками «Код» и «Значение»; файл исключён из расчёта"]


@example("other-methodology")
def _(inbox, tmp_path):
    submission(inbox, "школа_3.xlsx", {}, meta={**meta_for(load_methodology(MINI)), "methodology_version": "0"})
    return [], ["школа_3.xlsx: файл заполнен по шаблону другой методики или версии (методика «mini-test», "
                "версия 0), ожидалась методика «mini-test», версия 1; файл исключён из расчёта"]


@example("duplicate-organization")
def _(inbox, tmp_path):
    first = submission(inbox, "школа_12 (1).xlsx", {"events": 1})
    second = submission(inbox, "школа_12.xlsx", {"events": 5})
    os.utime(first, (1_717_000_000, 1_717_000_000))
    os.utime(second, (1_717_100_000, 1_717_100_000))
    when = datetime.fromtimestamp(1_717_100_000).strftime("%d.%m.%Y %H:%M")
    return [], [f"школа_12 (1).xlsx: от организации «{NAME}» получено несколько файлов; в расчёт взят файл "
                f"«школа_12.xlsx» как изменённый позже ({when}), этот файл исключён"]


@example("unknown-organization")
def _(inbox, tmp_path):
    roster = tmp_path / "реестр.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    submission(inbox, "школа_99.xlsx", {})
    return ["--roster", roster], ["школа_99.xlsx: организации с кодом «4012» нет в реестре; файл учтён в расчёте"]


@example("code-matched")
def _(inbox, tmp_path):
    roster = tmp_path / "реестр.csv"  # typed with leading zeros; the school's Excel dropped them
    roster.write_text("Код;Наименование;Тип\n04012;МБОУ «Средняя школа № 12»;ОО\n", encoding="utf-8")
    submission(inbox, "школа_12.xlsx", {})
    return ["--roster", roster], ["школа_12.xlsx: код организации в файле «4012» сопоставлен с кодом «04012» из "
                                  "реестра (Excel отбрасывает ведущие нули); файл учтён в расчёте"]


@example("empty-template")
def _(inbox, tmp_path):
    submission(inbox, "школа_9.xlsx", {code: None for code in VALID})
    return [], ["школа_9.xlsx, лист «Данные»: пустой шаблон: не заполнено ни одно значение; файл исключён из расчёта"]


@example("other-table-ignored")
def _(inbox, tmp_path):
    path = submission(inbox, "школа_3.xlsx", {})
    book = openpyxl.load_workbook(path)
    copy = book.copy_worksheet(book["Данные"])
    copy.title = "Данные (2)"
    book.save(path)
    return [], ["школа_3.xlsx, лист «Данные (2)»: на этом листе тоже есть таблица шаблона, но учтён лист «Данные»; "
                "если верные данные здесь, перенесите их на лист «Данные»"]


@example("value-beside")
def _(inbox, tmp_path):
    path = submission(inbox, "школа_5.xlsx", {"events": None})
    book = openpyxl.load_workbook(path)
    book["Данные"]["F12"] = 12
    book.save(path)
    return [], ["школа_5.xlsx, лист «Данные», ячейка D12 (events): значение не заполнено, а правее вписано «12» "
                "в ячейке F12: перенесите его в столбец «Значение» — учитываются только значения этого столбца"]


@example("other-period")
def _(inbox, tmp_path):
    methodology = load_methodology(MINI)
    submission(inbox, "школа_12.xlsx", {}, meta=meta_for(methodology, period="2024"))
    submission(inbox, "школа_11.xlsx", {}, meta=meta_for(methodology, period="2023", org_code="4011"),
               title={**TITLE, "org_code": "4011", "org_name": "МБОУ «Средняя школа № 11»"})
    submission(inbox, "школа_13.xlsx", {}, meta=meta_for(methodology, period="2024", org_code="4013"),
               title={**TITLE, "org_code": "4013", "org_name": "МБОУ «Средняя школа № 13»"})
    return [], ["школа_11.xlsx: файл заполнен на шаблоне периода «2023», а расчёт идёт за период «2024»; файл "
                "учтён в расчёте — проверьте, что данные относятся к нужному периоду"]


@example("unknown-org-type")
def _(inbox, tmp_path):
    submission(inbox, "школа_5.xlsx", {}, title={**TITLE, "org_type": "школа"})
    types = ", ".join(load_methodology(MINI).organization_types)
    return [], [f"школа_5.xlsx, лист «Данные»: неизвестный тип организации «школа», ожидался один из: {types}; "
                "организация считается по всем элементам"]


@example("type-error")
def _(inbox, tmp_path):
    submission(inbox, "школа_12.xlsx", {"pupils_5_11": "12 чел.", "has_plan": "может быть"})
    return [], ["школа_12.xlsx, лист «Данные», ячейка D10 (pupils_5_11): ожидалось целое число ≥ 0, "
                "получено «12 чел.»",
                "школа_12.xlsx, лист «Данные», ячейка D14 (has_plan): ожидалось «да» или «нет», получено «может быть»"]


def with_error_value(path: Path, cell: str, error: str) -> None:
    """The formula cell as Excel saves it after computing an error: ``<c r="D10" t="e"><f>…</f><v>#DIV/0!</v></c>``."""
    import zipfile

    with zipfile.ZipFile(path) as source:
        parts = {info: source.read(info) for info in source.infolist()}
    for info in parts:
        if info.filename == "xl/worksheets/sheet1.xml":
            xml = parts[info].decode("utf-8")
            start = xml.index(f'<c r="{cell}"')
            end = xml.index("</c>", start) + len("</c>")
            parts[info] = (xml[:start] + f'<c r="{cell}" t="e"><f>1/0</f><v>{error}</v></c>' + xml[end:]).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts.items():
            target.writestr(info, data)


@example("formula-error")
def _(inbox, tmp_path):
    path = submission(inbox, "школа_6.xlsx", {"pupils_5_11": "=1/0"})
    with_error_value(path, "D10", "#DIV/0!")
    submission(inbox, "школа_8.xlsx", {"events": "#ЗНАЧ!"},  # as LibreOffice keeps a formula's error as text
               meta=meta_for(load_methodology(MINI), org_code="4013"))  # another school
    return [], ["школа_6.xlsx, лист «Данные», ячейка D10 (pupils_5_11): в ячейке ошибка формулы #ДЕЛ/0!: исправьте "
                "формулу или впишите значение (целое число ≥ 0)",
                "школа_8.xlsx, лист «Данные», ячейка D12 (events): в ячейке ошибка формулы #ЗНАЧ!: исправьте "
                "формулу или впишите значение (целое число ≥ 0)"]


@example("formula-not-computed")
def _(inbox, tmp_path):
    submission(inbox, "школа_7.xlsx", {"events": "=2+2"})  # openpyxl keeps the formula, computes nothing
    return [], ["школа_7.xlsx, лист «Данные», ячейка D12 (events): в ячейке формула, но её значение не вычислено "
                "(файл сохранён программой, которая не пересчитывает формулы): откройте файл в Excel или "
                "LibreOffice и сохраните его"]


@example("implausible-value")
def _(inbox, tmp_path):
    methodology = tmp_path / "с пределом.yaml"  # mini.yaml, with a plausible maximum of events
    methodology.write_text(MINI.read_text(encoding="utf-8").replace(
        "    unit: ед.\n    section: support\n", "    unit: ед.\n    section: support\n    max: 10000\n", 1),
        encoding="utf-8")
    submission(inbox, "школа_4.xlsx", {"events": 40702810900000012345}, methodology)  # a bank account
    submission(inbox, "школа_5.xlsx", {"pupils_5_11": 1e308}, methodology,  # another school
               meta=meta_for(load_methodology(methodology), org_code="4013"))
    return ["-m", methodology], ["школа_4.xlsx, лист «Данные», ячейка D12 (events): неправдоподобно большое значение "
                "«4,07028E+19», ожидалось не больше 10\xa0000; проверьте, что в ячейку не попало "
                "другое число",
                "школа_5.xlsx, лист «Данные», ячейка D10 (pupils_5_11): неправдоподобно большое значение «1E+308», "
                "ожидалось не больше 9\xa0007\xa0199\xa0254\xa0740\xa0992; проверьте, что в ячейку не попало "
                "другое число"]


@example("negative-value")
def _(inbox, tmp_path):
    submission(inbox, "школа_2.xlsx", {"events": -3})
    return [], ["школа_2.xlsx, лист «Данные», ячейка D12 (events): ожидалось целое число ≥ 0, "
                "получено отрицательное число «-3»"]


@example("dash-value")
def _(inbox, tmp_path):
    submission(inbox, "школа_5.xlsx", {"events": "—"})
    return [], ["школа_5.xlsx, лист «Данные», ячейка D12 (events): получено «—» вместо числа — если имелся в виду "
                "ноль, введите 0; пока значение считается «нет данных»"]


@example("missing-value")
def _(inbox, tmp_path):
    submission(inbox, "школа_2.xlsx", {"events": None, "hours": "х"})
    return [], ["школа_2.xlsx, лист «Данные», ячейка D12 (events): значение не заполнено — считается «нет данных» "
                "(не нулём)",
                "школа_2.xlsx, лист «Данные», ячейка D13 (hours): получено «х» — это «нет данных»; значение не "
                "учитывается (и не считается нулём)"]


@example("missing-row")
def _(inbox, tmp_path):
    submission(inbox, "школа_10.xlsx", {"hours": DROP})
    return [], ["школа_10.xlsx, лист «Данные»: в таблице нет строки с кодом «hours» — значение считается "
                "«нет данных»"]


@example("unknown-code")
def _(inbox, tmp_path):
    submission(inbox, "школа_11.xlsx", {}, extra_rows=[["pupils_5_1", "Опечатка в коде", "чел.", 5]])
    return [], ["школа_11.xlsx, лист «Данные», ячейка D16: неизвестный код «pupils_5_1» — такой строки нет "
                "в методике; строка не учтена"]


@example("duplicate-code")
def _(inbox, tmp_path):
    submission(inbox, "школа_11.xlsx", {}, extra_rows=[["events", "Строка скопирована", "ед.", 5]])
    return [], ["школа_11.xlsx, лист «Данные», ячейка D16 (events): код «events» встречается в таблице повторно "
                "(первый раз — ячейка D12); учтено первое значение"]


@example("part-exceeds-whole")
def _(inbox, tmp_path):
    submission(inbox, "школа_4.xlsx", {"pupils_5_11_surveyed": 900})
    return [], ["школа_4.xlsx, лист «Данные», ячейка D11 (pupils_5_11_surveyed): часть больше целого: "
                "«Обучающиеся 5–11 классов, прошедшие анкетирование» = 900, ожидалось не больше, чем "
                "«Общее количество обучающихся 5–11 классов» = 700; оба значения считаются «нет данных»"]


@example("numerator-exceeds-denominator")
def _(inbox, tmp_path):
    # Without «part_of» the share's own check is what catches it.
    text = re.sub(r"(?m)^    part_of: pupils_5_11\n", "", MINI.read_text(encoding="utf-8"))
    methodology = tmp_path / "без part_of.yaml"
    methodology.write_text(text, encoding="utf-8")
    submission(inbox, "школа_4.xlsx", {"pupils_5_11_surveyed": 900}, methodology=methodology)
    return ["-m", methodology], [
        "школа_4.xlsx, лист «Данные», ячейка D11 (pupils_5_11_surveyed): числитель доли больше знаменателя "
        "(«Обучающиеся 5–11 классов, прошедшие анкетирование» = 900, «Общее количество обучающихся 5–11 классов» = 700); "
        "организация не учитывается в показателе "
        "«Доля обучающихся 5–11 классов, прошедших анкетирование»"]


@example("rule-failed")
def _(inbox, tmp_path):
    submission(inbox, "школа_1.xlsx", {"hours": 500, "events": 2})
    return [], ["школа_1.xlsx, лист «Данные», ячейка D13 (hours): Часов консультаций больше, чем возможно "
                "при таком числе мероприятий: «Часы консультаций» = 500; «Количество мероприятий» = 2"]


@pytest.mark.parametrize("code", list(CATALOGUE))
def test_compute_reports_every_code_with_its_russian_message(code, tmp_path):
    if code not in EXAMPLES:
        pytest.fail(f"the code «{code}» has no end-to-end example in tests/test_problem_catalogue.py")
    inbox = tmp_path / "входящие"
    inbox.mkdir()
    options, expected = EXAMPLES[code](inbox, tmp_path)
    if "-m" not in options:
        options = [*options, "-m", MINI]
    out = tmp_path / "out"

    result = CliRunner().invoke(main, ["compute", str(inbox), "--out", str(out), "--strict", *map(str, options)])

    assert result.exit_code in (1, 2), result.output
    with open(out / "problems.csv", encoding="utf-8", newline="") as stream:
        rows = [row for row in csv.DictReader(stream) if row["code"] == code]
    assert sorted(row["message"] for row in rows) == sorted(expected)
    for row in rows:  # the record's fields make the same message through the catalogue's template
        fields = {key: _unguarded(row[key]) for key in ("file", "sheet", "cell", "element", "found", "expected")}
        assert Problem(code, **fields).message == row["message"]
    report = (out / "report.md").read_text(encoding="utf-8")
    for message in expected:
        assert re.sub(r"[«»|\\]", "", message.split(": ", 1)[1]) in re.sub(r"[«»|\\]", "", report)


def _unguarded(text: str) -> str:
    """A problems.csv field without the «'» that keeps a spreadsheet from running it: «'-3» → «-3»."""
    return text[1:] if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@", "\t", "\r") else text


def test_every_code_has_a_meaning_an_action_and_documented_examples():
    for code, kind in CATALOGUE.items():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", code), code
        assert kind.meaning.endswith(".") and kind.action.endswith("."), code
        assert kind.examples, f"«{code}» needs sample fields (examples=…) for docs/problems.md"
        for fields in kind.examples:
            message = Problem(code, **fields).message
            assert message.startswith(fields["file"]) and re.search("[а-яё]", message), message
            assert "{" not in message, message


def _generator():
    spec = importlib.util.spec_from_file_location("generate_problems", ROOT / "docs" / "generate_problems.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_problems_md_is_generated_from_the_catalogue():
    """If this fails, run ``python docs/generate_problems.py`` and commit docs/problems.md."""
    text = (ROOT / "docs" / "problems.md").read_text(encoding="utf-8")
    assert text == _generator().problems_markdown()
    for code, kind in CATALOGUE.items():
        assert f"\n## {code}\n" in text and kind.meaning in text and kind.action in text
        for fields in kind.examples:
            assert Problem(code, **fields).message in text


def test_the_readme_links_the_catalogue():
    assert "(docs/problems.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
