"""Co-mention network data for the site's graph view, as static JSON under docs/assets/graph/.

graph.json holds the most-mentioned entities and their strongest links; each entity also gets
its own neighbourhood file (itself, the entities most often mentioned with it, and the links
among them). Sizes are bounded whatever the archive's size, so the graph page stays fast.

A file is {"nodes": [{"id", "name", "count"}], "edges": [[source, target, weight]], "center"}:
an edge names its ends by their place in "nodes", and a node's type and address follow from its
id ("people/kim-jong-un": a person, at people/kim-jong-un/), which graph.js works out. Written
as objects, the graph data was 21 MB at 10,000 articles; so, 6 MB.

Counts and weights are written to two significant digits, rounded down (1,234 as 1,200; graph.js
shows "1,200+ articles"), and neighbours and links are chosen by those figures. With exact ones,
every new article naming a much-mentioned entity changed its count in each neighbourhood that shows
it: one new post at 10,000 rewrote about 1,350 of the 2,400 files, each a change in the
repository docs/ is committed to. Rounded, a file changes when its picture does (about 200).
"""
from __future__ import annotations

import heapq
import json
import posixpath
from collections import Counter

from ..link import Graph
from ..store.cache import code_version
from ..store.registry import FOLDERS, Entity, Registry

GLOBAL_NODES = 150
EDGES_PER_NODE = 8
NEIGHBOURS = 25


def node_id(entity: Entity) -> str:
    return posixpath.splitext(entity.page)[0]  # "people/kim-jong-un"


def rounded(count: int) -> int:
    """`count` to two significant digits, rounded down: 7 -> 7, 1234 -> 1200."""
    if count < 100:  # most links: asked about a million times at 10,000 articles
        return count
    step = 10 ** (len(str(count)) - 2)
    return count // step * step


class _Rounded(dict):
    """count -> rounded(count), each worked out once: the loops below ask for hundreds of thousands."""

    def __missing__(self, count: int) -> int:
        value = self[count] = rounded(count)
        return value


class _Nodes(dict):
    """key -> its node, made once for every file that shows it."""

    def __init__(self, graph: Graph, registry: Registry, ids: dict):
        super().__init__()
        self.graph, self.registry, self.ids = graph, registry, ids

    def __missing__(self, key: tuple[str, str]) -> dict:
        node = self[key] = {"id": self.ids[key], "name": self.registry.entities[key].name,
                            "count": rounded(self.graph.count(key))}
        return node


def _edges(keys: list[tuple[str, str]], graph: Graph, ids: dict, per_node: int,
           rounds: _Rounded) -> dict[tuple[str, str], int]:
    """(source id, target id) -> weight of the links among `keys`: each one's `per_node` strongest."""
    chosen = set(keys)
    edges: dict[tuple[str, str], int] = {}
    for key in keys:
        co = graph.co_mentions.get(key, {})
        here = ids[key]
        # Only the chosen few are looked up (a much-mentioned entity is tied to thousands): a dict's
        # keys & a smaller set asks the dict about each of the set's members.
        strongest = sorted([(-rounds[co[other]], other) for other in co.keys() & chosen])[:per_node]  # a few dozen
        for weight, other in strongest:
            there = ids[other]
            edges[(here, there) if here < there else (there, here)] = -weight
    return edges


def _document(keys: list[tuple[str, str]], graph: Graph, nodes: _Nodes, ids: dict, per_node: int,
              rounds: _Rounded, center=None) -> str:
    edges = _edges(keys, graph, ids, per_node, rounds)
    if center:  # a neighbourhood always shows how strongly each neighbour is tied to its centre
        middle, co = ids[center], graph.co_mentions[center]
        for key in keys[1:]:
            there = ids[key]
            pair = (middle, there) if middle < there else (there, middle)
            if pair not in edges:
                edges[pair] = rounds[co[key]]
    place = {ids[key]: index for index, key in enumerate(keys)}
    data = {"nodes": [nodes[k] for k in keys],
            "edges": [[place[source], place[target], weight] for (source, target), weight in sorted(edges.items())]}
    if center:
        data["center"] = ids[center]
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def _candidates(co: dict, entities: dict, rounds: _Rounded) -> list[tuple[int, tuple[str, str]]]:
    """(-rounded count, key) of the entities mentioned with one that may be among its NEIGHBOURS
    nearest: those whose count is, rounded, at least the NEIGHBOURS-th highest's (a count n is
    rounded to at least r, itself rounded, when n >= r)."""
    counts = [n for k, n in co.items() if k in entities]
    floor = rounded(sorted(counts, reverse=True)[NEIGHBOURS - 1]) if len(counts) > NEIGHBOURS else 0
    return [(-rounds[n], k) for k, n in co.items() if n >= floor and k in entities]


def graph_files(graph: Graph, registry: Registry, kept: set[str] = frozenset(),
                shown: dict | None = None) -> dict[str, str]:
    """docs-relative path -> JSON text, for the whole network and each entity's neighbourhood,
    less the neighbourhood files in `kept` (known to hold what they would be made of: see
    unchanged_files). `shown`, when given, gets each file's entities (its centre first)."""
    mentioned = [k for k in graph.articles_of if k in registry.entities]
    ids = {key: node_id(entity) for key, entity in registry.entities.items()}
    ranked = sorted(mentioned, key=lambda k: (-rounded(graph.count(k)), k))
    nodes, rounds = _Nodes(graph, registry, ids), _Rounded()
    files = {"assets/graph/graph.json": _document(ranked[:GLOBAL_NODES], graph, nodes, ids, EDGES_PER_NODE, rounds)}
    for key in mentioned:
        file = neighbourhood_file(registry.entities[key])
        if file in kept:
            continue
        neighbours = heapq.nsmallest(NEIGHBOURS, _candidates(graph.co_mentions.get(key, {}), registry.entities, rounds))
        keys = [key] + [k for _, k in neighbours]
        files[file] = _document(keys, graph, nodes, ids, EDGES_PER_NODE, rounds, center=key)
        if shown is not None:
            shown[file] = tuple(keys)
    return files


def neighbourhood_file(entity: Entity) -> str:
    return f"assets/graph/{FOLDERS[entity.type]}/{entity.slug}.json"


CHANGED_ARTICLES = 500  # past this many articles whose entities changed, every file is made again


def graph_record(registry: Registry) -> dict:
    """What unchanged_files needs of this run, for the next, besides each article's entities
    (link.entities_record): each entity's name and address, and the code's version (another
    version may make other files)."""
    return {"code": code_version(),
            "nodes": {key: (entity.name, node_id(entity)) for key, entity in registry.entities.items()}}


def unchanged_files(graph: Graph, registry: Registry, last: dict, shown: dict[str, tuple],
                    changes: dict[str, tuple[list, list]] | None) -> set[str]:
    """The neighbourhood files that would be made as the last import made them. `last`: its
    graph_record; `shown`: its files' entities; `changes`: the articles whose entities changed
    since (link.entity_changes). A file shows its centre's neighbours, chosen by
    the rounded co-mention counts of the centre, and the names, addresses, rounded counts and
    rounded links of those entities: it is as it was when none of these moved. They can only
    move through the articles whose entities changed since (new ones, gone ones, or ones naming
    other entities), so only the counts those articles touch are compared, each worked out as it
    was before them: not every entity's co-mentions (at 10,000 articles, a new post names a
    few dozen entities, and making every neighbourhood again took most of a second)."""
    if changes is None or len(changes) > CHANGED_ARTICLES or last.get("code") != code_version() \
            or not last.get("nodes") or not set(graph.articles_of) <= registry.entities.keys():
        return set()  # another version's files, or none, or too much changed: every file is made
    articles, pairs = Counter(), Counter()  # how many more articles name each key, and each pair, now
    for old, new in changes.values():
        for keys, sign in ((new, 1), (old, -1)):
            for key in keys:
                articles[key] += sign
            for a in keys:
                for b in keys:
                    if a < b:
                        pairs[(a, b)] += sign
    moved = {key for key, more in articles.items() if more and rounded(graph.count(key)) != rounded(graph.count(key) - more)}
    linked = set()  # pairs whose rounded link moved
    for (a, b), more in pairs.items():
        count = graph.co_mentions.get(a, {}).get(b, 0)
        if more and rounded(count) != rounded(count - more):
            linked.add((a, b))
    ends = {key for pair in linked for key in pair}
    nodes = last["nodes"]
    renamed = {key for key, entity in registry.entities.items() if nodes.get(key) != (entity.name, node_id(entity))}
    kept = set()
    for file, keys in shown.items():
        centre = keys[0]
        if centre in ends or centre not in graph.articles_of or centre not in registry.entities \
                or neighbourhood_file(registry.entities[centre]) != file:
            continue
        if any(key in moved or key in renamed or key not in registry.entities for key in keys):
            continue
        touched = sorted(ends.intersection(keys))
        if any((a, b) in linked for a in touched for b in touched if a < b):
            continue
        kept.add(file)
    return kept
