"""Read ``indicators.yaml``: build the :class:`Methodology` and check it, collecting every finding.

The structure (keys, value kinds, ids, expressions) is checked while building
(:mod:`~proforient_cli.methodology.build`); the cross-references between the parts afterwards
(:mod:`~proforient_cli.methodology.crosscheck`).
"""

from __future__ import annotations

import os
from pathlib import Path

from proforient_cli.core.errors import CannotStart
from proforient_cli.core.resources import resolve_methodology
from proforient_cli.methodology.build import Builder
from proforient_cli.methodology.crosscheck import check_semantics
from proforient_cli.methodology.diagnostics import ERROR, Diagnostic, MethodologyError
from proforient_cli.methodology.model import Methodology
from proforient_cli.methodology.yaml_nodes import Pos


def read_methodology(path: str | Path) -> tuple[Methodology | None, list[Diagnostic]]:
    """Read and check a methodology file; return it (None if it cannot be built) and all findings.

    Raises ``OSError`` when the file cannot be read at all (no such file, no permission, a
    directory); everything wrong inside the file is a :class:`Diagnostic`.

    Example::

        methodology, diagnostics = read_methodology("indicators.yaml")
        for diagnostic in diagnostics:
            print(diagnostic.as_text())  # indicators.yaml:42:7: ошибка E104: …
    """
    path = Path(path)
    data = path.read_bytes()
    builder = Builder(str(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        builder.report("E100", _byte_pos(data, error.start), _encoding_message(data))
        return None, builder.diagnostics
    methodology = builder.build(text, path)
    diagnostics = builder.diagnostics
    if methodology is not None:
        diagnostics = diagnostics + check_semantics(methodology, str(path), builder.places)
    diagnostics.sort(key=lambda d: (d.line, d.column, d.code))
    return methodology, diagnostics


def load_methodology(path: str | Path) -> Methodology:
    """The methodology of a valid file; raises :class:`MethodologyError` listing the errors."""
    methodology, diagnostics = read_methodology(path)
    if methodology is None or any(d.severity == ERROR for d in diagnostics):
        raise MethodologyError(diagnostics, str(path))
    return methodology


def _byte_pos(data: bytes, offset: int) -> Pos:
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Pos(data.count(b"\n", 0, offset) + 1, column)


def _encoding_message(data: bytes) -> str:
    try:
        data.decode("cp1251")
        guess = " (похоже, в Windows-1251)"
    except UnicodeDecodeError:
        guess = ""
    return (f"файл сохранён не в кодировке UTF-8{guess}; сохраните его в UTF-8 "
            f"(в Блокноте: «Сохранить как» → «Кодировка: UTF-8»)")


def methodology_of(methodology: Methodology | str | os.PathLike | None) -> Methodology:
    """The methodology given, loaded from a path, or the one :func:`resolve_methodology` finds."""
    if isinstance(methodology, Methodology):
        return methodology
    path = resolve_methodology(methodology)
    try:
        return load_methodology(path)
    except FileNotFoundError:
        raise CannotStart(f"файл методики не найден: {path}") from None
    except OSError as error:
        raise CannotStart(f"не удалось прочитать файл методики {path}: {error.strerror or error}") from None
