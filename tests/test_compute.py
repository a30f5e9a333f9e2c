"""The arithmetic a methodist relies on: group values from sums, blanks left out, never averaged."""

from __future__ import annotations

from pathlib import Path

import pytest

from proforient_cli.compute.evaluate import compute
from proforient_cli.methodology.load import load_methodology
from proforient_cli.core.organization import Organization
from proforient_cli.intake.submission import Checked, Submission

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"


@pytest.fixture(scope="module")
def methodology():
    return load_methodology(MINI)


def school(code: str, name: str, type: str = "ОО", excluded_indicators=(), excluded=False, **values) -> Checked:
    return Checked(
        submission=Submission(Path(f"{code}.xlsx"), "Данные", ()),
        organization=Organization(code, name, type),
        values={k: (float(v) if isinstance(v, int) else v) for k, v in values.items()},
        excluded=excluded,
        excluded_indicators=frozenset(excluded_indicators),
    )


def test_a_share_of_the_district_is_the_ratio_of_sums_not_the_mean_of_the_schools_shares(methodology):
    results = compute(methodology, [
        school("1", "Малая школа", pupils_5_11=2, pupils_5_11_surveyed=1),  # 50 %
        school("2", "Большая школа", pupils_5_11=100, pupils_5_11_surveyed=90),  # 90 %
    ])
    total = results.total("surveyed_share")
    assert total.value == pytest.approx(91 / 102 * 100)  # 89,2 %, not the mean 70 %
    assert (total.numerator, total.denominator) == (91, 102)
    assert results.for_organization("1", "surveyed_share").value == pytest.approx(50)


def test_a_school_that_left_a_cell_blank_is_left_out_of_that_indicator_only(methodology):
    results = compute(methodology, [
        school("1", "Школа № 1", pupils_5_11=200, pupils_5_11_surveyed=None, events=3),
        school("2", "Школа № 2", pupils_5_11=100, pupils_5_11_surveyed=40, events=4),
    ])
    share = results.total("surveyed_share")
    assert share.value == pytest.approx(40.0)  # 40 of 100: the blank is not a zero
    assert (share.covered, share.applicable) == (1, 2)
    assert results.for_organization("1", "surveyed_share").value is None
    assert results.total("events_total").value == 7  # the school's other values still count


def test_a_zero_denominator_gives_no_data_not_zero_and_not_an_error(methodology):
    results = compute(methodology, [school("1", "Школа", pupils_5_11=0, pupils_5_11_surveyed=0)])
    assert results.for_organization("1", "surveyed_share").value is None
    assert results.total("surveyed_share").value is None


def test_count_is_the_number_of_organizations_answering_yes(methodology):
    results = compute(methodology, [
        school("1", "А", has_plan=1.0), school("2", "Б", has_plan=0.0), school("3", "В", has_plan=None),
        school("4", "Г", type="ДОО", has_plan=1.0),
    ])
    total = results.total("orgs_with_plan")
    assert total.value == 2
    assert (total.covered, total.applicable) == (3, 4)
    assert results.for_organization("2", "orgs_with_plan").value == 0


def test_a_formula_is_evaluated_over_the_sums_of_the_organizations_that_reported_everything(methodology):
    results = compute(methodology, [
        school("1", "А", hours=10, events=3),
        school("2", "Б", hours=None, events=4),  # left out: no hours
        school("3", "В", type="ДОО", hours=2, events=5),
    ])
    assert results.total("hours_per_event").value == pytest.approx(12 / 8)
    assert results.total("hours_per_event").covered == 2


def test_a_target_is_judged_on_the_municipal_value(methodology):
    met = compute(methodology, [school("1", "А", events=6), school("2", "Б", events=4)])
    missed = compute(methodology, [school("1", "А", events=6), school("2", "Б", events=3)])
    assert met.total("events_total").target_met is True
    assert missed.total("events_total").target_met is False
    assert met.for_organization("1", "events_total").target_met is None


def test_elements_a_kindergarten_does_not_report_do_not_count_against_its_coverage(methodology):
    results = compute(methodology, [
        school("1", "Школа", pupils_5_11=10, pupils_5_11_surveyed=5),
        school("2", "Детский сад", type="ДОО", events=1),
    ])
    assert results.total("surveyed_share").applicable == 1
    assert results.for_organization("2", "surveyed_share").applicable == 0


def test_an_organization_left_out_of_one_indicator_by_validation_still_counts_elsewhere(methodology):
    results = compute(methodology, [
        school("1", "А", pupils_5_11=10, pupils_5_11_surveyed=5, events=2, excluded_indicators={"surveyed_share"}),
        school("2", "Б", pupils_5_11=10, pupils_5_11_surveyed=2, events=3),
    ])
    assert results.total("surveyed_share").value == pytest.approx(20.0)
    assert results.total("events_total").value == 5


def test_an_excluded_file_is_not_computed_at_all(methodology):
    results = compute(methodology, [school("1", "А", events=2), school("2", "Б", events=30, excluded=True)])
    assert results.total("events_total").value == 2
    assert [o.code for o in results.organizations] == ["1"]


def test_organizations_are_listed_alphabetically_never_by_value(methodology):
    results = compute(methodology, [
        school("3", "Школа № 3", events=1), school("1", "Ёлочка", type="ДОО", events=9),
        school("2", "Академия", type="УДО", events=5),
    ])
    assert [o.name for o in results.organizations] == ["Академия", "Ёлочка", "Школа № 3"]


def test_no_organization_at_all_gives_no_data_everywhere(methodology):
    results = compute(methodology, [])
    assert results.total("events_total").value is None
    assert results.total("orgs_with_plan").value is None


LEVELS = """
methodology: {id: levels, version: "1", title: По уровням образования,
              organization_types: {ДОО: Детский сад, ОО: Школа}}
sections: [{id: s, title: Охват}]
elements:
  - {id: children, label: "Воспитанники, охваченные профориентацией", type: count, unit: чел., section: s, applies_to: [ДОО]}
  - {id: pupils, label: "Обучающиеся, охваченные профориентацией", type: count, unit: чел., section: s, applies_to: [ОО]}
indicators:
  - {id: children_total, title: Воспитанники, section: s, unit: чел., sum: children}
  - {id: pupils_total, title: Обучающиеся, section: s, unit: чел., sum: pupils}
  - {id: all_levels, title: Всего по всем уровням, section: s, unit: чел., formula: children_total + pupils_total}
  - {id: mixed, title: Смешанный, section: s, unit: чел., sum: children + pupils}
"""


def test_a_total_across_levels_is_a_formula_over_each_levels_indicator(tmp_path):
    from proforient_cli.methodology.load import read_methodology

    path = tmp_path / "indicators.yaml"
    path.write_text(LEVELS, encoding="utf-8")
    methodology, diagnostics = read_methodology(path)
    # a sum over elements no organization reports together can never have a value: check says so
    assert [d.code for d in diagnostics] == ["W204"]
    assert "«mixed»" in diagnostics[0].message
    results = compute(methodology, [
        school("1", "Детский сад", type="ДОО", children=40),
        school("2", "Школа", type="ОО", pupils=300),
        school("3", "Школа 2", type="ОО", pupils=None),
    ])
    total = results.total("all_levels")
    assert total.value == 340
    assert (total.covered, total.applicable) == (2, 3)
    assert results.for_organization("1", "all_levels").applicable == 0  # no single organization has it all
    assert results.total("mixed").value is None
