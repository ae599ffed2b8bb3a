"""What a fetch is asked to do and what it reports back: options, endpoints, outcomes, exit codes."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_OUT = Path("content/wordpress")
EXIT_OK, EXIT_PARTIAL, EXIT_UNAVAILABLE, EXIT_INTERRUPTED = 0, 1, 3, 130


@dataclass(frozen=True)
class Endpoint:
    name: str
    route: str
    incremental: bool  # supports modified_after
    embed: bool
    fields: str = ""  # _fields: only these fields of each item


ENDPOINTS = (
    Endpoint("posts", "/wp/v2/posts", incremental=True, embed=True),
    Endpoint("pages", "/wp/v2/pages", incremental=True, embed=True),
    Endpoint("media", "/wp/v2/media", incremental=True, embed=False),
    Endpoint("users", "/wp/v2/users", incremental=False, embed=False),
    Endpoint("categories", "/wp/v2/categories", incremental=False, embed=False),
    Endpoint("tags", "/wp/v2/tags", incremental=False, embed=False),
    # Every id the site still publishes, read in full on every run (a few bytes a post): an
    # incremental run cannot see a post that was deleted or unpublished, this list can.
    Endpoint("post-ids", "/wp/v2/posts", incremental=False, embed=False, fields="id"),
    Endpoint("page-ids", "/wp/v2/pages", incremental=False, embed=False, fields="id"),
)
# The endpoint that serves the posts each id list covers (sources.idlists.ID_LISTS: which kind).
LISTED_IN = {"post-ids": ENDPOINTS[0], "page-ids": ENDPOINTS[1]}


@dataclass
class FetchOptions:
    out: Path = DEFAULT_OUT
    full: bool = False
    delay: float = 0.5  # seconds between requests
    per_page: int = 100
    timeout: float = 30.0
    skip: tuple[str, ...] = ()
    attempts: int = 5  # per request, first try included
    backoff: float = 1.0  # first wait after a failure; doubles each time
    max_wait: float = 300.0  # cap on any single wait, Retry-After included


@dataclass
class EndpointOutcome:
    name: str
    status: str  # done, failed, interrupted
    line: str
    new_files: list[Path] = field(default_factory=list)
    access_denied: bool = False


@dataclass
class FetchResult:
    exit_code: int
    site_dir: Path | None = None
    run: str | None = None
    outcomes: list[EndpointOutcome] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    @property
    def new_files(self) -> list[Path]:
        return [path for outcome in self.outcomes for path in outcome.new_files]
