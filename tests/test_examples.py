"""The shipped example district of the default methodology (``examples/data``, order No 124 of Мосальский
район): the report names what the schools sent wrong, and the run says so with exit code 1.

Its golden files are compared in tests/test_shipped_methodologies.py; when a change to the report
is intended, regenerate them and review the diff:

    PROFORIENT_UPDATE_GOLDEN=1 python -m pytest tests/test_shipped_methodologies.py -k default
"""

from __future__ import annotations

import importlib.util

from examples_kit import DEFAULT, ROOT, compute, example, example_fixtures, read_results, value

EXAMPLE = example(DEFAULT)
run, report, results = example_fixtures(EXAMPLE)

BASIC_SCHOOL = "4004"  # МКОУ «Каменская основная общеобразовательная школа»: grades 1–9
KINDERGARTEN = "4007"  # МБДОУ «Детский сад «Солнышко» г. Мосальска


def make_examples():
    spec = importlib.util.spec_from_file_location("make_examples", ROOT / "examples" / "make_examples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_example_run_reports_its_typical_mistakes_and_exits_with_1(run, report):
    assert run.result.exit_code == 0
    assert run.result.output.startswith("Обработано 9 файлов: учтено 8, исключено 1; ")
    assert "МКОУ «Озёрская основная общеобразовательная школа» (код 4006)" in report  # never sent
    assert "получено «12 чел.»" in report
    assert "получено «может быть»" in report
    assert "версия 0), ожидалась методика «mosalsk-2021», версия 2" in report
    # the basic school's survey of 900 pupils of its 48 pupils of grades 5–9
    assert "= 900, ожидалось не больше, чем «Общее количество обучающихся 5–11 классов» = 48" in report


def test_the_basic_school_has_no_grades_10_11_and_reports_none(results):
    """An ООШ teaches grades 1–9: 0 graduates of grade 11, no profile class, nobody to an ОО ВО."""
    row = results[(BASIC_SCHOOL, "graduates_11_to_poo_vo_share")]
    assert (row["numerator"], row["denominator"], row["value"]) == ("0", "0", "")  # 0 of 0: no share
    row = results[(BASIC_SCHOOL, "gia_profile_share")]
    assert (row["numerator"], row["denominator"]) == ("0", "0")
    assert value(results, BASIC_SCHOOL, "profile_classes_total") == 0
    assert value(results, BASIC_SCHOOL, "graduates_to_vo_total") == 0
    # its graduates of grade 9 are all the 9 and 11 graduates of row 6, and some went on to a ПОО
    row = results[(BASIC_SCHOOL, "admitted_by_profile_share")]
    assert row["denominator"] == results[(BASIC_SCHOOL, "graduates_9_to_poo_share")]["denominator"] == "10"
    assert value(results, BASIC_SCHOOL, "graduates_to_poo_total") > 0
    # a secondary school has its grade 11
    assert float(results[("4003", "graduates_11_to_poo_vo_share")]["denominator"]) > 0


def test_the_head_counts_are_a_schools(results):
    """Psychologists and mentors are a few per school, not dozens; the department counts its one УДО."""
    assert value(results, "total", "psychologists_total") <= 12
    assert value(results, "total", "mentors_total") <= 30
    assert value(results, "total", "udo_total") == 1
    for code in ("4001", "4003", BASIC_SCHOOL, "4005"):
        assert float(results[(code, "staff_trained_share")]["denominator"]) < 80  # staff of a rural school


def test_kindergartens_count_in_rows_3_and_4(results, report):
    """Приложение 2, rows 3–4 are of «ОО», п. 3's every educational organization: the kindergarten too."""
    assert value(results, KINDERGARTEN, "orgs_with_guidance_program") == 1
    kindergarten = results[(KINDERGARTEN, "staff_trained_share")]
    assert kindergarten["denominator"] == "17"
    total = results[("total", "staff_trained_share")]
    # 7 organizations: 5 schools, the kindergarten, the УДО (the department is no educational organization)
    staff = [float(results[(code, "staff_trained_share")]["denominator"])
             for code in ("4001", "4002", "4003", "4004", "4005", KINDERGARTEN, "4009")]
    assert float(total["denominator"]) == sum(staff) == 226
    assert results[("4010", "staff_trained_share")]["denominator"] == ""
    assert "| 2.1 | Наличие в ОО программы (плана работы) по сопровождению профессионального самоопределения и " \
           "профессиональной ориентации обучающихся | 5 из 6 организаций | — | — | по 6 из 7 организаций |" in report


def test_make_examples_writes_the_committed_data(tmp_path):
    """The committed examples/data are what examples/make_examples.py writes: the same results."""
    script = make_examples()
    data = tmp_path / "data"
    written = script.generate(ROOT / "indicators.yaml", EXAMPLE.roster, data, script.PERIOD,
                              not_sent=(script.NOT_SENT,), mistakes=script.MISTAKES,
                              last_years=(script.LAST_YEARS_TEMPLATE,), values_for=script.plausible)
    assert sorted(p.name for p in written) == sorted(p.name for p in EXAMPLE.data.glob("*.xlsx"))
    compute(EXAMPLE, tmp_path / "out", data=data)
    assert read_results(tmp_path / "out") == read_results(EXAMPLE.golden_dir)
