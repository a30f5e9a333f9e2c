"""Regenerate the example district in ``examples/data`` from the tool's own templates.

    python examples/make_examples.py

The roster ``examples/roster.csv`` describes a fictional district. Every organization but one
gets the template `proforient template` would send it, filled as a school would fill it: by the
«Код» column, in the «Значение» column, with openpyxl. The values are fictional and fixed by a
seed, so the data set (and the golden report in ``tests/golden``) can be regenerated. A few files
carry the mistakes methodists meet every year; MISTAKES below lists them.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
from pathlib import Path

from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from proforient_cli.methodology.expressions import Binary, Name, evaluate, names  # noqa: E402
from proforient_cli.template.layout import CODE_HEADER, META_SHEET, VALUE_HEADER  # noqa: E402
from proforient_cli.methodology.model import Element, Methodology  # noqa: E402
from proforient_cli.methodology.load import load_methodology  # noqa: E402
from proforient_cli.intake.roster import read_roster  # noqa: E402
from proforient_cli.template.workbook import write_templates  # noqa: E402

PERIOD = "2024"
NOT_SENT = "4006"  # this school never sent its file: the report names it
TEXT_ANSWERS = {
    "labour_associations_list": [
        "Трудовая бригада (благоустройство), школьное лесничество, учебно-опытный участок",
        "Ученическая производственная бригада, отряд «Юный волонтёр»",
        "Школьное лесничество «Берёзка», трудовой отряд «Юнармия»",
    ],
    "udo_directions": ["техническое, естественнонаучное, художественное, социально-гуманитарное"],
    "municipal_program_details": [
        "Муниципальная программа «Развитие образования в МР «Мосальский район»», "
        "постановление администрации района от 15.01.2021 № 12",
    ],
    "regulatory_documents_federal": ["Федеральный закон от 29.12.2012 № 273-ФЗ «Об образовании в Российской Федерации»"],
    "regulatory_documents_regional": ["Государственная программа Калужской области «Развитие общего и дополнительного образования»"],
    "regulatory_documents_municipal": ["Приказ отдела образования от 07.06.2021 № 124 о мониторинге; приказ от 10.02.2021 № 28"],
}
STAFF = ("teachers", "psychologists", "mentors", "staff")
# file code → {element id → what the school typed instead of a proper value}
MISTAKES = {
    "4002": {"image_events": "12 чел.", "pupils_total": None},
    "4004": {"pupils_5_11_surveyed": 900},  # more than all pupils of grades 5–11
    "4005": {"teachers_in_guidance": "—", "has_guidance_program": "может быть"},
}
LAST_YEARS_TEMPLATE = "4008"  # filled from last year's template: excluded, the report says why


def find_rows(sheet) -> dict[str, int]:
    """The row of each code in a template's data table, found by the «Код» caption."""
    for row in sheet.iter_rows():
        captions = {str(c.value).strip(): c.column for c in row if isinstance(c.value, str)}
        if CODE_HEADER in captions and VALUE_HEADER in captions:
            code_column, header_row = captions[CODE_HEADER], row[0].row
            return {
                str(sheet.cell(r, code_column).value).strip(): r
                for r in range(header_row + 1, sheet.max_row + 1)
                if sheet.cell(r, code_column).value
            }, captions[VALUE_HEADER]
    raise ValueError(f"no «{CODE_HEADER}»/«{VALUE_HEADER}» header in {sheet.title}")


def fill_template(template: Path, values: dict[str, object], target: Path) -> Path:
    """Type the values into a template by code, as a school would, and save it as ``target``."""
    book = load_workbook(template)
    sheet = book.worksheets[0]
    rows, value_column = find_rows(sheet)
    for code, value in values.items():
        if code in rows:
            sheet.cell(rows[code], value_column).value = value
    book.save(target)
    return target


def upper_bounds(methodology: Methodology) -> dict[str, list]:
    """For each element, the expressions it must not exceed: its whole and the rules' right sides."""
    bounds: dict[str, list] = {}
    for element in methodology.elements:
        if element.part_of:
            bounds.setdefault(element.id, []).append(Name(element.part_of, 0))
    for rule in methodology.rules:
        node = rule.check.node
        if isinstance(node, Binary) and node.op in ("<=", ">="):
            small, big = (node.left, node.right) if node.op == "<=" else (node.right, node.left)
            if isinstance(small, Name):
                bounds.setdefault(small.id, []).append(big)
    return bounds


def fictional_values(methodology: Methodology, elements: list[Element], rng: random.Random) -> dict[str, object]:
    """Plausible values: within their wholes and the rules' bounds, flags mostly «да»."""
    reported = {e.id for e in elements}
    bounds = upper_bounds(methodology)
    values: dict[str, object] = {}

    def generate(element: Element) -> None:
        if element.id in values:
            return
        if element.type == "flag":
            values[element.id] = "да" if rng.random() < 0.75 else "нет"
            return
        if element.type == "text":
            values[element.id] = rng.choice(TEXT_ANSWERS.get(element.id, ["Ответ организации"]))
            return
        limit = None
        for bound in bounds.get(element.id, []):
            needed = [methodology.element(n) for n in names(bound) if n in reported]
            if len(needed) != len(names(bound)):
                continue  # the bound uses an element this organization does not report
            for other in needed:
                generate(other)
            value = evaluate(bound, lambda n: float(values[n]))
            limit = value if limit is None else min(limit, value)
        if element.part_of in reported:  # siblings share their whole
            siblings = sum(values.get(p.id, 0) for p in methodology.parts_of(element.part_of) if p.id != element.id)
            limit = min(limit, values[element.part_of] - siblings)
        if limit is not None:
            values[element.id] = rng.randint(int(limit) // 3, int(limit)) if limit >= 1 else 0
        elif element.id.startswith(STAFF):
            values[element.id] = rng.randint(8, 45)
        elif element.unit == "чел.":
            values[element.id] = rng.randint(40, 400)
        else:
            values[element.id] = rng.randint(0, 12)

    for element in elements:
        generate(element)
    return values


def generate(methodology_path: Path, roster_path: Path, data: Path, period: str, not_sent=(),
             mistakes: dict | None = None, last_years=(), seed: int = 0,
             values_for=None) -> list[Path]:
    """Write the filled files of a fictional district into ``data`` (emptied first).

    ``not_sent``: codes that send nothing; ``mistakes``: code → {element id → what was typed};
    ``last_years``: codes whose file was filled from last year's template; ``values_for``:
    an optional function (organization, values) → values to adjust the fictional values.
    """
    methodology = load_methodology(methodology_path)
    roster = read_roster(roster_path, known_types=methodology.organization_types)
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    written = []
    with tempfile.TemporaryDirectory() as folder:
        templates = write_templates(methodology, roster, Path(folder), period=period)
        for organization, template in zip(roster, templates):
            if organization.code in not_sent:
                continue
            rng = random.Random(seed + int("".join(ch for ch in organization.code if ch.isdigit()) or 0))
            values = fictional_values(methodology, methodology.elements_for(organization.type), rng)
            if values_for is not None:
                values = values_for(organization, values)
            values.update((mistakes or {}).get(organization.code, {}))
            target = fill_template(template, values, data / template.name)
            if organization.code in last_years:
                book = load_workbook(target)
                for row in book[META_SHEET].iter_rows():
                    if row[0].value == "methodology_version":
                        row[1].value = "0"
                book.save(target)
            written.append(target)
    return written


def main() -> None:
    for path in generate(ROOT.parent / "indicators.yaml", ROOT / "roster.csv", ROOT / "data", PERIOD,
                         not_sent=(NOT_SENT,), mistakes=MISTAKES, last_years=(LAST_YEARS_TEMPLATE,)):
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
