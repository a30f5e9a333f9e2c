"""Write the collection templates: one protected .xlsx per organization, or one blank template.

A workbook has three sheets: «Данные» (title block, then one row per element with a live
«Проверка» warning), «Инструкция» (rendered from ``templates/instruction.txt.j2``) and a very
hidden sheet with the methodology's id, version and fingerprint, so that ``compute`` knows which
definitions a returned file was filled against. The names of sheets, captions and title labels
come from :mod:`proforient_cli.template.layout`, which the reader shares.
"""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook

from proforient_cli import __version__
from proforient_cli.core import ooxml
from proforient_cli.core.atomic import atomic_path, make_folder
from proforient_cli.core.formatting import period_text
from proforient_cli.template.layout import INSTRUCTION_SHEET, META_KEYS, META_SHEET
from proforient_cli.methodology.model import Methodology
from proforient_cli.core.organization import Organization
from proforient_cli.template.sheets import write_data_sheet, write_instruction_sheet

_UNSAFE = re.compile(r"[«»\"“”„'/\\:*?<>|\x00-\x1f]")
_ABBREVIATIONS = (
    (re.compile(r"средняя\s+общеобразовательная\s+школа", re.I), "СОШ"),
    (re.compile(r"основная\s+общеобразовательная\s+школа", re.I), "ООШ"),
    (re.compile(r"начальная\s+общеобразовательная\s+школа", re.I), "НОШ"),
)
NAME_LIMIT = 50


def write_templates(methodology: Methodology, organizations: list[Organization] | None, out_dir: Path,
                    period: str | None = None) -> list[Path]:
    """Write a template for each organization (or one blank template) into ``out_dir``.

    Returns the paths written, in the roster's order. Each file is written to a temporary file
    first and then renamed, so an interrupted run never leaves a half-written template.

    >>> write_templates(load_methodology("indicators.yaml"), None, Path("шаблоны"))  # doctest: +SKIP
    [PosixPath('шаблоны/шаблон_mosalsk-2021.xlsx')]
    """
    out_dir = make_folder(Path(out_dir))
    written: list[Path] = []
    used: set[str] = set()
    for organization in organizations if organizations is not None else [None]:
        name = template_file_name(organization, methodology)
        stem, number = name[:-len(".xlsx")], 2
        while name.casefold() in used:  # two codes that differ only in unsafe characters
            name, number = f"{stem}_{number}.xlsx", number + 1
        used.add(name.casefold())
        workbook = build_workbook(methodology, organization, period, name)
        written.append(_save_atomically(workbook, out_dir / name))
    return written


def build_workbook(methodology: Methodology, organization: Organization | None, period: str | None,
                   file_name: str) -> Workbook:
    """The template workbook of one organization; None gives the blank template with every element."""
    workbook = Workbook()
    data = workbook.active
    text = period_text(methodology.period, period)
    write_data_sheet(data, methodology, organization, text, period_given=bool(period))
    instruction = workbook.create_sheet(INSTRUCTION_SHEET)
    write_instruction_sheet(instruction, methodology, organization, text, file_name)
    _write_meta_sheet(workbook, methodology, organization, period)
    workbook.active = 0
    workbook.properties.title = methodology.title
    workbook.properties.creator = f"proforient {__version__}"
    return workbook


def meta_values(methodology: Methodology, organization: Organization | None, period: str | None) -> dict[str, str]:
    """What the hidden sheet records, by :data:`layout.META_KEYS`; every value is a string."""
    values = {
        "methodology_id": methodology.id,
        "methodology_version": methodology.version,
        "fingerprint": methodology.fingerprint,
        "org_code": organization.code if organization else "",
        "org_type": organization.type if organization else "",
        "period": period or "",
        "tool_version": __version__,
    }
    return {key: str(values[key]) for key in META_KEYS}


def _write_meta_sheet(workbook: Workbook, methodology: Methodology, organization: Organization | None,
                      period: str | None) -> None:
    sheet = workbook.create_sheet(META_SHEET)
    for key, value in meta_values(methodology, organization, period).items():
        sheet.append([key, value])
        sheet.cell(sheet.max_row, 2).data_type = "s"  # a code like 4001 stays text
    sheet.protection.sheet = True
    sheet.sheet_state = "veryHidden"


def safe_name(text: str, limit: int = NAME_LIMIT) -> str:
    """A short name that survives e-mail and every file system; Cyrillic is kept.

    >>> safe_name("МБОУ «Средняя общеобразовательная школа № 1» г. Мосальска")
    'МБОУ_СОШ_№1_г._Мосальска'
    """
    for pattern, short in _ABBREVIATIONS:
        text = pattern.sub(short, text)
    text = re.sub(r"№\s+", "№", _UNSAFE.sub("", text))
    text = re.sub(r"[\s_]+", "_", text.strip())
    if len(text) > limit:
        cut = text[:limit]
        text = cut[:cut.rindex("_")] if "_" in cut[limit // 2:] else cut
    return text.strip("._ ")


def template_file_name(organization: Organization | None, methodology: Methodology) -> str:
    """``4001_МБОУ_СОШ_№1_г._Мосальска.xlsx``; the blank template is ``шаблон_<methodology id>.xlsx``."""
    if organization is None:
        return f"шаблон_{safe_name(methodology.id)}.xlsx"
    code = safe_name(organization.code) or "организация"
    name = safe_name(organization.name)
    return f"{code}_{name}.xlsx" if name else f"{code}.xlsx"


def _save_atomically(workbook: Workbook, path: Path) -> Path:
    with atomic_path(path) as temporary:
        ooxml.save_workbook(workbook, temporary)  # in UTF-8: a third of the bytes every school's file is read in
    return path
