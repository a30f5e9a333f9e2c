"""The quick measure of a plain worksheet part agrees with the tag-by-tag scan, or steps aside."""

from __future__ import annotations

import zipfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from proforient_cli.intake import sheet_size

ROOT = Path(__file__).resolve().parent.parent


def scanned(data: bytes) -> sheet_size.Extent:
    sheet = sheet_size._XlsxSheet()
    sheet.feed(data)
    return sheet.extent


def test_the_shipped_examples_are_plain_and_measured_alike():
    parts = 0
    for path in sorted(ROOT.glob("examples/**/*.xlsx")):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/"):
                    data = archive.read(name)
                    assert sheet_size._measure_plain(data) == scanned(data), (path, name)
                    parts += 1
    assert parts


@settings(max_examples=300)
@given(st.lists(st.tuples(
    st.sampled_from(["A", "D", "Z", "AB", "XFD", "a", ""]),  # letters; lower case and none are not plain
    st.sampled_from(["1", "14", "1048576", "0", ""]),
    st.sampled_from(['', ' s="3"', ' t="n"', ' s="1" t="inlineStr"', " s='2'", ' x="a>b"', ' x="a/>b"']),
    st.booleans(),  # closed
    st.sampled_from(["c", "x:c", "row"]),
    st.sampled_from(["r", "s"]),  # which attribute comes first
), max_size=12))
def test_a_plain_measure_is_the_scan_s_measure(tags):
    parts = ["<worksheet><sheetData>"]
    for letters, digits, extra, closed, name, first in tags:
        reference = f'r="{letters}{digits}"'
        attributes = f" {reference}{extra}" if first == "r" else f'{extra} {reference}'
        if name == "row":
            parts.append(f"<row {reference}>")
        else:
            parts.append(f"<{name}{attributes}" + ("/>" if closed else "><v>1</v></" + name + ">"))
    parts.append("</sheetData></worksheet>")
    data = "".join(parts).encode()
    quick = sheet_size._measure_plain(data)
    if quick is not None:
        assert quick == scanned(data)
