"""The one Jinja2 environment every rendered text goes through (report.md, the templates'
instruction sheet, the methodology's description), over ``templates/``, built once per process."""

from __future__ import annotations

import re
from functools import lru_cache

from proforient_cli.core import formatting
from proforient_cli.core.resources import templates_dir


_BREAKS = re.compile(r"[ \t\r\n\f\v]+")
_ORDERED_ITEM = re.compile(r"^\d+[.)](\s|$)")


def markdown_cell(value) -> str:
    """Text made safe for one cell of a Markdown table: no «|», no line breaks.

    >>> markdown_cell("a|b\\nc")
    'a\\\\|b c'
    """
    text = "" if value is None else str(value)
    text = _BREAKS.sub(" ", text).strip()  # \s would also eat the non-breaking spaces of «45,3 %»
    return text.replace("\\", "\\\\").replace("|", "\\|")


def markdown_text(value) -> str:
    """Free text (a school's answer) kept on its lines but unable to start Markdown structure.

    >>> markdown_text("- да\\n| нет |")
    '\\\\- да<br>\\\\| нет \\\\|'
    """
    text = "" if value is None else str(value)
    lines = [_BREAKS.sub(" ", line).strip() for line in text.splitlines() if line.strip()]
    escaped = []
    for line in lines:
        line = line.replace("|", "\\|")  # before the prefix: a leading «|» is escaped once, not twice
        if line[:1] in "#>-+*=`" or _ORDERED_ITEM.match(line):
            line = "\\" + line
        escaped.append(line)
    return "<br>".join(escaped)


@lru_cache(maxsize=1)
def environment():
    """A Jinja2 environment over ``templates/`` with the Russian formatting filters."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(str(templates_dir())),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters.update(
        cell=markdown_cell,
        text=markdown_text,
        number=formatting.number,
        percent=formatting.percent,
        plural=lambda n, one, few, many: formatting.plural(n, one, few, many),
        sentence=formatting.sentence,
        quotes=formatting.nested_quotes,
    )
    return env
