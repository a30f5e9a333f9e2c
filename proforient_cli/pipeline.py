"""The `compute` job end to end: read → validate → settle duplicates → compute → render."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable

from proforient_cli.core import formatting
from proforient_cli.compute.history import Period, accumulate
from proforient_cli.methodology.model import Methodology
from proforient_cli.core.organization import Organization
from proforient_cli.intake.problems import Problem
from proforient_cli.report.model import FileOutcome, Intake, Report, TextAnswer, TextQuestion
from proforient_cli.intake.submission import Checked

@dataclass(frozen=True)
class RunResult:
    """What a `compute` run did, for the one summary line the CLI prints."""

    out_dir: Path
    files: int
    readable: int  # files that were read as a template, whether or not they were counted
    counted: int
    problems: tuple[Problem, ...]
    written: tuple[Path, ...]

    @property
    def summary(self) -> str:
        excluded = self.files - self.counted
        files = formatting.plural(self.files, "файл", "файла", "файлов")
        problems = formatting.plural(len(self.problems), "замечание", "замечания", "замечаний")
        return (f"Обработано {self.files} {files}: учтено {self.counted}, исключено {excluded}; "
                f"{len(self.problems)} {problems} в данных. Справка: {self.out_dir / 'report.md'}")


def run(methodology: Methodology, paths: list[Path], out_dir: Path, roster: list[Organization] | None = None,
        period: str | None = None, progress: Callable[[int], None] = lambda n: None,
        now: datetime | None = None, jobs: int | None = None, earlier: list[Period] = ()) -> RunResult:
    """Read, check and compute every file, then write the report files into ``out_dir``.

    ``jobs`` is the number of processes reading the files (default: one per processor);
    ``earlier`` are earlier periods' results, for the changes and the cumulative indicators.
    """
    from proforient_cli.intake.pool import check_files

    roster_by_code = {o.code: o for o in roster} if roster is not None else None
    checked: list[Checked] = []
    unreadable: list[Problem] = []
    for outcome in check_files(paths, methodology, roster_by_code, jobs=jobs, progress=progress):
        (unreadable if isinstance(outcome, Problem) else checked).append(outcome)
    checked = settle_duplicates(checked)

    from proforient_cli.compute.evaluate import compute

    raw_period = period or template_period(checked)
    results = accumulate(compute(methodology, checked, period=raw_period or methodology.period), list(earlier))
    problems = tuple(unreadable) + tuple(p for c in checked for p in c.problems)
    report = Report(
        methodology=methodology,
        results=results,
        intake=intake(checked, unreadable, roster),
        problems=problems,
        text_questions=text_questions(methodology, checked, results.organizations),
        period=formatting.period_text(methodology.period, raw_period) or "не указан",
        generated=now or report_time(),
        earlier=tuple(earlier),
        raw_period=raw_period or "",
        municipality=municipality_of(results.organizations),
    )
    written = write_report(report, out_dir)
    return RunResult(out_dir, len(paths), len(checked), sum(not c.excluded for c in checked), problems, written)


def municipality_of(organizations) -> str:
    """The municipality most organizations name (the roster's or the templates' «Муниципалитет»)."""
    names = [o.municipality for o in organizations if o.municipality]
    return max(sorted(set(names)), key=names.count) if names else ""


def report_time() -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set, so that a report can be reproduced byte for byte."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).replace(tzinfo=None)
    return datetime.now()


def settle_duplicates(checked: list[Checked]) -> list[Checked]:
    """Keep one file per organization: the one changed last (a school's correction comes later).

    The others are excluded with a problem that names the file used and why.
    """
    by_code: dict[str, list[Checked]] = {}
    for item in checked:
        if not item.excluded:
            by_code.setdefault(item.organization.code, []).append(item)
    replaced: dict[int, Checked] = {}
    for code, items in by_code.items():
        if len(items) < 2:
            continue
        ordered = sorted(items, key=lambda c: (_modified(c.submission.path), c.submission.file))
        kept = ordered[-1]
        when = datetime.fromtimestamp(_modified(kept.submission.path)).strftime("%d.%m.%Y %H:%M")
        for item in ordered[:-1]:
            problem = Problem(
                "duplicate-organization", item.submission.file, element=item.organization.name or code,
                found=f"в расчёт взят файл «{kept.submission.file}» как изменённый позже ({when}), "
                      f"этот файл исключён",
            )
            replaced[id(item)] = dataclasses.replace(item, excluded=True, problems=item.problems + (problem,))
    return [replaced.get(id(item), item) for item in checked]


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def intake(checked: list[Checked], unreadable: list[Problem], roster: list[Organization] | None) -> Intake:
    """Received against expected, file by file."""
    outcomes = [FileOutcome(p.file, None, False, p.text, 1) for p in unreadable]
    for item in checked:
        reason = next((p.text for p in item.problems if p.excludes_file), "") if item.excluded else ""
        outcomes.append(FileOutcome(item.submission.file, item.organization, not item.excluded, reason,
                                    len(item.problems)))
    outcomes.sort(key=lambda o: o.file.casefold())
    if roster is None:
        return Intake(tuple(outcomes))
    received = {c.organization.code for c in checked}
    expected = {o.code for o in roster}
    missing = tuple(sorted((o for o in roster if o.code not in received), key=lambda o: o.sort_key))
    unexpected = tuple(sorted((c.organization for c in checked if not c.excluded and c.organization.code not in expected),
                              key=lambda o: o.sort_key))
    return Intake(tuple(outcomes), tuple(roster), missing, unexpected)


def text_questions(methodology: Methodology, checked: list[Checked],
                   organizations: tuple[Organization, ...]) -> tuple[TextQuestion, ...]:
    """The text answers by question, organizations in alphabetical order."""
    by_code = {c.organization.code: c for c in checked if not c.excluded}
    questions = []
    for element in (e for e in methodology.elements if e.type == "text"):
        answers = tuple(
            TextAnswer(org, by_code[org.code].values[element.id])
            for org in organizations
            if isinstance(by_code[org.code].values.get(element.id), str) and by_code[org.code].values[element.id].strip()
        )
        questions.append(TextQuestion(element, answers))
    return tuple(questions)


def template_period(checked: list[Checked]) -> str | None:
    """The period the counted templates were issued for («2024»), when they all agree."""
    periods = {c.submission.meta.get("period", "").strip() for c in checked if not c.excluded} - {""}
    return periods.pop() if len(periods) == 1 else None


def write_report(report: Report, out_dir: Path) -> tuple[Path, ...]:
    """Write the report files, each atomically: the four a methodist opens, and run.json and
    sums.csv that a later run (``--previous``) and a regional roll-up read.

    All of them or none: a crash half-way leaves the previous report whole.
    """
    from proforient_cli.report.atomic import together, write_text
    from proforient_cli.compute.history import run_info
    from proforient_cli.compute.rollup import sums_csv
    from proforient_cli.report.tables import problems_csv, results_lines
    from proforient_cli.report.markdown import render_markdown
    from proforient_cli.report.xlsx import write_xlsx

    out_dir.mkdir(parents=True, exist_ok=True)
    with together():
        return (
            write_text(out_dir / "report.md", render_markdown(report)),
            write_xlsx(report, out_dir / "report.xlsx"),
            _write_lines(out_dir / "results.csv", results_lines(report.results)),
            write_text(out_dir / "problems.csv", problems_csv(list(report.problems))),
            write_text(out_dir / "sums.csv", sums_csv(report.results)),
            write_text(out_dir / "run.json", run_info(report)),
        )


def _write_lines(target: Path, pieces: Iterable[str]) -> Path:
    """Write a text file atomically piece by piece: a region's results.csv is hundreds of megabytes."""
    from proforient_cli.report.atomic import atomic_path
    from proforient_cli.intake.cells import readable

    with atomic_path(target) as temporary:
        with open(temporary, "w", encoding="utf-8", newline="") as stream:
            for piece in pieces:
                try:
                    stream.write(piece)  # encoded whole before anything is written
                except UnicodeEncodeError:  # an undecodable file name: as atomic.write_text writes it
                    stream.write(readable(piece))
    return target
