"""The analysis of §11 of the procedure: positive results and results that need attention, for
the municipality and for each organization — stated as facts, never as a ranking (§12).

A change is a positive or a negative result only where the methodology says which direction is
better (``better: higher`` or ``lower``); the municipal change is the one over the comparable set
of organizations (those that reported the indicator in both periods), so that a school that sent
nothing makes no indicator fall. A target met or missed is a result too. Where a comparison could
not be made, :attr:`Analysis.limits` says which and why.

Organizations are taken in alphabetical order; nothing here sorts by value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from proforient_cli.compute.history import Change, Period
from proforient_cli.compute.results import Results
from proforient_cli.core import formatting
from proforient_cli.report.texts import change as change_text, is_presence, value_change

HIGHER, LOWER = "higher", "lower"


@dataclass(frozen=True)
class OrganizationFacts:
    """What the analysis says about one organization; only what is there to say."""

    name: str
    improved: tuple[str, ...] = ()  # «2.1 (+2,3 п.п.)»
    declined: tuple[str, ...] = ()
    missed: tuple[str, ...] = ()  # its own target missed: «4.2 (2 раза при цели не менее 3 раз)»
    blank: tuple[str, ...] = ()  # indicators it left without data: «3.1»

    @property
    def items(self) -> tuple[tuple[str, str], ...]:
        """(what, which indicators) for each kind of fact it has, in a fixed order."""
        kinds = (("улучшились показатели", self.improved), ("снизились показатели", self.declined),
                 ("не достигнуты целевые значения", self.missed), ("не представлены данные", self.blank))
        return tuple((what, "; ".join(which)) for what, which in kinds if which)


@dataclass(frozen=True)
class Analysis:
    positive: tuple[str, ...]  # «2.1. Доля …: рост на 2,3 п.п. (с 45,2 % до 47,5 %) …»
    attention: tuple[str, ...]
    organizations: tuple[OrganizationFacts, ...]  # alphabetical; those with nothing to say left out
    limits: tuple[str, ...]  # which comparisons could not be made, and why
    improved: int = 0  # municipal indicators with a positive change
    declined: int = 0
    targets_met: int = 0
    targets_set: int = 0  # indicators with a municipal target judged
    missed_numbers: tuple[str, ...] = ()  # the numbers of the indicators whose target was missed


def direction(better: str, delta: float | None) -> int:
    """+1 for a change in the better direction, −1 against it, 0 for none or no direction.

    >>> direction("higher", 2.5), direction("lower", 2.5), direction("", 2.5), direction("higher", 0.0)
    (1, -1, 0, 0)
    """
    if delta is None or not better or abs(delta) < 1e-9:
        return 0
    return 1 if (delta > 0) == (better == HIGHER) else -1


def analyse(results: Results, lines: Sequence, previous: Period | None,
            comparable: dict[str, Change], previous_words: str,
            noun: formatting.Noun = formatting.ORGANIZATION) -> Analysis:
    """The analysis of ``lines`` (the report's indicator lines: ``key``, ``number``, ``title``,
    ``indicator``, ``total``, ``target``, ``verdict``).

    ``comparable`` maps a result key to its total change over the comparable set;
    ``previous_words`` names the previous period («с 2023 г.»); ``noun`` is the rows' word
    («организации», a school's «подразделения», a region's «муниципалитеты»).
    """
    positive, attention, missed_numbers = [], [], []
    improved = declined = met = judged = 0
    for line in lines:
        unit = "" if line.indicator.kind == "count" else line.indicator.display_unit  # a count is of organizations
        head = f"{line.number}. {line.own_title or line.title}"  # a part stands alone here: its own title
        if line.total is not None and line.total.value is None and line.total.applicable:
            attention.append(f"{head}: нет данных {noun.from_none}")
        found = comparable.get(line.key)
        if found is not None and found.change is not None:
            sense = direction(line.indicator.better, found.change)
            if sense and line.total is not None and is_presence(line.indicator, line.total.covered):
                text = (f"{head}: по сравнению {previous_words} было «{'да' if found.previous else 'нет'}», "
                        f"стало «{'да' if found.value else 'нет'}»")
            elif sense:
                difference = (value_change(line.indicator, found.value, found.previous, noun=noun)
                              if line.indicator.kind == "count" else delta(found.value, found.previous, unit))
                text = (f"{head}: {'рост' if found.change > 0 else 'снижение'} по сравнению {previous_words} "
                        f"{_from_to(found.previous, found.value, unit, line.indicator.kind == 'count', noun)} "
                        f"({difference}){_circle(found.organizations, noun)}")
            if sense:
                (positive if sense > 0 else attention).append(text)
                improved += sense > 0
                declined += sense < 0
        target = results.targets.get(line.key)
        if target is None or not line.verdict or line.verdict == formatting.NO_DATA:
            continue
        if target.per_organization:
            judged_here = [m for m in results.column(line.key).target_met if m is not None]
            if judged_here and all(judged_here):
                positive.append(f"{head}: целевое значение ({line.target}) {line.verdict}")
            elif judged_here:
                attention.append(f"{head}: целевое значение ({line.target}) {line.verdict}")
            continue
        judged += 1
        if results.total(line.key).target_met:
            met += 1
            # «выполнено» for a yes/no item (the value is its «да»), «достигнуто, 230 чел.» for a number
            positive.append(f"{head}: целевое значение ({line.target}) {line.verdict}"
                            + (f", {line.value}" if line.verdict == "достигнуто" else ""))
        else:
            missed_numbers.append(line.number)
            attention.append(f"{head}: целевое значение ({line.target}) {line.verdict}")
    return Analysis(
        positive=tuple(positive),
        attention=tuple(attention),
        organizations=organization_facts(results, lines, previous, noun),
        limits=_limits(results, lines, previous, comparable, noun),
        improved=improved, declined=declined, targets_met=met, targets_set=judged,
        missed_numbers=tuple(missed_numbers),
    )


def organization_facts(results: Results, lines: Sequence, previous: Period | None,
                       noun: formatting.Noun = formatting.ORGANIZATION) -> tuple[OrganizationFacts, ...]:
    """For each organization, alphabetically: where it improved or declined against its own
    previous period, missed its own target, or left an indicator that concerns it without data."""
    facts = {org.code: {"improved": [], "declined": [], "missed": [], "blank": []} for org in results.organizations}
    for line in lines:
        column = results.column(line.key)
        unit, better = line.indicator.display_unit, line.indicator.better
        for org, value, applicable, met, denominator in zip(results.organizations, column.value, column.applicable,
                                                            column.target_met, column.denominator):
            if not applicable:
                continue
            mine = facts[org.code]
            if value is None:
                if denominator != 0:  # 0 of 0 (a school with no grade 11) is no share, not a blank
                    mine["blank"].append(line.number)
                continue
            if met is False:
                target = results.targets[line.key]
                if line.indicator.kind == "count":  # its own flag or condition: «нет» where «да» is asked
                    goal = formatting.count_target(target.at_least, target.at_most, per_organization=True, noun=noun)
                    mine["missed"].append(f"{line.number} («нет» при цели «{goal}»)")
                else:
                    mine["missed"].append(f"{line.number} ({formatting.with_unit(value, unit)} при цели "
                                          f"{formatting.target(target.at_least, target.at_most, unit)})")
            if previous is not None and better:
                earlier = previous.of(org.code, line.key)
                sense = direction(better, None if earlier is None else value - earlier)
                if sense and line.indicator.kind == "count":  # its own flag or condition: «да» or «нет»
                    mine["improved" if sense > 0 else "declined"].append(
                        f"{line.number} (было «{'да' if earlier else 'нет'}», стало «{'да' if value else 'нет'}»)")
                elif sense:
                    mine["improved" if sense > 0 else "declined"].append(f"{line.number} ({delta(value, earlier, unit)})")
    out = []
    for org in results.organizations:
        mine = facts[org.code]
        if any(mine.values()):
            out.append(OrganizationFacts(formatting.nested_quotes(org.name), *(tuple(mine[k]) for k in
                                                                                 ("improved", "declined", "missed", "blank"))))
    return tuple(out)


def _limits(results: Results, lines: Sequence, previous: Period | None, comparable: dict[str, Change],
            noun: formatting.Noun) -> tuple[str, ...]:
    limits = []
    if previous is None:
        limits.append("Сравнение с прошлым периодом не проводилось: данные прошлого периода при расчёте "
                      "не использовались, поэтому положительная и отрицательная динамика не оценивалась.")
    else:
        undirected = [line.number for line in lines if not line.indicator.better]
        if undirected:
            limits.append(f"Для показателей {', '.join(undirected)} методика не указывает, какое изменение "
                          f"считать положительным: их изменения приведены в таблицах без оценки.")
        uncompared = [line.number for line in lines if line.indicator.better and (
            comparable.get(line.key) is None or comparable[line.key].change is None)]
        if uncompared:
            limits.append(f"По показателям {', '.join(uncompared)} изменение по сопоставимому кругу "
                          f"{noun.many} рассчитать не удалось (нет данных за один из периодов).")
    if not any(results.targets.get(line.key) is not None for line in lines):
        limits.append("Целевые значения показателей в методике не установлены: их достижение не оценивалось.")
    return tuple(limits)


def delta(current: float, earlier: float, unit: str) -> str:
    """A change in one parenthesis: «+2,3 п.п.», «+20 чел., +25 %», «−1 ед.» from nothing.

    >>> delta(47.5, 45.2, "%"), delta(120, 96, "чел."), delta(0, 1, "ед.")
    ('+2,3\xa0п.п.', '+24\xa0чел., +25\xa0%', '−1\xa0ед., −100\xa0%')
    """
    return change_text(current, earlier, unit).replace(" (", ", ").rstrip(")")


def _from_to(before: float | None, after: float | None, unit: str, organizations: bool = False,
             noun: formatting.Noun = formatting.ORGANIZATION) -> str:
    """«с 362 чел. до 382 чел.»; for a count of organizations «с 3 до 5 организаций»."""
    if organizations:
        return f"с {formatting.number(before)} до {formatting.out_of(int(after), noun).removeprefix('из ')}"
    return f"с {formatting.with_unit(before, unit)} до {formatting.with_unit(after, unit)}"


def _circle(count: int | None, noun: formatting.Noun) -> str:
    """« по сопоставимому кругу (3 организации)»."""
    if count is None:
        return ""
    return f" по сопоставимому кругу ({count} {noun.agree(count)})"
