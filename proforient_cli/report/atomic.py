"""Writing output files so that a crash never leaves a half-written report behind.

Each file is written to a temporary file beside it and renamed over the old one in one step.
Inside :func:`together`, the renames wait until every file of the set is written, so that a
crash in the middle leaves the whole previous report — not a mix of old and new files.
"""

from __future__ import annotations

import contextvars
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from proforient_cli.core.filenames import readable

# The (temporary, target) pairs of the innermost `together` block; None outside any block.
_pending: contextvars.ContextVar[list[tuple[Path, Path]] | None] = contextvars.ContextVar(
    "proforient_atomic_pending", default=None)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


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
    # mkstemp makes the file private (0600); a report is an ordinary file, as readable as the umask allows
    os.chmod(name, 0o666 & ~_umask())
    temporary = Path(name)
    pending = _pending.get()
    try:
        yield temporary
        if pending is None:
            os.replace(temporary, target)
        else:
            pending.append((temporary, target))
            temporary = None  # the block renames it, or removes it
    finally:
        if temporary is not None and temporary.exists():
            temporary.unlink()


@contextmanager
def together():
    """Files written with :func:`atomic_path` or :func:`write_text` inside the block replace
    their targets only when the whole block succeeds; on an exception none is replaced and
    every temporary file is removed.

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
    token = _pending.set(pending)
    try:
        yield
    except BaseException:
        for temporary, _ in pending:
            temporary.unlink(missing_ok=True)
        raise
    finally:
        _pending.reset(token)
    # Renames are cheap and rarely fail; they happen last, one after another.
    for index, (temporary, target) in enumerate(pending):
        try:
            os.replace(temporary, target)
        except BaseException:
            for left, _ in pending[index:]:
                left.unlink(missing_ok=True)
            raise


def write_text(target: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write a text file atomically; ``\\n`` line ends on every system.

    A file name the file system could not decode, wherever it was quoted, is written readably
    instead of failing the whole report.
    """
    with atomic_path(target) as temporary:
        with open(temporary, "w", encoding=encoding, newline="") as stream:
            stream.write(readable(text))
    return target
