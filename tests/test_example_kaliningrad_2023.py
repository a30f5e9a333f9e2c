"""The Kaliningrad roadmap 2023–2025 (examples/kaliningrad-2023): the methodology encodes the
document's table, `describe` renders it, and the report of the example data counts what the
committee counts, with no target judged (the document sets none).

`check`, `template` and the golden files of this example are tested in
tests/test_shipped_methodologies.py; when a change to the report is intended, regenerate the
golden files and review the diff:

    PROFORIENT_UPDATE_GOLDEN=1 python -m pytest tests/test_shipped_methodologies.py -k kaliningrad
"""

from __future__ import annotations

from proforient_cli.methodology.load import load_methodology
from examples_kit import NBSP, assert_make_data_writes_the_committed_data, describe, example, example_fixtures, value

EXAMPLE = example("kaliningrad-2023")
run, report, results = example_fixtures(EXAMPLE)


def test_the_methodology_encodes_the_documents_table():
    methodology = load_methodology(EXAMPLE.methodology)
    assert len(methodology.sections) == 11  # the 11 goals
    assert [s.title for s in methodology.sections][10] == \
        "Удовлетворение потребности в педагогических кадрах на основе анализа рынка труда города Калининграда"
    assert len(methodology.indicators) == 21  # 17 rows of the table + «Билет в будущее», «ПроеКТОриЯ», СПО, ВО
    assert {i.kind for i in methodology.indicators} == {"sum", "count"}
    assert all(i.target is None for i in methodology.indicators)  # the document sets none
    assert methodology.element("early_guidance_bilet").part_of == "early_guidance"
    assert methodology.element("early_guidance_proektoria").part_of == "early_guidance"
    assert methodology.element("dop_enrolled").applies_to == ("МОУО",)


def test_the_period_is_the_documents_october_to_december(report):
    # plan item 12.1: «Проведение сбора информации и мониторинга муниципальных показателей
    # системы профориентации | … | Октябрь – декабрь 2023 года, далее – ежегодно»; the document
    # never speaks of a calendar year
    assert load_methodology(EXAMPLE.methodology).period == "за октябрь – декабрь"
    assert report.startswith("# Аналитическая справка по результатам мониторинга муниципальных показателей "
                             "развития системы профессиональной ориентации обучающихся в ГО «Город Калининград» "
                             "за октябрь – декабрь 2023 г.\n")
    assert "Отчётный период: за октябрь – декабрь 2023 г. Справка сформирована 22.12.2023." in report
    assert "календарного года" not in report


def test_describe_renders_the_order_table(tmp_path):
    text = describe(EXAMPLE, tmp_path)
    assert "| **Проведение ранней профориентации обучающихся** |" in text
    assert "Количество организаций, ответивших «да» на вопрос «В учреждении разработан и утвержден план" in text
    assert "(один обучающийся учитывается 1 раз) (сумма по всем организациям) | Человек | Данные комитета по образованию |" in text


def test_what_was_received_and_the_typical_mistakes(run, report):
    result = run.result
    assert result.exit_code == 0  # data problems found; the report is ready all the same
    assert result.output.startswith("Обработано 7 файлов: учтено 7, исключено 0; 2 замечания в данных.")
    assert "Ожидались данные от 8 организаций по реестру. Получено файлов: 7, учтено в расчёте: 7." in report
    assert "- МАОУ «Средняя общеобразовательная школа «Сосновый бор» (код 3907)" in report
    assert "ячейка D14: ожидалось «да» или «нет», получено «утверждена»" in report
    assert ": часть больше целого:" in report and "(early_guidance_bilet)" not in report
    assert "= 1\xa0250, ожидалось не больше, чем" in report


def test_the_schools_with_a_roadmap_are_counted(report, results):
    # «да» in 3901, 3903, 3905, 3906; «нет» in 3902; 3904 typed a word: left out, not counted as «нет»
    assert ("| 1.1 | Количество муниципальных общеобразовательных учреждений, в которых разработаны и утверждены "
            "планы мероприятий («дорожные карты») или программы по развитию системы профессиональной ориентации "
            "| 4 из 5 организаций | — | — | по 5 из 6 организаций |") in report
    assert value(results, "3902", "schools_with_roadmap") == 0.0
    assert value(results, "3904", "schools_with_roadmap") is None
    assert "| МАОУ «Средняя общеобразовательная школа «Парус» | нет данных |" in report


def test_the_sub_items_of_early_career_guidance_read_as_parts_not_as_the_whole(report):
    # «Количество обучающихся …, охваченных мероприятиями, направленными на раннюю профессиональную
    # ориентацию, в том числе: - в рамках проекта «Билет в будущее»; - в рамках открытых онлайн-уроков
    # «ПроеКТОриЯ»»: each sub-item says what it counts and stands under its whole
    whole = ("| 3.1 | Количество обучающихся по образовательным программам основного и среднего общего "
             "образования, охваченных мероприятиями, направленными на раннюю профессиональную ориентацию | ")
    bilet = ("| 3.2 | в том числе: количество обучающихся, охваченных мероприятиями, направленными на раннюю "
             "профессиональную ориентацию, в рамках проекта «Билет в будущее» | ")
    proektoria = ("| 3.3 | в том числе: количество обучающихся, охваченных мероприятиями, направленными на раннюю "
                  "профессиональную ориентацию, в рамках открытых онлайн-уроков «ПроеКТОриЯ» | ")
    assert report.index(whole) < report.index(bilet) < report.index(proektoria)
    # a title that itself said «…, в том числе в рамках проекта …» read as the whole count
    assert "ориентацию, в том числе в рамках" not in report


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
    assert "| МАОУ «Основная общеобразовательная школа «Прибрежная» | да | " in report


def test_no_target_is_judged(results):
    assert all(row["target"] == "" and row["target_met"] == "" for row in results.values())


def test_the_committed_data_are_what_make_data_writes(tmp_path):
    assert_make_data_writes_the_committed_data(EXAMPLE, tmp_path, lambda make_data: make_data.school_values)
