"""The pipeline's imports run one way, down these layers: each part of the generator imports only
parts in layers before its own. Read from the code itself (every import, those inside functions
too), so a new import back up the pipeline fails here, by name."""
from __future__ import annotations

import ast
from pathlib import Path

from .conftest import REPO

PACKAGE = REPO / "generator"

LAYERS = [
    {"core"},  # records, paths, the safety boundary, text, the front-matter schema, settings, workers
    {"store", "write"},  # the state kept between runs; the one writer (atomic files, hand edits merged)
    {"sources"},  # reading input files, damaged or not
    {"fetch"},  # the `fetch` command: stores what a site serves, for sources to read
    {"clean", "convert"},  # HTML repaired and sanitised, then Markdown
    {"extract"},  # actors, places, dates, sources
    {"link", "articles", "consolidate"},  # the entity graph; an article's records; site-level hygiene
    {"pages"},  # the pages planned: articles, entities, listings, timelines, feeds, graph data, redirects
    {"importer"},  # runs the stages in order
    {"report"},
    {"shortcut"},  # an import that finds nothing changed does nothing
    {"site", "check"},  # the `build` and `check` commands
    {"cli", "__init__"},
    {"__main__"},  # python -m generator
]
LAYER_OF = {part: n for n, parts in enumerate(LAYERS) for part in parts}


def _part(path: Path) -> str:
    """A top-level module, or a package as one node: generator/extract/dates.py is "extract"."""
    return path.relative_to(PACKAGE).with_suffix("").parts[0]


def _imports(path: Path) -> set[str]:
    here = path.relative_to(PACKAGE).parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(here[:len(here) - (node.level - 1)])
            names = [node.module] if node.module else [alias.name for alias in node.names]
            found |= {(base + name.split("."))[0] if base or name else "__init__" for name in names}
        elif isinstance(node, ast.ImportFrom | ast.Import):
            modules = [node.module] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            found |= {m.split(".")[1] for m in modules if m and m.startswith("generator.")}
    return found


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        graph.setdefault(_part(path), set()).update(_imports(path) - {_part(path)})
    return {part: {p for p in found if p in graph} for part, found in graph.items()}


def test_the_reader_of_imports_sees_the_pipeline():
    graph = _graph()
    assert {"importer", "write", "extract", "sources", "pages", "store", "core"} <= set(graph)
    assert "extract" in graph["link"] and "write" in graph["importer"] and "core" in graph["pages"]


def test_every_part_of_the_generator_has_its_layer():
    assert set(_graph()) <= set(LAYER_OF), "a new module or package: give it its layer in LAYERS"


def test_no_part_imports_a_later_layer():
    backwards = sorted(f"{part} imports {other}" for part, found in _graph().items() for other in found
                       if LAYER_OF.get(other, -1) >= LAYER_OF.get(part, -1) and other != "__init__")
    assert backwards == [], "imports back up the pipeline (or within a layer): move the shared piece down"


def test_the_top_level_holds_the_stages_not_their_pieces():
    flat = sorted(p.stem for p in PACKAGE.glob("*.py"))
    assert flat == ["__init__", "__main__", "articles", "cli", "consolidate", "convert", "importer", "link",
                    "report", "shortcut"]


def test_the_shared_core_imports_nothing_else_of_the_generator():
    assert _graph()["core"] == set()
