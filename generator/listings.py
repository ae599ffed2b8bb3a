"""Listing pages: the home page, the archive by year and month, the index of pages.

These pages are partly the contributor's: the generated list sits between markers and
only that part is rewritten; anything written above or below the markers stays.
"""
from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from .models import Article
from .paths import relative_link
from .write import TEMPLATES, dump_yaml

BEGIN = "<!-- BEGIN GENERATED: the importer rewrites this part; edit above or below it -->"
END = "<!-- END GENERATED -->"
LATEST = 20


@dataclass
class Listed:
    title: str
    link: str
    date: datetime | None
    summary: str


@dataclass
class GeneratedPage:
    path: str
    head: str  # front-matter and intro used only when the page does not exist yet
    generated: str


def _listed(articles: list[Article], from_page: str) -> list[Listed]:
    return [
        Listed(a.post.title, relative_link(from_page, a.path), a.post.date, a.summary)
        for a in articles
    ]


def newest_first(articles: list[Article]) -> list[Article]:
    return sorted(articles, key=lambda a: (a.post.date.timestamp() if a.post.date else 0, a.path), reverse=True)


def _head(title: str, intro: str = "", **meta) -> str:
    return f"---\n{dump_yaml({'title': title, **meta})}---\n\n{intro}"


def home_page(articles: list[Article], site_name: str) -> GeneratedPage:
    posts = newest_first([a for a in articles if a.post.type == "post"])
    body = TEMPLATES.get_template("home.md.j2").render(
        latest=posts[:LATEST], items=_listed(posts[:LATEST], "index.md"), total=len(posts),
        archive_link="archive/index.md",
    )
    intro = (f"# {site_name}\n\nA knowledge base made from a WordPress news archive: "
             "every article with its people, states, organisations, places and dates.\n\n")
    return GeneratedPage("index.md", _head(site_name, intro), body)


def archive_pages(articles: list[Article]) -> list[GeneratedPage]:
    by_month: dict[tuple[int, int], list[Article]] = defaultdict(list)
    for article in articles:
        if article.post.type == "post" and article.post.date:
            by_month[(article.post.date.year, article.post.date.month)].append(article)
    pages = []
    years: dict[int, list[dict]] = defaultdict(list)
    for (year, month), items in sorted(by_month.items(), reverse=True):
        label = f"{calendar.month_name[month]} {year}"
        path = f"archive/{year}-{month:02d}.md"
        years[year].append({"label": label, "link": f"{year}-{month:02d}.md", "count": len(items)})
        listing = TEMPLATES.get_template("listing.md.j2").render(items=_listed(newest_first(items), path))
        pages.append(GeneratedPage(path, _head(label, f"# {label}\n\n"), listing))
    index = TEMPLATES.get_template("archive.md.j2").render(
        years=[{"year": y, "months": m} for y, m in sorted(years.items(), reverse=True)]
    ) or "No dated articles yet.\n"
    pages.append(GeneratedPage("archive/index.md", _head("Archive", "# Archive\n\nEvery article, by month of publication.\n\n"), index))
    return pages


def pages_index(articles: list[Article]) -> GeneratedPage:
    pages = sorted((a for a in articles if a.post.type == "page"), key=lambda a: a.post.title.lower())
    body = TEMPLATES.get_template("listing.md.j2").render(items=_listed(pages, "pages/index.md"))
    return GeneratedPage("pages/index.md", _head("Pages", "# Pages\n\nThe site's standing pages.\n\n"),
                         body or "No pages.\n")


def splice(existing: str | None, page: GeneratedPage) -> str | None:
    """The page with its generated part replaced, every other byte kept.

    A page a person wrote without markers gets the generated part appended at its end;
    None when the markers are broken (one without the other, or out of order).
    """
    generated = f"{BEGIN}\n\n{page.generated.strip()}\n\n{END}"
    if existing is None:
        return f"{page.head}{generated}\n"
    start, end = existing.find(BEGIN), existing.find(END)
    if start < 0 and end < 0:
        return existing + ("" if existing.endswith("\n") else "\n") + f"\n{generated}\n"
    if start < 0 or end < start:
        return None
    return existing[:start] + generated + existing[end + len(END):]
