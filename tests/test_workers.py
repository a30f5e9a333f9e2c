"""Reading in worker processes gives exactly what reading in one process gives, in file order."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from proforient_cli.intake import pool as workers
from proforient_cli.methodology.load import load_methodology
from proforient_cli.intake.problems import Problem
from proforient_cli.intake.submission import Checked

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def files(tmp_path):
    paths = []
    for source in sorted((ROOT / "examples" / "data").glob("*.xlsx")):
        paths.append(Path(shutil.copy(source, tmp_path / source.name)))
    broken = tmp_path / "сломанный.xlsx"
    broken.write_text("это не таблица", encoding="utf-8")
    paths.insert(3, broken)
    return paths


def test_worker_processes_give_the_same_results_in_the_same_order(files, monkeypatch):
    methodology = load_methodology(ROOT / "indicators.yaml")
    alone = workers.check_files(files, methodology, jobs=1)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 1)
    monkeypatch.setattr(workers, "CHUNK", 2)
    seen = []
    together = workers.check_files(files, methodology, jobs=2, progress=seen.append)
    assert together == alone
    assert sum(seen) == len(files)
    assert isinstance(together[3], Problem) and together[3].code == "unreadable-file"
    assert all(isinstance(c, Checked) for i, c in enumerate(together) if i != 3)
    assert [c.submission.file for c in together if isinstance(c, Checked)] == [
        p.name for i, p in enumerate(files) if i != 3]


def test_a_checked_file_keeps_its_values_not_its_cells(files):
    methodology = load_methodology(ROOT / "indicators.yaml")
    checked = workers.check_files(files[:1], methodology, jobs=1)[0]
    assert checked.values and checked.submission.values == ()
    assert checked.submission.meta["methodology_id"] == methodology.id
