"""Chart pictures for report.docx (matplotlib): a section's values as horizontal bars.

One picture per section whose view has a chart (``SectionView.chart``: its shares, or its sums
in one unit): a bar per indicator in the section's order (never sorted by value), its value as a
data label in the Russian format, the previous period's value as a lighter bar beside it, a
municipal target as a mark on its bar; for shares the axis is 0–100 % without decimals. The
title is not drawn into the picture: the document's caption under it names the section.

matplotlib is used through its object interface (``Figure`` and the Agg canvas), never
``pyplot``: no global state, no display needed, and a smaller import. Its bundled DejaVu Sans has
every Cyrillic letter.
"""

from __future__ import annotations

import io
import textwrap
from typing import Sequence

from proforient_cli.core import formatting

CURRENT, PREVIOUS, TARGET = "#2F5597", "#A9B9D9", "#C00000"
FONT = "DejaVu Sans"
LABEL_WIDTH = 34  # characters of a bar's label per line
DPI = 130  # sharp on paper at the 16 cm the document gives a chart


def label(number: str, title: str, lines: int = 2) -> str:
    """«1.1 Доля обучающихся 5–11 классов, …»: the number and the title's beginning, on at most two lines.

    >>> label("1.1", "Доля обучающихся, принявших участие в открытых онлайн-уроках «Проектория»")
    '1.1 Доля обучающихся, принявших\\nучастие в открытых онлайн-уроках…'
    """
    wrapped = textwrap.wrap(f"{number} {title}", LABEL_WIDTH)
    if len(wrapped) > lines:
        last = wrapped[lines - 1]
        wrapped = wrapped[:lines - 1] + [last[:LABEL_WIDTH - 1].rstrip(" ,;–") + "…"]
    return "\n".join(wrapped)


def bars_png(lines: Sequence, current: str, previous: str = "", targets: Sequence[float | None] = ()) -> bytes:
    """The PNG of a section's values in one unit. ``lines`` are the view's indicator lines
    (``number``, ``title``, ``unit``, ``total``, ``history``); ``current`` and ``previous`` label
    the periods in the legend; ``targets`` are the municipal minimums (None where there is none)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    count = len(lines)
    with_previous = bool(previous) and any(line.history and line.history[-1] is not None for line in lines)
    height = 0.8 + count * (0.62 if with_previous else 0.45)
    figure = Figure(figsize=(6.3, height), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0.42, 0.9 / height if with_previous else 0.45 / height, 0.53,
                            1 - (1.25 if with_previous else 0.6) / height))
    positions = list(range(count))[::-1]  # the first indicator on top
    bar = 0.38 if with_previous else 0.6
    values = [line.total.value for line in lines]
    unit = lines[0].unit
    earlier = [line.history[-1] if with_previous and line.history else None for line in lines]
    top = 100.0 if unit == "%" else max([v for v in values + earlier + list(targets) if v is not None] + [1]) * 1.18
    pad = top * 0.012

    def text(value: float) -> str:
        return formatting.with_unit(value, unit)

    shift = bar / 2 if with_previous else 0
    axes.barh([p + shift for p in positions], values, height=bar, color=CURRENT, label=current)
    for position, value in zip(positions, values):
        axes.text(value + pad, position + shift, text(value), va="center", fontsize=8, family=FONT)
    if with_previous:
        drawn = [(p - shift, v) for p, v in zip(positions, earlier) if v is not None]
        axes.barh([p for p, _ in drawn], [v for _, v in drawn], height=bar, color=PREVIOUS, label=previous)
        for position, value in drawn:
            axes.text(value + pad, position, text(value), va="center", fontsize=8, family=FONT,
                      color="#404040")
    marked = False
    for position, goal in zip(positions, targets):
        if goal is not None:
            axes.plot([goal, goal], [position - 0.45, position + 0.45], color=TARGET, linewidth=1.6,
                      label=None if marked else "целевое значение")
            marked = True
    axes.set_xlim(0, top)
    if unit == "%":
        axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:.0f}{formatting.NBSP}%"))
    else:
        axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _: formatting.number(x, 0)))
        axes.set_xlabel(unit, fontsize=8, family=FONT)
    axes.set_yticks(positions)
    axes.set_yticklabels([label(line.number, line.label) for line in lines], fontsize=8, family=FONT)
    axes.tick_params(axis="x", labelsize=8)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.grid(axis="x", color="#D9D9D9", linewidth=0.6)
    axes.set_axisbelow(True)
    if with_previous or marked:
        axes.legend(loc="lower center", bbox_to_anchor=(0.3, 1.0), ncol=3, fontsize=8, frameon=False,
                    prop={"family": FONT, "size": 8})
    stream = io.BytesIO()
    figure.savefig(stream, format="png")
    return stream.getvalue()
