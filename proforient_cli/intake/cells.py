"""One cell as typed by a school → a value of the element's type, or the code of what is wrong.

Pure functions, no I/O. The rules follow what schools actually type and the Rosstat conventions
for statistical forms: a dash «—» is an explicit zero that must be confirmed, «х» and «…» mean
«нет данных». A blank is always «нет данных», never zero.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass

from proforient_cli.core.invisible import INVISIBLE
from proforient_cli.template.layout import NO, YES

EXPECTED = {
    "count": "целое число ≥ 0",
    "number": "число",
    "flag": f"«{YES}» или «{NO}»",
    "text": "текст",
}

_DASHES = frozenset("-‐‑‒–—―−")
_NO_DATA = frozenset({"...", "…", "..", "х", "x"})  # compared after casefold: Х, X too
_SPACES = " \u00a0\u202f\u2009"
HOURS_UNITS = ("ч", "ч.", "час", "часов", "часы")
_NUMERIC = ("count", "number")
_NUMBER = re.compile(
    r"^(?P<sign>[+\-−]?)"
    r"(?P<int>[0-9]+|[0-9]{1,3}(?:[" + _SPACES + r"][0-9]{3})+)?"
    r"(?:[.,](?P<frac>[0-9]+))?$"
)
_FOUND_LIMIT = 100


# Excel keeps its error values in English in the file; a Russian Excel shows them in Russian.
EXCEL_ERRORS = {
    "#DIV/0!": "#ДЕЛ/0!", "#VALUE!": "#ЗНАЧ!", "#REF!": "#ССЫЛКА!", "#N/A": "#Н/Д", "#NAME?": "#ИМЯ?",
    "#NUM!": "#ЧИСЛО!", "#NULL!": "#ПУСТО!", "#SPILL!": "#ПЕРЕНОС!", "#CALC!": "#ВЫЧИС!",
    "#GETTING_DATA": "#ПОЛУЧЕНИЕ_ДАННЫХ",
}
_ERROR_TEXTS = {**{k.casefold(): v for k, v in EXCEL_ERRORS.items()},
                **{v.casefold(): v for v in EXCEL_ERRORS.values()}}
_LIBREOFFICE_ERROR = re.compile(r"^(?:Err|Ошибка):\d{3}$")  # LibreOffice: «Err:502»


@dataclass(frozen=True)
class FormulaCell:
    """A formula cell the spreadsheet library reads as blank: its error value (``#DIV/0!``), or
    "" when the file holds no computed value at all (saved by a program that does not compute)."""

    error: str = ""

    @property
    def shown(self) -> str:
        """As a Russian Excel shows the error: «#ДЕЛ/0!»."""
        return EXCEL_ERRORS.get(self.error.upper(), self.error)


def excel_error(text: str) -> str | None:
    """The error value a cell's text is («#ДЕЛ/0!», «#DIV/0!», LibreOffice's «Err:502»), or None.

    >>> excel_error("#div/0!"), excel_error("#Н/Д"), excel_error("Err:502"), excel_error("12")
    ('#ДЕЛ/0!', '#Н/Д', 'Err:502', None)
    """
    text = text.strip()
    if text[:1] != "#" and not text.startswith(("Err:", "Ошибка:")):  # most texts: no error value
        return None
    if text.casefold() in _ERROR_TEXTS:
        return _ERROR_TEXTS[text.casefold()]
    return text if _LIBREOFFICE_ERROR.match(text) else None


@dataclass(frozen=True)
class Parsed:
    """The outcome of parsing one cell.

    ``value`` is a float (counts, numbers, flags as 1.0/0.0), a str (text) or None;
    ``code`` is None when the cell is fine, else a problem code of the catalogue;
    ``expected`` is what the element wants, in Russian, for the problem message.
    """

    value: float | str | None
    code: str | None
    expected: str


def parse_value(raw: object, element_type: str, unit: str = "") -> Parsed:
    """Interpret a raw cell value for an element of ``element_type`` (count, number, flag, text).

    Never raises for any ``raw``; an unknown ``element_type`` is a programming error (ValueError).

    >>> parse_value("1 234", "count")
    Parsed(value=1234.0, code=None, expected='целое число ≥ 0')
    >>> parse_value("12 чел.", "count").code
    'type-error'
    >>> parse_value("—", "count").code
    'dash-value'
    >>> parse_value(" Да. ", "flag").value
    1.0
    """
    expected = EXPECTED.get(element_type)
    if expected is None:
        raise ValueError(f"unknown element type {element_type!r}")
    if raw.__class__ is float and element_type in _NUMERIC:  # most cells: a number read as a float
        return _numeric(raw, element_type, expected)

    def result(value: float | str | None, code: str | None = None) -> Parsed:
        return Parsed(value, code, expected)

    if isinstance(raw, FormulaCell):
        return result(None, "formula-error" if raw.error else "formula-not-computed")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return result(None, "missing-value")
    if element_type == "text":
        return result(as_typed(raw, limit=None))
    if isinstance(raw, str) and excel_error(raw):
        return result(None, "formula-error")
    if isinstance(raw, str) and element_type != "text":
        raw = INVISIBLE.sub("", raw)
        if not raw.strip():
            return result(None, "missing-value")
    if isinstance(raw, (datetime.timedelta, datetime.time)) and element_type == "number" and unit in HOURS_UNITS:
        return result(_hours(raw))  # «36:00» typed into an hours cell: Excel keeps a duration
    if isinstance(raw, str):
        text = raw.strip()
        folded = text.casefold()
        if folded in _NO_DATA:
            return result(None, "missing-value")
        if element_type == "flag":
            flag = _flag(folded)
            return result(flag, None if flag is not None else "type-error")
        if all(char in _DASHES for char in text):
            return result(None, "dash-value")
        number = _number(text)
        if number is None:
            return result(None, "type-error")
        return _numeric(number, element_type, expected)
    if isinstance(raw, bool):
        if element_type == "flag":
            return result(1.0 if raw else 0.0)
        return result(None, "type-error")
    if isinstance(raw, (int, float)) and element_type != "flag":
        try:
            number = float(raw)
        except OverflowError:  # an int too large for a float
            return result(None, "type-error")
        return _numeric(number, element_type, expected)
    # dates, times, 1/0 in a flag (ambiguous), anything else
    return result(None, "type-error")


def _hours(raw: datetime.timedelta | datetime.time) -> float:
    if isinstance(raw, datetime.time):
        raw = datetime.timedelta(hours=raw.hour, minutes=raw.minute, seconds=raw.second)
    return raw.total_seconds() / 3600


def _flag(folded: str) -> float | None:
    word = folded.rstrip(".").strip()
    return {YES: 1.0, NO: 0.0}.get(word)


def _numeric(number: float, element_type: str, expected: str) -> Parsed:
    if not math.isfinite(number):
        return Parsed(None, "type-error", expected)
    if element_type == "count":
        if number < 0:
            return Parsed(None, "negative-value", expected)
        if number != int(number):
            return Parsed(None, "type-error", expected)
    return Parsed(number + 0.0, None, expected)  # + 0.0 turns -0.0 into 0.0


def _number(text: str) -> float | None:
    """«1 234», «12,5», «−3» → a float; anything else → None."""
    match = _NUMBER.match(text)
    if match is None or (match.group("int") is None and match.group("frac") is None):
        return None
    digits = re.sub(f"[{_SPACES}]", "", match.group("int") or "0")
    number = float(f"{digits}.{match.group('frac') or '0'}")
    return -number if match.group("sign") in ("-", "−") else number


def as_typed(raw: object, limit: int | None = _FOUND_LIMIT) -> str:
    """The value as the school sees it in a Russian spreadsheet: «12», «12,5», «ИСТИНА», «02.01.2024».

    Long text is cut to ``limit`` characters so that a pasted essay does not flood a report.

    >>> as_typed(12.0), as_typed(12.5), as_typed(" 12 чел. "), as_typed(None)
    ('12', '12,5', '12 чел.', '')
    """
    if raw is None:
        text = ""
    elif isinstance(raw, FormulaCell):
        text = raw.shown if raw.error else "формула без вычисленного значения"
    elif isinstance(raw, bool):
        text = "ИСТИНА" if raw else "ЛОЖЬ"
    elif isinstance(raw, int):
        text = str(raw) if abs(raw) < 10**30 else f"{raw:.6g}"
    elif isinstance(raw, float):
        text = format_number(raw)
    elif isinstance(raw, datetime.datetime):
        text = raw.strftime("%d.%m.%Y %H:%M") if (raw.hour, raw.minute, raw.second) != (0, 0, 0) else (
            raw.strftime("%d.%m.%Y"))
    elif isinstance(raw, datetime.date):
        text = raw.strftime("%d.%m.%Y")
    elif isinstance(raw, datetime.time):
        text = raw.strftime("%H:%M")
    elif isinstance(raw, datetime.timedelta):  # a duration, as Excel's «[ч]:мм» shows it: «36:00»
        minutes = round(raw.total_seconds() / 60)
        text = f"{'-' if minutes < 0 else ''}{abs(minutes) // 60}:{abs(minutes) % 60:02d}"
    elif isinstance(raw, str):
        text = raw.strip()
        if text[:1] == "#" or text.startswith(("Err:", "Ошибка:")):
            text = excel_error(text) or text
        if INVISIBLE.search(text):
            text = INVISIBLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)  # shown, not hidden
    else:
        try:
            text = str(raw).strip()
        except Exception:  # an object whose str() fails: describe it by its type
            text = type(raw).__name__
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def format_number(number: float) -> str:
    """A float as a Russian Excel shows it in a cell: 12.0 → «12», 12.5 → «12,5», and a huge
    number the way Excel's «Общий» format does, 4.07e19 → «4,07028E+19».

    >>> format_number(1234.0), format_number(0.1), format_number(-2.5), format_number(4.0702810900000012e19)
    ('1234', '0,1', '-2,5', '4,07028E+19')
    """
    if not math.isfinite(number):
        return "нет данных" if math.isnan(number) else ("∞" if number > 0 else "-∞")
    if number == int(number) and abs(number) < 1e15:
        return str(int(number))
    if abs(number) >= 1e15:
        return f"{number:.6G}".replace(".", ",")
    return repr(number).replace(".", ",")
