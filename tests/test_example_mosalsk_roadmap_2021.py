"""The Mosalsk roadmap 2021–2023 (examples/mosalsk-roadmap-2021): its methodology passes `check`,
`describe` renders it, and its example data (2021) give the golden report, byte for byte; the
report judges the roadmap's targets the way a methodist would.

When a change to the report is intended, regenerate the golden files and review the diff:

    PROFORIENT_UPDATE_GOLDEN=1 python -m pytest tests/test_example_mosalsk_roadmap_2021.py
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from proforient_cli.cli import main
from proforient_cli.methodology_load import load_methodology

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "mosalsk-roadmap-2021"
METHODOLOGY = EXAMPLE / "indicators.yaml"
GOLDEN = Path(__file__).resolve().parent / "golden" / "mosalsk-roadmap-2021"
UPDATE = os.environ.get("PROFORIENT_UPDATE_GOLDEN") == "1"
EPOCH = "1642413600"  # 17.01.2022 10:00, after the calendar year 2021
NBSP = "\u00a0"


def compute(data: Path, out: Path):
    return CliRunner(env={"SOURCE_DATE_EPOCH": EPOCH}).invoke(main, [
        "compute", str(data), "--roster", str(EXAMPLE / "roster.csv"), "-m", str(METHODOLOGY), "--out", str(out),
    ])


def read_results(out: Path) -> dict[tuple[str, str], dict]:
    with open(out / "results.csv", encoding="utf-8", newline="") as file:
        return {(row["org_code"] or "total", row["indicator"]): row for row in csv.DictReader(file)}


def value(results: dict, code: str, indicator: str) -> float | None:
    """An indicator's value from results.csv: a number, or None when there is no data."""
    text = results[(code, indicator)]["value"]
    return float(text) if text else None


@pytest.fixture(scope="module")
def example_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    return compute(EXAMPLE / "data", out), out


@pytest.fixture(scope="module")
def report(example_report) -> str:
    return (example_report[1] / "report.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def results(example_report) -> dict:
    return read_results(example_report[1])


@pytest.mark.parametrize("name", ["report.md", "results.csv", "problems.csv"])
def test_the_example_report_matches_the_golden_file(example_report, name):
    result, out = example_report
    produced = (out / name).read_text(encoding="utf-8")
    golden = GOLDEN / name
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8")


def test_the_methodology_passes_check_without_warnings():
    result = CliRunner().invoke(main, ["check", str(METHODOLOGY), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == []
    result = CliRunner().invoke(main, ["check", str(METHODOLOGY)])
    assert result.exit_code == 0 and "ошибок нет, предупреждений: 0" in result.output


def test_the_methodology_encodes_the_roadmaps_targets():
    methodology = load_methodology(METHODOLOGY)
    assert len(methodology.sections) == 6
    assert len(methodology.indicators) == 14
    proektoria = methodology.indicator("proektoria_pupils_total").target
    assert (proektoria.at_least, proektoria.per_organization) == (200, False)  # «с охватом не менее 200 чел.»
    bilet = methodology.indicator("bilet_recommendations_total")
    assert bilet.cumulative and bilet.target.at_least == 50  # «нарастающим итогом, не менее 50 человек»
    assert methodology.indicator("internship_sites").target.at_least == 1  # «не менее 1 стажерской площадки»
    assert methodology.indicator("schools_with_labour_regulations").target.per_organization
    assert methodology.element("bilet_recommendations").part_of == "bilet_participants"


def test_describe_renders_the_order_table_with_the_targets(tmp_path):
    result = CliRunner().invoke(main, ["describe", "-m", str(METHODOLOGY), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "methodology.md").read_text(encoding="utf-8")
    assert (tmp_path / "methodology.xlsx").stat().st_size > 0
    assert "| **Сопровождение профессионального самоопределения обучающихся** |" in text
    assert "(сумма по всем организациям). Целевое значение: не менее 200 чел. | Человек | Данные ОО |" in text
    assert "Количество ОО, в которых имеются и нормативное обеспечение" in text  # the file's own method
    assert "«Организация является стажерской площадкой по вопросам организации работы по самоопределению " \
           "и профессиональной ориентации обучающихся». Целевое значение: не менее 1 ед." in text


def test_what_was_received_and_the_typical_mistakes(example_report, report):
    result, _ = example_report
    assert result.exit_code == 1  # data problems found; the report is ready all the same
    assert result.output.startswith("Обработано 7 файлов: учтено 7, исключено 0; 2 замечания в данных.")
    assert "Отчётный период: по итогам календарного года (2021)." in report
    assert "- МКОУ «Сосновская основная общеобразовательная школа» (код 2106)" in report
    assert "(proektoria_pupils): ожидалось целое число ≥ 0, получено «около 80»" in report
    assert "(bilet_recommendations): часть больше целого:" in report


def test_the_proektoria_coverage_target_of_200_is_met(report, results):
    assert f"| 353{NBSP}чел. | не менее 200{NBSP}чел. | достигнуто | по 4 из 5 организаций |" in report
    row = results[("total", "proektoria_pupils_total")]
    assert (row["target"], row["target_met"]) == (">=200", "true")
    assert value(results, "2104", "proektoria_pupils_total") is None  # «около 80» is no number


def test_the_cumulative_bilet_target_of_50_is_not_met_in_the_first_year(report, results):
    # 2021 is the roadmap's first year: its own value is the cumulative value
    assert f"| 34{NBSP}чел. | не менее 50{NBSP}чел. | не достигнуто: 34 из 50{NBSP}чел. | по 4 из 5 организаций |" \
        in report
    row = results[("total", "bilet_recommendations_total")]
    assert (value(results, "total", "bilet_recommendations_total"), row["target"], row["target_met"]) == \
        (34, ">=50", "false")
    # 2105 reported more recommendations than participants: both left out
    assert value(results, "2105", "bilet_recommendations_total") is None
    assert value(results, "2105", "bilet_participants_total") is None


def test_presence_items_of_the_district(report, results):
    assert f"| 1{NBSP}ед. | не менее 1{NBSP}ед. | достигнуто | по 6 из 6 организаций |" in report  # internship site
    assert results[("total", "internship_sites")]["target_met"] == "true"
    assert results[("total", "network_programs_bank")]["target_met"] == "true"
    assert results[("total", "municipal_day")]["target_met"] == "true"
    assert f"| 5.1 | Наличие рекомендаций по проведению профориентации обучающихся с ОВЗ | 0{NBSP}ед. " \
           f"| не менее 1{NBSP}ед. | не достигнуто: 0 из 1{NBSP}ед. | по 1 из 1 организации |" in report
    assert value(results, "total", "schools_with_guidance_rooms") == 3
    assert value(results, "total", "guidance_rooms_tochka_total") <= value(results, "total", "guidance_rooms_total")


def test_presence_required_in_every_school_is_judged_school_by_school(report, results):
    assert f"| 4{NBSP}ед. | не менее 1{NBSP}ед. в каждой организации | достигнуто в 4 из 5 организаций |" in report
    assert "| МКОУ «Ключёвская основная общеобразовательная школа» | нет (цель не достигнута) |" in report
    assert results[("2103", "schools_with_labour_regulations")]["target_met"] == "false"
    assert results[("2101", "schools_with_labour_regulations")]["target_met"] == "true"
    assert results[("total", "schools_with_labour_regulations")]["target_met"] == ""


def test_organizations_taking_part_in_training_are_counted(results):
    assert value(results, "total", "orgs_in_training") == 5  # every organization but 2103 (0 teachers)
    assert value(results, "2103", "orgs_in_training") == 0
    assert value(results, "2107", "teachers_trained_total") == 2  # the centre of additional education


def test_the_committed_data_are_what_make_data_writes(tmp_path):
    spec = importlib.util.spec_from_file_location("mosalsk_roadmap_make_data", EXAMPLE / "make_data.py")
    make_data = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_data)
    data = tmp_path / "data"
    written = make_data.make_examples.generate(
        METHODOLOGY, EXAMPLE / "roster.csv", data, make_data.PERIOD, not_sent=make_data.NOT_SENT,
        mistakes=make_data.MISTAKES, values_for=make_data.district_values)
    assert sorted(p.name for p in written) == sorted(p.name for p in (EXAMPLE / "data").glob("*.xlsx"))
    compute(data, tmp_path / "out")
    assert (tmp_path / "out" / "results.csv").read_text(encoding="utf-8") == \
        (GOLDEN / "results.csv").read_text(encoding="utf-8")
