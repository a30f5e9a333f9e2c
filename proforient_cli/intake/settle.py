"""What was received, settled: one file per organization, and the period the templates agree on."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path

from proforient_cli.intake.problems import Problem
from proforient_cli.intake.submission import Checked


def settle_duplicates(checked: list[Checked]) -> list[Checked]:
    """Keep one file per organization: the one changed last (a school's correction comes later).

    The others are excluded with a problem that names the file used and why.
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
            replaced[id(item)] = dataclasses.replace(item, excluded=True, problems=item.problems + (problem,))
    return [replaced.get(id(item), item) for item in checked]


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def template_period(checked: list[Checked]) -> str | None:
    """The period the counted templates were issued for («2024»), when they all agree."""
    periods = {c.submission.meta.get("period", "").strip() for c in checked if not c.excluded} - {""}
    return periods.pop() if len(periods) == 1 else None
