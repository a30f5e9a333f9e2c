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


@pytest.fixture(scope="module")
def computed(tmp_path_factory):
    base = tmp_path_factory.mktemp("levels")
    methodology = base / "indicators.yaml"
    methodology.write_text(METHODOLOGY, encoding="utf-8")
    roster = base / "roster.csv"
    roster.write_text("Код;Наименование;Тип\n1;Школа А;ОО\n2;Школа Б;ОО\n3;Школа В;ОО\n", encoding="utf-8")
    invoke("template", "-m", methodology, "--roster", roster, "--out", base / "t")
    (base / "in").mkdir()
    for code, values in SCHOOLS.items():
        fill_template(next((base / "t").glob(f"{code}_*.xlsx")), values, base / "in" / f"{code}.xlsx")
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
