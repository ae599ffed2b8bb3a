"""The site stage: build the HTML with MkDocs, then index it for search with Pagefind.

Both are run as their own programs, exactly as a user would run them, so the same docs/ can
also be built by hand (`mkdocs build`) or by another MkDocs-compatible engine; only search
needs the Pagefind step.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


class SiteError(RuntimeError):
    """MkDocs or Pagefind failed; their own messages were printed above."""


def _run(command: list[str], what: str) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if subprocess.run(command, env=env, check=False).returncode:
        raise SiteError(f"{what} failed (see its messages above)")


def build_site(site_dir: Path, config: Path = Path("mkdocs.yml")) -> None:
    _run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
          "--site-dir", str(site_dir)], "mkdocs build")
    # One index for the whole site, whatever language a page declares: Hangul words and
    # English words are found from the same search box.
    _run([sys.executable, "-m", "pagefind", "--site", str(site_dir), "--force-language", "en",
          "--exclude-selectors", ".headerlink", "--quiet"],
         "pagefind (search index)")
