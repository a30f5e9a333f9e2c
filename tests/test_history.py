"""Year after year: changes against the previous period, cumulative indicators, new and gone schools."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner

from proforient_cli.cli import main
from test_compute_cli import fill_template

MINI = Path(__file__).resolve().parent / "fixtures" / "mini.yaml"
ROSTER = "Код;Наименование;Тип\n1;Школа А;ОО\n2;Школа Б;ОО\n3;Школа В;ОО\n"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def year(tmp_path: Path, methodology: Path, period: str, values: dict[str, dict], *options) -> Path:
    """Templates for the year, filled by the schools in ``values``, computed into a report folder."""
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    invoke("template", "-m", methodology, "--roster", roster, "--out", tmp_path / f"t{period}", "--period", period)
    inbox = tmp_path / f"in{period}"
    inbox.mkdir()
    for template in (tmp_path / f"t{period}").glob("*.xlsx"):
        code = template.name.split("_")[0]
        if code in values:
            fill_template(template, values[code], inbox / template.name)
    out = tmp_path / f"справка-{period}"
    invoke("compute", inbox, "-m", methodology, "--out", out, *options)
    return out


def rows(out: Path) -> dict:
    with open(out / "results.csv", encoding="utf-8") as stream:
        return {(r["org_code"] or "total", r["indicator"]): r for r in csv.DictReader(stream)}


def test_the_report_shows_each_indicators_change_against_last_year(tmp_path):
    first = year(tmp_path, MINI, "2023", {
        "1": {"pupils_5_11": 100, "pupils_5_11_surveyed": 40, "events": 4},
        "2": {"pupils_5_11": 100, "pupils_5_11_surveyed": 50, "events": 6},
    })
    second = year(tmp_path, MINI, "2024", {
        "1": {"pupils_5_11": 100, "pupils_5_11_surveyed": 60, "events": 9},
        "3": {"pupils_5_11": 100, "pupils_5_11_surveyed": 50, "events": 3},
    }, "--previous", first)
    report = (second / "report.md").read_text(encoding="utf-8")
    assert "| № | Показатель | Значение | Изменение к «2023» |" in report
    # Школа А, the one school of both years, went from 40 % to 60 %: the change over the comparable
    # set; beside it the plain totals' change, 55 % now against 45 %, in percentage points, never
    # in percent of percent
    assert ("| 1.1 | Доля обучающихся 5–11 классов, прошедших анкетирование | 55\u00a0% (110 из 200) | "
            "+20\u00a0п.п. по сопоставимому кругу (1 организация); по всем представившим: +10\u00a0п.п. |") in report
    assert ("| 2.1 | Количество мероприятий | 12\u00a0ед. | +5\u00a0ед. (+125\u00a0%) по сопоставимому кругу "
            "(1 организация); по всем представившим: +2\u00a0ед. (+20\u00a0%) |") in report
    assert "В 2023 г. данные не представляли, в 2024 г. представили: Школа В." in report
    assert "В 2023 г. данные представляли, в 2024 г. не представили: Школа Б." in report
    assert "| Школа А | 60\u00a0% (60 из 100); +20\u00a0п.п. |" in report
    header = (second / "results.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.endswith(",target,target_met")  # the pinned header is kept


def test_a_cumulative_indicator_sums_the_periods_given(tmp_path):
    text = MINI.read_text(encoding="utf-8").replace(
        "    sum: events\n    target: {at_least: 10}\n", "    sum: events\n    cumulative: true\n    target: {at_least: 10}\n")
    methodology = tmp_path / "indicators.yaml"
    methodology.write_text(text, encoding="utf-8")
    first = year(tmp_path, methodology, "2023", {"1": {"events": 4}, "2": {"events": 2}})
    assert rows(first)[("total", "events_total")]["target_met"] == "false"  # 6 of 10 in the first year
    second = year(tmp_path, methodology, "2024", {"1": {"events": 3}, "2": {"events": 1}}, "--previous", first)
    results = rows(second)
    assert results[("total", "events_total")]["value"] == "10"  # 6 + 4, нарастающим итогом
    assert results[("total", "events_total")]["target_met"] == "true"
    assert results[("1", "events_total")]["value"] == "7"
    report = (second / "report.md").read_text(encoding="utf-8")
    assert "Количество мероприятий (нарастающим итогом за 2023, 2024)" in report


def test_a_previous_path_that_is_not_a_report_is_a_clear_error(tmp_path):
    (tmp_path / "x.xlsx").write_bytes(b"x")
    result = CliRunner().invoke(main, ["compute", str(tmp_path / "x.xlsx"), "-m", str(MINI),
                                       "--previous", str(tmp_path / "нет")])
    assert result.exit_code == 2
    assert "не найден файл результатов прошлого периода" in result.output


def test_report_xlsx_draws_each_indicator_over_the_periods(tmp_path):
    import openpyxl

    first = year(tmp_path, MINI, "2023", {"1": {"events": 4}})
    second = year(tmp_path, MINI, "2024", {"1": {"events": 6}}, "--previous", first)
    book = openpyxl.load_workbook(second / "report.xlsx")
    sheet = book["Динамика"]
    assert [c.value for c in sheet[1]][:5] == ["№", "Показатель", "Ед. изм.", "2023", "2024"]
    events = next(row for row in sheet.iter_rows(values_only=True) if row[1] == "Количество мероприятий")
    assert events[3:5] == (4, 6)
    # a chart per section and unit, a line per indicator: «1. …, %»; «2. …, ед.», «2. …» (counts), «2. …, ч»
    assert all(type(c).__name__ == "LineChart" for c in sheet._charts)
    assert sum(len(c.series) for c in sheet._charts) == 4 and len(sheet._charts) < 4 + 1
    summary = book["Сводка"]
    assert [c.value for c in summary[1]][-1] == "Изменение к «2023»"


def test_last_years_results_re_saved_in_excel_are_still_read(tmp_path):
    """A methodist opened results.csv in Excel and saved it: a byte order mark and an extra column."""
    from test_rollup import resave_as_excel_does

    last = year(tmp_path, MINI, "2023", {"1": {"pupils_5_11": 100, "pupils_5_11_surveyed": 40, "events": 4}})
    now = {"1": {"pupils_5_11": 100, "pupils_5_11_surveyed": 50, "events": 6}}
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    plain = year(tmp_path / "a", MINI, "2024", now, "--previous", last)
    resave_as_excel_does(last / "results.csv")
    assert (last / "results.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    resaved = year(tmp_path / "b", MINI, "2024", now, "--previous", last)
    assert rows(resaved) == rows(plain)
    report = (resaved / "report.md").read_text(encoding="utf-8")
    assert "Изменение к «2023»" in report and "+10\xa0п.п." in report


def test_a_school_missing_this_year_does_not_make_the_district_fall_in_changes_csv(tmp_path):
    """Schools 1 and 2 report the same as last year; school 3 sent nothing this year."""
    same = {"1": {"pupils_5_11": 100, "pupils_5_11_surveyed": 40, "events": 4},
            "2": {"pupils_5_11": 200, "pupils_5_11_surveyed": 150, "events": 6}}
    last = year(tmp_path, MINI, "2023", {**same, "3": {"pupils_5_11": 50, "pupils_5_11_surveyed": 50, "events": 9}})
    now = year(tmp_path, MINI, "2024", same, "--previous", last)
    with open(now / "changes.csv", encoding="utf-8", newline="") as stream:
        header = stream.readline().strip()
        stream.seek(0)
        changes = {(r["org_code"] or "total", r["indicator"]): r for r in csv.DictReader(stream)}
    assert header == ("level,org_code,org_name,indicator,title,period,previous_period,value,previous_value,change,"
                      "unit,organizations")
    events = changes[("total", "events_total")]
    assert (events["value"], events["previous_value"], events["change"], events["organizations"]) == (
        "10", "10", "0", "2")  # over the comparable set: no fall, though the plain totals are 10 and 19
    share = changes[("total", "surveyed_share")]
    assert (share["value"], share["previous_value"], share["change"], share["period"], share["previous_period"]) == (
        str(190 / 300 * 100), str(190 / 300 * 100), "0", "2024", "2023")
    assert changes[("1", "events_total")]["change"] == "0" and changes[("1", "events_total")]["organizations"] == ""
    assert ("3", "events_total") not in changes  # this year's organizations, each against its own last year
    assert float(rows(now)[("total", "events_total")]["value"]) == 10
