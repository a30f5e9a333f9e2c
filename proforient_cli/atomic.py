"""Writing output files so that a crash never leaves a half-written report behind."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(target: Path):
    """Yield a temporary path beside ``target``; on success it replaces ``target`` in one step.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_path(folder / "a.txt") as tmp:
    ...     _ = tmp.write_text("готово", encoding="utf-8")
    >>> (folder / "a.txt").read_text(encoding="utf-8")
    'готово'
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix, dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.replace(temporary, target)
    finally:
        if temporary.exists():
            temporary.unlink()


def write_text(target: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write a text file atomically; ``\\n`` line ends on every system."""
    with atomic_path(target) as temporary:
        with open(temporary, "w", encoding=encoding, newline="") as stream:
            stream.write(text)
    return target
