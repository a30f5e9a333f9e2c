"""The Python API, as a methodist's analyst uses it in a notebook: the same numbers as `compute`."""

from __future__ import annotations

import csv
import math
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import proforient_cli as pf
from proforient_cli.cli import main
from proforient_cli.core.report_files import PROBLEMS_HEADER, RESULTS_HEADER

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "data"
ROSTER = ROOT / "examples" / "roster.csv"
METHODOLOGY = ROOT / "indicators.yaml"


@pytest.fixture(scope="module")
def run():
    return pf.compute_files([EXAMPLE], methodology=METHODOLOGY, roster=ROSTER)


@pytest.fixture(scope="module")
def computed(tmp_path_factory):
    """The report folder the command line writes for the same files."""
    out = tmp_path_factory.mktemp("cli") / "report"
    result = CliRunner().invoke(main, ["compute", str(EXAMPLE), "-m", str(METHODOLOGY), "--roster", str(ROSTER),
                                       "--out", str(out), "--quiet"])
    assert result.exit_code in (0, 1), result.output
    return out


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def as_csv_field(value) -> str:
    """How results.csv writes a value of the DataFrame: empty for no data, «.» decimals."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def test_the_public_names_are_listed_and_load():
    assert {"load_methodology", "compute_files", "Run", "CannotStart"} <= set(pf.__all__)
    for name in pf.__all__:
        assert getattr(pf, name) is not None
    with pytest.raises(AttributeError):
        pf.no_such_name


def test_results_are_the_results_csv_that_compute_writes(run, computed):
    frame = run.results
    assert isinstance(frame, pd.DataFrame)
    assert tuple(frame.columns) == RESULTS_HEADER
    written = read_csv(computed / "results.csv")
    assert len(frame) == len(written)
    for row, expected in zip(frame.itertuples(index=False), written):
        assert {name: as_csv_field(value) for name, value in zip(RESULTS_HEADER, row)} == expected


def test_results_hold_numbers_an_analyst_can_compute_with(run):
    totals = run.results[run.results["level"] == "total"].set_index("indicator")
    share = totals.loc["surveyed_share"]
    assert share["value"] == pytest.approx(share["numerator"] / share["denominator"] * 100)
    assert share["org_name"] == "Итого" and share["org_code"] == ""
    assert run.results["value"].dtype == float
    assert set(run.results["target_met"].dropna()) <= {True, False}


def test_problems_are_the_problems_csv(run, computed):
    assert tuple(run.problems.columns) == PROBLEMS_HEADER
    written = read_csv(computed / "problems.csv")
    assert run.problems.to_dict("records") == written
    assert len(run.problems) > 0  # the example district has the typical mistakes
    assert run.problems["message"].str.contains("ячейка").any()


def test_write_gives_the_same_folder_as_compute(run, computed, tmp_path):
    written = run.write(tmp_path / "report")
    assert sorted(p.name for p in written) == sorted(p.name for p in computed.iterdir())
    for name in ("results.csv", "problems.csv", "sums.csv"):
        assert (tmp_path / "report" / name).read_bytes() == (computed / name).read_bytes(), name


def test_methodology_and_roster_take_a_path_or_the_loaded_object(run):
    from proforient_cli.intake.roster import read_roster

    loaded = pf.load_methodology(METHODOLOGY)
    again = pf.compute_files(str(EXAMPLE), methodology=loaded, roster=read_roster(ROSTER))
    pd.testing.assert_frame_equal(again.results, run.results)
    assert again.report.intake.missing == run.report.intake.missing


def test_a_run_that_cannot_start_raises_one_exception_with_a_russian_message(tmp_path):
    with pytest.raises(pf.CannotStart, match="не найдено ни одного файла"):
        pf.compute_files([tmp_path / "*.xlsx"], methodology=METHODOLOGY)
    with pytest.raises(pf.CannotStart, match="файл методики не найден"):
        pf.compute_files([EXAMPLE], methodology=tmp_path / "нет.yaml")
    (tmp_path / "bad.yaml").write_text("methodology: {}\n", encoding="utf-8")
    with pytest.raises(pf.MethodologyError):
        pf.compute_files([EXAMPLE], methodology=tmp_path / "bad.yaml")


def test_previous_takes_an_earlier_report_folder(run, computed):
    later = pf.compute_files([EXAMPLE], methodology=METHODOLOGY, previous=[computed])
    assert later.report.previous is not None and later.report.previous.source == computed / "results.csv"


def test_the_api_works_outside_the_repository_with_the_shipped_methodology(tmp_path):
    """As in a notebook on a methodist's computer: no indicators.yaml at hand, only the package."""
    script = textwrap.dedent(f"""
        import proforient_cli as pf
        run = pf.compute_files([{str(EXAMPLE)!r}])
        totals = run.results[run.results.level == "total"]
        print(run.report.methodology.id, len(totals), run.counted)
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    methodology = pf.load_methodology(METHODOLOGY)
    assert done.stdout.split() == [methodology.id, str(len(methodology.indicators)), "8"]


def test_importing_the_package_does_not_import_pandas():
    done = subprocess.run([sys.executable, "-c", "import sys, proforient_cli; print('pandas' in sys.modules)"],
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr


def test_the_readme_python_example_runs_as_written(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Из Python", 1)[1].split("\n## ", 1)[0]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    (tmp_path / "indicators.yaml").symlink_to(METHODOLOGY)
    code += "\nassert len(расчёт.results) and len(расчёт.problems)\n"
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert {"report.md", "report.xlsx", "results.csv", "problems.csv"} <= {p.name for p in (tmp_path / "справка").iterdir()}
