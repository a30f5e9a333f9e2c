"""Workbooks saved with their text as UTF-8.

openpyxl writes through lxml when lxml is installed (python-docx brings it), and lxml then writes
every character outside ASCII as a numeric reference: «Мониторинг» becomes «&#1052;&#1086;…», three
to seven bytes a letter instead of two. A template is read back by ``compute`` from every school,
so its parts are decoded back to plain UTF-8 here; what the XML means does not change.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

_REFERENCE = re.compile(rb"&#(\d{3,7});")


def utf8_xml(data: bytes) -> bytes:
    """The part with every numeric reference to a character above ASCII written as the character.

    References below 128 (``&#10;`` in an attribute, ``&#60;``) are kept: the character itself
    would mean something else there.

    >>> utf8_xml(b"<t>&#1052;&#1056; &#171;&#10;&#60;</t>").decode("utf-8")
    '<t>МР «&#10;&#60;</t>'
    """
    def character(match: re.Match) -> bytes:
        code = int(match.group(1))
        if code < 128 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            return match.group(0)
        return chr(code).encode("utf-8")

    return _REFERENCE.sub(character, data) if b"&#" in data else data


def save_workbook(book, target: Path | io.BytesIO) -> None:
    """``book.save(target)``, its XML parts in UTF-8."""
    buffer = io.BytesIO()
    book.save(buffer)
    rewrite(buffer, target)


def rewrite(source: io.BytesIO, target: Path | io.BytesIO, parts: dict | None = None) -> None:
    """Copy the package ``source`` to ``target`` with its XML parts in UTF-8; ``parts`` maps a
    part's name to a function that writes it instead (given the archive, its info and its XML)."""
    source.seek(0)
    with zipfile.ZipFile(source) as package, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in package.infolist():
            data = package.read(info)
            if info.filename.endswith((".xml", ".rels", ".vml")):
                data = utf8_xml(data)
            writer = (parts or {}).get(info.filename)
            if writer is not None:
                writer(archive, info, data.decode("utf-8"))
            else:
                archive.writestr(info, data)
