"""What the reader hands to the validator: one workbook's raw values and where they stand."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from proforient_cli.core.filenames import readable
from proforient_cli.core.organization import Organization
from proforient_cli.intake.problems import Problem


@dataclass(frozen=True)
class CellValue:
    """One row of the data table as typed by the school, before any checking."""

    code: str  # the «Код» cell, stripped
    value: object  # what the spreadsheet holds: str, float, int, bool, date or None for a blank
    sheet: str
    cell: str  # the address of the «Значение» cell, e.g. "D14"
    beside: tuple[str, object] | None = None  # a number typed right of a blank value cell: (address, value)


@dataclass(frozen=True)
class Submission:
    """One organization's filled template, read but not yet checked."""

    path: Path
    sheet: str  # the sheet holding the data table
    values: tuple[CellValue, ...]
    name: str = ""  # how messages name the file, when not by its own name: «район_2/Мониторинг.xlsx»
    title: dict[str, str] = field(default_factory=dict)  # layout.TITLE_FIELDS keys → text typed
    meta: dict[str, str] = field(default_factory=dict)  # the hidden sheet; empty if it was lost
    ignored_sheets: tuple[str, ...] = ()  # other sheets holding the table too («Данные (2)»): not read

    @property
    def file(self) -> str:
        """The file's name as its sender sees it, even when the file system could not decode it."""
        return readable(self.name or self.path.name)


@dataclass(frozen=True)
class Checked:
    """A submission after validation: whose it is, the values that count, and what was wrong.

    ``values`` maps every element id the organization reports to a float (counts, numbers;
    flags as 1.0 for «да» and 0.0 for «нет»), a str (text answers) or None (нет данных).
    ``excluded`` is True when the whole file is left out of the computation;
    ``excluded_indicators`` names indicators this organization is left out of
    (a share whose numerator exceeds its denominator).
    """

    submission: Submission
    organization: Organization
    values: dict[str, float | str | None]
    problems: tuple[Problem, ...] = ()
    excluded: bool = False
    excluded_indicators: frozenset[str] = frozenset()
