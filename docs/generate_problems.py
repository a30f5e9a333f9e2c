"""Regenerate docs/problems.md, the catalogue of problems in the data, from the code.

Every code, what it means, what the program does and the message a user sees are taken from
``proforient_cli.intake.problems.CATALOGUE``; each example message is built by the program's own
``Problem`` from the catalogue's sample fields, so the document cannot drift from the code.

    python docs/generate_problems.py          # rewrite docs/problems.md
    python docs/generate_problems.py --check  # exit 1 if the committed document is out of date

A test (tests/test_problem_catalogue.py) runs the same comparison.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "docs" / "problems.md"

INTRO = """\
# Проблемы в данных

<!-- Этот файл создан программой docs/generate_problems.py из proforient_cli/intake/problems.py.
     Не правьте его вручную: исправьте каталог и запустите python docs/generate_problems.py. -->

Каждая проблема, найденная командой `proforient compute`, — одна запись: файл, лист, ячейка,
элемент методики, что найдено и что ожидалось. Записи попадают в раздел «Проблемы в данных»
справки `report.md`, на лист «Проблемы» файла `report.xlsx` и в таблицу `problems.csv`
(столбцы `code`, `file`, `sheet`, `cell`, `element`, `found`, `expected`, `message`).
Код в столбце `code` — один из перечисленных ниже; он не меняется от версии к версии,
поэтому по нему удобно отбирать строки.

Общие правила:

- значение с ошибкой считается отсутствующим («нет данных») и никогда не заменяется нулём;
  остальные значения той же организации учитываются;
- файл, который не читается или заполнен по другой методике, исключается из расчёта целиком,
  остальные файлы считаются;
- если найдена хотя бы одна проблема, программа завершается с кодом 1, но справка всё равно
  формируется; если не удалось прочитать ни одного файла — с кодом 2.
"""


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _block(message: str) -> str:
    fence = "```"
    while fence in message:
        fence += "`"
    return f"{fence}\n{message}\n{fence}"


def problems_markdown() -> str:
    """The whole document: the introduction, a summary table and a section per code."""
    sys.path.insert(0, str(ROOT))
    from proforient_cli.intake.problems import CATALOGUE, Problem

    parts = [INTRO, "## Сводка\n", "| Код | Что означает | Файл исключается |", "|---|---|---|"]
    for code, kind in CATALOGUE.items():
        parts.append(f"| [`{code}`](#{code}) | {_cell(kind.meaning)} | {'да' if kind.excludes_file else 'нет'} |")
    for code, kind in CATALOGUE.items():
        parts.append(f"\n## {code}\n")
        parts.append(f"**Что означает.** {kind.meaning}\n")
        parts.append(f"**Что делает программа.** {kind.action}\n")
        examples = kind.examples or ({"file": "школа.xlsx"},)
        parts.append("**Как выглядит сообщение:**\n" if len(examples) == 1 else "**Как выглядят сообщения:**\n")
        for fields in examples:
            parts.append(_block(Problem(code, **fields).message) + "\n")
    return "\n".join(parts).rstrip("\n") + "\n"


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT / "docs"))
    from generate import write_or_check

    return write_or_check(DOCUMENT, problems_markdown(), "каталог проблем", "python docs/generate_problems.py", argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
