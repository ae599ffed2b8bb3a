"""The whole docs/ folder: which files are pages of which kind, and the order they are checked in.

Gather, then check: the entity pages are read first (they are the registry of names), then
every other page is read once and checked against them.
"""
from __future__ import annotations

import os
from pathlib import Path

import yaml

from ..store.registry import FOLDERS
from .links import check_links
from .markers import check_markers
from .names import EntityRecord, Names, check_claims
from .pages import Page, read_page
from .report import Checker, Report
from .schema import check_article, read_entity

ENTITY_FOLDERS = tuple(FOLDERS.values())


def walk_docs(docs: Path) -> tuple[list[str], set[str], set[str]]:
    """(Markdown pages, every file, every folder), relative to docs/, sorted; dot-folders
    (the importer's .generated/ store among them) are skipped as MkDocs skips them."""
    pages, files, dirs = [], set(), {"."}
    for root, subdirs, names in os.walk(docs):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        base = Path(root).relative_to(docs).as_posix()
        prefix = "" if base == "." else f"{base}/"
        dirs.update(f"{prefix}{d}" for d in subdirs)
        for name in names:
            if name.startswith("."):
                continue
            files.add(prefix + name)
            if name.endswith(".md"):
                pages.append(prefix + name)
    return sorted(pages), files, dirs


def kind_of(rel: str) -> str:
    parts = rel.split("/")
    if parts[-1] == "index.md":
        return "other"
    if parts[0] == "articles" or (parts[0] == "pages" and len(parts) == 2):
        return "article"
    if parts[0] in ENTITY_FOLDERS and len(parts) == 2:
        return "entity"
    return "other"


def check_docs(docs: Path, cwd: Path | None = None) -> Report:
    """Every problem in every Markdown page under `docs`, sorted by path and line."""
    try:
        base = os.path.relpath(docs, cwd or Path.cwd())
    except ValueError:  # on another drive (Windows)
        base = str(docs.resolve())
    pages, files, dirs = walk_docs(docs)
    report = Report(pages=len(pages))
    check = Checker(report, files, dirs, Path(base).as_posix())

    def read(rel: str) -> Page | None:
        return read_page(docs / rel, rel, os.path.normpath(os.path.join(base, rel)), check)

    records = _check_entities(check, read, [rel for rel in pages if kind_of(rel) == "entity"])
    check_claims(report, records)
    check.names = Names(records)
    _check_others(check, read, [rel for rel in pages if kind_of(rel) != "entity"])
    report.problems.sort()
    return report


def _check_entities(check: Checker, read, rels: list[str]) -> list[EntityRecord]:
    """First: the entity pages, the registry of names."""
    records: list[EntityRecord] = []
    for rel in rels:
        page = read(rel)
        if page:
            entity = read_entity(check, page)
            records += [entity] if entity else []
            check_body(check, page)
    return records


def _check_others(check: Checker, read, rels: list[str]) -> None:
    """Then every other page, once."""
    for rel in rels:
        page = read(rel)
        if not page:
            continue
        if kind_of(rel) == "article":
            check_article(check, page)
        elif page.meta is not None and not isinstance(page.meta, yaml.MappingNode):
            check.error(2, "front-matter must be a mapping of keys to values")
        check_body(check, page)


def check_body(check: Checker, page: Page) -> None:
    check_markers(check, page)
    check_links(check, page.body, page.body_line)
