"""The Mosalsk roadmap in its second year: the 2022 report against 2021, with the cumulative
indicator summed over both years and the targets judged on it.

Regenerate the golden files after an intended change:

    PROFORIENT_UPDATE_GOLDEN=1 python -m pytest tests/test_example_two_years.py
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from proforient_cli.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "mosalsk-roadmap-2021"
GOLDEN = Path(__file__).resolve().parent / "golden" / "mosalsk-roadmap-2022"
UPDATE = os.environ.get("PROFORIENT_UPDATE_GOLDEN") == "1"
NBSP = "\u00a0"


def compute(data: Path, out: Path, *options: str):
    return CliRunner(env={"SOURCE_DATE_EPOCH": "1673949600"}).invoke(main, [
        "compute", str(data), "--roster", str(EXAMPLE / "roster.csv"), "-m", str(EXAMPLE / "indicators.yaml"),
        "--out", str(out), *options])


@pytest.fixture(scope="module")
def years(tmp_path_factory):
    base = tmp_path_factory.mktemp("years")
    compute(EXAMPLE / "data", base / "2021")
    result = compute(EXAMPLE / "data-2022", base / "2022", "--previous", str(base / "2021"))
    return base, result


def totals(folder: Path) -> dict[str, dict]:
    with open(folder / "results.csv", encoding="utf-8") as stream:
        return {row["indicator"]: row for row in csv.DictReader(stream) if row["level"] == "total"}


@pytest.mark.parametrize("name", ["report.md", "results.csv"])
def test_the_second_year_report_matches_the_golden_file(years, name):
    base, _ = years
    produced = (base / "2022" / name).read_text(encoding="utf-8")
    if UPDATE:
        (GOLDEN / name).write_text(produced, encoding="utf-8")
    assert produced == (GOLDEN / name).read_text(encoding="utf-8")


def test_the_cumulative_indicator_is_the_sum_of_both_years_and_meets_its_target_in_the_second(years):
    base, result = years
    first, second = totals(base / "2021"), totals(base / "2022")
    cumulative = "bilet_recommendations_total"
    assert first[cumulative]["target_met"] == "false"
    assert second[cumulative]["target_met"] == "true"
    own = float(totals_without_history(base)[cumulative]["value"])
    assert float(second[cumulative]["value"]) == float(first[cumulative]["value"]) + own
    report = (base / "2022" / "report.md").read_text(encoding="utf-8")
    assert "с учетом реализации проекта «Билет в будущее», нарастающим итогом (за 2021, 2022) | 126\u00a0чел. |" in report


def totals_without_history(base: Path) -> dict[str, dict]:
    compute(EXAMPLE / "data-2022", base / "2022-alone")
    return totals(base / "2022-alone")


def test_the_second_year_report_shows_changes_and_the_school_that_is_back(years):
    base, _ = years
    report = (base / "2022" / "report.md").read_text(encoding="utf-8")
    assert "| № | Показатель | Значение | Изменение к «2021» |" in report
    # the school that did not send its file in 2021 is marked, not silently added
    assert "Новые организации (не было в периоде «2021»): МКОУ «Сосновская основная общеобразовательная школа»." \
        in report
    assert f"| 126{NBSP}чел. | +92{NBSP}чел. (+270,6{NBSP}%) |" in report
