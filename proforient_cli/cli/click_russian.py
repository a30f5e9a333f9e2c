"""Click's own words in Russian: «Использование:», «Параметры», «Не указан аргумент …».

Click passes its messages through :mod:`gettext` but ships no Russian catalogue; each of its
modules imports ``gettext`` and ``ngettext`` by name, so :func:`install` rebinds those names to
the dictionaries below. A message not listed stays as Click wrote it.
"""

from __future__ import annotations

import importlib

MESSAGES = {
    "Usage:": "Использование:",
    "Options": "Параметры",
    "Commands": "Команды",
    "Positional arguments": "Аргументы",
    "Show this message and exit.": "Показать эту справку и выйти.",
    "Show the version and exit.": "Показать версию программы и выйти.",
    "Error: {message}": "Ошибка: {message}",
    "Try '{command} {option}' for help.": "Справка: «{command} {option}».",
    "Missing argument": "Не указан аргумент",
    "Missing option": "Не указан параметр",
    "Missing parameter": "Не указан параметр",
    "Missing parameter: {param_name}": "Не указан параметр {param_name}",
    "Missing {param_type}": "Не указан {param_type}",
    "Missing command.": "Не указана команда.",
    "No such command {name!r}.": "Нет такой команды: {name!r}.",
    "No such option {name!r}.": "Нет такого параметра: {name!r}.",
    "Option {name!r} does not take a value.": "Параметр {name!r} указывается без значения.",
    "Invalid value for {param_hint}: {message}": "Неверное значение {param_hint}: {message}",
    "Invalid value: {message}": "Неверное значение: {message}",
    "Aborted!": "Прервано.",
    "default: {default}": "по умолчанию: {default}",
    "required": "обязательно",
    "(dynamic)": "(вычисляется)",
    "{value!r} is not a valid {number_type}.": "{value!r} — не число.",
    "{value} is not in the range {range}.": "{value} вне допустимого диапазона {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} не существует.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} — это папка, а нужен файл.",
    "{name} {filename!r} is a file.": "{name} {filename!r} — это файл, а нужна папка.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} недоступен для чтения.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} недоступен для записи.",
    "file": "Файл",
    "directory": "Папка",
    "path": "Путь",
    "Choose from:\n\t{choices}": "Возможные значения:\n\t{choices}",
}

PLURALS = {
    "Got unexpected extra argument ({args})": ("Лишний аргумент: {args}", "Лишние аргументы: {args}"),
    "Option {name!r} requires an argument.": ("Для параметра {name!r} нужно значение.",
                                              "Для параметра {name!r} нужно {nargs} значения."),
    "{value!r} is not {choice}.": ("{value!r} — недопустимое значение; возможно: {choice}.",
                                   "{value!r} — недопустимое значение; возможны: {choices}."),
    "Did you mean {possibility}?": ("Возможно, имелось в виду {possibility}?",
                                    "(Возможно, имелось в виду одно из: {possibilities}?)"),
}

_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils")


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    forms = PLURALS.get(singular)
    if forms is None:
        return singular if count == 1 else plural
    return forms[0] if count == 1 else forms[1]


def install() -> None:
    """Make every Click module speak Russian (idempotent)."""
    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
