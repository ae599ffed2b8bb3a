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


def _graph_of(articles: dict[str, list[tuple[str, str]]]) -> Graph:
    """The graph's counts as link.build_graph makes them, from each article's entities."""
    articles_of, co = {}, {}
    for path, keys in articles.items():
        for key in keys:
            articles_of.setdefault(key, []).append(path)
            co.setdefault(key, Counter()).update(other for other in keys if other != key)
    return Graph(articles_of=articles_of, co_mentions=co, entities_of=dict(articles))


def test_a_neighbourhood_file_left_as_it_is_is_the_file_the_archive_now_makes():
    """unchanged_files: after new, edited and deleted articles (an entity named for the first time,
    two named together for the first time, an entity's only article gone, counts crossing 100),
    each file it leaves alone is byte for byte the file made from the whole archive again; and
    it does leave most of them alone."""
    import random

    from generator.link import entity_changes
    from generator.pages.graph import graph_record, unchanged_files

    rng = random.Random(24)
    names = [(rng.choice(["person", "state", "place", "organization"]), f"Name {n}") for n in range(60)]
    weights = [1 / (n + 1) for n in range(len(names))]  # a few much-mentioned, many rare
    registry = _registry(*(Entity(name, kind, page=f"x/{kind}-{n}.md") for n, (kind, name) in enumerate(names)))
    articles = {f"a{n}": list(dict.fromkeys(rng.choices(names, weights, k=rng.randint(1, 8)))) for n in range(400)}
    kept_in_all = 0
    for step in range(40):
        shown: dict = {}
        before = _graph_of(articles)
        made = graph_files(before, registry, shown=shown)
        record = graph_record(registry)
        change = step % 4
        if change == 0:  # a new article
            articles[f"new{step}"] = list(dict.fromkeys(rng.choices(names, weights, k=rng.randint(1, 8))))
        elif change == 1:  # an edited one
            articles[rng.choice(sorted(articles))] = list(dict.fromkeys(rng.choices(names, k=rng.randint(1, 5))))
        elif change == 2:  # a deleted one, or the only article of a rare entity
            rare = [path for path, keys in articles.items() if any(len(before.articles_of[key]) == 1 for key in keys)]
            del articles[rng.choice(sorted(rare or articles))]
        else:  # two entities named together for the first time
            apart = [(a, b) for a in names[30:40] for b in names[40:50] if b not in before.co_mentions.get(a, {})]
            articles[f"pair{step}"] = list(rng.choice(apart)) if apart else [names[0]]
        after = _graph_of(articles)
        kept = unchanged_files(after, registry, record, shown, entity_changes(before.entities_of, after.entities_of))
        now = graph_files(after, registry)
        for file in kept:
            assert now[file] == made[file], (step, file)
        assert set(graph_files(after, registry, kept)) | kept == set(now)
        kept_in_all += len(kept)
    assert kept_in_all > 40 * 10


def test_a_new_neighbour_among_many_makes_the_neighbourhood_again():
    """A much-linked entity shows its NEIGHBOURS strongest (ties by name): one named with it for the
    first time can take a place among them, so its file is made again (though no figure it showed
    moved)."""
    from generator.link import entity_changes
    from generator.pages.graph import NEIGHBOURS, graph_record, unchanged_files

    hub = ("state", "Hub")
    others = [("place", f"Town {n:02d}") for n in range(1, NEIGHBOURS + 6)]
    first = ("place", "Town 00")  # sorts before every other town
    registry = _registry(*(Entity(name, kind, page=f"x/{name.lower().replace(' ', '-')}.md")
                           for kind, name in [hub, first, *others]))
    articles = {f"a{n}": [hub, town] for n, town in enumerate(others)}
    articles |= {f"b{n}": [hub] for n in range(150)}  # its count, 180, rounded the same with one more
    shown: dict = {}
    before = _graph_of(articles)
    graph_files(before, registry, shown=shown)
    record = graph_record(registry)
    articles["new"] = [hub, first]
    after = _graph_of(articles)
    changes = entity_changes(before.entities_of, after.entities_of)
    assert "assets/graph/states/hub.json" not in unchanged_files(after, registry, record, shown, changes)
    assert '"Town 00"' in graph_files(after, registry)["assets/graph/states/hub.json"]


def test_files_another_version_of_the_generator_made_are_made_again():
    from generator.pages.graph import graph_record, unchanged_files

    kim, seoul = ("person", "Kim"), ("place", "Seoul")
    registry = _registry(Entity("Kim", "person", page="people/kim.md"), Entity("Seoul", "place", page="places/seoul.md"))
    graph, shown = _graph_of({"a": [kim, seoul], "b": [kim]}), {}
    graph_files(graph, registry, shown=shown)
    record = graph_record(registry)
    assert unchanged_files(graph, registry, record, shown, {}) == set(shown)
    assert unchanged_files(graph, registry, {**record, "code": "another version"}, shown, {}) == set()
    assert unchanged_files(graph, registry, record, shown, None) == set()  # the last import's entities not known
