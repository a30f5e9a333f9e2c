"""The layout is the architecture: each stage imports only the stages below it, and no cycles.

Every import in the package is read from the source (module-level and inside functions, which
hide a dependency from a quick look but not from this test). docs/architecture.md describes the
same layers; the test fails when a module imports upwards or two modules import each other.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "proforient_cli"

# Lowest first: a stage may import its own modules and any stage before it, nothing after it.
LAYERS = ("core", "methodology", "template", "intake", "compute", "report", "pipeline", "cli", "")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int:
    """The layer of ``proforient_cli.<stage>…``; the package's own ``__init__``/``__main__`` are the top."""
    parts = module.split(".")
    stage = parts[1] if len(parts) > 1 else ""
    return LAYERS.index(stage) if stage in LAYERS else LAYERS.index("")


def imports_of(source: str, module: str, is_package: bool = False) -> set[str]:
    """The package's modules that ``source`` imports, wherever the import statement stands."""
    known = {module_name(p) for p in PACKAGE.rglob("*.py")}
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolved against this module's package
                anchor = module.split(".") if is_package else module.split(".")[:-1]
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            # «from proforient_cli.core import formatting» imports the module, «… import number» the package
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for name in names:
            if name.startswith("proforient_cli"):
                while name not in known and "." in name:
                    name = name.rsplit(".", 1)[0]
                if name in known and name != module:
                    found.add(name)
    return found


def import_graph() -> dict[str, set[str]]:
    graph = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path)
        graph[module] = imports_of(path.read_text(encoding="utf-8"), module, path.name == "__init__.py")
    return graph


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """«a imports b», for every import of a higher stage (or a sideways one between stages of one level)."""
    wrong = []
    for module, imported in graph.items():
        for other in sorted(imported):
            if other == "proforient_cli":  # the package holds the version, and its API names load lazily
                continue
            if layer_of(other) > layer_of(module):
                wrong.append(f"{module} imports {other}")
    return wrong


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle, each once, as the list of modules along it."""
    found, done = [], set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            cycle = path[path.index(module):]
            start = cycle.index(min(cycle))
            found.append(cycle[start:] + cycle[:start])
            return
        if module in done:
            return
        for other in sorted(graph.get(module, ())):
            visit(other, path + [module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])
    unique = []
    for cycle in found:
        if cycle not in unique:
            unique.append(cycle)
    return unique


def test_every_module_is_in_a_stage():
    stray = [module_name(p) for p in PACKAGE.glob("*.py")
             if p.stem not in ("__init__", "__main__", "pipeline")]
    assert stray == [], "a module belongs in one of the stage subpackages: " + ", ".join(stray)


def test_no_stage_imports_a_higher_one():
    assert upward_imports(import_graph()) == []


def test_no_import_cycle():
    assert cycles(import_graph()) == []


def test_the_package_itself_imports_no_stage_until_its_api_is_used():
    """Any stage may read ``proforient_cli.__version__``: the package's ``__init__`` imports
    nothing at module level and loads its API names (from the pipeline) only when asked."""
    source = (PACKAGE / "__init__.py").read_text(encoding="utf-8")
    top_level = [node for node in ast.parse(source).body if isinstance(node, (ast.Import, ast.ImportFrom))]
    assert imports_of("\n".join(ast.unparse(node) for node in top_level), "proforient_cli", True) == set()


@pytest.mark.parametrize("source", [
    "from proforient_cli.report.view import build_view\n",
    "def later():\n    from proforient_cli.pipeline import compute_files\n",
    "import proforient_cli.cli.commands\n",
    "from proforient_cli import pipeline\n",
])
def test_the_checker_catches_an_upward_import(source):
    module = "proforient_cli.intake.read"
    graph = import_graph()
    graph[module] = graph[module] | imports_of(source, module)
    assert any(line.startswith(f"{module} imports") for line in upward_imports(graph))


def test_the_checker_catches_a_cycle():
    graph = import_graph()
    graph["proforient_cli.core.formatting"] = graph["proforient_cli.core.formatting"] | {"proforient_cli.core.jinja"}
    assert ["proforient_cli.core.formatting", "proforient_cli.core.jinja"] in cycles(graph)


def test_a_relative_import_is_resolved():
    assert imports_of("from ..core import formatting\n", "proforient_cli.intake.read") == {
        "proforient_cli.core.formatting"}
