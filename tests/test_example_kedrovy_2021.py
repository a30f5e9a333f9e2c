"""The example of МО «Город Кедровый» (order No 79 of 11.11.2021, seed 004): what its report judges.

Frequencies of Table 1 («3 раза в год») are targets for each organization; the levels of education
are the breakdown «level»: each organization types the pupils of the levels it has, and the report
gives the coverage of each level and across the levels. `check`, `template` and the golden files of this example are
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
    assert "ячейка D39: ожидалось целое число ≥ 0, получено «3 раза»" in report
    assert ("часть больше целого: «Количество обучающихся (воспитанников), охваченных профориентационными "
            "мероприятиями\u00a0— основное общее "
            "образование (8-9 классы)» = 40, ожидалось не больше, чем «Количество обучающихся (воспитанников)\u00a0— "
            "основное общее образование (8-9 классы)» = 7") in report
    assert "covered[ooo]" not in report
    assert "Отчётный период: по итогам календарного года (2024)." in report


def test_excursions_three_times_a_year_are_judged_school_by_school(results, report):
    """«Экскурсии на предприятия, в ПОО — 3 раза в год» for grades 8–9 of each school."""
    rows = {code: results[(code, "basic_excursions_total")] for code in ("7001", "7002", "7003")}
    assert [rows[c]["value"] for c in ("7001", "7002", "7003")] == ["3", "", "2"]
    assert [rows[c]["target_met"] for c in ("7001", "7002", "7003")] == ["true", "", "false"]
    assert all(row["target"] == ">=3" for row in rows.values())
    total = results[("total", "basic_excursions_total")]
    assert (total["value"], total["target"], total["target_met"]) == ("5", "", "")  # not a municipal target
    assert (f"| 7.1 | Экскурсии на предприятия, в профессиональные образовательные организации | 5{NBSP}раз "
            f"| не менее 3{NBSP}раз в каждой организации | достигнуто в 1 из 2 организаций "
            f"| по 2 из 3 организаций |") in report  # «3 раза в год», in the document's unit
    assert f"| 2{NBSP}раза (цель не достигнута) |" in report


def test_each_level_has_its_own_coverage_and_the_levels_a_total(results, report):
    """Table 1 by level: the pupils each organization typed for its own levels, summed by hand."""
    expected = {  # category: (numerator, denominator) of the municipality
        "doo": (67, 118),                 # the one kindergarten that sent its file
        "noo": (53 + 21 + 9, 96 + 28 + 12),  # grades 1–4 of the three schools
        "ooo": (34 + 11, 52 + 15),        # the basic school's 8–9 figures: part above its whole, left out
        "soo": (31 + 8, 38 + 9),          # the basic school has no 10–11 classes
    }
    for category, (numerator, denominator) in expected.items():
        total = results[("total", f"coverage_by_level[{category}]")]
        assert (total["numerator"], total["denominator"]) == (str(numerator), str(denominator)), category
    assert results[("7003", "coverage_by_level[ooo]")]["value"] == ""
    assert results[("7003", "coverage_by_level[soo]")]["value"] == ""  # not its level: no 10–11 classes
    # Across the levels: the kindergarten and the two secondary schools (the basic one has a blank level).
    total = results[("total", "coverage_total")]
    assert (total["numerator"], total["denominator"]) == (str(67 + (53 + 34 + 31) + (21 + 11 + 8)),
                                                          str(118 + (96 + 52 + 38) + (28 + 15 + 9)))
    assert (f"| 4.1.4 | Доля обучающихся (воспитанников), охваченных профориентационными мероприятиями: "
            f"Среднее общее образование (10-11 классы) | 83{NBSP}% (39 из 47) |") in report
    assert "| 63,2\u00a0% (225 из 356) | — | — | по 3 из 4 организаций |" in report
    # Additional education: the УДО and the schools' «Точка роста» centres, with its own contingent.
    assert {code for (code, indicator), row in results.items()
            if indicator == "extra_coverage" and code != "total" and row["value"]} == {"7001", "7002", "7003", "7006"}


def test_each_organization_types_only_the_levels_it_has(tmp_path):
    from click.testing import CliRunner
    from proforient_cli.cli import main
    import openpyxl

    CliRunner().invoke(main, ["template", "-m", str(EXAMPLE.methodology), "--roster", str(EXAMPLE.roster),
                              "--out", str(tmp_path)], catch_exceptions=False)

    def levels(code: str) -> list[str]:
        sheet = openpyxl.load_workbook(next(tmp_path.glob(f"{code}_*.xlsx")))["Данные"]
        return [str(row[5].value) for row in sheet.iter_rows(max_col=6) if str(row[5].value).startswith("pupils[")]

    assert levels("7001") == ["pupils[noo]", "pupils[ooo]", "pupils[soo]"]
    assert levels("7003") == ["pupils[noo]", "pupils[ooo]"]  # a basic school: no 10–11 classes
    assert levels("7004") == ["pupils[doo]"]
    assert levels("7006") == []  # the centre of additional education has its own contingent


def test_a_basic_school_is_not_asked_for_grades_10_11(report):
    section = report.split(". Среднее общее образование (10-11 классы)\n")[2].split("###")[0]
    assert "Пихтовская" in section and "Таёжная" not in section


def test_counts_of_organizations(results, report):
    assert results[("total", "orgs_with_annual_plan")]["value"] == "5"  # every organization but the department
    assert "| обязательно в каждой организации | выполнено в 5 из 5 организаций |" in report
    assert results[("total", "orgs_registered_on_portals")]["value"] == "2"  # of 3 schools
    assert results[("7002", "orgs_registered_on_portals")]["target_met"] == "false"
    assert results[("total", "project_plan_formed")]["target_met"] == "true"  # the department's own item


def test_the_departments_own_items_read_yes_or_no(report):
    """Direction 1.3 and the order's п. 2.2 are the department's: «да», «обязательно», never «1 ед.»."""
    for title in ("Разработаны и внедрены критерии, показатели и технология управленческого мониторинга "
                  "результативности деятельности по сопровождению профессионального самоопределения обучающихся",
                  "Сформирован отчет о ходе реализации Проекта"):
        assert f"| {title} | да | обязательно | выполнено | по 1 из 1 организации |" in report
    methodology = load_methodology(EXAMPLE.methodology)
    flags = [i.title for i in methodology.indicators if i.kind == "count"]
    rows = [line for line in report.splitlines() if any(f"| {title} |" in line for title in flags)]
    assert rows and not [row for row in rows if f"{NBSP}ед." in row]  # «5 из 5 организаций», «да»
    assert f"не менее 1{NBSP}ед. в каждой" not in report


def test_describe_writes_the_methodology_as_a_table(tmp_path):
    text = describe(EXAMPLE, tmp_path)
    for title in ("Дошкольное образование", "Основное общее образование (8-9 классы)", "Дополнительное образование"):
        assert f"| **{title}** |" in text
    assert "| Экскурсии на предприятия, в профессиональные образовательные организации |" in text


def test_the_committed_data_are_what_make_data_writes(tmp_path):
    methodology = load_methodology(EXAMPLE.methodology)
    assert_make_data_writes_the_committed_data(
        EXAMPLE, tmp_path, lambda make_data: make_data.values_for_town(methodology))
