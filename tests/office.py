"""LibreOffice, as schools and methodists open, re-save and print the files: one way to call it."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def convert(source: Path, extension: str, out_dir: Path) -> Path:
    """``source`` saved by LibreOffice as ``extension`` («pdf», «xlsx», «ods») into ``out_dir``,
    with a profile of its own."""
    profile = f"file:///tmp/lo_profile_{uuid.uuid4().hex}"
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation={profile}", "--convert-to", extension,
                        "--outdir", str(out_dir), str(source)], check=True, capture_output=True, timeout=240)
    finally:
        shutil.rmtree(profile.removeprefix("file://"), ignore_errors=True)
    converted = out_dir / f"{source.stem}.{extension}"
    assert converted.is_file(), f"LibreOffice wrote no {converted.name}"
    return converted
