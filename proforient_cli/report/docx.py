"""report.docx: the analytical report a methodist signs, laid out by docxtpl from a Word template.

The template (``templates/report.docx``, or the methodist's own with ``--docx-template``) is a
Word document with Jinja2 tags; it gets the report's view model and only lays it out. What is
decided here is layout alone: the chart pictures, and the organizations' values cut into pages
of a few columns for the landscape appendix.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from proforient_cli.core import formatting
from proforient_cli.core.atomic import atomic_path
from proforient_cli.core.errors import CannotStart
from proforient_cli.core.resources import templates_dir
from proforient_cli.report.analysis import OrganizationFacts
from proforient_cli.report.view import NOT_APPLICABLE, IndicatorLine, ReportView

COLUMNS_PER_PAGE = 5  # organizations side by side on a landscape page of the appendix
# Beyond this many organizations the appendix would run to hundreds of landscape pages nobody
# prints: report.docx then refers to report.xlsx, whose «По организациям» sheet holds them all.
APPENDIX_LIMIT = 100
APPENDIX_WIDTH_MM = 297 - 30 - 10  # the landscape page between the margins of the shipped template
CHART_WIDTH_MM = 160


@dataclass(frozen=True)
class AppendixRow:
    number: str
    title: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class AppendixPage:
    caption: str  # «Организации 1–5 из 9»
    names: tuple[str, ...]
    rows: tuple[AppendixRow, ...]


@dataclass(frozen=True)
class OwnParagraph:
    """A paragraph of the methodist's own conclusions: a list item («- …») or plain text."""

    text: str
    bullet: bool = False


def default_template() -> Path:
    return templates_dir() / "report.docx"


def check_template(path: Path) -> None:
    """Refuse a --docx-template that is not a Word document, before any work is done."""
    if not path.is_file():
        raise CannotStart(f"шаблон Word {path} не найден: укажите в --docx-template файл .docx")
    try:
        with zipfile.ZipFile(path) as archive:
            archive.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        raise CannotStart(f"файл {path} не является документом Word (.docx): сохраните шаблон в Word или "
                          f"LibreOffice как «Документ Word (.docx)»") from None


def write_docx(view: ReportView, target: Path, template: Path | None = None) -> Path:
    """Render the report into ``target`` (atomically)."""
    with atomic_path(target) as temporary:
        render_docx(view, temporary, template)
    return target


def render_docx(view: ReportView, path: Path, template: Path | None = None) -> None:
    """Render the report into the file ``path`` (the report folder writes it atomically)."""
    from docxtpl import DocxTemplate, InlineImage
    from docx.shared import Mm
    from jinja2 import Environment, StrictUndefined, TemplateError

    source = Path(template) if template else default_template()
    check_template(source)
    document = DocxTemplate(str(source))
    charts, numbers = {}, {}
    for section in view.sections:
        if section.chart:
            numbers[section.id] = len(numbers) + 1
            charts[section.id] = InlineImage(document, io.BytesIO(_chart(view, section.chart)), width=Mm(CHART_WIDTH_MM))
    context = {
        "view": view,
        "charts": charts,
        "chart_number": numbers.get,
        "appendix": appendix(view) if len(view.report.results.organizations) <= APPENDIX_LIMIT else (),
        "appendix_elsewhere": appendix_elsewhere(view),
        "own_conclusions": own_paragraphs(view.own_conclusions),
        "target_cell": target_cell,
        "coverage": coverage,
        "organization_facts": organization_facts,
        "quotes": formatting.nested_quotes,
    }
    environment = Environment(autoescape=True, undefined=StrictUndefined)
    try:
        document.render(context, jinja_env=environment, autoescape=True)
    except TemplateError as error:
        raise CannotStart(f"шаблон Word {source}: {template_fault(error)}; исправьте поля {{{{ … }}}} и теги "
                          f"{{% … %}} шаблона или уберите --docx-template") from None
    _fit_appendix_tables(document.docx)
    document.save(str(path))


def template_fault(error: Exception) -> str:
    """What is wrong with a Word template's field, in Russian.

    >>> from jinja2 import UndefinedError
    >>> template_fault(UndefinedError("'ReportView object' has no attribute 'ispolnitel'"))
    'неизвестное поле «ispolnitel»'
    """
    from jinja2 import TemplateSyntaxError, UndefinedError

    if isinstance(error, UndefinedError):
        found = re.search(r"attribute '([^']+)'|'([^']+)' is undefined", str(error))
        return f"неизвестное поле «{next(g for g in found.groups() if g)}»" if found else "неизвестное поле"
    if isinstance(error, TemplateSyntaxError):
        return "незакрытый или лишний тег (например, {% if %} без {% endif %} или {{ без }})"
    return "ошибка в поле шаблона"


def _fit_appendix_tables(document) -> None:
    """The appendix's tables got their organization columns from a loop: give «№» and
    «Показатель» their widths and share the rest of the landscape page among the organizations."""
    from docx.oxml.ns import qn
    from docx.shared import Mm

    for table in document.tables:
        head = [cell.text.strip() for cell in table.rows[0].cells] if table.rows else []
        if len(head) < 3 or head[:2] != ["№", "Показатель"] or head[2] == "Значение":
            continue
        columns = len(table.rows[0].cells)
        share = (APPENDIX_WIDTH_MM - 107) / max(COLUMNS_PER_PAGE, columns - 2)
        widths = [Mm(12), Mm(95)] + [Mm(share)] * (columns - 2)
        grid = table._tbl.tblGrid
        for column, width in zip(grid.findall(qn("w:gridCol")), widths):
            column.set(qn("w:w"), str(int(width.twips)))
        if columns == COLUMNS_PER_PAGE + 2:
            continue  # a full page: its cells kept the template's widths
        for row in table.rows:  # the last page, with fewer organizations
            for cell, width in zip(row.cells, widths):
                cell.width = width


def _chart(view: ReportView, lines: tuple[IndicatorLine, ...]) -> bytes:
    from proforient_cli.report.charts import bars_png

    targets = []
    for line in lines:
        target = view.report.results.targets.get(line.key)
        targets.append(target.at_least if target is not None and not target.per_organization else None)
    current = view.report.raw_period or "текущий период"
    previous = view.report.previous.label if view.report.previous else ""
    return bars_png(lines, current, previous, targets)


def appendix_elsewhere(view: ReportView) -> str:
    """What the appendix says instead of its tables when there are too many organizations."""
    count = len(view.report.results.organizations)
    if count <= APPENDIX_LIMIT:
        return ""
    return (f"Значения показателей {count} {view.words.of_rows} приведены в файле report.xlsx (лист «По "
            f"{view.words.rows}»): в документе Word такая таблица заняла бы более {count // COLUMNS_PER_PAGE} страниц.")


def appendix(view: ReportView) -> tuple[AppendixPage, ...]:
    """The organizations' values: every indicator line as a row, organizations in alphabetical
    order as columns, a few to a page."""
    names = [formatting.nested_quotes(o.name) for o in view.report.results.organizations]
    values: dict[str, dict[str, str]] = {name: {} for name in names}
    lines = []
    for section in view.sections:
        lines.extend(section.indicators)
        for row in section.organizations:
            values.setdefault(row.name, {}).update(zip((line.key for line in section.indicators), row.values))
    pages = []
    for start in range(0, len(names), COLUMNS_PER_PAGE):
        chunk = names[start:start + COLUMNS_PER_PAGE]
        caption = f"{view.words.rows_title} {start + 1}–{start + len(chunk)} из {len(names)}" if len(names) > \
            COLUMNS_PER_PAGE else view.words.rows_title
        rows = tuple(AppendixRow(line.number, line.title,
                                 tuple(values[name].get(line.key, NOT_APPLICABLE) for name in chunk)) for line in lines)
        pages.append(AppendixPage(caption, tuple(chunk), rows))
    return tuple(pages)


_ITEM = re.compile(r"^\s*(?:[-*•–]|\d+[.)])\s+")


def own_paragraphs(text: str) -> tuple[OwnParagraph, ...]:
    """The methodist's text as paragraphs: blank lines separate them, «- » starts a list item,
    a Markdown heading's «#» is dropped.

    >>> own_paragraphs("Итоги:\\n- первое\\n- второе\\n\\nДалее.")
    (OwnParagraph(text='Итоги:', bullet=False), OwnParagraph(text='первое', bullet=True), OwnParagraph(text='второе', bullet=True), OwnParagraph(text='Далее.', bullet=False))
    """
    paragraphs, current = [], []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            if current:
                paragraphs.append(OwnParagraph(" ".join(current)))
                current = []
            continue
        if _ITEM.match(stripped) and not stripped[:1].isdigit():
            if current:
                paragraphs.append(OwnParagraph(" ".join(current)))
                current = []
            paragraphs.append(OwnParagraph(_ITEM.sub("", stripped, count=1), bullet=True))
            continue
        current.append(stripped.lstrip("#").strip() if stripped.startswith("#") else stripped)
    if current:
        paragraphs.append(OwnParagraph(" ".join(current)))
    return tuple(paragraphs)


def target_cell(line: IndicatorLine) -> str:
    """«не менее 200 чел.: достигнуто», or «—» without a target."""
    if not line.target:
        return "—"
    return f"{line.target}: {line.verdict}" if line.verdict else line.target


def coverage(line: IndicatorLine) -> str:
    """«7 из 8»: the coverage in numbers, for a narrow column («данные не поступили» as the view says)."""
    total = line.total
    return f"{total.covered} из {total.applicable}" if total is not None and total.applicable else line.coverage


def organization_facts(facts: OrganizationFacts) -> str:
    return "; ".join(f"{what}: {which}" for what, which in facts.items) + "."
