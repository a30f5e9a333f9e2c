"""What a school may type into a «Значение» cell, and what the program makes of it."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proforient_cli.intake.problems import CATALOGUE
from proforient_cli.intake.cells import EXPECTED, Parsed, as_typed, format_number, parse_value

NBSP = "\u00a0"


@pytest.mark.parametrize("raw, value", [
    (5, 5.0), (5.0, 5.0), (0, 0.0), ("5", 5.0), (" 7 ", 7.0), ("1 234", 1234.0), (f"1{NBSP}234", 1234.0),
    ("1 234 567", 1234567.0), ("12,0", 12.0), ("12.0", 12.0), ("+3", 3.0), ("-0", 0.0),
])
def test_a_count_accepts_whole_numbers_however_typed(raw, value):
    assert parse_value(raw, "count") == Parsed(value, None, "целое число ≥ 0")


@pytest.mark.parametrize("raw", [
    "12,5", 12.5, "12 чел.", "двенадцать", "12 345 6", "1.234.567", "1e3", "45%", "12.",
    True, False, datetime.date(2024, 5, 31), datetime.datetime(2024, 5, 31, 10, 0), datetime.time(10, 30),
    float("nan"), float("inf"), "9" * 400,
])
def test_a_count_refuses_what_is_not_a_whole_number(raw):
    assert parse_value(raw, "count") == Parsed(None, "type-error", "целое число ≥ 0")


@pytest.mark.parametrize("raw", [-3, -3.0, "-3", "−3", "- 3".replace(" ", ""), -1.5])
def test_a_negative_count_is_its_own_problem(raw):
    assert parse_value(raw, "count") == Parsed(None, "negative-value", "целое число ≥ 0")


@pytest.mark.parametrize("element_type", ["count", "number"])
@pytest.mark.parametrize("raw", ["-", "—", "–", "−", " — ", "--"])
def test_a_dash_is_a_zero_to_confirm_not_a_zero(raw, element_type):
    assert parse_value(raw, element_type).code == "dash-value"
    assert parse_value(raw, element_type).value is None


@pytest.mark.parametrize("element_type", ["count", "number", "flag"])
@pytest.mark.parametrize("raw", ["...", "…", "х", "Х", "x", "X", " х "])
def test_rosstat_no_data_marks_mean_no_data(raw, element_type):
    assert parse_value(raw, element_type) == Parsed(None, "missing-value", EXPECTED[element_type])


@pytest.mark.parametrize("element_type", ["count", "number", "flag", "text"])
@pytest.mark.parametrize("raw", [None, "", "   ", NBSP, "\t\n"])
def test_a_blank_is_missing_never_zero(raw, element_type):
    assert parse_value(raw, element_type) == Parsed(None, "missing-value", EXPECTED[element_type])


@pytest.mark.parametrize("raw, value", [
    ("12,5", 12.5), ("12.5", 12.5), (12.5, 12.5), ("1 234,5", 1234.5), ("-2,5", -2.5), (",5", 0.5), (7, 7.0),
])
def test_a_number_takes_a_decimal_comma_or_point(raw, value):
    assert parse_value(raw, "number") == Parsed(value, None, "число")


@pytest.mark.parametrize("raw", ["12 ч", "около 5", True, datetime.date(2024, 1, 1)])
def test_a_number_refuses_text_dates_and_booleans(raw):
    assert parse_value(raw, "number") == Parsed(None, "type-error", "число")


@pytest.mark.parametrize("raw, value", [
    ("да", 1.0), ("Да", 1.0), ("ДА", 1.0), (" да ", 1.0), ("Да.", 1.0),
    ("нет", 0.0), ("Нет", 0.0), ("НЕТ.", 0.0), (True, 1.0), (False, 0.0),
])
def test_a_flag_is_da_or_net_in_any_case(raw, value):
    assert parse_value(raw, "flag") == Parsed(value, None, "«да» или «нет»")


@pytest.mark.parametrize("raw", ["может быть", "yes", "+", "-", 1, 0, 1.0, "1", "да/нет", datetime.date(2024, 1, 1)])
def test_a_flag_refuses_anything_else_even_one_and_zero(raw):
    assert parse_value(raw, "flag") == Parsed(None, "type-error", "«да» или «нет»")


@pytest.mark.parametrize("raw, value", [
    ("  Программа «Мой выбор» ", "Программа «Мой выбор»"), (5.0, "5"), (12.5, "12,5"), ("-", "-"),
    (datetime.date(2024, 5, 31), "31.05.2024"), (True, "ИСТИНА"),
])
def test_a_text_answer_is_kept_as_the_school_sees_it(raw, value):
    assert parse_value(raw, "text") == Parsed(value, None, "текст")


def test_an_unknown_element_type_is_a_programming_error():
    with pytest.raises(ValueError):
        parse_value(1, "percent")


@pytest.mark.parametrize("raw, text", [
    (12.0, "12"), (12.5, "12,5"), (-0.25, "-0,25"), (4001, "4001"), (" 12 чел. ", "12 чел."), (None, ""),
    (False, "ЛОЖЬ"), (datetime.datetime(2024, 5, 31, 9, 5), "31.05.2024 09:05"), (datetime.time(9, 5), "09:05"),
])
def test_as_typed_shows_a_value_as_a_russian_spreadsheet_does(raw, text):
    assert as_typed(raw) == text


def test_as_typed_cuts_a_long_text():
    assert as_typed("а" * 500) == "а" * 99 + "…"
    assert as_typed("а" * 500, limit=None) == "а" * 500


def test_format_number():
    assert [format_number(x) for x in (0.0, 317.0, 45.3, 1e20)] == ["0", "317", "45,3", "1E+20"]


raw_values = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.text(), st.text(alphabet=" \u00a0-—–−.,0123456789+хx…данетДАНЕТ"),
    st.dates(), st.datetimes(), st.times(), st.timedeltas(), st.decimals(),
)


@settings(max_examples=500)
@given(raw=raw_values, element_type=st.sampled_from(sorted(EXPECTED)))
def test_any_input_gives_a_value_or_a_problem_code_never_an_exception(raw, element_type):
    parsed = parse_value(raw, element_type)
    assert parsed.expected == EXPECTED[element_type]
    if parsed.code is None:
        if element_type == "text":
            assert isinstance(parsed.value, str) and parsed.value
        else:
            assert isinstance(parsed.value, float) and parsed.value == parsed.value
        if element_type == "count":
            assert parsed.value >= 0 and parsed.value == int(parsed.value)
        if element_type == "flag":
            assert parsed.value in (0.0, 1.0)
    else:
        assert parsed.code in CATALOGUE
        assert parsed.value is None
    assert isinstance(as_typed(raw), str)


@given(st.integers(min_value=0, max_value=10**12))
def test_a_count_typed_as_text_with_thousand_separators_reads_back(number):
    grouped = f"{number:,}".replace(",", " ")
    assert parse_value(grouped, "count").value == float(number)
    assert parse_value(grouped.replace(" ", NBSP), "count").value == float(number)


def test_invisible_characters_pasted_with_a_number_are_removed_before_parsing():
    for typed in ("1\u200b234", "\ufeff1234", "12\u00ad34", "1234\u2060", "\u200d1 234"):
        assert parse_value(typed, "count") == Parsed(1234.0, None, EXPECTED["count"]), repr(typed)
    assert parse_value("\u200b", "count").code == "missing-value"


def test_an_invisible_character_left_in_a_wrong_value_is_shown_in_the_message():
    assert parse_value("12\u200b чел.", "count").code == "type-error"
    assert as_typed("12\u200b чел.") == "12<U+200B> чел."


def test_a_duration_in_an_hours_cell_is_read_as_hours_and_elsewhere_shown_as_typed():
    import datetime

    assert parse_value(datetime.timedelta(hours=36), "number", "ч").value == 36.0
    assert parse_value(datetime.time(12, 30), "number", "ч").value == 12.5
    wrong = parse_value(datetime.timedelta(hours=36), "count", "чел.")
    assert wrong.code == "type-error"
    assert as_typed(datetime.timedelta(hours=36)) == "36:00"  # never «1 day, 12:00:00»
