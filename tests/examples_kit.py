"""What the tests of the shipped methodologies share: the examples, running them, reading their output.

A shipped methodology is the root ``indicators.yaml`` (its example district is ``examples/data``
with ``examples/roster.csv``) or an ``examples/<name>/indicators.yaml`` with its own ``data/``
and ``roster.csv``; :func:`shipped_examples` finds them all, so a new example is tested by
``tests/test_shipped_methodologies.py`` without being listed anywhere.

An example's golden files (``report.md``, ``results.csv``, ``problems.csv``) are in
``tests/golden/<name>/``, the default example's directly in ``tests/golden/``. They are computed
at the fixed moment in :data:`EPOCHS` (``SOURCE_DATE_EPOCH``), so the date in the report never
changes. When a change to the report is intended, regenerate them and review the diff:

    PROFORIENT_UPDATE_GOLDEN=1 python -m pytest tests/test_shipped_methodologies.py tests/test_example_two_years.py

To give a new example golden files, add its moment to :data:`EPOCHS` and run the same command.
"""

from __future__ import annotations

import csv
import importlib.util
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Callable

import pytest
from click.testing import CliRunner, Result

from proforient_cli.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("PROFORIENT_UPDATE_GOLDEN") == "1"
REPORT_FILES = ("report.md", "results.csv", "problems.csv")
DEFAULT = "default"  # the name of the root indicators.yaml and its example district
NBSP = "\u00a0"  # the report keeps a number and its unit on one line

# SOURCE_DATE_EPOCH of each example's golden run: the moment the methodist computes the report.
EPOCHS = {
    DEFAULT: "1717495200",  # 04.06.2024 10:00, the monitoring of order No 124 for 2024
    "kaliningrad-2023": "1703239200",  # 22.12.2023 10:00: the plan collects the data in October–December
    "kedrovy-2021": "1735639200",  # 31.12.2024 10:00, at the end of the calendar year 2024
    "mosalsk-roadmap-2021": "1642413600",  # 17.01.2022 10:00, after the calendar year 2021
    "school-150-2021": "1719741600",  # 30.06.2024 10:00, after the school year 2023/2024
}


@dataclass(frozen=True)
class Example:
    """A shipped methodology with the example data and roster that come with it."""

    name: str  # "default" for the root indicators.yaml, else the folder's name under examples/
    folder: Path  # where its data/ and roster.csv are
    methodology: Path

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def roster(self) -> Path:
        return self.folder / "roster.csv"

    @property
    def golden_dir(self) -> Path:
        return GOLDEN if self.name == DEFAULT else GOLDEN / self.name

    @property
    def epoch(self) -> str | None:
        return EPOCHS.get(self.name)

    @property
    def has_golden(self) -> bool:
        return self.epoch is not None or (self.golden_dir / "report.md").is_file()


def shipped_examples() -> list[Example]:
    """The root methodology and every ``examples/*/indicators.yaml``, in a stable order."""
    examples = [Example(DEFAULT, ROOT / "examples", ROOT / "indicators.yaml")]
    for methodology in sorted((ROOT / "examples").glob("*/indicators.yaml")):
        examples.append(Example(methodology.parent.name, methodology.parent, methodology))
    return examples


def example(name: str) -> Example:
    """A shipped example by its name: ``example("kedrovy-2021")``."""
    return next(e for e in shipped_examples() if e.name == name)


def compute(example: Example, out: Path, *options: str, data: Path | None = None,
            epoch: str | None = None) -> Result:
    """`proforient compute` of the example's data (or ``data``) with its roster and methodology.

    The run is dated ``epoch``, by default the example's golden moment; ``options`` are added
    to the command line (``--period``, ``--previous``…).
    """
    env = {"SOURCE_DATE_EPOCH": epoch or example.epoch}
    return CliRunner(env=env).invoke(main, [
        "compute", str(data or example.data), "--roster", str(example.roster), "-m", str(example.methodology),
        "--out", str(out), *options,
    ])


def read_results(out: Path) -> dict[tuple[str, str], dict]:
    """results.csv by (organization code, indicator); the municipality's rows are under «total»,
    a category's row under «id[category]» («coverage_by_level[noo]»)."""
    with open(out / "results.csv", encoding="utf-8", newline="") as file:
        return {(row["org_code"] or "total", row["indicator"] + (f"[{row['category']}]" if row.get("category") else "")):
                row for row in csv.DictReader(file)}


def value(results: dict, code: str, indicator: str) -> float | None:
    """An indicator's value from results.csv: a number, or None when there is no data."""
    text = results[(code, indicator)]["value"]
    return float(text) if text else None


@dataclass
class Run:
    """One `compute` of an example: what the methodist saw in the terminal and the folder written."""

    result: Result
    out: Path

    @cached_property
    def report(self) -> str:
        return (self.out / "report.md").read_text(encoding="utf-8")

    @cached_property
    def results(self) -> dict[tuple[str, str], dict]:
        return read_results(self.out)


_GOLDEN_RUNS: dict[str, Run] = {}


def golden_run(example: Example, tmp_path_factory) -> Run:
    """The example's own data computed as for its golden files; once per test session."""
    if example.name not in _GOLDEN_RUNS:
        out = tmp_path_factory.mktemp(example.name)
        _GOLDEN_RUNS[example.name] = Run(compute(example, out), out)
    return _GOLDEN_RUNS[example.name]


def example_fixtures(example: Example) -> tuple:
    """The module-scoped fixtures ``run``, ``report`` (report.md) and ``results`` of the example's golden run.

        run, report, results = example_fixtures(EXAMPLE)
    """
    @pytest.fixture(scope="module", name="run")
    def run_fixture(tmp_path_factory) -> Run:
        return golden_run(example, tmp_path_factory)

    @pytest.fixture(scope="module", name="report")
    def report_fixture(run: Run) -> str:
        return run.report

    @pytest.fixture(scope="module", name="results")
    def results_fixture(run: Run) -> dict:
        return run.results

    return run_fixture, report_fixture, results_fixture


def assert_matches_golden(produced_dir: Path, name: str, golden_dir: Path) -> None:
    """The file ``name`` written into ``produced_dir`` is the golden one; PROFORIENT_UPDATE_GOLDEN=1 rewrites it."""
    produced = (produced_dir / name).read_text(encoding="utf-8")
    golden = golden_dir / name
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8")


def describe(example: Example, out: Path) -> str:
    """`proforient describe` of the example's methodology: the text of methodology.md."""
    result = CliRunner().invoke(main, ["describe", "-m", str(example.methodology), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "methodology.xlsx").stat().st_size > 0
    return (out / "methodology.md").read_text(encoding="utf-8")


def make_data(example: Example) -> ModuleType:
    """The example's ``make_data.py``, loaded as a module (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location(f"{example.name.replace('-', '_')}_make_data",
                                                  example.folder / "make_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def assert_make_data_writes_the_committed_data(example: Example, tmp_path: Path,
                                               values_for: Callable[[ModuleType], Callable]) -> None:
    """Rebuild the example's data with its make_data.py in ``tmp_path``: the same files, the golden results.

    ``values_for`` picks, from the loaded make_data module, the function that sizes its values.
    """
    script = make_data(example)
    data = tmp_path / "data"
    written = script.make_examples.generate(
        example.methodology, example.roster, data, script.PERIOD, not_sent=getattr(script, "NOT_SENT", ()),
        mistakes=script.MISTAKES, values_for=values_for(script))
    assert sorted(p.name for p in written) == sorted(p.name for p in example.data.glob("*.xlsx"))
    compute(example, tmp_path / "out", data=data)
    assert (tmp_path / "out" / "results.csv").read_text(encoding="utf-8") == \
        (example.golden_dir / "results.csv").read_text(encoding="utf-8")
