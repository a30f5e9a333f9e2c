"""Read and check many submitted files: in worker processes when there are enough files to pay.

Reading a workbook is CPU work (unzipping, parsing XML), so a region's thousands of files are
spread over the processor's cores. Each worker gets the methodology and the roster once, takes
the files in chunks and sends back only what the report needs; the results come back in the
order of the files, so a run gives the same report whatever the number of processes.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Callable

from proforient_cli.methodology.model import Methodology
from proforient_cli.core.organization import Organization
from proforient_cli.intake.problems import Problem
from proforient_cli.intake.read import read_submission
from proforient_cli.intake.submission import Checked
from proforient_cli.intake.validate import validate

# Measured on 2 cores: a worker started by «fork» (Linux) costs about as much as reading a dozen
# files, and two processes win from about 50 files; a worker started by «spawn» (Windows, macOS)
# imports the program again, and two win here from about 200 files (Windows starts processes
# slower still, hence the margin).
PARALLEL_FROM = 50
PARALLEL_FROM_SPAWNED = 400
CHUNK = 25  # files per task at most: enough to amortise the hand-over, few enough to balance

_state: tuple[Methodology, dict[str, Organization] | None] | None = None


def default_jobs() -> int:
    """The processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # Windows, macOS
        return os.cpu_count() or 1


def check_files(paths: list[Path], methodology: Methodology, roster: dict[str, Organization] | None = None,
                jobs: int | None = None, progress: Callable[[int], None] = lambda n: None,
                names: dict[Path, str] | None = None) -> list[Checked | Problem]:
    """Read and validate each file: a :class:`Checked`, or the ``Problem`` of an unreadable file.

    Results are in the order of ``paths``. ``jobs`` is the number of processes (default: one per
    processor); with fewer files than it pays to start workers for (:data:`PARALLEL_FROM`, or
    :data:`PARALLEL_FROM_SPAWNED` where workers cannot be forked) everything runs in this process.
    A checked submission keeps its file, title and hidden sheet but not its cells: the values
    the computation needs are in ``Checked.values``, and a region's cells would fill the memory.
    """
    names = names or {}
    files = [(path, names.get(path, "")) for path in paths]  # a file's name as the messages give it
    jobs = default_jobs() if jobs is None else max(1, jobs)
    context = _context()
    threshold = PARALLEL_FROM if context.get_start_method() == "fork" else PARALLEL_FROM_SPAWNED
    if jobs <= 1 or len(paths) < threshold:
        return _sequential(files, methodology, roster, progress)
    size = max(1, min(CHUNK, -(-len(paths) // (jobs * 4))))  # a few tasks per worker at least
    chunks = [files[start:start + size] for start in range(0, len(files), size)]
    results: list[Checked | Problem] = []
    try:
        with ProcessPoolExecutor(min(jobs, len(chunks)), mp_context=context, initializer=_start,
                                 initargs=(methodology, roster)) as pool:
            for chunk in pool.map(_check_chunk, chunks):
                results.extend(chunk)
                progress(len(chunk))
    except BrokenProcessPool:
        # A worker died (the system killed it, say, for memory): whatever is left is read here,
        # one file at a time, which is what a single process would have done anyway.
        results.extend(_sequential(files[len(results):], methodology, roster, progress))
    return results


def _sequential(files: list[tuple[Path, str]], methodology: Methodology, roster: dict[str, Organization] | None,
                progress: Callable[[int], None]) -> list[Checked | Problem]:
    results = []
    for path, name in files:
        results.append(_check(path, name, methodology, roster))
        progress(1)
    return results


def _context():
    """``fork`` where it is safe and cheap (Linux): the workers need not import anything again."""
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _start(methodology: Methodology, roster: dict[str, Organization] | None) -> None:
    global _state
    _state = (methodology, roster)


def _check_chunk(files: list[tuple[Path, str]]) -> list[Checked | Problem]:
    methodology, roster = _state
    return [_check(path, name, methodology, roster) for path, name in files]


def _check(path: Path, name: str, methodology: Methodology,
           roster: dict[str, Organization] | None) -> Checked | Problem:
    submission = read_submission(path, name)
    if isinstance(submission, Problem):
        return submission
    checked = validate(submission, methodology, roster)
    return dataclasses.replace(checked, submission=dataclasses.replace(submission, values=()))
