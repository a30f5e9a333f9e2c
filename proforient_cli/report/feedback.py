"""``compute --feedback``: what goes back to each organization.

- ``организации/<код> <краткое наименование>.docx`` — one page per counted organization: its
  values beside the municipal value of each indicator, its change against its own previous
  period, its own targets met or missed, its data problems in plain words, and whom to call.
  Never another organization's values, never a place in a ranking (§12).
- ``на доработку/<код>_<наименование>_доработка.xlsx`` — for every organization with problems,
  a fresh template of the same methodology version with its header and every value it sent
  already in place, each problem cell highlighted with a note saying what is wrong and what to
  type. Corrected and sent back, it is an ordinary submission; the later file wins.
- ``письма.csv`` — for mail merge in Excel (UTF-8 with BOM, «;»): whom to write to and which two
  files to attach.

What each page says is decided here from the report's view (the municipal texts) and the
organization's own results; the Word layout is ``templates/organization.docx``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from proforient_cli.compute.results import IndicatorValue
from proforient_cli.core import formatting, ooxml
from proforient_cli.core.atomic import atomic_path
from proforient_cli.core.organization import Organization
from proforient_cli.core.resources import templates_dir
from proforient_cli.intake.problems import Problem
from proforient_cli.intake.submission import Checked
from proforient_cli.methodology.model import Methodology
from proforient_cli.report.texts import change, value_text
from proforient_cli.report.view import ProblemLine, ReportView, where
from proforient_cli.template import layout
from proforient_cli.template.workbook import build_workbook, safe_name, template_file_name

PAGES = "организации"
REWORK = "на доработку"
LETTERS = "письма.csv"
LETTERS_HEADER = ("Код", "Организация", "Ответственный за заполнение", "Телефон", "Замечаний",
                  "Страница результатов", "Файл на доработку")
HIGHLIGHT = "FFFF00"


@dataclass(frozen=True)
class PageRow:
    number: str
    title: str
    own: str  # the organization's value: «12 ед.», «да», «45 % (9 из 20)»
    municipal: str  # the municipality's, from the report's view
    change: str  # against its own previous period, or ""
    target: str  # its own target and the verdict, or ""


@dataclass(frozen=True)
class OrganizationPage:
    organization: Organization
    name: str  # with Russian nested quotes
    file: str  # the page's file name
    source: str  # the file it sent
    filled_by: str
    phone: str
    rows: tuple[PageRow, ...]
    problems: tuple[ProblemLine, ...]
    rework: str  # the name of its file «на доработку», or "" without problems


def page_file_name(organization: Organization) -> str:
    """«4001 МБОУ СОШ №1 г. Мосальска.docx»: the code, then the short name.

    >>> page_file_name(Organization("4001", "МБОУ «Средняя общеобразовательная школа № 1» г. Мосальска"))
    '4001 МБОУ СОШ №1 г. Мосальска.docx'
    """
    code = safe_name(organization.code) or "организация"
    name = safe_name(organization.name).replace("_", " ")
    return f"{code} {name}.docx" if name else f"{code}.docx"


def rework_file_name(organization: Organization, methodology: Methodology) -> str:
    """«4001_МБОУ_СОШ_№1_г._Мосальска_доработка.xlsx»: the template's own name, marked."""
    return template_file_name(organization, methodology).removesuffix(".xlsx") + "_доработка.xlsx"


def counted(view: ReportView) -> list[Checked]:
    """The organizations' files that went into the computation, in alphabetical order."""
    files = [c for c in view.report.checked if not c.excluded]
    return sorted(files, key=lambda c: c.organization.sort_key)


def organization_pages(view: ReportView) -> list[OrganizationPage]:
    report = view.report
    results, previous = report.results, report.previous
    lines = view.lines
    columns = {line.key: results.column(line.key) for line in lines}
    position = {org.code: index for index, org in enumerate(results.organizations)}
    pages = []
    for item in counted(view):
        organization = item.organization
        index = position.get(organization.code)
        rows = []
        for line in lines if index is not None else ():
            column = columns[line.key]
            if not column.applicable[index]:
                continue
            value = column.value[index]
            own = value_text(IndicatorValue(line.indicator, value, column.numerator[index], column.denominator[index],
                                            applicable=1), organization=True)
            difference = ""
            if previous is not None:
                difference = change(value, previous.of(organization.code, line.key), line.indicator.display_unit)
            rows.append(PageRow(line.number, line.title, own, line.value, difference,
                                _own_target(report, line.key, column.target_met[index])))
        problems = tuple(ProblemLine(where(p), p.text) for p in item.problems)
        pages.append(OrganizationPage(
            organization=organization, name=formatting.nested_quotes(organization.name),
            file=page_file_name(organization), source=item.submission.file,
            filled_by=item.submission.title.get("filled_by", ""), phone=item.submission.title.get("phone", ""),
            rows=tuple(rows), problems=problems,
            rework=rework_file_name(organization, report.methodology) if _fixable(item) else ""))
    return pages


def _own_target(report, key: str, met: bool | None) -> str:
    """«не менее 3 раз: достигнуто» for a target set for each organization; "" otherwise."""
    target = report.results.targets.get(key)
    if target is None or not target.per_organization:
        return ""
    indicator = report.methodology.indicator(key)
    if indicator.kind == "count":
        text = "обязательно" if target.at_least == 1 and target.at_most is None else formatting.target(
            target.at_least, target.at_most, "")
    else:
        text = formatting.target(target.at_least, target.at_most, indicator.display_unit)
    verdict = formatting.NO_DATA if met is None else ("достигнуто" if met else "не достигнуто")
    return f"{text}: {verdict}"


def _fixable(item: Checked) -> bool:
    """Whether the organization has problems it can correct in its own file."""
    return any(not p.excludes_file for p in item.problems)


# -- the file «на доработку» ----------------------------------------------------------------------


def rework_workbook(methodology: Methodology, item: Checked, period: str | None):
    """A fresh template of the organization, with what it sent in place and a note on each problem cell."""
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    organization = item.organization
    workbook = build_workbook(methodology, organization, period, rework_file_name(organization, methodology))
    sheet = workbook[layout.DATA_SHEET]
    code_column = layout.COLUMNS.index(layout.CODE_HEADER) + 1
    value_column = layout.COLUMNS.index(layout.VALUE_HEADER) + 1
    label_column = layout.COLUMNS.index(layout.LABEL_HEADER) + 1
    rows: dict[str, int] = {}
    titles: dict[str, int] = {}
    labels = {label: key for key, label in layout.TITLE_FIELDS.items()}
    for row in range(1, sheet.max_row + 1):
        code = sheet.cell(row, code_column).value
        if isinstance(code, str) and code.strip():
            rows[code.strip()] = row
        caption = sheet.cell(row, label_column).value
        if isinstance(caption, str) and caption in labels:
            titles[labels[caption]] = row
    for key in ("filled_by", "phone"):  # the contact it gave: kept, so nobody types it again
        typed = item.submission.title.get(key, "")
        if typed and key in titles:
            cell = sheet.cell(titles[key], value_column)
            cell.value = typed
            cell.data_type = "s"
    by_element: dict[str, list[Problem]] = {}
    for problem in item.problems:
        if problem.element in rows:
            by_element.setdefault(problem.element, []).append(problem)
    for key, row in rows.items():
        cell = sheet.cell(row, value_column)
        value = item.values.get(key)
        problems = by_element.get(key, [])
        if value is None and problems and problems[0].found and problems[0].code not in ("value-beside",):
            cell.value = problems[0].found  # what the school typed, to be corrected
            cell.data_type = "s"
        elif value is not None:
            cell.value = _typed(methodology, key, value)
        if problems:
            cell.fill = PatternFill("solid", fgColor=HIGHLIGHT)
            note = "\n".join(_note(p) for p in problems)
            comment = Comment(note, "proforient")
            comment.width, comment.height = 320, 40 + 18 * note.count("\n") + len(note) // 2
            cell.comment = comment
    return workbook


def _typed(methodology: Methodology, key: str, value):
    """A checked value as the template's cell holds it: a number, «да»/«нет», a text."""
    element = methodology.element(key)
    if element is not None and element.type == "flag":
        return layout.YES if value else layout.NO
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _note(problem: Problem) -> str:
    """What is wrong and what to type, for the cell's note."""
    text = formatting.sentence(problem.text[:1].upper() + problem.text[1:])
    if problem.expected and problem.expected not in problem.text:
        text += f" Введите: {problem.expected}."
    return text


# -- письма.csv ---------------------------------------------------------------------------------


def letters_csv(pages: list[OrganizationPage]) -> str:
    """One row per organization with problems: whom to write to, which two files to attach."""
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
    writer.writerow(LETTERS_HEADER)
    for page in pages:
        if page.rework:
            writer.writerow((page.organization.code, page.name, page.filled_by, page.phone, len(page.problems),
                             page.file, page.rework))
    return "\ufeff" + stream.getvalue()


# -- writing --------------------------------------------------------------------------------------


def _page_renderer():
    """A docxtpl template class and a Jinja environment that prepare the page's XML once: the
    tag clean-up and the compilation are the same for every organization's page (they were most
    of a page's cost)."""
    from docxtpl import DocxTemplate
    from jinja2 import Environment, StrictUndefined

    patched: dict[str, str] = {}
    compiled: dict[str, object] = {}

    class Page(DocxTemplate):
        def patch_xml(self, src_xml):
            if src_xml not in patched:
                patched[src_xml] = super().patch_xml(src_xml)
            return patched[src_xml]

    class Once(Environment):
        def from_string(self, source, globals=None, template_class=None):
            if source not in compiled:
                compiled[source] = super().from_string(source, globals, template_class)
            return compiled[source]

    return Page, Once(autoescape=True, undefined=StrictUndefined)


def write_feedback(view: ReportView, out_dir: Path) -> tuple[Path, ...]:
    """The pages, the files «на доработку» and письма.csv, each atomically (the caller's ``together``)."""
    report = view.report
    pages = organization_pages(view)
    source = (templates_dir() / "organization.docx").read_bytes()
    page_template, environment = _page_renderer()
    written = []
    by_code = {c.organization.code: c for c in counted(view)}
    for page in pages:
        document = page_template(io.BytesIO(source))
        document.render({"page": page, "view": view, "quotes": formatting.nested_quotes,
                         "sentence": formatting.sentence}, jinja_env=environment, autoescape=True)
        target = out_dir / PAGES / page.file
        with atomic_path(target) as temporary:
            document.save(str(temporary))
        written.append(target)
        if page.rework:
            workbook = rework_workbook(report.methodology, by_code[page.organization.code], report.raw_period or None)
            target = out_dir / REWORK / page.rework
            with atomic_path(target) as temporary:
                ooxml.save_workbook(workbook, temporary)
            written.append(target)
    with atomic_path(out_dir / LETTERS) as temporary:
        temporary.write_text(letters_csv(pages), encoding="utf-8", newline="")
    written.append(out_dir / LETTERS)
    return tuple(written)
