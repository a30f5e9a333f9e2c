"""What was received, settled: one file per organization, and the period the templates agree on."""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime
from pathlib import Path

from proforient_cli.intake.problems import Problem
from proforient_cli.intake.submission import Checked


def settle_duplicates(checked: list[Checked]) -> list[Checked]:
    """Keep one file per organization: the one changed last (a school's correction comes later).

    The others are excluded with a problem that names the file used and why, and only that one:
    the problems of a file that was replaced are not the organization's any more.
    """
    by_code: dict[str, list[Checked]] = {}
    for item in checked:
        if not item.excluded:
            by_code.setdefault(item.organization.code, []).append(item)
    replaced: dict[int, Checked] = {}
    for code, items in by_code.items():
        if len(items) < 2:
            continue
        ordered = sorted(items, key=lambda c: (_modified(c.submission.path), c.submission.file))
        kept = ordered[-1]
        when = datetime.fromtimestamp(_modified(kept.submission.path)).strftime("%d.%m.%Y %H:%M")
        for item in ordered[:-1]:
            problem = Problem(
                "duplicate-organization", item.submission.file, element=item.organization.name or code,
                found=f"в расчёт взят файл «{kept.submission.file}» как изменённый позже ({when}), "
                      f"этот файл исключён",
            )
            # its own cells' problems no longer matter: the file that replaced it is the one checked
            replaced[id(item)] = dataclasses.replace(item, excluded=True, problems=(problem,))
    return [replaced.get(id(item), item) for item in checked]


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def template_period(checked: list[Checked]) -> str | None:
    """The period the counted templates were issued for («2024»): the one most of them name, when
    more name it than any other; None when they name none or split evenly."""
    periods = [c.submission.meta.get("period", "").strip() for c in checked if not c.excluded]
    counts: dict[str, int] = {}
    for period in filter(None, periods):
        counts[period] = counts.get(period, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def mark_other_periods(checked: list[Checked], period: str | None) -> list[Checked]:
    """A remark on each counted file filled on the template of another period than the run's
    (last year's form sent again): it still counts, and the report names both periods."""
    if not period:
        return checked
    marked = []
    for item in checked:
        own = item.submission.meta.get("period", "").strip()
        if own and not item.excluded and not same_period(own, period):
            problem = Problem("other-period", item.submission.file, found=own, expected=period)
            item = dataclasses.replace(item, problems=item.problems + (problem,))
        marked.append(item)
    return marked


def same_period(a: str, b: str) -> bool:
    """«2023/2024» and «2023/2024 учебный год» are one period; «2023» and «2024» are two.

    >>> same_period("2023/2024", "2023/2024 учебный год"), same_period("2023", "2024")
    (True, False)
    """
    return (_YEARS.findall(a) or [" ".join(a.split())]) == (_YEARS.findall(b) or [" ".join(b.split())])


_YEARS = re.compile(r"(?<!\d)\d{4}(?!\d)")
