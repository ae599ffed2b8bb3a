"""What the search page knows of the entities without Pagefind: their names, aliases, types, page
and number of articles (its entity cards and its "Mentions" box).

The whole list (assets/search/entities.json) is read only when a reader opens the "Mentions" box.
A query needs only the entities a name of which it could be, so the list is also written in small
files by the first character of each name and alias as search.js compares them
(assets/search/names/<that character's code point in hex>.json): a query reads one of them
(about 1 KB gzip at 10,000 articles) instead of the whole list (24 KB gzip, measured in
BENCHMARKS.md, "Search payload").
"""
from __future__ import annotations

import json
import re
import unicodedata

from ..store.registry import Registry
from ..write import pruned
from ..write.plan import Entry, write, writes
from ..write.view import DocsView

WHOLE = "assets/search/entities.json"
SHARDS = "assets/search/names"


def plan_search_names(docs: DocsView, taken, registry: Registry, graph) -> list[Entry]:
    """The whole list and its files by first character; the files of first characters no name has
    any more removed (`taken`: the paths planned so far, Plan.paths)."""
    rows = entity_rows(registry, graph)
    files = shards(rows)
    return [write(WHOLE, _json(rows)), *writes(files), *pruned(docs, SHARDS, {*taken, *files})]


def entity_names(registry: Registry, graph) -> str:
    """The whole list, as assets/search/entities.json holds it."""
    return _json(entity_rows(registry, graph))


def entity_rows(registry: Registry, graph) -> list[list]:
    """The mentioned entities, most mentioned first. One list per entity: [name, type, slug (its
    page is <type's folder>/<slug>/; "" when it is the name in lower case, accents dropped, runs of
    other characters as "-": search.js makes it), articles, *aliases], aliases only when they differ
    from the name and from each other by more than case, spaces and punctuation (search.js compares
    names the same way). A small static file instead of Pagefind's filter files (hundreds of KB)."""
    entries = []
    mentioned = [e for e in registry.entities.values() if graph.count(e.key)]
    for e in sorted(mentioned, key=lambda e: (-graph.count(e.key), e.name)):
        seen = {plain(e.name)}
        aliases = []
        for alias in [*e.aliases, *e.also]:
            if plain(alias) and plain(alias) not in seen:
                seen.add(plain(alias))
                aliases.append(alias)
        slug = "" if e.slug == made_slug(e.name) else e.slug
        entries.append([e.name, e.type, slug, graph.count(e.key), *aliases])
    return entries


def shards(rows: list[list]) -> dict[str, str]:
    """File -> its rows: each entity in the file of the first character of each of its names."""
    grouped: dict[str, list[list]] = {}
    for row in rows:
        for first in dict.fromkeys(plain(name)[:1] for name in [row[0], *row[4:]] if plain(name)):
            grouped.setdefault(f"{SHARDS}/{ord(first):x}.json", []).append(row)
    return {path: _json(grouped[path]) for path in sorted(grouped)}


def plain(text: str) -> str:
    """search.js plain(): lower case, letters and digits only ("N. Korea" and "n korea" are one)."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def made_slug(name: str) -> str:
    """search.js slug()."""
    letters = re.sub("[\u0300-\u036f]", "", unicodedata.normalize("NFKD", name.lower()))
    return re.sub(r"[^a-z0-9]+", "-", letters).strip("-")


def _json(rows: list[list]) -> str:
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":")) + "\n"
