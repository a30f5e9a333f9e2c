"""``proforient check``: broken variants of tests/fixtures/mini.yaml, each with its code and place."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proforient_cli.cli import main
from proforient_cli.methodology.diagnostics import CATALOGUE, MethodologyError
from proforient_cli.methodology.load import load_methodology, read_methodology
from proforient_cli.core.resources import default_methodology_path
from proforient_cli.methodology.yaml_nodes import Pos, YamlSyntaxError, load

ROOT = Path(__file__).resolve().parent.parent
MINI = (ROOT / "tests" / "fixtures" / "mini.yaml").read_text(encoding="utf-8")
JSON_KEYS = {"code", "severity", "file", "line", "column", "message"}


DIMENSIONS = """dimensions:
  - id: level
    title: Уровень образования
    categories:
      - {id: noo, title: Начальное общее образование}
      - {id: ooo, title: Основное общее образование}
  - id: stage
    title: Ступень
    categories:
      - {id: doo, title: Дошкольное образование}
      - {id: school, title: Школа}
"""


def broken_down(old: str, new: str) -> str:
    """mini.yaml with two breakdowns declared and hours broken down by level, then ``old`` → ``new``."""
    text = MINI.replace("elements:\n", DIMENSIONS + "elements:\n", 1)
    text = text.replace("    type: number\n    unit: ч\n", "    type: number\n    unit: ч\n    by: level\n", 1)
    assert text.count(old) == 1, old
    return text.replace(old, new)


def variant(old: str, new: str) -> str:
    """mini.yaml with one fragment replaced (the fragment must be there exactly once)."""
    assert MINI.count(old) == 1, old
    return MINI.replace(old, new)


# (test id, the broken text, code, line, column, a phrase of the message)
VARIANTS = [
    ("tab-indent", variant('  version: "1"\n', '\tversion: "1"\n'),
     "E100", 4, 1, "символ табуляции"),
    ("unclosed-quote", variant("title: Мониторинг для тестов", 'title: "Мониторинг для тестов'),
     "E100", 5, 10, "кавычка, открытая здесь, не закрыта"),
    ("colon-in-value", variant("title: Мониторинг для тестов", "title: Мониторинг: для тестов"),
     "E100", 5, 20, "двоеточие здесь недопустимо"),
    ("text-after-quotes", variant("basis: Приказ № 1 от 01.01.2024", 'basis: "Приказ" № 1 от 01.01.2024'),
     "E100", 6, 19, "возьмите в кавычки всё значение"),
    ("unknown-top-key", variant("rules:\n", "rulez:\n"),
     "E101", 68, 1, "неизвестный ключ верхнего уровня «rulez» (возможно, имелось в виду «rules»)"),
    ("missing-top-key", variant(MINI[MINI.index("methodology:"):MINI.index("sections:")], ""),
     "E102", 2, 1, "нет обязательного ключа верхнего уровня «methodology»"),
    ("missing-label", variant("    label: Часы консультаций\n", ""),
     "E102", 34, 5, "не указан обязательный ключ «label»"),
    ("missing-denominator", variant("share: {numerator: pupils_5_11_surveyed, denominator: pupils_5_11}",
                                    "share: {numerator: pupils_5_11_surveyed}"),
     "E102", 51, 12, "не указано выражение «denominator»"),
    ("element-not-a-mapping", variant("elements:\n", "elements:\n  - just_text\n"),
     "E103", 14, 5, "ожидался словарь"),
    ("duplicated-id", variant("  - id: hours\n", "  - id: events\n"),
     "E104", 34, 9, "«events» уже встречался в строке 29"),
    ("id-cyrillic", variant("  - id: hours\n", "  - id: часы\n"),
     "E105", 34, 9, "нелатинские символы («ч», «а», «с», «ы»)"),
    ("id-cyrillic-lookalike", variant("  - id: hours\n", "  - id: hоurs\n"),
     "E105", 34, 9, "буквы «о» в нём кириллические (возможно, имелось в виду «hours»)"),
    ("id-camel-case", variant("  - id: hours\n", "  - id: HoursTotal\n"),
     "E105", 34, 9, "возможно, имелось в виду «hours_total»"),
    ("id-hyphen", variant("  - id: hours\n", "  - id: hours-total\n"),
     "E105", 34, 9, "возможно, имелось в виду «hours_total»"),
    ("unknown-section", variant("    section: support\n    unit: ед.\n    count",
                                "    section: suport\n    unit: ед.\n    count"),
     "E106", 60, 14, "неизвестный раздел «suport» (возможно, имелось в виду «support»)"),
    ("unknown-numerator", variant("numerator: pupils_5_11_surveyed", "numerator: pupils_5_11_surveyd"),
     "E107", 51, 24, "неизвестный код «pupils_5_11_surveyd» (возможно, имелось в виду «pupils_5_11_surveyed»)"),
    ("unknown-name-inside-formula", variant("formula: hours / events", "formula: hours / evnts"),
     "E107", 67, 22, "неизвестный код «evnts» (возможно, имелось в виду «events»)"),
    ("unknown-whole", variant("    part_of: pupils_5_11\n", "    part_of: pupils_511\n"),
     "E107", 28, 14, "часть неизвестного элемента «pupils_511» (возможно, имелось в виду «pupils_5_11»)"),
    ("no-way", variant("    formula: hours / events\n", ""),
     "E108", 63, 5, "не указан способ расчёта"),
    ("two-ways", variant("    formula: hours / events\n", "    formula: hours / events\n    sum: hours\n"),
     "E109", 68, 5, "несколько способов расчёта (formula, sum)"),
    ("share-over-flag", variant("numerator: pupils_5_11_surveyed", "numerator: has_plan"),
     "E110", 51, 24, "доля по элементу «has_plan» вида «да/нет»"),
    ("sum-over-text", variant("sum: events", "sum: plan_details"),
     "E110", 56, 10, "сумма по элементу «plan_details» вида «текст»"),
    ("count-over-count", variant("count: has_plan", "count: events"),
     "E111", 62, 12, "count считает организации с ответом «да»"),
    ("part-of-another-type", variant("    part_of: pupils_5_11\n", "    part_of: hours\n"),
     "E112", 28, 14, "указан как часть элемента «hours» другого вида (число)"),
    ("part-of-cycle", variant("    applies_to: [ОО]\n  - id: pupils_5_11_surveyed",
                              "    applies_to: [ОО]\n    part_of: pupils_5_11_surveyed\n  - id: pupils_5_11_surveyed"),
     "E113", 21, 14, "в цикле part_of"),
    ("formula-cycle", variant("formula: hours / events", "formula: hours / events + hours_per_event"),
     "E114", 67, 31, "вычисляется через самого себя"),
    ("expression-unclosed-bracket", variant("formula: hours / events", "formula: hours / (events"),
     "E115", 67, 29, "ожидалось «)», а выражение закончилось"),
    ("expression-quoted", variant("formula: hours / events", 'formula: "hours * * events"'),
     "E115", 67, 23, "ожидалось число, код или «(», получено «*»"),
    ("expression-cyrillic-letter", variant("formula: hours / events", "formula: hоurs / events"),
     "E115", 67, 15, "кириллические буквы, похожие на латинские («о»)"),
    ("expression-ambiguous-comma", variant("formula: hours / events", "formula: max(hours, 1,5)"),
     "E115", 67, 25, "неоднозначно"),
    ("rule-unknown-id", variant("check: hours <= events * 100", "check: hours <= evnts * 100"),
     "E116", 69, 21, "неизвестный элемент «evnts» (возможно, имелось в виду «events»)"),
    ("rule-on-indicator", variant("check: hours <= events * 100", "check: hours <= events_total"),
     "E116", 69, 21, "ссылается на показатель «events_total»"),
    ("target-on-text", variant("sum: events", "sum: plan_details"),
     "E117", 57, 13, "задано целевое значение, но он считается по тексту"),
    ("unknown-element-type", variant("    type: number\n", "    type: nubmer\n"),
     "E118", 36, 11, "неизвестный вид «nubmer» элемента «hours» (возможно, имелось в виду «number»)"),
    ("unknown-element-key", variant("    label: Реквизиты программы", "    lable: Реквизиты программы"),
     "E119", 44, 5, "неизвестный ключ «lable» в описании элемента «plan_details» (возможно, имелось в виду «label»)"),
    ("duplicate-yaml-key", variant("    type: number\n", "    type: number\n    type: count\n"),
     "E120", 37, 5, "ключ «type» указан дважды"),
    ("rule-not-comparison", variant("check: hours <= events * 100", "check: hours - events"),
     "E121", 69, 12, "должна быть сравнением"),
    ("unknown-organization-type", variant("    applies_to: [ОО]\n  - id: pupils_5_11_surveyed",
                                          "    applies_to: [ОО, ДОУ]\n  - id: pupils_5_11_surveyed"),
     "E122", 20, 22, "неизвестный тип организации «ДОУ» (возможно, имелось в виду"),
    ("target-not-a-number", variant("target: {at_least: 10}", "target: {at_least: много}"),
     "E123", 57, 24, "ожидалось число, получено «много»"),
    ("target-not-a-mapping", variant("target: {at_least: 10}", "target: 10"),
     "E123", 57, 13, "ожидался словарь вида {at_least: 200}"),
    ("share-target-over-100", variant("denominator: pupils_5_11}\n",
                                      "denominator: pupils_5_11}\n    target: {at_least: 150}\n"),
     "E123", 52, 24, "от 0 до 100"),
    ("condition-as-formula", variant("formula: hours / events", "formula: hours = events"),
     "E124", 67, 20, "условие, а нужна величина"),
    ("max-not-a-number", variant("    type: number\n    unit: ч\n", "    type: number\n    unit: ч\n    max: много\n"),
     "E125", 38, 10, "«max» элемента «hours»: ожидалось число, получено «много»"),
    ("unknown-dimension", variant("    type: number\n    unit: ч\n", "    type: number\n    unit: ч\n    by: level\n"),
     "E126", 38, 9, "«by» элемента «hours»: неизвестная разбивка «level»; разбивки объявляются в «dimensions»"),
    ("category-without-breakdown", variant("check: hours <= events * 100", "check: hours[noo] <= events * 100"),
     "E127", 69, 18, "«hours[noo]»: у элемента «hours» нет разбивки (by), категорию указать нельзя"),
    ("breakdown-on-a-flag", broken_down("    label: Наличие программы (плана работы)\n",
                                        "    label: Наличие программы (плана работы)\n    by: level\n"),
     "E128", 53, 9, "«by» элемента «has_plan»: разбивка возможна только для чисел, а элемент — да/нет"),
    ("category-of-another-dimension", broken_down("check: hours <= events * 100", "check: hours[doo] <= events * 100"),
     "E127", 81, 18, "«hours[doo]»: у разбивки «level» элемента «hours» нет категории «doo» — это категория "
                     "разбивки «stage»"),
    ("max-on-a-flag", variant("    label: Наличие программы (плана работы)\n",
                              "    label: Наличие программы (плана работы)\n    max: 1\n"),
     "E125", 41, 10, "«max» элемента «has_plan»: предел задаётся только для чисел"),
    ("unknown-units-word", variant("  period: по состоянию на 31 мая\n",
                                   "  period: по состоянию на 31 мая\n  report:\n    units: отделы\n"),
     "E129", 9, 12, "«units» «report» методики: неизвестное слово «отделы»; допустимы: организации, подразделения"),
]


def _write(tmp_path: Path, text: str, name: str = "indicators.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _check(*args: str):
    return CliRunner().invoke(main, ["check", *args])


@pytest.mark.parametrize("text, code, line, column, phrase",
                         [v[1:] for v in VARIANTS], ids=[v[0] for v in VARIANTS])
def test_broken_variant_text(tmp_path, text, code, line, column, phrase):
    path = _write(tmp_path, text)
    result = _check(str(path))
    assert result.exit_code == 1, result.output
    prefix = f"{path}:{line}:{column}: ошибка {code}: "
    matching = [row for row in result.output.splitlines() if row.startswith(prefix)]
    assert matching, f"no line starting with {prefix!r} in:\n{result.output}"
    assert any(phrase in row for row in matching), result.output
    assert result.output.splitlines()[-1].startswith(f"{path}: ошибок: ")


@pytest.mark.parametrize("text, code, line, column, phrase",
                         [v[1:] for v in VARIANTS], ids=[v[0] for v in VARIANTS])
def test_broken_variant_json(tmp_path, text, code, line, column, phrase):
    path = _write(tmp_path, text)
    result = _check("--format", "json", str(path))
    assert result.exit_code == 1, result.output
    findings = json.loads(result.output)
    assert all(set(f) == JSON_KEYS for f in findings)
    assert any(
        f["code"] == code and f["severity"] == "error" and f["file"] == str(path)
        and f["line"] == line and f["column"] == column and phrase in f["message"]
        for f in findings
    ), findings


def test_every_code_of_the_catalogue_is_exercised():
    codes = {v[2] for v in VARIANTS} | {"W201", "W202", "W203", "W204"}
    assert codes == set(CATALOGUE)


def test_valid_file_passes_with_the_summary_line():
    path = ROOT / "tests" / "fixtures" / "mini.yaml"
    result = _check(str(path))
    assert result.exit_code == 0, result.output
    assert result.output == f"{path}: ошибок нет, предупреждений: 0\n"
    result = _check("--format", "json", str(path))
    assert (result.exit_code, json.loads(result.output)) == (0, [])


WARNINGS = variant("sections:\n", "sections:\n  - id: empty_direction\n    title: Пустой раздел\n").replace(
    "  - id: plan_details\n",
    "  - id: unused_count\n    label: Никем не используемое число\n    type: count\n    section: support\n"
    "  - id: plan_details\n",
)


def test_warnings_do_not_fail_the_check(tmp_path):
    path = _write(tmp_path, WARNINGS)
    result = _check(str(path))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"{path}:9:9: предупреждение W202: в разделе «empty_direction» нет ни элементов, ни показателей",
        f"{path}:45:9: предупреждение W201: элемент «unused_count» не используется ни в одном показателе "
        f"или правиле",
        f"{path}: ошибок нет, предупреждений: 2",
    ]
    findings = json.loads(_check("--format", "json", str(path)).output)
    assert [(f["code"], f["severity"], f["line"], f["column"]) for f in findings] == [
        ("W202", "warning", 9, 9), ("W201", "warning", 45, 9),
    ]


def test_version_written_as_a_number_is_a_warning(tmp_path):
    path = _write(tmp_path, variant('  version: "1"\n', "  version: 1.10\n"))
    result = _check(str(path))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        f'{path}:4:12: предупреждение W203: версия прочитана как число 1.1: YAML отбрасывает нули в конце '
        f'(1.10 становится 1.1); возьмите версию в кавычки, например version: "1.10"')


def test_a_sum_over_elements_of_different_organization_types_is_a_warning(tmp_path):
    """A school's and a kindergarten's elements in one sum: no organization reports both."""
    path = _write(tmp_path, variant("    sum: events\n", "    sum: events + pupils_5_11\n").replace(
        "  - id: events\n    label: Количество мероприятий\n    type: count\n    unit: ед.\n    section: support\n",
        "  - id: events\n    label: Количество мероприятий\n    type: count\n    unit: ед.\n    section: support\n"
        "    applies_to: [ДОО]\n"))
    result = _check(str(path))
    assert result.exit_code == 0, result.output
    assert "предупреждение W204: показатель «events_total» складывается из элементов, которые не заполняет " \
           "ни одна организация целиком (events, pupils_5_11)" in result.output


def test_cp1251_file_is_named_as_such(tmp_path):
    path = tmp_path / "indicators.yaml"
    path.write_bytes(MINI.encode("cp1251"))
    result = _check(str(path))
    assert result.exit_code == 1
    assert result.output.startswith(f"{path}:5:10: ошибка E100: файл сохранён не в кодировке UTF-8 "
                                    f"(похоже, в Windows-1251)")


def test_missing_file_is_bad_usage(tmp_path):
    result = _check(str(tmp_path / "нет.yaml"))
    assert result.exit_code == 2
    assert f"Ошибка: файл не найден: {tmp_path / 'нет.yaml'}" in result.output


def test_unreadable_file_is_bad_usage(tmp_path):
    blocker = _write(tmp_path, "not a folder")
    result = _check(str(blocker / "indicators.yaml"))  # a path "through" a file cannot be opened
    assert result.exit_code == 2
    assert "Ошибка: " in result.output and ("не удалось прочитать" in result.output or "не найден" in result.output)


def test_directory_is_bad_usage(tmp_path):
    result = _check(str(tmp_path))
    assert result.exit_code == 2
    assert f"Ошибка: {tmp_path} — папка, а не файл методики" in result.output


def test_no_argument_checks_the_local_file(tmp_path, monkeypatch):
    _write(tmp_path, variant('  version: "1"\n', '\tversion: "1"\n'))
    monkeypatch.chdir(tmp_path)
    result = _check()
    assert result.exit_code == 1
    assert result.output.startswith("indicators.yaml:4:1: ошибка E100: ")


def test_no_argument_in_an_empty_folder_checks_the_shipped_default(tmp_path, monkeypatch):
    if not default_methodology_path().exists():
        pytest.skip("the default methodology is not written yet")
    monkeypatch.chdir(tmp_path)
    result = _check()
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith(f"{default_methodology_path()}: ошибок нет")


def test_several_files_at_once(tmp_path):
    good = ROOT / "tests" / "fixtures" / "mini.yaml"
    bad = _write(tmp_path, variant("    type: number\n", "    type: nubmer\n"), "bad.yaml")
    result = _check(str(good), str(bad))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{good}: ошибок нет, предупреждений: 0",
        f"{bad}:36:11: ошибка E118: неизвестный вид «nubmer» элемента «hours» (возможно, имелось в виду "
        f"«number»); допустимы: count, number, flag, text",
        f"{bad}: ошибок: 1, предупреждений: 0",
    ]
    findings = json.loads(_check("--format", "json", str(good), str(bad)).output)
    assert [(f["file"], f["code"]) for f in findings] == [(str(bad), "E118")]


def test_a_missing_file_among_others_is_still_bad_usage(tmp_path):
    good = ROOT / "tests" / "fixtures" / "mini.yaml"
    result = _check(str(good), str(tmp_path / "нет.yaml"))
    assert result.exit_code == 2
    assert f"{good}: ошибок нет" in result.output


def test_help_of_check_is_russian():
    result = CliRunner().invoke(main, ["check", "--help"])
    assert result.exit_code == 0
    assert "Проверить файл методики" in result.output


# -- the library behind the command ------------------------------------------------------------


def test_load_methodology_raises_with_the_errors(tmp_path):
    path = _write(tmp_path, variant("count: has_plan", "count: events"))
    with pytest.raises(MethodologyError) as raised:
        load_methodology(path)
    assert [d.code for d in raised.value.diagnostics if d.severity == "error"] == ["E111"]
    assert f"{path}:62:12: ошибка E111" in str(raised.value)


def test_valid_file_builds_the_model():
    methodology = load_methodology(ROOT / "tests" / "fixtures" / "mini.yaml")
    assert [i.kind for i in methodology.indicators] == ["share", "sum", "count", "formula"]
    assert methodology.indicator("hours_per_event").expression.pos == Pos(67, 14)
    assert methodology.element("pupils_5_11_surveyed").part_of == "pupils_5_11"


def test_merge_keys_are_applied(tmp_path):
    text = variant(
        "  - id: events\n    label: Количество мероприятий\n    type: count\n    unit: ед.\n    section: support\n",
        "  - &support_count\n    id: events\n    label: Количество мероприятий\n    type: count\n    unit: ед.\n"
        "    section: support\n  - <<: *support_count\n    id: visits\n    label: Посещения\n",
    ).replace("sum: events", "sum: events + visits")
    methodology, diagnostics = read_methodology(_write(tmp_path, text))
    assert diagnostics == []
    visits = methodology.element("visits")
    assert (visits.type, visits.unit, visits.section, visits.label) == ("count", "ед.", "support", "Посещения")


def test_block_scalar_expression_points_at_its_first_line(tmp_path):
    text = variant("formula: hours / events", "formula: >-\n      hours / (events")
    _, diagnostics = read_methodology(_write(tmp_path, text))
    assert [(d.code, d.line, d.column) for d in diagnostics] == [("E115", 68, 22)]


def test_two_indicator_formula_cycle(tmp_path):
    text = variant("rules:\n", (
        "  - id: a_loop\n    title: А\n    section: support\n    formula: b_loop + 1\n"
        "  - id: b_loop\n    title: Б\n    section: support\n    formula: a_loop * 2\n"
        "rules:\n"))
    _, diagnostics = read_methodology(_write(tmp_path, text))
    assert [(d.code, d.line, d.column) for d in diagnostics] == [("E114", 71, 14), ("E114", 75, 14)]


@pytest.mark.parametrize("text, pos, phrase", [
    ("a: &x [*x]\n", Pos(1, 4), "сам на себя"),
    ("a: " + "[" * 500 + "\n", Pos(1, 1), "вложенность"),
    ("a: \x07\n", Pos(1, 4), "U+0007"),
    ("a: !!int abc\n", Pos(1, 4), "не удаётся прочитать"),
    ("a: 2021-13-45\n", Pos(1, 4), "не удаётся прочитать"),
    ("a: 1\n---\nb: 2\n", Pos(2, 1), "больше одного документа"),
    ("a: [1, 2\n", Pos(1, 4), "не закрыта"),
    ("a: !foo 1\n", Pos(1, 4), "неизвестный тег"),
])
def test_yaml_problems_become_syntax_errors(text, pos, phrase):
    with pytest.raises(YamlSyntaxError) as raised:
        load(text)
    assert raised.value.pos == pos and phrase in raised.value.message


_MUTATION = st.tuples(st.integers(0, len(MINI)), st.integers(0, 3),
                      st.text(alphabet=st.sampled_from(list(":-[]{}\"'&*!|>#\t\n ,<=+/()аяxz0_\x00\x07")),
                              max_size=4))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutations=st.lists(_MUTATION, min_size=1, max_size=3))
def test_any_damage_gives_diagnostics_never_a_crash(tmp_path, mutations):
    text = MINI
    for position, cut, insert in mutations:
        position = min(position, len(text))
        text = text[:position] + insert + text[position + cut:]
    path = tmp_path / "damaged.yaml"
    path.write_text(text, encoding="utf-8")
    methodology, diagnostics = read_methodology(path)
    for diagnostic in diagnostics:
        assert diagnostic.code in CATALOGUE
        assert diagnostic.line >= 1 and diagnostic.column >= 1
        assert diagnostic.as_text().startswith(f"{path}:{diagnostic.line}:{diagnostic.column}: ")


# -- speed of the command line -------------------------------------------------------------------


def test_cli_import_does_not_load_heavy_libraries():
    """``proforient --help`` and ``--version`` must stay fast: no pandas, numpy or openpyxl."""
    code = (
        "import sys, proforient_cli.cli.commands\n"
        "print(','.join(m for m in ('pandas', 'numpy', 'openpyxl', 'python_calamine', 'jinja2') "
        "if m in sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=ROOT, env=env).stdout.strip()
    assert loaded == ""


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["check", "--help"]])
def test_help_and_version_do_not_load_heavy_libraries(args):
    code = (
        "import sys\nfrom proforient_cli.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('pandas', 'numpy', 'openpyxl') if m in sys.modules]\n"
        "sys.stderr.write('HEAVY:' + ','.join(heavy))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env)
    assert re.search(r"HEAVY:$", result.stderr), result.stderr


# -- the reference document and the pre-commit hook ------------------------------------------------

DOC = ROOT / "docs" / "methodology-format.md"


def _generator():
    import importlib.util

    spec = importlib.util.spec_from_file_location("docs_generate", ROOT / "docs" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_catalogue_is_up_to_date():
    """If this fails, run ``python docs/generate.py`` and commit docs/methodology-format.md."""
    text = DOC.read_text(encoding="utf-8")
    assert _generator().updated(text) == text
    for code, (_, meaning) in CATALOGUE.items():
        assert f"| `{code}` |" in text and meaning in text


def test_docs_describe_every_key():
    from proforient_cli.methodology import build as m

    text = DOC.read_text(encoding="utf-8")
    keys = {*m.TOP_KEYS, *m.META_KEYS, *m.SECTION_KEYS, *m.ELEMENT_KEYS, *m.INDICATOR_KEYS, *m.RULE_KEYS,
            *m.TARGET_KEYS, *m.SHARE_KEYS}
    assert [key for key in sorted(keys) if f"`{key}`" not in text] == []


def test_docs_example_is_a_valid_methodology(tmp_path):
    text = DOC.read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(methodology:.*?)```", text, re.S).group(1)
    path = _write(tmp_path, example)
    result = _check(str(path))
    assert result.exit_code == 0, result.output
    assert result.output == f"{path}: ошибок нет, предупреждений: 0\n"


def test_pre_commit_hook():
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "proforient-check")
    assert (hook["entry"], hook["language"]) == ("proforient check", "python")
    files = re.compile(hook["files"])
    assert all(files.search(p) for p in ["indicators.yaml", "methodologies/2024/indicators.yml",
                                         "indicators-mosalsk.yaml"])
    assert not any(files.search(p) for p in ["my_indicators.yaml", "indicators.yaml.bak", "templates/x.yaml"])
    assert "proforient-check" in DOC.read_text(encoding="utf-8")
