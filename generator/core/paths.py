"""Where each page lives under docs/: stable, safe, collision-free paths."""
from __future__ import annotations

import itertools
import posixpath
import re
from collections import defaultdict
from collections.abc import Container, Iterable, Iterator

from slugify import slugify

from .models import Article, Post

# Beside the pages in docs/: the last version the importer wrote of each (see write/__init__.py).
STORE_DIR = ".generated"

# Names that would clash with section index pages or with Windows device names.
_RESERVED = {"index", "readme", "con", "prn", "aux", "nul", "tags", "search"} | {
    f"{device}{n}" for device in ("com", "lpt") for n in range(1, 10)
}
_MAX_SLUG = 80


def safe_slug(text: str, fallback: str) -> str:
    """A lowercase ASCII slug with no path separators or reserved names."""
    slug = slugify(text or "", max_length=_MAX_SLUG, word_boundary=True, save_order=True)
    slug = slug or slugify(fallback)
    if slug in _RESERVED:
        slug = f"{slug}-{slugify(fallback)}"
    return slug


def _base_path(post: Post) -> str:
    slug = safe_slug(post.slug or post.title, f"post-{post.wordpress_id or 'untitled'}")
    if post.type == "page":
        return f"pages/{slug}"
    if post.date is None:
        return f"articles/undated/{slug}"
    return f"articles/{post.date:%Y}/{post.date:%m}/{slug}"


# -- who gets a contested path: the import's one collision rule ---------------------------------
def claim(wanted: str, taken: Container[str], alternatives: Iterable[str] = ()) -> str | None:
    """The collision rule of an import, the one place it is decided: a path (or slug) belongs to
    whoever claims it first; a later claimant gets the first of its `alternatives` nobody has
    claimed, or, with none left, nothing (None). `taken`: what was claimed before.

    Who claims first is the order the import plans in (importer.py, stage after stage):
      1. article pages: the page an earlier import gave a post, while its slug and date still lead
         there; then the others by path, and posts wanting one path by site, WordPress id, title
         (assign_paths; the alternatives: `<slug>-<WordPress id>`, then `<slug>-3`, `-4`...);
      2. entity pages: the registry's pages as found, then new entities as they are added
         (`<slug>-2.md`, `-3`...: store/registry.py);
      3. category, tag and author slugs, A-Z without case (`<slug>-2`, `-2-2`...: term_slugs);
      4. the files each stage plans, in the order planned (write/plan.py): a file no stage may
         share has no alternative, so a second claim is refused there (SecondWrite, a bug);
      5. redirects at old WordPress addresses, optional files: the articles' in path order, then
         the moved posts' old addresses, then the categories', tags' and authors' addresses; one
         whose address is claimed already is not written, and the import says why.
    A claim never moves a path an earlier run gave out: an existing article keeps its URL."""
    if wanted not in taken:
        return wanted
    for candidate in alternatives:
        if candidate not in taken:
            return candidate
    return None


def assign_paths(posts: list[Post], previous: dict[tuple, str] | None = None) -> dict[tuple, str]:
    """Page path (relative to docs/) for each post key; clashes settled by `claim`, in key order.

    A post keeps the page an earlier import gave it (`previous`, by post key) while its slug and
    date still lead there: a post that arrives later never takes over an existing address.
    """
    previous = previous or {}
    wanted: dict[str, list[Post]] = defaultdict(list)
    for post in posts:
        wanted[_base_path(post)].append(post)
    paths: dict[tuple, str] = {}
    for base, group in wanted.items():
        for post in group:
            page = previous.get(post.key, "")
            if page == f"{base}.md" or _numbered(page, base):
                paths[post.key] = page
    claimed = {page[:-3] for page in paths.values()}
    for base, group in sorted(wanted.items()):
        group.sort(key=lambda p: (p.site, p.wordpress_id or 0, p.title))
        for post in (p for p in group if p.key not in paths):
            # A numbered path never takes another post's own slug, which that post may claim later.
            others = (candidate for candidate in _numbered_paths(base, post.wordpress_id) if candidate not in wanted)
            candidate = claim(base, claimed, others)
            claimed.add(candidate)
            paths[post.key] = f"{candidate}.md"
    return paths


def _numbered_paths(base: str, wordpress_id: int | None) -> Iterator[str]:
    """The alternatives of a post's contested path: `<base>-<WordPress id>` (or `-2`), then `-3`, `-4`..."""
    yield f"{base}-{wordpress_id}" if wordpress_id else f"{base}-2"
    yield from (f"{base}-{number}" for number in itertools.count(3))


def _numbered(page: str, base: str) -> bool:
    """Whether `page` is `base` with a number: "{base}-2.md" (a pattern compiled for each of
    10,000 posts cost more than the rest of assign_paths)."""
    number = page[len(base) + 1:-3]
    return page.startswith(f"{base}-") and page.endswith(".md") and len(page) > len(base) + 4 \
        and number.isascii() and number.isdigit()


def relative_link(from_page: str, to_page: str) -> str:
    """A Markdown link target from one docs/ page to another (works on GitHub and in MkDocs):
    posixpath.relpath's answer, worked out directly for plain docs/ paths (a site links pages
    about a million times at 10,000 articles, and relpath makes both paths absolute first)."""
    folder, slash, _ = from_page.rpartition("/")
    # An empty, "." or ".." part in the page's folder or in the target: relpath's to work out.
    checked = f"/{folder}/{to_page}/" if slash else f"/{to_page}/"
    if "//" in checked or "/./" in checked or "/../" in checked:
        return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    if not slash:
        return to_page
    base, target = folder.split("/"), to_page.split("/")
    if base[0] != target[0]:  # most links: from a listing or an entity page to an article
        return "../" * len(base) + to_page
    common = 1
    while common < len(base) and common < len(target) and base[common] == target[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + target[common:]) or "."


def is_safe_relative(path: str) -> bool:
    return not (path.startswith("/") or ".." in path.split("/") or re.search(r"[\\\x00]", path))


def members(articles: list[Article], field: str) -> dict[str, list[Article]]:
    found: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        if article.post.type == "post":
            for term in getattr(article.post, field):
                found[term].append(article)
    return found


def term_slugs(articles: list[Article], kind: str, holding: dict | None = None) -> dict[str, str]:
    """The page slug of each category or tag ("categories" or "tags"), A–Z; clashes settled by
    `claim` (`<slug>-2`, `-2-2`...). `holding`: members(articles, kind), when the caller has it."""
    slugs, taken = {}, set()
    for term in sorted(members(articles, kind) if holding is None else holding, key=str.lower):
        slug = safe_slug(term, "term")
        slug = claim(slug, taken, (slug + "-2" * times for times in itertools.count(1)))
        taken.add(slug)
        slugs[term] = slug
    return slugs
