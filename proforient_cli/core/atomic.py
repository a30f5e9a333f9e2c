"""Writing output files so that a failure never leaves a half-written or a half-replaced report.

Each file is written to a temporary file beside it and renamed over the old one in one step.
Inside :func:`together`, nothing is renamed until every file of the set is written; then every
previous file is moved aside, every new one put in place, and only then are the previous ones
deleted. If any step fails — a full disk, a file still open in Excel (Windows refuses to rename
it) — every previous file is put back as it was and no temporary file is left.

A failure of the environment (no right to write, a read-only folder, a full disk, a file open in
another program) becomes :class:`CannotWrite`, whose Russian message names the path and says what
to do.
"""

from __future__ import annotations

import contextvars
import errno
import os
import secrets
import tempfile
from contextlib import contextmanager
from pathlib import Path

from proforient_cli.core.errors import CannotStart
from proforient_cli.core.filenames import readable

AGAIN = "запустите команду снова"

# The (temporary, target) pairs of the innermost `together` block; None outside any block.
_pending: contextvars.ContextVar[list[tuple[Path, Path]] | None] = contextvars.ContextVar(
    "proforient_atomic_pending", default=None)
# What the user is told to do once the cause is removed, as the innermost `together` block says it.
_again: contextvars.ContextVar[str] = contextvars.ContextVar("proforient_atomic_again", default=AGAIN)


class CannotWrite(CannotStart):
    """An output file or folder cannot be written; the message names it and says what to do."""


def cannot_write(error: OSError, path: Path, again: str = AGAIN, replacing: bool = False) -> CannotWrite:
    """The Russian message for ``error`` met while writing ``path`` (``replacing``: while renaming
    the new file over, or the old one aside).

    >>> str(cannot_write(OSError(errno.ENOSPC, "No space left on device"), Path("справка/report.xlsx")))
    'на диске нет места, чтобы записать справка/report.xlsx: освободите место или укажите другую папку (--out)'
    """
    path = Path(path)
    shown = readable(str(path))
    if getattr(error, "winerror", None) in (32, 33) or (replacing and isinstance(error, PermissionError)
                                                         and path.is_file() and os.access(path.parent, os.W_OK)):
        # Windows: a sharing violation; elsewhere: the folder is writable, so the file itself is held
        return CannotWrite(f"Файл {readable(path.name)} открыт в другой программе — закройте его и {again}")
    code = error.errno
    if code == errno.ENOSPC or code == getattr(errno, "EDQUOT", None):
        return CannotWrite(f"на диске нет места, чтобы записать {shown}: освободите место или укажите другую "
                           f"папку (--out)")
    if code == errno.EROFS:
        return CannotWrite(f"папка {readable(str(path.parent))} доступна только для чтения: укажите другую папку "
                           f"(--out)")
    if isinstance(error, PermissionError):
        return CannotWrite(f"нет права записи в {shown}: укажите другую папку (--out) или попросите доступ "
                           f"у администратора компьютера")
    if code in (errno.ENOTDIR, errno.EEXIST) or isinstance(error, (NotADirectoryError, FileExistsError)):
        return CannotWrite(f"не удалось создать папку для {shown}: на её месте уже есть файл; укажите другую "
                           f"папку (--out)")
    if code == errno.ENAMETOOLONG:
        return CannotWrite(f"слишком длинный путь: {shown}; укажите папку ближе к корню диска")
    reason = error.strerror or error.__class__.__name__
    return CannotWrite(f"не удалось записать {shown} ({reason}); проверьте папку и {again}")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(target: Path, again: str | None = None):
    """Yield a temporary path beside ``target``; on success it replaces ``target`` in one step.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_path(folder / "a.txt") as tmp:
    ...     _ = tmp.write_text("готово", encoding="utf-8")
    >>> (folder / "a.txt").read_text(encoding="utf-8")
    'готово'
    """
    target = Path(target)
    again = again or _again.get()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix, dir=target.parent)
        os.close(handle)
        # mkstemp makes the file private (0600); a report is an ordinary file, as readable as the umask allows
        os.chmod(name, 0o666 & ~_umask())
    except OSError as error:
        raise cannot_write(error, target, again) from error
    temporary = Path(name)
    pending = _pending.get()
    try:
        try:
            yield temporary
        except OSError as error:  # writing the temporary file: a full disk, a quota
            raise cannot_write(error, target, again) from error
        if pending is None:
            _commit([(temporary, target)], again)
        else:
            pending.append((temporary, target))
        temporary = None  # renamed, or the block renames or removes it
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)


@contextmanager
def together(again: str = AGAIN):
    """Files written with :func:`atomic_path` or :func:`write_text` inside the block replace
    their targets only when the whole block succeeds, and then all of them or none; on an
    exception none is replaced and every temporary file is removed.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = write_text(folder / "a.txt", "старый")
    >>> try:
    ...     with together():
    ...         _ = write_text(folder / "a.txt", "новый")
    ...         raise RuntimeError("сбой при записи второго файла")
    ... except RuntimeError:
    ...     pass
    >>> (folder / "a.txt").read_text(encoding="utf-8"), sorted(p.name for p in folder.iterdir())
    ('старый', ['a.txt'])
    """
    pending: list[tuple[Path, Path]] = []
    token, told = _pending.set(pending), _again.set(again)
    try:
        yield
    except BaseException:
        for temporary, _ in pending:
            temporary.unlink(missing_ok=True)
        raise
    finally:
        _pending.reset(token)
        _again.reset(told)
    _commit(pending, again)


def _commit(pending: list[tuple[Path, Path]], again: str) -> None:
    """Put every new file in place, or — if any rename fails — leave every previous file as it was."""
    mark = secrets.token_hex(4)
    aside: list[tuple[Path, Path]] = []  # (target, where its previous file waits)
    placed: list[Path] = []
    current = pending[0][1] if pending else Path()
    try:
        for _, current in pending:
            if os.path.lexists(current):
                backup = current.with_name(f".{current.name}.{mark}.old")
                os.replace(current, backup)  # Windows refuses while another program holds the file
                aside.append((current, backup))
        for temporary, current in pending:
            os.replace(temporary, current)
            placed.append(current)
    except BaseException as error:
        for target in placed:
            target.unlink(missing_ok=True)
        for target, backup in reversed(aside):
            os.replace(backup, target)
        for temporary, _ in pending:
            temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise cannot_write(error, current, again, replacing=True) from error
        raise
    for _, backup in aside:
        try:
            backup.unlink()
        except OSError:  # the new report is complete; a leftover copy of the old file harms nothing
            pass


def write_text(target: Path, text: str, encoding: str = "utf-8", again: str | None = None) -> Path:
    """Write a text file atomically; ``\\n`` line ends on every system.

    A file name the file system could not decode, wherever it was quoted, is written readably
    instead of failing the whole report.
    """
    with atomic_path(target, again) as temporary:
        with open(temporary, "w", encoding=encoding, newline="") as stream:
            stream.write(readable(text))
    return target


def make_folder(folder: Path, again: str | None = None) -> Path:
    """Create ``folder`` (and its parents) for output, or say in Russian why it cannot be."""
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise cannot_write(error, Path(folder) / "", again or _again.get()) from error
    return Path(folder)
