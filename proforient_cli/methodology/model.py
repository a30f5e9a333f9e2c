"""The methodology as the program sees it: frozen dataclasses built from ``indicators.yaml``.

Nothing here reads files; see :mod:`proforient_cli.methodology.load` for that.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from proforient_cli.core import formatting
from proforient_cli.core.invisible import INVISIBLE
from proforient_cli.methodology.expressions import Node, names, split_name
from proforient_cli.methodology.yaml_nodes import Pos

ELEMENT_TYPES = ("count", "number", "flag", "text")
DEFAULT_ORGANIZATION_TYPES = {
    "ОО": "Общеобразовательная организация",
    "ДОО": "Дошкольная образовательная организация",
    "УДО": "Организация дополнительного образования",
}
NOWHERE = Pos(0, 0)


@dataclass(frozen=True)
class Expression:
    """An expression as written in the file, its parsed tree and where it stands."""

    text: str
    node: Node
    pos: Pos = NOWHERE

    def pos_of(self, column: int) -> Pos:
        """The file position of a column (1-based) within the expression text."""
        return Pos(self.pos.line, self.pos.column + column - 1)

    @cached_property
    def names(self) -> list[str]:
        """The element and indicator ids the expression uses, each once (kept: every file asks)."""
        return names(self.node)


@dataclass(frozen=True)
class Category:
    id: str
    title: str
    applies_to: tuple[str, ...] = ()  # organization types that have this category; empty: every one
    pos: Pos = NOWHERE

    def applies(self, org_type: str | None) -> bool:
        """Whether an organization of this type reports the category (a kindergarten has no
        10–11 classes); an unknown type reports all."""
        return not self.applies_to or not org_type or org_type in self.applies_to


@dataclass(frozen=True)
class Dimension:
    """A breakdown (disaggregation): an element with ``by`` has one input per category."""

    id: str
    title: str
    categories: tuple[Category, ...] = ()
    pos: Pos = NOWHERE

    def category(self, id: str) -> Category | None:
        return next((c for c in self.categories if c.id == id), None)


@dataclass(frozen=True)
class ReportSettings:
    """``report:`` of the methodology: what the report says that is the document's own."""

    title: str = ""  # the report's title, when the document names its report («Отчет о ходе реализации …»)
    units: str = ""  # the word for the units it counts: «организации» (the default) or «подразделения»
    use_of_results: str = ""  # what the document says about the use of results (seed 002 §12), quoted

    @property
    def noun(self) -> formatting.Noun:
        return formatting.NOUNS.get(self.units, formatting.ORGANIZATION)


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    number: str = ""  # the document's own number («10.6»); the report numbers it in order otherwise
    pos: Pos = NOWHERE


@dataclass(frozen=True)
class Element:
    """What an organization types into its template: one row of the data sheet."""

    id: str
    label: str
    type: str  # count | number | flag | text
    section: str
    unit: str = ""
    source: str = ""
    applies_to: tuple[str, ...] = ()  # organization types; empty means every organization
    part_of: str | None = None
    hint: str = ""
    max: float | None = None  # the largest plausible value; a larger one is a typing mistake
    by: str = ""  # a dimension: one input per category, «events[noo]»; the bare id is their sum
    pos: Pos = NOWHERE

    def applies(self, org_type: str | None) -> bool:
        """Whether an organization of this type reports the element (an unknown type reports all)."""
        return not self.applies_to or not org_type or org_type in self.applies_to

    @property
    def is_numeric(self) -> bool:
        return self.type in ("count", "number")


@dataclass(frozen=True)
class Target:
    """A goal for an indicator's value: «не менее 200», «не более 5».

    ``per_organization``: every organization's own value is judged («3 раза в год» in each
    school) instead of the municipal value. ``by_period``: a roadmap's goal for each year;
    :meth:`for_period` picks the one in force.
    """

    at_least: float | None = None
    at_most: float | None = None
    per_organization: bool = False
    by_period: tuple[tuple[str, "Target"], ...] = ()
    pos: Pos = NOWHERE

    def for_period(self, period: str | None) -> "Target | None":
        """The bounds in force for a reporting period («2024», «по состоянию на 31 мая 2024 г.»).

        A per-period goal is found by the period written exactly, else by the last year the
        period names (the 2023/2024 school year is judged by the 2024 goal).

        >>> Target(by_period=(("2023", Target(at_least=100.0)), ("2024", Target(at_least=150.0)))).for_period(
        ...     "2023/2024 учебный год").at_least
        150.0
        """
        if not self.by_period:
            return self
        periods = dict(self.by_period)
        text = " ".join((period or "").split())
        if text in periods:
            found = periods[text]
        else:
            years = re.findall(r"(?<!\d)(\d{4})(?!\d)", text)
            found = periods.get(years[-1]) if years else None
        if found is None:
            return None
        return Target(found.at_least, found.at_most, self.per_organization or found.per_organization, (), found.pos)

    def as_text(self) -> str:
        """The machine-readable form used in results.csv: ``>=200``, ``<=5``, ``>=1;<=3``."""
        parts = []
        if self.at_least is not None:
            parts.append(f">={self.at_least:g}")
        if self.at_most is not None:
            parts.append(f"<={self.at_most:g}")
        return ";".join(parts)


@dataclass(frozen=True)
class Indicator:
    """What the report shows, computed one way (``kind``) from elements and other indicators."""

    id: str
    title: str
    section: str
    kind: str  # share | sum | count | formula
    unit: str = ""
    numerator: Expression | None = None  # share
    denominator: Expression | None = None  # share
    expression: Expression | None = None  # sum, count, formula
    target: Target | None = None
    cumulative: bool = False
    source: str = ""
    method: str = ""  # the order's own «Метод расчета» wording, when given
    by: str = ""  # a dimension: one value per category instead of one in all
    number: str = ""  # the document's own number of the row («2.3»)
    better: str = ""  # «higher» or «lower»: the direction in which a change is a positive result
    pos: Pos = NOWHERE

    @property
    def display_unit(self) -> str:
        return "%" if self.kind == "share" else self.unit

    def references(self) -> list[str]:
        """The ids of elements and indicators this indicator is computed from."""
        found: list[str] = []
        for expression in (self.numerator, self.denominator, self.expression):
            for name in expression.names if expression else ():
                if name not in found:
                    found.append(name)
        return found


@dataclass(frozen=True)
class Rule:
    """A consistency check a submission must pass, with the message a school sees."""

    check: Expression
    message: str
    pos: Pos = NOWHERE


@dataclass(frozen=True)
class Methodology:
    id: str
    version: str
    title: str
    basis: str = ""
    purpose: str = ""  # «Цель мониторинга», as the document words it: the report's introduction quotes it
    period: str = ""
    organization_types: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_ORGANIZATION_TYPES))
    # False when the file names no types: the defaults above are then a guess, and a roster
    # or a template may name other types without being wrong.
    organization_types_declared: bool = False
    report: ReportSettings = field(default_factory=ReportSettings)
    sections: tuple[Section, ...] = ()
    dimensions: tuple[Dimension, ...] = ()
    elements: tuple[Element, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    rules: tuple[Rule, ...] = ()
    path: Path | None = None

    def element(self, id: str) -> Element | None:
        """The element of an id, or of one of its categories («events[noo]» → events)."""
        found = self._elements_by_id.get(id)
        if found is None and id.endswith("]"):
            found = self._elements_by_id.get(split_name(id)[0])
        return found

    @property
    def has_breakdowns(self) -> bool:
        """Whether an indicator gives a value per category (results.csv then has a ``category`` column)."""
        return any(i.by for i in self.indicators)

    @cached_property
    def section_numbers(self) -> dict[str, str]:
        """Each section's number in the report and in every template: the document's own
        (``number``), else its place among the sections that have indicators (a section of
        elements only follows them)."""
        with_indicators = [s for s in self.sections if any(i.section == s.id for i in self.indicators)]
        others = [s for s in self.sections if s not in with_indicators]
        return {s.id: s.number or str(place) for place, s in enumerate(with_indicators + others, start=1)}

    def dimension(self, id: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.id == id), None)

    def categories(self, element: Element | Indicator) -> tuple[Category, ...]:
        """The categories of an element's or an indicator's breakdown; none without ``by``."""
        dimension = self.dimension(element.by) if element.by else None
        return dimension.categories if dimension else ()

    def categories_for(self, element: Element, org_type: str | None) -> tuple[Category, ...]:
        """The categories of an element an organization of this type reports."""
        return tuple(c for c in self.categories(element) if c.applies(org_type))

    def inputs(self, element: Element, org_type: str | None) -> list[str]:
        """The «Код» cells an organization of this type fills for an element: one per category it
        has («pupils[noo]», «pupils[ooo]»), or the element's own."""
        if not element.by:
            return [element.id]
        return [f"{element.id}[{c.id}]" for c in self.categories_for(element, org_type)]

    def applies(self, key: str, org_type: str | None) -> bool:
        """Whether an organization of this type reports a value: an element («events»), or one
        category of it («events[noo]»). An element's total covers the categories the type has."""
        element = self.element(key)
        if element is None or not element.applies(org_type):
            return False
        category = split_name(key)[1]
        if not category:
            return not element.by or bool(self.categories_for(element, org_type))
        dimension = self.dimension(element.by)
        found = dimension.category(category) if dimension else None
        return found is not None and found.applies(org_type)

    def label(self, key: str) -> str:
        """What a person reads for a value: the element's label, with the category for one of a
        breakdown («Количество обучающихся (основное общее образование)»), or an indicator's title."""
        element = self.element(key)
        if element is None:
            indicator = self.indicator(key)
            return indicator.title if indicator is not None else key
        category = split_name(key)[1]
        dimension = self.dimension(element.by) if category and element.by else None
        found = dimension.category(category) if dimension else None
        if found is None:
            return element.label
        title = found.title[:1].lower() + found.title[1:]
        if "(" in element.label or "(" in title:  # no parentheses within parentheses
            return f"{element.label}\u00a0— {title}"
        return f"{element.label} ({title})"

    def keys(self, element: Element) -> list[str]:
        """The values an element gives: one per category («events[noo]», …), then the element's own
        (their sum, for an element with ``by``)."""
        found = self._keys_by_id.get(element.id)
        if found is None:  # an element not of this methodology
            found = [f"{element.id}[{c.id}]" for c in self.categories(element)] + [element.id]
        return found

    @cached_property
    def _keys_by_id(self) -> dict[str, list[str]]:  # asked for every element of every file
        return {e.id: [f"{e.id}[{c.id}]" for c in self.categories(e)] + [e.id] for e in self.elements}

    def indicator(self, id: str) -> Indicator | None:
        """The indicator of an id, or of one of its categories' results («events_by_level[noo]»)."""
        found = self._indicators_by_id.get(id)
        if found is None and id.endswith("]"):
            found = self._indicators_by_id.get(split_name(id)[0])
        return found

    @cached_property
    def parts(self) -> dict[str, str]:
        """Indicators that are «в том числе» parts of another of their section: the sum of one
        element that is ``part_of`` the element an earlier indicator of the section sums, over the
        same periods (both cumulative or neither). Indicator id → the whole's id."""
        sums = {}
        for indicator in self.indicators:
            names = indicator.expression.names if indicator.kind == "sum" and indicator.expression else []
            if len(names) == 1 and not indicator.by:
                sums[indicator.id] = names[0]
        by_element = {(self.indicator(i).section, element): i for i, element in sums.items()}
        place = {indicator.id: index for index, indicator in enumerate(self.indicators)}
        found = {}
        for indicator_id, element_id in sums.items():
            element, part = self.element(element_id), self.indicator(indicator_id)
            whole = by_element.get((part.section, element.part_of)) if element else None
            if whole is not None and place[whole] < place[indicator_id] and \
                    self.indicator(whole).cumulative == part.cumulative:
                found[indicator_id] = whole
        return found

    def result_keys(self) -> list[tuple[str, Indicator, str]]:
        """Every result an indicator gives, in the file's order: (key, indicator, category id);
        the key is the indicator's id, or «id[category]» for each category of a breakdown."""
        return [(f"{i.id}[{c.id}]" if c else i.id, i, c.id if c else "")
                for i in self.indicators for c in (self.categories(i) or (None,))]

    @cached_property
    def _elements_by_id(self) -> dict[str, Element]:  # built once: looked up for every cell
        return {e.id: e for e in self.elements}

    def element_by_code(self, code: str) -> Element | None:
        """The element a template's «Код» cell names, however it was retyped: «Pupils_5_11 »,
        with a zero-width space pasted in — case, surrounding spaces and invisible characters aside."""
        return self._elements_by_folded_id.get(_fold_code(code))

    @cached_property
    def _elements_by_folded_id(self) -> dict[str, Element]:
        return {_fold_code(e.id): e for e in self.elements}

    @cached_property
    def _indicators_by_id(self) -> dict[str, Indicator]:
        return {i.id: i for i in self.indicators}

    def elements_for(self, org_type: str | None) -> list[Element]:
        """The elements an organization of this type reports, in the file's order."""
        found = self._elements_for.get(org_type)
        if found is None:  # asked for every file: once per type
            found = self._elements_for[org_type] = [e for e in self.elements if self.applies(e.id, org_type)]
        return list(found)

    @cached_property
    def _elements_for(self) -> dict[str | None, list[Element]]:
        return {}

    @cached_property
    def part_pairs(self) -> tuple[tuple[str, str, Element], ...]:
        """Every (part, whole) a check «a part is not above its whole» compares, with the part's
        element: each element with ``part_of``, and, for a part with its whole's breakdown, each
        category against the same category («covered[noo]» against «pupils[noo]») first."""
        pairs = []
        for part in self.elements:
            whole = self.element(part.part_of) if part.part_of else None
            if whole is None:
                continue
            if part.by and part.by == whole.by and part.part_of == whole.id:
                pairs.extend((f"{part.id}[{c.id}]", f"{whole.id}[{c.id}]", part) for c in self.categories(part))
            pairs.append((part.id, part.part_of, part))
        return tuple(pairs)

    def parts_of(self, whole: str) -> list[Element]:
        return [e for e in self.elements if e.part_of == whole]

    @cached_property
    def fingerprint(self) -> str:
        """A short hash of what a template's rows mean; a template of other definitions differs."""
        definition = [self.id, self.version] + [
            [e.id, e.type, e.part_of or "", sorted(e.applies_to)] + ([self.keys(e)] if e.by else [])
            + ([[c.id, sorted(c.applies_to)] for c in self.categories(e) if c.applies_to] if e.by else [])
            for e in self.elements
        ]
        digest = hashlib.sha256(json.dumps(definition, ensure_ascii=False).encode("utf-8"))
        return digest.hexdigest()[:16]


def _fold_code(code: str) -> str:
    return "".join(INVISIBLE.sub("", str(code)).split()).casefold()
