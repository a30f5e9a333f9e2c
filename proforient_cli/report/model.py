"""What the renderers are given: the results, what was received, the problems, the text answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from proforient_cli.compute.evaluate import Results
from proforient_cli.compute.history import Period
from proforient_cli.methodology.model import Element, Methodology
from proforient_cli.core.organization import Organization
from proforient_cli.intake.problems import Problem


@dataclass(frozen=True)
class FileOutcome:
    """One input file: whose it was and whether it went into the computation."""

    file: str
    organization: Organization | None
    counted: bool
    reason: str = ""  # why it was excluded, in Russian
    problems: int = 0


@dataclass(frozen=True)
class Intake:
    """Received against expected; ``expected`` is None when no roster was given."""

    files: tuple[FileOutcome, ...]
    expected: tuple[Organization, ...] | None = None
    missing: tuple[Organization, ...] = ()  # in the roster, no file received
    unexpected: tuple[Organization, ...] = ()  # counted, not in the roster

    @property
    def counted(self) -> int:
        return sum(f.counted for f in self.files)

    @property
    def excluded(self) -> tuple[FileOutcome, ...]:
        return tuple(f for f in self.files if not f.counted)


@dataclass(frozen=True)
class TextAnswer:
    organization: Organization
    text: str


@dataclass(frozen=True)
class TextQuestion:
    element: Element
    answers: tuple[TextAnswer, ...]  # alphabetical by organization


@dataclass(frozen=True)
class Report:
    methodology: Methodology
    results: Results
    intake: Intake
    problems: tuple[Problem, ...]
    text_questions: tuple[TextQuestion, ...]
    period: str
    generated: datetime
    earlier: tuple[Period, ...] = ()  # earlier periods to compare with, oldest first
    raw_period: str = ""  # the period as given («2024»), kept in run.json for later runs
    municipality: str = ""  # whose report it is; a roll-up names its rows after it
    level: str = "organization"  # what the rows of the tables are: organizations or municipalities

    @property
    def previous(self) -> Period | None:
        """The period the changes are shown against: the latest of the earlier ones."""
        return self.earlier[-1] if self.earlier else None

    def problems_by_file(self) -> list[tuple[str, list[Problem]]]:
        """Problems grouped by file, files in alphabetical order, problems in reading order."""
        groups: dict[str, list[Problem]] = {}
        for problem in self.problems:
            groups.setdefault(problem.file, []).append(problem)
        return sorted(groups.items(), key=lambda item: item[0].casefold())
