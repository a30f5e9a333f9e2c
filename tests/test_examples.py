"""The shipped example district of the default methodology (``examples/data``, order No 124 of Мосальский
район): the report names what the schools sent wrong, and the run says so with exit code 1.

Its golden files are compared in tests/test_shipped_methodologies.py; when a change to the report
is intended, regenerate them and review the diff:

    PROFORIENT_UPDATE_GOLDEN=1 python -m pytest tests/test_shipped_methodologies.py -k default
"""

from __future__ import annotations

from examples_kit import DEFAULT, example, example_fixtures

EXAMPLE = example(DEFAULT)
run, report, results = example_fixtures(EXAMPLE)


def test_the_example_run_reports_its_typical_mistakes_and_exits_with_1(run, report):
    assert run.result.exit_code == 0
    assert run.result.output.startswith("Обработано 9 файлов: учтено 8, исключено 1; ")
    assert "МКОУ «Озёрская основная общеобразовательная школа» (код 4006)" in report  # never sent
    assert "получено «12 чел.»" in report
    assert "получено «может быть»" in report
    assert "версия 0), ожидалась методика «mosalsk-2021», версия 1" in report
