"""report.md: the report's view laid out as Markdown, through ``templates/report.md.j2``."""

from __future__ import annotations

from proforient_cli.core.jinja import environment, markdown_cell
from proforient_cli.report.view import ReportView


class _Cells(dict):
    """Texts as Markdown table cells, « 12 ед. |», each distinct text escaped once: a region's
    tables by organization repeat the same few texts hundreds of thousands of times."""

    def __missing__(self, text: str) -> str:
        cell = self[text] = f" {markdown_cell(text)} |"
        return cell


def render_markdown(view: ReportView) -> str:
    """The whole report.md text."""
    cells = _Cells()
    # each organization's row as Markdown cells, made here in one pass: a region has thousands
    rows = {section.id: ["".join(map(cells.__getitem__, row.values)) for row in section.organizations]
            for section in view.sections}
    template = environment().get_template("report.md.j2")
    text = template.render(report=view.report, view=view, sections=view.sections, comparison=view.comparison,
                           rows=rows)
    return text.replace("\n\n\n---\n", "\n\n---\n")  # the last list ends with a blank line already
