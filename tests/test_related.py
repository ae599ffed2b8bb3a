"""Related articles: the articles sharing the rarest entities, nearest in time, ties to the earlier
path. link._related takes shortcuts (only the scores near the third-highest, and of the articles
of one score only the few of lowest rank, are sorted); these tests hold it to the plain rule, as it
was written before them, on archives full of ties."""
import math
import random
from datetime import datetime, timedelta
from types import SimpleNamespace

from generator.importer import link_articles, run_import
from generator.link import COMMON_ENTITY, NEIGHBOURS, RELATED, build_graph

from .conftest import SAMPLE


def _plainly(articles, entities_of, articles_of):
    """link._related as it was at 51f6d4b: every score given its sort key."""
    total = max(len(articles), 1)
    number = {article.path: index for index, article in enumerate(articles)}
    weight, members, position = {}, {}, {}
    for key, found in articles_of.items():
        if len(found) <= COMMON_ENTITY:
            weight[key] = math.log(total / len(found))
            members[key] = [number[a.path] for a in found]
            position[key] = {index: at for at, index in enumerate(members[key])}
    rank = [0] * len(articles)
    for at, index in enumerate(sorted(range(len(articles)), key=lambda i: articles[i].path)):
        rank[index] = at
    related = {}
    for here, article in enumerate(articles):
        scores = {}
        for key in entities_of[article.path]:
            if key not in weight:
                continue
            at, found, add = position[key][here], members[key], weight[key]
            for other in found[max(0, at - NEIGHBOURS):at + NEIGHBOURS + 1]:
                scores[other] = scores.get(other, 0.0) + add
        scores.pop(here, None)
        best = sorted((-round(score, 9), rank[other], other) for other, score in scores.items())[:RELATED]
        related[article.path] = [articles[other] for score, _, other in best if score < 0]
    return related


def _archive(count: int, seed: int):
    """Articles naming entities drawn from a small pool, some many times over (copies of one text
    share all their entities, as the benchmarks' multiplied posts do): ties everywhere."""
    rng = random.Random(seed)
    pool = [("person", f"P{n}") for n in range(300)]
    start = datetime(2020, 1, 1)
    texts = [rng.sample(pool[: rng.choice((20, 80, 300))], rng.randint(0, 12)) for _ in range(count // 3)]
    articles, extractions = [], {}
    for index in range(count):
        keys = texts[index % len(texts)] if index % 2 else rng.sample(pool, rng.randint(0, 6))
        path = f"articles/{rng.randrange(10**6):06d}-{index}.md"
        date = None if index % 97 == 0 else start + timedelta(days=rng.randrange(1500))
        articles.append(SimpleNamespace(path=path, post=SimpleNamespace(date=date)))
        extractions[path] = SimpleNamespace(mentions=[SimpleNamespace(key=key) for key in keys + keys[:2]])
    return articles, extractions


def test_the_related_articles_are_those_the_plain_rule_gives_in_an_archive_full_of_ties():
    for count, seed in ((3000, 1), (400, 2), (60, 3), (5, 4)):
        articles, extractions = _archive(count, seed)
        graph = build_graph(articles, extractions)
        plain = _plainly(articles, graph.entities_of, graph.articles_of)
        assert graph.related == plain, (count, seed)
        if count > 5:
            assert sum(len(found) == RELATED for found in plain.values()) > count / 3  # most have their three


def test_the_related_articles_of_the_sample_are_those_the_plain_rule_gives(tmp_path):
    result = run_import([SAMPLE], tmp_path / "docs", jobs=1)
    graph = link_articles(result.articles)
    read = [a for a in result.articles if a.extraction is not None]
    assert graph.related == _plainly(read, graph.entities_of, graph.articles_of)
    assert any(graph.related.values())
