"""Make ``docs/report-first-page.png``: the first page of report.docx for the README.

The shipped example district is computed as the README's first command does, its report.docx
printed to PDF by LibreOffice and the first page rendered by poppler's ``pdftoppm``::

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
TARGET = ROOT / "docs" / "report-first-page.png"
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
        profile = f"file:///tmp/lo_profile_{uuid.uuid4().hex}"
        try:
            subprocess.run([soffice, "--headless", f"-env:UserInstallation={profile}", "--convert-to", "pdf",
                            "--outdir", str(work), str(work / "справка" / "report.docx")], check=True,
                           capture_output=True, timeout=240)
        finally:
            shutil.rmtree(profile.removeprefix("file://"), ignore_errors=True)
        subprocess.run([pdftoppm, "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(work / "report.pdf"),
                        str(work / "page")], check=True)
        TARGET.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(work / "page.png", TARGET)
    print(TARGET)
    return 0


if __name__ == "__main__":
    sys.exit(main())
