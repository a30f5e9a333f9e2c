"""Name patterns (``данные/*.xlsx``) expanded by the program: the Windows shell leaves them as typed."""

from __future__ import annotations

import glob
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
