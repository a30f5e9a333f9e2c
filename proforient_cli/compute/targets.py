"""Whether a value meets its target: the one place a target is judged.

A target is set either for the municipality (the total) or for each organization
(``per: organization``); it is judged only at the level it is set for, and nowhere else.
The report states the verdicts; it never compares a value with a target itself.
"""

from __future__ import annotations

from proforient_cli.compute.results import ORGANIZATION
from proforient_cli.methodology.model import Target


def judged_at(target: Target | None, level: str) -> bool:
    """Whether ``target`` is judged at ``level`` (``organization`` or ``total``)."""
    return target is not None and target.per_organization == (level == ORGANIZATION)


def judge(target: Target | None, value: float | None, level: str) -> bool | None:
    """True or False; None when there is no target at this level or no value to judge.

    >>> minimum = Target(at_least=200.0)
    >>> judge(minimum, 180.0, "total"), judge(minimum, 200.0, "total"), judge(minimum, None, "total")
    (False, True, None)
    >>> judge(minimum, 180.0, "organization") is None  # set for the municipality, not for each school
    True
    """
    if not judged_at(target, level) or value is None or value != value:
        return None
    value = float(value)
    if target.at_least is not None and value < target.at_least:
        return False
    if target.at_most is not None and value > target.at_most:
        return False
    return True
