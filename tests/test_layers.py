"""The pipeline's imports run one way: sources -> clean -> convert -> extract -> link -> the pages
planned -> the writer -> the driver (importer, cli). Read from the code itself (every import,
those inside functions too), so a new import back up the pipeline fails here, by name."""
from __future__ import annotations

import ast
from pathlib import Path

from .conftest import REPO

PACKAGE = REPO / "generator"

EARLY = {"sources", "clean", "fetch", "extract", "convert", "articles", "text", "safe", "models"}
PLANNING = {"article_page", "entity_pages", "listings", "timeline", "feeds", "graph", "redirects", "retire"}
DRIVER = {"importer", "shortcut", "cli", "report", "site", "site_pages", "site_search", "__main__"}
# The writer applies what the stages planned: it knows files, front-matter and merging, nothing else.
WRITER_NEEDS = {"frontmatter", "merge", "paths"}


def _module(path: Path) -> str:
    """A top-level module, or a subpackage as one node: generator/extract/dates.py is "extract"."""
    return path.relative_to(PACKAGE).with_suffix("").parts[0]


def _imports(path: Path) -> set[str]:
    here = path.relative_to(PACKAGE).parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(here[:len(here) - (node.level - 1)])
            names = [node.module] if node.module else [alias.name for alias in node.names]
            found |= {(base + name.split("."))[0] for name in names}
        elif isinstance(node, ast.ImportFrom | ast.Import):
            modules = [node.module] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            found |= {m.split(".")[1] for m in modules if m and m.startswith("generator.")}
    return found


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        graph.setdefault(_module(path), set()).update(_imports(path) - {_module(path)})
    return {module: {m for m in found if m in graph} for module, found in graph.items()}


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The groups of modules that reach each other (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in sorted(graph[module]):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = set()
            while not group or module not in group:
                group.add(stack.pop())
            groups.append(group)

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return [group for group in groups if len(group) > 1]


def test_the_reader_of_imports_sees_the_pipeline():
    graph = _graph()
    assert {"importer", "write", "extract", "sources", "article_page"} <= set(graph)
    assert "extract" in graph["link"] and "write" in graph["importer"]


def test_no_modules_import_each_other():
    assert _cycles(_graph()) == [], "modules that import each other: take the cycle apart"


def test_the_writer_knows_files_front_matter_and_merging_only():
    assert _graph()["write"] <= WRITER_NEEDS


def test_early_stages_never_import_the_planning_of_pages_or_the_driver():
    graph = _graph()
    for module in EARLY:  # (fetch keeps what it fetched with the writer's atomic write_atomic)
        assert not graph[module] & (PLANNING | DRIVER), module


def test_only_the_driver_imports_the_driver():
    graph = _graph()
    for module, found in graph.items():
        if module not in DRIVER:
            assert not found & {"importer", "shortcut", "cli", "report"}, module
