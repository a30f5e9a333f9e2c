"""Which files to read: files, folders and name patterns, as a methodist types them.

Patterns are expanded here because the Windows shell does not do it. Excel's lock files
(``~$школа.xlsx``), hidden files and the program's own report folders are skipped.
"""

from __future__ import annotations

import os
from pathlib import Path

from proforient_cli.core import report_files
from proforient_cli.core.errors import CannotStart
from proforient_cli.core.patterns import expand, is_pattern

SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods")


class NothingToRead(CannotStart):
    """No input file at all, or a path that matches nothing (the message is Russian)."""


def _is_skipped_name(path: Path) -> bool:
    return path.name.startswith(("~$", ".~lock", "."))


def _is_report_folder(folder: Path) -> bool:
    return all((folder / marker).is_file() for marker in report_files.MARKERS)


def _spreadsheets_in(folder: Path, skip: set[Path]) -> list[Path]:
    found = []
    for root, dirs, files in os.walk(folder):
        root_path = Path(root)
        dirs[:] = sorted(
            d for d in dirs
            if not d.startswith(".") and (root_path / d).resolve() not in skip
            and not _is_report_folder(root_path / d)
        )
        for name in sorted(files):
            path = root_path / name
            if path.suffix.lower() in SPREADSHEETS and not _is_skipped_name(path):
                found.append(path)
    return found


def collect(arguments: list[str] | tuple[str, ...], skip: list[Path] = ()) -> list[Path]:
    """The spreadsheet files the arguments name, each once, in a stable order.

    A file is taken as given (even with an unusual extension, so that the reader can say what
    is wrong with it); a folder gives every .xlsx/.xls/.ods inside it, subfolders included;
    a pattern (``данные/*.xlsx``) is expanded. ``skip`` lists folders never to read from,
    such as the report folder. Raises :class:`NothingToRead` for a path that does not exist
    or a pattern that matches nothing.

    >>> collect(["no-such-folder/*.xlsx"])
    Traceback (most recent call last):
    ...
    proforient_cli.intake.collect.NothingToRead: по шаблону «no-such-folder/*.xlsx» не найдено ни одного файла
    """
    skipped = {Path(s).resolve() for s in skip}
    found: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found.extend(_spreadsheets_in(path, skipped))
        elif path.is_file():
            if not _is_skipped_name(path):
                found.append(path)
        elif is_pattern(argument):
            matches = expand(argument)
            files = [m for m in matches if m.is_file() and not _is_skipped_name(m)
                     and not any(parent in skipped for parent in m.resolve().parents)
                     and not _is_report_folder(m.parent)]
            for folder in (m for m in matches if m.is_dir()):
                files.extend(_spreadsheets_in(folder, skipped))
            if not files:
                raise NothingToRead(f"по шаблону «{argument}» не найдено ни одного файла")
            found.extend(files)
        else:
            raise NothingToRead(f"файл или папка не найдены: {argument}")
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    if not unique:
        raise NothingToRead("не найдено ни одного файла .xlsx, .xls или .ods: " + ", ".join(arguments))
    return list(unique.values())
