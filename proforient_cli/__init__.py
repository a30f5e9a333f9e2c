"""proforient: the yearly career-guidance monitoring of a municipal education department.

The Python API (``import proforient_cli as pf``)::

    methodology = pf.load_methodology("indicators.yaml")
    run = pf.compute_files(["данные/2024"], methodology=methodology, roster="реестр.xlsx")
    run.results            # pandas DataFrame: the columns and values of results.csv
    run.problems           # pandas DataFrame: the columns of problems.csv
    run.write("справка")   # the report folder, exactly as ``proforient compute`` writes it

The names load on first use, so that ``import proforient_cli`` (and ``proforient --help``) stays
fast: pandas is imported only when something is computed.
"""

__version__ = "0.1.0"

__all__ = [
    "CannotStart",
    "MethodologyError",
    "Methodology",
    "Period",
    "Run",
    "compute_files",
    "load_methodology",
    "read_period",
    "roll_up_folders",
]

_WHERE = {
    "CannotStart": "proforient_cli.core.errors",
    "MethodologyError": "proforient_cli.methodology.diagnostics",
    "Methodology": "proforient_cli.methodology.model",
    "Period": "proforient_cli.compute.history",
    "Run": "proforient_cli.pipeline",
    "compute_files": "proforient_cli.pipeline",
    "load_methodology": "proforient_cli.methodology.load",
    "read_period": "proforient_cli.report.folder",
    "roll_up_folders": "proforient_cli.pipeline",
}


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'proforient_cli' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # found once
    return value


def __dir__():
    return sorted(list(globals()) + __all__)
