"""Problems in the submitted data: frozen records with a stable code and a Russian message.

Each code has one message template filled from the record's fields; the catalogue below is
the documentation (``docs/problems.md`` is generated from it) and the tests walk it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Kind:
    """One code of the catalogue: its message template, what it means and what the program does."""

    template: str
    meaning: str
    action: str
    excludes_file: bool = False
    template_found: str = ""  # used instead of ``template`` when the record has a ``found`` value
    # Fields of typical records (file, sheet, cell, element, found, expected) for docs/problems.md.
    examples: tuple[dict[str, str], ...] = field(default=())


CATALOGUE: dict[str, Kind] = {
    "unreadable-file": Kind(
        "{found}; файл исключён из расчёта",
        "Файл повреждён, пуст, защищён паролем, слишком велик или не является электронной таблицей.",
        "Файл исключается из расчёта целиком; остальные файлы считаются.",
        excludes_file=True,
        examples=(
            {"file": "школа_7.xlsx", "found": "файл пуст (0 байт)"},
            {"file": "школа_8.xlsx", "found": "файл защищён паролем: снимите пароль и пришлите снова"},
            {"file": "школа_9.xlsx", "found": "лист «Данные» слишком большой: заполненная область доходит до ячейки "
                                              "XFD1048576 (1\u00a0048\u00a0576 строк × 16\u00a0384 столбца), а в "
                                              "шаблоне около сотни строк; удалите лишние строки и столбцы (или "
                                              "значение в дальней ячейке) и пришлите файл снова"},
        ),
    ),
    "skipped-entry": Kind(
        "{found}; пропущено",
        "Элемент папки, который нельзя прочитать: ссылка на несуществующий файл, ссылки по кругу, папка "
        "без доступа, канал или устройство с именем таблицы.",
        "Пропускается с указанием причины; остальные файлы считаются.",
        excludes_file=True,
        examples=({"file": "архив/ссылка.xlsx", "found": "ссылка ведёт на файл, которого нет"},
                  {"file": "закрытая папка", "found": "нет доступа к папке: её содержимое не прочитано"}),
    ),
    "no-data-table": Kind(
        "не найдена таблица с колонками «Код» и «Значение»; файл исключён из расчёта",
        "В книге нет листа с таблицей шаблона (возможно, прислан не тот файл).",
        "Файл исключается из расчёта целиком.",
        excludes_file=True,
        examples=({"file": "отчёт за год.xlsx"},),
    ),
    "other-methodology": Kind(
        "файл заполнен по шаблону другой методики или версии ({found}), ожидалась {expected}; "
        "файл исключён из расчёта",
        "Школа заполнила шаблон прошлого года или другой методики.",
        "Файл исключается из расчёта целиком; нужно заполнить актуальный шаблон.",
        excludes_file=True,
        examples=({"file": "школа_3.xlsx", "found": "методика «mosalsk-2021», версия 0",
                   "expected": "методика «mosalsk-2021», версия 1"},),
    ),
    "duplicate-organization": Kind(
        "от организации «{element}» получено несколько файлов; {found}",
        "Два файла с одним и тем же кодом организации.",
        "В расчёт берётся один файл (правило выбора названо в сообщении), другой исключается.",
        excludes_file=True,
        examples=({"file": "школа_12 (1).xlsx", "element": "МБОУ «СОШ № 12»",
                   "found": "в расчёт взят файл «школа_12.xlsx» как изменённый позже (31.05.2024 14:20), "
                            "этот файл исключён"},),
    ),
    "empty-template": Kind(
        "пустой шаблон: не заполнено ни одно значение; файл исключён из расчёта",
        "Организация прислала шаблон, не вписав ни одного значения (возможно, отправлен не тот файл).",
        "Файл исключается из расчёта целиком и называется отдельно, без замечания к каждой строке.",
        excludes_file=True,
        examples=({"file": "школа_9.xlsx", "sheet": "Данные"},),
    ),
    "other-table-ignored": Kind(
        "на этом листе тоже есть таблица шаблона, но учтён лист «{expected}»; если верные данные здесь, "
        "перенесите их на лист «{expected}»",
        "В книге две таблицы шаблона (например, копия листа «Данные (2)»): читается одна.",
        "Учитывается лист «Данные» (или первый видимый лист с таблицей); другой лист не читается.",
        examples=({"file": "школа_3.xlsx", "sheet": "Данные (2)", "expected": "Данные"},),
    ),
    "value-beside": Kind(
        "значение не заполнено, а правее вписано {found}: перенесите его в столбец «Значение» — "
        "учитываются только значения этого столбца",
        "Число вписано не в столбец «Значение», а правее.",
        "Значение считается отсутствующим (нет данных): программа не угадывает, какой ячейке оно принадлежит.",
        examples=({"file": "школа_5.xlsx", "sheet": "Данные", "cell": "D14", "element": "events",
                   "found": "«12» в ячейке F14", "expected": "значение в ячейке D14"},),
    ),
    "code-matched": Kind(
        "код организации в файле «{found}» сопоставлен с кодом «{expected}» из реестра (Excel отбрасывает "
        "ведущие нули); файл учтён в расчёте",
        "Код организации в файле отличается от кода в реестре только ведущими нулями или пробелами.",
        "Файл считается как файл организации из реестра; методисту стоит исправить код в реестре или в шаблоне.",
        examples=({"file": "школа_14.xlsx", "found": "04014001000", "expected": "4014001000"},),
    ),
    "unknown-organization": Kind(
        "организации с кодом «{found}» нет в реестре; файл учтён в расчёте",
        "Код организации из файла не найден в реестре организаций (--roster).",
        "Файл считается; методисту стоит проверить код или реестр.",
        examples=({"file": "школа_99.xlsx", "found": "4099"},),
    ),
    "unknown-org-type": Kind(
        "неизвестный тип организации «{found}», ожидался один из: {expected}; "
        "организация считается по всем элементам",
        "В шапке шаблона указан тип организации, которого нет в методике.",
        "Организация считается по всем элементам, как если бы тип не был указан.",
        examples=({"file": "школа_5.xlsx", "sheet": "Данные", "found": "школа", "expected": "ОО, ДОО, УДО, МОУО"},),
    ),
    "type-error": Kind(
        "ожидалось {expected}, получено «{found}»",
        "Значение не того вида: текст в числовой ячейке, дробь в количестве, «может быть» в «да/нет».",
        "Значение считается отсутствующим (нет данных); остальные значения организации учитываются.",
        examples=({"file": "школа_12.xlsx", "sheet": "Данные", "cell": "D14", "element": "pupils_5_11",
                   "found": "12 чел.", "expected": "целое число ≥ 0"},
                  {"file": "школа_4.xlsx", "sheet": "Данные", "cell": "D31", "element": "has_plan",
                   "found": "может быть", "expected": "«да» или «нет»"}),
    ),
    "formula-error": Kind(
        "в ячейке ошибка формулы {found}: исправьте формулу или впишите значение ({expected})",
        "В ячейке «Значение» формула, которая вернула ошибку (#ДЕЛ/0!, #ЗНАЧ!, #ССЫЛКА!, #Н/Д и другие, "
        "в русском и английском Excel; «Err:502» в LibreOffice).",
        "Значение считается отсутствующим (нет данных); остальные значения организации учитываются.",
        examples=({"file": "школа_6.xlsx", "sheet": "Данные", "cell": "D14", "element": "pupils_5_11",
                   "found": "#ДЕЛ/0!", "expected": "целое число ≥ 0"},),
    ),
    "formula-not-computed": Kind(
        "в ячейке формула, но её значение не вычислено (файл сохранён программой, которая не "
        "пересчитывает формулы): откройте файл в Excel или LibreOffice и сохраните его",
        "Формула без сохранённого результата: файл создан или сохранён программой, которая не "
        "вычисляет формулы.",
        "Значение считается отсутствующим (нет данных), пока файл не пересохранён в Excel или LibreOffice.",
        examples=({"file": "школа_7.xlsx", "sheet": "Данные", "cell": "D15", "element": "events",
                   "found": "формула без вычисленного значения", "expected": "целое число ≥ 0"},),
    ),
    "implausible-value": Kind(
        "неправдоподобно большое значение «{found}», ожидалось {expected}; проверьте, что в ячейку "
        "не попало другое число",
        "Значение больше предела правдоподобия из методики (max) или больше любого точного количества "
        "(2⁵³): например, номер счёта, вставленный в ячейку «договоры».",
        "Значение считается отсутствующим (нет данных); остальные значения организации учитываются.",
        examples=({"file": "школа_4.xlsx", "sheet": "Данные", "cell": "D31", "element": "contracts",
                   "found": "40702810900000012345", "expected": "не больше 10 000"},),
    ),
    "negative-value": Kind(
        "ожидалось {expected}, получено отрицательное число «{found}»",
        "Отрицательное количество.",
        "Значение считается отсутствующим (нет данных).",
        examples=({"file": "школа_2.xlsx", "sheet": "Данные", "cell": "D20", "element": "events",
                   "found": "-3", "expected": "целое число ≥ 0"},),
    ),
    "dash-value": Kind(
        "получено «{found}» вместо числа — если имелся в виду ноль, введите 0; "
        "пока значение считается «нет данных»",
        "Прочерк вместо числа (по правилам Росстата прочерк означает ноль, но это нужно подтвердить).",
        "Значение считается отсутствующим (нет данных), пока школа не введёт 0.",
        examples=({"file": "школа_5.xlsx", "sheet": "Данные", "cell": "D22", "element": "teachers_in_guidance",
                   "found": "—", "expected": "целое число ≥ 0"},),
    ),
    "missing-value": Kind(
        "значение не заполнено — считается «нет данных» (не нулём)",
        "Пустая ячейка «Значение» или отметка «нет данных» по правилам Росстата («х», «…»). "
        "Пустая ячейка никогда не превращается в ноль.",
        "Организация не учитывается в показателях, которым нужно это значение.",
        template_found="получено «{found}» — это «нет данных»; значение не учитывается (и не считается нулём)",
        examples=({"file": "школа_2.xlsx", "sheet": "Данные", "cell": "D12", "element": "pupils_total",
                   "expected": "целое число ≥ 0"},
                  {"file": "школа_6.xlsx", "sheet": "Данные", "cell": "D12", "element": "pupils_total",
                   "found": "х", "expected": "целое число ≥ 0"}),
    ),
    "missing-row": Kind(
        "в таблице нет строки с кодом «{element}» — значение считается «нет данных»",
        "Строка шаблона удалена.",
        "Значение считается отсутствующим (нет данных).",
        examples=({"file": "школа_10.xlsx", "sheet": "Данные", "element": "hours"},),
    ),
    "unknown-code": Kind(
        "неизвестный код «{found}» — такой строки нет в методике; строка не учтена",
        "В столбце «Код» стоит код, которого нет в методике (опечатка или чужой шаблон).",
        "Строка пропускается.",
        examples=({"file": "школа_11.xlsx", "sheet": "Данные", "cell": "D40", "found": "pupils_5_1"},),
    ),
    "duplicate-code": Kind(
        "код «{element}» встречается в таблице повторно (первый раз — {expected}); учтено первое значение",
        "Одна и та же строка шаблона скопирована дважды.",
        "Учитывается первое значение.",
        examples=({"file": "школа_11.xlsx", "sheet": "Данные", "cell": "D41", "element": "events", "found": "5",
                   "expected": "ячейка D20"},),
    ),
    "part-exceeds-whole": Kind(
        "часть больше целого: {found}, ожидалось {expected}; оба значения считаются «нет данных»",
        "Значение «из них …» больше значения, частью которого оно является.",
        "Оба значения считаются отсутствующими (нет данных), пока ошибка не исправлена.",
        examples=({"file": "школа_4.xlsx", "sheet": "Данные", "cell": "D11", "element": "pupils_5_11_surveyed",
                   "found": "«Обучающиеся 5–11 классов, прошедшие анкетирование» = 900",
                   "expected": "не больше, чем «Общее количество обучающихся 5–11 классов» = 700"},),
    ),
    "numerator-exceeds-denominator": Kind(
        "числитель доли больше знаменателя ({found}); организация не учитывается в показателе «{expected}»",
        "Для показателя-доли количество «из них» больше общего количества.",
        "Организация не учитывается в этом показателе.",
        examples=({"file": "школа_4.xlsx", "sheet": "Данные", "cell": "D15", "element": "graduates_employed",
                   "found": "graduates_employed = 30, graduates = 25",
                   "expected": "Доля трудоустроенных выпускников"},),
    ),
    "rule-failed": Kind(
        "{expected}: {found}",
        "Не выполнено правило согласованности из методики (rules).",
        "Значения учитываются; методисту стоит уточнить данные у организации.",
        examples=({"file": "школа_1.xlsx", "sheet": "Данные", "cell": "D21", "element": "hours",
                   "found": "hours = 500, events = 2",
                   "expected": "Часов консультаций больше, чем возможно при таком числе мероприятий"},),
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
