"""The texts of one value: how a result reads («45,3 % (317 из 700)», «4 из 5 организаций»,
«да»), its target and verdict, its change against an earlier period.

Every output file gets these texts through the view (:mod:`proforient_cli.report.view`); the
analysis (:mod:`proforient_cli.report.analysis`) words its facts with them too.
"""

from __future__ import annotations

from proforient_cli.compute.results import IndicatorValue, Results
from proforient_cli.core import formatting
from proforient_cli.methodology.describe import target_text
from proforient_cli.methodology.model import Indicator


def value_text(value: IndicatorValue, organization: bool = False, noun: formatting.Noun = formatting.ORGANIZATION) -> str:
    """«45,3 % (317 из 700)» for a share, «12 ед.» otherwise, «нет данных» when there is none.

    A ``count`` is a number of organizations: «4 из 5 организаций», with its base; for one
    organization, or where a single organization answers (the department's own «Наличие
    муниципальной программы»), it is whether the flag or condition holds: «да» or «нет».
    """
    indicator = value.indicator
    if indicator.kind == "count" and value.value is not None:
        if organization or is_presence(indicator, value.covered):
            return "да" if value.value else "нет"
        return f"{formatting.number(value.value)} {formatting.out_of(value.covered, noun)}"
    if indicator.kind == "share":
        return formatting.share(value.value, value.numerator, value.denominator)
    return formatting.with_unit(value.value, indicator.display_unit)


def is_presence(indicator: Indicator, covered: int) -> bool:
    """Whether a count of organizations reads as one yes/no answer: one organization answers it
    (the department's own «Наличие муниципальной программы») and the document does not word it as
    a number («Количество ДОО, реализующих …» stays «1 из 1 организации»)."""
    return covered <= 1 and not indicator.title.lstrip().casefold().startswith("количество")


def target_texts(results: Results, key: str, noun: formatting.Noun = formatting.ORGANIZATION) -> tuple[str, str]:
    """The target in force («не менее 200 чел.») and the verdict: «достигнуто»,
    «не достигнуто: 180 из 200 чел.», or for a target per organization «достигнуто в 3 из 5 организаций».

    ``key`` is the indicator's id, or «id[category]» for one category of a breakdown. The verdicts
    themselves were judged by :func:`proforient_cli.compute.targets.judge`.
    """
    indicator = results.methodology.indicator(key)
    target = results.targets.get(key)
    if target is None:
        return _not_in_force(indicator, noun)
    unit = indicator.display_unit
    if indicator.kind == "count":
        return _count_target_texts(results, key, target, noun)
    text = formatting.target(target.at_least, target.at_most, unit)
    if target.per_organization:
        judged = [met for met in results.column(key).target_met if met is not None]
        text = f"{text} {noun.each}"
        if not judged:
            return text, formatting.NO_DATA
        return text, f"достигнуто {formatting.of_organizations(sum(judged), len(judged), 'в', noun)}"
    total = results.total(key)
    if total.target_met is None:
        return text, formatting.NO_DATA
    if total.target_met:
        return text, "достигнуто"
    return text, f"не достигнуто: {shortfall(total.value, target.at_least, target.at_most, unit)}"


NOT_JUDGED_NOW = "в отчётном периоде не оценивается"


def _not_in_force(indicator: Indicator, noun: formatting.Noun) -> tuple[str, str]:
    """A roadmap's goal set for other years only («нарастающим итогом, не менее 50 человек» by the
    last year): the goals and their years, not judged now; nothing without any goal."""
    if indicator.target is None or not indicator.target.by_period:
        return "", ""
    return target_text(indicator, noun), NOT_JUDGED_NOW


def _count_target_texts(results: Results, key: str, target, noun: formatting.Noun) -> tuple[str, str]:
    """A count of organizations: its target in the documents' words, and the verdict."""
    presence = target.at_least == 1 and target.at_most is None
    if target.per_organization:
        judged = [met for met in results.column(key).target_met if met is not None]
        text = formatting.count_target(target.at_least, target.at_most, per_organization=True, noun=noun)
        if not judged:
            return text, formatting.NO_DATA
        word = "выполнено" if presence else "достигнуто"
        return text, f"{word} {formatting.of_organizations(sum(judged), len(judged), 'в', noun)}"
    total = results.total(key)
    single = is_presence(results.methodology.indicator(key), total.covered)
    text = formatting.count_target(target.at_least, target.at_most, single=single, noun=noun)
    if total.target_met is None:
        return text, formatting.NO_DATA
    if presence and single:
        return text, "выполнено" if total.target_met else "не выполнено"
    if total.target_met:
        return text, "достигнуто"
    return text, f"не достигнуто: {formatting.in_organizations(total.value, noun)}"


def shortfall(value: float, at_least: float | None, at_most: float | None, unit: str) -> str:
    """«180 из 200 чел.» when short of a minimum; «7 ед. при цели не более 5 ед.» otherwise.

    >>> shortfall(180, 200, None, "чел.")
    '180 из 200\xa0чел.'
    """
    if at_least is not None and value < at_least and unit != "%":
        return f"{formatting.number(value)} из {formatting.with_unit(at_least, unit)}"
    return f"{formatting.with_unit(value, unit)} при цели {formatting.target(at_least, at_most, unit)}"


def change(current: float | None, earlier: float | None, unit: str) -> str:
    """«+2,3 п.п.» for a share, «+12 ед. (+5,1 %)» for a quantity, «без изменений», or "".

    >>> change(47.5, 45.2, "%"), change(120, 100, "чел."), change(5, 5, "ед.")
    ('+2,3\\xa0п.п.', '+20\\xa0чел. (+20\\xa0%)', 'без изменений')
    """
    if current is None or earlier is None or current != current:
        return ""
    delta = current - earlier
    if abs(delta) < 1e-9:
        return "без изменений"
    sign = "+" if delta > 0 else "−"
    if unit == "%":
        return f"{sign}{formatting.number(abs(delta), 1)}{formatting.NBSP}п.п."
    text = f"{sign}{formatting.with_unit(abs(delta), unit)}"
    if earlier:
        relative = abs(delta) / abs(earlier) * 100
        text += f" ({sign}{formatting.percent(relative)})"
    return text


def value_change(indicator: Indicator, current: float | None, earlier: float | None, presence: bool = False,
                 noun: formatting.Noun = formatting.ORGANIZATION) -> str:
    """The change of a value as its reader reads it: a yes/no answer (an organization's own count,
    or a ``presence`` item one organization answers) «было «нет»»; a number of organizations
    «+1 организация»; any other value as :func:`change`.

    >>> from proforient_cli.methodology.model import Indicator
    >>> plans = Indicator("plans", "Количество ОО с планом", "s", "count")
    >>> value_change(plans, 1.0, 0.0, presence=True), value_change(plans, 5.0, 3.0), value_change(plans, 3.0, 4.0)
    ('было «нет»', '+2\xa0организации', '−1\xa0организация')
    """
    if indicator.kind != "count":
        return change(current, earlier, indicator.display_unit)
    if current is None or earlier is None or current != current:
        return ""
    if abs(current - earlier) < 1e-9:
        return "без изменений"
    if presence:
        return f"было «{'да' if earlier else 'нет'}»"
    delta = current - earlier
    count = int(round(abs(delta)))
    return f"{'+' if delta > 0 else '−'}{count}{formatting.NBSP}{noun.agree(count)}"
