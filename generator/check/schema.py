"""The front-matter rules: what an article page and an entity page must and may hold."""
from __future__ import annotations

import re

import yaml

from ..core import schema
from ..core.schema import ENTITY_NAMES
from ..store.registry import TYPE_OF_FOLDER, TYPES
from .dates import check_updated_after_date, mentioned_date, timestamp
from .fields import Validator, anything, boolean, integer_or_null, list_of, record, text
from .links import url
from .names import Claim, EntityRecord, a_or_an, entity_names
from .pages import Page
from .report import Checker
from .yamlnodes import Fields, empty_mapping, is_null, is_text, is_true, line_of, mapping_fields

_WIKIDATA = re.compile(r"^Q\d+$")

_strings = list_of(text())


def _entity_lists(path: tuple[str, ...]) -> Validator:
    """The validator of the front-matter value at `path` that lists entity names (schema.ENTITY_NAMES)."""
    inside = {p[len(path)]: kind for kind, p in ENTITY_NAMES.items() if p[:len(path)] == path and len(p) > len(path)}
    if not inside:
        return next(entity_names(kind) for kind, p in ENTITY_NAMES.items() if p == path)
    return record({}, {key: _entity_lists((*path, key)) for key in inside})


# A validator for every key of schema.ARTICLE and schema.ENTITY (which keys, in what order,
# which are required: the schema's; what a value must be: check's).
ARTICLE_VALUES: dict[str, Validator] = {
    "title": text(nonempty=True), "date": timestamp(nullable=True), "updated": timestamp(nullable=True),
    "slug": text(), "status": text(), "type": text(), "authors": _strings, "categories": _strings, "tags": _strings,
    "summary": text(nullable=True),
    "source": record({"url": text(nullable=True), "site": text(nullable=True),
                      "wordpress_id": integer_or_null, "guid": text(nullable=True)}),
    "image": url, "truncated": boolean,
    "actors": _entity_lists(("actors",)), "places": _entity_lists(("places",)),
    "dates_mentioned": list_of(record({"date": mentioned_date, "text": text()})),
    "sources": record({}, {
        "links": list_of(record({"url": text(nonempty=True), "domain": text(), "text": text()})),
        "attributions": list_of(record({"source": text(nonempty=True), "text": text()})),
    }),
    "description": text(nullable=True), "template": text(nonempty=True),
}
ENTITY_VALUES: dict[str, Validator] = {
    "name": text(nonempty=True), "type": text(nonempty=True), "aliases": list_of(text(nonempty=True)),
    "description": text(nullable=True), "capital": text(nullable=True), "demonyms": _strings,
    "discovered": boolean, "title": text(nullable=True),
    "wikidata": text(nullable=True, pattern=_WIKIDATA, hint="is not a Wikidata ID (like Q423)"),
}


def _record_of(table: tuple[schema.Key, ...], values: dict[str, Validator]) -> Validator:
    return record(required={key.name: values[key.name] for key in table if key.required},
                  optional={**{key.name: values[key.name] for key in table if not key.required},
                            **{key: anything for key in schema.MKDOCS}})


ARTICLE = _record_of(schema.ARTICLE, ARTICLE_VALUES)
ENTITY = _record_of(schema.ENTITY, ENTITY_VALUES)


def front_matter_required(check: Checker, page: Page) -> bool:
    """Whether the page has a front-matter mapping to check (an empty one counts as `{}`)."""
    if not page.has_front_matter:
        if not page.text.startswith("---"):
            check.error(1, "no front-matter: the page must start with a --- line, its YAML, and a --- line")
        return False  # broken YAML was reported when the page was read
    if page.meta is None:
        page.meta = empty_mapping()
    if not isinstance(page.meta, yaml.MappingNode):
        check.error(2, "front-matter must be a mapping of keys to values")
        return False
    return True


def check_article(check: Checker, page: Page) -> None:
    if not front_matter_required(check, page):
        return
    ARTICLE(check, page.meta, "", 1)
    fields = mapping_fields(page.meta)
    check_updated_after_date(check, fields)
    summary = fields.get("summary")
    if summary is None:
        check.warning(1, "no `summary`: listings show nothing under the title")
    elif is_null(summary[1]) or (is_text(summary[1]) and not summary[1].value.strip()):
        check.warning(line_of(summary[0]), "empty `summary`: listings show nothing under the title")


def read_entity(check: Checker, page: Page) -> EntityRecord | None:
    """Check an entity page and return the names it claims; None when it has no name."""
    folder_type = TYPE_OF_FOLDER[page.rel.split("/")[0]]
    if not front_matter_required(check, page):
        return None
    ENTITY(check, page.meta, "", 1)
    fields = mapping_fields(page.meta)
    entity = EntityRecord(page, folder_type)
    _check_type(check, page, fields, folder_type)
    name = fields.get("name")
    if name and is_text(name[1]) and name[1].value.strip():
        entity.name = name[1].value
        entity.claims.append(Claim(entity.name, line_of(name[0]), True))
    aliases = fields.get("aliases")
    if aliases and isinstance(aliases[1], yaml.SequenceNode):
        for item in aliases[1].value:
            if is_text(item) and item.value.strip():
                entity.claims.append(Claim(item.value, line_of(item), False))
                entity.has_aliases = True
    discovered = fields.get("discovered")
    if discovered and is_true(discovered[1]):
        entity.discovered = True
        check.warning(line_of(discovered[0]), "found by the importer and not yet reviewed (`discovered: true`): "
                                              "check the name, add aliases or a description, then remove the flag")
    return entity if entity.name else None


def _check_type(check: Checker, page: Page, fields: Fields, folder_type: str) -> None:
    """The folder decides an entity's type; `type` must agree with it."""
    kind = fields.get("type")
    if not (kind and is_text(kind[1]) and kind[1].value != folder_type):
        return
    if kind[1].value in TYPES:
        check.error(line_of(kind[0]), f'`type` is "{kind[1].value}" but the page is in {page.rel.split("/")[0]}/, '
                                      f"the folder for {a_or_an(folder_type)}: move the page or fix the type")
    else:
        check.error(line_of(kind[0]), f'`type` "{kind[1].value}" is not one of {", ".join(TYPES)}')
