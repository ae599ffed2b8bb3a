"""The link stage: the entity graph over all articles.

Which articles mention each entity (backlinks), which entities are mentioned together
(co-mentions), which articles share the most entities (related articles), and the first
mention of each entity in an article body turned into a plain relative Markdown link.
Everything here is linear in the number of articles: entities that appear in a large share
of the archive ("North Korea" on a North Korea beat) tell nothing about relatedness and are
left out of that score (above COMMON_ENTITY articles), and through the others only the
articles nearest in time are compared, so no article is compared with every other.
"""
from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from .core.frontmatter import FrontMatterError, read_front_matter
from .core.models import Article, newest_first
from .core.paths import relative_link
from .core.schema import ENTITY_NAMES, names_in
from .extract import Extraction, Mention
from .store.cache import code_version

RELATED = 3  # related articles an article page lists
COMMON_ENTITY = 200
NEIGHBOURS = 50
# Code, links, bare URLs, headings, comments and footnote labels: no entity link goes inside them.
# Every kind starts with one of `![<#, written first in each alternative, so that re's search
# skips straight to those characters (a lookahead or `!?` first hides that from it, and it tries
# each kind at every character: a third more time). A heading's and a footnote label's "at the
# start of a line" ((?<![^\n])) is asked after their first character; "!?[" is two alternatives.
_PROTECTED = re.compile(
    r"```.*?```|`[^`\n]*`|!\[(?:\\.|[^\]\\])*\]\([^)]*\)|\[(?:\\.|[^\]\\])*\]\([^)]*\)|<https?://[^>]*>"
    r"|#(?<![^\n]#)#{0,5} .*$|<!--.*?-->|\[(?<![^\n]\[)\^\d+\]:",
    re.DOTALL | re.MULTILINE,
)


@dataclass
class Graph:
    articles_of: dict[tuple[str, str], list[Article]] = field(default_factory=dict)
    co_mentions: dict[tuple[str, str], Counter] = field(default_factory=dict)
    related: dict[str, list[Article]] = field(default_factory=dict)
    entities_of: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # path -> keys, in order of first mention

    def count(self, key: tuple[str, str]) -> int:
        return len(self.articles_of.get(key, []))


def build_graph(articles: list[Article], extractions: dict[str, Extraction]) -> Graph:
    graph = Graph()
    entities_of: dict[str, list[tuple[str, str]]] = {}
    # Each entity's articles as their places in one newest-first order: sorting ints per entity
    # is the same order as newest_first(found), without working out every date again.
    order = newest_first(articles)
    place = {id(article): at for at, article in enumerate(order)}
    # Keys are counted as ints (their order of first mention): a tuple's hash is worked out anew
    # at each count, and co-mentions are counted some millions of times at 10,000 articles.
    number: dict[tuple[str, str], int] = {}
    index: dict[int, list[int]] = defaultdict(list)
    co: dict[int, Counter] = defaultdict(Counter)
    for article in articles:
        keys = list(dict.fromkeys(m.key for m in extractions[article.path].mentions))
        entities_of[article.path] = keys
        at = place[id(article)]
        ids = [number.setdefault(key, len(number)) for key in keys]
        for key in ids:
            index[key].append(at)
            co[key].update(ids)  # itself too (C's counting, not a generator's): taken out below
    keys = list(number)
    graph.articles_of = {keys[key]: [order[at] for at in sorted(found)] for key, found in index.items()}
    graph.co_mentions = {keys[key]: Counter({keys[other]: n for other, n in counts.items() if other != key})
                         for key, counts in co.items()}
    graph.related = _related(articles, entities_of, graph.articles_of)
    graph.entities_of = entities_of
    return graph


def compact(entities_of: dict[str, list[tuple[str, str]]]) -> tuple[list, dict[str, list[int]]]:
    """Graph.entities_of as the cache keeps it: each key once, and each article's keys as their
    places in that list (pickled and loaded a tenth as long as the keys themselves, every import)."""
    number: dict[tuple[str, str], int] = {}
    places = {path: [number.setdefault(key, len(number)) for key in keys] for path, keys in entities_of.items()}
    return list(number), places


def expanded(kept) -> dict[str, list[tuple[str, str]]]:
    """Graph.entities_of from what compact() gave."""
    keys, places = kept
    return {path: [keys[place] for place in found] for path, found in places.items()}


def entities_record(graph: Graph) -> dict:
    """What the next import compares its articles' entities with (entity_changes), kept once for
    every stage that asks (the graph's files, the entity pages' lists)."""
    return {"code": code_version(), "entities_of": compact(graph.entities_of)}


def earlier_entities(record: dict | None) -> dict[str, list[tuple[str, str]]] | None:
    """Graph.entities_of of the last import, from its entities_record; None when not known (or
    kept by another version of the generator, which may read other entities)."""
    if not record or record.get("code") != code_version() or not record.get("entities_of"):
        return None
    return expanded(record["entities_of"])


def entity_changes(before: dict | None, now: dict) -> dict[str, tuple[list, list]] | None:
    """The articles whose entities are not those of the last import (`before`: earlier_entities):
    path -> (its keys then, its keys now), [] for an article new or gone. None when the last
    import's are not known: then every article may have changed."""
    if before is None:
        return None
    changes = {}
    for path in now.keys() | before.keys():
        old, new = before.get(path), now.get(path)
        if old != new:
            changes[path] = (old or [], new or [])
    return changes


def _related(articles, entities_of, articles_of) -> dict[str, list[Article]]:
    """Articles sharing the most informative entities (inverse document frequency).

    Work per article is bounded by a constant, so the whole is linear in the archive's size:
    entities in more than COMMON_ENTITY articles are skipped (they tell nothing), and through
    each other entity only the NEIGHBOURS articles nearest in time are compared.
    """
    total = max(len(articles), 1)
    number = {article.path: index for index, article in enumerate(articles)}  # ints: cheaper to count by
    weight, members, position = {}, {}, {}
    for key, found in articles_of.items():
        if len(found) <= COMMON_ENTITY:
            weight[key] = math.log(total / len(found))
            members[key] = [number[a.path] for a in found]
            position[key] = {index: at for at, index in enumerate(members[key])}
    # Ties go to the earlier path: each article's rank by path, an int, stands in for its path.
    rank = [0] * len(articles)
    for at, index in enumerate(sorted(range(len(articles)), key=lambda i: articles[i].path)):
        rank[index] = at
    related = {}
    for here, article in enumerate(articles):
        scores: dict[int, float] = {}
        for key in entities_of[article.path]:
            if key not in weight:
                continue
            at, found, add = position[key][here], members[key], weight[key]
            for other in found[max(0, at - NEIGHBOURS):at + NEIGHBOURS + 1]:
                scores[other] = scores.get(other, 0.0) + add
        scores.pop(here, None)
        related[article.path] = [articles[other] for other in _best(scores, rank)]
    return related


def _best(scores: dict[int, float], rank: list[int]) -> list[int]:
    """The RELATED articles of highest score rounded to 9 places, ties to the lower rank; none of
    score 0."""
    # Only scores near the RELATED-th highest can be among the best once rounded (rounding to 9
    # places moves a score by at most 5e-10): the rest are never given a sort key. And equal scores
    # round alike, so of the articles of one score only the RELATED of lowest rank can be among
    # them: an article sharing one entity with a hundred others ties with all of them.
    floor = heapq.nlargest(RELATED, scores.values())[-1] - 1e-9 if len(scores) > RELATED else -math.inf
    tied: dict[float, list[int]] = {}
    for other, score in scores.items():
        if score >= floor:
            found = tied.get(score)
            if found is None:
                tied[score] = [other]
            else:
                found.append(other)
    best = heapq.nsmallest(RELATED, [(-round(score, 9), rank[other], other) for score, others in tied.items()
                                     for other in (heapq.nsmallest(RELATED, others, key=rank.__getitem__)
                                                   if len(others) > RELATED else others)])
    return [other for score, _, other in best if score < 0]


def link_first_mentions(body: str, surfaces_of: dict[tuple[str, str], list[str]], page_of: dict, from_page: str) -> str:
    """Make the first body mention of each entity (`surfaces_of`: Extraction.surfaces()) a
    relative link to its page."""
    protected = [(m.start(), m.end()) for m in _PROTECTED.finditer(body)]
    edits: list[tuple[int, int, str]] = []
    for key, surfaces in surfaces_of.items():
        if key not in page_of:
            continue
        spot = _first_free(body, surfaces, protected + [(s, e) for s, e, _ in edits])
        if spot:
            start, end = spot
            edits.append((start, end, f"[{body[start:end]}]({relative_link(from_page, page_of[key])})"))
    for start, end, replacement in sorted(edits, reverse=True):
        body = body[:start] + replacement + body[end:]
    return body


def _first_free(body: str, surfaces: list[str], taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The earliest place a surface stands as a whole word, outside links and earlier edits.
    str.find rather than one regex per surface: thousands of articles' surfaces would keep
    re's pattern cache compiling."""
    best = None
    for surface in surfaces:
        start = body.find(surface)
        while start >= 0 and (best is None or start < best[0]):
            end = start + len(surface)
            if _whole_word(body, start, end) and not any(s < end and start < e for s, e in taken):
                best = (start, end)
                break
            start = body.find(surface, start + 1)
    return best


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"  # what re's \w matches


def _whole_word(body: str, start: int, end: int) -> bool:
    """Not inside a longer word, and not already a link's text ("[Seoul](...)")."""
    before = body[start - 1] if start else " "
    after = body[end] if end < len(body) else " "
    return not (_word_char(before) or before == "[" or _word_char(after))


def apply_hand_edits(articles: list[Article], edited: dict[str, tuple[str | None, str | None]]) -> list[Article]:
    """The articles, those whose page a contributor edited as new records with their extraction
    edited too: an actor or place they removed from a page's front-matter stays removed (also from
    the entity's page); one they added stays and is linked like the others. `edited`: page -> (its
    text, its record's in docs/.generated) of the pages that differ from their record, as the
    import gathered them (write/view.py)."""
    return [_hand_edited(article, *edited[article.path]) if article.path in edited else article
            for article in articles]


def _hand_edited(article: Article, mine: str | None, base: str | None) -> Article:
    if mine is None or base is None:
        return article
    try:
        mine_meta, base_meta = read_front_matter(mine)[0], read_front_matter(base)[0]
    except FrontMatterError:
        return article  # `check` reports it; the merge leaves the page alone
    mentions = article.extraction.mentions
    for kind in ENTITY_NAMES:
        removed = set(names_in(base_meta, kind)) - set(names_in(mine_meta, kind))
        added = [n for n in names_in(mine_meta, kind) if n not in names_in(base_meta, kind)]
        mentions = [m for m in mentions if not (m.key[0] == kind and m.key[1] in removed)]
        known = {m.key for m in mentions}
        mentions += [Mention((kind, name), -1, -1, name) for name in added if (kind, name) not in known]
    return replace(article, extraction=replace(article.extraction, mentions=mentions))
