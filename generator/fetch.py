"""The fetch command: copy a live WordPress site's REST API JSON into content/wordpress/<site>/.

Raw response bodies are stored byte for byte, one file per page, and never changed afterwards:

    OUT/<site>/<endpoint>/<run>-page-0001.json      run = UTC start time, e.g. 20261127T101500Z

The importer reads these folders like any other input (it de-duplicates posts by id and keeps
the latest `modified`). What the fetcher remembers between runs lives in dotfiles, which the
importer skips:

    OUT/<site>/.fetch-state.json             per endpoint: the last complete run (high-water
                                             mark, page hashes); the run in progress, if any
    OUT/<site>/.fetch-runs/<run>.jsonl       one line per stored file: URL, status, headers, sha256
    OUT/<site>/.fetch.lock                   held while a fetch runs

Every endpoint is paged in id order. Unlike `modified` order, ids are unique (no ties for
MySQL to order differently from one page to the next) and an edit does not move a post to
another page, so a resumed run is consistent. Posts, pages and media are fetched
incrementally with `modified_after`; users, categories and tags are small and fetched in full,
a page being stored only when its bytes differ from the last run's.
"""
from __future__ import annotations

import contextlib
import email.utils
import hashlib
import ipaddress
import json
import os
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests
from tqdm import tqdm

from . import __version__
from .sources.salvage import SalvageError, decode_bytes, salvage
from .write import write_atomic

USER_AGENT = (f"wp-knowledge-base/{__version__} (python -m generator fetch; a Markdown archive of this site) "
              f"python-requests/{requests.__version__}")
DEFAULT_OUT = Path("content/wordpress")
STATE_FILE = ".fetch-state.json"
RUNS_DIR = ".fetch-runs"
LOCK_FILE = ".fetch.lock"
STATE_FORMAT = 1

EXIT_OK, EXIT_PARTIAL, EXIT_UNAVAILABLE, EXIT_INTERRUPTED = 0, 1, 3, 130
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# A post saved just before a fetch may become visible just after it, with a `modified` time
# up to this much earlier than the moment the fetch read the site (slow save hooks, commit
# delay, caches). The next incremental run asks again from there; posts seen twice are
# recognised (id + modified_gmt) and not stored again.
SAFETY_MARGIN = timedelta(seconds=60)
INDEX_FIELDS = "name,description,url,home,gmt_offset,timezone_string,namespaces"
WXR_HINT = "export WXR (Tools > Export) and import that file"
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S"


@dataclass(frozen=True)
class Endpoint:
    name: str
    route: str
    incremental: bool  # supports modified_after
    embed: bool


ENDPOINTS = (
    Endpoint("posts", "/wp/v2/posts", incremental=True, embed=True),
    Endpoint("pages", "/wp/v2/pages", incremental=True, embed=True),
    Endpoint("media", "/wp/v2/media", incremental=True, embed=False),
    Endpoint("users", "/wp/v2/users", incremental=False, embed=False),
    Endpoint("categories", "/wp/v2/categories", incremental=False, embed=False),
    Endpoint("tags", "/wp/v2/tags", incremental=False, embed=False),
)
ENDPOINT_NAMES = tuple(e.name for e in ENDPOINTS)


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


class FetchError(Exception):
    """The site cannot be fetched at all: unreachable, REST API disabled or locked (exit 3)."""


class Unreachable(Exception):
    """No answer after every retry (connection refused, timeouts, TLS failure)."""


class KeptFailing(Exception):
    """The site answered 429 or 5xx to every retry."""


class EndpointError(Exception):
    """One endpoint failed for good (a 4xx, a body that is not JSON); the others go on."""

    def __init__(self, message: str, access_denied: bool = False):
        super().__init__(message)
        self.access_denied = access_denied


# --------------------------------------------------------------------------- site URL


def normalize_site_url(text: str) -> str:
    """`example.com/blog/` -> `https://example.com/blog`; an API URL is cut back to the site."""
    text = text.strip()
    if not text:
        raise ValueError("the site's address is empty")
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError(f"not a web address: {text} (use http:// or https://)")
    if not parts.hostname:
        raise ValueError(f"no host name in {text}")
    path = parts.path.split("/wp-json", 1)[0].rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, "", ""))


def site_key(site: str) -> str:
    """The folder name for a site: host, then port and path when present (`127.0.0.1_8080`)."""
    parts = urlsplit(site)
    name = "_".join([parts.hostname or "site", *([str(parts.port)] if parts.port else []),
                     *[p for p in parts.path.split("/") if p]])
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name)


def is_loopback(site: str) -> bool:
    host = urlsplit(site).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# --------------------------------------------------------------------------- HTTP


def _retry_after(response: requests.Response, cap: float) -> float | None:
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = (email.utils.parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds()
        except (TypeError, ValueError):
            return None
    return min(max(seconds, 0.0), cap)


def _reason(error: Exception) -> str:
    text = str(error)
    for pattern in (r"\[Errno -?\d+\] ([^'\")]+)", r"(Read timed out)", r"(Connection refused)"):
        found = re.search(pattern, text)
        if found:
            return found.group(1).strip().rstrip(".")
    return type(error).__name__ if not text else text[:200]


class Client:
    """GET with a polite pace, retries with exponential backoff, Retry-After, timeouts."""

    def __init__(self, options: FetchOptions, session: requests.Session | None = None, *,
                 sleep: Callable[[float], None] = time.sleep, warn: Callable[[str], None] | None = None,
                 loopback: bool = False):
        self.session = session or requests.Session()
        self.session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
        if loopback:
            self.session.trust_env = False  # never send loopback traffic through an http_proxy
        self.options = options
        self.sleep = sleep
        self.warn = warn or (lambda line: None)
        self.requests = 0
        self._last: float | None = None

    def _pause(self) -> None:
        if self._last is not None and self.options.delay > 0:
            remaining = self.options.delay - (time.monotonic() - self._last)
            if remaining > 0:
                self.sleep(remaining)

    def _backoff(self, attempt: int) -> float:
        return min(self.options.max_wait, self.options.backoff * 2 ** (attempt - 1) * random.uniform(1, 1.25))

    def _retry(self, url: str, reason: str, wait: float, attempt: int) -> None:
        self.warn(f"retry: {urlsplit(url).path or '/'}: {reason}; waiting {wait:.1f} s "
                  f"(attempt {attempt + 1} of {self.options.attempts})")
        self.sleep(wait)

    def get(self, url: str, params: dict | None = None) -> requests.Response:
        attempts = max(1, self.options.attempts)
        for attempt in range(1, attempts + 1):
            self._pause()
            self.requests += 1
            try:
                response = self.session.get(url, params=params, timeout=self.options.timeout)
            except requests.exceptions.SSLError as error:
                raise Unreachable(f"TLS failure: {_reason(error)}") from error
            except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError,
                    requests.exceptions.ContentDecodingError) as error:
                if attempt == attempts:
                    raise Unreachable(_reason(error)) from error
                self._retry(url, _reason(error), self._backoff(attempt), attempt)
                continue
            except requests.RequestException as error:  # too many redirects, an invalid URL...
                raise Unreachable(_reason(error)) from error
            finally:
                self._last = time.monotonic()
            if response.status_code in RETRY_STATUSES:
                if attempt == attempts:
                    raise KeptFailing(f"HTTP {response.status_code} {response.reason or ''}".strip()
                                      + f" after {attempts} attempts")
                wait = _retry_after(response, self.options.max_wait)
                self._retry(url, f"HTTP {response.status_code}", self._backoff(attempt) if wait is None else wait,
                            attempt)
                continue
            return response
        raise AssertionError("unreachable")


def _looks_like_html(body: bytes) -> bool:
    head = body[:512].lstrip().lower()
    return head.startswith((b"<!doctype", b"<html", b"<head", b"<body", b"<?xml")) or b"<html" in head


def _json_value(body: bytes):
    """The JSON in a body, salvaged if damaged (a PHP notice before it, say); None if there is none."""
    try:
        return json.loads(body)
    except ValueError:
        pass
    if _looks_like_html(body):
        return None
    try:
        values = salvage(decode_bytes(body)[0]).values
    except (SalvageError, ValueError):
        return None
    return values[0] if values else None


def _error_code(response: requests.Response) -> tuple[str, str]:
    value = _json_value(response.content)
    if isinstance(value, dict) and isinstance(value.get("code"), str):
        return value["code"], re.sub(r"<[^>]+>", "", str(value.get("message") or "")).strip()
    return "", ""


def _describe(response: requests.Response) -> str:
    code, message = _error_code(response)
    if code:
        return f"HTTP {response.status_code} ({code}: {message})" if message else f"HTTP {response.status_code} ({code})"
    if _looks_like_html(response.content):
        return f"HTTP {response.status_code}, an HTML page instead of JSON"
    return f"HTTP {response.status_code}"


def _access_message(site: str, response: requests.Response) -> str:
    """One line for a 401/403: what it means and what to do."""
    code, message = _error_code(response)
    said = f" ({code}: {message})" if code else ""
    if "disabled" in code:
        return (f"{site}: the site's REST API is disabled{said}; ask the site owner to enable it, "
                f"or {WXR_HINT}")
    if response.status_code == 401 or any(w in code for w in ("logged_in", "login", "auth", "cannot_access")):
        return (f"{site}: the site's REST API needs authentication{said}; fetching private content is not "
                f"supported — ask the site owner, or {WXR_HINT}")
    if not code and _looks_like_html(response.content):
        said = " (an HTML page: a firewall or security plugin may block the REST API or automated clients)"
    return (f"{site}: the site refuses REST API requests (HTTP {response.status_code}){said}; ask the site owner, "
            f"or {WXR_HINT}")


# --------------------------------------------------------------------------- finding the API


@dataclass
class Api:
    site: str
    root: str  # the index URL that answered
    style: str  # "path": /wp-json/ROUTE, "query": /?rest_route=ROUTE
    info: dict

    def endpoint(self, route: str) -> tuple[str, dict]:
        if self.style == "path":
            return self.root.rstrip("/") + route, {}
        return self.root, {"rest_route": route}


def discover(client: Client, site: str) -> Api:
    """Find the REST API: `/wp-json/`, else `/?rest_route=/` (plain permalinks)."""
    tried = []
    for style, url, params in (("path", site + "/wp-json/", {}), ("query", site + "/", {"rest_route": "/"})):
        try:
            response = client.get(url, {**params, "_fields": INDEX_FIELDS})
        except Unreachable as error:
            raise FetchError(f"cannot reach {site}: {error}") from error
        except KeptFailing as error:
            raise FetchError(f"{site}: the site keeps failing ({error}); try again later, "
                             "or with a larger --delay") from error
        if "wp-login.php" in urlsplit(response.url).path:  # a "force login" plugin redirected us
            raise FetchError(f"{site}: the site's REST API needs authentication (it redirects to the login "
                             f"page); fetching private content is not supported — ask the site owner, or {WXR_HINT}")
        value = _json_value(response.content) if response.ok else None
        if isinstance(value, dict) and isinstance(value.get("namespaces"), list):
            if "wp/v2" in value["namespaces"]:
                parts = urlsplit(response.url)
                root = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
                return Api(site, root, style, value)
            tried.append(("nowp", response))
        elif response.status_code in (401, 403):
            raise FetchError(_access_message(site, response))
        else:
            html = response.ok and _looks_like_html(response.content)
            tried.append(("html" if html else str(response.status_code), response))
    kinds = [kind for kind, _ in tried]
    where = "at /wp-json/ and /?rest_route=/"
    if "nowp" in kinds:
        raise FetchError(f"{site}: the REST API has no wp/v2 routes (posts, pages...): a plugin may have "
                         f"removed them; ask the site owner, or {WXR_HINT}")
    if "html" in kinds and all(r.ok for _, r in tried):  # a theme page, a "coming soon" page...
        raise FetchError(f"{site}: answered with an HTML page instead of JSON {where}: not a WordPress site, or "
                         f"its REST API is disabled; check the address, or {WXR_HINT}")
    if all(kind == "404" for kind in kinds):
        raise FetchError(f"{site}: no WordPress REST API found (HTTP 404 {where}); check the address "
                         "(a WordPress in a sub-folder needs the folder in SITE_URL)")
    statuses = ", ".join(_describe(r) for _, r in tried)
    raise FetchError(f"{site}: no WordPress REST API found {where} ({statuses}); check the address, or {WXR_HINT}")


# --------------------------------------------------------------------------- storage


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def create_file(path: Path, data: bytes) -> None:
    """Write `data` to a new file atomically; never replaces an existing file (FileExistsError)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            os.fchmod(stream.fileno(), 0o666 & ~_umask())
        try:
            os.link(temporary, path)  # atomic, and fails if the file exists
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links
            if path.exists():
                raise FileExistsError(path) from None
            os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)


class Store:
    """OUT/<site>/: page files, the state file, the run logs, the lock."""

    def __init__(self, root: Path):
        self.root = root

    @property
    def state_path(self) -> Path:
        return self.root / STATE_FILE

    def load_state(self) -> dict:
        if not self.state_path.exists():
            return {"format": STATE_FORMAT, "endpoints": {}}
        try:
            state = json.loads(self.state_path.read_text("utf-8"))
        except (OSError, ValueError) as error:
            raise ValueError(f"cannot read {self.state_path}: {error}; remove it to start over "
                             "(the next run then fetches everything again)") from error
        if not isinstance(state, dict) or state.get("format") != STATE_FORMAT:
            raise ValueError(f"{self.state_path} is not a fetch state this version understands; "
                             "remove it to start over")
        state.setdefault("endpoints", {})
        return state

    def save_state(self, state: dict) -> None:
        first = ("format", "site", "api", "site_name", "timezone_string", "gmt_offset", "last_run", "in_progress")
        ordered = {key: state[key] for key in first if key in state} | state
        write_atomic(self.state_path, json.dumps(ordered, indent=1, ensure_ascii=False) + "\n")

    def page_path(self, endpoint: str, run: str, page: int) -> Path:
        return self.root / endpoint / f"{run}-page-{page:04d}.json"

    def log(self, run: str, entry: dict) -> None:
        path = self.root / RUNS_DIR / f"{run}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as stream:
            stream.write(json.dumps(entry, ensure_ascii=False) + "\n")

    def run_exists(self, run: str) -> bool:
        return (self.root / RUNS_DIR / f"{run}.jsonl").exists() or any(self.root.glob(f"*/{run}-*"))

    @contextlib.contextmanager
    def lock(self):
        self.root.mkdir(parents=True, exist_ok=True)
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock
            yield
            return
        with open(self.root / LOCK_FILE, "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise ValueError(f"another fetch is writing to {self.root}/ (it holds {LOCK_FILE}); "
                                 "wait for it to finish") from None
            yield


# --------------------------------------------------------------------------- times


def _parse_gmt(value) -> datetime | None:
    if not isinstance(value, str) or value.startswith("0000"):
        return None
    try:
        return datetime.strptime(value[:19], TIME_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def _text(value: datetime) -> str:
    return value.astimezone(UTC).strftime(TIME_FORMAT)


def _server_time(response: requests.Response) -> str | None:
    """When the site produced this response: its Date header, less Age when a cache served it."""
    try:
        when = email.utils.parsedate_to_datetime(response.headers.get("Date", ""))
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    age = response.headers.get("Age", "").strip()
    if age.isdigit():
        when -= timedelta(seconds=int(age))
    return _text(when)


def _lower_bound(high_water_mark: str | None, first_read: str | None) -> str | None:
    """The `modified_after` for the next run: the high-water mark, moved back by the safety
    margin when the site was read less than that margin after it."""
    mark = _parse_gmt(high_water_mark)
    if mark is None:
        return None
    read = _parse_gmt(first_read)
    return _text(min(mark, read - SAFETY_MARGIN) if read else mark - SAFETY_MARGIN)


def new_run_id(state: dict, store: Store, now: datetime) -> str:
    """The UTC start time; always after the previous run's id, so runs sort in order."""
    when = now.astimezone(UTC).replace(microsecond=0)
    previous = [r for r in ((state.get("last_run") or {}).get("run"), (state.get("in_progress") or {}).get("run")) if r]
    for run in previous:
        try:
            when = max(when, datetime.strptime(run, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC) + timedelta(seconds=1))
        except ValueError:
            pass
    while store.run_exists(when.strftime("%Y%m%dT%H%M%SZ")):
        when += timedelta(seconds=1)
    return when.strftime("%Y%m%dT%H%M%SZ")


# --------------------------------------------------------------------------- fetching


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


def _items(body: bytes, endpoint: str) -> list:
    value = _json_value(body)
    if isinstance(value, list):
        return value
    if value is None:
        what = "an HTML page" if _looks_like_html(body) else "not JSON"
        raise EndpointError(f"{endpoint}: the response is {what}, not a list of {endpoint}")
    raise EndpointError(f"{endpoint}: the response is JSON but not a list of {endpoint}")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _human(stamp: str) -> str:
    return stamp.replace("T", " ") + " UTC"


class Fetcher:
    def __init__(self, client: Client, api: Api, store: Store, state: dict, options: FetchOptions,
                 info: Callable[[str], None], warn: Callable[[str], None]):
        self.client, self.api, self.store, self.state, self.options = client, api, store, state, options
        self.info, self.warn = info, warn

    @property
    def run(self) -> dict:
        return self.state["in_progress"]

    def save(self) -> None:
        self.store.save_state(self.state)

    def _new_progress(self, ep: Endpoint, completed: dict) -> dict:
        fresh = self.run["full"] or not completed
        by_date = ep.incremental and not fresh and not completed.get("ignores_modified_after")
        return {
            "status": "running", "next_page": 1, "fresh": fresh, "by_date": by_date,
            "modified_after": completed.get("next_modified_after") if by_date else None,
            "total": None, "total_pages": None, "first_read": None, "items": 0, "new_items": 0, "new_files": 0,
            "high_water_mark": None, "recent": {}, "pages": [], "ignores_modified_after": False,
        }

    def _is_new(self, prog: dict, completed: dict, items: list, new_items: int, digest: str, page: int) -> bool:
        """Store this page? Always on a fresh run; else when it holds a post not seen at its
        current `modified` (incremental), or when its bytes differ from the last run's page."""
        if not items:
            return False
        if prog["fresh"]:
            return True
        if prog["by_date"]:
            return new_items > 0
        previous = completed.get("pages") or []
        if page <= len(previous):
            old = previous[page - 1]
            return not (old.get("sha256") == digest and (self.store.root / (old.get("file") or "")).is_file())
        return True

    def _track(self, prog: dict, completed: dict, items: list) -> int:
        """Follow the high-water mark and the items seen near it; returns how many items are new."""
        known = {} if prog["fresh"] else completed.get("recent") or {}
        limit = _parse_gmt(prog["modified_after"])
        new = 0
        for item in items:
            stamp = _parse_gmt(item.get("modified_gmt")) if isinstance(item, dict) else None
            if stamp is None:
                new += 1
                continue
            key, modified = str(item.get("id")), _text(stamp)
            if known.get(key) != modified:
                new += 1
            if prog["high_water_mark"] is None or modified > prog["high_water_mark"]:
                prog["high_water_mark"] = modified
            prog["recent"][key] = modified
            if limit and stamp < limit - timedelta(days=2):
                prog["ignores_modified_after"] = True
        prog["new_items"] += new
        floor = _lower_bound(prog["high_water_mark"], prog["first_read"])
        prog["recent"] = {k: v for k, v in prog["recent"].items() if floor is None or v >= floor}
        return new

    def fetch_endpoint(self, ep: Endpoint) -> EndpointOutcome:
        run = self.run
        completed = self.state["endpoints"].get(ep.name) or {}
        prog = run["endpoints"].get(ep.name)
        if prog and prog["status"] == "done":
            return EndpointOutcome(ep.name, "done", f"{ep.name}: already fetched in run {run['run']}")
        if not prog:
            prog = run["endpoints"][ep.name] = self._new_progress(ep, completed)
        first_page = prog["next_page"]
        prog["status"] = "running"
        url, params = self.api.endpoint(ep.route)
        params.update(per_page=run["per_page"], orderby="id", order="asc")
        if ep.embed:
            params["_embed"] = "1"
        if prog["modified_after"]:
            params["modified_after"] = prog["modified_after"] + "+00:00"  # requests sends + as %2B
        new_files: list[Path] = []
        bar = tqdm(total=prog["total_pages"], initial=first_page - 1, desc=ep.name, unit="page", disable=None,
                   leave=False, file=sys.stderr)
        try:
            while True:
                page = prog["next_page"]
                path = self.store.page_path(ep.name, run["run"], page)
                response = None
                if path.exists():  # stored just before an interruption: use it as it is
                    body = path.read_bytes()
                else:
                    response = self.client.get(url, {**params, "page": page})
                    if (response.status_code == 400 and page > 1
                            and _error_code(response)[0].endswith("invalid_page_number")):
                        break  # fewer pages than when the run began
                    if response.status_code != 200:
                        raise EndpointError(self._failure(ep, response), response.status_code in (401, 403))
                    body = response.content
                    prog["first_read"] = prog["first_read"] or _server_time(response)
                    for header, key in (("X-WP-TotalPages", "total_pages"), ("X-WP-Total", "total")):
                        value = response.headers.get(header, "").strip()
                        if value.isdigit():
                            prog[key] = int(value)
                items = _items(body, ep.name)
                digest = hashlib.sha256(body).hexdigest()
                new_items = self._track(prog, completed, items) if ep.incremental else len(items)
                stored_as = None
                if response is None:
                    stored_as = path
                elif self._is_new(prog, completed, items, new_items, digest, page):
                    create_file(path, body)
                    stored_as = path
                    self.store.log(run["run"], {
                        "file": path.relative_to(self.store.root).as_posix(), "endpoint": ep.name, "page": page,
                        "url": response.url, "status": response.status_code, "bytes": len(body), "sha256": digest,
                        "date": response.headers.get("Date"), "x_wp_total": response.headers.get("X-WP-Total"),
                        "x_wp_totalpages": response.headers.get("X-WP-TotalPages"),
                        "content_type": response.headers.get("Content-Type"),
                    })
                if stored_as:
                    prog["new_files"] += 1
                    new_files.append(stored_as)
                    file = stored_as.relative_to(self.store.root).as_posix()
                else:
                    previous = (completed.get("pages") or [])
                    file = previous[page - 1]["file"] if page <= len(previous) else None
                prog["pages"].append({"sha256": digest, "file": file})
                prog["items"] += len(items)
                prog["next_page"] = page + 1
                self.save()
                bar.total = prog["total_pages"]
                bar.update(1)
                total_pages = prog["total_pages"]
                if bar.disable and page % 50 == 0:  # no progress bar (not a terminal): a line now and then
                    self.info(f"{ep.name}: page {page} of {total_pages or '?'}")
                if not items or (total_pages is not None and page >= total_pages) or (
                        total_pages is None and len(items) < run["per_page"]):
                    break
        finally:
            bar.close()
        self._complete(ep, prog, completed)
        return EndpointOutcome(ep.name, "done", self._summary(ep, prog, first_page), new_files)

    def _failure(self, ep: Endpoint, response: requests.Response) -> str:
        text = f"{ep.name}: {_describe(response)}"
        if response.status_code in (401, 403):
            if ep.name == "posts":
                return _access_message(self.api.site, response)
            text += f"; the site does not show its {ep.name} to visitors (skip them with --skip {ep.name})"
        return text

    def _complete(self, ep: Endpoint, prog: dict, completed: dict) -> None:
        entry = {"run": self.run["run"], "finished": _text(datetime.now(UTC)), "per_page": self.run["per_page"],
                 "items": prog["items"], "total": prog["total"], "new_files": prog["new_files"]}
        if ep.incremental:
            mark = prog["high_water_mark"]
            old_mark = None if prog["fresh"] else completed.get("high_water_mark")
            if old_mark and (mark is None or old_mark > mark):
                mark = old_mark
            floor = _lower_bound(mark, prog["first_read"])
            recent = {} if prog["fresh"] else dict(completed.get("recent") or {})
            recent.update(prog["recent"])
            entry.update(high_water_mark=mark, next_modified_after=floor,
                         recent={k: v for k, v in sorted(recent.items()) if floor is None or v >= floor})
            if prog["ignores_modified_after"]:
                self.warn(f"warning: {ep.name}: this WordPress ignores modified_after (older than 5.7?); "
                          "later runs fetch every page and store only the pages that changed")
            if prog["ignores_modified_after"] or (completed.get("ignores_modified_after") and not prog["fresh"]):
                entry["ignores_modified_after"] = True
        if not prog["by_date"]:
            entry["pages"] = prog["pages"]
        self.state["endpoints"][ep.name] = entry
        prog["status"] = "done"
        for key in ("recent", "pages"):
            prog[key] = {} if key == "recent" else []
        self.save()

    def _summary(self, ep: Endpoint, prog: dict, first_page: int) -> str:
        parts = []
        if first_page > 1:
            parts.append(f"resumed run {self.run['run']} at page {first_page}")
        new = _plural(prog["new_files"], "new file") if prog["new_files"] else "nothing new"
        pages = prog["next_page"] - 1
        if prog["modified_after"]:
            since = _human(prog["modified_after"])
            if prog["new_items"]:
                parts.append(f"{prog['new_items']} new or changed since {since}; {new}")
            else:
                parts.append(f"nothing new since {since}")
        elif prog["items"] == 0 and first_page == 1:
            parts.append("none on the site")
        else:
            total = prog["total"] if prog["total"] is not None else prog["items"]
            parts.append(f"{_plural(total, 'item')} in {_plural(pages, 'page')}; {new}")
        return f"{ep.name}: " + "; ".join(parts)


def _say(stream) -> Callable[[str], None]:
    return lambda line: tqdm.write(line, file=stream)


def fetch_site(site_url: str, options: FetchOptions, *, session: requests.Session | None = None,
               sleep: Callable[[float], None] = time.sleep, info: Callable[[str], None] | None = None,
               warn: Callable[[str], None] | None = None, now: datetime | None = None) -> FetchResult:
    """Fetch every endpoint of one site into options.out/<site>/; never raises for site problems."""
    info = info or _say(sys.stdout)
    warn = warn or _say(sys.stderr)
    site = normalize_site_url(site_url)
    result = FetchResult(EXIT_OK)

    def fail(code: int, message: str) -> FetchResult:
        warn(f"error: {message}")
        result.exit_code = code
        result.messages.append(message)
        return result

    client = Client(options, session, sleep=sleep, warn=warn, loopback=is_loopback(site))
    try:
        api = discover(client, site)
    except FetchError as error:
        return fail(EXIT_UNAVAILABLE, str(error))
    except KeyboardInterrupt:
        return fail(EXIT_INTERRUPTED, "interrupted before anything was fetched")
    store = Store(options.out / site_key(site))
    result.site_dir = store.root
    try:
        with store.lock():
            state = store.load_state()
            return _fetch_all(api, client, store, state, options, result, info, warn, now or datetime.now(UTC))
    except ValueError as error:
        return fail(EXIT_PARTIAL, str(error))


def _fetch_all(api: Api, client: Client, store: Store, state: dict, options: FetchOptions, result: FetchResult,
               info, warn, now: datetime) -> FetchResult:
    run = state.get("in_progress")
    if run and options.full:
        info(f"Starting over (--full): the interrupted run {run['run']} is abandoned; its files are kept.")
        run = None
    if run:
        if run["per_page"] != options.per_page:
            info(f"Resuming run {run['run']} with its --per-page {run['per_page']} (not {options.per_page}).")
    else:
        run = {"run": new_run_id(state, store, now), "started": _text(now), "full": options.full,
               "per_page": options.per_page, "endpoints": {}}
    state.update(format=STATE_FORMAT, site=api.site, api=api.root, site_name=api.info.get("name"),
                 timezone_string=api.info.get("timezone_string"), gmt_offset=api.info.get("gmt_offset"))
    state["in_progress"] = run
    result.run = run["run"]
    shown = store.root
    with contextlib.suppress(ValueError):
        shown = store.root.resolve().relative_to(Path.cwd().resolve())
    info(f"Fetching {api.site} (REST API {api.root}) into {shown}/, run {run['run']}"
         + (" (resumed)" if run["endpoints"] else ""))
    fetcher = Fetcher(client, api, store, state, options, info, warn)
    interrupted = None
    for ep in ENDPOINTS:
        if ep.name in options.skip:
            continue
        try:
            outcome = fetcher.fetch_endpoint(ep)
            info(outcome.line)
        except EndpointError as error:
            run["endpoints"][ep.name]["status"] = "failed"
            outcome = EndpointOutcome(ep.name, "failed", str(error), access_denied=error.access_denied)
            warn(f"error: {error}")
        except (Unreachable, KeptFailing) as error:
            interrupted = f"{ep.name}: {'connection lost' if isinstance(error, Unreachable) else 'site kept failing'}" \
                          f" ({error})"
            outcome = EndpointOutcome(ep.name, "interrupted", interrupted)
        except KeyboardInterrupt:
            interrupted = f"{ep.name}: interrupted"
            outcome = EndpointOutcome(ep.name, "interrupted", interrupted)
            result.exit_code = EXIT_INTERRUPTED
        result.outcomes.append(outcome)
        store.save_state(state)
        if interrupted:
            break
    new = len(result.new_files)
    if interrupted:
        pending = [f"{name} at page {p['next_page']}" for name, p in run["endpoints"].items() if p["status"] != "done"]
        warn(f"error: {interrupted}; what was fetched is kept. Run the same command again to resume "
             f"({', '.join(pending)}).")
        result.exit_code = result.exit_code or EXIT_PARTIAL
        return result
    failed = [o for o in result.outcomes if o.status == "failed"]
    state.pop("in_progress", None)
    state["last_run"] = {"run": run["run"], "started": run["started"], "finished": _text(datetime.now(UTC)),
                         "new_files": new, "failed": [o.name for o in failed]}
    store.save_state(state)
    if new:
        info(f"Fetched {_plural(new, 'new file')} into {shown}/ (run {run['run']}).")
    elif not failed:
        info(f"Nothing new: {shown}/ is up to date.")
    if failed:
        done = [o for o in result.outcomes if o.status == "done"]
        if not done and all(o.access_denied for o in failed):
            result.exit_code = EXIT_UNAVAILABLE
        else:
            result.exit_code = EXIT_PARTIAL
            warn(f"{_plural(len(failed), 'endpoint')} failed ({', '.join(o.name for o in failed)}); "
                 "the rest was fetched.")
    return result
