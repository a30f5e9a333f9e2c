"""File names as their sender sees them, whatever the file system made of them."""

from __future__ import annotations

import re

_UNDECODED = re.compile("[\udc80-\udcff]+")  # bytes the file system could not decode, kept by Python
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def readable(text: str) -> str:
    """Text that can be written as UTF-8: a file name's undecodable bytes read as UTF-8 or else as
    Windows-1251 (an archive from a Windows computer unpacked on Linux names files that way).

    >>> readable("\\udcf8\\udcea\\udcee\\udceb\\udce0.xlsx"), readable("школа.xlsx")
    ('школа.xlsx', 'школа.xlsx')
    """
    if text.isascii() or not _LONE_SURROGATE.search(text):
        return text

    def decode(match: re.Match) -> str:
        raw = match.group().encode("utf-8", "surrogateescape")
        for encoding in ("utf-8", "cp1251"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
        return raw.decode("utf-8", "replace")

    return _LONE_SURROGATE.sub("\ufffd", _UNDECODED.sub(decode, text))
