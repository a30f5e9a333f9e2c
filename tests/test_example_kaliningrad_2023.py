"""The Kaliningrad roadmap 2023–2025 (examples/kaliningrad-2023): its methodology passes `check`,
`describe` renders it, and its example data give the golden report, byte for byte.

When a change to the report is intended, regenerate the golden files and review the diff:

    PROFORIENT_UPDATE_GOLDEN=1 python -m pytest tests/test_example_kaliningrad_2023.py
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
EXAMPLE = ROOT / "examples" / "kaliningrad-2023"
METHODOLOGY = EXAMPLE / "indicators.yaml"
GOLDEN = Path(__file__).resolve().parent / "golden" / "kaliningrad-2023"
UPDATE = os.environ.get("PROFORIENT_UPDATE_GOLDEN") == "1"
EPOCH = "1703239200"  # 22.12.2023 10:00: the plan collects the data in October–December
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


def test_the_methodology_encodes_the_documents_table():
    methodology = load_methodology(METHODOLOGY)
    assert len(methodology.sections) == 11  # the 11 goals
    assert [s.title for s in methodology.sections][10] == \
        "Удовлетворение потребности в педагогических кадрах на основе анализа рынка труда города Калининграда"
    assert len(methodology.indicators) == 21  # 17 rows of the table + «Билет в будущее», «ПроеКТОриЯ», СПО, ВО
    assert {i.kind for i in methodology.indicators} == {"sum", "count"}
    assert all(i.target is None for i in methodology.indicators)  # the document sets none
    assert methodology.element("early_guidance_bilet").part_of == "early_guidance"
    assert methodology.element("early_guidance_proektoria").part_of == "early_guidance"
    assert methodology.element("dop_enrolled").applies_to == ("МОУО",)


def test_describe_renders_the_order_table(tmp_path):
    result = CliRunner().invoke(main, ["describe", "-m", str(METHODOLOGY), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "methodology.md").read_text(encoding="utf-8")
    assert (tmp_path / "methodology.xlsx").stat().st_size > 0
    assert "| **Проведение ранней профориентации обучающихся** |" in text
    assert "Количество организаций, ответивших «да» на вопрос «В учреждении разработан и утвержден план" in text
    assert "(один обучающийся учитывается 1 раз) (сумма по всем организациям) | Человек | Данные комитета по образованию |" in text


def test_what_was_received_and_the_typical_mistakes(example_report, report):
    result, _ = example_report
    assert result.exit_code == 1  # data problems found; the report is ready all the same
    assert result.output.startswith("Обработано 7 файлов: учтено 7, исключено 0; 2 замечания в данных.")
    assert "Ожидались данные от 8 организаций по реестру. Получено файлов: 7, учтено в расчёте: 7." in report
    assert "- МАОУ «Средняя общеобразовательная школа «Сосновый бор» (код 3907)" in report
    assert "ячейка D14 (has_roadmap): ожидалось «да» или «нет», получено «утверждена»" in report
    assert "(early_guidance_bilet): часть больше целого:" in report
    assert "= 1250, ожидалось не больше, чем" in report


def test_the_schools_with_a_roadmap_are_counted(report, results):
    # «да» in 3901, 3903, 3905, 3906; «нет» in 3902; 3904 typed a word: left out, not counted as «нет»
    assert ("| 1.1 | Количество муниципальных общеобразовательных учреждений, в которых разработаны и утверждены "
            "планы мероприятий («дорожные карты») или программы по развитию системы профессиональной ориентации "
            f"| 4{NBSP}ед. | — | — | по 5 из 6 организаций |") in report
    assert value(results, "3902", "schools_with_roadmap") == 0.0
    assert value(results, "3904", "schools_with_roadmap") is None
    assert "| МАОУ «Средняя общеобразовательная школа «Парус» | нет данных |" in report


def test_the_sub_items_of_early_career_guidance(results):
    whole = value(results, "total", "early_guidance_total")
    bilet = value(results, "total", "early_guidance_bilet_total")
    proektoria = value(results, "total", "early_guidance_proektoria_total")
    assert 0 < bilet <= whole and 0 < proektoria <= whole
    # 3905's «Билет в будущее» exceeds its whole: both left out, the school is named as not covered
    assert value(results, "3905", "early_guidance_total") is None
    assert value(results, "3905", "early_guidance_bilet_total") is None
    assert value(results, "3905", "early_guidance_proektoria_total") is not None
    schools = [code for (code, indicator) in results if indicator == "early_guidance_bilet_total" and code != "total"]
    assert bilet == sum(value(results, c, "early_guidance_bilet_total") or 0 for c in schools)


def test_the_committee_reports_the_deduplicated_additional_education_count(report, results):
    assert value(results, "total", "dop_enrolled_total") == 4870.0
    assert f"| 3.4 | Количество обучающихся, зачисленных на программы дополнительного образования детей " \
           f"(один обучающийся учитывается 1 раз) | 4{NBSP}870{NBSP}чел. | — | — | по 1 из 1 организации |" in report
    assert value(results, "3901", "dop_enrolled_total") is None  # not a school's item


def test_applications_to_teaching_specialities_add_up_from_spo_and_vo(results):
    total = value(results, "total", "ped_applications_total")
    spo = value(results, "total", "ped_applications_spo_total")
    vo = value(results, "total", "ped_applications_vo_total")
    assert total == spo + vo > 0


def test_a_basic_school_reports_a_real_zero_not_a_blank(report, results):
    assert value(results, "3906", "gia_11_profile_total") == 0.0
    assert value(results, "3906", "graduates_vo_region_total") == 0.0
    assert f"| МАОУ «Основная общеобразовательная школа «Прибрежная» | да | " in report


def test_no_target_is_judged(results):
    assert all(row["target"] == "" and row["target_met"] == "" for row in results.values())


def test_the_committed_data_are_what_make_data_writes(tmp_path):
    spec = importlib.util.spec_from_file_location("kaliningrad_make_data", EXAMPLE / "make_data.py")
    make_data = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_data)
    data = tmp_path / "data"
    written = make_data.make_examples.generate(
        METHODOLOGY, EXAMPLE / "roster.csv", data, make_data.PERIOD, not_sent=make_data.NOT_SENT,
        mistakes=make_data.MISTAKES, values_for=make_data.school_values)
    assert sorted(p.name for p in written) == sorted(p.name for p in (EXAMPLE / "data").glob("*.xlsx"))
    compute(data, tmp_path / "out")
    assert (tmp_path / "out" / "results.csv").read_text(encoding="utf-8") == \
        (GOLDEN / "results.csv").read_text(encoding="utf-8")
