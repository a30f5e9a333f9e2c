"""The Mosalsk roadmap in its second year: the 2022 report against 2021, with the cumulative
indicator summed over both years and the targets judged on it.

Both years are computed at 17.01.2023 10:00 (after the calendar year 2022), the 2022 report with
``--previous`` of the 2021 one; its golden files are in tests/golden/mosalsk-roadmap-2022.
Regenerate them after an intended change and review the diff:

    PROFORIENT_UPDATE_GOLDEN=1 python -m pytest tests/test_example_two_years.py
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from examples_kit import GOLDEN, NBSP, assert_matches_golden, compute, example

EXAMPLE = example("mosalsk-roadmap-2021")
SECOND_YEAR = EXAMPLE.folder / "data-2022"
EPOCH = "1673949600"  # 17.01.2023 10:00


@pytest.fixture(scope="module")
def years(tmp_path_factory):
    base = tmp_path_factory.mktemp("years")
    compute(EXAMPLE, base / "2021", epoch=EPOCH)
    result = compute(EXAMPLE, base / "2022", "--previous", str(base / "2021"), data=SECOND_YEAR, epoch=EPOCH)
    return base, result


def totals(folder: Path) -> dict[str, dict]:
    with open(folder / "results.csv", encoding="utf-8") as stream:
        return {row["indicator"]: row for row in csv.DictReader(stream) if row["level"] == "total"}


@pytest.mark.parametrize("name", ["report.md", "results.csv"])
def test_the_second_year_report_matches_the_golden_file(years, name):
    base, _ = years
    assert_matches_golden(base / "2022", name, GOLDEN / "mosalsk-roadmap-2022")


def test_the_cumulative_indicator_is_the_sum_of_both_years_and_its_goal_waits_for_the_roadmaps_last_year(years):
    """«нарастающим итогом, не менее 50 человек» is the roadmap's goal for 2021–2023 as a whole:
    judged in 2023, shown but not judged in 2021 and 2022."""
    base, result = years
    first, second = totals(base / "2021"), totals(base / "2022")
    cumulative = "bilet_recommendations_total"
    assert first[cumulative]["target_met"] == second[cumulative]["target_met"] == ""
    own = float(totals_without_history(base)[cumulative]["value"])
    assert float(second[cumulative]["value"]) == float(first[cumulative]["value"]) + own
    report = (base / "2022" / "report.md").read_text(encoding="utf-8")
    assert "с учетом реализации проекта «Билет в будущее», нарастающим итогом (за 2021, 2022) | 126\u00a0чел. |" in report
    assert "| на 2023\u00a0г. — не менее 50\u00a0чел. | в отчётном периоде не оценивается |" in report


def totals_without_history(base: Path) -> dict[str, dict]:
    compute(EXAMPLE, base / "2022-alone", data=SECOND_YEAR, epoch=EPOCH)
    return totals(base / "2022-alone")


def test_the_second_year_report_shows_changes_and_the_school_that_is_back(years):
    base, _ = years
    report = (base / "2022" / "report.md").read_text(encoding="utf-8")
    assert "| № | Показатель | Значение | Изменение к «2021» |" in report
    # the school that did not send its file in 2021 is marked, not silently added
    assert ("В 2021 г. данные не представляли, в 2022 г. представили: МКОУ «Сосновская основная "
            "общеобразовательная школа».") in report
    # the change over the four schools that reported both years, beside the plain totals' change
    assert (f"| 126{NBSP}чел. | +21{NBSP}чел. (+61,8{NBSP}%) по сопоставимому кругу (4 организации); "
            f"по всем представившим: +92{NBSP}чел. (+270,6{NBSP}%) |") in report
