"""A regional office sums its municipalities: the same totals as computing all schools at once."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from proforient_cli.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "data"
MINI = ROOT / "tests" / "fixtures" / "mini.yaml"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def totals(folder: Path) -> dict[str, dict]:
    with open(folder / "results.csv", encoding="utf-8", newline="") as stream:
        return {row["indicator"]: row for row in csv.DictReader(stream) if row["level"] == "total"}


def same(a: str, b: str) -> bool:
    if a in ("", "true", "false") or b in ("", "true", "false"):
        return a == b
    return float(a) == pytest.approx(float(b), rel=1e-12)


@pytest.fixture(scope="module")
def split_district(tmp_path_factory):
    """The example district split into two municipalities, each computed on its own."""
    base = tmp_path_factory.mktemp("region")
    files = sorted(EXAMPLE.glob("*.xlsx"))
    halves = {"north": files[: len(files) // 2], "south": files[len(files) // 2:]}
    for name, part in halves.items():
        (base / f"in_{name}").mkdir()
        for path in part:
            shutil.copy(path, base / f"in_{name}" / path.name)
        invoke("compute", base / f"in_{name}", "-m", ROOT / "indicators.yaml", "--out", base / name)
    invoke("compute", EXAMPLE, "-m", ROOT / "indicators.yaml", "--out", base / "all")
    result = invoke("rollup", base / "north", base / "south", "-m", ROOT / "indicators.yaml",
                    "--out", base / "region")
    return base, result


def test_the_regional_totals_equal_computing_every_school_at_once(split_district):
    base, result = split_district
    assert result.exit_code == 0, result.output
    region, everything = totals(base / "region"), totals(base / "all")
    assert region.keys() == everything.keys()
    for indicator, expected in everything.items():
        got = region[indicator]
        for column in ("value", "numerator", "denominator", "target_met"):
            assert same(got[column], expected[column]), (indicator, column, got[column], expected[column])


def test_the_regional_report_lists_municipalities_alphabetically_and_never_averages(split_district):
    base, _ = split_district
    report = (base / "region" / "report.md").read_text(encoding="utf-8")
    assert "## 5. Показатели по муниципалитетам" in report
    assert "| Муниципалитет |" in report
    with open(base / "region" / "results.csv", encoding="utf-8") as stream:
        rows = [r for r in csv.DictReader(stream) if r["level"] == "organization"]
    assert [r["org_code"] for r in rows[:2]] == ["north", "south"]
    share = next(r for r in rows if r["indicator"] == "surveyed_share" and r["org_code"] == "north")
    assert share["numerator"] and share["denominator"]  # each municipality keeps its own sums


def test_every_indicator_kind_rolls_up_exactly(tmp_path):
    """mini.yaml has a share, a sum with a target, a count and a formula over sums."""
    from test_compute_cli import fill_template

    roster = tmp_path / "roster.csv"
    roster.write_text("Код;Наименование;Тип\n1;А;ОО\n2;Б;ОО\n3;В;ДОО\n4;Г;ОО\n", encoding="utf-8")
    invoke("template", "-m", MINI, "--roster", roster, "--out", tmp_path / "t")
    values = {"1": {"pupils_5_11": 10, "pupils_5_11_surveyed": 3, "events": 2, "hours": 7, "has_plan": "да"},
              "2": {"pupils_5_11": 90, "pupils_5_11_surveyed": 81, "events": 5, "hours": None, "has_plan": "нет"},
              "3": {"events": 4, "hours": 1, "has_plan": "да"},
              "4": {"pupils_5_11": 33, "pupils_5_11_surveyed": None, "events": 1, "hours": 2}}
    for template in (tmp_path / "t").glob("*.xlsx"):
        code = template.name.split("_")[0]
        group = "a" if code in "12" else "b"
        (tmp_path / group).mkdir(exist_ok=True)
        fill_template(template, values[code], tmp_path / group / template.name)
        (tmp_path / "all").mkdir(exist_ok=True)
        fill_template(template, values[code], tmp_path / "all" / template.name)
    for folder in ("a", "b", "all"):
        invoke("compute", tmp_path / folder, "-m", MINI, "--out", tmp_path / f"out_{folder}")
    invoke("rollup", tmp_path / "out_a", tmp_path / "out_b", "-m", MINI, "--out", tmp_path / "region")
    region, everything = totals(tmp_path / "region"), totals(tmp_path / "out_all")
    for indicator in ("surveyed_share", "events_total", "orgs_with_plan", "hours_per_event"):
        for column in ("value", "numerator", "denominator", "target_met"):
            assert same(region[indicator][column], everything[indicator][column]), (indicator, column)
    assert float(region["surveyed_share"]["value"]) == pytest.approx(84 / 100 * 100)
    assert float(region["hours_per_event"]["value"]) == pytest.approx(10 / 7)


def test_municipalities_of_different_methodology_versions_are_refused(split_district, tmp_path):
    base, _ = split_district
    other = tmp_path / "south_old"
    shutil.copytree(base / "south", other)
    run = json.loads((other / "run.json").read_text(encoding="utf-8"))
    run["methodology"]["version"] = "0"
    (other / "run.json").write_text(json.dumps(run), encoding="utf-8")
    result = CliRunner().invoke(main, ["rollup", str(base / "north"), str(other), "-m",
                                       str(ROOT / "indicators.yaml"), "--out", str(tmp_path / "r")])
    assert result.exit_code == 2
    assert "сводить можно только результаты одной методики" in result.output
    assert "south_old: методика «mosalsk-2021», версия 0" in result.output


def test_a_folder_without_results_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["rollup", str(tmp_path), "-m", str(MINI)])
    assert result.exit_code == 2
    assert "нет файла run.json" in result.output


def resave_as_excel_does(path: Path) -> None:
    """Excel's «CSV UTF-8»: a byte order mark, and here a column the methodist added at the end."""
    with open(path, encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    rows[0].append("Комментарий")
    for row in rows[1:]:
        row.append("проверено")
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream, lineterminator="\r\n").writerows(rows)


def test_a_folder_re_saved_in_excel_rolls_up_the_same(split_district, tmp_path):
    base, _ = split_district
    for name in ("north", "south"):
        shutil.copytree(base / name, tmp_path / name)
        resave_as_excel_does(tmp_path / name / "results.csv")
        resave_as_excel_does(tmp_path / name / "sums.csv")
    result = invoke("rollup", tmp_path / "north", tmp_path / "south", "-m", ROOT / "indicators.yaml",
                    "--out", tmp_path / "region")
    assert result.exit_code == 0, result.output
    assert totals(tmp_path / "region") == totals(base / "region")


def test_a_results_csv_without_the_needed_columns_is_named(split_district, tmp_path):
    base, _ = split_district
    shutil.copytree(base / "north", tmp_path / "north")
    (tmp_path / "north" / "results.csv").write_text("indicator,value\nsurveyed_share,12\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["rollup", str(tmp_path / "north"), "-m", str(ROOT / "indicators.yaml"),
                                       "--out", str(tmp_path / "region")])
    assert result.exit_code == 2
    assert "в таблице результатов нет колонок level, numerator, denominator" in result.output
    assert "Traceback" not in result.output


def rollup(*args):
    return CliRunner().invoke(main, ["rollup", *map(str, args)])


def test_the_same_municipality_twice_is_refused(split_district, tmp_path):
    base, _ = split_district
    twice = rollup(base / "north", base / "north", "-m", ROOT / "indicators.yaml", "--out", tmp_path / "r1")
    assert twice.exit_code == 2 and "указана дважды" in twice.output
    shutil.copytree(base / "north", tmp_path / "north-copy")
    copied = rollup(base / "north", tmp_path / "north-copy", "-m", ROOT / "indicators.yaml", "--out", tmp_path / "r2")
    assert copied.exit_code == 2
    assert "одни и те же организации" in copied.output and "учтены дважды" in copied.output
    assert not (tmp_path / "r2").exists()


def test_reports_of_different_periods_are_refused_unless_the_period_is_given(split_district, tmp_path):
    base, _ = split_district
    for name, period in (("north", "2023"), ("south", "2024")):
        shutil.copytree(base / name, tmp_path / name)
        info = json.loads((tmp_path / name / "run.json").read_text(encoding="utf-8"))
        info["period"] = period
        (tmp_path / name / "run.json").write_text(json.dumps(info), encoding="utf-8")
    refused = rollup(tmp_path / "north", tmp_path / "south", "--out", tmp_path / "r")
    assert refused.exit_code == 2
    assert "за разные периоды" in refused.output and "«2023»" in refused.output and "--period" in refused.output
    given = rollup(tmp_path / "north", tmp_path / "south", "--period", "2024", "--out", tmp_path / "r")
    assert given.exit_code == 0, given.output


def test_without_m_the_roll_up_uses_the_methodology_the_reports_were_computed_with(tmp_path):
    """Municipalities computed with mini.yaml: the built-in default would not fit them."""
    from test_compute_cli import fill_template

    roster = tmp_path / "roster.csv"
    roster.write_text("Код;Наименование;Тип\n1;А;ОО\n2;Б;ОО\n", encoding="utf-8")
    CliRunner().invoke(main, ["template", "-m", str(MINI), "--roster", str(roster), "--out", str(tmp_path / "t")])
    for code, name in (("1", "first"), ("2", "second")):
        (tmp_path / f"in_{name}").mkdir()
        template = next((tmp_path / "t").glob(f"{code}_*.xlsx"))
        fill_template(template, {"pupils_5_11": 10, "pupils_5_11_surveyed": "пять", "events": 1, "hours": 1,
                                 "has_plan": "да"}, tmp_path / f"in_{name}" / "школа.xlsx")
        CliRunner().invoke(main, ["compute", str(tmp_path / f"in_{name}"), "-m", str(MINI),
                                  "--out", str(tmp_path / name)])
        assert (tmp_path / name / "methodology.yaml").read_bytes() == MINI.read_bytes()
    result = rollup(tmp_path / "first", tmp_path / "second", "--out", tmp_path / "region")
    assert result.exit_code == 0, result.output
    report = (tmp_path / "region" / "report.md").read_text(encoding="utf-8")
    assert "Получено папок справок муниципалитетов: 2, учтено в своде: 2." in report
    assert "--roster" not in report
    assert "Текстовые ответы организаций приведены в справках муниципалитетов." in report
    assert "### first/школа.xlsx" in report and "получено «пять»" in report  # the municipalities' problems
    (tmp_path / "second" / "methodology.yaml").write_text("methodology: {}\n", encoding="utf-8")
    differing = rollup(tmp_path / "first", tmp_path / "second", "--out", tmp_path / "region2")
    assert differing.exit_code == 2 and "по разным файлам методики" in differing.output
