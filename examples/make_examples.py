"""Regenerate the example district in ``examples/data`` from the tool's own templates.

    python examples/make_examples.py

The roster ``examples/roster.csv`` describes a fictional district. Every organization but one
gets the template `proforient template` would send it, filled as a school would fill it: by the
«Код» column, in the «Значение» column, with openpyxl. The values are fictional and fixed by a
seed, so the data set (and the golden report in ``tests/golden``) can be regenerated. A few files
carry the mistakes methodists meet every year; MISTAKES below lists them.

The head counts of the district's own example are those of schools of their size (SCHOOLS,
:func:`plausible`): a town school of some 600 pupils, village schools of 200, and basic schools
(ООШ, «основная общеобразовательная школа») of 80 pupils that teach grades 1–9 only, so report no
graduates of grade 11 and no profile classes; the staff counts are a school's.
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

from proforient_cli.core.ooxml import save_workbook  # noqa: E402
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
# The district's schools: code → all pupils. A basic school (ООШ) has grades 1–9 only.
SCHOOLS = {"4001": 640, "4002": 585, "4003": 214, "4004": 86, "4005": 187, "4006": 72}
BASIC_SCHOOL = "основная общеобразовательная школа"
STAFF_OF = {"ДОО": 18, "УДО": 24}  # teaching and managing staff of a kindergarten, of the УДО


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
    save_workbook(book, target)  # in UTF-8, as Excel saves a file
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
            terms = _terms(small)
            # «a + b <= c»: a at most c, b at most what a left of c
            for index, term in enumerate(terms or ()):
                bound = big
                for earlier in terms[:index]:
                    bound = Binary("-", bound, earlier, 0)
                bounds.setdefault(term.id, []).append(bound)
    return bounds


def lower_bounds(methodology: Methodology) -> dict[str, list]:
    """For each element, the expressions it must be at least: the small sides of the rules whose
    big side it is alone («graduates_9_to_poo <= graduates_to_poo»)."""
    bounds: dict[str, list] = {}
    for rule in methodology.rules:
        node = rule.check.node
        if isinstance(node, Binary) and node.op in ("<=", ">="):
            small, big = (node.left, node.right) if node.op == "<=" else (node.right, node.left)
            if isinstance(big, Name):
                bounds.setdefault(big.id, []).append(small)
    return bounds


def _terms(node) -> list | None:
    """The elements of a sum («a + b + c»), or None when the side is anything else."""
    if isinstance(node, Name):
        return [node]
    if isinstance(node, Binary) and node.op == "+":
        left, right = _terms(node.left), _terms(node.right)
        return left + right if left is not None and right is not None else None
    return None


def fictional_values(methodology: Methodology, elements: list[Element], rng: random.Random) -> dict[str, object]:
    """Plausible values: within their wholes and the rules' bounds, flags mostly «да».

    An element is drawn once every bound it has is known (its whole, «a + b <= c»'s c and what a
    left of it), at least the rules' small sides already drawn; where bounds go round in a circle,
    the first element left is drawn with the bounds known so far.
    """
    reported = {e.id for e in elements}
    ceilings, floors = upper_bounds(methodology), lower_bounds(methodology)
    values: dict[str, object] = {}
    IRRELEVANT = object()  # a bound through an element this organization does not report

    def known(bound):
        used = names(bound)
        if not all(n in reported for n in used):
            return IRRELEVANT
        if not all(isinstance(values.get(n), int) for n in used):
            return None
        return evaluate(bound, lambda n: float(values[n]))

    def draw(element: Element, strict: bool) -> bool:
        if element.type == "flag":
            values[element.id] = "да" if rng.random() < 0.75 else "нет"
            return True
        if element.type == "text":
            values[element.id] = rng.choice(TEXT_ANSWERS.get(element.id, ["Ответ организации"]))
            return True
        limits = []
        for bound in ceilings.get(element.id, []):
            value = known(bound)
            if value is None and strict:
                return False  # wait for what the bound uses
            if value is not None and value is not IRRELEVANT:
                limits.append(value)
        if element.part_of in reported and isinstance(values.get(element.part_of), int):  # siblings share their whole
            siblings = sum(values.get(p.id, 0) for p in methodology.parts_of(element.part_of) if p.id != element.id)
            limits.append(values[element.part_of] - siblings)
        floor = max([v for v in map(known, floors.get(element.id, [])) if v is not None and v is not IRRELEVANT],
                    default=0)
        if limits:
            limit = int(min(limits))
            values[element.id] = rng.randint(min(max(limit // 3, int(floor)), limit), limit) if limit >= 1 else 0
        elif element.id.startswith(STAFF):
            values[element.id] = max(int(floor), rng.randint(8, 45))
        elif element.unit == "чел.":
            values[element.id] = max(int(floor), rng.randint(40, 400))
        else:
            values[element.id] = max(int(floor), rng.randint(0, 12))
        return True

    remaining = list(elements)
    while remaining:
        drawn = [element for element in remaining if draw(element, strict=True)]
        remaining = [element for element in remaining if element.id not in values]
        if not drawn and remaining:  # bounds in a circle: draw one with what is known
            draw(remaining.pop(0), strict=False)
    return values


def plausible(organization, values: dict[str, object]) -> dict[str, object]:
    """The default example's head counts as a school of its size has them (``values_for``).

    The generic fictional values keep every part within its whole, but a whole of 40–400 people
    is anyone's: a basic school would report graduates of grade 11 and a school of 13 teachers 13
    psychologists. Here the counts of pupils, graduates and staff follow from the school's size,
    and a basic school (ООШ) reports 0 for everything of grades 10–11.
    """
    rng = random.Random(f"plausible {organization.code}")
    values = dict(values)

    def share(whole: int, low: float, high: float) -> int:
        return round(whole * rng.uniform(low, high))

    def put(**counts: int) -> None:  # only what this organization's template asks
        values.update((key, value) for key, value in counts.items() if key in values)

    pupils = SCHOOLS.get(organization.code)
    if pupils is not None:
        basic = BASIC_SCHOOL in organization.name.casefold()
        grade = pupils / (9 if basic else 10.2)  # grades 10–11 are about 60 % of a lower grade
        grade_9, grade_11 = share(round(grade), 0.9, 1.1), 0 if basic else share(round(grade * 0.6), 0.85, 1.1)
        pupils_5_11 = round(grade * 5) + (0 if basic else round(grade * 1.2))
        profile_classes = 0 if basic else rng.randint(1, 3)
        profile = 0 if basic else share(grade_11, 0.5, 1.0)
        to_poo_9 = share(grade_9, 0.55, 0.8) if basic else share(grade_9, 0.3, 0.5)  # the others go to a 10th grade
        to_poo_vo_11 = share(grade_11, 0.75, 0.95)
        to_vo = share(to_poo_vo_11, 0.5, 0.75)
        to_poo = to_poo_9 + to_poo_vo_11 - to_vo
        ovz = share(pupils, 0.03, 0.08)
        put(pupils_total=pupils, pupils_5_11=pupils_5_11, pupils_5_11_surveyed=share(pupils_5_11, 0.6, 0.95),
            profile_classes=profile_classes,
            graduates_11_profile=profile, graduates_11_profile_gia=share(profile, 0.6, 1.0),
            graduates_9=grade_9, graduates_9_to_poo=to_poo_9, graduates_9_by_profile=share(to_poo_9, 0.5, 0.9),
            graduates_11=grade_11, graduates_11_to_poo_vo=to_poo_vo_11,
            graduates_11_by_profile=share(to_poo_vo_11, 0.4, 0.8),
            pupils_proektoria=share(pupils, 0.4, 0.9), pupils_in_guidance_events=share(pupils, 0.3, 0.8),
            pupils_ovz=ovz, pupils_ovz_covered=share(ovz, 0.6, 1.0), pupils_in_contests=share(pupils, 0.05, 0.3),
            open_days_participants=share(round(grade * (2 if basic else 3.2)), 0.4, 0.8),
            graduates_to_poo=to_poo, graduates_to_poo_ko=share(to_poo, 0.6, 0.9),
            graduates_to_vo=to_vo, graduates_to_vo_ko=share(to_vo, 0.3, 0.6),
            graduates_poo_employed_ko=rng.randint(0, 8), graduates_vo_employed_ko=0 if basic else rng.randint(0, 5),
            targeted_admission=rng.randint(0, max(1, (to_poo + to_vo) // 10)),
            holiday_participants_pupils=share(pupils, 0.05, 0.3),
            holiday_participants_parents=share(pupils, 0.0, 0.1))
        staff = round(pupils / 12) + 8
    else:
        staff = STAFF_OF.get(organization.type)
        if "holiday_participants_pupils" in values:  # the УДО's pupils at the professional holidays
            put(holiday_participants_pupils=rng.randint(20, 80), holiday_participants_parents=rng.randint(0, 15))
    if staff is not None:
        staff = share(staff, 0.9, 1.1)
        psychologists = rng.randint(0, 1) if staff < 20 else rng.randint(1, 2)
        in_events = share(staff, 0.2, 0.6)
        put(staff_total=staff, staff_trained=share(staff, 0.2, 0.6),
            teachers_in_guidance=share(staff, 0.4, 0.9), teachers_course_trained=share(staff, 0.1, 0.4),
            psychologists=psychologists, psychologists_with_tools=rng.randint(0, psychologists),
            teachers_in_events=in_events, teachers_in_events_school=share(in_events, 0.6, 1.0),
            teachers_in_events_municipal=share(in_events, 0.1, 0.4),
            teachers_in_events_regional=share(in_events, 0.0, 0.15),
            mentors=rng.randint(1, max(1, staff // 10)), holiday_participants_teachers=share(staff, 0.1, 0.4))
    if "udo_count" in values:  # the department counts the district's УДО: the roster has one
        values["udo_count"] = 1
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
                         not_sent=(NOT_SENT,), mistakes=MISTAKES, last_years=(LAST_YEARS_TEMPLATE,),
                         values_for=plausible):
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
