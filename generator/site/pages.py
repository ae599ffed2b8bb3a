"""Render the site's pages with MkDocs' own Python API, again only where the output would change.

The steps are those of `mkdocs build` (mkdocs/commands/build.py): the same config, plugins
events, files, navigation, templates and page rendering, so the HTML is the HTML `mkdocs build`
writes, less the hidden spans only Pagefind reads on the pages it indexes (site/slim.py: the
index is made from each page's search copy, taken first), and minified (site/minify.py). What differs is which pages are
rendered. MkDocs' own `--dirty` renders a page when its source is newer than its output, and
that is wrong in several ways:

- an mtime comparison misses a source restored with an older time (a cache, a checkout, rsync)
  and a page whose output was changed or deleted by hand;
- a change to what every page shows (mkdocs.yml, the theme's templates, the navigation and its
  titles) re-renders nothing;
- a page whose links point at a page that moved or was deleted is not rendered again, so its
  link stays wrong (a full `--strict` build would have failed on it);
- unchanged nav pages are not read, so their titles are missing from the navigation of the
  pages that are rendered;
- pages deleted from docs/ stay in site/ (and in the search index).

Here a page is rendered again when any of these differs from the last build (kept in
SiteState): the hash of its source; a fingerprint of everything every page shows (versions,
config files, custom theme files, the navigation with its titles); what each of its links
resolved to (the target's URL, or missing); the size and mtime of its output. The sitemap and
404 page are rendered every time (they list every page). Outputs of deleted sources, and any
file the build would not have written, are removed. Without a usable state everything is
rendered and site/ is cleaned first, as `mkdocs build` does.
"""
from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from ..core.parallel import default_jobs, run_each
from ..write import write_atomic
from .minify import minify_file, minify_page
from .sitemap import split_sitemap
from .slim import drop_related_permalink, slim_page
from .trash import Trash

STATE_VERSION = 3
# Plugins whose effect on a page depends only on that page. Any other plugin (or a hook) may tie
# pages together in ways this module cannot see, so a build with one renders everything.
_KNOWN_PLUGINS = {"search", "material/search"}
_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "pygments")


class StrictWarnings(RuntimeError):
    """MkDocs logged warnings, which fail a --strict build."""


@dataclass
class RenderReport:
    rendered: int = 0
    kept: int = 0
    removed: int = 0
    full_reason: str = ""  # why every page was rendered ("" when the build was incremental)


@dataclass
class SiteState:
    """What the last successful build wrote, read from and written to one JSON file."""
    site_dir: str = ""
    fingerprint: str = ""
    pages: dict = field(default_factory=dict)     # src_uri -> {sha, dest, out, links, search}
    targets: list = field(default_factory=list)   # [path, what it resolved to]; pages' links index it
    statics: dict = field(default_factory=dict)   # src_uri -> {src, dest, out}
    search: dict = field(default_factory=dict)    # the search stage's own record

    @classmethod
    def load(cls, path: Path, site_dir: Path) -> SiteState | None:
        try:
            data = json.loads(path.read_text("utf-8"))
            if data.get("version") != STATE_VERSION or data.get("site_dir") != str(site_dir.resolve()):
                return None
            return cls(site_dir=data["site_dir"], fingerprint=data["fingerprint"], pages=data["pages"],
                       statics=data["statics"], search=data["search"], targets=data["targets"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # missing or damaged: a full build, which only costs time

    def save(self, path: Path) -> None:
        data = {"version": STATE_VERSION, "site_dir": self.site_dir, "fingerprint": self.fingerprint,
                "pages": self.pages, "statics": self.statics, "search": self.search, "targets": self.targets}
        write_atomic(path, json.dumps(data, sort_keys=True, separators=(",", ":")))


def _signature(path: str) -> list[int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return [status.st_size, status.st_mtime_ns, status.st_ino, status.st_ctime_ns]


def _output_signature(path: str) -> list[int] | None:
    signature = _signature(path)
    return signature[:2] if signature else None


def _output_holds(path: str, out: list | None) -> bool:
    """Whether an output is still what the last build wrote ([size, mtime, sha]): by its size and
    mtime, or, when only its mtime differs (restored from a cache or a copy), by its hash."""
    signature = _output_signature(path)
    if not out or signature is None or signature[0] != out[0]:
        return False
    if signature == out[:2]:
        return True
    with open(path, "rb") as stream:
        return _sha(stream.read()) == out[2]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _link_value(target) -> str | None:
    """What a link resolved to, as far as the linking page's HTML depends on it."""
    if target is None:
        return None
    return ("!" if target.inclusion.is_excluded() else "") + target.url


class _RecordingFiles:
    """The site's Files as a page's Markdown sees them, noting each link lookup and its answer."""

    def __init__(self, files, known: dict):
        self._files = files
        self._known = known  # path -> (target, its link value), shared by the pages of a build
        self.lookups: dict[str, str | None] = {}

    def get_file_from_path(self, path: str):
        # The same targets (entity pages, the archive) are looked up from thousands of pages, and
        # the files do not change while pages are rendered: each is looked up once in a process.
        known = self._known.get(path)
        if known is None:
            target = self._files.get_file_from_path(path)
            known = self._known[path] = (target, _link_value(target))
        self.lookups[path] = known[1]
        return known[0]

    def __getattr__(self, name):
        return getattr(self._files, name)

    def __iter__(self):
        return iter(self._files)

    def __len__(self):
        return len(self._files)

    def __contains__(self, path):
        return path in self._files


def _installed(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return ""


def _folder_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _config_files(config_file: Path) -> list[Path]:
    """The config file and those it INHERITs from."""
    from ..core import config as project_config

    chain, path = [], config_file.resolve()
    while path.is_file() and path not in chain:
        chain.append(path)
        parent = project_config.mkdocs_settings(path).get("INHERIT")
        if not parent:
            break
        path = (path.parent / parent).resolve()
    return chain


def _nav_outline(items) -> list:
    return [[type(item).__name__, item.title, getattr(item, "url", None), _nav_outline(item.children or [])]
            for item in items]


def _fingerprint(config, config_file: Path, nav) -> str:
    """Everything every page shows besides its own source: a change re-renders every page."""
    installed = Path(metadata.distribution("mkdocs").locate_file("")).resolve()
    # Every module of this stage, not a hand-kept list of those that shape the HTML (each new
    # module had to be added to it); a change to any one re-renders the site once.
    code = [_sha(path.read_bytes()) for path in sorted(Path(__file__).parent.glob("*.py"))]
    parts = [STATE_VERSION, code, sys.version, [_installed(name) for name in _PACKAGES],
             [path.read_bytes().hex() for path in _config_files(config_file)],
             str(Path(config.docs_dir).resolve()),
             [directory if Path(directory).resolve().is_relative_to(installed) else _folder_hash(Path(directory))
              for directory in config.theme.dirs],
             _nav_outline(nav.items)]
    return _sha(json.dumps(parts, default=str).encode())


def _full_reason(config, state: SiteState | None, full: bool) -> str:
    if full:
        return "--full"
    if state is None:
        return "no state from an earlier build"
    unknown = sorted(set(config.plugins) - _KNOWN_PLUGINS)
    if unknown:
        return f"plugins or hooks {', '.join(unknown)} may tie pages together"
    if config.validation.links.anchors > logging.DEBUG:
        return "anchor validation compares pages with each other"
    return ""


class _Counter(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


def render_pages(config_file: Path, site_dir: Path, state: SiteState | None, full: bool,
                 on_page: Callable[[str, bytes], object], trash: Trash) -> tuple[RenderReport, SiteState]:
    """Render `site_dir` from `config_file` as `mkdocs build --strict` would, reusing the pages of
    `state` whose output cannot differ. `on_page(dest_uri, html)` is called for each page rendered
    (in a worker process: what it returns is kept as the page's "search" record), before the page
    is written: one with a record is written without what only search reads (site/slim.py). A
    full build empties site/ through `trash` (the caller waits for it). Raises StrictWarnings."""
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    logger = logging.getLogger("mkdocs")
    counter, shown = _Counter(), logging.StreamHandler(sys.stderr)
    shown.setLevel(logging.WARNING)
    shown.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger.addHandler(counter)
    logger.addHandler(shown)
    try:
        config = load_config(str(config_file), site_dir=str(site_dir), strict=True)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            return _render(config, config_file, site_dir, state, full, on_page, counter, trash,
                           mkdocs_build, get_files, set_exclusions, get_navigation, Page)
        finally:
            config.plugins.on_shutdown()
    finally:
        logger.removeHandler(counter)
        logger.removeHandler(shown)


def _render(config, config_file, site_dir, state, full, on_page, counter, trash,
            mkdocs_build, get_files, set_exclusions, get_navigation, Page):
    report = RenderReport()
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    report.full_reason = _full_reason(config, state, full)
    if report.full_reason:
        state = None
        # As MkDocs' utils.clean_directory (hidden entries stay), without waiting for the deletion.
        trash.empty(Path(config.site_dir), keep_hidden=True)
    new = SiteState(site_dir=str(site_dir.resolve()))

    # Gather, as MkDocs does: files, navigation, then each page's source.
    files = get_files(config)
    env = config.theme.get_env()
    files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    pages = files.documentation_pages()
    for file in pages:
        if file.page is None and file.inclusion.is_not_in_nav():
            Page(None, file, config)

    recorders: dict[str, _RecordingFiles] = {}
    known: dict = {}

    def populate(page) -> None:
        recorder = recorders[page.file.src_uri] = _RecordingFiles(files, known)
        config._current_page = page
        try:
            page = config.plugins.on_pre_page(page, config=config, files=files)
            page.read_source(config)
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
            _render_markdown(page, config, recorder)
            page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
        except Exception as error:
            mkdocs_build.log.error(f"Error reading page '{page.file.src_uri}': {error}")
            raise
        finally:
            config._current_page = None

    # Pages in the navigation are always read: their titles are part of every page.
    in_nav = {page.file.src_uri for page in nav.pages}
    for page in nav.pages:
        populate(page)
    new.fingerprint = _fingerprint(config, config_file, nav)
    old_pages = state.pages if state and state.fingerprint == new.fingerprint else {}
    if state and not old_pages:
        report.full_reason = "the configuration, theme or navigation changed"

    # Each link target looked up by the last build, resolved again once: a page is rendered again
    # when any of its links now resolves differently (moved, deleted, created, excluded).
    old_targets = state.targets if old_pages else []
    moved = {index for index, (path, value) in enumerate(old_targets)
             if _link_value(files.get_file_from_path(path)) != value}
    numbers: dict[str, int] = {}

    def number(path: str, value: str | None) -> int:
        if path not in numbers:
            numbers[path] = len(new.targets)
            new.targets.append([path, value])
        return numbers[path]

    dirty = []
    for file in pages:
        old = old_pages.get(file.src_uri)
        record = {"src": _signature(file.abs_src_path), "dest": file.dest_uri}
        if old is None:  # new, or a full build: hashed where it is rendered, on every core
            dirty.append(file)
            new.pages[file.src_uri] = record
            continue
        # The hash of a source whose size, mtime, inode and ctime are all unchanged is the one read
        # last time (no tool sets a ctime back: a restored or rewritten file is read again).
        record["sha"] = old["sha"] if old and old.get("src") == record["src"] else \
            _sha(Path(file.abs_src_path).read_bytes())
        if (old and old["sha"] == record["sha"] and old["dest"] == file.dest_uri
                and moved.isdisjoint(old["links"]) and _output_holds(file.abs_dest_path, old["out"])):
            links = sorted(number(*old_targets[link]) for link in old["links"])
            record.update(out=_output_signature(file.abs_dest_path) + old["out"][2:], links=links,
                          search=old.get("search"))
            report.kept += 1
        else:
            dirty.append(file)
        new.pages[file.src_uri] = record
    # Plugins other than search, and anchor validation, need MkDocs' own order: every page read,
    # then each written. Otherwise each page is read and written in one go, on every core: a
    # page's HTML depends only on itself, the navigation (read above) and the files' addresses.
    in_order = bool(set(config.plugins) - _KNOWN_PLUGINS) or config.validation.links.anchors > logging.DEBUG
    if in_order:
        for file in dirty:
            if file.src_uri not in in_nav:
                populate(file.page)

    env = config.plugins.on_env(env, config=config, files=files)

    def build_rest() -> dict:
        """What depends on no page's rendering: the static files, the sitemap and 404 page. It goes
        to a worker with the pages (their first task), not before them in this process with the
        other cores idle: 16,000 files at 10,000 posts."""
        rest = SiteState()
        _copy_statics(files, state, rest)
        for template in config.theme.static_templates:
            mkdocs_build._build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            mkdocs_build._build_extra_template(template, files, config, nav)
        for template in [*config.theme.static_templates, *config.extra_templates]:
            if template.endswith(".html"):  # the 404 page, minified as every page is
                minify_file(Path(config.site_dir, template))
        split_sitemap(Path(config.site_dir), config.site_url)
        return rest.statics

    def render(index: int) -> tuple:
        """Task 0 is build_rest(), task i the (i-1)th dirty page."""
        warnings = counter.count
        if index == 0:
            result = build_rest()
        else:
            file = dirty[index - 1]
            if not in_order and file.src_uri not in in_nav:
                populate(file.page)
            html, search = _write_page(file.page, config, pages, nav, env, mkdocs_build, on_page)
            out = _output_signature(file.abs_dest_path) + [_sha(html)] if html is not None else None
            if not in_order and file.src_uri not in in_nav:
                # Written: free it (not a page of the navigation, whose title the later pages
                # show: MkDocs' Page.title is None once its Markdown is).
                file.page.content = file.page.markdown = None
            sha = None if "sha" in new.pages[file.src_uri] else _sha(Path(file.abs_src_path).read_bytes())
            result = out, recorders[file.src_uri].lookups, search, sha
        warnings, counter.count = counter.count - warnings, warnings  # counted once, by the caller
        return result, warnings

    jobs = 1 if in_order else default_jobs()
    for index, (result, warnings) in enumerate(run_each(render, 1 + len(dirty), jobs, "pages")):
        counter.count += warnings
        if index == 0:
            new.statics = result
            continue
        out, lookups, search, sha = result
        record = new.pages[dirty[index - 1].src_uri]
        record.update(out=out, search=search, links=sorted(number(path, value) for path, value in lookups.items()))
        if sha is not None:
            record["sha"] = sha
        report.rendered += 1
    if in_order:
        for file in dirty:
            if file.page.links_to_anchors is not None:
                file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
    config.plugins.on_post_build(config=config)

    report.removed = _remove_outputs(site_dir, state, new)
    if counter.count:
        raise StrictWarnings(f"Aborted with {counter.count} warnings in strict mode")
    return report, new


@functools.cache
def _copied_mkdocs() -> bool:
    """Whether the MkDocs installed is the one _render_markdown copies."""
    from mkdocs.structure import pages as mkdocs_pages

    parts = ("_RawHTMLPreprocessor", "_ExtractAnchorsTreeprocessor", "_RelativePathTreeprocessor",
             "_ExtractTitleTreeprocessor", "get_toc", "log")
    return _installed("mkdocs").startswith("1.6.") and all(hasattr(mkdocs_pages, name) for name in parts)


_reused: list = []  # [config, markdown.Markdown] in this process (each worker has its copy)


def _render_markdown(page, config, files) -> None:
    """page.render(config, files), MkDocs 1.6's (mkdocs/structure/pages.py), with one Markdown
    instance reused from page to page and reset between them, the way Python-Markdown is meant to
    be reused: MkDocs builds a new one for every page, its extensions and their processors, which
    was 7 % of a page's rendering. MkDocs' own processors are made for each page, as it makes them.
    Another MkDocs than the one this copies renders as it does."""
    from mkdocs.structure import pages as mkdocs_pages

    if not _copied_mkdocs():
        page.render(config, files)
        return
    if page.markdown is None:
        raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
    if _reused and _reused[0] is config:
        md = _reused[1].reset()
    else:
        import markdown

        md = markdown.Markdown(extensions=config["markdown_extensions"],
                               extension_configs=config["mdx_configs"] or {})
        _reused[:] = [config, md]
    # The ids a page holds serve only the check of other pages' links to its anchors: with that
    # check off (the site's mkdocs.yml), the two readers that gather them are left out (a page's
    # HTML does not change: they only read it; the raw HTML one parsed every page's source again).
    anchors = config.validation.links.anchors > logging.DEBUG
    if anchors:
        raw_html_ext = mkdocs_pages._RawHTMLPreprocessor()
        raw_html_ext._register(md)
        extract_anchors_ext = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
        extract_anchors_ext._register(md)
    relative_path_ext = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)
    relative_path_ext._register(md)
    extract_title_ext = mkdocs_pages._ExtractTitleTreeprocessor()
    extract_title_ext._register(md)
    page.content = md.convert(page.markdown)
    page.toc = mkdocs_pages.get_toc(getattr(md, "toc_tokens", []))
    page._title_from_render = extract_title_ext.title
    if anchors:
        page.present_anchor_ids = extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
    if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = relative_path_ext.links_to_anchors


def _write_page(page, config, doc_files, nav, env, mkdocs_build, on_page) -> tuple[bytes | None, object]:
    """mkdocs_build._build_page, returning the HTML it wrote (None when empty, as MkDocs skips it)
    and what `on_page` made of the rendered HTML (the page's search record). A page with a search
    record is written without what only the search index reads (site/slim.py); every page is
    written minified (site/minify.py), after its search record is taken from the page as rendered
    (less the "Related articles" heading's ¶, site/slim.py, which the index ignores anyway)."""
    config._current_page = page
    try:
        page.active = True
        context = mkdocs_build.get_context(nav, doc_files, config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        output = config.plugins.on_post_page(template.render(context), page=page, config=config)
        if not output.strip():
            mkdocs_build.log.info(f"Page skipped: '{page.file.src_uri}'. Generated empty output.")
            return None, None
        data = drop_related_permalink(output.encode("utf-8", errors="xmlcharrefreplace"))
        search = on_page(page.file.dest_uri, data)
        if search is not None:
            data = slim_page(data)
        data = minify_page(data)
        from mkdocs import utils
        utils.write_file(data, page.file.abs_dest_path)
        return data, search
    except Exception as error:
        mkdocs_build.log.error(f"Error building page '{page.file.src_uri}': {error}")
        raise
    finally:
        page.active = False
        config._current_page = None


def _copy_statics(files, state: SiteState | None, new: SiteState) -> None:
    """Copy each static file whose source or output differs from what the last build saw."""
    old = state.statics if state else {}
    made: set[str] = set()
    for file in files:
        if file.is_documentation_page() or not file.inclusion.is_included():
            continue
        source = _signature(file.abs_src_path) if file.abs_src_path and file._content is None else None
        record = old.get(file.src_uri)
        if (source is None or not record or record["src"] != source or record["dest"] != file.dest_uri
                or record["out"] != _output_signature(file.abs_dest_path)):
            _copy(file, made)
        new.statics[file.src_uri] = {"src": source, "dest": file.dest_uri,
                                     "out": _output_signature(file.abs_dest_path)}


def _copy(file, made: set[str]) -> None:
    """file.copy_file(), asking for each folder once rather than twice for every file: 16,000
    static files at 10,000 posts made 44,000 mkdir calls, 3.4 s of a full build's main process."""
    if file._content is not None or not file.abs_src_path:
        file.copy_file(dirty=False)
        return
    folder = os.path.dirname(file.abs_dest_path)
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)
    try:
        shutil.copyfile(file.abs_src_path, file.abs_dest_path)
    except (IsADirectoryError, shutil.SameFileError):  # what MkDocs' own copy settles
        file.copy_file(dirty=False)


def _remove_outputs(site_dir: Path, state: SiteState | None, new: SiteState) -> int:
    """Remove what the last build wrote and this one did not (pages and files deleted from docs/,
    pages that became empty or moved), then the folders that leaves empty. Files put in site/ by
    hand are left (a full build, like `mkdocs build`, cleans the whole folder first)."""
    if state is None:
        return 0
    written = {record["dest"] for record in new.pages.values() if record.get("out")}
    written |= {record["dest"] for record in new.statics.values()}
    gone = sorted({record["dest"] for record in state.pages.values() if record.get("out")}
                  | {record["dest"] for record in state.statics.values()}) 
    removed = 0
    for dest in gone:
        if dest in written:
            continue
        path = site_dir / dest
        try:
            path.unlink()
            removed += 1
        except FileNotFoundError:
            continue
        for folder in path.parents:
            if folder == site_dir or not folder.is_relative_to(site_dir):
                break
            try:
                folder.rmdir()  # only when empty
            except OSError:
                break
    return removed
