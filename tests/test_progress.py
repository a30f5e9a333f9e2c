"""On a terminal the methodist sees a progress bar; in a pipe or with --quiet only the summary."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMAND = [sys.executable, "-m", "proforient_cli", "compute", str(ROOT / "examples" / "data"),
           "-m", str(ROOT / "indicators.yaml")]


def on_terminal(arguments: list[str], cwd: Path) -> str:
    """Run with stdout and stderr on a pseudo-terminal, as in a console window."""
    primary, secondary = pty.openpty()
    process = subprocess.Popen(arguments, stdout=secondary, stderr=secondary, stdin=subprocess.DEVNULL,
                               cwd=cwd, env={**os.environ, "PYTHONPATH": str(ROOT)})
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the terminal closed: the process has ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(primary)
    return b"".join(chunks).decode("utf-8", errors="replace")


def test_a_terminal_shows_the_progress_bar_then_the_summary(tmp_path):
    output = on_terminal([*COMMAND, "--out", str(tmp_path / "out")], tmp_path)
    assert "Чтение файлов" in output and "100%" in output
    assert "Обработано 9 файлов: учтено 8, исключено 1;" in output


def test_quiet_or_a_pipe_prints_only_the_summary(tmp_path):
    quiet = on_terminal([*COMMAND, "--out", str(tmp_path / "a"), "--quiet"], tmp_path)
    assert "Чтение файлов" not in quiet
    piped = subprocess.run([*COMMAND, "--out", str(tmp_path / "b")], capture_output=True, text=True, cwd=tmp_path,
                           env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert piped.stderr == ""
    assert piped.stdout.startswith("Обработано 9 файлов:") and piped.stdout.count("\n") == 1
