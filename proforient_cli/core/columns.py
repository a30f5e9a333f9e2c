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
    index = 0
    if isinstance(letters, bytes):  # a worksheet's scan: bytes, compared as numbers
        for byte in letters.upper():
            index = index * 26 + byte - 64
        return index - 1
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index - 1
