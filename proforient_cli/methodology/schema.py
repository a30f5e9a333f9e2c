"""A JSON Schema of ``indicators.yaml``, for editors with a YAML language server.

It is built from the same key lists the loader checks, so it cannot drift from the program.
``proforient check --schema`` prints it; ``docs/indicators.schema.json`` is its committed copy.
"""

from __future__ import annotations

from proforient_cli.core import formatting
from proforient_cli.methodology.model import ELEMENT_TYPES
from proforient_cli.methodology.build import (
    BETTER_VALUES, CATEGORY_KEYS, DIMENSION_KEYS, ELEMENT_KEYS, INDICATOR_KEYS, META_KEYS, REPORT_KEYS, RULE_KEYS,
    SECTION_KEYS,
)

ID = {"type": "string", "pattern": "^[a-z][a-z0-9]*(_[a-z0-9]+)*$",
      "description": "Идентификатор: строчные латинские буквы, цифры и «_», например pupils_5_11"}
TEXT = {"type": "string"}
EXPRESSION = {"type": ["string", "number"],
              "description": "Код элемента, число или выражение: + - * /, скобки, сравнения, sum/min/max"}
BOUNDS = {
    "at_least": {"type": "number", "description": "Не менее"},
    "at_most": {"type": "number", "description": "Не более"},
}
PER = {"enum": ["organization", "total"],
       "description": "organization — цель для каждой организации; total — для муниципалитета"}


def _object(properties: dict, required: list[str], allowed: tuple[str, ...], description: str = "") -> dict:
    missing = [key for key in allowed if key not in properties]
    assert not missing, f"schema lacks {missing}"  # a key the loader accepts must be described here
    schema = {"type": "object", "properties": properties, "required": required, "additionalProperties": False}
    if description:
        schema["description"] = description
    return schema


def methodology_schema() -> dict:
    """The schema as a dict (JSON Schema draft 2020-12)."""
    bounds = {"type": "object", "properties": {**BOUNDS, "per": PER}, "additionalProperties": False,
              "minProperties": 1}
    target = {
        "description": "Целевое значение: {at_least: 200}, {at_least: 3, per: organization} "
                       "или по годам: {2023: {at_least: 100}, 2024: {at_least: 150}}",
        "anyOf": [
            bounds,
            {"type": "object", "properties": {"per": PER},
             "patternProperties": {r"^\d{4}(/\d{4})?$": {"type": "object", "properties": BOUNDS,
                                                         "additionalProperties": False, "minProperties": 1}},
             "additionalProperties": False},
        ],
    }
    meta = _object({
        "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_.-]*$"},
        "version": {"type": "string", "description": "Версия методики; пишите в кавычках: \"1\""},
        "title": TEXT,
        "basis": {"type": "string", "description": "Приказ, утвердивший методику"},
        "purpose": {"type": "string", "description": "Цель мониторинга, как в документе (для введения справки)"},
        "period": {"type": "string", "description": "Например: по состоянию на 31 мая"},
        "organization_types": {"type": "object", "additionalProperties": {"type": "string"},
                               "description": "Коды типов организаций и их названия: ОО, ДОО, УДО"},
        "report": _object({
            "title": {"type": "string", "description": "Название справки, если документ называет свой отчёт"},
            "units": {"enum": list(formatting.NOUNS),
                      "description": "Как справка называет единицы учёта: организации или подразделения"},
            "use_of_results": {"type": "string",
                               "description": "Что документ говорит об использовании результатов (дословно)"},
        }, [], REPORT_KEYS, "Что справка говорит словами документа"),
    }, ["id", "version", "title"], META_KEYS)
    number = {"type": "string", "pattern": r"^\d+(\.\d+)*$", "description": "Номер в документе, например \"10.6\""}
    section = _object({"id": ID, "title": TEXT, "number": number}, ["id", "title"], SECTION_KEYS)
    applies_to = {"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}],
                  "description": "Типы организаций, которые заполняют строку; без ключа — все"}
    category = _object({"id": ID, "title": TEXT, "applies_to": applies_to}, ["id", "title"], CATEGORY_KEYS)
    dimension = _object({"id": ID, "title": TEXT, "categories": {"type": "array", "items": category, "minItems": 1}},
                        ["id", "title", "categories"], DIMENSION_KEYS,
                        "Разбивка: например, уровень образования с категориями doo, noo, ooo")
    element = _object({
        "id": ID, "label": TEXT,
        "type": {"enum": list(ELEMENT_TYPES),
                 "description": "count — целое ≥ 0; number — число; flag — да/нет; text — текст"},
        "unit": TEXT, "section": TEXT,
        "source": {"type": "string", "description": "Данные ОО, ОО-1, РИС ГИА"},
        "applies_to": applies_to,
        "part_of": {"type": "string", "description": "Целое, частью которого («из них») является элемент; "
                                                     "для разбитого элемента — и одна его категория, «pupils[ooo]»"},
        "hint": TEXT, "note": TEXT,
        "max": {"type": "number", "exclusiveMinimum": 0,
                "description": "Наибольшее правдоподобное значение; большее считается ошибкой ввода"},
        "by": {**ID, "description": "Разбивка (из dimensions): по строке шаблона на каждую категорию"},
    }, ["id", "label", "type", "section"], ELEMENT_KEYS)
    ways = ["share", "sum", "count", "formula"]
    indicator = _object({
        "id": ID, "title": TEXT, "section": TEXT, "unit": TEXT,
        "share": {"type": "object", "properties": {"numerator": EXPRESSION, "denominator": EXPRESSION},
                  "required": ["numerator", "denominator"], "additionalProperties": False,
                  "description": "Доля, %: Σ числителей / Σ знаменателей × 100"},
        "sum": EXPRESSION, "count": EXPRESSION, "formula": EXPRESSION,
        "target": target,
        "cumulative": {"type": "boolean", "description": "Нарастающим итогом за отчётные периоды"},
        "source": TEXT, "method": {"type": "string", "description": "«Метод расчета» из документа"},
        "by": {**ID, "description": "Разбивка (из dimensions): значение по каждой категории"},
        "number": number,
        "better": {"enum": list(BETTER_VALUES),
                   "description": "higher — рост значения является положительным результатом; lower — снижение"},
        "note": TEXT,
    }, ["id", "title", "section"], INDICATOR_KEYS)
    indicator["oneOf"] = [{"required": [way]} for way in ways]
    rule = _object({"check": EXPRESSION, "message": TEXT}, ["check", "message"], RULE_KEYS)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Методика мониторинга proforient (indicators.yaml)",
        "type": "object",
        "properties": {
            "methodology": meta,
            "sections": {"type": "array", "items": section},
            "dimensions": {"type": "array", "items": dimension},
            "elements": {"type": "array", "items": element},
            "indicators": {"type": "array", "items": indicator},
            "rules": {"type": "array", "items": rule},
        },
        "required": ["methodology", "sections", "elements", "indicators"],
        "additionalProperties": False,
    }
