"""Read ``indicators.yaml`` into a :class:`Methodology`, collecting every structural problem.

The structure (keys, value kinds, ids, expressions) is checked here while building; the
cross-references between the parts are checked by :mod:`proforient_cli.methodology_check`.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from proforient_cli import expressions
from proforient_cli.diagnostics import ERROR, Diagnostic, MethodologyError
from proforient_cli.methodology import (
    DEFAULT_ORGANIZATION_TYPES,
    ELEMENT_TYPES,
    Element,
    Expression,
    Indicator,
    Methodology,
    Rule,
    Section,
    Target,
)
from proforient_cli.yaml_nodes import Pos, YamlList, YamlMap, YamlSyntaxError, load

TOP_KEYS = ("methodology", "sections", "elements", "indicators", "rules")
META_KEYS = ("id", "version", "title", "basis", "period", "organization_types")
SECTION_KEYS = ("id", "title")
ELEMENT_KEYS = ("id", "label", "type", "unit", "section", "source", "applies_to", "part_of", "hint", "note")
WAYS = ("share", "sum", "count", "formula")
INDICATOR_KEYS = ("id", "title", "section", "unit", *WAYS, "target", "cumulative", "source", "method", "note")
RULE_KEYS = ("check", "message")
TARGET_KEYS = ("at_least", "at_most")
SHARE_KEYS = ("numerator", "denominator")

ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
METHODOLOGY_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


def suggestion(word: str, choices) -> str:
    """« (возможно, имелось в виду «x»)» for a near miss, else an empty string."""
    match = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (возможно, имелось в виду «{match[0]}»)" if match else ""


def read_methodology(path: str | Path) -> tuple[Methodology | None, list[Diagnostic]]:
    """Read and check a methodology file; return it (None if it cannot be built) and all findings.

    Raises ``OSError`` when the file cannot be read at all.
    """
    from proforient_cli.methodology_check import check_semantics

    path = Path(path)
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    builder = _Builder(str(path))
    methodology = builder.build(text, path)
    diagnostics = builder.diagnostics
    if methodology is not None:
        diagnostics = diagnostics + check_semantics(methodology, str(path))
    diagnostics.sort(key=lambda d: (d.line, d.column, d.code))
    return methodology, diagnostics


def load_methodology(path: str | Path) -> Methodology:
    """The methodology of a valid file; raises :class:`MethodologyError` listing the errors."""
    methodology, diagnostics = read_methodology(path)
    if methodology is None or any(d.severity == ERROR for d in diagnostics):
        raise MethodologyError(diagnostics)
    return methodology


class _Builder:
    def __init__(self, file: str):
        self.file = file
        self.diagnostics: list[Diagnostic] = []

    def report(self, code: str, pos: Pos, message: str) -> None:
        self.diagnostics.append(Diagnostic(code, self.file, pos.line, pos.column, message))

    # -- generic helpers -------------------------------------------------------------------

    def mapping(self, value, pos: Pos, what: str) -> YamlMap | None:
        if isinstance(value, YamlMap):
            self.duplicates(value)
            return value
        self.report("E103", pos, f"{what}: ожидался словарь «ключ: значение», получено {_kind(value)}")
        return None

    def sequence(self, value, pos: Pos, what: str) -> YamlList:
        if value is None:
            return YamlList()
        if isinstance(value, YamlList):
            return value
        self.report("E103", pos, f"{what}: ожидался список («- …»), получено {_kind(value)}")
        return YamlList()

    def duplicates(self, node: YamlMap) -> None:
        for key, pos in node.duplicate_keys:
            self.report("E120", pos, f"ключ «{key}» указан дважды; учитывалось бы только последнее значение")

    def unknown_keys(self, node: YamlMap, allowed, what: str) -> None:
        for key in node:
            if key not in allowed:
                self.report(
                    "E119", node.key_pos[key],
                    f"неизвестный ключ «{key}» в описании {what}{suggestion(key, allowed)}",
                )

    def text(self, node: YamlMap, key: str, what: str, required: bool = True) -> str:
        if key not in node or node[key] is None or node[key] == "":
            if required:
                self.report("E102", node.pos, f"в описании {what} не указан обязательный ключ «{key}»")
            return ""
        value = node[key]
        if isinstance(value, (YamlMap, YamlList)):
            self.report("E103", node.value_pos[key], f"«{key}» {what}: ожидалась строка, получено {_kind(value)}")
            return ""
        return str(value).strip()

    def identifier(self, node: YamlMap, what: str, pattern=ID_PATTERN) -> str:
        value = self.text(node, "id", what)
        if value and not pattern.match(value):
            self.report(
                "E105", node.value_pos["id"],
                f"идентификатор «{value}» должен состоять из строчных латинских букв, цифр и «_» "
                f"и начинаться с буквы (например, pupils_5_11)",
            )
        return value

    def expression(self, node: YamlMap, key: str, what: str) -> Expression | None:
        value = node.get(key)
        pos = node.value_pos.get(key, node.pos)
        if value is None or isinstance(value, (YamlMap, YamlList, bool)) or str(value).strip() == "":
            self.report("E115", pos, f"«{key}» {what}: ожидалось выражение (код элемента, число или формула)")
            return None
        text = str(value)
        try:
            return Expression(text, expressions.parse(text), pos)
        except expressions.ExpressionError as error:
            where = Pos(pos.line, pos.column + error.column - 1)
            self.report("E115", where, f"выражение «{text}» {what}: {error.message} (столбец {error.column})")
            return None

    # -- the parts -------------------------------------------------------------------------

    def build(self, text: str, path: Path) -> Methodology | None:
        try:
            document = load(text)
        except YamlSyntaxError as error:
            self.report("E100", error.pos, error.message)
            return None
        if not isinstance(document, YamlMap):
            self.report("E101", Pos(1, 1), "файл методики должен быть словарём с ключами " + ", ".join(TOP_KEYS))
            return None
        self.duplicates(document)
        for key in document:
            if key not in TOP_KEYS:
                self.report(
                    "E101", document.key_pos[key],
                    f"неизвестный ключ верхнего уровня «{key}»{suggestion(key, TOP_KEYS)}; "
                    f"допустимы: {', '.join(TOP_KEYS)}",
                )
        for key in ("methodology", "elements", "indicators"):
            if key not in document:
                self.report("E102", Pos(1, 1), f"в файле методики нет раздела «{key}»")

        meta = self.mapping(document.get("methodology"), document.value_pos.get("methodology", Pos(1, 1)),
                            "«methodology»") if "methodology" in document else None
        header = self.header(meta) if meta is not None else {}
        sections = self.items(document, "sections", self.section)
        elements = self.items(document, "elements", self.element)
        indicators = self.items(document, "indicators", self.indicator)
        rules = self.items(document, "rules", self.rule)
        self.unique(sections, "раздела")
        self.unique(list(elements) + list(indicators), "элемента или показателя")
        return Methodology(
            id=header.get("id", ""),
            version=header.get("version", ""),
            title=header.get("title", ""),
            basis=header.get("basis", ""),
            period=header.get("period", ""),
            organization_types=header.get("organization_types", dict(DEFAULT_ORGANIZATION_TYPES)),
            sections=tuple(sections),
            elements=tuple(elements),
            indicators=tuple(indicators),
            rules=tuple(rules),
            path=path,
        )

    def items(self, document: YamlMap, key: str, build_one) -> list:
        values = self.sequence(document.get(key), document.value_pos.get(key, Pos(1, 1)), f"«{key}»")
        built = []
        for value, pos in zip(values, values.item_pos):
            node = self.mapping(value, pos, f"элемент списка «{key}»")
            if node is not None:
                item = build_one(node)
                if item is not None:
                    built.append(item)
        return built

    def unique(self, items: list, what: str) -> None:
        seen: dict[str, Pos] = {}
        for item in items:
            if not item.id:
                continue
            if item.id in seen:
                first = seen[item.id]
                self.report("E104", item.pos, f"идентификатор {what} «{item.id}» уже встречался в строке {first.line}")
            else:
                seen[item.id] = item.pos

    def header(self, meta: YamlMap) -> dict:
        what = "методики («methodology»)"
        self.unknown_keys(meta, META_KEYS, what)
        header = {
            "id": self.identifier(meta, what, METHODOLOGY_ID_PATTERN),
            "version": self.text(meta, "version", what),
            "title": self.text(meta, "title", what),
            "basis": self.text(meta, "basis", what, required=False),
            "period": self.text(meta, "period", what, required=False),
        }
        if "organization_types" in meta:
            types = self.mapping(meta["organization_types"], meta.value_pos["organization_types"],
                                 "«organization_types»")
            if types is not None:
                header["organization_types"] = {str(k): str(v) for k, v in types.items()}
        return header

    def section(self, node: YamlMap) -> Section:
        self.unknown_keys(node, SECTION_KEYS, "раздела")
        id = self.identifier(node, "раздела")
        return Section(id=id, title=self.text(node, "title", f"раздела «{id}»"), pos=node.pos)

    def element(self, node: YamlMap) -> Element:
        id = self.identifier(node, "элемента")
        what = f"элемента «{id}»" if id else "элемента"
        self.unknown_keys(node, ELEMENT_KEYS, what)
        type = self.text(node, "type", what)
        if type and type not in ELEMENT_TYPES:
            self.report(
                "E118", node.value_pos["type"],
                f"неизвестный вид «{type}» {what}{suggestion(type, ELEMENT_TYPES)}; допустимы: {', '.join(ELEMENT_TYPES)}",
            )
        applies = node.get("applies_to", ())
        if isinstance(applies, str):
            applies = [applies]
        applies = self.sequence(applies, node.value_pos.get("applies_to", node.pos), f"«applies_to» {what}") \
            if not isinstance(applies, (list, tuple)) else applies
        part_of = self.text(node, "part_of", what, required=False) or None
        return Element(
            id=id,
            label=self.text(node, "label", what),
            type=type,
            section=self.text(node, "section", what),
            unit=self.text(node, "unit", what, required=False),
            source=self.text(node, "source", what, required=False),
            applies_to=tuple(str(a) for a in applies),
            part_of=part_of,
            hint=self.text(node, "hint", what, required=False),
            pos=node.pos,
        )

    def indicator(self, node: YamlMap) -> Indicator:
        id = self.identifier(node, "показателя")
        what = f"показателя «{id}»" if id else "показателя"
        self.unknown_keys(node, INDICATOR_KEYS, what)
        ways = [key for key in WAYS if key in node]
        kind = ways[0] if ways else ""
        if not ways:
            self.report("E108", node.pos, f"у {what} не указан способ расчёта: нужен один из ключей {', '.join(WAYS)}")
        elif len(ways) > 1:
            self.report(
                "E109", node.key_pos[ways[1]],
                f"у {what} указано несколько способов расчёта ({', '.join(ways)}); нужен ровно один",
            )
        numerator = denominator = expression = None
        if kind == "share":
            share = self.mapping(node["share"], node.value_pos["share"], f"«share» {what}")
            if share is not None:
                self.unknown_keys(share, SHARE_KEYS, f"доли {what}")
                numerator = self.expression(share, "numerator", f"числителя {what}")
                denominator = self.expression(share, "denominator", f"знаменателя {what}")
        elif kind:
            expression = self.expression(node, kind, f"{what}")
        cumulative = node.get("cumulative", False)
        if not isinstance(cumulative, bool):
            self.report("E103", node.value_pos["cumulative"], f"«cumulative» {what}: ожидалось true или false")
            cumulative = False
        return Indicator(
            id=id,
            title=self.text(node, "title", what),
            section=self.text(node, "section", what),
            kind=kind,
            unit=self.text(node, "unit", what, required=False),
            numerator=numerator,
            denominator=denominator,
            expression=expression,
            target=self.target(node, what) if "target" in node else None,
            cumulative=cumulative,
            source=self.text(node, "source", what, required=False),
            method=self.text(node, "method", what, required=False),
            pos=node.pos,
        )

    def target(self, node: YamlMap, what: str) -> Target | None:
        target = self.mapping(node["target"], node.value_pos["target"], f"«target» {what}")
        if target is None:
            return None
        self.unknown_keys(target, TARGET_KEYS, f"целевого значения {what}")
        bounds = {}
        for key in TARGET_KEYS:
            if key in target:
                value = target[key]
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    self.report("E123", target.value_pos[key], f"«{key}» {what}: ожидалось число, получено «{value}»")
                else:
                    bounds[key] = float(value)
        if not bounds and not any(k not in TARGET_KEYS for k in target):
            self.report("E123", target.pos, f"целевое значение {what}: укажите at_least или at_most")
        return Target(pos=target.pos, **bounds)

    def rule(self, node: YamlMap) -> Rule | None:
        self.unknown_keys(node, RULE_KEYS, "правила")
        check = self.expression(node, "check", "правила")
        message = self.text(node, "message", "правила")
        if check is not None and not expressions.is_comparison(check.node):
            self.report("E121", check.pos, f"проверка правила «{check.text}» должна быть сравнением (например, a <= b)")
        return Rule(check=check, message=message, pos=node.pos) if check is not None else None


def _kind(value) -> str:
    if isinstance(value, YamlMap):
        return "словарь"
    if isinstance(value, YamlList):
        return "список"
    if value is None:
        return "пустое значение"
    return f"«{value}»"
