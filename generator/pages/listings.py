"""Listing pages: the home page, the archive by year and month, the index of pages.

These pages are partly the contributor's: the generated list sits between markers and
only that part is rewritten; anything written above or below the markers stays.
"""
from __future__ import annotations

import calendar
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime

from ..convert import escape_text
from ..core.models import Article, newest_first
from ..core.paths import members, relative_link, term_slugs
from ..store.cache import Cache
from ..write import GeneratedPage, pruned
from ..write.plan import Entry
from ..write.view import DocsView
from .render import TEMPLATES, Markdown, date_key, head, human_date, render_kept
from .timeline import as_items, by_month, events, month_label

LATEST = 15
TOP_ACTORS = 10
LISTED = 50  # articles a category, tag or author page lists; beyond, one page per year
YEARS_DIR = "by-year"  # <kind>/by-year/<slug>/<year>.md: addresses that never move as articles arrive
UNDATED = "undated"
PART = 50  # articles on one year page; a year with more lists parts of this many (no page grows without limit)
MONTH_SUMMARIES = 50  # a month with more published articles lists them by title and date only
MONTH_PART = 200  # published articles on one month page; a month with more lists parts of this many
MENTIONED = 100  # mentions of a month's dates listed on its page (the newest days first)


@dataclass
class Listed:
    title: str
    link: str
    date: datetime | None
    summary: str


def _listed(articles: list[Article], from_page: str, summaries: bool = True) -> list[Listed]:
    return [
        Listed(a.post.title, relative_link(from_page, a.path), a.post.date, a.summary if summaries else "")
        for a in articles
    ]


def _top_actors(posts: list[Article], page_of: dict, articles_of: dict | None = None) -> tuple[str, list[dict]]:
    """The latest month with articles, and the actors mentioned in most of its articles.
    `articles_of`: each entity's articles (link.Graph.articles_of), when known: then only the
    latest month's articles are read here (not every article's mentions, every import)."""
    dated = [a for a in posts if a.post.date and a.extraction is not None]
    if not dated:
        return "", []
    newest = max(a.post.date for a in dated)

    def actors(article: Article) -> set:
        return {m.key for m in article.extraction.mentions if m.key[0] != "place" and m.key in page_of}

    counts: Counter = Counter()
    for article in dated:
        if (article.post.date.year, article.post.date.month) == (newest.year, newest.month):
            counts.update(actors(article))
    if articles_of is None:
        overall: Counter = Counter()  # ties go to the actor mentioned more across the archive
        for article in dated:
            overall.update(actors(article))
    else:  # the same counts: the dated posts among each one's articles
        overall = {key: sum(1 for a in articles_of.get(key, ()) if a.post.date and a.post.type == "post")
                   for key in counts}
    top = sorted(counts.items(), key=lambda kv: (-kv[1], -overall[kv[0]], kv[0]))[:TOP_ACTORS]
    return (f"{calendar.month_name[newest.month]} {newest.year}",
            [{"name": key[1], "type": key[0], "count": n, "link": page_of[key]} for key, n in top])


def home_page(articles: list[Article], site_name: str, page_of: dict | None = None,
              articles_of: dict | None = None) -> GeneratedPage:
    """`articles_of`: each entity's articles (link.Graph.articles_of), when known."""
    posts = newest_first([a for a in articles if a.post.type == "post"])
    top_month, top_actors = _top_actors(posts, page_of or {}, articles_of)
    body = TEMPLATES.get_template("home.md.j2").render(
        latest=posts[:LATEST], items=_listed(posts[:LATEST], "index.md"), total=len(posts),
        archive_link="archive/index.md", top_month=top_month, top_actors=top_actors,
    )
    intro = (f"# {site_name}\n\nA knowledge base made from a WordPress news archive: "
             "every article with its people, states, organisations, places and dates.\n\n")
    return GeneratedPage("index.md", head(site_name, intro), body)


def archive_pages(articles: list[Article], cache: Cache | None = None) -> list[GeneratedPage]:
    """The timeline: one page per month, with what was published and what was mentioned (each
    month's list kept in `cache`, the import's: see render.render_kept)."""
    posts = [a for a in articles if a.post.type == "post"]
    pages = []
    years: dict[int, list[dict]] = defaultdict(list)
    for (year, month), found in by_month(events(posts)).items():
        label, path = month_label(year, month), f"archive/{year}-{month:02d}.md"
        published = [e for e in found if e.kind == "published"]
        mentioned = [e for e in found if e.kind == "mentioned"]
        years[year].append({"label": label, "link": f"{year}-{month:02d}.md",
                            "published": len(published), "mentioned": len(mentioned)})
        pages += _month_pages(label, path, published, mentioned, cache)
    index = TEMPLATES.get_template("archive.md.j2").render(
        years=[{"year": y, "months": m} for y, m in sorted(years.items(), reverse=True)]
    ) or "No dated articles yet.\n"
    intro = ("# Archive\n\nEvery article by the month it was published, and the months articles speak "
             "of (*mentioned*), newest first.\n\n")
    pages.append(GeneratedPage("archive/index.md", head("Archive", intro), index))
    return pages


def _month_pages(label: str, path: str, published: list, mentioned: list,
                 cache: Cache | None = None) -> list[GeneratedPage]:
    """A month's page: what was published (newest first), then the dates of the month that articles
    speak of. Bounded, as a year's page is: past MONTH_SUMMARIES articles they are listed without
    their summaries; past MONTH_PART, in parts of that many counted from the oldest (`<month>-<n>.md`,
    addresses that keep their articles), the month's page listing the parts; at most MENTIONED
    mentions, with how many more there are (search finds them). A busy month of a 10,000-post
    archive was 212 KB, and grows with the archive (BENCHMARKS.md, "Site size at 10,000 articles")."""
    def items(events: list, page: str) -> list[dict]:
        listed = as_items(events, page)
        if len(published) > MONTH_SUMMARIES:
            for item in listed:
                item["summary"] = ""
        return listed

    def render(**values) -> str:  # its items are dicts of strings: they are their own key
        return render_kept(cache, "archive_month.md.j2", sorted(values.items()), **values)

    shown, more = mentioned[:MENTIONED], max(0, len(mentioned) - MENTIONED)
    parts = year_parts(published, MONTH_PART)
    if len(parts) <= 1:
        body = render(label=label, published=items(published, path), mentioned=items(shown, path), more=more, parts="")
        return [GeneratedPage(path, head(label, f"# {label}\n\n"), body)]
    listing = parts_list(path, [[event.article for event in part] for part in parts])
    pages = [GeneratedPage(path, head(label, f"# {label}\n\n"), render(
        label=label, published=[], mentioned=items(shown, path), more=more, parts=Markdown(listing)))]
    for number, part in zip(range(len(parts), 0, -1), parts):
        page, title = part_path(path, number), f"{label} ({number})"
        # the link back inside the generated part: a part no longer needed is then as the importer
        # wrote it, and retire.retire_listings removes it
        body = (f"[{escape_text(label)}]({relative_link(page, path)})\n\n"
                + render(label=label, published=items(part, page), mentioned=[], more=0, parts=""))
        pages.append(GeneratedPage(page, head(title, f"# {escape_text(title)}\n\n"), body))
    return pages


_TERM_KINDS = {
    "categories": ("Categories", "The WordPress categories of the archive's articles, with how many articles each holds."),
    "tags": ("Tags", "The WordPress tags of the archive's articles, with how many articles each holds."),
    "authors": ("Authors", "The archive's authors, with how many articles each wrote, newest first on their pages."),
}


def term_pages(articles: list[Article], kind: str, cache: Cache | None = None) -> list[GeneratedPage]:
    """Categories, tags or authors: an A–Z index with counts and one page per term (or author)
    listing its articles, newest first (the lists kept in `cache`: see render.render_kept)."""
    title, about = _TERM_KINDS[kind]
    holding = members(articles, kind)
    pages, entries = [], []
    slugs = term_slugs(articles, kind, holding)
    for term in sorted(holding, key=str.lower):
        slug = slugs[term]
        path = f"{kind}/{slug}.md"
        found = newest_first(holding[term])
        listing = _listing(found[:LISTED], path, cache, summaries=True)
        if len(found) > LISTED:
            years = by_year(found)
            links = " · ".join(f"[{year.capitalize()}]({relative_link(path, _year_path(kind, slug, year))}) "
                               f"({len(articles)})" for year, articles in years.items())
            listing = f"The latest {LISTED} of {len(found)} articles. By year: {links}\n\n{listing}"
            pages += [page for year, articles in years.items() for page in _year_pages(kind, slug, term, year, articles, cache)]
        pages.append(GeneratedPage(path, head(term, f"# {escape_text(term)}\n\n"), listing))
        entries.append(f"- [{escape_text(term)}]({slug}.md) ({len(holding[term])})")
    index = "\n".join(entries) + "\n" if entries else f"No {kind} yet.\n"
    pages.append(GeneratedPage(f"{kind}/index.md", head(title, f"# {title}\n\n{about}\n\n"), index))
    return pages


def _published(article: Article) -> datetime | None:
    return article.post.date


def by_year(articles: list, date=_published) -> dict[str, list]:
    """Newest year first, undated last; each year's articles in the order given (newest first).
    `date`: an article's date (the articles may be records of them: entity_pages.Listed)."""
    years: dict[str, list] = {}
    for article in articles:
        when = date(article)
        years.setdefault(str(when.year) if when else UNDATED, []).append(article)
    return dict(sorted(years.items(), key=lambda kv: (kv[0] != UNDATED, kv[0]), reverse=True))


def year_parts(articles: list, size: int | None = None) -> list[list]:
    """One year's articles (newest first) in parts of at most `size`, counted from the oldest, newest
    part first: as articles arrive only the newest part changes or a new one begins, so each part's
    address keeps its articles. (A month's published articles, too: any newest-first list.)"""
    size = size or PART  # read when called: PART may be changed (the tests do)
    oldest_first = articles[::-1]
    parts = [oldest_first[start:start + size][::-1] for start in range(0, len(oldest_first), size)]
    return parts[::-1]


def part_path(year_path: str, number: int) -> str:
    """`<year>.md` lists the parts of a long year, `<year>-<number>.md` (1 the oldest)."""
    return year_path.removesuffix(".md") + f"-{number}.md"


def parts_list(year_path: str, parts: list[list], date=_published) -> str:
    """The list of a long year's parts, newest first, for its year page (`date`: as by_year's)."""
    items = []
    for number, part in zip(range(len(parts), 0, -1), parts):
        dates = [date(a) for a in part if date(a)]
        label = (f"{human_date(min(dates))} – {human_date(max(dates))}" if dates else f"Part {number}")
        items.append({"label": label, "link": relative_link(year_path, part_path(year_path, number)), "count": len(part)})
    return TEMPLATES.get_template("parts.md.j2").render(parts=items)


def _year_path(kind: str, slug: str, year: str) -> str:
    return f"{kind}/{YEARS_DIR}/{slug}/{year}.md"


def _year_pages(kind: str, slug: str, term: str, year: str, articles: list[Article],
                cache: Cache | None = None) -> list[GeneratedPage]:
    """The year's page, and when the year has more than PART articles, its parts."""
    path = _year_path(kind, slug, year)
    title = f"{term}: articles {'with no date' if year == UNDATED else f'in {year}'}"
    parts = year_parts(articles)
    if len(parts) == 1:
        return [_page(path, title, f"All of {term}", f"{kind}/{slug}.md", _listing(articles, path, cache))]
    pages = [_page(path, title, f"All of {term}", f"{kind}/{slug}.md", parts_list(path, parts))]
    for number, part in zip(range(len(parts), 0, -1), parts):
        page = part_path(path, number)
        pages.append(_page(page, f"{title} ({number})", title, path, _listing(part, page, cache)))
    return pages


def _page(path: str, title: str, back: str, back_to: str, listing: str) -> GeneratedPage:
    """A listing page: its title, a link back, and the generated list."""
    intro = f"# {escape_text(title)}\n\n[{escape_text(back)}]({relative_link(path, back_to)})\n\n"
    return GeneratedPage(path, head(title, intro), listing)


def _listing(articles: list[Article], path: str, cache: Cache | None = None, summaries: bool = False) -> str:
    """A year page's list: title and date, no summary. Year pages are there to reach every
    article; the term's own page shows the latest with their summaries (without them a year
    page is about a third of its size: BENCHMARKS.md, "Site size at 10,000 articles")."""
    items = _listed(articles, path, summaries=summaries)
    key = [(item.title, item.link, date_key(item.date), item.summary) for item in items]
    return render_kept(cache, "listing.md.j2", key, items=items)


def prune_year_pages(docs: DocsView, taken, kind: str) -> list[Entry]:
    """The plan for the year pages of a category, tag or author whose page this run planned, but not
    them (their year has no article any more, or the page lists every article again); and all of
    them once the page itself is gone. Those of a page an import of a few files left alone stay.
    `taken`: the paths planned so far (Plan.paths)."""
    top = f"{kind}/{YEARS_DIR}/"
    left_alone = set()
    for file in docs.files_under(top):
        name = file[len(top):].split("/", 1)[0]
        if "/" in file[len(top):] and f"{kind}/{name}.md" not in taken and docs.exists(f"{kind}/{name}.md"):
            left_alone.add(file)
    return pruned(docs, f"{kind}/{YEARS_DIR}", taken, left_alone)


def author_pages(articles: list[Article], cache: Cache | None = None) -> list[GeneratedPage]:
    """docs/authors/<slug>.md for each author, and the authors index docs/authors/index.md."""
    return term_pages(articles, "authors", cache)


def pages_index(articles: list[Article]) -> GeneratedPage:
    pages = sorted((a for a in articles if a.post.type == "page"), key=lambda a: a.post.title.lower())
    body = TEMPLATES.get_template("listing.md.j2").render(items=_listed(pages, "pages/index.md"))
    return GeneratedPage("pages/index.md", head("Pages", "# Pages\n\nThe site's standing pages.\n\n"),
                         body or "No pages.\n")


