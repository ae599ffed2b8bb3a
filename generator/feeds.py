"""RSS and JSON Feed of the latest articles, dated from their front-matter (the post's own
publication date, never git's or the build's), written as static files in docs/."""
from __future__ import annotations

import json
import posixpath

from feedgen.feed import FeedGenerator

from .models import Article
from .safe import page_title

LATEST = 50


def _url(site_url: str, article: Article) -> str:
    return site_url.rstrip("/") + "/" + posixpath.splitext(article.path)[0] + "/"


def _latest(articles: list[Article]) -> list[Article]:
    dated = [a for a in articles if a.post.type == "post" and a.post.date]
    return sorted(dated, key=lambda a: (a.post.date.timestamp(), a.path), reverse=True)[:LATEST]


def rss(articles: list[Article], site_url: str, title: str, description: str) -> str:
    latest = _latest(articles)
    feed = FeedGenerator()
    feed.load_extension("dc")
    feed.title(title)
    feed.link(href=site_url.rstrip("/") + "/feed.xml", rel="self")
    feed.link(href=site_url, rel="alternate")  # feedgen makes the last link the channel's <link>
    feed.description(description or title)
    feed.language("en")
    if latest:
        feed.lastBuildDate(max(a.post.updated or a.post.date for a in latest))  # stable: no "now"
    for article in reversed(latest):  # feedgen puts the last added first
        post, url = article.post, _url(site_url, article)
        entry = feed.add_entry()
        # Feed readers render an RSS title and description as HTML: '<', '>' and an '&' that would
        # start an entity are escaped for them (as in page titles), so text stays text.
        entry.title(page_title(post.title or "(untitled)"))
        entry.link(href=url)
        entry.guid(url, permalink=True)
        entry.pubDate(post.date)
        entry.description(page_title(article.summary or post.title or "(untitled)"))
        for name in post.authors:  # RSS's <author> wants an e-mail; names go in Dublin Core's creator
            entry.dc.dc_creator(name)
        for category in post.categories:
            entry.category(term=category)
    return feed.rss_str(pretty=True).decode("utf-8")


def json_feed(articles: list[Article], site_url: str, title: str, description: str) -> str:
    base = site_url.rstrip("/") + "/"
    items = []
    for article in _latest(articles):
        post, url = article.post, _url(site_url, article)
        item = {"id": url, "url": url, "title": post.title or "(untitled)", "summary": article.summary,
                "date_published": post.date.isoformat()}
        if post.updated:
            item["date_modified"] = post.updated.isoformat()
        if post.authors:
            item["authors"] = [{"name": name} for name in post.authors]
        if post.categories or post.tags:
            item["tags"] = post.categories + post.tags
        if post.link:
            item["external_url"] = post.link
        items.append(item)
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": title, "description": description or title,
            "home_page_url": base, "feed_url": base + "feed.json", "language": "en", "items": items}
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"


def feed_files(articles: list[Article], settings: dict) -> dict[str, str]:
    """feed.xml and feed.json, or nothing when mkdocs.yml has no site_url to make links absolute."""
    site_url = settings.get("site_url")
    if not site_url or not _latest(articles):
        return {}
    title, description = str(settings.get("site_name") or "Knowledge base"), str(settings.get("site_description") or "")
    return {"feed.xml": rss(articles, site_url, title, description),
            "feed.json": json_feed(articles, site_url, title, description)}
