"""WordPress news archive -> Markdown knowledge base -> MkDocs site."""
from __future__ import annotations

DISTRIBUTION = "wp-knowledge-base"  # the name pip installs it under (pyproject.toml [project] name)


def version() -> str:
    """The installed distribution's version; from a source checkout that is not installed,
    the version in its pyproject.toml."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version(DISTRIBUTION)
    except PackageNotFoundError:
        pass
    import tomllib
    from pathlib import Path

    try:
        with open(Path(__file__).resolve().parent.parent / "pyproject.toml", "rb") as handle:
            return str(tomllib.load(handle)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def __getattr__(name: str):
    if name == "__version__":
        return version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
