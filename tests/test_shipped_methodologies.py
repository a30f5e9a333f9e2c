"""Every shipped methodology works end to end, as a methodist uses it.

The root ``indicators.yaml`` and each ``examples/*/indicators.yaml`` (found by glob: a new example
is covered without being listed) passes `proforient check` with nothing to report, is written
out by `describe` as the order's table, gives `template` a file for each organization of its
roster, and its example data give the golden report, byte for byte (``tests/golden/<name>/``,
the default example's directly in ``tests/golden/``). What each example's report says is tested
in its own ``tests/test_example*.py``.

When a change to the report is intended, regenerate the golden files and review the diff:

    PROFORIENT_UPDATE_GOLDEN=1 python -m pytest tests/test_shipped_methodologies.py

(``-k kedrovy`` and the like regenerate one example's). A new example gets golden files once its
SOURCE_DATE_EPOCH is added to ``EPOCHS`` in ``tests/examples_kit.py``.
"""

from __future__ import annotations

import json

import openpyxl
import pytest
from click.testing import CliRunner

from proforient_cli.cli import main
from proforient_cli.core import formatting
from proforient_cli.core.formatting import NBSP
from proforient_cli.methodology.load import load_methodology
from proforient_cli.intake.read import read_submission
from proforient_cli.intake.roster import read_roster
from proforient_cli.intake.submission import Submission
from examples_kit import DEFAULT, REPORT_FILES, assert_matches_golden, describe, golden_run, shipped_examples

SHIPPED = shipped_examples()
EACH = pytest.mark.parametrize("example", SHIPPED, ids=[e.name for e in SHIPPED])
ORDER_HEADER = ["Показатель", "Метод расчета", "Единица измерения", "Источник данных (метод сбора информации)"]


def test_the_root_methodology_and_every_example_are_found():
    names = [e.name for e in SHIPPED]
    assert names[0] == DEFAULT and len(names) > 1
    assert all(e.methodology.is_file() and e.roster.is_file() and e.data.is_dir() for e in SHIPPED)


@EACH
def test_check_finds_nothing_to_report(example):
    result = CliRunner().invoke(main, ["check", "--format", "json", str(example.methodology)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == []
    result = CliRunner().invoke(main, ["check", str(example.methodology)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"{example.methodology}: ошибок нет, предупреждений: 0"


@EACH
def test_describe_writes_the_orders_table_with_every_section(example, tmp_path):
    text = describe(example, tmp_path)
    assert f"| {' | '.join(ORDER_HEADER)} |" in text
    methodology = load_methodology(example.methodology)
    assert f"**{methodology.title}**" in text
    for section in methodology.sections:
        assert f"| **{methodology.section_numbers[section.id]}.** | **{section.title}** |" in text
    sheet = openpyxl.load_workbook(tmp_path / "methodology.xlsx")["Методика"]
    assert ["№ п/п", *ORDER_HEADER] in [list(row[:5]) for row in sheet.iter_rows(values_only=True)]


@EACH
def test_template_sends_each_organization_of_the_roster_its_own_elements(example, tmp_path):
    methodology = load_methodology(example.methodology)
    roster = read_roster(example.roster, known_types=methodology.organization_types)
    result = CliRunner().invoke(main, ["template", "-m", str(example.methodology), "--roster", str(example.roster),
                                       "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert f"Создано шаблонов: {len(roster)}" in result.output
    files = sorted(tmp_path.glob("*.xlsx"))
    assert sorted(f.name.split("_")[0] for f in files) == sorted(o.code for o in roster)
    by_code = {}
    for file in files:  # read back as `compute` will read the file the organization returns
        submission = read_submission(file)
        assert isinstance(submission, Submission), submission
        by_code[submission.meta["org_code"]] = submission
    for organization in roster:
        submission = by_code[organization.code]
        assert submission.meta["org_type"] == organization.type
        assert submission.meta["methodology_id"] == methodology.id
        assert sorted(c.code for c in submission.values) == sorted(
            key for e in methodology.elements_for(organization.type) for key in methodology.inputs(e, organization.type))


GOLDEN_FILES = [pytest.param(e, name, id=f"{e.name}-{name}") for e in SHIPPED if e.has_golden for name in REPORT_FILES]


@pytest.mark.parametrize("example, name", GOLDEN_FILES)
def test_the_example_data_give_the_golden_report(example, name, tmp_path_factory):
    assert example.epoch, f"add the SOURCE_DATE_EPOCH of the golden run of {example.name} to EPOCHS in examples_kit.py"
    assert_matches_golden(golden_run(example, tmp_path_factory).out, name, example.golden_dir)


@EACH
def test_the_report_says_what_the_document_says_on_the_use_of_results_and_only_that(example, tmp_path_factory):
    """Order No 124 §12: results are not used for rankings. Only a methodology that quotes such a
    sentence (``report: use_of_results``) has it in its report; the others say nothing of rankings."""
    report = golden_run(example, tmp_path_factory).report
    said = load_methodology(example.methodology).report.use_of_results
    if said:
        assert said.rstrip(".") in report
        assert report.count(said.rstrip(".")) == 2  # before the analysis of organizations and before their tables
    else:
        assert "выстраивания рейтингов" not in report and "рейтинги не" not in report


@EACH
def test_no_yes_or_no_item_reads_as_units_in_the_report_or_describe(example, tmp_path_factory, tmp_path):
    """A count of organizations reads «4 из 5 организаций», «да» or «нет», its target «обязательно
    (в каждой организации)» — never «0 ед.» or «не менее 1 ед. в каждой организации»."""
    methodology = load_methodology(example.methodology)
    report = golden_run(example, tmp_path_factory).report
    counts = [i for i in methodology.indicators if i.kind == "count"]
    rows = [line for line in report.splitlines() if line.startswith("| ")
            and any(f"| {formatting.nested_quotes(i.title)} |" in line for i in counts)]
    assert rows or not counts
    assert not [row for row in rows if f"{NBSP}ед." in row.split(" | ")[2]], rows
    for text in (report, describe(example, tmp_path)):
        assert f"не менее 1{NBSP}ед. в каждой" not in text and "не менее 1 ед. в каждой" not in text
