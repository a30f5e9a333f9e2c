"""The self-report of МБОУ «СОШ № 150 г. Челябинска» on its roadmap (seed 001): what its report judges.

The «organizations» are the school's own units: the administration, the library and the grade
groups 1–7, 8–9, 10–11, so the total is the school and the table by unit is the breakdown by grade
group. `check`, `template` and the golden files of this example are tested in
tests/test_shipped_methodologies.py; when a change to the report is intended, regenerate the
golden files and review the diff:

    PROFORIENT_UPDATE_GOLDEN=1 python -m pytest tests/test_shipped_methodologies.py -k school-150
"""

from __future__ import annotations

from proforient_cli.methodology.load import load_methodology
from examples_kit import assert_make_data_writes_the_committed_data, compute, describe, example, example_fixtures, read_results

EXAMPLE = example("school-150-2021")
run, report, results = example_fixtures(EXAMPLE)
ADMINISTRATION, LIBRARY, GRADES_1_7, GRADES_8_9, GRADES_10_11 = "15001", "15002", "15003", "15004", "15005"


def test_the_run_names_the_mistakes_of_the_grade_groups(run, report):
    result = run.result
    assert result.exit_code == 0
    assert result.output.startswith("Обработано 5 файлов: учтено 5, исключено 0; 2 замечания в данных.")
    assert "Отчётный период: по итогам учебного года (2023/2024)." in report
    assert "Файлы прислали все подразделения реестра." in report
    assert ": ожидалось целое число ≥ 0, получено «все»" in report
    assert ": часть больше целого" in report and "(bilet_pupils)" not in report


def test_the_school_total_is_the_sum_over_its_grade_groups(results):
    total = results[("total", "pupils_covered_share")]
    groups = [results[(code, "pupils_covered_share")] for code in (GRADES_1_7, GRADES_8_9, GRADES_10_11)]
    assert total["denominator"] == "1061" == str(sum(int(g["denominator"]) for g in groups))  # 724 + 206 + 131
    assert total["numerator"] == str(sum(int(g["numerator"]) for g in groups))
    # The administration and the library have no pupils: not a row of the breakdown.
    assert results[(ADMINISTRATION, "pupils_covered_share")]["value"] == ""
    # A mistake leaves its unit out, and only it: the portfolio share is over grades 1–7 and 10–11.
    assert results[("total", "portfolio_share")]["denominator"] == "855"  # 724 + 131


def test_professional_trials_are_asked_of_grades_8_9_only(results, report):
    assert results[(GRADES_8_9, "trial_share")]["denominator"] == "206"
    assert results[("total", "trial_share")]["denominator"] == "206"
    section = report.split("### 4. Формирование пространства трудовой активности")[2].split("###")[0]
    rows = {line.split(" | ")[0].lstrip("| "): line.split(" | ")[4] for line in section.splitlines()
            if line.startswith("| ") and "МБОУ" in line}
    assert rows["Начальная школа и 5-7 классы МБОУ «СОШ № 150 г. Челябинска»"] == "—"  # not applicable
    assert rows["Старшая школа, 10-11 классы МБОУ «СОШ № 150 г. Челябинска»"] == "—"


def test_items_with_a_term_have_targets(results, report):
    # The order and the site section (due in 2021) must exist every year.
    assert results[("total", "order_adopted")]["target_met"] == "true"
    assert results[("total", "site_section")]["target_met"] == "true"
    # The base of mentors is due every August: this year it was not updated.
    assert results[("total", "mentors_base")]["target_met"] == "false"
    assert ("| 1.2 | Информация о наставниках за реализацию профессионального самоопределения обучающихся лицея "
            "| нет | обязательно | не выполнено |") in report
    # One-time actions of 2021 are reported, not judged, in 2023/2024.
    assert (results[("total", "plan_changed")]["target"], results[("total", "plan_changed")]["target_met"]) == ("", "")


def test_a_one_time_action_of_2021_is_judged_in_its_own_year(tmp_path):
    compute(EXAMPLE, tmp_path, "--period", "2020/2021")
    results = read_results(tmp_path)
    assert results[("total", "plan_changed")]["target"] == ">=1"
    assert results[("total", "needs_survey_taken")]["target"] == ">=1"


def test_item_6_1_is_taking_part_in_a_monitoring_not_a_share_of_teachers(report, results):
    # 6.1 «Участие в мониторинге использования педагогами нормативных, информационных, методических
    # и дидактических материалов интерактивного цифрового образовательного ресурса «Я в мире профессий»»
    assert ("| 6.1 | Участие в мониторинге использования педагогами нормативных, информационных, методических "
            "и дидактических материалов интерактивного цифрового образовательного ресурса «Я в мире профессий» "
            "| да | — | — | по 1 из 1 подразделения |") in report
    assert "Доля педагогов, использующих материалы" not in report
    methodology = load_methodology(EXAMPLE.methodology)
    assert methodology.indicator("resource_monitoring_taken").kind == "count"
    assert methodology.element("resource_monitoring").type == "flag"
    assert results[("total", "resource_monitoring_taken")]["value"] == "1"


def test_item_3_1_and_its_a_and_b_are_rows_of_their_own(report):
    # 3.1 «Уточнение основных образовательных программам общего образования … в том числе
    # учитывающих специфику взаимодействия с: а) одаренными и талантливыми детьми;
    # б) низкомотивированными и слабоуспевающими школьниками»: the item, а) and б), not one answer
    rows = [line.split(" | ")[:2] for line in report.splitlines() if line.startswith("| 3.1")]
    assert rows == [
        ["| 3.1", "Уточнение основных образовательных программ общего образования с точки зрения отражения "
                  "в них стратегии отбора содержательных и организационно-педагогических средств осуществления "
                  "профориентационной деятельности"],
        ["| 3.1.1", "Уточнение основных образовательных программ общего образования, учитывающих специфику "
                    "взаимодействия с одаренными и талантливыми детьми"],
        ["| 3.1.2", "Уточнение основных образовательных программ общего образования, учитывающих специфику "
                    "взаимодействия с низкомотивированными и слабоуспевающими школьниками"],
    ]


def test_the_report_numbers_the_items_as_the_roadmap_does(report):
    # 2.6 and 2.8 are the same item in the roadmap: 2.8 is not repeated; 2.9 keeps its number
    assert "| 2.7 | Участие в городских семинарах и совещаниях" in report and "| 2.8 |" not in report
    assert "| 2.9 | Формирование базы лучших практик: внедрения и реализации Концепции в муниципалитете; " \
           "организационно-педагогического сопровождения профессионального самоопределения обучающихся " \
           "в образовательных организациях |" in report
    # 5.3 а), б), в) under their item's number; 1.7 «в том числе на основе сетевого взаимодействия» under 1.7
    assert "| 5.3.3 | Подключение школьной библиотеки к электронным библиотекам: «Литрес-школа»" in report
    assert "| 1.7.1 | в том числе: заключение соглашений (договоров) на основе сетевого взаимодействия |" in report


def test_counts_of_the_units_reporting(results):
    assert results[("total", "career_programs_total")]["value"] == str(
        sum(int(results[(code, "career_programs_total")]["value"]) for code in (GRADES_1_7, GRADES_8_9, GRADES_10_11)))
    assert results[("total", "e_libraries_total")]["value"] == results[(LIBRARY, "e_libraries_total")]["value"]


def test_the_report_is_the_schools_self_report_on_its_units(report):
    """«report: units: подразделения»: the roster's rows are the school's units, the whole is the
    school, the title is the roadmap's self-report, and no sentence on rankings the roadmap lacks."""
    assert report.startswith("# Самоотчет о реализации дорожной карты внедрения Концепции профориентационной "
                             "деятельности «Новые педагогические инструменты")
    assert "Аналитическая справка" not in report
    assert "Ожидались данные от 5 подразделений по реестру." in report
    assert "## 2. Показатели организации" in report and "Показатели муниципалитета" not in report
    assert "Подразделения перечислены в алфавитном порядке. Прочерк означает, что показатель к подразделению " \
           "не относится." in report
    assert "по 3 из 3 подразделений" in report and "из 3 организаций" not in report
    assert "выстраивания рейтингов" not in report


def test_describe_writes_the_roadmap_as_a_table(tmp_path):
    text = describe(EXAMPLE, tmp_path)
    assert "| **Информационное сопровождение реализаций положений и задач Концепций** |" in text
    assert "| Доля обучающихся 8-9 классов, прошедших профессиональные пробы" in text


def test_the_committed_data_are_what_make_data_writes(tmp_path):
    methodology = load_methodology(EXAMPLE.methodology)
    assert_make_data_writes_the_committed_data(
        EXAMPLE, tmp_path, lambda make_data: make_data.values_for_school(methodology))


def test_a_units_feedback_page_speaks_of_its_unit_and_the_school(tmp_path):
    import docx

    result = compute(EXAMPLE, tmp_path / "справка", "--feedback")
    assert result.exit_code == 0, result.output
    page = next((tmp_path / "справка" / "организации").glob("15002 *.docx"))
    document = docx.Document(str(page))
    text = "\n".join(p.text for p in document.paragraphs)
    assert ("Значения подразделения приведены рядом со значениями организации (по всем подразделениям вместе)"
            in text)
    assert "результаты других подразделений в этом документе не приводятся" in text
    assert [cell.text for cell in document.tables[0].rows[0].cells][2:4] == ["Значение подразделения",
                                                                             "Значение организации"]
