"""Co-mention network data for the site's graph view, as static JSON under docs/assets/graph/.

graph.json holds the most-mentioned entities and their strongest links; each entity also gets
its own neighbourhood file (itself, the entities most often mentioned with it, and the links
among them). Sizes are bounded whatever the archive's size, so the graph page stays fast.
"""
from __future__ import annotations

import json
import posixpath

from .link import Graph
from .registry import FOLDERS, Entity, Registry

GLOBAL_NODES = 150
EDGES_PER_NODE = 8
NEIGHBOURS = 25


def node_id(entity: Entity) -> str:
    return posixpath.splitext(entity.page)[0]  # "people/kim-jong-un"


def _node(entity: Entity, graph: Graph) -> dict:
    return {"id": node_id(entity), "name": entity.name, "type": entity.type,
            "count": graph.count(entity.key), "url": node_id(entity) + "/"}


def _edges(keys: list[tuple[str, str]], graph: Graph, registry: Registry, per_node: int) -> list[dict]:
    chosen = set(keys)
    edges: dict[tuple[str, str], int] = {}
    for key in keys:
        strongest = sorted(((other, n) for other, n in graph.co_mentions.get(key, {}).items() if other in chosen),
                           key=lambda item: (-item[1], item[0]))[:per_node]
        for other, weight in strongest:
            pair = tuple(sorted((node_id(registry.entities[key]), node_id(registry.entities[other]))))
            edges[pair] = weight
    return [{"source": a, "target": b, "weight": w} for (a, b), w in sorted(edges.items())]


def _document(keys: list[tuple[str, str]], graph: Graph, registry: Registry, per_node: int, center=None) -> str:
    edges = _edges(keys, graph, registry, per_node)
    if center:  # a neighbourhood always shows how strongly each neighbour is tied to its centre
        linked = {(e["source"], e["target"]) for e in edges}
        middle = node_id(registry.entities[center])
        for key in keys[1:]:
            pair = tuple(sorted((middle, node_id(registry.entities[key]))))
            if pair not in linked:
                edges.append({"source": pair[0], "target": pair[1], "weight": graph.co_mentions[center][key]})
        edges.sort(key=lambda e: (e["source"], e["target"]))
    data = {"nodes": [_node(registry.entities[k], graph) for k in keys], "edges": edges}
    if center:
        data["center"] = node_id(registry.entities[center])
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def graph_files(graph: Graph, registry: Registry) -> dict[str, str]:
    """docs-relative path -> JSON text, for the whole network and each entity's neighbourhood."""
    mentioned = [k for k in graph.articles_of if k in registry.entities]
    ranked = sorted(mentioned, key=lambda k: (-graph.count(k), k))
    files = {"assets/graph/graph.json": _document(ranked[:GLOBAL_NODES], graph, registry, EDGES_PER_NODE)}
    for key in mentioned:
        entity = registry.entities[key]
        neighbours = sorted(graph.co_mentions.get(key, {}).items(), key=lambda item: (-item[1], item[0]))
        keys = [key] + [k for k, _ in neighbours if k in registry.entities][:NEIGHBOURS]
        files[f"assets/graph/{FOLDERS[entity.type]}/{entity.slug}.json"] = _document(
            keys, graph, registry, EDGES_PER_NODE, center=key)
    return files
