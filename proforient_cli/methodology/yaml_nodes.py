"""YAML read into plain dicts and lists that remember where each node stood in the file."""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml


@dataclass(frozen=True)
class Pos:
    """A 1-based line and column in the methodology file."""

    line: int
    column: int


START = Pos(1, 1)
# Deeper nesting than this is no methodology; refusing it keeps the recursion of the
# converter (and of PyYAML's composer) far from Python's limit.
MAX_DEPTH = 60


class YamlMap(dict):
    """A mapping with the position of itself, of each key and of each value."""

    def __init__(self, items=(), pos: Pos = START):
        super().__init__(items)
        self.pos = pos
        self.key_pos: dict = {key: pos for key in self}
        self.value_pos: dict = {key: pos for key in self}
        # (key, Pos) of keys that appear twice; YAML itself would silently keep the last
        self.duplicate_keys: list = []


class YamlList(list):
    """A sequence with the position of itself and of each item."""

    def __init__(self, items=(), pos: Pos = START):
        super().__init__(items)
        self.pos = pos
        self.item_pos: list = [pos] * len(self)


class YamlSyntaxError(ValueError):
    """The text is not YAML; ``pos`` is where the parser stopped."""

    def __init__(self, message: str, pos: Pos):
        super().__init__(message)
        self.message = message
        self.pos = pos


def _pos(node: yaml.Node) -> Pos:
    return Pos(node.start_mark.line + 1, node.start_mark.column + 1)


def _text_pos(node: yaml.Node) -> Pos:
    """Where a value's text begins: after the opening quote, or on the first line of a block scalar."""
    pos = _pos(node)
    if not isinstance(node, yaml.ScalarNode):
        return pos
    if node.style in ("'", '"'):
        return Pos(pos.line, pos.column + 1)
    if node.style in ("|", ">"):
        buffer = getattr(node.start_mark, "buffer", None)
        start = getattr(node.start_mark, "pointer", None)
        if buffer is None or start is None:
            return pos
        # The text starts on the first non-blank line after the «|» or «>» header.
        line, index = pos.line, start
        while True:
            newline = buffer.find("\n", index)
            if newline < 0:
                return pos
            line, index = line + 1, newline + 1
            content = re.match(r"[ ]*", buffer[index:])
            rest = buffer[index + content.end():index + content.end() + 1]
            if rest not in ("\n", "\r", ""):
                return Pos(line, content.end() + 1)
    return pos


def load(text: str):
    """Parse YAML text into YamlMap/YamlList/scalars; raise :class:`YamlSyntaxError`.

    Merge keys (``<<: *base``) are applied as YAML defines them; a key written twice is
    kept in ``duplicate_keys`` so that the checker can name it.

    >>> doc = load("a:\\n  b: 1\\n")
    >>> doc["a"]["b"], doc["a"].value_pos["b"]
    (1, Pos(line=2, column=6))
    """
    loader = None
    try:
        loader = yaml.SafeLoader(text)  # the reader already rejects control characters here
        node = loader.get_single_node()
        return None if node is None else _convert(node, loader, ())
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error) from error
    except yaml.reader.ReaderError as error:
        pos = _offset_pos(text, error.position)
        character = error.character if isinstance(error.character, str) else chr(error.character)
        raise YamlSyntaxError(
            f"ошибка синтаксиса YAML: недопустимый управляющий символ U+{ord(character):04X}; "
            f"удалите его (такие символы попадают в файл при копировании из других программ)",
            pos,
        ) from error
    except RecursionError as error:
        raise YamlSyntaxError("ошибка синтаксиса YAML: слишком глубокая вложенность", START) from error
    finally:
        if loader is not None:
            loader.dispose()


def _offset_pos(text: str, offset: int) -> Pos:
    before = text[:offset]
    return Pos(before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1)


def _mark_pos(mark) -> Pos:
    return Pos(mark.line + 1, mark.column + 1) if mark is not None else START


# (pattern of PyYAML's problem, Russian text, whether to point at the context mark instead)
_KNOWN = (
    (r"found character '\\t' that cannot start any token",
     "символ табуляции: в YAML отступы делаются пробелами", False),
    (r"found character '(.)' that cannot start any token",
     "значение не может начинаться с символа «{0}»: возьмите его в кавычки", False),
    (r"found unexpected end of stream",
     "кавычка, открытая здесь, не закрыта до конца файла", True),
    (r"expected ',' or '([\]}])', but got '<stream end>'",
     "скобка, открытая здесь, не закрыта до конца файла (не хватает «{0}»)", True),
    (r"expected ',' or '([\]}])', but got",
     "ожидалась «,» или «{0}»: возможно, не закрыта скобка или пропущена запятая", False),
    (r"mapping values are not allowed here",
     "двоеточие здесь недопустимо: проверьте отступ этой строки, а значение с «:» возьмите в кавычки",
     False),
    (r"could not find expected ':'",
     "после ключа в этой строке не найдено двоеточие", True),
    (r"did not find expected key",
     "неверный отступ: ожидался ключ на том же уровне, что и соседние", False),
    (r"did not find expected '-' indicator",
     "неверный отступ в списке: ожидался «-»", False),
    (r"expected <block end>, but found '<block (?:mapping|sequence) start>'",
     "неверный отступ: строка сдвинута иначе, чем соседние", False),
    (r"expected <block end>, but found '-'",
     "элемент списка «-» стоит на уровне ключей: проверьте отступ", False),
    (r"expected <block end>, but found '<scalar>'",
     "лишний текст после значения: если значение в кавычках, возьмите в кавычки всё значение", False),
    (r"expected <block end>, but found",
     "неверный отступ или лишний символ", False),
    (r"found undefined alias '?([^']*)'?",
     "ссылка на неопределённый якорь «{0}» (якорь «&{0}» должен стоять выше)", False),
    (r"second occurrence",
     "якорь объявлен второй раз", False),
    (r"found unknown escape character '?([^']*)'?",
     "неизвестная последовательность «\\{0}» в двойных кавычках: используйте одинарные кавычки", False),
    (r"could not determine a constructor for the tag '?([^']*)'?",
     "неизвестный тег YAML «{0}»", False),
    (r"but found another document",
     "в файле больше одного документа YAML (разделитель «---»): методика — это один документ", False),
)


def _syntax_error(error: yaml.MarkedYAMLError) -> YamlSyntaxError:
    problem = (error.problem or "").strip()
    for pattern, russian, at_context in _KNOWN:
        match = re.match(pattern, problem)
        if match:
            mark = error.context_mark if at_context and error.context_mark else error.problem_mark
            return YamlSyntaxError(f"ошибка синтаксиса YAML: {russian.format(*match.groups())}", _mark_pos(mark))
    mark = error.problem_mark or error.context_mark
    return YamlSyntaxError(f"ошибка синтаксиса YAML: {problem or error}", _mark_pos(mark))


def _convert(node: yaml.Node, loader: yaml.SafeLoader, path: tuple):
    """The node as YamlMap/YamlList/scalar; ``path`` holds the collections above it."""
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        if any(node is above for above in path):
            raise YamlSyntaxError("ошибка синтаксиса YAML: якорь ссылается сам на себя", _pos(node))
        if len(path) >= MAX_DEPTH:
            raise YamlSyntaxError("ошибка синтаксиса YAML: слишком глубокая вложенность", _pos(node))
        path = path + (node,)
    if isinstance(node, yaml.MappingNode):
        result = YamlMap(pos=_pos(node))
        merged: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                _merge(merged, value_node, loader, path)
                continue
            key = _convert(key_node, loader, path)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                key = str(key)
            if key in result:
                result.duplicate_keys.append((key, _pos(key_node)))
            result[key] = _convert(value_node, loader, path)
            result.key_pos[key] = _pos(key_node)
            result.value_pos[key] = _text_pos(value_node)
        for key, (value, key_pos, value_pos) in merged.items():
            if key not in result:  # keys written out override merged ones, as YAML says
                result[key] = value
                result.key_pos[key], result.value_pos[key] = key_pos, value_pos
        return result
    if isinstance(node, yaml.SequenceNode):
        result = YamlList((_convert(item, loader, path) for item in node.value), pos=_pos(node))
        result.item_pos = [_text_pos(item) for item in node.value]
        return result
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, TypeError, OverflowError) as error:
        # an explicit tag or a date-like value that does not fit: «!!int abc», «2021-13-45»
        raise YamlSyntaxError(
            f"ошибка синтаксиса YAML: значение «{node.value}» не удаётся прочитать; возьмите его в кавычки",
            _pos(node),
        ) from error


def _merge(merged: dict, value_node: yaml.Node, loader: yaml.SafeLoader, path: tuple) -> None:
    """Collect the keys of ``<<: *base`` (or ``<<: [*a, *b]``, the first one winning)."""
    sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
    for source in sources:
        if not isinstance(source, yaml.MappingNode):
            raise YamlSyntaxError("ошибка синтаксиса YAML: после «<<:» ожидалась ссылка на словарь (*якорь)",
                                  _pos(source))
        converted = _convert(source, loader, path)
        for key, value in converted.items():
            if key not in merged:
                merged[key] = (value, converted.key_pos[key], converted.value_pos[key])
