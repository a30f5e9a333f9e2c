"""report.xlsx's long sheet «По организациям»: today's writer against xlsxwriter.

    python benchmarks/bench_xlsx_writer.py                 # 10 000 organizations, 80 indicators
    python benchmarks/bench_xlsx_writer.py --rows 1000 --repeat 5

Issue 17 asks whether xlsxwriter (its constant-memory mode) can replace the worksheet XML that
``report/xlsx_rows.py`` writes by hand, without being slower. Both write the same sheet — a code,
a name and a type as text, then one number per indicator (a fifth of them blank) with a number
format — into a workbook of its own, each in a separate process, ``--repeat`` times; the table
gives the median wall seconds. xlsxwriter is not a dependency of proforient: install it to run
this (``pip install xlsxwriter``).
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def rows(count: int, columns: int):
    rng = random.Random(7)
    for index in range(count):
        values = [None if rng.random() < 0.2 else float(rng.randint(0, 500)) for _ in range(columns)]
        yield [f"{4000 + index}", f"МБОУ «Средняя общеобразовательная школа № {index}»", "ОО"] + values


def write_today(path: str, count: int, columns: int) -> None:
    from openpyxl import Workbook

    from proforient_cli.report.xlsx_rows import NUMBER, TEXT, BulkRows, save

    book = Workbook()
    sheet = book.active
    sheet.title = "По организациям"
    bulk = BulkRows(sheet)
    kinds = bulk.format([(TEXT, None)] * 3 + [(NUMBER, bulk.style("[=0]0;#,##0.##"))] * columns)
    for row in rows(count, columns):
        bulk.append(row, kinds)
    save(book, Path(path), [bulk])


def write_xlsxwriter(path: str, count: int, columns: int) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = book.add_worksheet("По организациям")
    number = book.add_format({"num_format": "[=0]0;#,##0.##"})
    for index, row in enumerate(rows(count, columns)):
        for column in range(3):
            sheet.write_string(index, column, row[column])
        for column, value in enumerate(row[3:], start=3):
            if value is not None:
                sheet.write_number(index, column, value, number)
    book.close()


VARIANTS = {"сейчас (openpyxl + XML вручную)": write_today, "xlsxwriter, constant_memory": write_xlsxwriter}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--columns", type=int, default=80)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.variant:
        VARIANTS[args.variant](args.out, args.rows, args.columns)
        return
    times: dict[str, list[float]] = {name: [] for name in VARIANTS}
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(args.repeat):
            for name in VARIANTS:
                started = time.perf_counter()
                subprocess.run([sys.executable, __file__, "--variant", name, "--rows", str(args.rows),
                                "--columns", str(args.columns), "--out", str(Path(scratch) / "out.xlsx")],
                               check=True)
                times[name].append(time.perf_counter() - started)
    print(f"{args.rows} строк × {args.columns + 3} столбцов, {args.repeat} запуска каждого")
    print("| вариант | медиана, с | мин–макс, с |")
    print("|---|---:|---:|")
    for name, values in times.items():
        print(f"| {name} | {statistics.median(values):.2f} | {min(values):.2f}–{max(values):.2f} |")


if __name__ == "__main__":
    main()
