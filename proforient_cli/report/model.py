"""What the renderers are given: the results, what was received, the problems, the text answers."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timezone

from proforient_cli.compute.results import Results
from proforient_cli.compute.history import Period
from proforient_cli.methodology.model import Element, Methodology
from proforient_cli.core.organization import Organization
from proforient_cli.intake.submission import Checked
from proforient_cli.intake.problems import Problem


@dataclass(frozen=True)
class FileOutcome:
    """One input file: whose it was and whether it went into the computation."""

    file: str
    organization: Organization | None
    counted: bool
    reason: str = ""  # why it was excluded, in Russian
    problems: int = 0
    filled_by: str = ""  # «Ответственный за заполнение», as the template's title block names them
    phone: str = ""  # «Контактный телефон»


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
    conclusions: str = ""  # the methodist's own «Выводы и рекомендации», placed as written
    executor: str = ""  # «Исполнитель»: name, position, telephone, as given
    checked: tuple[Checked, ...] = ()  # every file read, as checked: what --feedback sends back
    feedback: bool = False  # --feedback: a page for each organization, its file back «на доработку»

    @property
    def previous(self) -> Period | None:
        """The period the changes are shown against: the latest of the earlier ones."""
        return self.earlier[-1] if self.earlier else None


# -- building the report's parts from what intake and compute hand on --------------------------------


def intake_of(checked: list[Checked], unreadable: list[Problem], roster: list[Organization] | None) -> Intake:
    """Received against expected, file by file."""
    outcomes = [FileOutcome(p.file, None, False, p.text, 1) for p in unreadable]
    for item in checked:
        reason = next((p.text for p in item.problems if p.excludes_file), "") if item.excluded else ""
        title = item.submission.title
        outcomes.append(FileOutcome(item.submission.file, item.organization, not item.excluded, reason,
                                    len(item.problems), title.get("filled_by", ""), title.get("phone", "")))
    outcomes.sort(key=lambda o: o.file.casefold())
    if roster is None:
        return Intake(tuple(outcomes))
    received = {c.organization.code for c in checked}
    expected = {o.code for o in roster}
    missing = tuple(sorted((o for o in roster if o.code not in received), key=lambda o: o.sort_key))
    unexpected = tuple(sorted((c.organization for c in checked if not c.excluded and c.organization.code not in expected),
                              key=lambda o: o.sort_key))
    return Intake(tuple(outcomes), tuple(roster), missing, unexpected)


def text_questions(methodology: Methodology, checked: list[Checked],
                   organizations: tuple[Organization, ...]) -> tuple[TextQuestion, ...]:
    """The text answers by question, organizations in alphabetical order."""
    by_code = {c.organization.code: c for c in checked if not c.excluded}
    questions = []
    for element in (e for e in methodology.elements if e.type == "text"):
        answers = tuple(
            TextAnswer(org, by_code[org.code].values[element.id])
            for org in organizations
            if isinstance(by_code[org.code].values.get(element.id), str) and by_code[org.code].values[element.id].strip()
        )
        questions.append(TextQuestion(element, answers))
    return tuple(questions)


def municipality_of(organizations) -> str:
    """The municipality most organizations name (the roster's or the templates' «Муниципалитет»)."""
    names = [o.municipality for o in organizations if o.municipality]
    return max(sorted(set(names)), key=names.count) if names else ""


def report_time() -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set, so that a report can be reproduced byte for byte."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).replace(tzinfo=None)
    return datetime.now()
