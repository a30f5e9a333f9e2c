"""Breakdowns (disaggregation): an element typed per education level, indicators per level and in all.

The story: the methodist's methodology counts events by level of education; the template has a
row per level; two schools and a kindergarten fill it; the report and results.csv give each
level's value and the totals, which the test adds up by hand.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import proforient_cli as pf
from proforient_cli.cli import main
from test_compute_cli import fill_template

METHODOLOGY = """\
methodology: {id: levels-test, version: "1", title: Профориентация по уровням образования}
sections:
  - {id: forms, title: Формы профориентационной работы}
dimensions:
  - id: level
    title: Уровень образования
    categories:
      - {id: doo, title: Дошкольное образование}
      - {id: noo, title: Начальное общее образование}
      - {id: ooo, title: Основное общее образование}
elements:
  - {id: events, label: Количество профориентационных мероприятий, type: count, unit: ед., section: forms, by: level}
  - {id: pupils, label: Количество обучающихся, type: count, unit: чел., section: forms, by: level}
  - {id: pupils_covered, label: Из них охвачены мероприятиями, type: count, unit: чел., section: forms,
     by: level, part_of: pupils}
indicators:
  - {id: events_total, title: Количество мероприятий, section: forms, unit: ед., sum: events}
  - {id: events_noo, title: Количество мероприятий в начальной школе, section: forms, unit: ед., sum: "events[noo]"}
  - {id: events_by_level, title: Количество мероприятий по уровням, section: forms, unit: ед., sum: events, by: level}
  - id: covered_by_level
    title: Доля охваченных мероприятиями
    section: forms
    share: {numerator: pupils_covered, denominator: pupils}
    by: level
rules:
  - check: "events[ooo] <= 100"
    message: Мероприятий в основной школе больше, чем возможно за год
"""

SCHOOLS = {
    "1": {"events[doo]": 2, "events[noo]": 5, "events[ooo]": 7,
          "pupils[doo]": 20, "pupils[noo]": 100, "pupils[ooo]": 150,
          "pupils_covered[doo]": 10, "pupils_covered[noo]": 60, "pupils_covered[ooo]": 150},
    "2": {"events[doo]": 0, "events[noo]": 3, "events[ooo]": 4,
          "pupils[doo]": 0, "pupils[noo]": 50, "pupils[ooo]": 50,
          "pupils_covered[doo]": 0, "pupils_covered[noo]": 40, "pupils_covered[ooo]": 25},
    "3": {"events[doo]": 6, "events[noo]": None, "events[ooo]": 1,  # one level left blank
          "pupils[doo]": 30, "pupils[noo]": 10, "pupils[ooo]": 10,
          "pupils_covered[doo]": 30, "pupils_covered[noo]": 5, "pupils_covered[ooo]": 5},
}


def filled(base: Path, methodology_text: str, roster_text: str, schools: dict) -> tuple[Path, Path]:
    """The methodology and roster written into ``base``, their templates in ``t/``, each filled
    as the school would in ``in/``; returns the methodology's and the roster's paths."""
    methodology = base / "indicators.yaml"
    methodology.write_text(methodology_text, encoding="utf-8")
    roster = base / "roster.csv"
    roster.write_text(roster_text, encoding="utf-8")
    invoke("template", "-m", methodology, "--roster", roster, "--out", base / "t")
    (base / "in").mkdir()
    for code, values in schools.items():
        fill_template(next((base / "t").glob(f"{code}_*.xlsx")), values, base / "in" / f"{code}.xlsx")
    return methodology, roster


@pytest.fixture(scope="module")
def computed(tmp_path_factory):
    base = tmp_path_factory.mktemp("levels")
    methodology, roster = filled(base, METHODOLOGY, "Код;Наименование;Тип\n1;Школа А;ОО\n2;Школа Б;ОО\n3;Школа В;ОО\n",
                                 SCHOOLS)
    result = invoke("compute", base / "in", "-m", methodology, "--roster", roster, "--out", base / "out")
    assert result.exit_code == 0, result.output
    return base, methodology


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def rows(out: Path) -> list[dict[str, str]]:
    with open(out / "results.csv", encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def total(out: Path, indicator: str, category: str = "") -> dict[str, str]:
    return next(r for r in rows(out) if r["level"] == "total" and r["indicator"] == indicator
                and r["category"] == category)


def test_the_template_has_a_row_per_category_under_the_elements_label(computed):
    base, _ = computed
    sheet = openpyxl.load_workbook(next((base / "t").glob("1_*.xlsx")))["Данные"]
    lines = [(row[5].value, row[1].value, row[0].value) for row in sheet.iter_rows(max_col=6)]  # Код, label, №
    at = lines.index((None, "Количество профориентационных мероприятий", "1.1"))
    assert lines[at + 1:at + 4] == [("events[doo]", "Дошкольное образование", "1.1.1"),
                                    ("events[noo]", "Начальное общее образование", "1.1.2"),
                                    ("events[ooo]", "Основное общее образование", "1.1.3")]
    assert "events" not in [code for code, _, _ in lines]  # the total is never typed


def test_totals_and_categories_are_the_sums_done_by_hand(computed):
    base, _ = computed
    out = base / "out"
    header = open(out / "results.csv", encoding="utf-8").readline().strip()
    assert header == ("level,org_code,org_name,indicator,title,value,numerator,denominator,unit,target,target_met,"
                      "category")
    # events_total: school 3 left a level blank, so its total is «нет данных» and it is left out
    assert total(out, "events_total")["value"] == str((2 + 5 + 7) + (0 + 3 + 4))
    assert total(out, "events_noo")["value"] == str(5 + 3)
    assert [total(out, "events_by_level", c)["value"] for c in ("doo", "noo", "ooo")] == [
        str(2 + 0 + 6), str(5 + 3), str(7 + 4 + 1)]
    share = total(out, "covered_by_level", "noo")
    assert (share["numerator"], share["denominator"]) == (str(60 + 40 + 5), str(100 + 50 + 10))
    assert float(share["value"]) == pytest.approx(105 / 160 * 100)
    assert not [r for r in rows(out) if r["indicator"] == "events_by_level" and not r["category"]]
    assert {r["category"] for r in rows(out) if r["indicator"] == "events_total"} == {""}


def test_the_report_shows_each_category_as_a_line_of_its_own(computed):
    base, _ = computed
    report = (base / "out" / "report.md").read_text(encoding="utf-8")
    assert "| 1.3.1 | Количество мероприятий по уровням: Дошкольное образование | 8\u00a0ед. |" in report
    assert "| 1.3.3 | Количество мероприятий по уровням: Основное общее образование | 12\u00a0ед. |" in report
    assert "1.4.2 | Доля охваченных мероприятиями: Начальное общее образование | 65,6\u00a0% (105 из 160)" in report
    # the blank category is named as a problem of its cell, by sheet and cell, not by its code
    assert "- лист «Данные», ячейка D16: значение не заполнено" in report and "events[noo]" not in report


def test_the_python_api_has_the_category_column(computed):
    base, methodology = computed
    run = pf.compute_files([base / "in"], methodology=methodology)
    by_level = run.results[(run.results.level == "total") & (run.results.indicator == "events_by_level")]
    assert list(by_level.category) == ["doo", "noo", "ooo"]
    assert list(by_level.value) == [8.0, 8.0, 12.0]


def test_describe_says_the_indicator_is_computed_per_category(computed, tmp_path):
    _, methodology = computed
    invoke("describe", "-m", methodology, "--out", tmp_path)
    text = (tmp_path / "methodology.md").read_text(encoding="utf-8")
    assert "рассчитывается отдельно по каждой категории (дошкольное образование" in text
    assert "(начальное общее образование)" in text  # events[noo] named by its category


# A district's levels are not every organization's: a kindergarten has only дошкольное образование,
# a basic school (ООШ) no 10–11 classes. Each category names the types that have it; an element's
# total is the sum of the categories the organization has, so a total across levels exists.
BY_TYPE = """\
methodology:
  id: levels-by-type
  version: "1"
  title: Охват профориентацией по уровням образования
  organization_types:
    ДОО: Дошкольная образовательная организация
    ОО: Средняя общеобразовательная школа
    ООШ: Основная общеобразовательная школа
sections:
  - {id: cover, title: Охват по уровням образования}
  - {id: senior, title: Среднее общее образование}
dimensions:
  - id: level
    title: Уровень образования
    categories:
      - {id: doo, title: Дошкольное образование, applies_to: [ДОО]}
      - {id: noo, title: Начальное общее образование, applies_to: [ОО, ООШ]}
      - {id: soo, title: Среднее общее образование, applies_to: ОО}
elements:
  - {id: pupils, label: Количество обучающихся (воспитанников), type: count, unit: чел., section: cover, by: level}
  - {id: covered, label: Из них охвачены профориентационными мероприятиями, type: count, unit: чел.,
     section: cover, by: level, part_of: pupils}
  - {id: portal_pupils, label: Количество обучающихся 10-11 классов — участников проекта «Билет в будущее»,
     type: count, unit: чел., section: senior, applies_to: [ОО], part_of: "pupils[soo]"}
indicators:
  - {id: coverage, title: Доля обучающихся (воспитанников) — всего по уровням образования, section: cover,
     share: {numerator: covered, denominator: pupils}}
  - {id: coverage_by_level, title: Доля охваченных профориентационными мероприятиями, section: cover,
     share: {numerator: covered, denominator: pupils}, by: level}
  - {id: portal_share, title: Доля обучающихся 10-11 классов — участников проекта «Билет в будущее», section: senior,
     share: {numerator: portal_pupils, denominator: "pupils[soo]"}}
"""
BY_TYPE_ROSTER = "Код;Наименование;Тип\n1;Детский сад «Ромашка»;ДОО\n2;Средняя школа;ОО\n3;Основная школа;ООШ\n" \
                 "4;Вторая основная школа;ООШ\n"
BY_TYPE_VALUES = {
    "1": {"pupils[doo]": 40, "covered[doo]": 30},
    "2": {"pupils[noo]": 100, "covered[noo]": 60, "pupils[soo]": 50, "covered[soo]": 50, "portal_pupils": 20},
    "3": {"pupils[noo]": 80, "covered[noo]": 40},
    "4": {"pupils[noo]": 80, "covered[noo]": 90},  # more covered than pupils of the level
}


@pytest.fixture(scope="module")
def by_type(tmp_path_factory):
    base = tmp_path_factory.mktemp("by-type")
    methodology, roster = filled(base, BY_TYPE, BY_TYPE_ROSTER, BY_TYPE_VALUES)
    return base, pf.compute_files([base / "in"], methodology=methodology, roster=roster)


def codes_in_template(base: Path, code: str) -> list[str]:
    sheet = openpyxl.load_workbook(next((base / "t").glob(f"{code}_*.xlsx")))["Данные"]
    return [row[5].value for row in sheet.iter_rows(max_col=6) if row[5].value and "[" in str(row[5].value)
            or row[5].value == "portal_pupils"]


def test_each_organization_gets_only_the_levels_it_has(by_type):
    base, _ = by_type
    assert codes_in_template(base, "1") == ["pupils[doo]", "covered[doo]"]
    assert codes_in_template(base, "2") == ["pupils[noo]", "pupils[soo]", "covered[noo]", "covered[soo]",
                                            "portal_pupils"]
    assert codes_in_template(base, "3") == ["pupils[noo]", "covered[noo]"]


def test_the_total_across_levels_covers_every_organization_and_is_the_sum_by_hand(by_type):
    _, run = by_type
    totals = run.results[run.results.level == "total"].set_index(["indicator", "category"])
    # school 4 reported more covered than pupils: left out, the other three counted
    assert totals.loc[("coverage", ""), "numerator"] == 30 + (60 + 50) + 40
    assert totals.loc[("coverage", ""), "denominator"] == 40 + (100 + 50) + 80
    by_level = {c: (totals.loc[("coverage_by_level", c), "numerator"], totals.loc[("coverage_by_level", c), "denominator"])
                for c in ("doo", "noo", "soo")}
    assert by_level == {"doo": (30, 40), "noo": (60 + 40, 100 + 80), "soo": (50, 50)}
    assert totals.loc[("portal_share", ""), "value"] == pytest.approx(20 / 50 * 100)


def test_a_level_an_organization_does_not_have_is_not_asked_for(by_type):
    _, run = by_type
    problems = run.problems
    assert list(problems.file) == ["4.xlsx"]  # the kindergarten is not told its 1–4 classes are missing
    message = problems.message.iloc[0]
    assert "«Из них охвачены профориентационными мероприятиями (начальное общее образование)» = 90" in message
    assert "«Количество обучающихся (воспитанников)\u00a0— начальное общее образование» = 80" in message


def test_check_names_an_unknown_type_of_a_category_and_an_unknown_category_of_a_whole(tmp_path):
    text = BY_TYPE.replace("applies_to: ОО}", "applies_to: СОШ}").replace('part_of: "pupils[soo]"', 'part_of: "pupils[ooo]"')
    path = tmp_path / "indicators.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1, result.output
    assert "E122" in result.output and "у категории «soo» разбивки «level» неизвестный тип организации «СОШ»" in result.output
    assert "E127" in result.output and "«pupils[ooo]»: у разбивки «level» элемента «pupils» нет категории «ooo»" in result.output
    lines = [line for line in result.output.splitlines() if "E122" in line or "E127" in line]
    assert all(line.startswith(f"{path}:") for line in lines)  # each with line:column


def test_the_school_sees_a_level_above_its_whole_while_typing(by_type):
    """The «Проверка» cell of a category compares it with the same category of its whole, and a part
    of one category with that category's row."""
    base, _ = by_type
    sheet = openpyxl.load_workbook(next((base / "t").glob("2_*.xlsx")))["Данные"]
    rows = {row[5].value: row[0].row for row in sheet.iter_rows(max_col=6) if row[5].value}

    def check(code: str) -> str:
        return str(sheet.cell(rows[code], 5).value)  # «Проверка»

    assert f"D{rows['covered[noo]']}>D{rows['pupils[noo]']}" in check("covered[noo]")
    assert "Больше, чем «Количество обучающихся (воспитанников) — начальное общее образование» (строка" \
        in check("covered[noo]")
    assert f"D{rows['portal_pupils']}>D{rows['pupils[soo]']}" in check("portal_pupils")


def test_a_chart_names_each_level_by_its_category(by_type):
    """The bars of «по уровням» differ by their level, so the level is what a bar is called."""
    from proforient_cli.report.view import build_view

    _, run = by_type
    labels = {line.number: line.label for line in build_view(run.report).lines}
    assert labels["1.2.1"] == "Дошкольное образование" and labels["1.2.3"] == "Среднее общее образование"
    assert labels["1.1"] == "Доля обучающихся (воспитанников) — всего по уровням образования"
