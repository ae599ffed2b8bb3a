"""The entity registry: one Markdown page per person, state, organization and place.

The registry is the pages themselves (docs/people/kim-jong-un.md and so on): their
front-matter holds `name`, `type`, `aliases` and optional `description`, `wikidata`,
and for states `capital` and `demonyms`. Contributors add an entity or an alias by
editing these pages; every import reads them afresh.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..core.frontmatter import read_front_matter, read_pages
from ..core.paths import STORE_DIR, claim, safe_slug

TYPES = ("person", "state", "organization", "place")
FOLDERS = {"person": "people", "state": "states", "organization": "organizations", "place": "places"}
TYPE_OF_FOLDER = {folder: kind for kind, folder in FOLDERS.items()}


@dataclass(frozen=True)  # read by every later stage, changed by none: a new record instead (Registry.add, site_registry)
class Entity:
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    description: str = ""
    wikidata: str = ""
    capital: str = ""  # states: the capital's name, which news uses for the government
    demonyms: list[str] = field(default_factory=list)  # states: "North Korean", "Russian"
    page: str = ""  # relative to docs/
    discovered: bool = False  # created by the importer, not yet reviewed by a person
    # Other names the site writes it with, found by consolidate.py ("Josepha Haden" for Josepha
    # Haden Chomphosy): shown and searched, never written into the page's front-matter (a person
    # makes one an alias by adding it there).
    also: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return (self.type, self.name)

    @property
    def slug(self) -> str:
        return Path(self.page).stem if self.page else safe_slug(self.name, self.type)


def page_for(kind: str, name: str) -> str:
    return f"{FOLDERS[kind]}/{safe_slug(name, kind)}.md"


@dataclass
class Registry:
    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # "path: message"

    def add(self, entity: Entity) -> Entity:
        """Hold the entity (a new record with a free page, when it has none; with the aliases of
        both, when one of its key is held already); returns the record held."""
        existing = self.entities.get(entity.key)
        if existing:
            merged = replace(existing, aliases=sorted(set(existing.aliases) | set(entity.aliases)))
            self.entities[entity.key] = merged
            return merged
        if not entity.page:
            entity = replace(entity, page=self._free_page(page_for(entity.type, entity.name)))
        self.entities[entity.key] = entity
        if self._taken is not None:
            self._taken[0].add(entity.page)
            self._taken = (self._taken[0], len(self.entities))
        return entity

    _taken = None  # (the pages taken, of how many entities), not a field: see _free_page

    def _free_page(self, page: str) -> str:
        # The pages taken are gathered once, not at each new entity (some 2,000 an import, each
        # gathering them all); again when entities came into the dict by another way than add().
        if self._taken is None or self._taken[1] != len(self.entities):
            self._taken = ({e.page for e in self.entities.values()}, len(self.entities))
        return claim(page, self._taken[0], (page.replace(".md", f"-{number}.md") for number in itertools.count(2)))

    def of_type(self, kind: str) -> list[Entity]:
        return sorted((e for e in self.entities.values() if e.type == kind), key=lambda e: e.name.lower())

    def get(self, kind: str, name: str) -> Entity | None:
        return self.entities.get((kind, name))


def site_registry(registry: Registry, discovered: list[Entity], also: dict[tuple[str, str], list[str]]) -> Registry:
    """The registry the site shows, a new one: `registry` (as load_registry read it, left as it
    is) with the entities `discovered` (extract.new_entities), each given a free page, and each
    entity's other names the site writes it with (`also`: consolidate.Consolidation.also), shown and
    searched, never written into the page's front-matter (a person makes one an alias there)."""
    site = Registry(dict(registry.entities), list(registry.problems))
    for entity in discovered:
        site.add(entity)
    for key, names in also.items():
        entity = site.entities.get(key)
        if entity is not None:
            site.entities[key] = replace(entity, also=[n for n in names if n != entity.name and n not in entity.aliases])
    return site


def _strings(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value if v is not None and str(v).strip()]


def entity_from_meta(meta: dict, page: str, folder_type: str) -> Entity:
    kind = str(meta.get("type") or folder_type)
    if kind not in TYPES:
        raise ValueError(f"type {kind!r} is not one of {', '.join(TYPES)}")
    name = str(meta.get("name") or "").strip()
    if not name:
        raise ValueError("no `name` in the front-matter")
    return Entity(
        name=name,
        type=kind,
        aliases=_strings(meta.get("aliases")),
        description=str(meta.get("description") or ""),
        wikidata=str(meta.get("wikidata") or ""),
        capital=str(meta.get("capital") or ""),
        demonyms=_strings(meta.get("demonyms")),
        page=page,
        discovered=bool(meta.get("discovered")),
    )


def read_entity_pages(docs: Path) -> list:
    """The entity pages as frontmatter.read_pages reads them, once a run: for the registry, the
    stubs people edited and the stubs no article names any more. Only a discovered stub's text
    is ever looked at again (entity_pages.untouched_stub); the others keep their front-matter alone."""
    return [(folder, path, page, text if isinstance(meta, dict) and meta.get("discovered") else "", meta)
            for folder, path, page, text, meta in read_pages(docs, TYPE_OF_FOLDER)]


def load_registry(docs: Path, read: list | None = None) -> Registry:
    """Every entity page under docs/<type folder>/ (index pages excluded; `read`: those pages as
    read_entity_pages read them, when the caller has them).

    A stub the importer created (`discovered: true`) is its own suggestion, not registry
    input, until a person gives it aliases or removes the flag: so the same content always
    gives the same result, however many times it is imported.
    """
    registry = Registry()
    for folder, _path, page, _text, meta in read_pages(docs, TYPE_OF_FOLDER) if read is None else read:
        if isinstance(meta, ValueError):  # FrontMatterError, UnicodeDecodeError
            registry.problems.append(f"{page}: {meta}")
            continue
        try:
            entity = entity_from_meta(meta, page, TYPE_OF_FOLDER[folder])
        except ValueError as error:
            registry.problems.append(f"{page}: {error}")
            continue
        if entity.aliases or not entity.discovered:
            registry.add(entity)
    return registry


def deleted_discoveries(files_under, found, read) -> set[tuple[str, str]]:
    """Entity pages the importer created and a person deleted: do not bring them back. As the import
    gathered docs/ (write/view.py): `files_under(folder)`, the files under a folder, in name order;
    `found`, every file; `read(file)`, a file's text."""
    deleted = set()
    for folder, kind in TYPE_OF_FOLDER.items():
        for stored in files_under(f"{STORE_DIR}/{folder}"):
            name = stored[len(STORE_DIR) + len(folder) + 2:]
            if name.endswith(".md") and "/" not in name and f"{folder}/{name}" not in found:
                meta, _ = read_front_matter(read(stored) or "")
                deleted.add((kind, str(meta.get("name", ""))))
    return deleted
