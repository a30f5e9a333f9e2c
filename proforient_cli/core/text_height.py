"""How tall a row must be for its wrapped text: the one rule every sheet that wraps text uses.

LibreOffice (and the office suites built on it) keeps a row without a height at 15 pt, so a
long label written without one runs over the next rows; Excel auto-fits only what it recomputes
itself. A row's height is therefore always written, estimated from each cell's text, its font
size and its column's width. The estimate errs on the tall side: a little white space is a
readable form, a clipped line is not.
"""

from __future__ import annotations

import math

# A column width is in characters of the default 11 pt font; Cyrillic text at 11 pt fits about
# this share of them per line in LibreOffice's print (1.05, measured on the default template, clipped
# the last line of a long title in report.xlsx's «Сводка»: the estimate keeps a margin).
_CHARACTERS_PER_WIDTH = 0.97
_LINE = 1.32  # the line height, in font sizes
_PADDING = 4.0  # points above and below the text
_MINIMUM = 15.0  # the default row height


def lines(text: str, width: float, size: float = 11.0, indent: int = 0) -> int:
    """The lines ``text`` takes in a column ``width`` characters wide at ``size`` pt.

    >>> lines("Общее количество обучающихся 5–11 классов", 52), lines("x" * 120, 52), lines("a\\nb", 52)
    (1, 3, 2)
    """
    per_line = max(1.0, (width - 1.5 * indent) * _CHARACTERS_PER_WIDTH * 11.0 / size)
    count = 0
    for paragraph in str(text or "").split("\n"):
        words, length, paragraph_lines = paragraph.split(), 0.0, 1
        for word in words:  # words are not broken: a long one starts a new line
            needed = len(word) + (1 if length else 0)
            if length and length + needed > per_line:
                paragraph_lines += 1
                length = len(word)
            else:
                length += needed
            while length > per_line:  # a word longer than the line is broken after all
                paragraph_lines += 1
                length -= per_line
        count += paragraph_lines
    return max(1, count)


def height(*blocks: tuple[str, float, float], indent: int = 0) -> float:
    """The row height in points for the tallest of its cells' texts, stacked blocks within a cell
    counted together: each block is ``(text, column width, font size)``.

    >>> height(("Показатель", 52, 11))
    19
    >>> height(("x " * 100, 52, 11)) > 45
    True
    """
    total = sum(lines(text, width, size, indent) * size * _LINE for text, width, size in blocks if text)
    return max(_MINIMUM, math.ceil(total + _PADDING))
