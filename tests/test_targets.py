"""Targets as roadmaps set them: for the district, for each organization, and year by year."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from proforient_cli.cli import main
from proforient_cli.methodology.load import load_methodology, read_methodology
from test_compute_cli import fill_template

MINI = Path(__file__).resolve().parent / "fixtures" / "mini.yaml"
ROSTER = "Код;Наименование;Тип\n1;Школа А;ОО\n2;Школа Б;ОО\n3;Школа В;ОО\n"


def methodology_with(tmp_path: Path, target: str) -> Path:
    """mini.yaml with the target of «events_total» replaced."""
    text = MINI.read_text(encoding="utf-8").replace("    target: {at_least: 10}\n", target)
    path = tmp_path / "indicators.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def run(tmp_path: Path, methodology: Path, events: dict[str, int], period: str = "2024"):
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    CliRunner().invoke(main, ["template", "-m", str(methodology), "--roster", str(roster),
                              "--out", str(tmp_path / "t"), "--period", period])
    inbox = tmp_path / "in"
    inbox.mkdir()
    for template in (tmp_path / "t").glob("*.xlsx"):
        code = template.name.split("_")[0]
        if code in events:
            fill_template(template, {"events": events[code]}, inbox / template.name)
    out = tmp_path / "out"
    CliRunner().invoke(main, ["compute", str(inbox), "-m", str(methodology), "--out", str(out)])
    rows = list(csv.DictReader(open(out / "results.csv", encoding="utf-8")))
    report = (out / "report.md").read_text(encoding="utf-8")
    return {(r["org_code"] or "total", r["indicator"]): r for r in rows}, report


def test_a_district_target_missed_shows_the_shortfall(tmp_path):
    results, report = run(tmp_path, MINI, {"1": 3, "2": 4})
    assert results[("total", "events_total")]["target_met"] == "false"
    assert "| не менее 10\u00a0ед. | не достигнуто: 7 из 10\u00a0ед. |" in report


def test_a_target_for_each_organization_is_judged_school_by_school(tmp_path):
    path = methodology_with(tmp_path, "    target: {at_least: 3, per: organization}\n")
    results, report = run(tmp_path, path, {"1": 3, "2": 2, "3": 5})
    assert [results[(code, "events_total")]["target_met"] for code in "123"] == ["true", "false", "true"]
    assert results[("1", "events_total")]["target"] == ">=3"
    assert results[("total", "events_total")]["target_met"] == ""
    assert "| не менее 3\u00a0ед. в каждой организации | достигнуто в 2 из 3 организаций |" in report
    assert "2\u00a0ед. (цель не достигнута)" in report


def test_a_roadmap_sets_a_target_for_each_year_and_the_reporting_year_picks_it(tmp_path):
    path = methodology_with(tmp_path, "    target:\n      2023: {at_least: 5}\n      2024: {at_least: 20}\n")
    results, report = run(tmp_path, path, {"1": 6, "2": 6}, period="2024")
    assert results[("total", "events_total")]["target"] == ">=20"
    assert results[("total", "events_total")]["target_met"] == "false"
    assert "не достигнуто: 12 из 20\u00a0ед." in report


def test_a_year_without_a_target_is_not_judged(tmp_path):
    path = methodology_with(tmp_path, "    target:\n      2023: {at_least: 5}\n")
    results, _ = run(tmp_path, path, {"1": 6}, period="2025")
    assert results[("total", "events_total")]["target"] == ""
    assert results[("total", "events_total")]["target_met"] == ""


@pytest.mark.parametrize("target, code, phrase", [
    ("    target: {at_least: 3, per: school}\n", "E123", "ожидалось «organization»"),
    ("    target:\n      2023: 5\n", "E123", "на 2023: ожидался словарь"),
    ("    target:\n      2023: {at_least: 5}\n      later: {at_least: 6}\n", "E119", "допустимы только годы"),
])
def test_check_explains_a_malformed_target(tmp_path, target, code, phrase):
    _, diagnostics = read_methodology(methodology_with(tmp_path, target))
    assert any(d.code == code and phrase in d.message for d in diagnostics), [d.as_text() for d in diagnostics]


def test_per_period_targets_load(tmp_path):
    path = methodology_with(tmp_path, "    target:\n      2023/2024: {at_least: 5}\n      per: organization\n")
    target = load_methodology(path).indicator("events_total").target
    assert target.for_period("2023/2024").at_least == 5 and target.for_period("2023/2024").per_organization
