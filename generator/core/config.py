"""Settings the generator reads from the project: the MkDocs config and the default paths."""
from __future__ import annotations

from pathlib import Path

import yaml

DEFAULT_SOURCES = [Path("content/wordpress")]
DEFAULT_DOCS = Path("docs")
DEFAULT_SITE = Path("site")
MKDOCS_CONFIG = Path("mkdocs.yml")


class _LenientLoader(yaml.SafeLoader):
    """MkDocs configs may hold tags such as !!python/name or !ENV; we only need plain keys."""


_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def mkdocs_settings(path: Path = MKDOCS_CONFIG) -> dict:
    if not path.exists():
        return {}
    return yaml.load(path.read_text("utf-8"), Loader=_LenientLoader) or {}


def site_name(path: Path = MKDOCS_CONFIG) -> str:
    return str(mkdocs_settings(path).get("site_name") or "Knowledge base")
