"""Pages whose post has gone: unpublished, withdrawn from the site, or moved to a new path.

The importer remembers which page and which redirect file it wrote for each post, in
`docs/.generated/posts.json`. When a later import reads the same post again and finds it no
longer published, or published under another slug or date, the page it wrote before is
retired: removed when nobody edited it, kept (and named in a note) when somebody did. A post
that moved leaves redirect pages at its old addresses, so links to them keep working. A post
the input does not mention at all is left alone, so importing one file into an existing
knowledge base never removes the others.
"""
from __future__ import annotations

import functools
import json
import posixpath

from ..convert import escape_text
from ..core.frontmatter import FrontMatterError, read_front_matter
from ..core.models import Article, Post
from ..core.paths import claim
from ..core.safe import title_text
from ..write import BEGIN, END, STORE_DIR, GeneratedPage, splice
from ..write.plan import FORGET, KEEP, REDIRECT, RETIRE, Entry, section, write
from ..write.view import DocsView
from .redirects import redirect_page
from .render import head

INDEX = f"{STORE_DIR}/posts.json"
HIDDEN = "its page was deleted by hand"


@functools.lru_cache(maxsize=1 << 16)  # each post's is asked for three times a run (json.dumps: 10,000 posts)
def _name(key: tuple) -> str:
    return _ENCODE(list(key))


# json.dumps(..., ensure_ascii=False), with one encoder: json.dumps makes one a call when given
# any argument (10,000 posts' names, every import).
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def read_index(docs: DocsView) -> dict[str, dict]:
    """docs/.generated/posts.json: what the last import wrote for each post (read once, when the
    import gathers what docs/ holds)."""
    try:
        data = json.loads(docs.read(INDEX) or "")
    except ValueError:
        return {}  # no index yet (first run, or an older version wrote docs/): nothing to retire
    return data if isinstance(data, dict) else {}


def previous_pages(index: dict[str, dict], posts: list[Post]) -> dict[tuple, str]:
    """The page the last import wrote for each of these posts, by post key (`index`: read_index)."""
    found = {post.key: (index.get(_name(post.key)) or {}).get("page") for post in posts}
    return {key: page for key, page in found.items() if isinstance(page, str)}


def recorded_pages(index: dict[str, dict], posts: list[Post]) -> set[str]:
    """The pages earlier imports wrote for these posts (before any move)."""
    return {page for post in posts for entry in [index.get(_name(post.key)) or {}]
            for page in (entry.get("page"), *(entry.get("moved_from") or [])) if isinstance(page, str)}


def deleted_by_hand(docs: DocsView, paths: list[str]) -> set[str]:
    """Article pages the importer wrote (its copy is in docs/.generated) that a person deleted:
    they stay deleted, as entity stubs do."""
    return {path for path in paths if path not in docs.found and f"{STORE_DIR}/{path}" in docs.found}


class _Retiring:
    """The entries planned so far by plan_retirements, and the docs/ they are planned for: a page
    retired earlier in the plan is gone for what comes after, as it will be once applied."""

    def __init__(self, docs: DocsView):
        self.docs = docs
        self.entries: list[Entry] = []
        self.action_of: dict[str, str] = {}

    def add(self, entry: Entry, path: str | None = None) -> None:
        self.entries.append(entry)
        self.action_of[path or entry.path] = entry.action

    def exists(self, path: str) -> bool:
        return self.action_of.get(path) not in (RETIRE, FORGET) and self.docs.exists(path)


def plan_retirements(docs: DocsView, index: dict[str, dict], taken, articles: list[Article], gone: list[tuple[Post, str]],
                     redirects: dict[tuple, str], hidden: list[Post] = ()) -> tuple[list[Entry], dict[str, dict]]:
    """Retire what earlier imports wrote (`index`: read_index) for posts that are `gone` (with why);
    leave redirects behind posts that moved; drop the redirects of `hidden` posts (their page was
    deleted by hand); then record what this import wrote. Returns the entries, and that record:
    post -> its page. `taken`: the paths planned so far (Plan.paths); none of them is retired."""
    written = set(taken)
    plan = _Retiring(docs)
    by_name = {_name(a.post.key): a for a in articles}
    current = {name: {"page": a.path, "redirect": redirects.get(a.post.key)} for name, a in by_name.items()}
    reasons = {_name(post.key): why for post, why in gone}
    reasons |= {_name(post.key): HIDDEN for post in hidden}
    for name, before in sorted(index.items()):
        now, moved = current.get(name), list(before.get("moved_from") or [])
        if name in reasons:
            # A hidden post keeps its record (so its page can come back) but loses its redirects.
            own = [] if reasons[name] == HIDDEN else [before.get("page")]
            for path in (*own, before.get("redirect"), *moved):
                if path and path not in written:
                    _remove_unless_edited(plan, path, reasons[name])
            if reasons[name] == HIDDEN:
                current[name] = before
        elif now is None:
            current[name] = before  # not in this input: left as it is
        else:
            if now["page"] != before.get("page"):
                moved += _leave(plan, before, now, written)
            if kept := _redirect_moved(plan, moved, by_name[name], written):
                now["moved_from"] = kept
    plan.add(write(INDEX, json.dumps(dict(sorted(current.items())), indent=1, ensure_ascii=False) + "\n"))
    return plan.entries, current


def id_addresses(docs: DocsView, index: dict[str, dict]) -> str:
    """JSON: each WordPress id -> the folder of its page here, for old `/?p=ID` addresses
    (assets/javascripts/old-addresses.js reads it). Of two sites' posts with one id, the first.
    Asked once the retirements are written: a retired page has no address."""
    ids: dict[str, str] = {}
    for name, entry in sorted(index.items()):
        key, page = json.loads(name), entry.get("page")
        if isinstance(key[2], int) and key[2] > 0 and page and docs.exists(page):
            ids.setdefault(str(key[2]), posixpath.splitext(page)[0] + "/")
    return json.dumps(ids, separators=(",", ":"), sort_keys=True) + "\n"


def _leave(plan: _Retiring, before: dict, now: dict, written: set[str]) -> list[str]:
    """The post's page moved: retire the old page; returns the old addresses to redirect from
    (the old page's, and the old WordPress path's when that changed too)."""
    old = []
    page = before.get("page")
    if page and page not in written and _remove_unless_edited(plan, page, f"its post moved to {now['page']}"):
        old.append(posixpath.splitext(page)[0] + "/index.html")
    if before.get("redirect") and before["redirect"] != now["redirect"]:
        old.append(before["redirect"])
    return old


def _redirect_moved(plan: _Retiring, moved: list[str], article: Article, written: set[str]) -> list[str]:
    """Redirect pages at a moved post's old addresses, unless a page lives there now."""
    kept = []
    for path in sorted(set(moved)):
        if claim(path, written) is None:
            continue  # another post's redirect took the address first (core/paths.py claim)
        if plan.exists(posixpath.dirname(path) + ".md"):
            _remove_unless_edited(plan, path, "a page lives at this address now")
            continue
        plan.add(Entry(path, REDIRECT, redirect_page(path, article)))
        kept.append(path)
    return kept


def _remove_unless_edited(plan: _Retiring, path: str, why: str) -> bool:
    """Plan the removal of a page the importer wrote; False when a person edited it (it stays).
    A path planned already keeps its first answer."""
    if path in plan.action_of:
        return plan.action_of[path] != KEEP
    docs = plan.docs
    if not docs.exists(path):
        if docs.exists(f"{STORE_DIR}/{path}"):
            plan.add(Entry(f"{STORE_DIR}/{path}", FORGET), path)
        else:
            plan.action_of[path] = FORGET
        return True
    if path.endswith(".md") and docs.is_edited(path):
        plan.add(Entry(path, KEEP, detail=f"{why}, but the page was edited by hand, so it stays; "
                                          "delete it if it is no longer wanted"))
        return False
    plan.add(Entry(path, RETIRE, detail=why))
    return True


def retire_listings(docs: DocsView, taken, folders: tuple[str, ...] = ("categories", "tags", "archive"),
                    kept: set[tuple[str, str]] = frozenset()) -> list[Entry]:
    """The plan for category, tag and month pages that no article belongs to any more (`taken`: the
    paths planned so far, Plan.paths): removed when they are as the importer wrote them; otherwise
    the person's text stays and the list is emptied. Those in `kept` ((folder, title): named by
    articles outside this import) stay as they are."""
    entries = []
    for folder, page, text, meta in _leftover_listings(docs, folders, taken):
        title = title_text(str(meta.get("title") or ""))
        if (folder, title) in kept:
            continue
        empty = GeneratedPage(page, head(title, f"# {escape_text(title)}\n\n"), "No article here any more.")
        if BEGIN in text and END in text and splice(None, empty) == splice(text, empty):
            entries.append(Entry(page, RETIRE, detail="no article belongs here any more"))
        else:
            entries.append(section(empty))
    return entries


LISTINGS = ("categories", "tags", "archive", "authors")  # the folders of listing pages retire_listings looks at


def listing_pages(docs: DocsView) -> list[str]:
    """The listing pages found (not their index pages), whose texts the gathering reads."""
    return [file for folder in LISTINGS for file in docs.files_under(folder)
            if file.endswith(".md") and file.count("/") == 1 and not file.endswith("/index.md")]


def _leftover_listings(docs: DocsView, folders: tuple[str, ...], taken):
    """(folder, page, text, front-matter) of the listing pages in `folders` not planned (`taken`),
    as the gathering read them; a page whose front-matter is broken is skipped (`check` reports it,
    and nothing should remove or rewrite it)."""
    for folder in folders:
        for page in docs.files_under(folder):
            if not page.endswith(".md") or page.count("/") != 1 or page.endswith("/index.md") or page in taken:
                continue
            text = docs.text(page)
            try:
                meta = read_front_matter(text)[0] if text is not None else None
            except FrontMatterError:
                continue
            if meta is not None:
                yield folder, page, text, meta
