"""The package's layout stays readable: no import cycles and no module that holds too much.

The import graph is read from the source (``ast``), imports inside functions included:
a cycle hidden in a function body is still a cycle for a reader.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "safari"
MAX_LINES = 800

#: Modules other helpers are shrinking right now (issue 16); the size test tolerates them.


def import_graph(package: Path = PACKAGE) -> nx.DiGraph:
    """Which module of the package imports which (by module name, ``safari.`` left off)."""
    modules = {p.stem for p in package.glob("*.py")}
    graph = nx.DiGraph()
    for path in sorted(package.glob("*.py")):
        graph.add_node(path.stem)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if node.module == "safari":
                    names = [alias.name for alias in node.names]
                elif node.module.startswith("safari."):
                    names = [node.module.split(".")[1]]
            elif isinstance(node, ast.Import):
                names = [a.name.split(".")[1] for a in node.names if a.name.startswith("safari.")]
            graph.add_edges_from((path.stem, n) for n in names if n in modules and n != path.stem)
    return graph


def test_import_graph_sees_imports_inside_functions(tmp_path):
    """The checker itself: a cycle made only by an import inside a function is found."""
    (tmp_path / "a.py").write_text("from safari.b import x\n")
    (tmp_path / "b.py").write_text("def f():\n    from safari import a\n")
    assert list(nx.simple_cycles(import_graph(tmp_path))) != []


def test_no_import_cycles():
    cycles = sorted(sorted(c) for c in nx.simple_cycles(import_graph()))
    assert cycles == [], f"import cycles in safari/: {cycles}"


@pytest.mark.parametrize(
    "module",
    [p.name for p in sorted(PACKAGE.glob("*.py"))],
)
def test_largest_module(module):
    lines = len((PACKAGE / module).read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"safari/{module} has {lines} lines (at most {MAX_LINES})"
