"""The example of МО «Город Кедровый» (order No 79 of 11.11.2021, seed 004): what its report judges.

Frequencies of Table 1 («3 раза в год») are targets for each organization; the levels of education
are sections with their own coverage. `check`, `template` and the golden files of this example are
tested in tests/test_shipped_methodologies.py; when a change to the report is intended, regenerate
the golden files and review the diff:

    PROFORIENT_UPDATE_GOLDEN=1 python -m pytest tests/test_shipped_methodologies.py -k kedrovy
"""

from __future__ import annotations

from proforient_cli.methodology.load import load_methodology
from examples_kit import NBSP, assert_make_data_writes_the_committed_data, describe, example, example_fixtures

EXAMPLE = example("kedrovy-2021")
run, report, results = example_fixtures(EXAMPLE)


def test_the_run_names_what_is_missing_and_wrong(run, report):
    result = run.result
    assert result.exit_code == 0  # there are problems in the data
    assert result.output.startswith("Обработано 6 файлов: учтено 6, исключено 0; 2 замечания в данных.")
    assert "Ожидались данные от 7 организаций по реестру." in report
    assert "- МКДОУ «Детский сад „Берёзка“ с. Пихтовка» (код 7005)" in report  # never sent; „лапки“ inside
    assert "ячейка D36: ожидалось целое число ≥ 0, получено «3 раза»" in report
    assert ": часть больше целого" in report and "(basic_covered)" not in report
    assert "Отчётный период: по итогам календарного года (2024)." in report


def test_excursions_three_times_a_year_are_judged_school_by_school(results, report):
    """«Экскурсии на предприятия, в ПОО — 3 раза в год» for grades 8–9 of each school."""
    rows = {code: results[(code, "basic_excursions_total")] for code in ("7001", "7002", "7003")}
    assert [rows[c]["value"] for c in ("7001", "7002", "7003")] == ["3", "", "2"]
    assert [rows[c]["target_met"] for c in ("7001", "7002", "7003")] == ["true", "", "false"]
    assert all(row["target"] == ">=3" for row in rows.values())
    total = results[("total", "basic_excursions_total")]
    assert (total["value"], total["target"], total["target_met"]) == ("5", "", "")  # not a municipal target
    assert (f"| 6.2 | Экскурсии на предприятия, в профессиональные образовательные организации | 5{NBSP}раз "
            f"| не менее 3{NBSP}раз в каждой организации | достигнуто в 1 из 2 организаций "
            f"| по 2 из 3 организаций |") in report  # «3 раза в год», in the document's unit
    assert f"| 2{NBSP}раза (цель не достигнута) |" in report


def test_each_level_has_its_own_coverage_over_the_organizations_that_have_it(results):
    expected = {  # indicator: (numerator, denominator) of the municipality
        "preschool_coverage": ("107", "118"),   # the one kindergarten that sent its file
        "primary_coverage": ("108", "136"),     # 96 + 28 + 12 pupils of grades 1–4
        "secondary_coverage": ("33", "47"),     # 38 + 9: the basic school has no 10–11 classes
    }
    for indicator, (numerator, denominator) in expected.items():
        total = results[("total", indicator)]
        assert (total["numerator"], total["denominator"]) == (numerator, denominator), indicator
    # The basic school's 8–9 figures are both «нет данных» (part above its whole): left out.
    assert results[("total", "basic_coverage")]["denominator"] == "67"  # 52 + 15
    assert results[("7003", "basic_coverage")]["value"] == ""
    # Additional education: the УДО and the schools' «Точка роста» centres.
    assert {code for (code, indicator), row in results.items()
            if indicator == "extra_coverage" and code != "total" and row["value"]} == {"7001", "7002", "7003", "7006"}


def test_a_basic_school_is_not_asked_for_grades_10_11(report):
    section = report.split("### 7. Среднее общее образование (10-11 классы)")[2].split("###")[0]
    assert "Пихтовская" in section and "Таёжная" not in section


def test_counts_of_organizations(results, report):
    assert results[("total", "orgs_with_annual_plan")]["value"] == "5"  # every organization but the department
    assert "| обязательно в каждой организации | выполнено в 5 из 5 организаций |" in report
    assert results[("total", "orgs_registered_on_portals")]["value"] == "2"  # of 3 schools
    assert results[("7002", "orgs_registered_on_portals")]["target_met"] == "false"
    assert results[("total", "project_plan_formed")]["target_met"] == "true"  # the department's own item


def test_describe_writes_the_methodology_as_a_table(tmp_path):
    text = describe(EXAMPLE, tmp_path)
    for title in ("Дошкольное образование", "Основное общее образование (8-9 классы)", "Дополнительное образование"):
        assert f"| **{title}** |" in text
    assert "| Экскурсии на предприятия, в профессиональные образовательные организации |" in text


def test_the_committed_data_are_what_make_data_writes(tmp_path):
    methodology = load_methodology(EXAMPLE.methodology)
    assert_make_data_writes_the_committed_data(
        EXAMPLE, tmp_path, lambda make_data: make_data.values_for_town(methodology))
