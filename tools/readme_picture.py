"""Make the README's pictures: the first page of report.docx (``docs/report-first-page.png``),
of a school's template (``docs/template-first-page.png``), of report.xlsx's «Сводка»
(``docs/xlsx-summary.png``) and its charts sheet (``docs/xlsx-charts.png``).

The shipped example district is computed as the README's first command does, the files printed
to PDF by LibreOffice and the pages rendered by poppler's ``pdftoppm``::

    python tools/readme_picture.py

Needs LibreOffice (``soffice``) and poppler-utils (``pdftoppm``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
EXECUTOR = "Иванова Мария Петровна, методист отдела образования, 8 (48452) 2-13-45"


def main() -> int:
    soffice, pdftoppm = shutil.which("soffice") or shutil.which("libreoffice"), shutil.which("pdftoppm")
    if not soffice or not pdftoppm:
        print("нужны LibreOffice (soffice) и poppler-utils (pdftoppm)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        environment = dict(os.environ, SOURCE_DATE_EPOCH="1717408800")  # 03.06.2024 10:00
        subprocess.run([sys.executable, "-m", "proforient_cli", "compute", str(ROOT / "examples" / "data"),
                        "--roster", str(ROOT / "examples" / "roster.csv"), "--executor", EXECUTOR,
                        "--out", str(work / "справка"), "--quiet"], check=True, env=environment, cwd=ROOT)
        subprocess.run([sys.executable, "-m", "proforient_cli", "template", "--roster",
                        str(ROOT / "examples" / "roster.csv"), "--period", "2024", "--out", str(work / "шаблоны")],
                       check=True, env=environment, cwd=ROOT, capture_output=True)
        template = sorted((work / "шаблоны").glob("4001_*.xlsx"))[0]
        report = work / "справка"
        pdfs = _to_pdf(soffice, [report / "report.docx", report / "report.xlsx", template], work / "pdf")
        _page(pdftoppm, pdfs[0], 1, DOCS / "report-first-page.png")
        _page(pdftoppm, pdfs[1], 1, DOCS / "xlsx-summary.png")
        _page(pdftoppm, pdfs[1], _page_with(pdfs[1], "№ показателя"), DOCS / "xlsx-charts.png")
        _page(pdftoppm, pdfs[2], 1, DOCS / "template-first-page.png")
    return 0


def _to_pdf(soffice: str, files: list[Path], out: Path) -> list[Path]:
    """Each file printed to its own folder: report.docx and report.xlsx would both be report.pdf."""
    profile = f"file:///tmp/lo_profile_{uuid.uuid4().hex}"
    pdfs = []
    try:
        for number, file in enumerate(files):
            folder = out / str(number)
            subprocess.run([soffice, "--headless", f"-env:UserInstallation={profile}", "--convert-to", "pdf",
                            "--outdir", str(folder), str(file)], check=True, capture_output=True, timeout=300)
            pdfs.append(folder / f"{file.stem}.pdf")
    finally:
        shutil.rmtree(profile.removeprefix("file://"), ignore_errors=True)
    return pdfs


def _page_with(pdf: Path, text: str) -> int:
    """The first page whose text holds ``text`` (poppler's pdftotext), else 1."""
    pages = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    return next((number for number, page in enumerate(pages, start=1) if text in page), 1)


def _page(pdftoppm: str, pdf: Path, number: int, target: Path) -> None:
    stem = target.with_suffix("")
    subprocess.run([pdftoppm, "-png", "-r", "70", "-f", str(number), "-l", str(number), "-singlefile", str(pdf),
                    str(stem)], check=True)
    print(target)


if __name__ == "__main__":
    sys.exit(main())
