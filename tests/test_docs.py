"""Every command explains itself in Russian and is documented in the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from proforient_cli.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(main.commands)
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def test_the_pinned_commands_exist():
    assert {"template", "compute", "check", "describe", "rollup"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_russian_help_with_an_example(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert CYRILLIC.search(main.commands[command].help or "")
    assert "Пример:" in result.output
    for option in main.commands[command].params:
        if option.param_type_name == "option":
            assert option.help and CYRILLIC.search(option.help), f"{command} {option.name}: no Russian help"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_appears_in_the_readme(command):
    assert f"proforient {command}" in README


def test_the_readme_quick_start_has_exactly_two_commands():
    quick = README.split("## Быстрый старт", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```\n(.*?)```", quick, flags=re.S)
    assert [b.strip() for b in blocks] == [
        "pip install . && proforient compute examples/data --roster examples/roster.csv",
        'pip install ".[test]" && python -m pytest',
    ]


def test_ci_runs_exactly_the_readmes_test_command():
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert 'python -m pip install ".[test]" && python -m pytest' in ci


def test_clicks_own_words_are_russian_too():
    runner = CliRunner()
    help_text = runner.invoke(main, ["--help"]).output
    assert "Использование:" in help_text and "Параметры:" in help_text and "Команды:" in help_text
    assert "Show this message" not in help_text and "Usage:" not in help_text
    missing = runner.invoke(main, ["compute"])
    assert missing.exit_code == 2
    assert "Ошибка: Не указан аргумент 'ФАЙЛ|ПАПКА|ШАБЛОН...'." in missing.output
    typo = runner.invoke(main, ["chek"])
    assert "Нет такой команды: 'chek'. Возможно, имелось в виду 'check'?" in typo.output
    wrong = runner.invoke(main, ["check", "--format", "xml"])
    assert "'xml' — недопустимое значение; возможны: 'text', 'json'." in wrong.output


def test_the_architecture_page_names_every_module():
    """docs/architecture.md says where to change what; a new module is added there too."""
    package = Path(__file__).resolve().parent.parent / "proforient_cli"
    page = (package.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    modules = [p for p in package.rglob("*.py") if p.name not in ("__init__.py", "__main__.py")]
    unnamed = [str(p.relative_to(package)) for p in modules if f"`{p.name}`" not in page
               and f"`{p.parent.name}/{p.name}`" not in page]
    assert unnamed == []
    for stage in (p.name for p in package.iterdir() if (p / "__init__.py").is_file()):
        assert f"`{stage}/`" in page, stage


@pytest.mark.parametrize("encoding", ["cp1251", "cp866"])
def test_output_redirected_on_a_russian_windows_console_never_crashes(tmp_path, encoding):
    """`check --schema > schema.json` on a Russian Windows console: the console's code page lacks «≥»."""
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONIOENCODING": encoding}
    root = Path(__file__).resolve().parent.parent
    schema = subprocess.run([sys.executable, "-m", "proforient_cli", "check", "--schema"], capture_output=True,
                            env=env, cwd=tmp_path, timeout=60)
    assert schema.returncode == 0, schema.stderr.decode(encoding, "replace")
    assert json.loads(schema.stdout.decode(encoding)) == json.loads(
        (root / "docs" / "indicators.schema.json").read_text(encoding="utf-8"))
    broken = tmp_path / "indicators.yaml"
    broken.write_text((root / "tests" / "fixtures" / "mini.yaml").read_text(encoding="utf-8").replace(
        "formula: hours / events", "formula: hours ≥ events"), encoding="utf-8")
    text = subprocess.run([sys.executable, "-m", "proforient_cli", "check", str(broken)], capture_output=True,
                          env=env, cwd=tmp_path, timeout=60)
    assert text.returncode == 1
    assert "ошибка E124" in text.stdout.decode(encoding) and "Traceback" not in text.stderr.decode(encoding)
