"""Which files to read: files, folders and name patterns, as a methodist types them.

Patterns are expanded here because the Windows shell does not do it. Excel's lock files
(``~$школа.xlsx``), hidden files, the program's own report folders and its own output files are
skipped silently; an entry of a folder that cannot be read — a link to nowhere, a loop of links,
a subfolder without permission, a named pipe — is skipped with its reason, which the report
names, and the rest is read.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from proforient_cli.core import report_files
from proforient_cli.core.errors import CannotStart
from proforient_cli.core.filenames import readable
from proforient_cli.core.patterns import expand, is_pattern, resolved
from proforient_cli.intake.problems import Problem

SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods")


class NothingToRead(CannotStart):
    """No input file at all, or a path that matches nothing (the message is Russian)."""


@dataclass(frozen=True)
class Collected:
    """The files to read, in a stable order, and the entries skipped with their reasons."""

    files: tuple[Path, ...]
    skipped: tuple[Problem, ...] = ()
    # How messages name a file whose name another file shares («район_2/Мониторинг.xlsx»): its path
    # below the folder given. Files with a name of their own are named by it and are not listed here.
    names: dict[Path, str] = field(default_factory=dict)


def collect(arguments: list[str] | tuple[str, ...], skip: list[Path] = ()) -> list[Path]:
    """The spreadsheet files the arguments name, each once, in a stable order (see :func:`gather`).

    >>> collect(["no-such-folder/*.xlsx"])
    Traceback (most recent call last):
    ...
    proforient_cli.intake.collect.NothingToRead: по шаблону «no-such-folder/*.xlsx» не найдено ни одного файла
    """
    return list(gather(arguments, skip).files)


def gather(arguments: list[str] | tuple[str, ...], skip: list[Path] = ()) -> Collected:
    """The spreadsheet files the arguments name, and the folder entries that could not be read.

    A file is taken as given (even with an unusual extension, so that the reader can say what
    is wrong with it); a folder gives every .xlsx/.xls/.ods inside it, subfolders included;
    a pattern (``данные/*.xlsx``) is expanded. ``skip`` lists folders never to read from below an
    argument, such as the report folder; the program's own output files (report.xlsx) are never
    read even when the report folder is the input folder itself. Raises :class:`NothingToRead`
    for a path that does not exist or a pattern that matches nothing.
    """
    walker = _Walker({resolved(Path(s)) for s in skip})
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            walker.folder(path)
        elif path.is_file():
            if not _is_skipped_name(path) and not _is_own_output(path):
                walker.found.append((path, path.parent))
        elif is_pattern(argument):
            if not walker.pattern(argument):
                raise NothingToRead(f"по шаблону «{argument}» не найдено ни одного файла")
        elif os.path.lexists(path):  # a link to nowhere given by name
            walker.skip(path, "ссылка ведёт на файл, которого нет")
        else:
            raise NothingToRead(f"файл или папка не найдены: {argument}")
    unique: dict[Path, tuple[Path, Path]] = {}
    for path, base in walker.found:
        unique.setdefault(resolved(path), (path, base))
    if not unique and not walker.skipped:
        raise NothingToRead("не найдено ни одного файла .xlsx, .xls или .ods: " + ", ".join(arguments))
    files = [path for path, _ in unique.values()]
    counts: dict[str, int] = {}
    for path in files:
        counts[path.name.casefold()] = counts.get(path.name.casefold(), 0) + 1
    names = {path: _shown(path, base) for path, base in unique.values() if counts[path.name.casefold()] > 1}
    return Collected(tuple(files), tuple(walker.skipped), names)


class _Walker:
    def __init__(self, skip: set[Path]):
        self.skip_folders = skip
        self.found: list[tuple[Path, Path]] = []  # (file, the folder its name is shown below)
        self.skipped: list[Problem] = []
        self._base = Path()

    def skip(self, path: Path, reason: str) -> None:
        self.skipped.append(Problem("skipped-entry", readable(_shown(path, self._base)), found=reason))

    def folder(self, folder: Path) -> None:
        """Every spreadsheet in ``folder`` and below, reports and hidden folders left out."""
        self._base = folder
        for root, dirs, files in os.walk(folder, onerror=self._unreadable_folder):
            root_path = Path(root)
            kept = []
            for name in sorted(dirs):
                sub = root_path / name
                if name.startswith(".") or resolved(sub) in self.skip_folders or _is_report_folder(sub):
                    continue
                if os.path.islink(sub):  # links to folders are not followed: they may loop
                    self.skip(sub, _folder_link(sub, root_path))
                    continue
                kept.append(name)
            dirs[:] = kept
            for name in sorted(files):
                path = root_path / name
                if path.suffix.lower() in SPREADSHEETS and not _is_skipped_name(path):
                    self.file(path)

    def file(self, path: Path) -> None:
        reason = _not_a_file(path)
        if reason:
            self.skip(path, reason)
        elif not _is_own_output(path):
            self.found.append((path, self._base))

    def pattern(self, argument: str) -> bool:
        """The files a pattern matches; False when it matches nothing at all."""
        self._base = _literal_base(argument)
        base = resolved(self._base)
        matches = expand(argument)
        for match in matches:
            if _is_skipped_name(match) or not os.path.lexists(match):
                continue
            if match.is_dir() and not os.path.islink(match):
                self.folder(match)
                self._base = _literal_base(argument)
            elif not self._inside_skipped(match, base):
                self.file(match)
        return bool(self.found or self.skipped)

    def _inside_skipped(self, path: Path, base: Path) -> bool:
        """Whether a folder between the pattern's fixed part and the file is a report or skipped."""
        for parent in resolved(path).parents:
            if parent == base or base not in parent.parents:
                return False
            if parent in self.skip_folders or _is_report_folder(parent):
                return True
        return False

    def _unreadable_folder(self, error: OSError) -> None:
        self.skip(Path(error.filename or "?"), _reason(error))


def _folder_link(link: Path, root: Path) -> str:
    target, here = resolved(link), resolved(root)
    if target == here or target in here.parents:
        return "ссылка ведёт на папку выше по дереву (по кругу): не просматривается"
    return f"ссылка на папку {readable(str(target))}: папки по ссылкам не просматриваются, укажите её отдельно"


def _reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "нет доступа к папке: её содержимое не прочитано"
    return f"папку не удалось прочитать ({error.strerror or error.__class__.__name__})"


def _not_a_file(path: Path) -> str:
    """Why a folder entry named like a spreadsheet is not one to read, or "" when it is."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "ссылка ведёт на файл, которого нет"
    except RuntimeError:
        return "ссылки ведут друг на друга по кругу"
    except OSError as error:
        if error.errno == 40:  # ELOOP
            return "ссылки ведут друг на друга по кругу"
        if isinstance(error, PermissionError):
            return "нет доступа к файлу"
        return f"файл не удалось открыть ({error.strerror or error.__class__.__name__})"
    if stat.S_ISDIR(mode):
        return "это папка по ссылке: папки по ссылкам не просматриваются"
    if not stat.S_ISREG(mode):  # a named pipe would block the run forever on open()
        return "это не обычный файл (канал или устройство), а не электронная таблица"
    return ""


def _is_skipped_name(path: Path) -> bool:
    return path.name.startswith(("~$", ".~lock", "."))


def _is_report_folder(folder: Path) -> bool:
    try:
        return all((folder / marker).is_file() for marker in report_files.MARKERS)
    except OSError:  # a folder without permission: the walk says so
        return False


def _is_own_output(path: Path) -> bool:
    """A spreadsheet the program wrote into a report folder, never a submission."""
    return path.name in report_files.SPREADSHEET_OUTPUTS and _is_report_folder(path.parent)


def _literal_base(pattern: str) -> Path:
    """The folder a pattern starts from: its parts before the first one with ``*``, ``?`` or ``[``."""
    parts = []
    for part in Path(pattern).parts:
        if is_pattern(part):
            break
        parts.append(part)
    return Path(*parts) if parts else Path(".")


def _shown(path: Path, base: Path) -> str:
    try:
        return str(path.relative_to(base)) if base != Path(".") else str(path)
    except ValueError:
        return str(path)
