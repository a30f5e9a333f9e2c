"""`compute --feedback` against `compute`: what a page and a file «на доработку» per organization cost.

    python benchmarks/bench_feedback.py              # N = 60 organizations, 5 runs of each
    python benchmarks/bench_feedback.py --n 100 --repeat 7

The files are the ones `bench_compute.py` generates (its cache, 2 % of the files with one typing
mistake: those get a file «на доработку»). Both commands run as separate processes, one after the
other, over the same files; the table gives the median and the range of the wall seconds, and
the difference per organization's page.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_compute import CACHE, _run, generate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=60, help="organizations (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each command (default: %(default)s)")
    args = parser.parse_args()
    folder = CACHE / str(max(args.n, 100))
    files = generate(max(args.n, 100), folder, 0.02, 2024)[:args.n]
    with tempfile.TemporaryDirectory() as scratch:
        inbox = Path(scratch) / "входящие"
        inbox.mkdir()
        for file in files:
            (inbox / file.name).write_bytes(file.read_bytes())
        base = [sys.executable, "-m", "proforient_cli", "compute", str(inbox), "--quiet", "--out"]
        times: dict[str, list[float]] = {"compute": [], "compute --feedback": []}
        for index in range(args.repeat):
            times["compute"].append(_run(base + [str(Path(scratch) / f"a{index}")])[0])
            times["compute --feedback"].append(_run(base + [str(Path(scratch) / f"b{index}"), "--feedback"])[0])
        pages = len(list((Path(scratch) / "b0" / "организации").glob("*.docx")))
        rework = len(list((Path(scratch) / "b0" / "на доработку").glob("*.xlsx")))
    print(f"N = {args.n} организаций, {args.repeat} запусков; страниц: {pages}, файлов на доработку: {rework}")
    print("| команда | медиана, с | мин–макс, с |")
    print("|---|---:|---:|")
    for name, values in times.items():
        print(f"| {name} | {statistics.median(values):.2f} | {min(values):.2f}–{max(values):.2f} |")
    extra = statistics.median(times["compute --feedback"]) - statistics.median(times["compute"])
    print(f"\n--feedback добавляет {extra:.2f} с, {extra / max(pages, 1) * 1000:.0f} мс на страницу организации")


if __name__ == "__main__":
    main()
