"""YAML read into plain dicts and lists that remember where each node stood in the file."""

from __future__ import annotations

from dataclasses import dataclass

import yaml


@dataclass(frozen=True)
class Pos:
    """A 1-based line and column in the methodology file."""

    line: int
    column: int


class YamlMap(dict):
    """A mapping with the position of itself, of each key and of each value."""

    pos: Pos
    key_pos: dict
    value_pos: dict
    duplicate_keys: list  # (key, Pos) of keys that appear twice; YAML would silently keep the last


class YamlList(list):
    """A sequence with the position of itself and of each item."""

    pos: Pos
    item_pos: list


class YamlSyntaxError(ValueError):
    """The text is not YAML; ``pos`` is where the parser stopped."""

    def __init__(self, message: str, pos: Pos):
        super().__init__(message)
        self.message = message
        self.pos = pos


def _pos(node: yaml.Node) -> Pos:
    return Pos(node.start_mark.line + 1, node.start_mark.column + 1)


def _text_pos(node: yaml.Node) -> Pos:
    """Where a value's text begins: after the opening quote of a quoted scalar."""
    pos = _pos(node)
    if isinstance(node, yaml.ScalarNode) and node.style in ("'", '"'):
        return Pos(pos.line, pos.column + 1)
    return pos


def load(text: str):
    """Parse YAML text into YamlMap/YamlList/scalars; raise :class:`YamlSyntaxError`.

    >>> doc = load("a:\\n  b: 1\\n")
    >>> doc["a"]["b"], doc["a"].value_pos["b"]
    (1, Pos(line=2, column=6))
    """
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _convert(node, loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        pos = Pos(mark.line + 1, mark.column + 1) if mark else Pos(1, 1)
        raise YamlSyntaxError(_russian(error), pos) from error
    finally:
        loader.dispose()


def _russian(error: yaml.MarkedYAMLError) -> str:
    problem = (error.problem or "").strip()
    known = {
        "found character '\\t' that cannot start any token": "символ табуляции: в YAML отступы делаются пробелами",
        "mapping values are not allowed here": "двоеточие здесь недопустимо (возможно, значение с «:» нужно взять в кавычки)",
        "could not find expected ':'": "не найдено двоеточие после ключа",
        "did not find expected key": "неверный отступ: ожидался ключ",
        "found undefined alias": "ссылка на неопределённый якорь",
        "found unexpected end of stream": "файл закончился раньше, чем ожидалось (незакрытая кавычка или скобка)",
        "did not find expected '-' indicator": "неверный отступ в списке: ожидался «-»",
    }
    for english, russian in known.items():
        if problem.startswith(english):
            return f"ошибка синтаксиса YAML: {russian}"
    return f"ошибка синтаксиса YAML: {problem or error}"


def _convert(node: yaml.Node, loader: yaml.SafeLoader):
    if isinstance(node, yaml.MappingNode):
        result = YamlMap()
        result.pos, result.key_pos, result.value_pos, result.duplicate_keys = _pos(node), {}, {}, []
        for key_node, value_node in node.value:
            key = _convert(key_node, loader)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                key = str(key)
            if key in result:
                result.duplicate_keys.append((key, _pos(key_node)))
            result[key] = _convert(value_node, loader)
            result.key_pos[key] = _pos(key_node)
            result.value_pos[key] = _text_pos(value_node)
        return result
    if isinstance(node, yaml.SequenceNode):
        result = YamlList(_convert(item, loader) for item in node.value)
        result.pos, result.item_pos = _pos(node), [_text_pos(item) for item in node.value]
        return result
    return loader.construct_object(node, deep=True)
