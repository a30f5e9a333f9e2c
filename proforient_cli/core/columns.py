"""Spreadsheet column letters: the one conversion between «AB» and a column's index.

Indexes are 0-based, as in the rows a reader gets (python-calamine); openpyxl's own
``get_column_letter`` (1-based) stays where openpyxl's cells are written.
"""

from __future__ import annotations


def column_letter(index: int) -> str:
    """A 0-based column index as spreadsheet letters.

    >>> column_letter(0), column_letter(3), column_letter(27), column_letter(16383)
    ('A', 'D', 'AB', 'XFD')
    """
    letters = ""
    index += 1
    while index > 0:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def column_index(letters: str | bytes) -> int:
    """The 0-based index of a column's letters, in either case; bytes as a worksheet's XML holds them.

    >>> column_index("A"), column_index("ab"), column_index(b"XFD")
    (0, 27, 16383)
    """
    if isinstance(letters, bytes):
        letters = letters.decode("ascii")
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1
