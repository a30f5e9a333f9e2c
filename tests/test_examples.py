"""The shipped example district gives the same report, byte for byte, as the golden files.

When a change to the report is intended, regenerate the golden files and review the diff:

    PROFORIENT_UPDATE_GOLDEN=1 python -m pytest tests/test_examples.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from proforient_cli.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("PROFORIENT_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def example_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    result = CliRunner(env={"SOURCE_DATE_EPOCH": "1717495200"}).invoke(main, [
        "compute", str(ROOT / "examples" / "data"), "--roster", str(ROOT / "examples" / "roster.csv"),
        "-m", str(ROOT / "indicators.yaml"), "--out", str(out),
    ])
    return result, out


@pytest.mark.parametrize("name", ["report.md", "results.csv", "problems.csv"])
def test_the_example_report_matches_the_golden_file(example_report, name):
    result, out = example_report
    produced = (out / name).read_text(encoding="utf-8")
    golden = GOLDEN / name
    if UPDATE:
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8")


def test_the_example_run_reports_its_typical_mistakes_and_exits_with_1(example_report):
    result, out = example_report
    assert result.exit_code == 1
    assert result.output.startswith("Обработано 9 файлов: учтено 8, исключено 1; ")
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "МКОУ «Озёрская основная общеобразовательная школа» (код 4006)" in report  # never sent
    assert "получено «12 чел.»" in report
    assert "получено «может быть»" in report
    assert "версия 0), ожидалась методика «mosalsk-2021», версия 1" in report
