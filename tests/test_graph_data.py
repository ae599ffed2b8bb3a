"""The graph view's data (generator/pages/graph.py): compact, and enough for graph.js to draw it."""
import json
from collections import Counter

from generator.link import Graph
from generator.pages.graph import graph_files
from generator.store.registry import Entity, Registry


def _registry(*entities: Entity) -> Registry:
    registry = Registry()
    for entity in entities:
        registry.entities[entity.key] = entity
    return registry


def test_edges_name_their_ends_by_place_and_nodes_carry_no_derivable_fields():
    kim = Entity("Kim Jong Un", "person", page="people/kim-jong-un.md")
    north = Entity("North Korea", "state", page="states/north-korea.md")
    seoul = Entity("Seoul", "place", page="places/seoul.md")
    registry = _registry(kim, north, seoul)
    graph = Graph(articles_of={kim.key: [1, 2, 3], north.key: [1, 2], seoul.key: [3]},
                  co_mentions={kim.key: Counter({north.key: 2, seoul.key: 1}), north.key: Counter({kim.key: 2}),
                               seoul.key: Counter({kim.key: 1})})
    files = graph_files(graph, registry)
    whole = json.loads(files["assets/graph/graph.json"])
    assert [n["id"] for n in whole["nodes"]] == ["people/kim-jong-un", "states/north-korea", "places/seoul"]
    assert all(set(n) == {"id", "name", "count"} for n in whole["nodes"]), "type and url follow from the id"
    ends = {(whole["nodes"][a]["id"], whole["nodes"][b]["id"], w) for a, b, w in whole["edges"]}
    assert ends == {("people/kim-jong-un", "states/north-korea", 2), ("people/kim-jong-un", "places/seoul", 1)}
    around = json.loads(files["assets/graph/places/seoul.json"])
    assert around["center"] == "places/seoul"
    assert [[around["nodes"][a]["id"], around["nodes"][b]["id"], w] for a, b, w in around["edges"]] == [
        ["people/kim-jong-un", "places/seoul", 1]]
