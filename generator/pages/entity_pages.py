"""Entity pages: the contributor's text, and generated below it: the articles that mention
the entity (each once, newest first, with the sentence that names it), the entities mentioned
with it, and a per-month or per-year chart whose bars link to the archive.
Also the A–Z index page of each entity type.

An entity named in more than YEARS_FROM articles lists the newest LATEST and an index of years;
each year's articles (title and date) are on their own page, `<folder>/by-year/<slug>/<year>.md` (a sub-folder:
never an entity page, never in the registry, its address the same however many articles
arrive). Year pages belong to the importer: rewritten whole, removed when their year empties.
"""
from __future__ import annotations

import bisect
import calendar
import functools
import heapq
import math
import posixpath
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from ..convert import escape_text
from ..core import schema
from ..core.frontmatter import FrontMatterError, dump_yaml, leftover_pages, read_front_matter
from ..core.models import Article
from ..core.parallel import run_each, same
from ..core.paths import relative_link
from ..core.schema import names_in, ordered
from ..link import Graph
from ..store.cache import Cache, cached_iter, code_version, fingerprint
from ..store.registry import FOLDERS, TYPE_OF_FOLDER, TYPES, Entity, Registry, entity_from_meta
from ..write import AS_GIVEN, BEGIN, END, GeneratedPage, PageWriter, pruned, splice
from ..write.plan import CREATE, REMOVE, UNTOUCHED, WRITE, Entry, section, writes
from ..write.view import DocsView
from .graph import node_id
from .listings import (
    UNDATED,
    YEARS_DIR,
    by_year,
    part_path,
    parts_list,
    year_parts,
)
from .redirects import moved_page
from .render import LIGHT, TEMPLATES, date_key, head
from .search_names import plan_search_names
from .timeline import dates_said

CO_MENTIONS = 10
YEARS_FROM = 50  # an entity named in more articles than this lists them on one page per year
LATEST = 20  # articles an entity page with year pages lists itself, newest first
# Articles on one year page; a year with more lists parts of this many, counted from the oldest. A
# part is its chrome (4.4 KB) and about 0.17 KB an article: parts of 50 were half chrome, and 200 is
# still a 40 KB page (BENCHMARKS.md, "Site size at 10,000 articles").
YEAR_PART = 200
OLD_PART = 50  # the parts' size up to stop 20; their addresses that no part has now lead to the year
SNIPPET = 200  # characters of the sentence that names the entity
TYPE_TITLES = {"person": "People", "state": "States", "organization": "Organizations", "place": "Places"}
# The chart carries its own light plate, so its colours hold in Material's light and dark
# schemes alike (no one colour reaches 4.5:1 on both #fff and #1e2129).
CHART_COLOURS = {"plate": "#ffffff", "text": "#37474f", "bar": "#3f51b5", "empty": "#78909c"}
CHART_FONT = 11  # px
CHAR_WIDTH = 0.62  # of the font size: wider than the average character of any sans-serif
TICK_GAP = 6  # px between two tick labels at least


def chart_path(entity: Entity) -> str:
    return f"assets/charts/{FOLDERS[entity.type]}/{entity.slug}.svg"


def year_page(entity: Entity, year: str) -> str:
    return f"{FOLDERS[entity.type]}/{YEARS_DIR}/{entity.slug}/{year}.md"


def year_folder(entity: Entity) -> str:
    return f"{FOLDERS[entity.type]}/{YEARS_DIR}/{entity.slug}"


# -- "mentioned in": the sentence that names the entity ---------------------------------------
# A sentence's end: [.!?…], closing quotes or brackets, space, and a capital (or digit, or Hangul)
# next; or a line break. Both begin with the set of their first characters, so that re's search
# skips to those (as two alternatives it tried the pattern at every character: three times slower).
_BOUNDARY = re.compile(r"[.!?…\n](?:(?<=\n)\n*|[\"”’»)\]]*\s+(?=[\"“‘«(\[]?[A-Z0-9\u3131-\uD7A3]))")


class Reading:
    """An article's title and body as the extractor read them (its offsets hold in the text),
    with its sentence breaks and its mentions by entity found once: an article is listed on the
    page of every entity it names, and each of those asks for its sentences."""

    def __init__(self, article: Article):
        self.article = article
        self.body_start = len(article.post.title) + 2
        self._breaks: tuple[list[int], list[int], list[int]] | None = None
        # entity key -> (start, end, surface) of each mention: what about() gives every entity's key
        self.mentions: dict[tuple[str, str], list[tuple[int, int, str]]] = {}
        for mention in article.extraction.mentions if article.extraction is not None else ():
            if mention.surface:
                spot = (mention.start, mention.end, mention.surface)
                found = self.mentions.get(mention.key)
                if found is None:
                    self.mentions[mention.key] = [spot]
                else:
                    found.append(spot)
        dates = article.extraction.dates if article.extraction is not None else []
        # What its items on entity pages are read from (with the text, the path, title and date
        # they show): one short value in every key of the entities it names, hashed once.
        # (The title and the body, not `text` joined from them: most readings never need it.)
        # (The article's content key, when it has one, stands for its text: see Article.content_key.)
        content = article.content_key()
        # The dates as tuples: pickled as objects, each would write its class's name again
        # (fingerprint keeps no memo), some 200,000 of them a run.
        self.digest = fingerprint(article.path, article.post.title, date_key(article.post.date),
                                  ("content key", content) if content else article.text,
                                  [(date.date, date.text) for date in dates])

    @functools.cached_property
    def text(self) -> str:
        return self.article.titled_text()

    def about(self, key: tuple[str, str]) -> tuple:
        """What an entity page lists of this article, besides its text and dates: where it names `key`."""
        return tuple(self.mentions.get(key, ()))

    def sentence_bounds(self, start: int, end: int) -> tuple[int, int]:
        """[begin, stop) of the sentence around text[start:end]."""
        if self._breaks is None:  # found when first asked: a cached entity page never asks
            breaks = list(_BOUNDARY.finditer(self.text))
            self._breaks = ([found.start() for found in breaks],
                            [found.start() + len(found.group().rstrip()) for found in breaks],
                            [found.end() for found in breaks])
        starts, stops, ends = self._breaks
        before = bisect.bisect_right(ends, start)
        after = bisect.bisect_left(starts, end)
        return (ends[before - 1] if before else 0), (stops[after] if after < len(starts) else len(self.text))

    def spans(self, key: tuple[str, str]) -> list[tuple[int, int]]:
        """Where the text names the entity: the extractor's offsets, or, when they are from another
        version of the text (hand edits), the first place its words stand."""
        text, spans = self.text, []
        for start, end, surface in self.mentions.get(key, ()):
            if 0 <= start < end <= len(text) and text[start:end] == surface:
                spans.append((start, end))
            else:
                found = text.find(surface, self.body_start)
                found = found if found >= 0 else text.find(surface)
                if found >= 0:
                    spans.append((found, found + len(surface)))
        return spans

    def snippet(self, spans: list[tuple[int, int]], limit: int = SNIPPET) -> str:
        """The sentence around the entity's first mention (`spans`), at most about `limit`
        characters (cut at words, the mention kept in view); the body before the title when the
        body names it, or "" when only the title names it (the title is listed already)."""
        if not spans:
            return ""
        start, end = min(spans, key=lambda span: (span[0] < self.body_start, span[0]))
        if start < self.body_start:
            return ""
        begin, stop = self.sentence_bounds(start, end)
        raw = self.text[begin:stop]
        sentence = re.sub(r"\s+", " ", raw.strip())
        if len(sentence) <= limit:
            return sentence
        offset = start - begin - (len(raw) - len(raw.lstrip()))
        lead = max(0, min(offset - limit // 3, len(sentence) - limit))
        cut = sentence[lead:lead + limit]
        if lead:
            cut = "…" + cut.split(" ", 1)[-1] if " " in cut else "…" + cut
        if lead + limit < len(sentence):
            cut = (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(",;:") + "…"
        return cut

    def dates_about(self, spans: list[tuple[int, int]]) -> list[dict]:
        """The dates the article mentions in the sentences that name the entity (`spans`; its title
        included), never a date said elsewhere in the article."""
        if not self.article.extraction.dates:
            return []
        bounds = sorted({self.sentence_bounds(start, end) for start, end in spans})
        return dates_said(self.article.extraction.dates, [self.text[begin:stop] for begin, stop in bounds])


def _reading(article: Article, readings: dict[str, Reading]) -> Reading:
    reading = readings.get(article.path)
    if reading is None:
        reading = readings[article.path] = Reading(article)
    return reading


class Listed(NamedTuple):
    """What an entity page or a year page shows of one of the entity's articles, besides where the
    article names it: plain data, sent to the worker that makes the page (see EntitySource)."""

    path: str
    title: str
    date: datetime | None


def listed(article: Article) -> Listed:
    return Listed(article.path, article.post.title, article.post.date)


def _said(article: Article, key, readings: dict[str, Reading]) -> tuple[str, list[dict]]:
    """The sentence of the article that names the entity (`key`), and the dates said there."""
    if article.extraction is None:
        return "", []
    reading = _reading(article, readings)
    spans = reading.spans(key)  # where the entity is named, found once for both
    return reading.snippet(spans), reading.dates_about(spans)


def _article_items(articles: list[Listed], from_page: str,
                   said: list[tuple[str, list[dict]]] | None = None) -> list[dict]:
    """Each article's item: title, link, date and, with `said` (each article's from _said), the
    sentence naming the entity and the dates said there (a year page lists titles and dates only)."""
    items = []
    for index, article in enumerate(articles):
        snippet, dates = said[index] if said is not None else ("", [])
        items.append({"title": article.title, "link": relative_link(from_page, article.path), "date": article.date,
                      "snippet": snippet, "dates": dates})
    return items


def _periods(dates: list[datetime]) -> tuple[str, list[tuple[str, str, int, str]]]:
    """(unit, [(label, tick, count, archive page)]): months when the span is short, else years."""
    if not dates:
        return "month", []
    first, last = min(dates), max(dates)
    if last.year - first.year >= 2:
        counts = Counter(d.year for d in dates)
        return "year", [(str(y), str(y), counts[y], f"archive/#{y}") for y in range(first.year, last.year + 1)]
    counts = Counter((d.year, d.month) for d in dates)
    months, (year, month) = [], (first.year, first.month)
    while (year, month) <= (last.year, last.month):
        label = f"{calendar.month_abbr[month]} {year}"
        months.append((label, label, counts[(year, month)], f"archive/{year}-{month:02d}/"))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return "month", months


def tick_width(text: str) -> float:
    """The room a tick label takes, over-estimated (see CHAR_WIDTH)."""
    return len(text) * CHART_FONT * CHAR_WIDTH


def _ticks(centres: list[float], labels: list[str], width: float) -> dict[int, float]:
    """{bar index: x} of the tick labels to print: every k-th bar, k the smallest step at which
    no two labels (kept inside the chart) come closer than TICK_GAP."""
    for step in range(1, len(centres) + 1):
        placed, right, fits = {}, -math.inf, True
        for index in range(0, len(centres), step):
            half = tick_width(labels[index]) / 2
            x = min(max(centres[index], half + 2), width - half - 2)
            if x - half < right + TICK_GAP:
                fits = False
                break
            placed[index], right = x, x + half
        if fits:
            return placed
    return {}


def chart_svg(entity: Entity, dates: list[datetime]) -> tuple[str, str]:
    """The chart file of the dates of the entity's articles: one bar per month or year, each bar
    with articles a link to its month (or year) in the archive, relative to the chart's own address."""
    unit, periods = _periods(dates)
    width, height, top, bottom = 360, 116, 14, 20
    slot = (width - 8) / max(len(periods), 1)
    peak = max((count for _, _, count, _ in periods), default=1) or 1
    home = posixpath.dirname(chart_path(entity))
    centres = [4 + index * slot + slot / 2 for index in range(len(periods))]
    ticks = _ticks(centres, [tick for _, tick, _, _ in periods], width)
    bars = []
    for index, (label, tick, count, target) in enumerate(periods):
        h = round((height - top - bottom) * count / peak, 1)
        page, _, anchor = target.partition("#")
        link = posixpath.relpath(page, home) + ("/" if page.endswith("/") else "") + (f"#{anchor}" if anchor else "")
        bars.append({"x": round(4 + index * slot + slot * 0.1, 1), "w": round(slot * 0.8, 1), "h": h,
                     "y": round(height - bottom - h, 1), "count": count, "label": label,
                     "link": link if count else "", "slot_x": round(4 + index * slot, 1), "slot_w": round(slot, 1),
                     "tick": tick if index in ticks else "", "tick_x": round(ticks.get(index, 0), 1)})
    title = f"Articles mentioning {entity.name}, per {unit}"
    return unit, TEMPLATES.get_template("chart.svg.j2").render(
        width=width, height=height, top=top, bottom=bottom, bars=bars, title=title,
        colours=CHART_COLOURS, font=CHART_FONT)


def entity_head(entity: Entity) -> str:
    """Front-matter and heading of a new entity page (the contributor's part from then on)."""
    return _head(entity.name, entity.type, tuple(entity.aliases), entity.description, entity.wikidata,
                 entity.capital, tuple(entity.demonyms), entity.discovered)


@functools.lru_cache(maxsize=1 << 14)  # asked for each stub several times a run (untouched_stub)
def _head(name: str, kind: str, aliases: tuple, description: str, wikidata: str, capital: str, demonyms: tuple,
          discovered: bool) -> str:
    meta = {"name": name, "type": kind, "aliases": list(aliases)}
    if description:
        meta["description"] = description
    if wikidata:
        meta["wikidata"] = wikidata
    if kind == "state":
        meta["capital"] = capital or None
        meta["demonyms"] = list(demonyms)
    if discovered:
        meta["discovered"] = True
    intro = description or (STUB_NOTE if discovered else "")
    return f"---\n{dump_yaml(ordered(meta, schema.ENTITY))}---\n\n# {escape_text(name)}\n\n" + (f"{intro}\n\n" if intro else "")


# What a new stub says to its reviewer: an HTML comment, never shown to readers (the how-to is in
# CONTRIBUTING.md). Stubs written before said it in the page (LEGACY_STUB_NOTE); those are still
# the importer's own, untouched text, and are brought up to date (see untouched_stub).
STUB_NOTE = ("<!-- Found in the articles by the importer (discovered: true). To accept it, add a description,"
             " aliases or notes and remove the flag; to reject it, delete this page. See CONTRIBUTING.md. -->")
LEGACY_STUB_NOTE = ("Found in the articles by the importer. Add a description, aliases or notes here;"
                    " delete this page to stop it being recognised.")


def _legacy_head(entity: Entity) -> str:
    current = entity_head(entity)
    return current.replace(f"\n\n{STUB_NOTE}\n\n", f"\n\n{LEGACY_STUB_NOTE}\n\n", 1) if STUB_NOTE in current else current


def untouched_stub(entity: Entity, text: str) -> str | None:
    """The head the importer wrote on this stub page, when nobody edited it (the current head or
    the one stubs had before); None when a person changed it."""
    if not entity.discovered:
        return None
    rest = text.rstrip("\n")
    for written in (entity_head(entity), _legacy_head(entity)):
        if text.startswith(written) and (rest == written.rstrip("\n") or (  # nothing after the head but the generated part
                rest.startswith(BEGIN, len(written)) and rest.endswith(END) and rest.count(BEGIN) == 1)):
            return written
    return None


def edited_stubs(docs: DocsView, read: list | None = None) -> set[tuple[str, str]]:
    """Keys of the discovered entities whose page a person edited (accepted: see consolidate.py).
    `read`: the entity pages as frontmatter.read_pages read them, when the caller has them."""
    found = set()
    for folder, _path, page, text, meta in leftover_pages(docs.docs, TYPE_OF_FOLDER, set(), read):
        try:
            entity = entity_from_meta(meta, page, TYPE_OF_FOLDER[folder])
        except ValueError:
            continue
        if entity.discovered and untouched_stub(entity, text) is None:
            found.add(entity.key)
    return found


@dataclass
class EntitySource:
    """What an entity's page, chart and year pages are made of: worked out here from its articles
    (where each names it: Reading, which needs the article's text) and made into pages by a worker
    (made_pages), which is sent this and, once, the table of the articles the pages list."""

    entity: Entity
    articles: list[int]  # newest first, by their place in that table (listed_table)
    co: list[dict]  # the entities mentioned with it (_co_mentions)
    said: list[tuple[str, list[dict]]]  # _said of each article the page lists itself (all, or the latest LATEST)


def listed_table(entities: list[Entity], graph: Graph) -> tuple[list[Listed], dict[str, int]]:
    """What the pages of `entities` show of each of their articles (sent to each worker once: an
    article is listed on the page of every entity it names, a dozen on average), and each one's
    place in it by path."""
    table, place = [], {}
    for entity in entities:
        for article in graph.articles_of.get(entity.key, ()):
            if article.path not in place:
                place[article.path] = len(table)
                table.append(listed(article))
    return table, place


def entity_source(entity: Entity, graph: Graph, co: list[dict], readings: dict[str, Reading],
                  place: dict[str, int]) -> EntitySource:
    """`co`: _co_mentions's; `readings` keeps each article's Reading across entities; `place`: listed_table's."""
    articles = graph.articles_of.get(entity.key, [])
    shown = articles[:LATEST] if len(articles) > YEARS_FROM else articles
    return EntitySource(entity, [place[article.path] for article in articles], co,
                        [_said(article, entity.key, readings) for article in shown])


def made_pages(table: list[Listed], source: EntitySource) -> tuple[GeneratedPage, str, dict[str, str]]:
    """The entity page's generated part, its chart, and its year pages ({page: text}, none when
    it lists every article itself): a worker's task (plan_entity_pages). `table`: listed_table's."""
    return _entity_page(source.entity, [table[index] for index in source.articles], source.co, source.said)


def entity_page(entity: Entity, graph: Graph, registry: Registry,
                readings: dict[str, Reading] | None = None) -> tuple[GeneratedPage, str, dict[str, str]]:
    """made_pages of the entity, here (the import's are made on workers and cached: plan_entity_pages)."""
    table, place = listed_table([entity], graph)
    return made_pages(table, entity_source(entity, graph, _co_mentions(entity, graph, registry),
                                           {} if readings is None else readings, place))


def entity_key(entity: Entity, articles: list[Article], co: list[dict], readings: dict[str, Reading],
               listed: str | None = None) -> str:
    """The key of the entity page's files in the import cache: everything they are made of.
    `listed`: the digest of what it lists of its articles, when known (see listed_digests)."""
    if listed is None:
        listed = fingerprint(_listed(entity.key, articles, readings))
    return fingerprint(code_version(), entity, co, listed)


def _listed(key: tuple[str, str], articles: list[Article], readings: dict[str, Reading]) -> list[tuple]:
    """What an entity page lists of each of its articles (with the entity's key: `key`)."""
    listed = []
    for article in articles:  # a loop, not a call an article: an entity can list thousands
        if article.extraction is None:
            listed.append((article.path, article.post.title, date_key(article.post.date)))
            continue
        reading = readings.get(article.path)
        if reading is None:
            reading = readings[article.path] = Reading(article)
        listed.append((reading.digest, reading.about(key)))
    return listed


def listed_digests(graph: Graph, readings: dict[str, Reading], last: dict | None,
                   changes: dict[str, tuple[list, list]] | None) -> tuple[dict, dict]:
    """({entity key: digest of what its page lists of its articles}, the record the next run
    compares with). `last`: that record of the last import; `changes`: the articles whose entities
    changed since (link.entity_changes). An entity none of whose articles changed since (new,
    gone, another text, title, date or path, or other mentions) keeps the digest worked out then:
    what it lists is the same. At 10,000 articles, going through every entity's articles (the
    most-mentioned list thousands) was half of what the entity pages cost an import with one new post."""
    articles: dict[str, Article] = {}
    for found in graph.articles_of.values():
        for article in found:
            articles[article.path] = article
    entries = {path: fingerprint(_reading(article, readings).digest, readings[path].mentions)
               for path, article in articles.items()}
    fresh = bool(last) and last.get("code") == code_version() and changes is not None
    before = last.get("articles", {}) if fresh else {}
    dirty = set()
    for old, new in (changes or {}).values():
        dirty.update(old, new)
    for path in entries.keys() | before.keys():
        if entries.get(path) != before.get(path):
            dirty.update(graph.entities_of.get(path, ()))  # its entities then, if other, are in `changes`
    if not graph.entities_of.keys() >= entries.keys():  # a graph that does not say: nothing is kept
        before = {}
    lists, known = {}, last.get("lists", {}) if before else {}
    for key, found in graph.articles_of.items():
        digest = known.get(key) if key not in dirty else None
        lists[key] = digest or fingerprint(_listed(key, found, readings))
    return lists, {"code": code_version(), "articles": entries, "lists": lists}


def _co_mentions(entity: Entity, graph: Graph, registry: Registry) -> list[dict]:
    co = []
    counts = graph.co_mentions.get(entity.key) or Counter()
    items = counts.items()
    if len(counts) > CO_MENTIONS:  # only counts as high as the CO_MENTIONS-th highest can be among them
        floor = sorted(counts.values(), reverse=True)[CO_MENTIONS - 1]
        items = [item for item in items if item[1] >= floor]
    ranked = heapq.nsmallest(CO_MENTIONS, items,
                             key=lambda kv: (-kv[1], -graph.count(kv[0]), kv[0]))  # ties: the more mentioned first
    for key, count in ranked:
        other = registry.entities.get(key)
        if other:
            co.append({"name": other.name, "type": other.type, "count": count,
                       "link": relative_link(entity.page, other.page)})
    return co


def _entity_page(entity: Entity, articles: list[Listed], co: list[dict],
                 said: list[tuple[str, list[dict]]]) -> tuple[GeneratedPage, str, dict[str, str]]:
    dated = [article.date for article in articles if article.date]
    unit, svg = chart_svg(entity, dated)
    years, year_pages = [], {}
    if len(articles) > YEARS_FROM:
        for year, found in by_year(articles, _date).items():
            page = year_page(entity, year)
            years.append({"year": year if year != UNDATED else "Undated", "count": len(found),
                          "link": relative_link(entity.page, page)})
            year_pages.update(_year_pages(entity, year, found))
    body = TEMPLATES.get_template("entity.md.j2").render(
        name=entity.name, also=entity.also, total=len(articles), first=min(dated, default=None), last=max(dated, default=None),
        chart=relative_link(entity.page, chart_path(entity)), chart_unit=unit, co_mentions=co,
        articles=_article_items(articles[:len(said)], entity.page, said),
        years=years, year_of="",
        graph=relative_link(entity.page, "graph/index.md") + f"#entity={node_id(entity)}",
    )
    return GeneratedPage(entity.page, entity_head(entity), body), svg, year_pages


def _date(article: Listed) -> datetime | None:
    return article.date


def _year_pages(entity: Entity, year: str, articles: list[Listed]) -> dict[str, str]:
    """{page: text} of the year's page and, when the year has more than YEAR_PART articles, its
    parts; and a redirect at each address of a part of OLD_PART the year had before (_moved_parts)."""
    page = year_page(entity, year)
    when = "with no date" if year == UNDATED else f"in {year}"
    title = f"{entity.name}: articles {when}"
    parts = year_parts(articles, YEAR_PART)
    if len(parts) == 1:
        pages = {page: _year_page_text(entity, title, when, articles, page, entity.page)}
        return pages | _moved_parts(page, title, len(articles), 0)
    intro = (f"{len(articles)} articles {when} mention [{escape_text(entity.name)}]({relative_link(page, entity.page)}), "
             f"newest first, in parts of at most {YEAR_PART}:\n\n")
    pages = {page: head(title, f"# {escape_text(title)}\n\n", template=LIGHT) + intro + parts_list(page, parts, _date)}
    for number, part in zip(range(len(parts), 0, -1), parts):
        path = part_path(page, number)
        pages[path] = _year_page_text(entity, f"{title} ({number})", when, part, path, page)
    return pages | _moved_parts(page, title, len(articles), len(parts))


def _moved_parts(page: str, title: str, count: int, parts: int) -> dict[str, str]:
    """Redirect pages to the year's page at the addresses of the parts of OLD_PART articles that a
    year of `count` articles had, past its `parts` of today: a link to one (a bookmark, a search
    engine's) still leads to the year. Counted from today's articles, so an address is covered
    whether or not the year was that long when it had parts of OLD_PART."""
    had = -(-count // OLD_PART) if count > OLD_PART else 0
    return {part_path(page, number).removesuffix(".md") + "/index.html":
            moved_page(part_path(page, number).removesuffix(".md") + "/index.html", page.removesuffix(".md"), title)
            for number in range(parts + 1, had + 1)}


def _year_page_text(entity: Entity, title: str, when: str, articles: list[Listed], page: str, back: str) -> str:
    body = TEMPLATES.get_template("entity.md.j2").render(
        year_of=when, name=entity.name, total=len(articles), back=relative_link(page, back),
        articles=_article_items(articles, page))
    return head(title, f"# {escape_text(title)}\n\n", template=LIGHT) + body


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


def mentioned_elsewhere(docs: DocsView, imported: set[str]) -> set[tuple[str, str]]:
    """(type, name) of the entities, and ("categories"|"tags"|"authors", name) of the listings,
    that article pages outside this import name in their front-matter: an import of one file
    leaves the other articles, and the pages they link to, alone. Asked while the import gathers
    docs/ (their texts are read here, and not kept)."""
    found = set()
    for folder in ("articles", "pages"):
        for page in docs.files_under(folder):
            if page in imported or not page.endswith(".md"):
                continue
            text = docs.read_once(page)
            try:
                meta, _ = read_front_matter(text) if text is not None else ({}, "")
            except FrontMatterError:
                continue
            for kind in schema.ENTITY_NAMES:
                found |= {(kind, name) for name in names_in(meta, kind)}
            for kind in ("categories", "tags", "authors"):
                names = meta.get(kind)
                found |= {(kind, str(name)) for name in names or [] if isinstance(names, list)}
    return found


def retire_stale_stubs(docs: DocsView, registry: Registry, graph, kept: set[tuple[str, str]] = frozenset(),
                       read: list | None = None, charts: set[str] | None = None) -> Iterator[Entry]:
    """The plan for the pages the importer created for discoveries no article mentions any more:
    removed when nobody edited them, otherwise kept with an empty generated part. Those in `kept`
    (named by articles this import did not touch) stay as they are; their charts and year pages,
    which stay too, are added to `charts`. `read`: the entity pages as the run found them
    (frontmatter.read_pages)."""
    pages = {e.page for e in registry.entities.values()}
    for folder, _path, page, text, meta in leftover_pages(docs.docs, TYPE_OF_FOLDER, pages, read):
        try:
            entity = entity_from_meta(meta, page, TYPE_OF_FOLDER[folder])
        except ValueError:
            continue  # check reports broken pages; the importer leaves them alone
        if entity.key in kept and charts is not None:
            charts.add(chart_path(entity))
            charts.update(docs.files_under(year_folder(entity)))  # year pages, and the redirects of their old parts
        if not entity.discovered or entity.key in kept:
            continue
        if untouched_stub(entity, text) is not None:
            yield Entry(page, REMOVE)
        else:
            yield section(entity_page(entity, graph, registry)[0])


def _stub_with_new_head(docs: DocsView, entity: Entity, texts: dict[str, str]) -> str | None:
    """An untouched stub written with the old, visible note to maintainers, with today's head;
    None for any other page (it keeps its own head). `texts`: the stubs' texts as the run read
    them at its start (read_entity_pages keeps a discovered stub's; no other page is a stub)."""
    if not entity.discovered or not docs.exists(entity.page):
        return None
    text = texts.get(entity.page) or ""
    if LEGACY_STUB_NOTE not in text:  # a stub the importer wrote since has today's head, or a person's
        return None
    head = untouched_stub(entity, text)
    return entity_head(entity) + text[len(head):] if head is not None and head != entity_head(entity) else None


@dataclass
class EntityPlan:
    """What plan_entity_pages learns as it goes, for the cache of the next run: entity page ->
    (key, stamps, digests) of the pages left as the last run wrote them (`as_left`), and entity page
    -> (key, its files) of those planned now (`made`: their stamps are read once they are written),
    and listed_digests' record (`listed`: kept at the end of the run, with the other records it
    depends on)."""

    as_left: dict[str, tuple] = field(default_factory=dict)
    made: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    listed: dict | None = None


def plan_entity_pages(docs: DocsView, taken, registry: Registry, graph, kept: set[tuple[str, str]] = frozenset(),
                      cache: Cache | None = None, read: list | None = None, holds=None,
                      learnt: EntityPlan | None = None,
                      changes: dict[str, tuple[list, list]] | None = None, jobs: int = 1) -> Iterator[Entry]:
    """The plan of the entity pages, their charts and year pages, the search's names and the A–Z
    indexes, entry by entry as PageWriter.apply asks for them (one entity's pages held at a time, not
    50,000 articles' worth). `taken`: the paths planned so far (Plan.paths), `holds`: PageWriter.holds_file,
    `read`: the entity pages as the run found them before writing any (frontmatter.read_pages);
    `learnt` collects what the next run may trust (EntityPlan; see entity_cache_record); `changes`:
    the articles whose entities changed since the last import (link.entity_changes). The pages are
    made on up to `jobs` processes, each sent what one entity's are made of (entity_source)."""
    learnt = EntityPlan() if learnt is None else learnt
    kept_files: set[str] = set()
    yield from retire_stale_stubs(docs, registry, graph, kept, read, kept_files)
    new_stubs = []
    texts = {page: text for _folder, _path, page, text, _meta in read or ()}
    readings: dict[str, Reading] = {}
    last = cache.get("written", "entities") or {} if cache is not None else {}
    if cache is not None:
        lists, learnt.listed = listed_digests(graph, readings, cache.get("written", "listed"), changes)
    # (entity, its key, its co-mentions, its files as the last run left them if they hold what it would make)
    decided = []
    for entity in sorted(registry.entities.values(), key=lambda e: e.page):
        key = files = None
        co = _co_mentions(entity, graph, registry)  # once: in its key and in what its pages are made of
        if cache is not None:
            key = entity_key(entity, graph.articles_of.get(entity.key, []), co, readings, lists.get(entity.key))
            files = _as_left(holds, last.get(entity.page), key)
        decided.append((entity, key, co if files is None else None, files))  # co held only for the pages made
    todo = [(entity, key, co) for entity, key, co, files in decided if files is None]
    made = _made(todo, graph, readings, cache, jobs)
    for entity, key, _, files in decided:
        if files is not None:  # its page, chart and year pages hold what they would be made of
            cache.keep("entity-page", [key])
            for file in files:
                yield Entry(file, UNTOUCHED)
            learnt.as_left[entity.page] = last[entity.page]
            continue
        page, svg, year_pages = next(made)
        if entity.discovered and not docs.exists(page.path):
            # its record marks it as the importer's
            new_stubs.append(Entry(page.path, CREATE, splice(None, page), entity_head(entity)))
        else:
            yield section(page, _stub_with_new_head(docs, entity, texts))
            if cache is not None:
                learnt.made[entity.page] = (key, (page.path, chart_path(entity), *year_pages))
        yield Entry(chart_path(entity), WRITE, svg)
        yield from writes(year_pages)
    yield from new_stubs
    yield from pruned(docs, "assets/charts", taken, kept_files)
    for folder in FOLDERS.values():
        yield from pruned(docs, f"{folder}/{YEARS_DIR}", taken, kept_files)  # years with no article any more
    yield from plan_search_names(docs, taken, registry, graph)
    for kind in TYPES:
        yield section(index_page(kind, registry, graph))


def _made(todo: list[tuple[Entity, str | None, list[dict]]], graph: Graph, readings: dict[str, Reading],
          cache: Cache | None, jobs: int) -> Iterator[tuple[GeneratedPage, str, dict[str, str]]]:
    """made_pages of each (entity, key, co-mentions) of `todo`, in order: from `cache` by key, or made
    on clean workers from each entity's source, worked out here as it is sent (not all held at once)."""
    table, place = listed_table([entity for entity, _, _ in todo], graph)
    task = functools.partial(made_pages, table)

    def source(index: int) -> EntitySource:
        entity, _, co = todo[index]
        return entity_source(entity, graph, co, readings, place)

    if cache is None:
        return run_each(task, len(todo), jobs, "entity pages", source, same(task))
    return cached_iter(cache, "entity-page", [key for _, key, _ in todo], task, jobs, "entity pages",
                       inputs=source, clean=same(task))


def entity_cache_record(writer: PageWriter, learnt: EntityPlan) -> tuple[dict, set]:
    """Once the entity pages are written: what the next run may find as this one left it, entity
    page -> (key, {file: stamp}, {file: digest}), and the pages written now (stamped at once: see
    PageWriter.settled_since). A page the writer did not leave as planned (its markers broken) is
    left out: the next run makes it again."""
    action = {o.path: o.action for o in writer.outcomes if o.path in learnt.made}
    written, fresh = dict(learnt.as_left), set()
    for page, (key, files) in learnt.made.items():
        known = writer.as_written(files) if action.get(page) in AS_GIVEN else None
        if known is not None:
            written[page] = (key, *known)
            fresh.add(page)
    return written, fresh


def _as_left(holds, known: tuple | None, key: str) -> list[str] | None:
    """The files an entity page made last time, when its key is the same and each file is as
    that run left it (by size and time, or by its bytes: `holds`, PageWriter.holds_file); else None."""
    if known is None or len(known) != 3 or known[0] != key:
        return None
    stamps, digests = known[1], known[2]
    return list(stamps) if all(holds(file, stamp, digests.get(file)) for file, stamp in stamps.items()) else None
