"""The front-matter schema, in one table: which keys an article page and an entity page hold, in
what order the importer writes them, which ones `check` requires, and where an article lists the
entities it names. Writing (pages/article_page.py, pages/entity_pages.py), checking (check/schema.py, which adds a
validator per key) and merging hand edits (write/merge.py) all read it from here, so a new key is added
in one place. It imports nothing from the pipeline: every stage may import it.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Key:
    name: str
    required: bool = False  # `check` reports a page without it
    written: bool = True  # the importer writes it; False: a person may add it
    about: str = ""


ARTICLE = (
    Key("title", True, about="the title, as HTML text (see safe.page_title)"),
    Key("date", True, about="published, ISO 8601 with its UTC offset; null when WordPress gave none"),
    Key("updated", about="last modified"),
    Key("slug", True),
    Key("status", True),
    Key("type", about="post or page"),
    Key("authors", True),
    Key("categories", True),
    Key("tags", True),
    Key("summary", about="the excerpt, or the first sentences"),
    Key("source", True, about="url, site, wordpress_id and guid of the WordPress post"),
    Key("image", about="the featured image's URL"),
    Key("truncated", about="true when the input was cut off"),
    Key("actors", about="people, states and organizations the text names"),
    Key("places"),
    Key("dates_mentioned"),
    Key("sources", about="links and attributions"),
    Key("description", written=False, about="a person's description of the page"),
    Key("template", about="the page's template (MkDocs' own key): light.html, the chrome without what a reader "
                          "of one article does not use (overrides/light.html); removed, the page is Material's"),
)

ENTITY = (
    Key("name", True),
    Key("type", True, about="person, state, organization or place (the page's folder decides)"),
    Key("aliases", True, about="other names the extractor recognises"),
    Key("description"),
    Key("wikidata", about="a Wikidata ID such as Q423"),
    Key("capital", about="states: the capital, which news names for the government"),
    Key("demonyms", about="states: North Korean, Russian"),
    Key("discovered", about="found by the importer, not yet reviewed"),
    Key("title", written=False),
)

# Keys MkDocs and Material read from any page: not ours, but not unknown either.
MKDOCS = ("hide", "template", "icon", "search", "comments", "status_text")

# Where an article's front-matter lists the entities of each type it names: the importer writes
# them there, a person removes or adds names there (link.apply_hand_edits), and `check` knows
# each list's names must be entities of that type.
ENTITY_NAMES = {"person": ("actors", "people"), "state": ("actors", "states"),
                "organization": ("actors", "organizations"), "place": ("places",)}


def ordered(values: dict, table: tuple[Key, ...]) -> dict:
    """`values` in the table's order; a key the table does not hold is a bug in the caller."""
    unknown = set(values) - {key.name for key in table}
    if unknown:
        raise KeyError(f"front-matter keys not in the schema: {', '.join(sorted(unknown))}")
    return {key.name: values[key.name] for key in table if key.name in values}


def names_in(meta: dict, kind: str) -> list[str]:
    """The names an article's front-matter lists for entities of `kind`."""
    value = meta
    for key in ENTITY_NAMES[kind]:
        value = value.get(key) if isinstance(value, dict) else None
    return [str(v) for v in value] if isinstance(value, list) else []


def names_block(names_of) -> dict:
    """The front-matter's entity lists ({"actors": {...}, "places": [...]}), `names_of(kind)`
    giving each type's names."""
    block: dict = {}
    for kind, path in ENTITY_NAMES.items():
        holder = block
        for key in path[:-1]:
            holder = holder.setdefault(key, {})
        holder[path[-1]] = names_of(kind)
    return block
