"""The site stage: the HTML of `mkdocs build --strict`, then Pagefind's search index, brought up to
date incrementally.

The same docs/ builds by hand with plain `mkdocs build` (or another MkDocs-compatible engine)
into the same HTML; only search needs Pagefind. Here MkDocs is driven through its Python API so
that only pages whose HTML can change are rendered again (site/pages.py), and Pagefind reads small
copies of the indexed pages instead of the whole site, into one index (a large site's in parts
of bounded size), only the pages changed since it was written going into a small second index
that the search page merges with it (site/search.py). What the
last build wrote is kept beside the import cache (state_folder); without it, or with `full`,
everything is built.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..core import config as project_config
from ..store.cache import FOLDER as CACHE_FOLDER
from . import pages as site_pages
from . import search as site_search
from .trash import Trash


class SiteError(RuntimeError):
    """MkDocs or Pagefind failed; their own messages were printed above."""


class MkDocsFailed(SiteError):
    """`mkdocs build --strict` failed."""


class SearchIndexFailed(SiteError):
    """Pagefind could not index the built site."""


def _run(command: list[str], what: str, error: type[SiteError]) -> None:
    """Kept for benchmarks/search_payload.py, which used to time each program through it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if subprocess.run(command, env=env, check=False).returncode:
        raise error(f"{what} failed (see its messages above)")


@contextmanager
def _config_for(config: Path, docs_dir: Path | None) -> Iterator[Path]:
    """`config` as it is, or, when the docs are elsewhere than its docs_dir, a temporary config
    beside it that inherits everything from it (MkDocs' INHERIT) and sets docs_dir: beside it, so
    that the paths it names (custom_dir, hooks) still resolve from the project folder."""
    if docs_dir is None:
        yield config
        return
    base = config.resolve()
    configured = project_config.mkdocs_settings(config).get("docs_dir") or "docs"
    if (base.parent / configured).resolve() == docs_dir.resolve():
        yield config
        return
    handle, name = tempfile.mkstemp(prefix=".wpkb-mkdocs-", suffix=".yml", dir=base.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            # JSON strings are YAML strings: any path is quoted safely.
            out.write(f"INHERIT: {json.dumps(str(base))}\ndocs_dir: {json.dumps(str(docs_dir.resolve()))}\n")
        yield Path(name)
    finally:
        Path(name).unlink(missing_ok=True)


@dataclass
class SiteReport:
    """What a build did: pages rendered again and kept, outputs removed, whether search was indexed
    (`index`: the full index, some of its parts, or only the recent one of the pages changed since)."""
    rendered: int
    kept: int
    removed: int
    full_reason: str
    indexed: bool
    recent: int = 0  # pages in the recent search index (changed since the full index was written)
    index: str = ""  # which search index was written: "full", "parts", "recent" or "" (none)

    def summary(self) -> str:
        how = f"every page rendered ({self.full_reason})" if self.full_reason else \
            f"{self.rendered} pages rendered again, {self.kept} unchanged"
        removed = f", {self.removed} old files removed" if self.removed else ""
        search = {"full": "search index written", "parts": "search index parts written again",
                  "recent": "recent search index written"}.get(
            self.index, "search index unchanged")
        if self.index == "recent" or self.recent:
            search += f" ({self.recent} pages changed since the full index)"
        return f"{how}{removed}; {search}"


def state_folder(docs_dir: Path, site_dir: Path, cache: Path | None = None) -> Path:
    """Where the site's build state lives: in the import cache's folder (.cache/wpkb/ beside docs/,
    or --cache), one folder per site folder. Safe to delete: the next build is then a full one."""
    folder = cache if cache is not None else docs_dir.resolve().parent / CACHE_FOLDER
    key = hashlib.sha256(str(site_dir.resolve()).encode()).hexdigest()[:16]
    return folder / "site" / key


def build_site(site_dir: Path, config: Path = Path("mkdocs.yml"), docs_dir: Path | None = None, *,
               full: bool = False, cache: Path | None = None) -> SiteReport:
    """Bring `site_dir` up to date with `docs_dir` (default: the config's docs_dir): the HTML of
    `mkdocs build --strict`, then Pagefind's search index. Only pages whose output can differ from
    the last build are rendered again, and search is indexed from small copies of the indexed pages
    (generator/site/pages.py, generator/site/search.py); `full` renders and indexes everything.
    Raises MkDocsFailed or SearchIndexFailed."""
    if docs_dir is None:
        docs_dir = config.resolve().parent / (project_config.mkdocs_settings(config).get("docs_dir") or "docs")
    folder = state_folder(docs_dir, site_dir, cache)
    state_file = folder / "state.json"
    state = None if full else site_pages.SiteState.load(state_file, site_dir)
    trash = Trash()
    mirror = site_search.SearchMirror(folder / "search", fresh=state is None, trash=trash)
    if state is not None:
        # A page whose search copy is missing or damaged is rendered again (and copied again).
        for record in state.pages.values():
            if record.get("search") and not mirror.holds(record["dest"], record["search"]):
                record["sha"] = ""
    # From here on site/ changes: without a state file an interrupted build is followed by a full one.
    state_file.unlink(missing_ok=True)
    with _config_for(config, docs_dir) as effective:
        try:
            pages, new = site_pages.render_pages(effective, site_dir, state, full, mirror.put, trash)
        except site_pages.StrictWarnings as error:
            raise MkDocsFailed(f"mkdocs build failed: {error} (fix the warnings above)") from error
        except Exception as error:
            if isinstance(error, (KeyboardInterrupt, SiteError)):
                raise
            raise MkDocsFailed(f"mkdocs build failed: {error}") from error
        finally:
            trash.wait()  # the last build's files, deleted while the pages were rendered
    indexed_pages = {record["dest"]: record["search"] for record in new.pages.values() if record.get("search")}
    if state is not None:
        mirror.prune({record["dest"] for record in state.pages.values() if record.get("search")}, set(indexed_pages))
    try:
        if not indexed_pages:
            new.search = {}  # nothing marked for Pagefind: it indexes every page of site/, as before
            site_search.write_index(site_dir, None)
            search = site_search.IndexReport("full", 0)
        else:
            new.search, search = site_search.update_index(site_dir, mirror, indexed_pages,
                                                          state.search if state else None, full)
    except site_search.IndexFailed as error:
        raise SearchIndexFailed(str(error)) from error
    new.save(state_file)
    return SiteReport(pages.rendered, pages.kept, pages.removed, pages.full_reason, search.how != "",
                      search.recent, search.how)
