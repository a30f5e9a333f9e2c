"""Paths as a methodist types them: name patterns (``данные/*.xlsx``) expanded by the program, as the
Windows shell leaves them as typed, and paths compared safely."""

from __future__ import annotations

import glob
import os
from pathlib import Path


def is_pattern(argument: str) -> bool:
    """Whether the argument is a name pattern (``*``, ``?``, ``[…]``) rather than a path."""
    return glob.has_magic(argument)


def expand(argument: str) -> list[Path]:
    """The paths a command-line argument names: a pattern's matches in a stable order, else the
    argument itself. A pattern that matches nothing gives an empty list; the caller says so.

    ``**`` matches folders at any depth, as in ``справки/**/results.csv``.

    >>> expand("no-such-folder/*.xlsx"), expand("школа.xlsx")
    ([], [PosixPath('школа.xlsx')])
    """
    if is_pattern(argument):
        return [Path(match) for match in sorted(glob.glob(argument, recursive=True))]
    return [Path(argument)]


def resolved(path: str | os.PathLike) -> Path:
    """The absolute path without links, or as written (made absolute) when the links loop or a
    folder on the way cannot be read: comparing two paths must never stop a run.

    >>> resolved("a/../b") == resolved("b")
    True
    """
    try:
        return Path(path).resolve()
    except (RuntimeError, OSError):
        return Path(os.path.abspath(path))
