"""Read ``indicators.yaml`` into a :class:`Methodology`, collecting every structural problem.

The structure (keys, value kinds, ids, expressions) is checked here while building; the
cross-references between the parts are checked by :mod:`proforient_cli.methodology.crosscheck`.
"""

from __future__ import annotations

import re
from pathlib import Path

from proforient_cli.core import formatting
from proforient_cli.methodology import expressions
from proforient_cli.methodology.diagnostics import ID_PATTERN, Diagnostic, shorten, suggestion
from proforient_cli.methodology.model import (
    DEFAULT_ORGANIZATION_TYPES,
    Category,
    Dimension,
    ELEMENT_TYPES,
    Element,
    Expression,
    Indicator,
    Methodology,
    ReportSettings,
    Rule,
    Section,
    Target,
)
from proforient_cli.methodology.places import Places
from proforient_cli.methodology.yaml_nodes import Pos, YamlList, YamlMap, YamlSyntaxError, load

TOP_KEYS = ("methodology", "sections", "dimensions", "elements", "indicators", "rules")
REQUIRED_TOP_KEYS = ("methodology", "sections", "elements", "indicators")
_ONE = {"sections": "раздел", "elements": "элемент", "indicators": "показатель"}
META_KEYS = ("id", "version", "title", "basis", "purpose", "period", "organization_types", "report")
REPORT_KEYS = ("title", "units", "use_of_results")
SECTION_KEYS = ("id", "title", "number")
ELEMENT_KEYS = ("id", "label", "type", "unit", "section", "source", "applies_to", "part_of", "hint", "max", "by",
                "note")
WAYS = ("share", "sum", "count", "formula")
INDICATOR_KEYS = ("id", "title", "section", "unit", *WAYS, "target", "cumulative", "source", "method", "by",
                  "better", "number", "note")
DIMENSION_KEYS = ("id", "title", "categories")
CATEGORY_KEYS = ("id", "title", "applies_to")
BETTER_VALUES = ("higher", "lower")
RULE_KEYS = ("check", "message")
TARGET_KEYS = ("at_least", "at_most")
PER_VALUES = ("organization", "total")
_PERIOD_KEY = re.compile(r"^\d{4}(/\d{4})?$")


def _is_period(key) -> bool:
    """A year (2024) or a school year («2023/2024») as a key of a per-period target."""
    return (isinstance(key, int) and not isinstance(key, bool)) or bool(_PERIOD_KEY.match(str(key)))
SHARE_KEYS = ("numerator", "denominator")

METHODOLOGY_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


class Builder:
    """Builds a Methodology from the YAML tree, reporting each structural fault as a Diagnostic."""

    def __init__(self, file: str):
        self.file = file
        self.diagnostics: list[Diagnostic] = []
        self.places = Places()

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
            return YamlList(pos=pos)
        if isinstance(value, YamlList):
            return value
        self.report("E103", pos, f"{what}: ожидался список («- …»), получено {_kind(value)}")
        return YamlList(pos=pos)

    def duplicates(self, node: YamlMap) -> None:
        for key, pos in node.duplicate_keys:
            self.report("E120", pos, f"ключ «{key}» указан дважды; учитывалось бы только последнее значение")

    def unknown_keys(self, node: YamlMap, allowed, what: str) -> None:
        for key in node:
            if key not in allowed:
                self.report(
                    "E119", node.key_pos[key],
                    f"неизвестный ключ «{key}» в описании {what}{suggestion(key, allowed)}; "
                    f"допустимы: {', '.join(allowed)}",
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
            self.report("E105", node.value_pos["id"], _id_message(value, pattern))
        return value

    def expression(self, node: YamlMap, key: str, what: str) -> Expression | None:
        value = node.get(key)
        pos = node.value_pos.get(key, node.pos)
        if key not in node or value is None or (isinstance(value, str) and value.strip() == ""):
            self.report("E102", pos if key in node else node.pos,
                        f"в описании {what} не указано выражение «{key}» (код элемента, число или формула)")
            return None
        if isinstance(value, (YamlMap, YamlList, bool)):
            self.report("E103", pos, f"«{key}» {what}: ожидалось выражение (код элемента, число или формула), "
                                     f"получено {_kind(value)}")
            return None
        text = str(value)
        try:
            return Expression(text, expressions.parse(text), pos)
        except expressions.ExpressionError as error:
            where = Pos(pos.line, pos.column + error.column - 1)
            self.report("E115", where, f"выражение «{shorten(text)}» {what} не разбирается: {error.message} "
                                       f"(символ {error.column} выражения)")
            return None

    def quantity(self, expression: Expression | None, what: str) -> None:
        """A share's parts, a sum and a formula are amounts; a condition there is a slip."""
        if expression is not None and expressions.is_comparison(expression.node):
            self.report("E124", expression.pos_of(expression.node.column),
                        f"{what}: «{shorten(expression.text)}» — условие, а нужна величина; "
                        f"условия пишут в count или в правилах (rules)")

    # -- the parts -------------------------------------------------------------------------

    def build(self, text: str, path: Path) -> Methodology | None:
        try:
            document = load(text)
        except YamlSyntaxError as error:
            self.report("E100", error.pos, error.message)
            return None
        if document is None:
            self.report("E101", Pos(1, 1), "файл методики пуст; нужны ключи " + ", ".join(TOP_KEYS))
            return None
        if not isinstance(document, YamlMap):
            self.report("E101", Pos(1, 1), f"файл методики должен быть словарём с ключами {', '.join(TOP_KEYS)}, "
                                           f"а в нём {_kind(document)}")
            return None
        self.duplicates(document)
        for key in document:
            if key not in TOP_KEYS:
                self.report(
                    "E101", document.key_pos[key],
                    f"неизвестный ключ верхнего уровня «{key}»{suggestion(key, TOP_KEYS)}; "
                    f"допустимы: {', '.join(TOP_KEYS)}",
                )
        for key in REQUIRED_TOP_KEYS:
            if key not in document:
                self.report("E102", document.pos, f"в файле методики нет обязательного ключа верхнего уровня «{key}»")

        meta = self.mapping(document.get("methodology"), document.value_pos.get("methodology", Pos(1, 1)),
                            "«methodology»") if "methodology" in document else None
        header = self.header(meta) if meta is not None else {}
        sections = self.items(document, "sections", self.section)
        dimensions = self.items(document, "dimensions", self.dimension) if "dimensions" in document else []
        elements = self.items(document, "elements", self.element)
        indicators = self.items(document, "indicators", self.indicator)
        rules = self.items(document, "rules", self.rule)
        for key in REQUIRED_TOP_KEYS[1:]:
            if key in document and not document[key]:
                self.report("E102", document.value_pos[key] if document[key] is not None else document.key_pos[key],
                            f"список «{key}» пуст; в методике нужен хотя бы один {_ONE[key]}")
        self.unique(sections, "раздела")
        self.unique(dimensions, "разбивки (dimensions)")
        self.unique(list(elements) + list(indicators), "элемента или показателя")
        return Methodology(
            id=header.get("id", ""),
            version=header.get("version", ""),
            title=header.get("title", ""),
            basis=header.get("basis", ""),
            purpose=header.get("purpose", ""),
            period=header.get("period", ""),
            organization_types=header.get("organization_types", dict(DEFAULT_ORGANIZATION_TYPES)),
            organization_types_declared="organization_types" in header,
            report=header.get("report", ReportSettings()),
            sections=tuple(sections),
            dimensions=tuple(dimensions),
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
                    built.append(self.places.remember(item, node))
        return built

    def unique(self, items: list, what: str) -> None:
        seen: dict[str, Pos] = {}
        for item in items:
            if not item.id:
                continue
            pos = self.places.value(item, "id")
            if item.id in seen:
                first = seen[item.id]
                self.report("E104", pos, f"идентификатор {what} «{item.id}» уже встречался в строке {first.line}")
            else:
                seen[item.id] = pos

    def header(self, meta: YamlMap) -> dict:
        what = "методики («methodology»)"
        self.unknown_keys(meta, META_KEYS, what)
        header = {
            "id": self.identifier(meta, what, METHODOLOGY_ID_PATTERN),
            "version": self.text(meta, "version", what),
            "title": self.text(meta, "title", what),
            "basis": self.text(meta, "basis", what, required=False),
            "purpose": self.text(meta, "purpose", what, required=False),
            "period": self.text(meta, "period", what, required=False),
        }
        if isinstance(meta.get("version"), float):
            # YAML reads 1.10 as the number 1.1: a methodist's «1.10» would silently become «1.1»
            self.report("W203", meta.value_pos["version"],
                        f"версия прочитана как число {meta['version']}: YAML отбрасывает нули в конце "
                        f"(1.10 становится 1.1); возьмите версию в кавычки, например version: \"1.10\"")
        if "report" in meta:
            header["report"] = self.report_settings(meta)
        if "organization_types" in meta:
            types = self.mapping(meta["organization_types"], meta.value_pos["organization_types"],
                                 "«organization_types» (тип: название, например «ОО: Общеобразовательная "
                                 "организация»)")
            if types is not None:
                header["organization_types"] = {str(k): str(v) for k, v in types.items()}
        return header

    def report_settings(self, meta: YamlMap) -> ReportSettings:
        """``report:``: what the report says that is the document's own — its title, the word for
        the units it counts, what the document says about the use of the results."""
        what = "«report» методики"
        node = self.mapping(meta["report"], meta.value_pos["report"], what)
        if node is None:
            return ReportSettings()
        self.unknown_keys(node, REPORT_KEYS, what)
        units = self.text(node, "units", what, required=False)
        if units and units not in formatting.NOUNS:
            self.report("E129", node.value_pos["units"],
                        f"«units» {what}: неизвестное слово «{units}»{suggestion(units, formatting.NOUNS)}; "
                        f"допустимы: {', '.join(formatting.NOUNS)}")
            units = ""
        return ReportSettings(title=self.text(node, "title", what, required=False), units=units,
                              use_of_results=self.text(node, "use_of_results", what, required=False))

    def section(self, node: YamlMap) -> Section:
        self.unknown_keys(node, SECTION_KEYS, "раздела")
        id = self.identifier(node, "раздела")
        return Section(id=id, title=self.text(node, "title", f"раздела «{id}»"),
                       number=self.number(node, f"раздела «{id}»"), pos=node.pos)

    def number(self, node: YamlMap, what: str) -> str:
        """``number: "10.6"``: the document's own numbering, digits and dots."""
        if "number" not in node:
            return ""
        value = node["number"]
        text = str(value).strip() if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""
        if not re.fullmatch(r"\d+(?:\.\d+)*", text):
            self.report("E103", node.value_pos["number"],
                        f"«number» {what}: ожидался номер из цифр и точек в кавычках (например, \"10.6\"), "
                        f"получено {_kind(value)}")
            return ""
        return text

    def dimension(self, node: YamlMap):
        """A breakdown: ``{id: level, title: Уровень образования, categories: [{id: noo, title: …}, …]}``."""
        self.unknown_keys(node, DIMENSION_KEYS, "разбивки")
        id = self.identifier(node, "разбивки")
        what = f"разбивки «{id}»" if id else "разбивки"
        categories = []
        if "categories" not in node:
            self.report("E102", node.pos, f"у {what} не указаны категории (categories)")
        else:
            values = self.sequence(node["categories"], node.value_pos["categories"], f"«categories» {what}")
            for value, pos in zip(values, values.item_pos):
                item = self.mapping(value, pos, f"категория {what}")
                if item is None:
                    continue
                self.unknown_keys(item, CATEGORY_KEYS, f"категории {what}")
                category_id = self.identifier(item, f"категории {what}")
                category = Category(category_id, self.text(item, "title", f"категории {what}"),
                                    self.org_types(item, f"категории «{category_id}» {what}"), pos=item.pos)
                categories.append(self.places.remember(category, item))
            if not values:
                self.report("E102", node.value_pos["categories"], f"список категорий {what} пуст")
        self.unique(categories, f"категории {what}")
        return Dimension(id=id, title=self.text(node, "title", what), categories=tuple(categories), pos=node.pos)

    def element(self, node: YamlMap) -> Element:
        id = self.identifier(node, "элемента")
        what = f"элемента «{id}»" if id else "элемента"
        self.unknown_keys(node, ELEMENT_KEYS, what)
        type = self.text(node, "type", what)
        if type and type not in ELEMENT_TYPES:
            self.report(
                "E118", node.value_pos["type"],
                f"неизвестный вид «{type}» {what}{suggestion(type, ELEMENT_TYPES)}; допустимы: "
                f"{', '.join(ELEMENT_TYPES)}",
            )
        part_of = self.text(node, "part_of", what, required=False) or None
        plausible = self.plausible(node, what, type) if "max" in node else None
        return Element(
            id=id,
            label=self.text(node, "label", what),
            type=type,
            section=self.text(node, "section", what),
            unit=self.text(node, "unit", what, required=False),
            source=self.text(node, "source", what, required=False),
            applies_to=self.org_types(node, what),
            part_of=part_of,
            hint=self.text(node, "hint", what, required=False),
            max=plausible,
            by=self.text(node, "by", what, required=False),
            pos=node.pos,
        )

    def org_types(self, node: YamlMap, what: str) -> tuple[str, ...]:
        """``applies_to``: the organization types, as a list or one type without brackets."""
        applies = node.get("applies_to")
        if isinstance(applies, (YamlMap, YamlList)) or applies is None:
            applies = self.sequence(applies, node.value_pos.get("applies_to", node.pos), f"«applies_to» {what}")
        else:
            applies = [applies]  # a single type written without brackets
        for index, org_type in enumerate(applies):
            if isinstance(org_type, (YamlMap, YamlList)) or org_type is None:
                self.report("E103", self.list_item_pos(node, "applies_to", index),
                            f"«applies_to» {what}: ожидался тип организации (например, ОО), получено {_kind(org_type)}")
        return tuple(str(a) for a in applies if not isinstance(a, (YamlMap, YamlList)) and a is not None)

    def plausible(self, node: YamlMap, what: str, type: str) -> float | None:
        """``max``: the largest value that is still plausible; a larger one is a typing mistake."""
        value, pos = node["max"], node.value_pos["max"]
        if type in ("flag", "text"):
            self.report("E125", pos, f"«max» {what}: предел задаётся только для чисел, а элемент — "
                                     f"{'да/нет' if type == 'flag' else 'текст'}")
        elif isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            self.report("E125", pos, f"«max» {what}: ожидалось число, получено {_kind(value)}")
        elif value <= 0:
            self.report("E125", pos, f"«max» {what}: предел правдоподобия должен быть больше 0, получено {value:g}")
        else:
            return float(value)
        return None

    @staticmethod
    def list_item_pos(node: YamlMap, key: str, index: int) -> Pos:
        value = node.get(key)
        if isinstance(value, YamlList) and index < len(value.item_pos):
            return value.item_pos[index]
        return node.value_pos.get(key, node.pos)

    def indicator(self, node: YamlMap) -> Indicator:
        id = self.identifier(node, "показателя")
        what = f"показателя «{id}»" if id else "показателя"
        self.unknown_keys(node, INDICATOR_KEYS, what)
        ways = [key for key in node if key in WAYS]  # in the file's order
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
            share = self.mapping(node["share"], node.value_pos["share"],
                                 f"«share» {what} (нужно {{numerator: …, denominator: …}})")
            if share is not None:
                self.unknown_keys(share, SHARE_KEYS, f"доли {what}")
                numerator = self.expression(share, "numerator", f"числителя {what}")
                denominator = self.expression(share, "denominator", f"знаменателя {what}")
                self.quantity(numerator, f"числитель {what}")
                self.quantity(denominator, f"знаменатель {what}")
        elif kind:
            expression = self.expression(node, kind, what)
            if kind != "count":
                self.quantity(expression, f"«{kind}» {what}")
        cumulative = node.get("cumulative", False)
        if not isinstance(cumulative, bool):
            self.report("E103", node.value_pos["cumulative"],
                        f"«cumulative» {what}: ожидалось true или false, получено {_kind(cumulative)}")
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
            target=self.target(node, what, kind) if "target" in node else None,
            cumulative=cumulative,
            source=self.text(node, "source", what, required=False),
            method=self.text(node, "method", what, required=False),
            by=self.text(node, "by", what, required=False),
            number=self.number(node, what),
            better=self.better(node, what),
            pos=node.pos,
        )

    def better(self, node: YamlMap, what: str) -> str:
        """``better: higher | lower``: the direction in which a change is a positive result."""
        if "better" not in node:
            return ""
        value = node["better"]
        if value not in BETTER_VALUES:
            self.report("E103", node.value_pos["better"],
                        f"«better» {what}: ожидалось higher (рост — положительный результат) или lower "
                        f"(снижение — положительный результат), получено {_kind(value)}")
            return ""
        return value

    def target(self, node: YamlMap, what: str, kind: str) -> Target | None:
        value, pos = node["target"], node.value_pos["target"]
        if not isinstance(value, YamlMap):
            self.report("E123", pos, f"целевое значение {what}: ожидался словарь вида {{at_least: 200}} "
                                     f"или {{at_most: 5}}, получено {_kind(value)}")
            return None
        self.duplicates(value)
        periods = [key for key in value if _is_period(key)]
        if periods:
            return self.target_by_period(value, periods, what, kind)
        return self.bounds(value, what, kind)

    def target_by_period(self, value: YamlMap, periods: list, what: str, kind: str) -> Target:
        """``{2022: {at_least: 100}, 2023: {at_least: 150}, per: organization}``"""
        by_period = []
        for key in value:
            if key in periods:
                bounds = value[key]
                if not isinstance(bounds, YamlMap):
                    self.report("E123", value.value_pos[key], f"целевое значение {what} на {key}: ожидался словарь "
                                                             f"вида {{at_least: 200}}, получено {_kind(bounds)}")
                    continue
                self.duplicates(bounds)
                target = self.bounds(bounds, f"{what} на {key}", kind, allow_per=False)
                by_period.append((str(key), target))
            elif key != "per":
                self.report("E119", value.key_pos[key],
                            f"в целевом значении {what} по периодам допустимы только годы (2024 или «2023/2024») "
                            f"и per, получено «{key}»")
        return Target(per_organization=self.per(value, what), by_period=tuple(by_period), pos=value.pos)

    def per(self, value: YamlMap, what: str) -> bool:
        if "per" not in value:
            return False
        if value["per"] not in PER_VALUES:
            self.report("E123", value.value_pos["per"], f"«per» {what}: ожидалось «organization» (цель для каждой "
                                                        f"организации) или «total» (для муниципалитета), "
                                                        f"получено {_kind(value['per'])}")
            return False
        return value["per"] == "organization"

    def bounds(self, value: YamlMap, what: str, kind: str, allow_per: bool = True) -> Target:
        self.unknown_keys(value, TARGET_KEYS + (("per",) if allow_per else ()), f"целевого значения {what}")
        bounds = {}
        for key in TARGET_KEYS:
            if key not in value:
                continue
            bound = value[key]
            if isinstance(bound, bool) or not isinstance(bound, (int, float)) or bound != bound:
                self.report("E123", value.value_pos[key], f"«{key}» {what}: ожидалось число, получено {_kind(bound)}")
            elif kind == "share" and not 0 <= bound <= 100:
                self.report("E123", value.value_pos[key],
                            f"«{key}» {what}: доля измеряется в процентах от 0 до 100, получено {bound:g}")
            else:
                bounds[key] = float(bound)
        known = TARGET_KEYS + ("per",)
        if not any(key in value for key in TARGET_KEYS) and not any(key not in known for key in value):
            self.report("E123", value.pos, f"целевое значение {what}: укажите at_least или at_most")
        low, high = bounds.get("at_least"), bounds.get("at_most")
        if low is not None and high is not None and low > high:
            self.report("E123", value.value_pos["at_most"],
                        f"целевое значение {what}: at_least ({low:g}) больше at_most ({high:g})")
        per = self.per(value, what) if allow_per else False
        return Target(pos=value.pos, per_organization=per, **bounds)

    def rule(self, node: YamlMap) -> Rule | None:
        self.unknown_keys(node, RULE_KEYS, "правила")
        check = self.expression(node, "check", "правила")
        message = self.text(node, "message", "правила")
        if check is not None and not expressions.is_comparison(check.node):
            self.report("E121", check.pos, f"проверка правила «{shorten(check.text)}» должна быть сравнением "
                                           f"(например, a <= b)")
        return Rule(check=check, message=message, pos=node.pos) if check is not None else None


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def _id_message(value: str, pattern: re.Pattern) -> str:
    """Why an id is not snake_case, with the id it probably should be."""
    if pattern is METHODOLOGY_ID_PATTERN:
        return (f"идентификатор методики «{value}» должен состоять из строчных латинских букв, цифр "
                f"и знаков «_», «-», «.» (например, mosalsk-2021)")
    base = f"идентификатор «{value}» должен состоять из строчных латинских букв, цифр и «_» и начинаться с буквы"
    if not value.isascii():
        letters = "», «".join(dict.fromkeys(c for c in value if not c.isascii()))
        latin = expressions.latin_lookalike(value)
        if latin and ID_PATTERN.match(latin):
            return f"{base}: буквы «{letters}» в нём кириллические (возможно, имелось в виду «{latin}»)"
        return f"{base}: в нём есть нелатинские символы («{letters}»)"
    fixed = re.sub(r"[^a-z0-9]+", "_", _CAMEL.sub("_", value).lower()).strip("_")
    if fixed != value and ID_PATTERN.match(fixed):
        return f"{base} (возможно, имелось в виду «{fixed}»)"
    return f"{base} (например, pupils_5_11)"


def _kind(value) -> str:
    if isinstance(value, YamlMap):
        return "словарь"
    if isinstance(value, YamlList):
        return "список"
    if value is None:
        return "пустое значение"
    return f"«{shorten(value)}»"
