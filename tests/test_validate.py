"""Checking a school's file: each problem as the methodist reads it, with its cell.

The files are written as a school returns them (tests/workbooks.py), read by the real reader
and checked against the methodology, so each test shows what a user sees.
"""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from proforient_cli.methodology.load import load_methodology
from proforient_cli.core.organization import Organization
from proforient_cli.intake.problems import CATALOGUE, Problem
from proforient_cli.intake.read import read_submission
from proforient_cli.intake.submission import CellValue, Checked, Submission
from proforient_cli.intake.validate import validate
from workbooks import make_submission, meta_for

FIXTURES = Path(__file__).parent / "fixtures"
MINI = load_methodology(FIXTURES / "mini.yaml")

# The rows of a filled template of MINI start at D10: pupils_5_11 D10, pupils_5_11_surveyed D11,
# events D12, hours D13, has_plan D14, plan_details D15; extra rows from D16 on.
GOOD = {
    "pupils_5_11": 120,
    "pupils_5_11_surveyed": 95,
    "events": 12,
    "hours": "30,5",
    "has_plan": "Да",
    "plan_details": "Программа «Мой выбор», приказ № 5",
}
PLACE = "школа_12.xlsx, лист «Данные»"


def check(tmp_path: Path, values: dict, *, methodology=MINI, roster=None, name="школа_12.xlsx", **options) -> Checked:
    options.setdefault("meta", meta_for(methodology))
    filled = make_submission(tmp_path / name, values, **options)
    submission = read_submission(filled.path)
    assert isinstance(submission, Submission), submission
    return validate(submission, methodology, roster)


def messages(checked: Checked) -> list[str]:
    return [problem.message for problem in checked.problems]


def only(checked: Checked) -> Problem:
    assert len(checked.problems) == 1, messages(checked)
    return checked.problems[0]


def methodology_file(tmp_path: Path, *, share: bool, rule: bool):
    """Graduates of the 9th form and those admitted to a college, not tied by part_of."""
    text = """\
methodology: {id: grads, version: "2", title: Поступление выпускников}
sections:
  - {id: admission, title: Поступление выпускников}
elements:
  - {id: graduates_9, label: Выпускники 9 классов, type: count, unit: чел., section: admission}
  - {id: graduates_9_to_spo, label: "Выпускники 9 классов, поступившие в ПОО", type: count, unit: чел.,
     section: admission}
indicators:
"""
    if share:
        text += """\
  - id: spo_share
    title: Доля выпускников 9 классов, поступивших в ПОО
    section: admission
    share: {numerator: graduates_9_to_spo, denominator: graduates_9}
"""
    text += """\
  - {id: graduates_total, title: Выпускники 9 классов, section: admission, unit: чел., sum: graduates_9}
"""
    if rule:
        text += """\
rules:
  - check: graduates_9_to_spo <= graduates_9
    message: Выпускников 9 классов, поступивших в ПОО, больше, чем выпускников 9 классов
"""
    (tmp_path / "grads.yaml").write_text(text, encoding="utf-8")
    return load_methodology(tmp_path / "grads.yaml")


def test_a_clean_file_gives_its_values_and_no_problems(tmp_path):
    checked = check(tmp_path, GOOD)
    assert checked.problems == ()
    assert not checked.excluded and checked.excluded_indicators == frozenset()
    assert checked.values == {
        "pupils_5_11": 120.0,
        "pupils_5_11_surveyed": 95.0,
        "events": 12.0,
        "hours": 30.5,
        "has_plan": 1.0,
        "plan_details": "Программа «Мой выбор», приказ № 5",
    }
    assert checked.organization == Organization("4012", "МБОУ «Средняя школа № 12»", "ОО", "Мосальский район")


# One test per problem code.

def test_type_error_a_unit_typed_into_a_count(tmp_path):
    checked = check(tmp_path, {**GOOD, "pupils_5_11": "12 чел."})
    assert messages(checked) == [f"{PLACE}, ячейка D10 (pupils_5_11): ожидалось целое число ≥ 0, получено «12 чел.»"]
    assert checked.values["pupils_5_11"] is None
    assert checked.values["events"] == 12.0  # the other values still count


def test_type_error_a_fraction_in_a_head_count_and_maybe_in_a_flag(tmp_path):
    checked = check(tmp_path, {**GOOD, "events": "1,5", "has_plan": "может быть"})
    assert messages(checked) == [
        f"{PLACE}, ячейка D12 (events): ожидалось целое число ≥ 0, получено «1,5»",
        f"{PLACE}, ячейка D14 (has_plan): ожидалось «да» или «нет», получено «может быть»",
    ]
    assert checked.values["events"] is None and checked.values["has_plan"] is None


def test_type_error_a_fraction_typed_as_a_number(tmp_path):
    checked = check(tmp_path, {**GOOD, "events": 12.5})
    assert only(checked).found == "12,5"
    assert only(checked).cell == "D12"


def test_negative_value(tmp_path):
    checked = check(tmp_path, {**GOOD, "events": -5})
    assert messages(checked) == [
        f"{PLACE}, ячейка D12 (events): ожидалось целое число ≥ 0, получено отрицательное число «-5»"]
    assert checked.values["events"] is None


def test_dash_value_suggests_zero(tmp_path):
    checked = check(tmp_path, {**GOOD, "events": "—"})
    assert messages(checked) == [
        f"{PLACE}, ячейка D12 (events): получено «—» вместо числа — если имелся в виду ноль, введите 0; "
        "пока значение считается «нет данных»"]
    assert checked.values["events"] is None


def test_missing_value_a_blank_is_no_data_never_zero(tmp_path):
    checked = check(tmp_path, {**GOOD, "events": None})
    assert messages(checked) == [
        f"{PLACE}, ячейка D12 (events): значение не заполнено — считается «нет данных» (не нулём)"]
    assert checked.values["events"] is None


def test_missing_value_rosstat_no_data_mark(tmp_path):
    checked = check(tmp_path, {**GOOD, "hours": "х"})
    assert messages(checked) == [
        f"{PLACE}, ячейка D13 (hours): получено «х» — это «нет данных»; значение не учитывается "
        "(и не считается нулём)"]
    assert checked.values["hours"] is None


def test_missing_row(tmp_path):
    checked = check(tmp_path, {code: value for code, value in GOOD.items() if code != "plan_details"})
    assert messages(checked) == [
        f"{PLACE}: в таблице нет строки с кодом «plan_details» — значение считается «нет данных»"]
    assert only(checked).element == "plan_details"
    assert checked.values["plan_details"] is None


def test_unknown_code(tmp_path):
    checked = check(tmp_path, GOOD, extra_rows=[["pupils_5_11_survey", "Опечатка в коде", "чел.", 5]])
    assert messages(checked) == [
        f"{PLACE}, ячейка D16: неизвестный код «pupils_5_11_survey» — такой строки нет в методике; строка не учтена"]
    assert "pupils_5_11_survey" not in checked.values


def test_duplicate_code_keeps_the_first(tmp_path):
    checked = check(tmp_path, GOOD, extra_rows=[["events", "Количество мероприятий", "ед.", 99]])
    assert messages(checked) == [
        f"{PLACE}, ячейка D16 (events): код «events» встречается в таблице повторно (первый раз — ячейка D12); "
        "учтено первое значение"]
    assert only(checked).found == "99"
    assert checked.values["events"] == 12.0


def test_part_exceeds_whole_both_become_no_data(tmp_path):
    checked = check(tmp_path, {**GOOD, "pupils_5_11": 100, "pupils_5_11_surveyed": 120})
    assert messages(checked) == [
        f"{PLACE}, ячейка D11 (pupils_5_11_surveyed): часть больше целого: "
        "«Обучающиеся 5–11 классов, прошедшие анкетирование» = 120, "
        "ожидалось не больше, чем «Общее количество обучающихся 5–11 классов» = 100; "
        "оба значения считаются «нет данных»"]
    assert checked.values["pupils_5_11"] is None and checked.values["pupils_5_11_surveyed"] is None
    # already covered: no second problem for the share built on the same pair
    assert checked.excluded_indicators == frozenset()


def test_a_part_equal_to_its_whole_is_fine(tmp_path):
    assert check(tmp_path, {**GOOD, "pupils_5_11": 120, "pupils_5_11_surveyed": 120}).problems == ()


def test_numerator_exceeds_denominator_leaves_the_organization_out_of_the_share(tmp_path):
    grads = methodology_file(tmp_path, share=True, rule=False)
    checked = check(tmp_path, {"graduates_9": 10, "graduates_9_to_spo": 12}, methodology=grads)
    assert messages(checked) == [
        f"{PLACE}, ячейка D11 (graduates_9_to_spo): числитель доли больше знаменателя "
        "(«Выпускники 9 классов, поступившие в ПОО» = 12, «Выпускники 9 классов» = 10); организация не учитывается в показателе "
        "«Доля выпускников 9 классов, поступивших в ПОО»"]
    assert checked.excluded_indicators == frozenset({"spo_share"})
    assert checked.values == {"graduates_9": 10.0, "graduates_9_to_spo": 12.0}  # other indicators still use them


def test_rule_failed(tmp_path):
    grads = methodology_file(tmp_path, share=False, rule=True)
    checked = check(tmp_path, {"graduates_9": 10, "graduates_9_to_spo": 12}, methodology=grads)
    assert messages(checked) == [
        f"{PLACE}, ячейка D11 (graduates_9_to_spo): Выпускников 9 классов, поступивших в ПОО, больше, "
        "чем выпускников 9 классов: «Выпускники 9 классов, поступившие в ПОО» = 12; «Выпускники 9 классов» = 10"]
    assert only(checked).expected == "Выпускников 9 классов, поступивших в ПОО, больше, чем выпускников 9 классов"
    assert checked.values["graduates_9_to_spo"] == 12.0  # the values still count


def test_rule_failed_over_an_expression(tmp_path):
    checked = check(tmp_path, {**GOOD, "hours": 2000})
    assert messages(checked) == [
        f"{PLACE}, ячейка D13 (hours): Часов консультаций больше, чем возможно при таком числе мероприятий: "
        "«Часы консультаций» = 2\xa0000; «Количество мероприятий» = 12"]


def test_a_rule_is_not_checked_when_a_value_is_missing(tmp_path):
    checked = check(tmp_path, {**GOOD, "hours": 2000, "events": None})
    assert [problem.code for problem in checked.problems] == ["missing-value"]


def test_other_methodology_version_excludes_the_file(tmp_path):
    checked = check(tmp_path, GOOD, meta=meta_for(MINI, methodology_version="0"))
    assert messages(checked) == [
        "школа_12.xlsx: файл заполнен по шаблону другой методики или версии (методика «mini-test», версия 0), "
        "ожидалась методика «mini-test», версия 1; файл исключён из расчёта"]
    assert checked.excluded and checked.values == {}
    assert checked.organization.code == "4012"


def test_other_methodology_id(tmp_path):
    checked = check(tmp_path, GOOD, meta=meta_for(MINI, methodology_id="mosalsk-2021", methodology_version=2))
    assert only(checked).found == "методика «mosalsk-2021», версия 2"
    assert checked.excluded


def test_the_same_version_with_other_definitions(tmp_path):
    checked = check(tmp_path, GOOD, meta=meta_for(MINI, fingerprint="0000aaaa0000aaaa"))
    assert messages(checked) == [
        "школа_12.xlsx: файл заполнен по шаблону другой методики или версии (методика «mini-test», версия 1 "
        "с другим составом строк (контрольная сумма 0000aaaa0000aaaa)), ожидалась методика «mini-test», версия 1 "
        f"(контрольная сумма {MINI.fingerprint}); файл исключён из расчёта"]
    assert checked.excluded


def test_a_lost_hidden_sheet_is_no_reason_to_exclude(tmp_path):
    checked = check(tmp_path, GOOD, meta=None)
    assert checked.problems == () and not checked.excluded
    assert checked.organization.code == "4012"


def test_unknown_organization_is_counted_all_the_same(tmp_path):
    roster = {"4001": Organization("4001", "МБОУ «Школа № 1»", "ОО")}
    checked = check(tmp_path, GOOD, roster=roster)
    assert messages(checked) == ["школа_12.xlsx: организации с кодом «4012» нет в реестре; файл учтён в расчёте"]
    assert not checked.excluded and checked.values["events"] == 12.0


def test_unknown_org_type_reports_every_element(tmp_path):
    title = {"org_name": "Школа № 12", "org_code": "4012", "org_type": "Школа"}
    checked = check(tmp_path, GOOD, title=title, meta=meta_for(MINI, org_type=None))
    assert messages(checked) == [
        f"{PLACE}: неизвестный тип организации «Школа», ожидался один из: ОО, ДОО, УДО; "
        "организация считается по всем элементам"]
    assert checked.organization.type == ""
    assert checked.values["pupils_5_11"] == 120.0


# Whose file it is.

def test_the_hidden_sheet_code_wins_over_the_title(tmp_path):
    checked = check(tmp_path, GOOD, meta=meta_for(MINI, org_code="4099"))
    assert checked.organization.code == "4099"


def test_without_title_or_hidden_sheet_the_file_name_names_the_organization(tmp_path):
    checked = check(tmp_path, GOOD, title={}, meta=None, name="Школа 7.xlsx")
    assert checked.organization == Organization("Школа 7", "Школа 7", "", "")
    assert checked.problems == ()


def test_the_roster_fills_what_the_title_lacks(tmp_path):
    roster = {"4012": Organization("4012", "МБОУ «СШ № 12»", "ОО", "Мосальский район")}
    checked = check(tmp_path, GOOD, title={"org_code": "4012"}, meta=None, roster=roster)
    assert checked.organization == Organization("4012", "МБОУ «СШ № 12»", "ОО", "Мосальский район")
    assert checked.problems == ()


def test_the_type_may_be_typed_in_full_and_in_any_case(tmp_path):
    title = {"org_code": "4012", "org_type": "дошкольная образовательная  организация"}
    checked = check(tmp_path, {"events": 3, "hours": 1, "has_plan": "нет", "plan_details": "-"}, title=title,
                    meta=None)
    assert checked.organization.type == "ДОО"
    assert checked.problems == ()


def test_rows_of_another_organization_type_are_ignored(tmp_path):
    title = {"org_code": "5001", "org_type": "ДОО"}
    checked = check(tmp_path, {**GOOD, "pupils_5_11": "много"}, title=title, meta=None)
    assert checked.problems == ()
    assert "pupils_5_11" not in checked.values and "pupils_5_11_surveyed" not in checked.values


def test_a_kindergarten_template_has_no_school_rows_and_that_is_fine(tmp_path):
    title = {"org_code": "5001", "org_type": "ДОО"}
    values = {"events": 3, "hours": 1, "has_plan": "нет", "plan_details": "нет"}
    checked = check(tmp_path, values, title=title, meta=meta_for(MINI, org_type="ДОО", org_code="5001"))
    assert checked.problems == ()
    assert set(checked.values) == set(values)


def test_problems_come_in_the_order_of_the_sheet(tmp_path):
    checked = check(tmp_path, {**GOOD, "events": "—", "pupils_5_11": None, "hours": "полтора"},
                    extra_rows=[["bogus", None, None, 1]])
    assert [(p.code, p.cell) for p in checked.problems] == [
        ("missing-value", "D10"), ("dash-value", "D12"), ("type-error", "D13"), ("unknown-code", "D16")]
    assert checked.problems[2].expected == "число"


def test_a_negative_number_is_fine_where_any_number_is(tmp_path):
    checked = check(tmp_path, {**GOOD, "hours": -1})
    assert checked.problems == () and checked.values["hours"] == -1.0


def test_every_code_of_the_catalogue_has_a_message_for_any_record():
    for code, kind in CATALOGUE.items():
        for found in ("", "12 чел."):
            problem = Problem(code, "ф.xlsx", "Данные", "D14", "events", found, "целое число ≥ 0")
            assert problem.message.startswith("ф.xlsx, лист «Данные», ячейка D14 (events): ")
            assert "{" not in problem.message and "}" not in problem.message
        assert kind.meaning and kind.action


raw_cells = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(), st.text(max_size=20),
                      st.sampled_from(["да", "нет", "—", "х", "1 234", "12,5"]), st.dates())


@settings(max_examples=200, deadline=None)
@given(cells=st.lists(st.tuples(st.sampled_from([e.id for e in MINI.elements] + ["bogus"]), raw_cells),
                      max_size=12),
       org_type=st.sampled_from(["ОО", "ДОО", "", "завод"]))
def test_anything_typed_gives_values_and_problems_never_an_exception(cells, org_type):
    submission = Submission(
        path=Path("школа.xlsx"), sheet="Данные",
        values=tuple(CellValue(code, raw, "Данные", f"D{row}") for row, (code, raw) in enumerate(cells, start=10)),
        title={"org_type": org_type} if org_type else {},
    )
    checked = validate(submission, MINI)
    if checked.excluded:  # a template sent back with nothing in it
        assert [p.code for p in checked.problems][-1:] == ["empty-template"]
        assert all(cell.value is None for cell in submission.values)
        return
    assert set(checked.values) == {e.id for e in MINI.elements_for(checked.organization.type)}
    for value in checked.values.values():
        assert value is None or isinstance(value, (float, str))
    assert all(problem.code in CATALOGUE and problem.message for problem in checked.problems)


def test_a_code_retyped_in_another_case_with_spaces_or_an_invisible_character_is_still_its_row(tmp_path):
    values = {("PUPILS_5_11 " if code == "pupils_5_11" else "events\u200b" if code == "events" else code): value
              for code, value in GOOD.items()}
    checked = check(tmp_path, values)
    assert messages(checked) == []
    assert checked.values["pupils_5_11"] == 120.0 and checked.values["events"] == 12.0


def test_a_code_whose_leading_zeros_excel_dropped_is_matched_and_never_reported_missing(tmp_path):
    from click.testing import CliRunner

    from proforient_cli.cli import main

    inbox = tmp_path / "in"
    inbox.mkdir()
    make_submission(inbox / "школа.xlsx", GOOD, meta=meta_for(MINI, org_code="4014001000"),
                    title={"org_name": "МБОУ «СОШ № 1»", "org_code": "4014001000", "org_type": "ОО"})
    roster = tmp_path / "реестр.csv"
    roster.write_text("Код;Наименование;Тип\n04014001000;МБОУ «СОШ № 1»;ОО\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["compute", str(inbox), "-m", str(FIXTURES / "mini.yaml"), "--roster",
                                       str(roster), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "Файлы прислали все организации реестра." in report and "Не прислали" not in report
    assert "сопоставлен с кодом «04014001000» из реестра" in report
    assert ",04014001000," in (tmp_path / "out" / "results.csv").read_text(encoding="utf-8")
