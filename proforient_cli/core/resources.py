"""Where the shipped files are: the default methodology and the Jinja2 templates.

In a source checkout they sit at the top of the repository; in an installed
wheel they are copied into ``proforient_cli/data`` (see pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # proforient_cli/


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.exists():
            return candidate
    return candidates[0]


def default_methodology_path() -> Path:
    """The methodology shipped with the tool (seed 002, Мосальский район)."""
    return _first_existing(_PACKAGE / "data" / "indicators.yaml", _PACKAGE.parent / "indicators.yaml")


def templates_dir() -> Path:
    """The folder of Jinja2 templates every rendered text goes through."""
    return _first_existing(_PACKAGE / "data" / "templates", _PACKAGE.parent / "templates")


def resolve_methodology(option: str | Path | None, cwd: Path | None = None) -> Path:
    """The methodology to use: the option, else ``./indicators.yaml``, else the shipped default.

    >>> resolve_methodology("my.yaml").name
    'my.yaml'
    """
    if option:
        return Path(option)
    local = (cwd or Path.cwd()) / "indicators.yaml"
    if local.is_file():
        return local
    return default_methodology_path()
