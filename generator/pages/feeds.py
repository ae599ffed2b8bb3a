"""RSS and JSON Feed of the latest articles, dated from their front-matter (the post's own
publication date, never git's or the build's), written as static files in docs/. Each item
carries the article itself as HTML (JSON Feed's content_html, RSS's content:encoded), rendered
from its Markdown with mkdocs.yml's Markdown extensions and its links made absolute, newest first
while they fit in CONTENT_BUDGET together; the older items carry their summary and link."""
from __future__ import annotations

import heapq
import json
import posixpath
import re
from urllib.parse import urljoin

import markdown
from feedgen.feed import FeedGenerator

from ..core.models import Article
from ..core.safe import page_title

LATEST = 50
# Bytes of article HTML the feeds carry in full. Readers poll a feed every few minutes, and its
# copy at WordPress's /feed/ address is an .html page, which stays within 200 KB (issue 9): 50
# long articles would make it megabytes. RSS escapes the HTML (about a third more), and each item
# adds its title, summary and links.
CONTENT_BUDGET = 100_000
# mkdocs.yml's markdown_extensions, for a project without a mkdocs.yml
EXTENSIONS = ["toc", "tables", "footnotes", "def_list", "attr_list", "md_in_html", "pymdownx.highlight", "pymdownx.superfences"]
PLACEHOLDER_HOSTS = ("example.github.io", "example.com")
_LINK = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def placeholder_site_url(settings: dict) -> bool:
    """mkdocs.yml's site_url is still the template's placeholder: feeds and links would point there."""
    return any(host in str(settings.get("site_url") or "") for host in PLACEHOLDER_HOSTS)


class HtmlRenderer:
    """An article's Markdown as HTML for feed readers: the extensions the site uses (headings
    without their permalink marks), every link absolute (pages by their address on the site)."""

    def __init__(self, settings: dict, site_url: str):
        self.site_url = site_url.rstrip("/") + "/"
        names, configs = [], {}
        for entry in settings.get("markdown_extensions") or EXTENSIONS:
            if isinstance(entry, str):
                names.append(entry)
            elif isinstance(entry, dict):
                for name, options in entry.items():
                    names.append(str(name))
                    configs[str(name)] = dict(options) if isinstance(options, dict) else {}
        if "toc" in names:
            configs["toc"] = {**configs.get("toc", {}), "permalink": False}
        try:
            self.markdown = markdown.Markdown(extensions=names, extension_configs=configs)
        except Exception:  # noqa: BLE001 - an extension this Python lacks: render with the basics
            self.markdown = markdown.Markdown(extensions=[n for n in EXTENSIONS if n != "pymdownx.highlight"])

    def __call__(self, article: Article, body: str | None = None) -> str:
        """`body`: the article's Markdown as its page shows it, when not its body as converted."""
        html = self.markdown.reset().convert(article.body if body is None else body)
        page = _url(self.site_url, article)
        return _LINK.sub(lambda m: m.group(1) + self._absolute(m.group(2), article.path, page) + m.group(3), html)

    def _absolute(self, target: str, page_path: str, page_url: str) -> str:
        if not target or target.startswith(("#", "//")) or _SCHEME.match(target):
            return target
        path, hash_, fragment = target.partition("#")
        if path.startswith("/"):
            return urljoin(self.site_url, target)
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), path))
        if resolved.startswith(".."):
            return urljoin(page_url, target)
        if resolved.endswith(".md"):  # a page: its address on the site, as MkDocs gives it
            resolved = resolved[:-3]
            resolved = resolved[:-len("index")] if resolved == "index" or resolved.endswith("/index") else resolved + "/"
        return self.site_url + resolved + hash_ + fragment


def _url(site_url: str, article: Article) -> str:
    return site_url.rstrip("/") + "/" + posixpath.splitext(article.path)[0] + "/"


def latest(articles: list[Article]) -> list[Article]:
    """The posts the feeds carry, newest first."""
    dated = [a for a in articles if a.post.type == "post" and a.post.date]
    # sorted(..., reverse=True)[:LATEST], without sorting 10,000 articles (three times an import)
    return heapq.nlargest(LATEST, dated, key=lambda a: (a.post.date.timestamp(), a.path))


def carried(newest: list[Article], as_html: HtmlRenderer, bodies: dict[str, str] | None = None) -> list[str | None]:
    """Each article's HTML, newest first, while together they fit in CONTENT_BUDGET; None for the
    first that does not and every older one (a feed reader shows the newest in full, in order).
    `bodies`: article page -> its Markdown as the page shows it (else its body)."""
    left, contents = CONTENT_BUDGET, []
    bodies = bodies or {}
    for article in newest:
        html = as_html(article, bodies.get(article.path)) if left > 0 else None
        size = len(html.encode("utf-8")) if html is not None else 0
        if html is None or size > left:
            html, left = None, 0
        else:
            left -= size
        contents.append(html)
    return contents


def _items(articles: list[Article], site_url: str, settings: dict | None,
           bodies: dict[str, str] | None = None) -> list[tuple[Article, str | None]]:
    """The feeds' articles, newest first, each with the HTML it carries (see carried)."""
    newest = latest(articles)
    return list(zip(newest, carried(newest, HtmlRenderer(settings or {}, site_url), bodies)))


def rss(articles: list[Article], site_url: str, title: str, description: str, settings: dict | None = None,
        items: list[tuple[Article, str | None]] | None = None) -> str:
    """`items`: _items(articles, ...), when the caller has them (feed_files: both feeds carry the same)."""
    items = _items(articles, site_url, settings) if items is None else items
    newest = [article for article, _ in items]
    feed = FeedGenerator()
    feed.load_extension("dc")
    feed.title(title)
    feed.link(href=site_url.rstrip("/") + "/feed.xml", rel="self")
    feed.link(href=site_url, rel="alternate")  # feedgen makes the last link the channel's <link>
    feed.description(description or title)
    feed.language("en")
    if newest:
        feed.lastBuildDate(max(a.post.updated or a.post.date for a in newest))  # stable: no "now"
    for article, content in reversed(items):  # feedgen puts the last added first
        post, url = article.post, _url(site_url, article)
        entry = feed.add_entry()
        # Feed readers render an RSS title and description as HTML: '<', '>' and an '&' that would
        # start an entity are escaped for them (as in page titles), so text stays text.
        entry.title(page_title(post.title or "(untitled)"))
        entry.link(href=url)
        entry.guid(url, permalink=True)
        entry.pubDate(post.date)
        entry.description(page_title(article.summary or post.title or "(untitled)"))
        if content is not None:
            entry.content(content)  # content:encoded, HTML as escaped text
        for name in post.authors:  # RSS's <author> wants an e-mail; names go in Dublin Core's creator
            entry.dc.dc_creator(name)
        for category in post.categories:
            entry.category(term=category)
    return feed.rss_str(pretty=True).decode("utf-8")


def json_feed(articles: list[Article], site_url: str, title: str, description: str,
              settings: dict | None = None, items: list[tuple[Article, str | None]] | None = None) -> str:
    """`items`: as rss's."""
    base = site_url.rstrip("/") + "/"
    feed_items = []
    for article, content in _items(articles, site_url, settings) if items is None else items:
        post, url = article.post, _url(site_url, article)
        # JSON Feed wants content_html or content_text in every item
        body = {"content_html": content} if content is not None else {
            "content_text": article.summary or post.title or "(untitled)"}
        item = {"id": url, "url": url, "title": post.title or "(untitled)", "summary": article.summary,
                **body, "date_published": post.date.isoformat()}
        if post.updated:
            item["date_modified"] = post.updated.isoformat()
        if post.authors:
            item["authors"] = [{"name": name} for name in post.authors]
        if post.categories or post.tags:
            item["tags"] = post.categories + post.tags
        if post.link:
            item["external_url"] = post.link
        feed_items.append(item)
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": title, "description": description or title,
            "home_page_url": base, "feed_url": base + "feed.json", "language": "en", "items": feed_items}
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"


def feed_files(articles: list[Article], settings: dict, bodies: dict[str, str] | None = None) -> dict[str, str]:
    """feed.xml and feed.json, or nothing when mkdocs.yml has no site_url to make links absolute.
    `bodies`: article page -> its Markdown as the page shows it (entities linked), for those that
    differ from their body: the articles themselves are not changed."""
    site_url = settings.get("site_url")
    if not site_url or not latest(articles):
        return {}
    title, description = str(settings.get("site_name") or "Knowledge base"), str(settings.get("site_description") or "")
    items = _items(articles, site_url, settings, bodies)  # each article's HTML made once, for both feeds
    return {"feed.xml": rss(articles, site_url, title, description, settings, items),
            "feed.json": json_feed(articles, site_url, title, description, settings, items)}
