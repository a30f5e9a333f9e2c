"""Problems in the submitted data: frozen records with a stable code and a Russian message.

Each code has one message template filled from the record's fields; the catalogue below is
the documentation (``docs/problems.md`` is generated from it) and the tests walk it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """One code of the catalogue: its message template, what it means and what the program does."""

    template: str
    meaning: str
    action: str
    excludes_file: bool = False
    template_found: str = ""  # used instead of ``template`` when the record has a ``found`` value


CATALOGUE: dict[str, Kind] = {
    "unreadable-file": Kind(
        "{found}; файл исключён из расчёта",
        "Файл повреждён, пуст, защищён паролем или не является электронной таблицей.",
        "Файл исключается из расчёта целиком; остальные файлы считаются.",
        excludes_file=True,
    ),
    "no-data-table": Kind(
        "не найдена таблица с колонками «Код» и «Значение»; файл исключён из расчёта",
        "В книге нет листа с таблицей шаблона (возможно, прислан не тот файл).",
        "Файл исключается из расчёта целиком.",
        excludes_file=True,
    ),
    "other-methodology": Kind(
        "файл заполнен по шаблону другой методики или версии ({found}), ожидалась {expected}; "
        "файл исключён из расчёта",
        "Школа заполнила шаблон прошлого года или другой методики.",
        "Файл исключается из расчёта целиком; нужно заполнить актуальный шаблон.",
        excludes_file=True,
    ),
    "duplicate-organization": Kind(
        "от организации «{element}» получено несколько файлов; {found}",
        "Два файла с одним и тем же кодом организации.",
        "В расчёт берётся один файл (правило выбора названо в сообщении), другой исключается.",
        excludes_file=True,
    ),
    "unknown-organization": Kind(
        "организации с кодом «{found}» нет в реестре; файл учтён в расчёте",
        "Код организации из файла не найден в реестре организаций (--roster).",
        "Файл считается; методисту стоит проверить код или реестр.",
    ),
    "unknown-org-type": Kind(
        "неизвестный тип организации «{found}», ожидался один из: {expected}; "
        "организация считается по всем элементам",
        "В шапке шаблона указан тип организации, которого нет в методике.",
        "Организация считается по всем элементам, как если бы тип не был указан.",
    ),
    "type-error": Kind(
        "ожидалось {expected}, получено «{found}»",
        "Значение не того вида: текст в числовой ячейке, дробь в количестве, «может быть» в «да/нет».",
        "Значение считается отсутствующим (нет данных); остальные значения организации учитываются.",
    ),
    "negative-value": Kind(
        "ожидалось {expected}, получено отрицательное число «{found}»",
        "Отрицательное количество.",
        "Значение считается отсутствующим (нет данных).",
    ),
    "dash-value": Kind(
        "получено «{found}» вместо числа — если имелся в виду ноль, введите 0; "
        "пока значение считается «нет данных»",
        "Прочерк вместо числа (по правилам Росстата прочерк означает ноль, но это нужно подтвердить).",
        "Значение считается отсутствующим (нет данных), пока школа не введёт 0.",
    ),
    "missing-value": Kind(
        "значение не заполнено — считается «нет данных» (не нулём)",
        "Пустая ячейка «Значение» или отметка «нет данных» по правилам Росстата («х», «…»). "
        "Пустая ячейка никогда не превращается в ноль.",
        "Организация не учитывается в показателях, которым нужно это значение.",
        template_found="получено «{found}» — это «нет данных»; значение не учитывается (и не считается нулём)",
    ),
    "missing-row": Kind(
        "в таблице нет строки с кодом «{element}» — значение считается «нет данных»",
        "Строка шаблона удалена.",
        "Значение считается отсутствующим (нет данных).",
    ),
    "unknown-code": Kind(
        "неизвестный код «{found}» — такой строки нет в методике; строка не учтена",
        "В столбце «Код» стоит код, которого нет в методике (опечатка или чужой шаблон).",
        "Строка пропускается.",
    ),
    "duplicate-code": Kind(
        "код «{element}» встречается в таблице повторно (первый раз — {expected}); учтено первое значение",
        "Одна и та же строка шаблона скопирована дважды.",
        "Учитывается первое значение.",
    ),
    "part-exceeds-whole": Kind(
        "часть больше целого: {found}, ожидалось {expected}; оба значения считаются «нет данных»",
        "Значение «из них …» больше значения, частью которого оно является.",
        "Оба значения считаются отсутствующими (нет данных), пока ошибка не исправлена.",
    ),
    "numerator-exceeds-denominator": Kind(
        "числитель доли больше знаменателя ({found}); организация не учитывается в показателе «{expected}»",
        "Для показателя-доли количество «из них» больше общего количества.",
        "Организация не учитывается в этом показателе.",
    ),
    "rule-failed": Kind(
        "{expected}: {found}",
        "Не выполнено правило согласованности из методики (rules).",
        "Значения учитываются; методисту стоит уточнить данные у организации.",
    ),
}


@dataclass(frozen=True)
class Problem:
    """One problem in one place of one file.

    >>> Problem("type-error", "школа_12.xlsx", "Данные", "D14", "pupils_5_11",
    ...         "12 чел.", "целое число ≥ 0").message
    'школа_12.xlsx, лист «Данные», ячейка D14 (pupils_5_11): ожидалось целое число ≥ 0, получено «12 чел.»'
    """

    code: str
    file: str
    sheet: str = ""
    cell: str = ""
    element: str = ""
    found: str = ""
    expected: str = ""

    @property
    def kind(self) -> Kind:
        return CATALOGUE[self.code]

    @property
    def excludes_file(self) -> bool:
        return self.kind.excludes_file

    @property
    def place(self) -> str:
        """«файл, лист «…», ячейка D14 (element)» — as much of it as is known."""
        parts = [self.file]
        if self.sheet:
            parts.append(f"лист «{self.sheet}»")
        if self.cell:
            parts.append(f"ячейка {self.cell}")
        place = ", ".join(parts)
        if self.element and self.cell:
            place += f" ({self.element})"
        return place

    @property
    def text(self) -> str:
        """The message without the place: what was found and what was expected."""
        template = self.kind.template_found if self.found and self.kind.template_found else self.kind.template
        return template.format(
            element=self.element, found=self.found, expected=self.expected, file=self.file
        )

    @property
    def message(self) -> str:
        return f"{self.place}: {self.text}"
