"""The one module that spans the stages: read → validate → settle → compute → report.

:func:`compute_files` is the Python API of ``proforient compute`` (re-exported as
``proforient_cli.compute_files``); the command line calls it and prints. :func:`roll_up_folders`
is ``proforient rollup``. Example::

    import proforient_cli as pf

    run = pf.compute_files(["examples/data"], roster="examples/roster.csv")
    run.results.query("level == 'total'")[["indicator", "value"]]
    run.problems[["file", "cell", "message"]]
    run.write("proforient-report")
"""

from __future__ import annotations

import os
import weakref
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from proforient_cli.compute.evaluate import compute
from proforient_cli.compute.history import Period, accumulate
from proforient_cli.compute.rollup import check_distinct, check_versions, common_period, roll_up
from proforient_cli.core import formatting
from proforient_cli.core.background import Prepared
from proforient_cli.core.errors import CannotStart
from proforient_cli.core.organization import Organization
from proforient_cli.core.report_files import REPORT_DOCX
from proforient_cli.intake.collect import Collected, gather
from proforient_cli.intake.pool import check_files
from proforient_cli.intake.problems import Problem
from proforient_cli.intake.roster import roster_of
from proforient_cli.intake.settle import mark_other_periods, settle_duplicates, template_period
from proforient_cli.intake.submission import Checked
from proforient_cli.methodology.load import methodology_of
from proforient_cli.methodology.model import Methodology
from proforient_cli.report import folder
from proforient_cli.report.model import (
    FileOutcome, Intake, Report, intake_of, municipality_of, report_time, text_questions,
)

if TYPE_CHECKING:
    import pandas as pd

PathLike = str | os.PathLike


@dataclass(frozen=True)
class Run:
    """One computation: the report it makes and its tables, ready to be written or looked at.

    ``results`` and ``problems`` are the DataFrames of results.csv and problems.csv (the same
    columns and values); :meth:`write` writes the report folder exactly as ``compute`` does.
    """

    report: Report
    files: int  # input files given
    readable: int  # files that were read as a template, whether or not they were counted
    counted: int
    # the second process that will write report.docx, already importing what it needs
    prepared: Prepared | None = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        if self.prepared is not None:  # never written: the waiting process ends with the run
            weakref.finalize(self, self.prepared.close)

    @cached_property
    def results(self) -> "pd.DataFrame":
        """results.csv as a DataFrame: numbers as floats (NaN for no data), ``target_met`` True/False/None."""
        from proforient_cli.report.tables import results_frame

        return results_frame(self.report.results)

    @cached_property
    def problems(self) -> "pd.DataFrame":
        """problems.csv as a DataFrame: one row per problem, with its Russian message."""
        from proforient_cli.report.tables import problems_frame

        return problems_frame(list(self.report.problems))

    def write(self, out_dir: PathLike, docx_template: PathLike | None = None) -> tuple[Path, ...]:
        """Write the report folder (all files or none); returns the files written.

        ``docx_template`` is a Word template for report.docx (the department's letterhead);
        without it, the shipped ``templates/report.docx``.
        """
        return folder.write_report(self.report, Path(out_dir), docx_template, self.prepared)

    def summary(self, out_dir: PathLike) -> str:
        """The one line ``compute`` prints: files, counted, excluded, problems, where the report is."""
        problems = len(self.report.problems)
        return (f"Обработано {self.files} {formatting.plural(self.files, 'файл', 'файла', 'файлов')}: "
                f"учтено {self.counted}, исключено {self.files - self.counted}; {problems} "
                f"{formatting.plural(problems, 'замечание', 'замечания', 'замечаний')} в данных. "
                f"Справка: {Path(out_dir) / REPORT_DOCX}"
                + ("" if self.report.feedback or not problems else
                   ". Файлы на доработку для организаций с замечаниями: добавьте --feedback"))


def compute_files(paths: PathLike | Sequence[PathLike], methodology: Methodology | PathLike | None = None,
                  roster: Sequence[Organization] | PathLike | None = None, period: str | None = None,
                  previous: Iterable[Period | PathLike] = (), *, jobs: int | None = None,
                  progress: Callable[[int], None] | None = None, skip: Sequence[PathLike] = (),
                  now: datetime | None = None, conclusions: PathLike | None = None,
                  executor: str = "", feedback: bool = False) -> Run:
    """Read, check and compute the filled templates that ``paths`` name (files, folders, patterns).

    ``methodology`` and ``roster`` take a path or the loaded object; without a methodology it is
    ``./indicators.yaml`` if present, else the shipped default. ``previous`` are earlier report
    folders (or their results.csv, or :class:`Period` values) for the changes and the cumulative
    indicators. ``jobs`` is the number of reading processes (default: one per processor),
    ``progress(n)`` is called as files are read, ``skip`` lists folders never read from (the
    report folder). ``conclusions`` is a text file (Markdown or plain text) with the methodist's
    own «Выводы и рекомендации»; ``executor`` is the «Исполнитель» line (name, position,
    telephone); ``feedback`` writes, beside the report, a page for each organization
    (``организации/``), each file with problems pre-filled for correction (``на доработку/``) and
    ``письма.csv``. Raises :class:`~proforient_cli.core.errors.CannotStart` (with a Russian
    message) when there is nothing to compute from; problems in the data are in ``.problems``.
    """
    methodology = methodology_of(methodology)
    organizations = roster_of(roster, methodology)
    earlier = sorted((p if isinstance(p, Period) else folder.read_period(Path(p)) for p in previous),
                     key=lambda p: p.label)
    arguments = [os.fspath(paths)] if isinstance(paths, (str, os.PathLike)) else [os.fspath(p) for p in paths]
    own_text = read_conclusions(Path(conclusions)) if conclusions is not None else ""
    collected = gather(arguments, skip=[Path(s) for s in skip])
    return compute_checked(methodology, collected, organizations, period, earlier, jobs=jobs,
                           progress=progress or (lambda n: None), now=now, conclusions=own_text,
                           executor=executor, feedback=feedback)


def read_conclusions(path: Path) -> str:
    """The methodist's own conclusions: UTF-8 (with or without BOM), or Windows-1251 as Notepad saves it."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CannotStart(f"не удалось прочитать файл выводов {path}: {_why(error)}") from error
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding).replace("\r\n", "\n").strip()
        except UnicodeDecodeError:
            continue
    raise CannotStart(f"файл выводов {path} не является текстом: сохраните его как текст (UTF-8)")


def _why(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "файл не найден"
    if isinstance(error, IsADirectoryError):
        return "это папка, а не файл"
    if isinstance(error, PermissionError):
        return "нет доступа к файлу"
    return error.strerror or "ошибка чтения"


def compute_checked(methodology: Methodology, collected: Collected | list[Path],
                    roster: list[Organization] | None = None,
                    period: str | None = None, earlier: list[Period] = (), jobs: int | None = None,
                    progress: Callable[[int], None] = lambda n: None, now: datetime | None = None,
                    conclusions: str = "", executor: str = "", feedback: bool = False) -> Run:
    """The stages after collection: read and validate each file, settle, compute, assemble the report.

    ``collected`` is what :func:`~proforient_cli.intake.collect.gather` found (or a plain list of
    files); ``conclusions`` is the methodist's own text, ``executor`` the «Исполнитель» line;
    ``feedback`` adds the organizations' pages and their files «на доработку» to the report folder.
    """
    if not isinstance(collected, Collected):
        collected = Collected(tuple(collected))
    paths = list(collected.files)
    roster_by_code = {o.code: o for o in roster} if roster is not None else None
    checked: list[Checked] = []
    unreadable: list[Problem] = list(collected.skipped)
    for outcome in check_files(paths, methodology, roster_by_code, jobs=jobs, progress=progress,
                               names=collected.names):
        (unreadable if isinstance(outcome, Problem) else checked).append(outcome)
    # the files are read: report.docx's process starts importing its libraries while this one computes
    prepared = Prepared(folder.DOCX_MODULES)
    checked = settle_duplicates(checked)

    raw_period = period or template_period(checked)
    checked = mark_other_periods(checked, raw_period)
    results = accumulate(compute(methodology, checked, period=raw_period or methodology.period), list(earlier))
    problems = tuple(unreadable) + tuple(p for c in checked for p in c.problems)
    report = Report(
        methodology=methodology,
        results=results,
        intake=intake_of(checked, unreadable, roster),
        problems=problems,
        text_questions=text_questions(methodology, checked, results.organizations),
        period=formatting.period_text(methodology.period, raw_period) or "не указан",
        generated=now or report_time(),
        earlier=tuple(earlier),
        raw_period=raw_period or "",
        municipality=municipality_of(results.organizations),
        conclusions=conclusions,
        executor=executor,
        checked=tuple(checked),
        feedback=feedback,
    )
    return Run(report, len(paths) + len(collected.skipped), len(checked), sum(not c.excluded for c in checked),
               prepared)


def roll_up_folders(methodology: Methodology, folders: list[Path], period: str | None = None) -> Run:
    """The region's report from its municipalities' report folders (``proforient rollup``).

    Raises :class:`RollupError` when a folder cannot be read or is of another methodology.
    """
    municipalities = [folder.read_municipality(Path(f)) for f in folders]
    check_versions(methodology, municipalities)
    check_distinct(municipalities)
    raw_period = common_period(municipalities, period)
    results = roll_up(methodology, municipalities, raw_period or methodology.period)
    report = Report(
        methodology=methodology,
        results=results,
        intake=Intake(tuple(FileOutcome(m.folder.name, m.organization, True, problems=len(m.problems)) for m in
                            sorted(municipalities, key=lambda m: m.organization.sort_key))),
        problems=tuple(p for m in sorted(municipalities, key=lambda m: m.organization.sort_key) for p in m.problems),
        text_questions=(),
        period=formatting.period_text(methodology.period, raw_period) or "не указан",
        generated=report_time(),
        raw_period=raw_period,
        level="municipality",
    )
    return Run(report, len(folders), len(folders), len(folders))
