"""The report folder: every file ``compute`` writes, all or none, and the readers of what a
later run (``--previous``) and a regional roll-up take back from it.

The file names and the pinned headers are in :mod:`proforient_cli.core.report_files`. The
readers tolerate what a methodist's spreadsheet program does to a file it re-saves — a byte
order mark, columns added at the end — and check only that the columns they need are there.
"""

from __future__ import annotations

import csv
from dataclasses import replace
import json
import math
from pathlib import Path
from typing import Iterable

from proforient_cli.compute.history import Period
from proforient_cli.compute.results import ORGANIZATION, TOTAL, Results
from proforient_cli.compute.rollup import Municipality, RollupError
from proforient_cli.core.errors import CannotStart
from proforient_cli.core.organization import Organization
from proforient_cli.core.patterns import resolved
from proforient_cli.intake.problems import CATALOGUE, Problem
from proforient_cli.core.report_files import (
    CHANGES_CSV, METHODOLOGY_YAML, REPORT_DOCX, PROBLEMS_CSV, PROBLEMS_HEADER, REPORT_MD, REPORT_XLSX, RESULTS_CSV, RESULTS_HEADER, RUN_JSON,
    SUMS_CSV, SUMS_HEADER,
)
from proforient_cli.core.filenames import readable
from proforient_cli.core.atomic import atomic_path, make_folder, together, write_text
from proforient_cli.core.background import Background, Prepared
from proforient_cli.report.docx import render_docx
from proforient_cli.report.feedback import LETTERS, PAGES, REWORK, write_feedback
from proforient_cli.report.markdown import render_markdown
from proforient_cli.report.model import Report
from proforient_cli.report.tables import changes_csv, problems_csv, results_lines
from proforient_cli.report.view import build_view
from proforient_cli.report.xlsx import write_xlsx

# What each reader needs of results.csv; the rest of the pinned header may be missing or moved.
PERIOD_COLUMNS = ("level", "org_code", "org_name", "indicator", "value")
MUNICIPALITY_COLUMNS = ("level", "indicator", "value", "numerator", "denominator")


AGAIN = "запустите расчёт снова"
# What report.docx's process imports before it is given its work (core/background.py, Prepared).
DOCX_MODULES = ("docxtpl", "matplotlib.figure", "matplotlib.backends.backend_agg", "matplotlib.ticker")


class HistoryError(CannotStart):
    """An earlier period's results cannot be used (the message is Russian and names the file)."""


# -- writing ------------------------------------------------------------------------------------


def write_report(report: Report, out_dir: Path, docx_template: Path | None = None,
                 prepared: Prepared | None = None) -> tuple[Path, ...]:
    """Write the report files, each atomically: the four a methodist opens, and run.json and
    sums.csv that a later run (``--previous``) and a regional roll-up read.

    All of them or none: a crash half-way leaves the previous report whole.
    """
    refuse_replacing_previous(out_dir, report.earlier)
    view = build_view(report)
    make_folder(out_dir, AGAIN)
    with together(AGAIN), atomic_path(out_dir / REPORT_DOCX) as docx_file:
        # report.docx (its charts above all) is written in a second process while the rest are: the
        # one prepared while the data were computed, given the view without the files' cells
        if prepared is not None:
            docx = prepared.start(render_docx, replace(view, report=replace(report, checked=())), docx_file,
                                  docx_template)
        else:
            docx = Background(render_docx, view, docx_file, docx_template)
        written = (
            write_text(out_dir / REPORT_MD, render_markdown(view)),
            write_xlsx(view, out_dir / REPORT_XLSX),
            _write_lines(out_dir / RESULTS_CSV, results_lines(report.results)),
            write_text(out_dir / PROBLEMS_CSV, problems_csv(list(report.problems))),
            write_text(out_dir / SUMS_CSV, sums_csv(report.results)),
            write_text(out_dir / RUN_JSON, run_info(report)),
            *_methodology_copy(report.methodology, out_dir),
            *((write_text(out_dir / CHANGES_CSV, changes_csv(report)),) if report.earlier else ()),
            *(write_feedback(view, out_dir) if report.feedback else ()),
        )
        docx.result()
    _remove_stale(out_dir, written)
    return (out_dir / REPORT_DOCX,) + written


def _remove_stale(out_dir: Path, written: tuple[Path, ...]) -> None:
    """The feedback of an earlier run that this one did not write again (an organization that has no
    problems now, a run without --feedback): removed, so that no page tells of old data."""
    keep = {resolved(p) for p in written}
    for name in (PAGES, REWORK):
        folder = out_dir / name
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            if path.is_file() and resolved(path) not in keep and path.suffix.lower() in (".docx", ".xlsx"):
                path.unlink(missing_ok=True)
        try:
            folder.rmdir()  # only when empty
        except OSError:
            pass
    letters = out_dir / LETTERS
    if letters.is_file() and resolved(letters) not in keep:
        letters.unlink(missing_ok=True)


def _methodology_copy(methodology, out_dir: Path) -> tuple[Path, ...]:
    """methodology.yaml: the file the report was computed with, byte for byte (a roll-up uses it)."""
    if methodology.path is None:  # built in Python, not read from a file: nothing to copy
        return ()
    try:
        data = Path(methodology.path).read_bytes()
    except OSError:
        return ()
    with atomic_path(out_dir / METHODOLOGY_YAML) as temporary:
        temporary.write_bytes(data)
    return (out_dir / METHODOLOGY_YAML,)


def refuse_replacing_previous(out_dir: Path, periods) -> None:
    """An earlier period's report is never overwritten by the new one: refuse ``--out`` = ``--previous``."""
    for period in periods:
        if resolved(Path(period.source).parent) == resolved(out_dir):
            raise CannotStart(f"новая справка заменила бы справку прошлого периода в папке {out_dir} "
                              f"(она указана в --previous): укажите для новой справки другую папку (--out)")


def _write_lines(target: Path, pieces: Iterable[str]) -> Path:
    """Write a text file atomically piece by piece: a region's results.csv is hundreds of megabytes."""
    with atomic_path(target) as temporary:
        with open(temporary, "w", encoding="utf-8", newline="") as stream:
            for piece in pieces:
                try:
                    stream.write(piece)  # encoded whole before anything is written
                except UnicodeEncodeError:  # an undecodable file name: as atomic.write_text writes it
                    stream.write(readable(piece))
    return target


def run_info(report: Report) -> str:
    """The text of run.json: what a later run or a roll-up needs to know about this one."""
    methodology = report.methodology
    return json.dumps({
        "tool": "proforient",
        "period": report.raw_period,
        "period_text": report.period,
        "municipality": report.municipality,
        "methodology": {"id": methodology.id, "version": methodology.version,
                        "fingerprint": methodology.fingerprint},
    }, ensure_ascii=False, indent=2) + "\n"


def sums_csv(results: Results) -> str:
    """sums.csv: for every indicator, the sums of its elements over the organizations it covers."""
    lines = [",".join(SUMS_HEADER)]
    for key, _, _ in results.methodology.result_keys():
        total = results.total(key)
        elements = results.group_sums.get(key) or {"": float("nan")}
        for element, value in elements.items():
            text = "" if value != value else repr(float(value))
            lines.append(f"{key},{element},{text},{total.covered},{total.applicable}")
    return "\n".join(lines) + "\n"


# -- reading ------------------------------------------------------------------------------------


class MissingColumns(ValueError):
    """A table lacks columns a reader needs."""

    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__(", ".join(missing))


def read_table(path: Path, needed: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows of a CSV file written by ``compute``, as dictionaries by column name.

    A byte order mark (Excel adds one when it saves «CSV UTF-8») and columns added at the end are
    accepted; a column in ``needed`` that is missing raises :class:`MissingColumns`.
    ``OSError``, ``UnicodeDecodeError`` and ``csv.Error`` pass through to the caller, who knows
    what to call the file.
    """
    with open(path, encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        header = [name.strip() for name in reader.fieldnames or ()]
        missing = [name for name in needed if name not in header]
        if missing:
            raise MissingColumns(missing)
        reader.fieldnames = header
        return list(reader)


def result_key(row: dict[str, str]) -> str:
    """The key of a results.csv row: its indicator, or «indicator[category]» for one category."""
    category = (row.get("category") or "").strip()
    return f"{row['indicator']}[{category}]" if category else row["indicator"]


def read_run_info(folder: Path) -> dict:
    """run.json of a report folder; an empty dictionary when it is missing or unreadable."""
    try:
        info = json.loads((folder / RUN_JSON).read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


def read_period(path: Path) -> Period:
    """Read an earlier report folder or its results.csv.

    The period is taken from ``run.json`` beside the file, else from the folder's name.
    """
    path = Path(path)
    csv_path = path / RESULTS_CSV if path.is_dir() else path
    if not csv_path.is_file():
        raise HistoryError(f"не найден файл результатов прошлого периода: {csv_path}")
    try:
        rows = read_table(csv_path, PERIOD_COLUMNS)
    except MissingColumns:
        raise HistoryError(f"{csv_path}: это не results.csv программы proforient "
                           f"(ожидались колонки {', '.join(RESULTS_HEADER)})") from None
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise HistoryError(f"не удалось прочитать {csv_path}: {error}") from error
    run = read_run_info(csv_path.parent)
    label = run.get("period") or (csv_path.parent.name if csv_path.parent.name else csv_path.stem)
    methodology = run.get("methodology") or {}
    totals, by_organization, names, parts = {}, {}, {}, {}
    for row in rows:
        value, key = _number(row["value"]), result_key(row)
        if row["level"] == TOTAL:
            totals[key] = value
        elif row["level"] == ORGANIZATION:
            by_organization[(row["org_code"], key)] = value
            names[row["org_code"]] = row["org_name"]
            if row.get("numerator") or row.get("denominator"):
                parts[(row["org_code"], key)] = (_number(row.get("numerator")), _number(row.get("denominator")))
    key = (methodology.get("id", ""), methodology.get("version", "")) if methodology else None
    return Period(str(label), csv_path, totals, by_organization, names, key, parts)


def read_municipality(folder: Path) -> Municipality:
    """Read a municipality's report folder (results.csv, sums.csv, run.json)."""
    folder = Path(folder)
    if folder.is_file():
        folder = folder.parent
    if not (folder / RUN_JSON).is_file():
        raise _not_a_report(folder, RUN_JSON)
    run = read_run_info(folder)
    try:
        rows = read_table(folder / RESULTS_CSV, MUNICIPALITY_COLUMNS)
        sum_rows = read_table(folder / SUMS_CSV, SUMS_HEADER)
    except FileNotFoundError as error:
        raise _not_a_report(folder, Path(error.filename).name) from error
    except MissingColumns as error:
        raise RollupError(f"{folder}: в таблице результатов нет колонок {error}; это должна быть папка "
                          f"справки, сформированной командой proforient compute") from error
    except (OSError, ValueError, csv.Error) as error:
        raise RollupError(f"{folder}: не удалось прочитать результаты: {error}") from error
    totals = {result_key(row): row for row in rows if row["level"] == TOTAL}
    sums: dict[str, dict[str, float]] = {}
    coverage: dict[str, tuple[int, int]] = {}
    try:
        for row in sum_rows:
            coverage[row["indicator"]] = (int(row["covered"]), int(row["applicable"]))
            if row["element"]:
                sums.setdefault(row["indicator"], {})[row["element"]] = float(row["sum"]) if row["sum"] else 0.0
    except ValueError as error:
        raise RollupError(f"{folder}: файл {SUMS_CSV} повреждён: {error}") from error
    methodology = run.get("methodology", {})
    name = run.get("municipality") or folder.name
    codes = frozenset(row.get("org_code", "") for row in rows if row["level"] == ORGANIZATION) - {""}
    return Municipality(Organization(folder.name, name, "МО"), folder, totals, sums, coverage,
                        (methodology.get("id", ""), methodology.get("version", "")), run.get("period", ""),
                        codes, _read_problems(folder))


def _not_a_report(folder: Path, missing: str) -> RollupError:
    return RollupError(f"{folder}: нет файла {missing}; это должна быть папка справки, "
                       f"сформированной командой proforient compute")


def _read_problems(folder: Path) -> tuple[Problem, ...]:
    """A municipality's data problems, each file named below its folder («north/школа_12.xlsx»)."""
    try:
        rows = read_table(folder / PROBLEMS_CSV, PROBLEMS_HEADER)
    except (OSError, ValueError, csv.Error):
        return ()
    problems = []
    for row in rows:
        if row["code"] not in CATALOGUE:  # written by a later version: its code is unknown here
            continue
        fields = {name: _unquoted(row[name]) for name in ("sheet", "cell", "element", "found", "expected")}
        problems.append(Problem(row["code"], f"{folder.name}/{_unquoted(row['file'])}", **fields))
    return tuple(problems)


def _unquoted(text: str) -> str:
    """A field as it was before problems.csv guarded it against spreadsheet formulas («'=…» → «=…»)."""
    return text[1:] if text.startswith("'") and text[1:2] in ("=", "+", "-", "@", "\t", "\r") else text


def methodology_of_folders(folders: list[Path]) -> Path | None:
    """The methodology.yaml the report folders were computed with, when they all have the same one;
    None when none has one (reports of an earlier version). Differing copies are refused."""
    copies = {}
    for folder in folders:
        folder = Path(folder).parent if Path(folder).is_file() else Path(folder)
        path = folder / METHODOLOGY_YAML
        try:
            copies[path] = path.read_bytes()
        except OSError:
            continue
    if not copies:
        return None
    if len(set(copies.values())) > 1:
        listed = ", ".join(str(p.parent) for p in copies)
        raise RollupError(f"справки муниципалитетов рассчитаны по разным файлам методики ({listed}): укажите "
                          f"методику свода явно (-m)")
    return next(iter(copies))


def _number(text: str) -> float | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None
