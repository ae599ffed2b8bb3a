"""The site stage: build the HTML with MkDocs, then index it for search with Pagefind.

Both are run as their own programs, exactly as a user would run them, so the same docs/ can
also be built by hand (`mkdocs build`) or by another MkDocs-compatible engine; only search
needs the Pagefind step.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import config as project_config


class SiteError(RuntimeError):
    """MkDocs or Pagefind failed; their own messages were printed above."""


class MkDocsFailed(SiteError):
    """`mkdocs build --strict` failed."""


class SearchIndexFailed(SiteError):
    """Pagefind could not index the built site."""


def _run(command: list[str], what: str, error: type[SiteError]) -> None:
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


def build_site(site_dir: Path, config: Path = Path("mkdocs.yml"), docs_dir: Path | None = None) -> None:
    """Build `site_dir` from `docs_dir` (default: the config's docs_dir). Raises MkDocsFailed or
    SearchIndexFailed."""
    with _config_for(config, docs_dir) as effective:
        _run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(effective),
              "--site-dir", str(site_dir)], "mkdocs build", MkDocsFailed)
    # One index for the whole site, whatever language a page declares: Hangul words and
    # English words are found from the same search box.
    _run([sys.executable, "-m", "pagefind", "--site", str(site_dir), "--force-language", "en",
          "--exclude-selectors", ".headerlink", "--quiet"],
         "pagefind (search index)", SearchIndexFailed)
