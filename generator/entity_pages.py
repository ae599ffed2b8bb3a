"""Entity pages: the contributor's text, and generated below it: the articles that mention
the entity (newest first), the entities mentioned with it, and a per-month or per-year chart.
Also the A–Z index page of each entity type.
"""
from __future__ import annotations

import calendar
from collections import Counter
from datetime import datetime
from pathlib import Path

from .convert import escape_text
from .frontmatter import FrontMatterError, leftover_pages, read_front_matter
from .graph import node_id
from .link import Graph
from .listings import GeneratedPage, splice
from .models import Article
from .paths import relative_link
from .registry import FOLDERS, TYPE_OF_FOLDER, TYPES, Entity, Registry, entity_from_meta
from .render import TEMPLATES
from .timeline import as_items, by_month, events, month_label
from .write import Outcome, PageWriter, dump_yaml, write_generated_section

CO_MENTIONS = 10
TYPE_TITLES = {"person": "People", "state": "States", "organization": "Organizations", "place": "Places"}


def chart_path(entity: Entity) -> str:
    return f"assets/charts/{FOLDERS[entity.type]}/{entity.slug}.svg"


def _periods(dates: list[datetime]) -> tuple[str, list[tuple[str, str, int]]]:
    """(unit, [(label, tick, count)]): months when the span is short, else years."""
    if not dates:
        return "month", []
    first, last = min(dates), max(dates)
    if last.year - first.year >= 2:
        counts = Counter(d.year for d in dates)
        return "year", [(str(y), str(y), counts[y]) for y in range(first.year, last.year + 1)]
    counts = Counter((d.year, d.month) for d in dates)
    months, (year, month) = [], (first.year, first.month)
    while (year, month) <= (last.year, last.month):
        tick = calendar.month_abbr[month][0] if month != 1 and (year, month) != (first.year, first.month) else f"{calendar.month_abbr[month]} {year}"
        months.append((f"{calendar.month_abbr[month]} {year}", tick, counts[(year, month)]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return "month", months


def chart_svg(entity: Entity, articles: list[Article]) -> tuple[str, str]:
    unit, periods = _periods([a.post.date for a in articles if a.post.date])
    width, height, top, bottom = 360, 110, 14, 16
    slot = (width - 8) / max(len(periods), 1)
    peak = max((count for _, _, count in periods), default=1) or 1
    bars = []
    for index, (label, tick, count) in enumerate(periods):
        h = round((height - top - bottom) * count / peak, 1)
        every = max(1, len(periods) // 8)
        bars.append({"x": round(4 + index * slot + slot * 0.1, 1), "w": round(slot * 0.8, 1), "h": h,
                     "y": round(height - bottom - h, 1), "count": count, "label": label,
                     "tick": tick if index % every == 0 or unit == "year" and len(periods) <= 12 else ""})
    title = f"Articles mentioning {entity.name}, per {unit}"
    return unit, TEMPLATES.get_template("chart.svg.j2").render(width=width, height=height, bars=bars, title=title)


def entity_head(entity: Entity) -> str:
    """Front-matter and heading of a new entity page (the contributor's part from then on)."""
    meta = {"name": entity.name, "type": entity.type, "aliases": entity.aliases}
    if entity.description:
        meta["description"] = entity.description
    if entity.wikidata:
        meta["wikidata"] = entity.wikidata
    if entity.type == "state":
        meta["capital"] = entity.capital or None
        meta["demonyms"] = entity.demonyms
    if entity.discovered:
        meta["discovered"] = True
    intro = entity.description or (
        "Found in the articles by the importer. Add a description, aliases or notes here;"
        " delete this page to stop it being recognised." if entity.discovered else "")
    return f"---\n{dump_yaml(meta)}---\n\n# {escape_text(entity.name)}\n\n" + (f"{intro}\n\n" if intro else "")


def entity_page(entity: Entity, graph: Graph, registry: Registry) -> tuple[GeneratedPage, str]:
    articles = graph.articles_of.get(entity.key, [])
    unit, svg = chart_svg(entity, articles)
    co = []
    ranked = sorted(graph.co_mentions.get(entity.key, Counter()).items(),
                    key=lambda kv: (-kv[1], -graph.count(kv[0]), kv[0]))  # ties: the more mentioned first
    for key, count in ranked[:CO_MENTIONS]:
        other = registry.entities.get(key)
        if other:
            co.append({"name": other.name, "type": other.type, "count": count,
                       "link": relative_link(entity.page, other.page)})
    dated = [a.post.date for a in articles if a.post.date]
    months = [{"label": month_label(year, month), "events": as_items(found, entity.page)}
              for (year, month), found in by_month(events(articles)).items()]
    body = TEMPLATES.get_template("entity.md.j2").render(
        name=entity.name, total=len(articles), first=min(dated, default=None), last=max(dated, default=None),
        chart=relative_link(entity.page, chart_path(entity)), chart_unit=unit, co_mentions=co, months=months,
        graph=relative_link(entity.page, "graph/index.md") + f"#entity={node_id(entity)}",
    )
    return GeneratedPage(entity.page, entity_head(entity), body), svg


def index_page(kind: str, registry: Registry, graph: Graph) -> GeneratedPage:
    folder = FOLDERS[kind]
    letters: dict[str, list[dict]] = {}
    for entity in registry.of_type(kind):
        count = graph.count(entity.key)
        if not count and entity.discovered:
            continue
        letter = entity.name[:1].upper() if entity.name[:1].isalpha() else "#"
        letters.setdefault(letter, []).append(
            {"name": entity.name, "count": count, "link": relative_link(f"{folder}/index.md", entity.page)})
    body = TEMPLATES.get_template("entity_index.md.j2").render(
        letters=[{"letter": k, "entries": v} for k, v in sorted(letters.items())])
    title = TYPE_TITLES[kind]
    head = (f"---\n{dump_yaml({'title': title})}---\n\n# {title}\n\n"
            f"Every {kind} in the archive, A–Z, with the number of articles that mention it.\n\n")
    return GeneratedPage(f"{folder}/index.md", head, body)


def mentioned_elsewhere(docs: Path, imported: set[str]) -> set[tuple[str, str]]:
    """(type, name) of the entities that article pages outside this import name in their
    front-matter: an import of one file leaves the other articles, and their links, alone."""
    found = set()
    for folder in ("articles", "pages"):
        for path in sorted((docs / folder).rglob("*.md")):
            page = path.relative_to(docs).as_posix()
            if page in imported:
                continue
            try:
                meta, _ = read_front_matter(path.read_text("utf-8"))
            except (FrontMatterError, UnicodeDecodeError):
                continue
            actors = meta.get("actors") if isinstance(meta.get("actors"), dict) else {}
            for kind, names in (*((k, actors.get(f)) for k, f in ACTOR_FIELDS), ("place", meta.get("places"))):
                found |= {(kind, str(name)) for name in names or [] if isinstance(names, list)}
    return found


ACTOR_FIELDS = (("person", "people"), ("state", "states"), ("organization", "organizations"))


def retire_stale_stubs(writer: PageWriter, registry: Registry, graph, kept: set[tuple[str, str]] = frozenset()) -> set[str]:
    """Pages the importer created for discoveries no article mentions any more: removed when
    nobody edited them, otherwise kept with an empty generated part. Those in `kept` (named by
    articles this import did not touch) stay as they are; returns their charts, which stay too."""
    pages = {e.page for e in registry.entities.values()}
    charts = set()
    for folder, path, page, text, meta in leftover_pages(writer.docs, TYPE_OF_FOLDER, pages):
        try:
            entity = entity_from_meta(meta, page, TYPE_OF_FOLDER[folder])
        except ValueError:
            continue  # check reports broken pages; the importer leaves them alone
        if entity.key in kept:
            charts.add(chart_path(entity))
        if not entity.discovered or entity.key in kept:
            continue
        if text.startswith(entity_head(entity)):
            path.unlink()
            writer.store_path(page).unlink(missing_ok=True)
            writer.outcomes.append(Outcome(page, "removed"))
        else:
            write_generated_section(writer, entity_page(entity, graph, registry)[0])
    return charts


def write_entity_pages(writer: PageWriter, registry: Registry, graph, kept: set[tuple[str, str]] = frozenset()) -> None:
    kept_charts = retire_stale_stubs(writer, registry, graph, kept)
    new_stubs = {}
    for entity in sorted(registry.entities.values(), key=lambda e: e.page):
        page, svg = entity_page(entity, graph, registry)
        if entity.discovered and not (writer.docs / page.path).exists():
            new_stubs[page.path] = splice(None, page)  # its record marks it as the importer's
        else:
            write_generated_section(writer, page)
        writer.write_file(chart_path(entity), svg)
    writer.create_recorded(new_stubs)
    writer.prune("assets/charts", keep=kept_charts)
    writer.write_file("assets/search/entities.json", entity_names(registry, graph))
    for kind in TYPES:
        write_generated_section(writer, index_page(kind, registry, graph))


def entity_names(registry: Registry, graph) -> str:
    """The mentioned entities, most mentioned first, for the search page: its "Mentions" box and
    its entity cards. One list per entity: [name, type, slug (its page is <type's folder>/<slug>/), articles,
    *aliases], aliases only when they differ from the name and from each other by more than case,
    spaces and punctuation (search.js compares names the same way). A small static file instead
    of Pagefind's filter files (hundreds of KB)."""
    import json

    def plain(text: str) -> str:
        return "".join(ch for ch in text.lower() if ch.isalnum())

    entries = []
    mentioned = [e for e in registry.entities.values() if graph.count(e.key)]
    for e in sorted(mentioned, key=lambda e: (-graph.count(e.key), e.name)):
        seen = {plain(e.name)}
        aliases = []
        for alias in e.aliases:
            if plain(alias) and plain(alias) not in seen:
                seen.add(plain(alias))
                aliases.append(alias)
        entries.append([e.name, e.type, e.slug, graph.count(e.key), *aliases])
    return json.dumps(entries, ensure_ascii=False, separators=(",", ":")) + "\n"
