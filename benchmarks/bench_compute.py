"""Time `proforient compute` against the calamine read floor and the naive openpyxl loop.

    python benchmarks/bench_compute.py                  # N = 100, 1000, 10000
    python benchmarks/bench_compute.py --sizes 100,1000 # a quicker run

For each N it generates N filled submissions of the default methodology from the tool's own
templates (cached in ``benchmarks/.cache/N/``), then times three variants, each in its own
process so that its peak memory is its own:

- floor: python-calamine opens each file and reads the «Данные» sheet's cells, nothing else;
- naive: the obvious implementation — openpyxl ``load_workbook`` per file, a DataFrame per
  file, ``pandas.concat``, then the same indicator arithmetic in a per-organization loop;
- compute: ``python -m proforient_cli compute DIR --quiet --out TMP`` end to end (reading,
  validation, computation and all four report files).

The naive loop's municipal totals are compared with the totals in compute's ``results.csv``, so
both variants are known to do the same arithmetic.

Generating thousands of workbooks with openpyxl would take longer than the benchmark itself, so
only one filled template per organization type is written with openpyxl; every other file is
that workbook's zip with the numbers of the «Значение» cells (and the organization's code and
name) rewritten in ``xl/worksheets/sheet1.xml``. A few generated files are read back with the
tool's own reader to check that they say what was meant.
"""

from __future__ import annotations

import argparse
import csv
import glob
import json
import math
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "examples"))

CACHE = Path(__file__).resolve().parent / ".cache"
GENERATOR_VERSION = "1"  # bump when the generated files change, to invalidate the cache
TYPE_WEIGHTS = {"ОО": 0.65, "ДОО": 0.25, "УДО": 0.08, "МОУО": 0.02}
VALUE_SETS = 64  # distinct fictional value sets per organization type
DATA_SHEET_XML = "xl/worksheets/sheet1.xml"
BASE_CODE = "990000"  # the base templates' codes and names, replaced in every generated file

_CELL = re.compile(r'<c r="(?P<ref>[A-Z]+[0-9]+)"(?P<attrs>[^>]*?)(?:/>|>.*?</c>)', re.S)
_STYLE = re.compile(r'\ss="\d+"')


# -- generating the submissions ------------------------------------------------------------------


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Base:
    """One filled template of an organization type, split so a new file is a join of strings."""

    def __init__(self, path: Path, org_type: str, methodology, reader):
        self.org_type = org_type
        submission = reader(path)
        self.cells = {c.code: c.cell for c in submission.values}  # element id → «D14»
        self.elements = [e for e in methodology.elements_for(org_type) if e.id in self.cells]
        with zipfile.ZipFile(path) as archive:
            self.entries = [(info, archive.read(info)) for info in archive.infolist()]
        sheet = next(data for info, data in self.entries if info.filename == DATA_SHEET_XML).decode("utf-8")
        by_ref = {ref: id for id, ref in self.cells.items()}
        # chunks[0], slot 0, chunks[1], slot 1, …: a slot is an input cell rewritten per file
        self.chunks: list[str] = []
        self.slots: list[tuple[str, str, str]] = []  # (element id, ref, style attribute)
        position = 0
        for match in _CELL.finditer(sheet):
            id = by_ref.get(match["ref"])
            if id is None:
                continue
            self.chunks.append(sheet[position:match.start()])
            style = _STYLE.search(match["attrs"])
            self.slots.append((id, match["ref"], style.group(0) if style else ""))
            position = match.end()
        self.chunks.append(sheet[position:])

    def sheet_xml(self, values: dict[str, object]) -> str:
        parts = []
        for chunk, (id, ref, style) in zip(self.chunks, self.slots):
            parts.append(chunk)
            value = values.get(id)
            if value is None:
                parts.append(f'<c r="{ref}"{style} />')
            elif isinstance(value, str):
                parts.append(f'<c r="{ref}"{style} t="inlineStr"><is><t>{_xml_text(value)}</t></is></c>')
            else:
                parts.append(f'<c r="{ref}"{style} t="n"><v>{value}</v></c>')
        parts.append(self.chunks[-1])
        return "".join(parts)

    def write(self, target: Path, values: dict[str, object], code: str, name: str) -> None:
        renames = ((f"<t>{BASE_CODE}</t>", f"<t>{code}</t>"),
                   (f"<t>{_base_name(self.org_type)}</t>", f"<t>{_xml_text(name)}</t>"))
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for info, data in self.entries:
                if info.filename == DATA_SHEET_XML:
                    text = self.sheet_xml(values)
                elif info.filename.startswith("xl/worksheets/") and BASE_CODE.encode() in data:
                    text = data.decode("utf-8")  # the hidden sheet: the organization's code
                else:
                    archive.writestr(info, data)
                    continue
                for old, new in renames:
                    text = text.replace(old, new)
                archive.writestr(info, text.encode("utf-8"))


def _base_name(org_type: str) -> str:
    return f"Базовая организация {org_type}"


def _mistake(values: dict[str, object], elements, rng: random.Random) -> None:
    """One of the mistakes schools make, in a random numeric cell."""
    counts = [e.id for e in elements if e.type == "count"]
    if counts:
        values[rng.choice(counts)] = rng.choice(["12 чел.", None, "—", "x"])


def generate(n: int, folder: Path, mistakes: float, seed: int) -> list[Path]:
    """N filled submissions in ``folder`` (reused when already there with the same settings)."""
    from proforient_cli.methodology.load import load_methodology

    stamp = folder / "generated.json"
    current = load_methodology(ROOT / "indicators.yaml")  # files of another version would all be refused
    settings = {"n": n, "mistakes": mistakes, "seed": seed, "version": GENERATOR_VERSION,
                "methodology": f"{current.id} {current.version} {current.fingerprint}"}
    if stamp.is_file() and json.loads(stamp.read_text()) == settings:
        files = sorted(folder.glob("*.xlsx"))
        if len(files) == n:
            return files
    from make_examples import fictional_values, fill_template

    from proforient_cli.core.organization import Organization
    from proforient_cli.intake.read import read_submission
    from proforient_cli.template.workbook import write_templates

    started = time.perf_counter()
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    methodology = load_methodology(ROOT / "indicators.yaml")
    rng = random.Random(seed)
    types = [t for t in TYPE_WEIGHTS if t in methodology.organization_types]
    roster = [Organization(BASE_CODE, _base_name(t), t, "Бенчмарк-район") for t in types]
    bases: dict[str, _Base] = {}
    pools: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for organization in roster:
            template = write_templates(methodology, [organization], Path(scratch) / organization.type,
                                       period="2024")[0]
            elements = methodology.elements_for(organization.type)
            filled = fill_template(template, fictional_values(methodology, elements, rng),
                                   Path(scratch) / f"filled_{len(bases)}.xlsx")
            bases[organization.type] = _Base(filled, organization.type, methodology, read_submission)
            pools[organization.type] = [fictional_values(methodology, elements, rng) for _ in range(VALUE_SETS)]
    width = len(str(n))
    written = []
    for index in range(n):
        org_type = rng.choices(types, weights=[TYPE_WEIGHTS[t] for t in types])[0]
        base = bases[org_type]
        values = dict(rng.choice(pools[org_type]))
        if rng.random() < mistakes:
            _mistake(values, base.elements, rng)
        code = f"{index + 1:0{width}d}"
        target = folder / f"{code}_{org_type}.xlsx"
        base.write(target, values, code, f"Организация {org_type} № {index + 1}")
        written.append((target, values, code))
    _verify(rng.sample(written, min(5, n)), methodology, read_submission)
    stamp.write_text(json.dumps(settings))
    print(f"  сгенерировано {n} файлов за {time.perf_counter() - started:.1f} с: {folder}", file=sys.stderr)
    return sorted(folder.glob("*.xlsx"))


def _verify(samples, methodology, reader) -> None:
    """The tool's own reader finds in a generated file exactly the values written into it."""
    for path, values, code in samples:
        submission = reader(path)
        assert not hasattr(submission, "code") or submission.code != "unreadable-file", submission
        assert submission.meta.get("org_code") == code and submission.title.get("org_code") == code, path
        read = {c.code: c.value for c in submission.values}
        for id, value in values.items():
            got = read.get(id)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                assert got == value, (path, id, value, got)
            else:
                assert got == (value if value not in ("",) else None), (path, id, value, got)


# -- the variants, each run in a child process ---------------------------------------------------


def _files(folder: str) -> list[str]:
    return sorted(glob.glob(os.path.join(folder, "*.xlsx")))


def variant_floor(folder: str) -> None:
    """What python-calamine alone needs: open each file, read the data sheet's cells."""
    from python_calamine import CalamineWorkbook

    cells = 0
    for path in _files(folder):
        rows = CalamineWorkbook.from_path(path).get_sheet_by_name("Данные").to_python()
        cells += sum(len(row) for row in rows)
    print(json.dumps({"cells": cells}))


def variant_naive(folder: str, totals_path: str) -> None:
    """The obvious implementation: openpyxl per file, a DataFrame per file, concat, a loop per org."""
    import pandas as pd
    from openpyxl import load_workbook

    from proforient_cli.compute.evaluate import in_dependency_order
    from proforient_cli.methodology.expressions import evaluate
    from proforient_cli.methodology.load import load_methodology

    methodology = load_methodology(ROOT / "indicators.yaml")
    frames = []
    for path in _files(folder):
        book = load_workbook(path)
        sheet = book["Данные"]
        rows = list(sheet.iter_rows(values_only=True))
        header = next(i for i, row in enumerate(rows) if "Код" in row and "Значение" in row)
        code_column, value_column = rows[header].index("Код"), rows[header].index("Значение")
        title = {row[1]: row[value_column] for row in rows[:header] if len(row) > value_column}
        records = [(row[code_column], row[value_column]) for row in rows[header + 1:] if row[code_column]]
        frame = pd.DataFrame(records, columns=["element", "raw"])
        frame["org"] = str(title.get("Код организации"))
        frames.append(frame)
    long = pd.concat(frames, ignore_index=True)

    def number(element, raw):
        if element.type == "flag":
            return {"да": 1.0, "нет": 0.0}.get(str(raw).strip().lower()) if raw is not None else None
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            return float(raw)
        return None

    organizations: dict[str, dict[str, float]] = {}
    for org, element_id, raw in zip(long["org"], long["element"], long["raw"]):
        element = methodology.element(element_id)
        if element is None or element.type == "text":
            continue
        value = number(element, raw)
        if value is not None:
            organizations.setdefault(org, {})[element_id] = value
    totals = {}
    for indicator in in_dependency_order(methodology):
        needed = [n for n in indicator.references()]
        sums = dict.fromkeys(needed, 0.0)
        covered = holds = 0
        for org, values in organizations.items():
            if not all(n in values for n in needed):
                continue
            covered += 1
            for name in needed:
                sums[name] += values[name]
            if indicator.kind == "count":
                holds += evaluate(indicator.expression.node, values.__getitem__) != 0
        if not covered:
            totals[indicator.id] = None
        elif indicator.kind == "share":
            denominator = evaluate(indicator.denominator.node, sums.__getitem__)
            numerator = evaluate(indicator.numerator.node, sums.__getitem__)
            totals[indicator.id] = numerator / denominator * 100 if denominator > 0 else None
        elif indicator.kind == "count":
            totals[indicator.id] = float(holds)
        else:
            totals[indicator.id] = float(evaluate(indicator.expression.node, sums.__getitem__))
    Path(totals_path).write_text(json.dumps(totals))


# -- timing ---------------------------------------------------------------------------------------


def _run(command: list[str], accepted=(0,)) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB (the largest process of the run) and stdout of a child."""
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    if process.returncode not in accepted:
        raise SystemExit(f"команда завершилась с кодом {process.returncode}: {' '.join(command)}\n{text}")
    return seconds, usage.ru_maxrss / 1024, text


def _compare(totals_path: Path, results_csv: Path) -> str:
    naive = json.loads(totals_path.read_text())
    with results_csv.open(encoding="utf-8") as file:
        computed = {row["indicator"]: row["value"] for row in csv.DictReader(file) if row["level"] == "total"}
    differing = []
    for id, value in naive.items():
        other = float(computed[id]) if computed.get(id) else None
        same = (value is None and other is None) or (
            value is not None and other is not None and math.isclose(value, other, rel_tol=1e-9, abs_tol=1e-9))
        if not same:
            differing.append(f"{id}: наивный {value}, compute {other}")
    return "итоги совпадают" if not differing else "ИТОГИ РАСХОДЯТСЯ: " + "; ".join(differing[:5])


def bench(n: int, args) -> dict:
    folder = args.cache / str(n)
    generate(n, folder, args.mistakes, args.seed)
    for path in folder.glob("*.xlsx"):  # the page cache holds every file for every variant alike
        path.read_bytes()
    me = [sys.executable, str(Path(__file__).resolve())]
    row: dict = {"n": n}
    with tempfile.TemporaryDirectory() as scratch:
        out, totals = Path(scratch) / "out", Path(scratch) / "naive.json"
        compute = [sys.executable, "-m", "proforient_cli", "compute", str(folder), "--quiet", "--out", str(out)]
        runs = {
            "floor": me + ["--variant", "floor", str(folder)],
            "compute": compute,
            "compute1": compute + ["--jobs", "1"],
            "naive": me + ["--variant", "naive", str(folder), str(totals)],
        }
        for name, command in runs.items():
            if (name == "naive" and n > args.naive_max) or (name == "compute1" and not args.single):
                continue
            best = None
            for _ in range(args.repeat):
                seconds, rss, _ = _run(command, (0, 1) if name.startswith("compute") else (0,))  # 1: problems
                if best is None or seconds < best[0]:
                    best = (seconds, rss)
            row[name] = best
            print(f"  N={n} {name}: {best[0]:.2f} с, {best[1]:.0f} МБ", file=sys.stderr)
        if "naive" in row:
            row["check"] = _compare(totals, out / "results.csv")
    return row


def table(rows: list[dict]) -> str:
    lines = [
        "| N | вариант | секунд | мс на файл | пик RSS, МБ | наивный / compute | compute / floor |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    names = {"floor": "floor (calamine)", "naive": "наивный (openpyxl)", "compute": "proforient compute",
             "compute1": "proforient compute --jobs 1"}
    for row in rows:
        n = row["n"]
        for name in ("floor", "naive", "compute1", "compute"):
            if name not in row:
                if name != "compute1":
                    lines.append(f"| {n} | {names[name]} | — | — | — | | |")
                continue
            seconds, rss = row[name]
            ratios = ["", ""]
            if name.startswith("compute"):
                if "naive" in row:
                    ratios[0] = f"{row['naive'][0] / seconds:.1f}×"
                ratios[1] = f"{seconds / row['floor'][0]:.2f}×"
            lines.append(f"| {n} | {names[name]} | {seconds:.2f} | {seconds / n * 1000:.2f} | {rss:.0f} | "
                         f"{ratios[0]} | {ratios[1]} |")
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--variant":
        {"floor": variant_floor, "naive": variant_naive}[sys.argv[2]](*sys.argv[3:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="N, comma-separated (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each variant; the fastest is shown")
    parser.add_argument("--naive-max", type=int, default=10_000,
                        help="skip the naive loop above this N (it needs ~16 ms a file)")
    parser.add_argument("--single", action="store_true", help="also time compute --jobs 1 (one process)")
    parser.add_argument("--mistakes", type=float, default=0.02, help="share of files with one typing mistake")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--cache", type=Path, default=CACHE, help="where generated files are kept")
    args = parser.parse_args()
    rows = []
    load = os.getloadavg()[0]  # other processes on the machine compete for the same processors
    for n in (int(s) for s in args.sizes.split(",")):
        rows.append(bench(n, args))
    print(f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPU, "
          f"{date.today():%d.%m.%Y}, средняя нагрузка (load average) до {load:.2f}, после {os.getloadavg()[0]:.2f}")
    print(table(rows))
    for row in rows:
        if "check" in row:
            print(f"N={row['n']}: {row['check']}")


if __name__ == "__main__":
    main()
