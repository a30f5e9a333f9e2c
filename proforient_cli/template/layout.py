"""The layout of a collection template: what `template` writes and `read` looks for.

Both sides import these names, so the writer and the reader cannot drift apart.
The reader never relies on positions: it finds the header row by the «Код» and
«Значение» captions and the title block by its labels, on whichever sheet holds them.
"""

DATA_SHEET = "Данные"
INSTRUCTION_SHEET = "Инструкция"
META_SHEET = "proforient"  # very hidden: the methodology's id, version and fingerprint

NUMBER_HEADER = "№ п/п"
CODE_HEADER = "Код"
LABEL_HEADER = "Показатель"
UNIT_HEADER = "Ед. изм."
VALUE_HEADER = "Значение"
CHECK_HEADER = "Проверка"
# The «№ п/п» a school expects first; the «Код» the reader finds rows by last, narrow and grey.
# The value column stays D, where templates of earlier versions have it too (the reader relies on
# the captions, not on positions, so either layout reads).
COLUMNS = (NUMBER_HEADER, LABEL_HEADER, UNIT_HEADER, VALUE_HEADER, CHECK_HEADER, CODE_HEADER)

# The title block above the table: a label, and the value in the «Значение» column of its row.
TITLE_FIELDS = {
    "org_name": "Наименование организации",
    "org_code": "Код организации",
    "org_type": "Тип организации",
    "municipality": "Муниципалитет",
    "period": "Отчётный период",
    "filled_by": "Ответственный за заполнение (ФИО, должность)",
    "phone": "Контактный телефон",
}

# Rows of the hidden sheet: key in column A, value in column B.
META_KEYS = (
    "methodology_id",
    "methodology_version",
    "fingerprint",
    "org_code",
    "org_type",
    "period",
    "tool_version",
)

YES = "да"
NO = "нет"
