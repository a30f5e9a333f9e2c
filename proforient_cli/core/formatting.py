"""Numbers and words the Russian way: decimal comma, «%» after a space, agreeing nouns."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal

NBSP = "\u00a0"
NO_DATA = "нет данных"
_EXACT = Context(prec=400)  # more digits than a float ever has (1.8e308)
_MONTH_DATE = re.compile(r"\d{1,2}\s+[а-яё]+$", re.I)
_MONTHS = re.compile(r"(?:январь|февраль|март|апрель|май|июнь|июль|август|сентябрь|октябрь|ноябрь|декабрь)$", re.I)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value, decimals: int = 2) -> str:
    """A number with a decimal comma and non-breaking thousands spaces; «нет данных» for none.

    >>> number(1234.5), number(12.0), number(0.125, 2), number(None)
    ('1\\xa0234,5', '12', '0,13', 'нет данных')
    >>> len(number(1e308)) > 300  # implausible, yet never an error
    True
    """
    if _missing(value):
        return NO_DATA
    value = float(value)
    if not math.isfinite(value):
        return "∞" if value > 0 else "−∞"
    # Half up, as on a calculator: 0,125 → 0,13 (round() would give 0,12). The context holds every
    # digit of the largest float, so that no value a school can type makes the report fail.
    rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP, context=_EXACT)
    if rounded == rounded.to_integral_value():
        text = f"{int(rounded):,}"
    else:
        text = f"{rounded:,f}".rstrip("0").rstrip(".")
    return text.replace(",", NBSP).replace(".", ",")


def percent(value, decimals: int = 1) -> str:
    """«45,3 %» (non-breaking space before the sign).

    >>> percent(45.2857)
    '45,3\\xa0%'
    """
    if _missing(value):
        return NO_DATA
    return f"{number(value, decimals)}{NBSP}%"


def plural(count: int, one: str, few: str, many: str) -> str:
    """The noun form that agrees with a count: 1 файл, 2 файла, 5 файлов, 21 файл.

    >>> [plural(n, "файл", "файла", "файлов") for n in (1, 2, 5, 11, 21, 112)]
    ['файл', 'файла', 'файлов', 'файлов', 'файл', 'файлов']
    """
    count = abs(int(count))
    if count % 10 == 1 and count % 100 != 11:
        return one
    if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        return few
    return many


@dataclass(frozen=True)
class Noun:
    """The word for the units a report counts, in the forms its sentences need: the district's
    «организации», or the «подразделения» of a school's own self-report."""

    one: str  # 1 организация
    few: str  # 2 организации; also «все организации»
    many: str  # 5 организаций
    genitive: str  # из 1 организации, ни от одной организации
    prepositional: str  # в 1 организации
    prepositional_many: str  # в 3 организациях
    dative_many: str  # по организациям
    dative: str  # к организации
    each: str  # в каждой организации
    from_none: str  # ни от одной организации
    every: str  # каждая (организация сравнивается только со своими результатами)
    whole: str  # what the units make up, in the genitive: «муниципалитета» (показатели муниципалитета)

    def agree(self, count) -> str:
        """The nominative that agrees with a count: 1 организация, 2 организации, 5 организаций."""
        return plural(int(float(count)), self.one, self.few, self.many)


ORGANIZATION = Noun("организация", "организации", "организаций", "организации", "организации", "организациях",
                    "организациям", "организации", "в каждой организации", "ни от одной организации", "каждая",
                    "муниципалитета")
SUBDIVISION = Noun("подразделение", "подразделения", "подразделений", "подразделения", "подразделении",
                   "подразделениях", "подразделениям", "подразделению", "в каждом подразделении",
                   "ни от одного подразделения", "каждое", "организации")
MUNICIPALITY = Noun("муниципалитет", "муниципалитета", "муниципалитетов", "муниципалитета", "муниципалитете",
                    "муниципалитетах", "муниципалитетам", "муниципалитету", "в каждом муниципалитете",
                    "ни от одного муниципалитета", "каждый", "региона")
NOUNS = {"организации": ORGANIZATION, "подразделения": SUBDIVISION}  # the methodology's «report: units:»


def of_organizations(covered: int, total: int, preposition: str = "по", noun: Noun = ORGANIZATION) -> str:
    """«по 7 из 8 организаций»: after «из» the noun agrees with the total in the genitive.

    >>> of_organizations(1, 1), of_organizations(7, 21), of_organizations(2, 5, "в")
    ('по 1 из 1 организации', 'по 7 из 21 организации', 'в 2 из 5 организаций')
    >>> of_organizations(3, 4, noun=SUBDIVISION)
    'по 3 из 4 подразделений'
    """
    return f"{preposition} {covered} {out_of(total, noun)}"


def count_target(at_least, at_most, per_organization: bool = False, single: bool = False,
                 noun: Noun = ORGANIZATION) -> str:
    """A target of a count of organizations, as the documents word it: «обязательно в каждой
    организации» (a presence every organization must have), «обязательно» (where one organization
    answers), «не менее чем в 3 организациях».

    >>> count_target(1, None, per_organization=True), count_target(1, None, single=True), count_target(3, None)
    ('обязательно в каждой организации', 'обязательно', 'не менее чем в 3 организациях')
    """
    presence = at_least == 1 and at_most is None
    if per_organization:
        return f"обязательно {noun.each}" if presence else f"{target(at_least, at_most, '')} {noun.each}"
    if presence and single:
        return "обязательно"
    if at_least is not None and at_most is not None:
        return f"от {number(at_least)} до {number(at_most)} {noun.many}"
    if at_least is not None:
        return f"не менее чем {in_organizations(at_least, noun)}"
    return f"не более чем {in_organizations(at_most, noun)}"


def in_organizations(count, noun: Noun = ORGANIZATION) -> str:
    """«в 1 организации», «в 3 организациях», «в 21 организации» (the prepositional case).

    >>> in_organizations(1), in_organizations(3), in_organizations(21), in_organizations(11)
    ('в 1 организации', 'в 3 организациях', 'в 21 организации', 'в 11 организациях')
    """
    whole = int(float(count))
    word = noun.prepositional if whole % 10 == 1 and whole % 100 != 11 else noun.prepositional_many
    return f"в {number(count)} {word}"


def out_of(total: int, noun: Noun = ORGANIZATION) -> str:
    """«из 5 организаций», «из 21 организации»: the base of a count of organizations.

    >>> out_of(5), out_of(21), out_of(11), out_of(1, SUBDIVISION)
    ('из 5 организаций', 'из 21 организации', 'из 11 организаций', 'из 1 подразделения')
    """
    word = noun.genitive if total % 10 == 1 and total % 100 != 11 else noun.many
    return f"из {total} {word}"


TIMES = "раз"  # the unit of a frequency («3 раза в год»): it agrees with its number


def with_unit(value, unit: str) -> str:
    """A value followed by its unit: «12 ед.», «45,3 %», «3 раза», «5 раз».

    >>> with_unit(12, "ед."), with_unit(3, "раз"), with_unit(5, "раз"), with_unit(21, "раз")
    ('12\xa0ед.', '3\xa0раза', '5\xa0раз', '21\xa0раз')
    """
    if _missing(value):
        return NO_DATA
    if unit == "%":
        return percent(value)
    if unit == TIMES:
        return f"{number(value)}{NBSP}{_times(value, genitive=False)}"
    return f"{number(value)}{NBSP}{unit}" if unit else number(value)


def _times(value, genitive: bool) -> str:
    """«раз» agreeing with a number: 1 раз, 3 раза, 5 раз; after «не менее»: 1 раза, 3 раз."""
    if float(value) != int(float(value)):
        return "раза"
    count = int(float(value))
    if genitive:
        return "раза" if count % 10 == 1 and count % 100 != 11 else "раз"
    return plural(count, "раз", "раза", "раз")


def share(value, numerator, denominator) -> str:
    """«45,3 % (317 из 700)» — a share with what it was computed from.

    >>> share(45.2857, 317, 700)
    '45,3\\xa0% (317 из 700)'
    """
    if _missing(value):
        if not _missing(denominator) and denominator == 0:
            return f"{NO_DATA} (знаменатель равен 0)"
        return NO_DATA
    return f"{percent(value)} ({number(numerator)} из {number(denominator)})"


def target(at_least, at_most, unit: str) -> str:
    """«не менее 200 чел.», «не более 5 %», «от 1 до 3 ед.», «не менее 3 раз».

    >>> target(3, None, "раз"), target(1, None, "раз")
    ('не менее 3\xa0раз', 'не менее 1\xa0раза')
    """
    if unit == TIMES:  # «не менее», «не более», «до» take the genitive
        bound = at_most if at_least is None or at_most is not None else at_least
        unit = _times(bound, genitive=True)
    unit = f"{NBSP}{unit}" if unit and unit != "%" else (f"{NBSP}%" if unit == "%" else "")
    if at_least is not None and at_most is not None:
        return f"от {number(at_least)} до {number(at_most)}{unit}"
    if at_least is not None:
        return f"не менее {number(at_least)}{unit}"
    if at_most is not None:
        return f"не более {number(at_most)}{unit}"
    return ""


def period_text(methodology_period: str, period: str | None) -> str:
    """The reporting period as the title block shows it.

    >>> period_text("по состоянию на 31 мая", "2024")
    'по состоянию на 31 мая 2024 г.'
    >>> period_text("по состоянию на 31 мая", "2023/2024 учебный год")
    'по состоянию на 31 мая (2023/2024 учебный год)'
    >>> period_text("календарный год", "2024")
    'календарный год (2024)'
    >>> period_text("за октябрь – декабрь", "2023")
    'за октябрь – декабрь 2023 г.'
    """
    base = " ".join((methodology_period or "").split())
    period = " ".join((period or "").split())
    if not period:
        return base
    if not base:
        return f"{period} г." if re.fullmatch(r"\d{4}", period) else period
    if re.fullmatch(r"\d{4}", period) and (_MONTH_DATE.search(base) or _MONTHS.search(base)):
        return f"{base} {period} г."
    return f"{base} ({period})"


def nested_quotes(text: str) -> str:
    """Quotes inside quotes the Russian way: „лапки“ inside «ёлочек».

    >>> nested_quotes("МБДОУ «Детский сад «Солнышко»»")
    'МБДОУ «Детский сад „Солнышко“»'
    >>> nested_quotes("«Билет в будущее», «Проектория»")
    '«Билет в будущее», «Проектория»'
    """
    if text.count("«") < 2 or "«" not in text[text.index("«") + 1:]:
        return text
    out, depth = [], 0
    for char in text:
        if char == "«":
            out.append("«" if depth == 0 else "„")
            depth += 1
        elif char == "»" and depth > 0:
            depth -= 1
            out.append("»" if depth == 0 else "“")
        else:
            out.append(char)
    return "".join(out) if depth == 0 else text  # unbalanced: left as typed


def sentence(text: str) -> str:
    """A phrase ended with a full stop, unless it already ends with one («2024 г.»).

    >>> sentence("по состоянию на 31 мая 2024 г."), sentence("Заполните столбец «Значение»")
    ('по состоянию на 31 мая 2024 г.', 'Заполните столбец «Значение».')
    """
    text = str(text).rstrip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."
