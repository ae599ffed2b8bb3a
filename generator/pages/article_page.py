"""The article page, planned as data: what each article's page is made of (a PageSource, made in
the main process and hashed as the page's cache key), its front-matter, knowledge block and
template. Nothing here writes a file: write.PageWriter does, for every page of an import.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import datetime

from ..convert import escape_text
from ..core import schema
from ..core.frontmatter import dump_yaml
from ..core.models import Article
from ..core.paths import relative_link, term_slugs
from ..core.safe import page_title, safe_url
from ..core.schema import names_block, ordered
from ..core.text import markdown_text
from ..link import link_first_mentions
from .render import LIGHT, Markdown, human_date, render


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


@dataclass
class Neighbour:
    """An article another page links to: its title, date and page."""

    title: str
    date: datetime | None
    path: str


@dataclass
class PageSource:
    """Everything an article page is made of and nothing else, as plain data: made in the main
    process from the article and the site (cheap) when the page's key (page_key, what this holds)
    is new in the import cache, and made into the page (entity links in the body, the knowledge
    block, the template), on a worker."""

    path: str
    post: object  # models.Post
    body: str  # Markdown, before the first mentions are linked
    text: str  # the body's words (reading time)
    summary: str
    language: str  # the article's, "" when unknown
    featured_file: str
    extracted: bool  # the extract stage ran on it (posts, not pages)
    names: dict[str, list[str]]  # entity type -> names, in order of first mention
    surfaces: list[tuple[tuple[str, str], list[str]]]  # entity key -> how the text writes it
    dates: list[tuple[str, str]]  # (date, words)
    links: list[tuple[str, str, str]]  # (url, domain, text)
    attributions: list[tuple[str, str]]  # (source, words)
    related: list[Neighbour]
    pages: dict  # (type or "categories" | "tags" | "authors", name) -> page, for what it names
    site_language: str | None


def page_key(article: Article, page_of: dict, site_language: str | None = None, related=(),
             covered: tuple[str, ...] = (), texts: bool = True) -> tuple:
    """What page_source(article, page_of, site_language, related) would hold, as plain tuples,
    lists and values (a dataclass is much slower to serialise), without making it: hashed for the
    rendered page's cache key. `covered`: fields of the post the caller's key holds a digest of
    already (its HTML, hashed for the conversion), left out; without `texts`, the body and text
    are left out too (the caller's key holds the article's content key). An import
    asks it of every article and makes the source only of the pages it renders again (at 10,000
    posts, one new post renders one: making 10,000 sources to hash them, and letting them go,
    took a tenth of the run). Every field of PageSource comes from what this holds (`names`
    from the surfaces' keys; `pages` from page_of at the surfaces' keys and the post's terms);
    tests/test_article_page.py holds the two together."""
    extraction, post = article.extraction, article.post
    surfaces = list(extraction.surfaces().items()) if extraction is not None else []
    terms = [(kind, name) for kind in ("authors", "categories", "tags") for name in getattr(post, kind)]
    pages = [(key, page_of[key]) for key in (*(key for key, _ in surfaces), *terms) if key in page_of]
    return (article.path, (article.body, article.text) if texts else (), article.summary,
            article.conversion.language, article.featured_file, extraction is not None, surfaces,
            [(d.date, d.text) for d in extraction.dates] if extraction is not None else [],
            [(link.url, link.domain, link.text) for link in extraction.links] if extraction is not None else [],
            [(a.source, a.text) for a in extraction.attributions] if extraction is not None else [],
            pages, site_language, tuple(item for item in vars(post).items() if item[0] not in covered),
            [(r.post.title, r.post.date, r.path) for r in related])


# The fields of PageSource that page_key covers (all of them: a new field must be added there).
KEYED = ("path", "post", "body", "text", "summary", "language", "featured_file", "extracted", "names", "surfaces",
         "dates", "links", "attributions", "related", "pages", "site_language")


def _neighbour(article: Article) -> Neighbour:
    return Neighbour(article.post.title, article.post.date, article.path)


def page_source(article: Article, page_of: dict, site_language: str | None = None, related=()) -> PageSource:
    """The article's PageSource; `page_of`: the page of each entity key, and what `article_pages` adds;
    `related`: the articles its page links to (the graph's, link.Graph.related)."""
    extraction, post = article.extraction, article.post
    kinds = tuple(schema.ENTITY_NAMES)
    surfaces = list(extraction.surfaces().items()) if extraction is not None else []
    # Extraction.names of each type, from one pass: the surfaces' keys are in order of first mention.
    names: dict[str, list[str]] = {kind: [] for kind in kinds}
    for (kind, name), _ in surfaces:
        if kind in names:
            names[kind].append(name)
    wanted = [*((kind, name) for kind in kinds for name in names[kind]), *(key for key, _ in surfaces),
              *((kind, name) for kind in ("authors", "categories", "tags") for name in getattr(post, kind))]
    return PageSource(
        path=article.path, post=post, body=article.body, text=article.text, summary=article.summary,
        language=article.conversion.language, featured_file=article.featured_file,
        extracted=extraction is not None, names=names, surfaces=surfaces,
        dates=[(d.date, d.text) for d in extraction.dates] if extraction is not None else [],
        links=[(link.url, link.domain, link.text) for link in extraction.links] if extraction is not None else [],
        attributions=[(a.source, a.text) for a in extraction.attributions] if extraction is not None else [],
        related=[_neighbour(r) for r in related],
        pages={key: page_of[key] for key in wanted if key in page_of},
        site_language=site_language,
    )


def front_matter(source: PageSource) -> dict:
    post = source.post
    data = {
        "title": page_title(post.title) or "(untitled)",
        "date": iso(post.date),
        "updated": iso(post.updated),
        "slug": post.slug,
        "status": post.status,
        "type": post.type,
        "authors": post.authors,
        "categories": post.categories,
        "tags": post.tags,
        "summary": source.summary,
        "source": {
            "url": post.link or None,
            "site": post.site or None,
            "wordpress_id": post.wordpress_id,
            "guid": post.guid or None,
        },
    }
    if post.featured_image:
        data["image"] = post.featured_image.url
    if post.truncated:
        data["truncated"] = True
    if source.extracted:
        data.update(extracted_fields(source))
    data["template"] = LIGHT
    return ordered(data, schema.ARTICLE)


def extracted_fields(source: PageSource) -> dict:
    """Actors, places, dates and sources, in the order the article first mentions them."""
    return {
        **names_block(lambda kind: source.names[kind]),
        "dates_mentioned": [{"date": date, "text": text} for date, text in source.dates],
        "sources": {
            "links": [{"url": url, "domain": domain, "text": text} for url, domain, text in source.links],
            "attributions": [{"source": said_by, "text": text} for said_by, text in source.attributions],
        },
    }


def _entity_links(source: PageSource, kinds: tuple[str, ...]) -> list[str]:
    links = []
    for kind in kinds:
        for name in source.names[kind]:
            page = source.pages.get((kind, name))
            if page:
                links.append(Markdown(f"[{escape_text(name)}]({safe_url(relative_link(source.path, page))})"))
    return links


WORDS_PER_MINUTE = 200


def article_pages(articles: list[Article]) -> dict:
    """What an article page links to besides entities, computed once over all articles (in the main
    process) and added to render_article's `page_of`: ("categories" | "tags" | "authors", name) ->
    that listing page, with the slugs listings gives those pages. No previous and next post: an
    article page links to its related articles, and the archive's month pages list every post in
    order (the owner's decision, issue 9: 0.26 KB a page, 13 MB at 50,000 posts, and a new post no
    longer changes the page of the one before it)."""
    pages: dict = {}
    for kind in ("categories", "tags", "authors"):
        for name, slug in term_slugs(articles, kind).items():
            pages[(kind, name)] = f"{kind}/{slug}.md"
    return pages


def reading_minutes(text: str) -> int:
    return max(1, round(len(text.split()) / WORDS_PER_MINUTE))


def mentioned_date(value) -> str:
    """"2023-09-14" -> "14 September 2023", "2023-09" -> "September 2023"; anything else as it is."""
    text = str(value)
    match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text)
    if match:
        year, month, day = (int(g) if g else 0 for g in match.groups())
        if 1 <= month <= 12:
            if not day:
                return f"{calendar.month_name[month]} {year}"
            try:
                return human_date(datetime(year, month, day))
            except ValueError:
                pass
    return text


def _line(value) -> str:
    return " ".join(str(value or "").split())


def date_wording(text, date: str) -> str:
    """How the article wrote a date, when that adds to the date shown: "the September summit",
    but nothing for "September 14, 2023" or "September 14" beside "14 September 2023"."""
    said = _line(text)
    return "" if set(_date_words(said)) <= set(_date_words(date)) else said


def _unique(items: list[dict]) -> list[dict]:
    return [dict(pairs) for pairs in dict.fromkeys(tuple(item.items()) for item in items)]


def _date_words(text: str) -> list[str]:
    """ "Sept. 14th, 2023" and "14 September 2023" alike: ["14", "2023", "sep"]."""
    return sorted(word[:3] if word.isalpha() else re.sub(r"(?<=\d)(?:st|nd|rd|th)$", "", word)
                  for word in re.findall(r"\w+", text.lower()))


def facts(source: PageSource) -> dict:
    """The knowledge block under the title: what the page's template prints, as plain values (the
    template escapes them) and links (relative, or safe absolute URLs)."""
    post = source.post

    def listed(kind: str, names: list[str]) -> list[dict]:
        return [{"name": _line(name), "link": relative_link(source.path, source.pages[(kind, name)])
                 if (kind, name) in source.pages else ""} for name in names]

    original = safe_url(post.link) if post.link else ""
    return {
        "date": post.date,
        "updated": post.updated if post.updated and post.date and post.updated.date() > post.date.date() else None,
        "minutes": reading_minutes(source.text),
        "original": original,
        "original_site": _line(post.site.split("://", 1)[-1]) or "WordPress",
        "authors": listed("authors", post.authors),
        "categories": listed("categories", post.categories),
        "tags": listed("tags", post.tags),
        "dates": _unique([{"date": mentioned_date(date), "text": date_wording(text, mentioned_date(date))}
                          for date, text in source.dates]),
        "links": [{"text": _line(text) or _line(domain), "domain": _line(domain), "url": safe_url(url)}
                  for url, domain, text in source.links],
        "attributions": [{"source": _line(said_by), "text": _line(text)} for said_by, text in source.attributions],
    }


def render_article(article: Article, page_of: dict | None = None, site_language: str | None = None,
                   related=()) -> str:
    """The article page: front-matter, the knowledge block (date, reading time, authors, categories,
    tags, actors, places, dates mentioned, sources), body, related articles.
    `page_of`: the page of each entity key, and what `article_pages` adds. With `site_language`
    (the site's, when it can mark a part of a page: see site_language), an article written in
    another language has its text marked with that one; `related`: the articles it links to."""
    return render_page(page_inputs(page_source(article, page_of or {}, site_language, related)))


def site_language(settings: dict) -> str | None:
    """The language mkdocs.yml gives the site, when its Markdown can mark a block with another
    (md_in_html): else None, and no article is marked (a `<div markdown>` would show as text)."""
    extensions = [next(iter(e), "") if isinstance(e, dict) else e for e in settings.get("markdown_extensions") or []]
    theme = settings.get("theme") if isinstance(settings.get("theme"), dict) else {}
    return str(theme.get("language") or "en") if "md_in_html" in extensions else None


def page_inputs(source: PageSource) -> dict:
    """What the article page's template prints, made from its PageSource alone."""
    language = source.language
    lang = language if source.site_language and language and language != source.site_language else ""
    body = link_first_mentions(source.body, dict(source.surfaces), source.pages, source.path).strip()
    lead = markdown_text(body[:600])
    summary = source.summary if source.summary and not lead.startswith(source.summary[:60]) else ""
    related = [{"title": r.title, "date": r.date, "link": relative_link(source.path, r.path)} for r in source.related]
    return {
        "front_matter": front_matter(source),
        "facts": facts(source),
        "summary": summary,
        "actors": _entity_links(source, ("person", "state", "organization")),
        "places": _entity_links(source, ("place",)),
        "post": source.post,
        "featured_file": source.featured_file,
        "body": body,
        "related": related,
        "lang": lang,
    }


def render_page(inputs: dict) -> str:
    return render("article.md.j2", **{**inputs, "front_matter": Markdown(dump_yaml(inputs["front_matter"])),
                                      "body": Markdown(inputs["body"])})
