"""The import command as a library function: sources -> clean -> convert -> extract -> plan -> write.

Gather everything first, then write (as MkDocs builds): paths, listings and, later,
cross-links need the whole set of articles before one page is written. What docs/ holds of
earlier runs is read once, before any stage plans: every file listed, posts.json and
term-addresses.json at the start (the paths need them), the rest once the posts are converted
(gather_docs): the entity pages, the listing pages, pages edited or deleted by hand, the stamps
of the files the last import recorded. After that no stage looks at docs/: each asks the
view of it the gathering left (write/view.py: docs/ as found, and after the entries planned so
far). Each stage of pages/ returns entries of the run's one Plan (write/plan.py: for each path,
write, merge, keep, retire, redirect or remove; who gets a contested path is one rule,
core/paths.py `claim`; a path planned twice is refused) and PageWriter.apply carries them out in
the order planned: article pages one at a time as the worker processes render them, entity pages
an entity at a time as they are planned (at 50,000 posts their texts are too much to hold at
once), every other stage's entries a stage at a time. Only the writer opens files of docs/ then.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import timedelta, timezone
from functools import partial
from pathlib import Path

from .articles import convert_post, make_article
from .consolidate import consolidate_site
from .convert import escape_text
from .core.models import Article, Conversion, Post, Rejected, SourceBatch
from .core.parallel import clean_workers, default_jobs, few_collections, same, start_clean_server
from .core.paths import assign_paths, term_slugs
from .core.text import plain_text
from .extract import Document, Extraction, Extractor, new_entities
from .extract.language import copy_model_for_workers, keep_model_in, kept_folder
from .link import apply_hand_edits, build_graph, earlier_entities, entities_record, entity_changes, link_first_mentions
from .pages.article_page import article_pages, page_inputs, page_key, page_source, render_page, site_language
from .pages.entity_pages import EntityPlan, edited_stubs, entity_cache_record, mentioned_elsewhere, plan_entity_pages
from .pages.feeds import feed_files, latest
from .pages.graph import graph_files, graph_record, unchanged_files
from .pages.listings import (
    archive_pages,
    author_pages,
    home_page,
    pages_index,
    prune_year_pages,
    term_pages,
)
from .pages.media import MediaResult, gather_index, localize_media
from .pages.redirects import (
    article_urls,
    pagination_sources,
    redirect_sources,
    redirect_target,
    redirect_text,
    rewrite_internal_links,
    term_redirect_files,
)
from .pages.retire import (
    deleted_by_hand,
    id_addresses,
    listing_pages,
    plan_retirements,
    previous_pages,
    read_index,
    recorded_pages,
    retire_listings,
)
from .sources.kept import InputFile, read_kept
from .sources.posts import INTERNAL_TYPES, to_post
from .store.cache import Cache, cached_each, cached_iter, code_version, fingerprint, open_cache, stable
from .store.cache import cache_folder as folder_of
from .store.registry import Registry, deleted_discoveries, load_registry, read_entity_pages, site_registry
from .write import AS_GIVEN, STORE_DIR, PageWriter, content_digest, docs_files, exclusive, pruned, recover
from .write.plan import REDIRECT, REMOVE, UNTOUCHED, Entry, section, write, writes
from .write.view import DocsView

PUBLISHED = {"publish"}
REPLACED = "\0(replaced by the article's body)"  # a conversion's Markdown once the body is rewritten
WITHDRAWN = "withdrawn"  # fetched once, but the site's list of ids no longer has it


@dataclass
class ImportResult:
    batch: SourceBatch
    articles: list[Article] = field(default_factory=list)
    not_published: list[Post] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (dropped origin, kept origin)
    internal: Counter = field(default_factory=Counter)
    writer: PageWriter | None = None
    registry: Registry | None = None
    review: list = field(default_factory=list)  # (article path, Candidate) below the threshold
    languages: tuple = ()  # the site's languages besides English, as extraction read them
    glossary: tuple = ()  # short forms the site defines ("DPR" for Dewan Perwakilan Rakyat)
    redirects_skipped: list[str] = field(default_factory=list)
    deleted_by_hand: list[tuple[Post, str]] = field(default_factory=list)  # (post, page) a person deleted
    recovered: list[str] = field(default_factory=list)  # what an interrupted import left, tidied
    # (kind, name) of entities and listings that articles outside this import name: kept
    elsewhere: set = field(default_factory=set)
    media: MediaResult | None = None  # with local_media: the images kept in docs/assets/media/
    entity_files: list | None = None  # the entity pages as the run found them (see extract_entities)
    term_addresses: list[str] = field(default_factory=list)  # the old listing addresses the last import redirected

    @property
    def article_outcomes(self):
        paths = {a.path for a in self.articles}
        return {o.path: o for o in self.writer.outcomes if o.path in paths}

    def counts(self, outcomes: dict | None = None) -> dict[str, int]:
        """`outcomes`: article_outcomes, when the caller has them (10,000 articles' at 10,000 posts)."""
        actions = Counter(o.action for o in (self.article_outcomes if outcomes is None else outcomes).values())
        return {
            "imported": actions["created"],
            "updated": actions["updated"],
            "unchanged": actions["unchanged"],
            "kept_hand_edits": actions["kept"],
            "merged": actions["merged"],
            "conflicts": actions["conflict"],
            "salvaged": sum(1 for a in self.articles if a.post.truncated or a.post.repairs),
            "rejected": len(self.batch.rejected),
            "not_published": len(self.not_published),
        }

    @property
    def exit_code(self) -> int:
        """0: every input read; 1: some input was rejected (the rest was still imported)."""
        return 1 if self.batch.rejected else 0


@dataclass
class Failure:
    """What went wrong handling one post at one stage: reported, and the other posts go on."""

    reason: str


def attempt(function, *args):
    """function(*args), or a Failure instead of an exception: one bad post never stops the batch
    (and a worker process never takes the pool down with it)."""
    try:
        return function(*args)
    except Exception as error:  # noqa: BLE001 - any failure is that post's alone
        return Failure(f"{type(error).__name__}: {str(error)[:200]}")


def catching(task):
    return partial(attempt, task)  # a partial: sent to the workers, which are not forked from here


def _fail(result: ImportResult, post: Post, what: str, failure: Failure) -> None:
    label = f"post {post.wordpress_id}" if post.wordpress_id is not None else f"post {post.title[:60]!r}"
    result.batch.rejected.append(Rejected(post.origin, f"{label}: {what} ({failure.reason})"))


def _as_plain_text(post: Post, failure: Failure) -> tuple[Conversion, str]:
    """A post whose HTML could not be converted keeps its words, as one plain paragraph."""
    text = plain_text(post.content_html)
    return Conversion(escape_text(text) + "\n", dropped=[f"all markup ({failure.reason})"]), text[:300]


def _best(posts: list[Post]) -> Post:
    """Of several copies of one post, the complete, latest, longest one."""
    return max(posts, key=lambda p: (not p.truncated, p.updated.timestamp() if p.updated else 0,
                                     max(p.html_size, len(p.content_html)), p.origin))


def _deduplicate(posts: list[Post], result: ImportResult) -> list[Post]:
    groups: dict[tuple, list[Post]] = defaultdict(list)
    for post in posts:
        groups[post.key].append(post)
    kept = []
    for group in groups.values():
        best = _best(group)
        kept.append(best)
        result.duplicates += [(p.origin, best.origin) for p in group if p is not best]
    return kept


def _fill_offsets(posts: list[Post]) -> list[Post]:
    """The posts, those without a GMT date as new records taking the UTC offset the site's other
    posts show."""
    offsets: dict[str, Counter] = defaultdict(Counter)
    for post in posts:
        if post.date and post.date.tzinfo:
            offsets[post.site][post.date.utcoffset()] += 1
    return [_with_offset(post, offsets[post.site]) for post in posts]


def _with_offset(post: Post, offsets: Counter) -> Post:
    naive = [name for name in ("date", "updated") if getattr(post, name) and getattr(post, name).tzinfo is None]
    if not naive:
        return post
    common = offsets.most_common(1)
    zone = timezone(common[0][0] if common else timedelta(0))
    notes = [f"{name}: no GMT time given; assumed the site's usual UTC offset" for name in naive]
    return replace(post, notes=[*post.notes, *notes],
                   **{name: getattr(post, name).replace(tzinfo=zone) for name in naive})


def collect_posts(sources: list[Path], cache: Cache, result: ImportResult, include_unpublished: bool,
                  digests: dict[str, str] | None = None, html: KeptHTML | None = None) -> list[Post]:
    """The posts of every input as records (to_post), each file parsed only when its bytes or the
    lookups changed (sources/kept.py; `digests`: the input files' as the caller knows them); the
    batch's rejections and counts in result.batch. With `html`, each post's HTML is set apart
    there (the import gives it back only to the posts it converts); without, it is on the records."""
    given_back = html is None
    html = html or KeptHTML(cache)
    result.batch, files = read_kept(sources, cache, digests)
    lookups = result.batch.lookups
    lookups_key = fingerprint(stable(lookups))
    keys = [fingerprint(file.reading.key, lookups_key) for file in files]
    made = cached_each(cache, "posts", keys, lambda i: _read_posts(files[i], lookups, html), 1, "reading",
                       guard=catching, storable=lambda value: isinstance(value, list) and not any(
                           isinstance(post, Failure) for post in value))
    # A file whose posts' HTML the cache no longer holds (it keeps the two apart) is read again.
    lost = html.lost([post.conversion_key for read in made if isinstance(read, list) for post in read
                      if isinstance(post, Post)])
    for index, read in enumerate(made):
        if isinstance(read, list) and any(isinstance(post, Post) and post.conversion_key in lost for post in read):
            made[index] = attempt(_read_posts, files[index], lookups, html)
    posts = []
    for file, read in zip(files, made):
        if isinstance(read, Failure):  # the file changed while it was read: the next run reads it
            read = [read] * len(file.reading.objects)
        for (origin, kind, _), withdrawn, post in zip(file.reading.objects, file.withdrawn, read, strict=True):
            if kind in INTERNAL_TYPES:
                result.internal[kind] += 1
            elif isinstance(post, Failure):
                result.batch.rejected.append(Rejected(origin, f"a post that could not be read ({post.reason})"))
            else:
                if withdrawn:
                    post = replace(post, status=WITHDRAWN, notes=[*post.notes, withdrawn])
                posts.append(post)
    posts = _fill_offsets(_deduplicate(posts, result))
    published = []
    for post in sorted(posts, key=lambda p: p.key):
        if post.status in PUBLISHED or (include_unpublished and post.status != WITHDRAWN):
            published.append(post)
        else:
            result.not_published.append(post)
    if given_back:
        result.not_published = [html.given_back(post) for post in result.not_published]
        return [html.given_back(post) for post in published]
    return published


def _read_posts(file: InputFile, lookups, html: KeptHTML) -> list:
    """Each post object of one file as a record (its HTML set apart in `html`), a Failure, or None
    (WordPress's own kinds)."""
    raws = file.raw_posts()
    file.parsed = None  # read: a file's raw JSON is not held while the others are read
    if len(raws) != len(file.reading.objects):
        raise ValueError("the file changed while it was read")
    posts = [None if kind in INTERNAL_TYPES else attempt(to_post, raw, lookups)
             for raw, (_, kind, _) in zip(raws, file.reading.objects)]
    return [html.set_apart(post) if isinstance(post, Post) else post for post in posts]


HTML = "post-html"  # the cache's stage of each post's HTML, under its conversion key


class KeptHTML:
    """Each post's HTML, kept apart from its record, under its conversion key (worked out once,
    when its file is read): a run loads and hashes only the HTML of the posts it converts again.
    Kept with the records, every run loaded every post's HTML (67 MB at 10,000 posts) and hashed it
    for its conversion key, where one new post needs its own."""

    def __init__(self, cache: Cache):
        self.cache = cache
        self.read_now: dict[str, str] = {}  # the HTML of the posts read in this run: not loaded again

    def set_apart(self, post: Post) -> Post:
        """The post as a new record without its HTML, which is kept here under its conversion key."""
        key = _conversion_key(post)
        if key not in self.read_now:
            self.read_now[key] = post.content_html
            self.cache.put(HTML, key, post.content_html)
        return replace(post, conversion_key=key, html_size=len(post.content_html), content_html="")

    def lost(self, keys: list[str]) -> set[str]:
        """Those of `keys` whose HTML is neither read in this run nor in the cache (all of them kept)."""
        held = self.cache.holds(HTML, keys)
        return {key for key in keys if key not in held and key not in self.read_now}

    def given_back(self, post: Post) -> Post:
        """The post with its HTML again, a new record, to convert it."""
        if not post.conversion_key or post.content_html:
            return post
        text = self.read_now.get(post.conversion_key)  # held until the conversions are made (read_now.clear)
        return replace(post, content_html=text if text is not None else self.cache.get(HTML, post.conversion_key) or "")


def extract_entities(articles: list[Article], gathered: Gathered, result: ImportResult, jobs: int = 1,
                     cache: Cache | None = None) -> dict:
    """Run the extract stage over all articles, consolidate what it found over the site and apply
    the hand edits of their front-matter; returns the articles as new records with their extractions
    ("articles": path -> article) and the entity page of each key ("page_of"). The site's registry,
    made here, is result.registry."""
    read = result.entity_files  # as gathered; also for the stubs retired once articles are written
    registry = load_registry(gathered.view.docs, read)
    extractor = Extractor(registry, cache=cache)
    extractor.rejected = gathered.deleted_discoveries
    documents = [Document(a.post.title, a.text, a.body, a.post.date, a.post.site, a.post.updated, a.content_key())
                 for a in articles]
    extractor.learn(documents, jobs)
    result.languages, result.glossary = extractor.languages, extractor.glossary
    extracted = []
    for article, extraction in zip(articles, extractor.extract_all(documents, jobs, catching)):
        if isinstance(extraction, Failure):
            _fail(result, article.post, "its actors, places and dates could not be read", extraction)
            extraction = Extraction()
        extracted.append(replace(article, extraction=extraction))
        result.review += [(article.path, c) for c in extraction.review]
    consolidation = consolidate_site(extracted, registry, edited_stubs(gathered.view, read), result)  # every run, never cached
    result.review += consolidation.held
    articles = apply_hand_edits([article if extraction is article.extraction else replace(article, extraction=extraction)
                                 for article, extraction in zip(extracted, consolidation.extractions)],
                                gathered.view.edited)
    registry = result.registry = site_registry(registry, new_entities([a.extraction for a in articles], registry),
                                               consolidation.also)
    page_of = {key: entity.page for key, entity in registry.entities.items()}
    return {"articles": {article.path: article for article in articles}, "page_of": page_of}


def link_articles(articles: list[Article]):
    """The entity graph (link.Graph) over the articles the extract stage read."""
    read = [article for article in articles if article.extraction is not None]
    return build_graph(read, {article.path: article.extraction for article in read})


def cached(cache: Cache, stage: str, keys: list[str], task, jobs: int, label: str, inputs, clean=None):
    """cache.cached_iter with one post's failure a value, reported every run (never stored):
    task(inputs(index)) for each key, on clean workers sent only the input (core/parallel.py;
    `clean` makes the task there, by default the task as it is)."""
    return cached_iter(cache, stage, keys, task, jobs, label, guard=catching, storable=_not_failed, inputs=inputs,
                       clean=clean or same(task))


def _converter(model_folder: Path | None):
    """convert_post as a clean worker makes it: reading the language model from the import's copy."""
    keep_model_in(model_folder)
    return convert_post


def _not_failed(value) -> bool:
    return not isinstance(value, Failure)


# A post's fields only its conversion key hashes (and the key itself, and the HTML's length).
CONVERTED = ("content_html", "raw_content", "excerpt_html", "conversion_key", "html_size")


def _conversion_key(post: Post) -> str:
    """What convert_post reads of a post, and the generator's code."""
    return fingerprint(code_version(), post.content_html, post.site, post.raw_content, post.link, post.title,
                       post.excerpt_html)


def _rendered(source):
    """The page made of `source` (a PageSource), or the failure that making it gave."""
    return source if isinstance(source, Failure) else render_page(page_inputs(source))


def _gone(post: Post) -> str:
    if post.status == WITHDRAWN:
        return "its post was deleted or unpublished on the site"
    return f"its post is no longer published (status: {post.status})"


def rewrite_links(articles: list[Article]) -> list[Article]:
    """The articles, those whose links lead to another article of the same WordPress site as new
    records pointing at its page here (the others as they are)."""
    known = article_urls(articles)
    hosts = {host for host, _ in known}
    return [_linked(article, known, hosts) for article in articles]


def _linked(article: Article, known: dict, hosts: set[str]) -> Article:
    # A body whose links name none of the articles' hosts (as url_key reads them: lower case,
    # no www.) links to none of them: spared the link pattern, which every run would run over
    # it. A link is an http(s) URL, so its host is what follows "://": only that is lowered
    # (lowering 10,000 bodies took a twentieth of an import with one new post).
    if not any(host in netloc.lower() for netloc in _NETLOC.findall(article.body) for host in hosts):
        return article
    body = rewrite_internal_links(article.body, article, known, hosts)
    if body is article.body:
        return article
    # The converted Markdown it replaces is not read again: the new record's conversion does not
    # hold it (a tenth of what an article holds), nor is the body it any more, as content_key reads it.
    return replace(article, body=body, conversion=replace(article.conversion, markdown=REPLACED))


_NETLOC = re.compile(r"://([^/?#\s)]*)")  # a URL's host, port and credentials (urlsplit's netloc), as links write them


def write_redirects(writer: PageWriter, articles: list[Article], result: ImportResult,
                    last: dict | None = None, record: dict | None = None) -> dict[tuple, str]:
    """Redirect pages from the old WordPress paths; returns each post's redirect path. `last`,
    `record`: as write_owned's."""
    sources, of_post, skipped = redirect_sources(articles)
    result.redirects_skipped = skipped
    write_owned(writer, sources, redirect_text, REDIRECT, last, record)
    return of_post


def write_owned(writer: PageWriter, sources: dict, make, action: str, last: dict | None = None,
                record: dict | None = None) -> None:
    """Files the importer owns whole (`action`: WRITE or REDIRECT), each made of its source by
    `make`, and written; but a file the last import made of the same source, and that still holds
    what it wrote (by its stamp, or its bytes: PageWriter.holds_file), is neither made nor opened (a
    redirect page for every post: 10,000 files read every import). `last`: the record that import
    kept (owned_record), file -> (stamp, digest, source); `record` gets this import's (see
    settled_owned)."""
    last = last or {}
    entries, fresh = [], []
    for file, source in sources.items():
        known = last.get(file)
        if known is not None and known[2] == source and writer.holds_file(file, known[0], known[1]):
            entries.append(Entry(file, UNTOUCHED))
            if record is not None:
                record[file] = known
        else:
            text = make(source)
            entries.append(Entry(file, action, text))
            fresh.append((file, content_digest(text.encode("utf-8")), source))
    writer.apply(entries)
    for file, digest, source in fresh if record is not None else ():
        stamp = writer.file_stamp(file, settled=False)
        if stamp is not None:
            record[file] = (stamp, digest, source, "fresh")


def owned_record(kept: dict | None) -> dict:
    """write_owned's `last`, from what the last import kept (settled_owned): none when another
    version of the generator kept it (its files may be made otherwise of the same sources)."""
    return kept["files"] if kept and kept.get("code") == code_version() else {}


def settled_owned(writer: PageWriter, record: dict) -> dict:
    """write_owned's record as the next import may trust it: the stamp of a file written now only
    when the file still carries it and is older than RACY_NS (else the next import knows the file by
    its digest alone; see PageWriter.settled_since). Asked at the end of a run."""
    return {"code": code_version(),
            "files": {file: (known[0] if len(known) < 4 or writer.file_stamp(file) == known[0] else None, *known[1:3])
                      for file, known in record.items()}}


def write_graph_data(writer: PageWriter, registry: Registry, graph, cache: Cache | None = None,
                     changes: dict | None = None) -> tuple[dict, set]:
    """The graph's files; a neighbourhood file the last import made as this one would make it
    (pages/graph.py unchanged_files; `changes`: link.entity_changes), and that still holds what it
    wrote, is left as it is. Returns what the next run needs for that, and the files written now
    (see settled_since)."""
    last = (cache.get("written", "graph") if cache is not None else None) or {}
    files = last.get("files", {})
    shown = {file: known[0] for file, known in files.items()}
    kept = {file for file in unchanged_files(graph, registry, last, shown, changes)
            if writer.holds_file(file, next(iter(files[file][1].values())), next(iter(files[file][2].values())))}
    made: dict[str, tuple] = {}
    writer.apply([Entry(file, UNTOUCHED) for file in sorted(kept)])
    writer.apply(writes(graph_files(graph, registry, kept, made)))
    writer.apply(pruned(writer.view, "assets/graph", writer.plan.paths))
    record = {file: files[file] for file in kept}
    for file, keys in made.items():
        known = writer.as_written([file])
        if known is not None:
            record[file] = (keys, *known)
    return {**graph_record(registry), "files": record}, set(made)


def write_feeds(writer: PageWriter, articles: list[Article], settings: dict, page_of: dict) -> None:
    # The feeds carry the body as the page shows it: its entities linked (the articles stay as they are).
    bodies = {article.path: link_first_mentions(article.body, article.extraction.surfaces(), page_of, article.path)
              for article in latest(articles) if article.extraction is not None}
    files = feed_files(articles, settings, bodies)
    if "feed.xml" in files:
        # WordPress's feed address, /feed/: its subscribers' readers get the feed itself there.
        files["feed/index.html"] = files["feed.xml"]
    writer.apply(writes(files))


def write_entity_pages(writer: PageWriter, registry: Registry, graph, kept: set[tuple[str, str]], cache: Cache,
                       read: list | None, changes: dict | None = None, jobs: int = 1) -> tuple[dict, set, dict | None]:
    """The entity pages planned (pages/entity_pages.py, made on `jobs` processes) and written as they
    come, an entity at a time; returns what the next run may trust of them (entity_cache_record) and
    the digests of what they list (listed_digests' record). `changes`: link.entity_changes."""
    learnt = EntityPlan()
    writer.apply(plan_entity_pages(writer.view, writer.plan.paths, registry, graph, kept, cache, read,
                                   writer.holds_file, learnt, changes, jobs))
    return *entity_cache_record(writer, learnt), learnt.listed


def retire_pages(writer: PageWriter, index: dict[str, dict], result: ImportResult, redirects: dict[tuple, str]) -> dict:
    """Pages of posts gone or moved retired, redirects left behind (pages/retire.py); returns the
    record of what this import wrote for each post."""
    gone = [(post, _gone(post)) for post in result.not_published]
    entries, current = plan_retirements(writer.view, index, writer.plan.paths, result.articles, gone, redirects,
                                        [post for post, _ in result.deleted_by_hand])
    writer.apply(entries)
    return current


def run_import(sources: list[Path], docs: Path, site_name: str = "Knowledge base",
               include_unpublished: bool = False, settings: dict | None = None,
               jobs: int | None = None, local_media: bool = False, media_max_bytes: int | None = None,
               media_allow_private: bool = False, cache_folder: Path | None = None, full: bool = False) -> ImportResult:
    """`jobs` processes convert, extract and render articles (default: one per core); the output
    is the same for any number. What each post gave is kept in a cache (store/cache.py; beside `docs`,
    or in `cache_folder`), so unchanged posts are not converted or extracted again; `full` starts
    the cache empty. The pages are the same either way. With `local_media`, the articles' images are downloaded into
    docs/assets/media/ and shown from there (pages/media.py; each at most `media_max_bytes`).
    Raises DocsBusy when another import is writing `docs`."""
    with exclusive(docs):
        files = docs_files(docs)  # one walk of docs/: for what an interrupted import left, and the gathering
        recovered = recover(docs, files)
        return import_locked(sources, docs, site_name, include_unpublished, settings, jobs, local_media,
                             media_max_bytes, media_allow_private, cache_folder, full, recovered,
                             docs_found=found_after(files, recovered))


def import_locked(sources: list[Path], docs: Path, site_name: str, include_unpublished: bool, settings: dict | None,
                  jobs: int | None, local_media: bool, media_max_bytes: int | None, media_allow_private: bool,
                  cache_folder: Path | None, full: bool, recovered: list[str],
                  digests: dict[str, str] | None = None, docs_digests: dict[str, str] | None = None,
                  docs_found: list[str] | None = None, docs_stamps: dict | None = None) -> ImportResult:
    """run_import's work, for a caller that holds `exclusive(docs)` and has run `recover`
    (`digests`: each input file's, by absolute path, when the caller has read them; `docs_digests`:
    each docs/ file's, docs-relative, when it has read them: PageWriter.holds; `docs_found`: every
    file of docs/ once `recover` ran, docs-relative, when it has listed them; `docs_stamps`: the
    shortcut's stamps of them, by absolute path: the gathering, write/view.py)."""
    media = {"max_bytes": media_max_bytes, "allow_private": media_allow_private} if local_media else None
    cache = open_cache(docs, cache_folder, full)
    keep_model_in(folder_of(docs, cache_folder))  # the language model's quicker copy, beside the cache
    try:
        with clean_workers(), few_collections():  # the workers' server ended with the import
            result = _import(sources, docs, site_name, include_unpublished, settings, jobs or default_jobs(), media,
                             cache, digests, docs_digests, docs_found, docs_stamps)
    finally:
        cache.close()
    result.recovered = recovered
    return result


def _import(sources: list[Path], docs: Path, site_name: str, include_unpublished: bool, settings: dict | None,
            jobs: int, media: dict | None = None, cache: Cache | None = None,
            digests: dict[str, str] | None = None, docs_digests: dict[str, str] | None = None,
            docs_found: list[str] | None = None, docs_stamps: dict | None = None) -> ImportResult:
    cache = cache or Cache(None)
    result = ImportResult(SourceBatch())
    html = KeptHTML(cache)
    posts = collect_posts(sources, cache, result, include_unpublished, digests, html)
    # The gathering: every file of docs/ listed once, and what the stages need of it read now.
    view = DocsView(docs, docs_files(docs) if docs_found is None else docs_found, docs_stamps, docs_digests)
    earlier = read_index(view)  # what the last import wrote for each post
    result.term_addresses = read_term_addresses(view)
    paths = assign_paths(posts, previous_pages(earlier, posts))
    posts = _leave_out_deleted(posts, paths, view, result)
    conversion_keys = [post.conversion_key or _conversion_key(post) for post in posts]
    # Each article page as the last import left it: (its key, its files' stamps, its text's digest).
    last = cache.get("written", "pages") or {}
    if jobs > 1 and not last:  # a first import (or --full): every post is converted, in workers
        start_clean_server(jobs, len(posts))  # their server starting on another core meanwhile
        copy_model_for_workers()  # which each read the language model's quicker copy, not py3langid's file
    converted = cached(cache, "convert", conversion_keys, convert_post, jobs, "converting",
                       lambda index: html.given_back(posts[index]), partial(_converter, kept_folder()))
    result.articles = []
    for post, key, done in zip(posts, conversion_keys, converted, strict=True):  # strict: `converted` ends here
        made = _converted(result, html.given_back(post) if isinstance(done, Failure) else post, done)  # a failure keeps the HTML's words
        # Converted: its HTML is in its conversion key, and nothing reads it again. The article
        # holds the post without it, a new record; the one read is let go with `posts`, below.
        article = make_article(replace(post, content_html="") if post.content_html else post, paths[post.key], made,
                               key if not isinstance(done, Failure) and made[0].text else "")  # its key then holds its text
        result.articles.append(article)
    posts = [article.post for article in result.articles]
    html.read_now.clear()
    result.articles = rewrite_links(result.articles)
    # The rest of the gathering, here, before any stage plans: what it holds then takes the place
    # conversion let go of (read before converting, it stood under conversion's peak: 60 MB more
    # at 10,000 posts).
    gathered = gather_docs(view, cache, result, earlier, posts, paths, last, media is not None)
    writer = result.writer = PageWriter(docs, view=view)
    as_left = gathered.as_left
    linked = extract_entities([a for a in result.articles if a.post.type == "post"], gathered, result, jobs, cache)
    extracted = linked.pop("articles")
    result.articles = [extracted.get(article.path, article) for article in result.articles]
    if media is not None:  # here, in this process: downloads never run in the workers
        result.articles, result.media = keep_media_locally(writer, result.articles, media["max_bytes"],
                                                           media["allow_private"])
    # The graph holds the articles as they are written: made once no stage makes them anew.
    graph = link_articles(result.articles)
    page_of = {**linked["page_of"], **article_pages(result.articles)}  # once, here: each source takes its part
    language = site_language(settings or {})
    related = graph.related  # the articles each page links to
    # The post's HTML is in the page's key through its conversion's key, which hashed it already.
    conversion_of = dict(zip((post.key for post in posts), conversion_keys))
    # The body and text are in it through the article's content key when it has one (hashed once).
    # What the page is made of (its PageSource) is made only for the pages rendered again, below.
    keys = [fingerprint(code_version(), ("failed", article.path) if isinstance(made, Failure)
                        else (conversion_of[article.post.key], content, made))
            for article, content in zip(result.articles, (a.content_key() for a in result.articles))
            for made in [attempt(page_key, article, page_of, language, related.get(article.path, ()), CONVERTED,
                                 not content)]]
    untouched = {index for index, article in enumerate(result.articles)
                 if as_left.get(article.path, ("",))[0] == keys[index]}
    todo = [index for index in range(len(keys)) if index not in untouched]
    cache.keep("page", [keys[index] for index in untouched])
    # Each page is written as it comes (in order), not held with all the others; a worker is sent its source.
    made = cached(cache, "page", [keys[index] for index in todo], _rendered, jobs, "writing",
                  lambda j: attempt(page_source, result.articles[todo[j]], page_of, language,
                                    related.get(result.articles[todo[j]].path, ())))
    written_now, fresh = {}, set()  # page -> (key, stamps, digest) for the next run; the pages written now
    for index, article in enumerate(result.articles):
        if index in untouched:
            writer.untouched(article.path)
            written_now[article.path] = as_left[article.path]
            continue
        page = next(made)
        if isinstance(page, Failure):
            _fail(result, article.post, "its page could not be written", page)
            continue
        written = attempt(writer.write_page, article.path, page)
        if isinstance(written, Failure):
            _fail(result, article.post, f"{article.path} could not be written", written)
        elif written.action in AS_GIVEN:
            written_now[article.path] = (keys[index], writer.stamp(article.path), content_digest(page.encode("utf-8")))
            fresh.add(article.path)
    if next(made, None) is not None:  # one page an article, none more
        raise RuntimeError("a page was made that no article asked for; please report this as a bug")
    release_written(result.articles)
    changes = entity_changes(gathered.entities_of, graph.entities_of)
    entities, fresh_entities, listed = write_entity_pages(writer, result.registry, graph, result.elsewhere,
                                                          cache, result.entity_files, changes, jobs)
    graph_files_written, fresh_graph = write_graph_data(writer, result.registry, graph, cache, changes)
    owned_before, owned = owned_record(cache.get("written", "owned")), {}
    redirects = write_redirects(writer, result.articles, result, owned_before, owned)
    index = retire_pages(writer, earlier, result, redirects)
    writer.apply([write("assets/ids.json", id_addresses(view, index))])  # once the retired pages are planned
    posts = sum(1 for name in index if '"post"' in name)
    write_owned(writer, pagination_sources(posts), redirect_text, REDIRECT, owned_before, owned)  # never pruned: they only lead to the archive
    write_feeds(writer, result.articles, settings or {"site_name": site_name}, page_of)
    write_listings(writer, result, site_name, cache, graph.articles_of)
    # Last, so that the pages written early in this run are settled (see PageWriter.settled_since).
    cache.put("written", "pages", writer.settled_since(written_now, fresh))
    cache.put("written", "entities", writer.settled_since(entities, fresh_entities))
    graph_files_written["files"] = writer.settled_since(graph_files_written["files"], fresh_graph)
    cache.put("written", "graph", graph_files_written)
    cache.put("written", "owned", settled_owned(writer, owned))
    # Kept together at the end: the records above were worked out against the same earlier entities.
    cache.put("written", "listed", listed)
    cache.put("written", "entities-of", entities_record(graph))
    return result


def release_written(articles: list[Article]) -> None:
    """Let go of the bodies of the articles whose pages are written (Article.release_body), but for
    those the feeds render: a fifth of what an import holds an article. The import's own records
    from here on (no stage makes them anew after the local images), so it does this in place. New
    records would free nothing: the graph holds these same records for the entity pages, bodies and all."""
    in_feeds = {id(article) for article in latest(articles)}
    for article in articles:
        if id(article) not in in_feeds:
            article.release_body()


def keep_media_locally(writer: PageWriter, articles: list[Article], max_bytes: int | None,
                       allow_private: bool = False) -> tuple[list[Article], MediaResult]:
    """The articles showing their images from docs/assets/media/ (pages/media.py), and what it did."""
    # Each image goes through the writer's plan as it is downloaded (one entry at a time, so no
    # more than one image is held): planned, recorded and written as any other file.
    return localize_media(articles, writer.docs, allow_private=allow_private, view=writer.view,
                          put=lambda file, data: writer.apply([write(file, data)]),
                          **({"max_bytes": max_bytes} if max_bytes else {}))


def found_after(files: list[str], recovered: list[str]) -> list[str]:
    """docs/'s files as listed before `recover`, without those it removed."""
    removed = set(recovered)
    return [file for file in files if file not in removed] if removed else files


@dataclass
class Gathered:
    """What an import reads of docs/ and of the last import's records, read once at its start
    (gather_docs); `view` answers every later look at docs/ (write/view.py)."""

    view: DocsView
    as_left: dict[str, tuple]  # article page -> (key, stamps, digest): as the last import left it
    deleted_discoveries: set[tuple[str, str]]  # entity stubs a person deleted
    # Each article's entities as the last import found them: the graph's files and the entity pages
    # keep what the articles whose entities did not change left (link.entity_changes).
    entities_of: dict | None


def gather_docs(view: DocsView, cache: Cache, result: ImportResult, earlier: dict[str, dict], posts: list[Post],
                paths: dict[tuple, str], last_pages: dict, media: bool = False) -> Gathered:
    """Read once what the stages will need of docs/ (`view`: the files found, and posts.json and the
    old listing addresses read already), then close the view: after this, only the writer opens
    files of docs/. `posts`: the posts this import writes a page for (at `paths`); `last_pages`: the
    last import's record of the article pages it wrote."""
    here = {paths[post.key] for post in posts}
    inputs = posts + result.not_published + [post for post, _ in result.deleted_by_hand]
    in_input = here | recorded_pages(earlier, inputs)  # pages it writes or retires, old paths included
    # The last import's records of what it wrote, and the stamps of those files as found (the
    # shortcut's snapshot has every file's; without it, those the records name are looked at).
    if not view.stamped:
        view.take_stamps(file for page in last_pages for file in (page, f"{STORE_DIR}/{page}"))
        entities = cache.get("written", "entities") or {}
        view.take_stamps(file for known in entities.values() if len(known) == 3 for file in known[1])
        graph = cache.get("written", "graph") or {}
        view.take_stamps(file for known in graph.get("files", {}).values() for file in known[1])
        view.take_stamps(owned_record(cache.get("written", "owned")))  # the redirect pages (write_owned)
    # Each article page as the last import left it, if it still is: (its key, its files' stamps, its text's digest).
    as_left = {page: known for page, known in last_pages.items() if len(known) == 3 and view.holds(page, *known[1:])}
    # The pages a person may have edited, compared with their records (those as left are not read).
    view.compare((page for page in in_input if page.endswith(".md")), as_left.keys())
    # What articles outside this import name: for consolidation and the pages kept for them.
    result.elsewhere = mentioned_elsewhere(view, in_input)
    result.entity_files = read_entity_pages(view.docs)  # the registry, and the stubs retired
    deleted = deleted_discoveries(view.files_under, view.found, view.read_once)
    for page in listing_pages(view):  # those no article has now are retired (retire_listings)
        view.read(page)
    for page in result.term_addresses:
        view.read(page)
    if media:
        gather_index(view)
    view.close()
    return Gathered(view, as_left, deleted, earlier_entities(cache.get("written", "entities-of")))


def _converted(result: ImportResult, post: Post, done) -> tuple[Conversion, str]:
    if isinstance(done, Failure):
        _fail(result, post, "its HTML could not be converted; kept as plain text", done)
        return _as_plain_text(post, done)
    return done


def _leave_out_deleted(posts: list[Post], paths: dict, docs: DocsView, result: ImportResult) -> list[Post]:
    """Posts whose page a person deleted stay out (see retire.deleted_by_hand)."""
    hidden = deleted_by_hand(docs, [paths[p.key] for p in posts])
    result.deleted_by_hand = [(p, paths[p.key]) for p in posts if paths[p.key] in hidden]
    return [p for p in posts if paths[p.key] not in hidden]


def write_listings(writer: PageWriter, result: ImportResult, site_name: str, cache: Cache | None = None,
                   articles_of: dict | None = None) -> None:
    """The home page, the archive, categories, tags, authors and the index of pages; then the listing
    pages no article belongs to any more. `cache`: the import's, where their lists are kept;
    `articles_of`: the graph's articles of each entity (link.Graph.articles_of)."""
    page_of = {key: entity.page for key, entity in result.registry.entities.items()}
    plan, docs = writer.plan, writer.view
    plan.extend(section(page) for page in [
        home_page(result.articles, site_name, page_of, articles_of), *archive_pages(result.articles, cache),
        *term_pages(result.articles, "categories", cache), *term_pages(result.articles, "tags", cache),
        pages_index(result.articles), *author_pages(result.articles, cache)])
    plan.extend(retire_listings(docs, plan.paths, ("authors",), result.elsewhere))
    plan.extend(retire_listings(docs, plan.paths, kept=result.elsewhere))
    for kind in ("categories", "tags", "authors"):
        plan.extend(prune_year_pages(docs, plan.paths, kind))
    writer.apply()
    write_old_listing_addresses(writer, result)  # once the listings retired are gone


TERM_ADDRESSES = f"{STORE_DIR}/term-addresses.json"


def read_term_addresses(docs: DocsView) -> list[str]:
    """The redirects the last import wrote at WordPress's category, tag and author addresses."""
    try:
        earlier = json.loads(docs.read(TERM_ADDRESSES) or "")
    except ValueError:
        return []
    return [str(page) for page in earlier] if isinstance(earlier, list) else []


def write_old_listing_addresses(writer: PageWriter, result: ImportResult) -> None:
    """Redirects from WordPress's category, tag and author addresses to the pages here. One whose page
    went away goes too; others stay, since an import of a few files leaves other posts alone.
    docs/.generated/term-addresses.json lists the ones written, wherever the site put them."""
    slugs = {kind: term_slugs(result.articles, kind) for kind in ("categories", "tags", "authors")}
    files, skipped = term_redirect_files(result.articles, slugs, writer.plan.paths)
    result.redirects_skipped += skipped
    entries = writes(files, REDIRECT)
    kept = set(files)
    view = writer.view
    for page in result.term_addresses:
        if page in kept or page in writer.plan or not view.exists(page):
            continue  # written now, another stage's now, or gone
        target = redirect_target(page, view.text(page) or "")
        if target and view.exists(f"{target}.md"):
            kept.add(page)
        else:
            entries.append(Entry(page, REMOVE))
    entries.append(write(TERM_ADDRESSES, json.dumps(sorted(kept), indent=0) + "\n"))
    writer.apply(entries)
