"""Problems found in a methodology file: records with a stable code, a place and a Russian message.

The catalogue below is the single source of the codes: ``docs/generate.py`` writes it into
docs/methodology-format.md, and the tests check that every code is produced by some fault.
Codes are stable: a new one may be added, none is renumbered or changes its meaning.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass

from proforient_cli.core.errors import CannotStart

ERROR = "error"
WARNING = "warning"

# code: (severity, what it means — shown in the catalogue)
CATALOGUE: dict[str, tuple[str, str]] = {
    "E100": (ERROR, "Файл не читается как YAML: ошибка синтаксиса, кодировка не UTF-8, недопустимый символ"),
    "E101": (ERROR, "Неизвестный ключ верхнего уровня, пустой файл или файл не из ключей верхнего уровня"),
    "E102": (ERROR, "Не указан обязательный ключ (или обязательный список пуст)"),
    "E103": (ERROR, "Значение неверного вида (ожидалась строка, список, словарь или число)"),
    "E104": (ERROR, "Идентификатор повторяется"),
    "E105": (ERROR, "Идентификатор не в формате ASCII snake_case"),
    "E106": (ERROR, "Ссылка на неизвестный раздел"),
    "E107": (ERROR, "Ссылка на неизвестный элемент или показатель"),
    "E108": (ERROR, "У показателя не указан способ расчёта"),
    "E109": (ERROR, "У показателя указано больше одного способа расчёта"),
    "E110": (ERROR, "Расчёт по элементу неподходящего вида: доля или сумма по «да/нет» или тексту, "
                    "текст в формуле или правиле"),
    "E111": (ERROR, "Количество организаций (count) не по элементу «да/нет» и не по условию"),
    "E112": (ERROR, "Часть (part_of) другого вида, чем целое"),
    "E113": (ERROR, "Цикл в part_of"),
    "E114": (ERROR, "Цикл в формулах показателей"),
    "E115": (ERROR, "Выражение не разбирается"),
    "E116": (ERROR, "Правило ссылается на неизвестный код или на показатель (правила проверяют только элементы)"),
    "E117": (ERROR, "Целевое значение у показателя, который считается по текстовому элементу"),
    "E118": (ERROR, "Неизвестный вид элемента"),
    "E119": (ERROR, "Неизвестный ключ в описании раздела, элемента, показателя или правила"),
    "E120": (ERROR, "Ключ повторяется в одном словаре"),
    "E121": (ERROR, "Проверка правила не является сравнением"),
    "E122": (ERROR, "Неизвестный тип организации"),
    "E123": (ERROR, "Неверно задано целевое значение (не число, не словарь, доля вне 0–100, минимум больше максимума)"),
    "E124": (ERROR, "Условие (сравнение) там, где нужна величина: в доле, сумме или формуле"),
    "E125": (ERROR, "Неверно задан предел правдоподобия max (не число, не больше 0, у «да/нет» или текста)"),
    "E126": (ERROR, "Неизвестная разбивка (by ссылается на разбивку, которой нет в «dimensions»)"),
    "E127": (ERROR, "Неизвестная категория в «элемент[категория]»: категория другой разбивки или элемент без разбивки"),
    "E128": (ERROR, "Разбивка (by) у элемента «да/нет» или текста, или у показателя без разбитых элементов"),
    "E129": (ERROR, "Неизвестное слово для единиц отчёта (report: units): допустимы «организации» и «подразделения»"),
    "W201": (WARNING, "Элемент не используется ни в одном показателе или правиле"),
    "W202": (WARNING, "В разделе нет ни элементов, ни показателей"),
    "W203": (WARNING, "Версия методики записана без кавычек и прочитана как число"),
    "W204": (WARNING, "Показатель складывается из элементов, которые ни одна организация не заполняет вместе"),
}


@dataclass(frozen=True)
class Diagnostic:
    """One finding in a methodology file, printed like a compiler's message."""

    code: str
    file: str
    line: int
    column: int
    message: str

    @property
    def severity(self) -> str:
        return CATALOGUE[self.code][0]

    def as_text(self) -> str:
        """``indicators.yaml:42:7: ошибка E104: …``"""
        word = "ошибка" if self.severity == ERROR else "предупреждение"
        return f"{self.file}:{self.line}:{self.column}: {word} {self.code}: {self.message}"

    def as_dict(self) -> dict:
        return {"severity": self.severity, **asdict(self)}


class MethodologyError(CannotStart):
    """The methodology file has errors, so nothing can be computed from it; ``str()`` lists them."""

    def __init__(self, diagnostics: list[Diagnostic], path: str = ""):
        self.diagnostics = diagnostics
        self.path = path
        errors = [d for d in diagnostics if d.severity == ERROR]
        super().__init__("\n".join(d.as_text() for d in errors))


ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")  # ids of sections, elements, indicators


def suggestion(word: str, choices) -> str:
    """« (возможно, имелось в виду «x»)» for a near miss, else an empty string."""
    match = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (возможно, имелось в виду «{match[0]}»)" if match else ""


def shorten(text: str, limit: int = 60) -> str:
    """An expression quoted in a message, cut if it is long."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
