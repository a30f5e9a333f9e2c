"""Build ``templates/report.docx``: the Word template of the analytical report.

The template is a plain Word document with Jinja2 tags (docxtpl) that a methodist can open in
Word or LibreOffice, move onto the department's letterhead and pass to ``compute
--docx-template``. This script is how the shipped one is made, so that it can be reviewed as
text and rebuilt after a change::

    python tools/make_report_docx.py

Office style as a head of department expects it: A4, Times New Roman 14 (12 in tables), margins
of ГОСТ Р 7.0.97-2016 §5.1 (left 30 mm, right 10 mm, top and bottom 20 mm, above its minimums),
page numbers in the middle of the top margin from the second page on; the appendix of the
organizations' values on landscape pages.

The context docxtpl fills (see ``proforient_cli/report/docx.py``): ``view`` (the report's view
model), ``charts`` (section id → picture), ``appendix`` (the organizations' values in pages of a
few columns), ``rows_word`` and the plain-text helpers.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

TARGET = Path(__file__).resolve().parent.parent / "templates" / "report.docx"
ORGANIZATION_TARGET = TARGET.with_name("organization.docx")
DESCRIBE_TARGET = TARGET.with_name("describe.docx")
FONT = "Times New Roman"
PORTRAIT_WIDTH = 210 - 30 - 10  # mm of text between the margins
LANDSCAPE_WIDTH = 297 - 30 - 10


def _font(style, size: float, bold: bool = False) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def _styles(document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    _font(normal, 14)
    normal.paragraph_format.first_line_indent = Cm(1.25)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    for name, size, align in (("Title", 14, WD_ALIGN_PARAGRAPH.CENTER), ("Heading 1", 14, WD_ALIGN_PARAGRAPH.CENTER),
                              ("Heading 2", 14, WD_ALIGN_PARAGRAPH.JUSTIFY), ("Heading 3", 14, WD_ALIGN_PARAGRAPH.JUSTIFY)):
        style = styles[name]
        _font(style, size, bold=True)
        style.font.italic = name == "Heading 3"
        style.paragraph_format.alignment = align
        style.paragraph_format.first_line_indent = Cm(0) if align == WD_ALIGN_PARAGRAPH.CENTER else Cm(1.25)
        style.paragraph_format.space_before = Pt(12 if name != "Title" else 0)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
        title_border = style.element.get_or_add_pPr().find(qn("w:pBdr"))
        if title_border is not None:
            style.element.get_or_add_pPr().remove(title_border)
    table_text = styles.add_style("Текст таблицы", 1)
    table_text.base_style = normal
    _font(table_text, 12)
    table_text.paragraph_format.first_line_indent = Cm(0)
    table_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    small = styles.add_style("Текст приложения", 1)
    small.base_style = normal
    _font(small, 9)
    small.paragraph_format.first_line_indent = Cm(0)
    small.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    bullet = styles["List Bullet"]
    _font(bullet, 14)
    bullet.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    caption = styles["Caption"]
    _font(caption, 12)
    caption.font.italic = False
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.first_line_indent = Cm(0)


def _margins(section, landscape: bool = False) -> None:
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.left_margin, section.right_margin = Mm(30), Mm(10)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.header_distance = Mm(10)


def _page_number(section) -> None:
    """«2», «3» … in the middle of the top margin; none on the first page (ГОСТ Р 7.0.97-2016)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Cm(0)
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text.strip() == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)
    run.font.size = Pt(12)


def _p(document, text: str = "", style: str | None = None, bold: bool = False, align=None, indent: bool = True):
    paragraph = document.add_paragraph(style=style)
    if text:
        run = paragraph.add_run(text)
        if bold:  # never an explicit «not bold»: it would override the paragraph's style
            run.bold = True
    if align is not None:
        paragraph.alignment = align
    if not indent:
        paragraph.paragraph_format.first_line_indent = Cm(0)
    return paragraph


def _tag(document, text: str):
    """A paragraph that holds only a docxtpl block tag ({%p … %}); docxtpl removes it."""
    return _p(document, text, indent=False)


def _each(document, loop: str, text: str, style: str | None = None) -> None:
    """A paragraph repeated for each item of ``loop`` («fact in view.analysis.positive»)."""
    _tag(document, f"{{%p for {loop} %}}")
    _p(document, text, style=style)
    _tag(document, "{%p endfor %}")


def _header_cell(cell, text: str, style: str = "Текст таблицы") -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    paragraph.style = style
    paragraph.add_run(text).bold = True
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _shade(cell)


def _cell(cell, text: str, style: str = "Текст таблицы", align=None) -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    paragraph.style = style
    paragraph.add_run(text)
    if align is not None:
        paragraph.alignment = align


def _cell_indented_if(cell, condition: str, text: str, style: str = "Текст таблицы") -> None:
    """A cell whose text is indented when ``condition`` holds: a «в том числе» part under its whole.
    docxtpl keeps one of the two paragraphs and removes the three that hold only tags."""
    cell.text = ""
    paragraphs = [cell.paragraphs[0]] + [cell.add_paragraph() for _ in range(4)]
    for paragraph, content in zip(paragraphs, (f"{{%p if {condition} %}}", text, "{%p else %}", text, "{%p endif %}")):
        paragraph.style = style
        paragraph.add_run(content)
    paragraphs[1].paragraph_format.left_indent = Mm(5)


def _shade(cell) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), "E7E6E6")
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    properties.append(header)
    cant_split = OxmlElement("w:cantSplit")
    properties.append(cant_split)


def _cant_split(row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _table(document, widths_mm: list[float]):
    table = document.add_table(rows=0, cols=len(widths_mm))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths_mm):
        column.width = Mm(width)
    return table


def _widths(row, widths_mm: list[float]) -> None:
    for cell, width in zip(row.cells, widths_mm):
        cell.width = Mm(width)


def _loop_table(document, widths: list[float], heads: list[str], cells: list[str | tuple[str, str]], loop: str,
                style: str = "Текст таблицы") -> None:
    """A table docxtpl fills: its header row (repeated on every page), then a row for each item
    of ``loop`` («line in section.indicators»), never split across pages."""
    table = _table(document, widths)
    head = table.add_row()
    _repeat_header(head)
    for cell, text in zip(head.cells, heads):
        _header_cell(cell, text, style)
    _widths(head, widths)
    start = table.add_row()
    _cell(start.cells[0], f"{{%tr for {loop} %}}", style)
    body = table.add_row()
    _cant_split(body)
    for cell, text in zip(body.cells, cells):
        if isinstance(text, tuple):  # (condition, text): indented when the condition holds
            _cell_indented_if(cell, *text, style=style)
        else:
            _cell(cell, text, style)
    _widths(body, widths)
    end = table.add_row()
    _cell(end.cells[0], "{%tr endfor %}", style)


def _indicator_table(document, with_change: bool) -> None:
    """A section's municipal indicators: №, title, value, change (with a previous period), target
    and verdict, coverage."""
    # «№» wide enough for «10.7.6» on one line (12 mm broke «1.2.1» after its second dot)
    widths = [17, 50, 30, 30, 27, 16] if with_change else [17, 67, 38, 32, 16]
    heads = ["№", "Показатель", "Значение", "Изменение", "Целевое значение и его выполнение", "Охват"]
    cells = ["{{ line.number }}", ("line.part", "{{ line.title }}"), "{{ line.value }}", "{{ line.change or '—' }}",
             "{{ target_cell(line) }}", "{{ coverage(line) }}"]
    if not with_change:
        del heads[3], cells[3]
    _loop_table(document, widths, heads, cells, "line in section.indicators")


def _new_document(title: str):
    document = Document()
    properties = document.core_properties
    properties.author = properties.last_modified_by = "proforient"
    properties.title = title
    properties.comments = ""
    properties.created = properties.modified = datetime(2024, 1, 1)
    properties.revision = 1
    _styles(document)
    _margins(document.sections[0])
    _page_number(document.sections[0])
    return document


def build(target: Path = TARGET) -> Path:
    document = _new_document("Аналитическая справка")

    # -- title and introduction ----------------------------------------------------------------
    _p(document, "{{ view.title }}", style="Title")
    _each(document, "paragraph in view.introduction + view.participation", "{{ paragraph }}")

    # -- 1. the indicators, section by section ---------------------------------------------------
    _p(document, "Показатели {{ view.words.whole }}", style="Heading 1")
    _p(document, "{{ view.shares_note }}")
    _tag(document, "{%p if view.comparison %}")
    _p(document, "Изменения указаны по сравнению {{ view.previous_words }}: для долей — в процентных пунктах (п.п.), "
                 "для количеств — в единицах и процентах; по сопоставимому кругу — по {{ view.words.of_rows }}, "
                 "представившим данные в обоих периодах.")
    _tag(document, "{%p if view.comparison.new_text %}")
    _p(document, "{{ view.comparison.new_text }}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if view.comparison.gone_text %}")
    _p(document, "{{ view.comparison.gone_text }}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p for section in view.sections %}")
    _p(document, "{{ section.number }}. {{ section.title }}", style="Heading 2")
    _tag(document, "{%p if view.comparison %}")
    _indicator_table(document, with_change=True)
    _tag(document, "{%p else %}")
    _indicator_table(document, with_change=False)
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if section.sentences %}")
    facts = _p(document, "{{ section.sentences | join(' ') }}")
    facts.paragraph_format.space_before = Pt(6)
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if charts.get(section.id) %}")
    chart = _p(document, "{{ charts[section.id] }}", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    chart.paragraph_format.keep_with_next = True
    chart.paragraph_format.space_before = Pt(6)
    _p(document, "Рисунок {{ chart_number(section.id) }}. {{ section.title }}", style="Caption")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p endfor %}")

    # -- 2. the analysis (§11) ------------------------------------------------------------------
    _p(document, "Анализ результатов мониторинга", style="Heading 1")
    for heading, facts in (("Положительные результаты", "view.analysis.positive"),
                           ("Результаты, требующие внимания", "view.analysis.attention")):
        _p(document, heading, style="Heading 2")
        _each(document, f"fact in {facts}", "{{ fact }}", style="List Bullet")
        _tag(document, f"{{%p if not {facts} %}}")
        _p(document, "Не выявлены.")
        _tag(document, "{%p endif %}")
    _p(document, "Результаты на уровне {{ view.words.of_rows }}", style="Heading 2")
    _tag(document, "{%p if view.analysis.organizations %}")
    _p(document, "{{ view.analysis_note }}")
    _tag(document, "{%p for facts in view.analysis.organizations %}")
    paragraph = _p(document, "", style="List Bullet")
    paragraph.add_run("{{ facts.name }}").bold = True
    paragraph.add_run(": {{ organization_facts(facts) }}")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p else %}")
    _p(document, "Отдельных замечаний по {{ view.words.rows }} нет.")
    _tag(document, "{%p endif %}")
    _each(document, "limit in view.analysis.limits", "{{ limit }}")

    # -- 3. conclusions -------------------------------------------------------------------------
    _p(document, "Выводы и рекомендации", style="Heading 1")
    _each(document, "item in view.conclusions", "{{ item }}", style="List Bullet")
    _tag(document, "{%p for paragraph in own_conclusions %}")
    _tag(document, "{%p if paragraph.bullet %}")
    _p(document, "{{ paragraph.text }}", style="List Bullet")
    _tag(document, "{%p else %}")
    _p(document, "{{ paragraph.text }}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p if view.executor %}")
    executor = _p(document, "Исполнитель: {{ view.executor }}", style="Текст таблицы")
    executor.paragraph_format.space_before = Pt(24)
    _tag(document, "{%p endif %}")

    # -- Приложение 1: the organizations' values, on landscape pages ----------------------------
    document.add_section(WD_SECTION.NEW_PAGE)
    appendix = document.sections[-1]
    _margins(appendix, landscape=True)
    appendix.different_first_page_header_footer = False
    _p(document, "Приложение 1", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _p(document, "Показатели по {{ view.words.rows }}", style="Heading 1")
    _p(document, "{{ view.rows_note }}{% if view.comparison %} После точки с запятой — изменение "
                 "по сравнению {{ view.previous_words }}.{% endif %}", style="Текст приложения")
    _tag(document, "{%p if appendix_elsewhere %}")
    _p(document, "{{ appendix_elsewhere }}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p for page in appendix %}")
    _p(document, "{{ page.caption }}", style="Heading 3")
    # The organizations' columns come from a column loop: a cell with the opening tag, the
    # repeated cell, a cell with the closing tag (docxtpl removes the two tag cells). The widths
    # are set after rendering, when the number of columns is known (report/docx.py).
    _loop_table(document, [12, 95, 10, (LANDSCAPE_WIDTH - 107) / 5, 10],
                ["№", "Показатель", "{%tc for name in page.names %}", "{{ name }}", "{%tc endfor %}"],
                ["{{ row.number }}", "{{ row.title }}", "{%tc for value in row.values %}", "{{ value }}",
                 "{%tc endfor %}"], "row in page.rows", "Текст приложения")
    _tag(document, "{%p endfor %}")

    # -- Приложение 2: what was received and the problems in the data ---------------------------
    document.add_section(WD_SECTION.NEW_PAGE)
    last = document.sections[-1]
    _margins(last)
    last.different_first_page_header_footer = False
    _p(document, "Приложение 2", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _p(document, "Поступление данных и замечания к ним", style="Heading 1")
    _loop_table(document, [44, 50, 40, 18, 18],
                ["{{ view.words.source }}", "{{ view.words.row }}", "Ответственный, телефон", "В расчёте", "Замечаний"],
                ["{{ line.file }}", "{{ line.name or '—' }}", "{{ line.contact or '—' }}", "{{ line.counted }}",
                 "{{ line.problems }}"], "line in view.intake")
    _tag(document, "{%p if view.rework %}")
    _p(document, "{{ view.words.rows_title }}, которым направлены файлы на доработку", style="Heading 3")
    _tag(document, "{%p for line in view.rework %}")
    _p(document, "{{ line.name }} (код {{ line.code }}): {{ line.contact }}; замечаний: {{ line.problems }}",
       style="Текст таблицы")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if view.report.problems %}")
    _p(document, "Значение с ошибкой считается отсутствующим («нет данных») и не заменяется нулём; остальные "
                 "значения {{ view.words.noun.genitive }} учитываются. Замечаний: {{ view.report.problems | length }}.")
    _tag(document, "{%p for file, problems in view.problems_by_file %}")
    _p(document, "{{ file }}", style="Heading 3")
    _each(document, "problem in problems", "{% if problem.where %}{{ problem.where }}: {% endif %}{{ problem.text }}",
          style="Текст таблицы")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p else %}")
    _p(document, "Ошибок в данных не найдено.")
    _tag(document, "{%p endif %}")

    # -- Приложение 3: the text answers ---------------------------------------------------------
    _tag(document, "{%p if view.report.text_questions %}")
    page = _p(document, "Приложение 3", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    page.paragraph_format.page_break_before = True
    _p(document, "Текстовые ответы", style="Heading 1")
    _tag(document, "{%p for question in view.report.text_questions %}")
    _p(document, "{{ quotes(question.element.label) }}", style="Heading 3")
    _tag(document, "{%p for answer in question.answers %}")
    paragraph = _p(document, "", style="Текст таблицы")
    paragraph.add_run("{{ quotes(answer.organization.name) }}").bold = True
    paragraph.add_run(": {{ answer.text }}")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p if not question.answers %}")
    _p(document, "Ответов нет.", style="Текст таблицы")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endif %}")

    service = _p(document, "Служебные сведения: {{ view.service }}.", style="Текст приложения")
    service.paragraph_format.space_before = Pt(18)
    service.runs[0].font.color.rgb = RGBColor(0x59, 0x59, 0x59)

    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(target)
    return target


def build_organization(target: Path = ORGANIZATION_TARGET) -> Path:
    """``templates/organization.docx``: the page ``compute --feedback`` writes for each organization.

    Its context: ``page`` (report/feedback.py ``OrganizationPage``) and ``view`` (the report's view).
    """
    document = _new_document("Результаты мониторинга организации")
    _p(document, "Результаты мониторинга", style="Title")
    _p(document, "{{ page.name }}", style="Title")
    _p(document, "{{ quotes(view.report.methodology.title) }}: {{ sentence(view.report.period) }}")
    _p(document, "Данные взяты из файла «{{ page.source }}»{% if page.filled_by %}; ответственный за заполнение — "
                 "{{ page.filled_by }}{% endif %}{% if page.phone %}, тел. {{ page.phone }}{% endif %}.")
    _p(document, "Значения {{ view.words.noun.genitive }} приведены рядом со значениями {{ view.words.whole }} "
                 "(по всем {{ view.words.rows }} вместе) только для сравнения со средним уровнем; результаты "
                 "других {{ view.words.of_rows }} в этом документе не приводятся, рейтинги не составляются.")
    _p(document, "Показатели", style="Heading 1")
    widths = [12, 66, 30, 30, 32]
    heads = ["№", "Показатель", "Значение {{ view.words.noun.genitive }}", "Значение {{ view.words.whole }}",
             "Изменение и целевое значение"]
    cells = ["{{ row.number }}", "{{ row.title }}", "{{ row.own }}", "{{ row.municipal }}",
             "{{ row.change }}{% if row.change and row.target %}; {% endif %}{{ row.target }}"]
    _loop_table(document, widths, heads, cells, "row in page.rows")
    _tag(document, "{%p if view.comparison %}")
    note = _p(document, "Изменение — по сравнению со значением {{ view.words.noun.genitive }} {{ view.previous_words }}.",
              style="Текст таблицы")
    note.paragraph_format.space_before = Pt(6)
    _tag(document, "{%p endif %}")
    _p(document, "Замечания к данным", style="Heading 1")
    _tag(document, "{%p if page.problems %}")
    _p(document, "Значение с ошибкой не учтено в показателях («нет данных»). Исправьте, пожалуйста, отмеченные "
                 "ячейки{% if page.rework %} в приложенном файле «{{ page.rework }}» (в нём уже стоят все "
                 "ваши значения, ячейки с замечаниями выделены жёлтым и снабжены примечаниями){% endif %} "
                 "и отправьте файл обратно.")
    _each(document, "problem in page.problems", "{% if problem.where %}{{ problem.where }}: {% endif %}{{ problem.text }}",
          style="List Bullet")
    _tag(document, "{%p else %}")
    _p(document, "Замечаний нет.")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if view.executor %}")
    contact = _p(document, "По вопросам мониторинга: {{ view.executor }}", style="Текст таблицы")
    contact.paragraph_format.space_before = Pt(18)
    _tag(document, "{%p endif %}")
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(target)
    return target


def build_describe(target: Path = DESCRIBE_TARGET) -> Path:
    """``templates/describe.docx``: ``proforient describe`` as the order's appendix, on landscape A4.

    Its context: ``methodology``, ``appendix`` («Приложение к приказу …»), ``title`` and ``rows``
    (report/describe.py: a section's heading row, then its indicators, numbered as in the report).
    """
    document = _new_document("Методика расчета показателей")
    section = document.sections[0]
    _margins(section, landscape=True)
    _tag(document, "{%p if appendix %}")
    _p(document, "{{ appendix }}", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, style="Текст таблицы")
    _tag(document, "{%p endif %}")
    _p(document, "{{ title }}", style="Title")
    _tag(document, "{%p if methodology.period %}")
    _p(document, "Данные предоставляются {{ methodology.period }}.", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _tag(document, "{%p endif %}")
    _loop_table(document, [14, 75, 95, 28, 45],
                ["№ п/п", "Показатель", "Метод расчета", "Единица измерения", "Источник данных (метод сбора информации)"],
                ["{{r row.number }}", "{{r row.title }}", "{{ row.method }}", "{{ row.unit }}", "{{ row.source }}"],
                "row in rows")
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(target)
    return target


if __name__ == "__main__":
    if len(sys.argv) > 1:
        print(build(Path(sys.argv[1])))
    else:
        print(build(TARGET))
        print(build_organization(ORGANIZATION_TARGET))
        print(build_describe(DESCRIBE_TARGET))
