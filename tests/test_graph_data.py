"""The graph view's data (generator/pages/graph.py): compact, and enough for graph.js to draw it."""
import json
from collections import Counter

from generator.link import Graph
from generator.pages.graph import graph_files, rounded
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


def test_counts_and_weights_are_written_to_two_digits_rounded_down():
    assert [rounded(n) for n in (0, 7, 99, 100, 109, 1234, 12_345)] == [0, 7, 99, 100, 100, 1200, 12_000]


def _much_mentioned(extra: int) -> tuple[Graph, Registry]:
    """Two much-mentioned states and a town named with both; `extra` articles more name the two."""
    us = Entity("United States", "state", page="states/united-states.md")
    china = Entity("China", "state", page="states/china.md")
    town = Entity("Najin", "place", page="places/najin.md")
    registry = _registry(us, china, town)
    graph = Graph(articles_of={us.key: list(range(1234 + extra)), china.key: list(range(987 + extra)),
                               town.key: [1, 2, 3]},
                  co_mentions={us.key: Counter({china.key: 456 + extra, town.key: 3}),
                               china.key: Counter({us.key: 456 + extra, town.key: 2}),
                               town.key: Counter({us.key: 3, china.key: 2})})
    return graph, registry


def test_a_new_article_naming_much_mentioned_entities_leaves_other_neighbourhoods_as_they_were():
    """Najin's neighbourhood shows both states and their link: one more article naming them changes
    no figure it shows to two digits, so its file is not rewritten (nor committed again)."""
    before, after = graph_files(*_much_mentioned(0)), graph_files(*_much_mentioned(1))
    town = json.loads(before["assets/graph/places/najin.json"])
    assert {n["id"]: n["count"] for n in town["nodes"]} == {
        "places/najin": 3, "states/united-states": 1200, "states/china": 980}
    assert [450] == [w for a, b, w in town["edges"] if {town["nodes"][a]["id"], town["nodes"][b]["id"]} == {
        "states/united-states", "states/china"}]
    assert after["assets/graph/places/najin.json"] == before["assets/graph/places/najin.json"]
    assert graph_files(*_much_mentioned(20))["assets/graph/places/najin.json"] != before["assets/graph/places/najin.json"]
