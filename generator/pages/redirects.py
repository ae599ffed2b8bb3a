"""Old WordPress URLs keep working.

Each article's original path (from `source.url`, e.g. /2023/10/slug/) gets a small static
HTML page in docs/ that sends the reader to the article's new page; MkDocs copies it into
the site as it is. Links inside article bodies that point to other articles of the same
WordPress site are rewritten to relative links to their pages in the knowledge base.
"""
from __future__ import annotations

import functools
import html
import posixpath
import re
from urllib.parse import parse_qs, unquote, urlsplit

from ..core.models import Article
from ..core.paths import claim, is_safe_relative, relative_link
from ..core.text import MARKDOWN_URL_LINK, url_host

# Top-level names the knowledge base itself uses, in docs/ or in the built site: an old URL there
# would shadow a page, or put a folder where a generated file belongs ("/index.md/").
RESERVED = {"articles", "archive", "pages", "people", "states", "organizations", "places", "assets",
            "graph", "search", "pagefind", "categories", "tags", "timeline", "index.html", "feed.xml",
            "feed.json", "index.md", "search.md", "sitemap.xml", "sitemap.xml.gz", "404.html", "404.md",
            "robots.txt", "favicon.ico", "cname", "readme.md", "search.html", "feed", "page"}


@functools.lru_cache(maxsize=1 << 16)  # each post's link is asked for by rewrite_links and redirect_sources
def url_key(url: str) -> tuple[str, str] | None:
    """(host, path) identifying an article URL however it is written; None if not a page URL."""
    parts = urlsplit(url)
    if not parts.netloc:
        return None
    post_id = parse_qs(parts.query).get("p") or parse_qs(parts.query).get("page_id")
    if post_id:
        return (url_host(url), f"?p={post_id[0]}")
    path = unquote(parts.path)
    if not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
        path += "/"
    return (url_host(url), path)


def article_urls(articles: list[Article]) -> dict[tuple[str, str], Article]:
    """Every URL an article is known by: its permalink and its ?p=ID form."""
    found: dict[tuple[str, str], Article] = {}
    for article in sorted(articles, key=lambda a: a.path):
        post = article.post
        for url in (post.link, post.guid):
            key = url_key(url) if url else None
            if key:
                found.setdefault(key, article)
        if post.wordpress_id is not None and post.site:
            found.setdefault((url_host(post.site), f"?p={post.wordpress_id}"), article)
    return found


def rewrite_internal_links(body: str, article: Article, known: dict[tuple[str, str], Article],
                           hosts: set[str] | None = None) -> str:
    """Links to other articles of the same WordPress site become links to their pages here.
    `hosts`: the hosts of `known` (as url_key writes them); a link naming none is not parsed."""
    def replace(match: re.Match) -> str:
        url = match.group(2).replace("%28", "(").replace("%29", ")")
        if hosts is not None and not any(host in url.lower() for host in hosts):
            return match.group()
        key = url_key(url)
        target = known.get(key) if key else None
        if target is None or target is article and not urlsplit(url).fragment:
            return match.group()
        fragment = urlsplit(url).fragment
        link = relative_link(article.path, target.path) + (f"#{fragment}" if fragment else "")
        return f"[{match.group(1)}]({link})"

    return MARKDOWN_URL_LINK.sub(replace, body)


def _redirect_page(target_url: str, title: str) -> str:
    """A page that sends its reader on at once (meta refresh: browsers without JavaScript follow it,
    and search engines take it as a permanent redirect), names where (canonical link, for crawlers)
    and gives a reader whose browser stays one link to click. Only what that needs (66,660 of them
    at 50,000 posts: a byte less on each is 67 KB): HTML lets html, head and body go untagged; no
    doctype and no `lang` (they matter to how a page's text is laid out and read, and this one is
    gone before it is drawn); attribute values unquoted where HTML allows it (as the build's
    minified pages, generator/site/minify.py), the two lines kept for a person reading docs/. The
    title once, in <title> (the tab's name), the link a fixed sentence; no noindex, which search
    engines read as contradicting the canonical link. The icon an empty data: URL, so the browser
    asks for no /favicon.ico: on a project site that is the host's root, outside the site, and a 404
    (a request and an error for every redirect followed; 26 B a page, 1.7 MB at 50,000 posts)."""
    target, title = _attribute(html.escape(target_url, quote=True)), html.escape(title)
    return (f'<meta charset=utf-8><title>{title}</title><link rel=icon href=data:,><link rel=canonical href={target}>'
            f'<meta http-equiv=refresh content="0; url={html.escape(target_url, quote=True)}">\n'
            f'<a href={target}>This page has moved here</a>\n')


_UNQUOTED = re.compile(r"[^\s\"'=<>`]+")  # what HTML lets an attribute value be without quotes


def _attribute(value: str) -> str:
    """An escaped attribute value, quoted only when HTML needs it (a relative link rarely does)."""
    return value if _UNQUOTED.fullmatch(value) else f'"{value}"'


# The canonical link as `_redirect_page` writes it, or as it did before stop 26 (quoted), which
# pages in docs/ written by an earlier import still hold.
_CANONICAL = re.compile(r'<link rel="?canonical"? href=(?:"([^"]*)"|([^\s"\'=<>`]+))>')


def redirect_target(page: str, text: str) -> str:
    """The docs-relative folder a redirect page written by `_redirect_page` leads to, or ''."""
    found = _CANONICAL.search(text)
    if not found:
        return ""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), html.unescape(found.group(1) or found.group(2))))


def moved_page(page: str, folder: str, title: str) -> str:
    """The HTML file `page` (docs-relative) that sends readers on to the list of articles at `folder`
    (docs-relative, the page's address), called `title`."""
    return _redirect_page(relative_link(page, folder) + "/", title)


def redirect_page(page: str, article: Article) -> str:
    """The HTML file `page` (docs-relative) that sends readers on to the article's page."""
    return redirect_text(_redirect_source(page, article))


def _redirect_source(page: str, article: Article) -> tuple[str, str]:
    """What the redirect page at `page` to the article is made of: its target and title."""
    folder = posixpath.splitext(article.path)[0]  # the article's address: its page's folder
    return relative_link(page, folder) + "/", article.post.title


def _unusable(page: str) -> str:
    """Why an old WordPress path cannot become a redirect page here, or ''."""
    parts = page.split("/")
    if parts[0].lower() in RESERVED:
        return f"the knowledge base's own {parts[0]} is there"
    if not is_safe_relative(page) or any(p.startswith(".") or not p for p in parts):
        return "not a plain path inside the site"
    if any(p.lower().endswith(".md") for p in parts):
        return "a folder named like a Markdown page"
    if len(page.encode("utf-8")) > 1000 or any(len(p.encode("utf-8")) > 200 for p in parts):
        return "too long for a file name"
    return ""


def redirect_sources(articles: list[Article]) -> tuple[dict[str, tuple[str, str]], dict[tuple, str], list[str]]:
    """docs-relative path -> what the HTML at each article's old path is made of (redirect_text:
    its target and title, so that a caller that knows a page holds it already need not make it);
    the path of each post's redirect, by post key; and the paths left out, with why."""
    sources: dict[str, tuple[str, str]] = {}
    of_post: dict[tuple, str] = {}
    skipped = []
    for article in sorted(articles, key=lambda a: a.path):
        key = url_key(article.post.link) if article.post.link else None
        if not key or key[1].startswith("?") or key[1] == "/":
            continue
        old = key[1].strip("/")
        page = old if old.endswith((".html", ".htm")) else f"{old}/index.html"
        why = _unusable(page)
        if why:
            skipped.append(f"{key[1]}: {why}; no redirect written")
            continue
        if claim(page, sources) is None:  # the articles claim in path order (core/paths.py claim)
            skipped.append(f"{key[1]}: two articles share this old path; the first keeps it")
            continue
        sources[page] = _redirect_source(page, article)
        of_post[article.post.key] = page
    return sources, of_post, skipped


def redirect_text(source: tuple[str, str]) -> str:
    """The HTML of a redirect page from its source (redirect_sources, pagination_sources)."""
    return _redirect_page(*source)


def term_redirect_files(articles: list[Article], slugs: dict[str, dict[str, str]], taken: set[str]) -> tuple[dict[str, str], list[str]]:
    """Redirect pages at the addresses WordPress gave categories and tags (/category/news/,
    /tag/seoul/) to their pages here; `slugs` is each kind's term -> page slug, `taken` the paths
    already written. Returns the files and what was skipped, with why."""
    wanted: dict[str, tuple[str, str]] = {}  # old page -> (new folder, term)
    for article in sorted(articles, key=lambda a: a.path):
        for kind, paths in sorted(article.post.term_paths.items()):
            for name, old in sorted(paths.items()):
                if name in slugs.get(kind, {}):
                    wanted.setdefault(f"{unquote(old).strip('/')}/index.html", (f"{kind}/{slugs[kind][name]}/", name))
    files, skipped = {}, []
    for page, (target, name) in sorted(wanted.items()):
        why = "another page is there" if claim(page, taken) is None else _unusable(page)
        if why:
            skipped.append(f"/{page.removesuffix('index.html')}: {why}; no redirect written")
            continue
        here = posixpath.dirname(page)
        files[page] = _redirect_page(posixpath.relpath(target, here) + "/", name)
    return files, skipped


POSTS_PER_PAGE = 10  # WordPress's default for its home page's /page/N/ addresses


def pagination_sources(posts: int) -> dict[str, tuple[str, str]]:
    """/page/2/ ... /page/N/ of the WordPress home page lead to the archive by month (redirect_text)."""
    return {f"page/{number}/index.html": ("../../archive/", "Archive")
            for number in range(2, -(-posts // POSTS_PER_PAGE) + 1)}
