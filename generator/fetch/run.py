"""One fetch of one site: find its API, take the lock, fetch every endpoint, say how it went.

Never raises for site problems: every failure becomes a message and an exit code.
"""
from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import requests
from tqdm import tqdm

from .address import is_loopback, normalize_site_url, site_key
from .api import Api, discover
from .client import Client
from .errors import EndpointError, FetchError, KeptFailing, Unreachable
from .models import (
    ENDPOINTS,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_UNAVAILABLE,
    Endpoint,
    EndpointOutcome,
    FetchOptions,
    FetchResult,
)
from .paging import Fetcher
from .progress import finish_run, pending, start_run
from .store import Store
from .summary import plural


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
    run = start_run(state, store, api, options, now, info)
    result.run = run["run"]
    shown = _shown(store.root)
    info(f"Fetching {api.site} (REST API {api.root}) into {shown}/, run {run['run']}"
         + (" (resumed)" if run["endpoints"] else ""))
    fetcher = Fetcher(client, api, store, state, options, info, warn)
    for ep in ENDPOINTS:
        if ep.name in options.skip:
            continue
        outcome = _fetch_endpoint(fetcher, ep, result, info, warn)
        result.outcomes.append(outcome)
        store.save_state(state)
        if outcome.status == "interrupted":
            warn(f"error: {outcome.line}; what was fetched is kept. Run the same command again to resume "
                 f"({', '.join(pending(run))}).")
            result.exit_code = result.exit_code or EXIT_PARTIAL
            return result
    return _finish(state, store, run, result, shown, info, warn)


def _shown(root: Path) -> Path:
    """The site folder as printed: relative to the working directory when inside it."""
    with contextlib.suppress(ValueError):
        return root.resolve().relative_to(Path.cwd().resolve())
    return root


def _fetch_endpoint(fetcher: Fetcher, ep: Endpoint, result: FetchResult, info, warn) -> EndpointOutcome:
    """Fetch one endpoint; a failure ends this endpoint, a lost connection or Ctrl-C the run."""
    try:
        outcome = fetcher.fetch_endpoint(ep)
        info(outcome.line)
        return outcome
    except EndpointError as error:
        fetcher.run["endpoints"][ep.name]["status"] = "failed"
        warn(f"error: {error}")
        return EndpointOutcome(ep.name, "failed", str(error), access_denied=error.access_denied)
    except (Unreachable, KeptFailing) as error:
        what = "connection lost" if isinstance(error, Unreachable) else "site kept failing"
        return EndpointOutcome(ep.name, "interrupted", f"{ep.name}: {what} ({error})")
    except KeyboardInterrupt:
        result.exit_code = EXIT_INTERRUPTED
        return EndpointOutcome(ep.name, "interrupted", f"{ep.name}: interrupted")


def _finish(state: dict, store: Store, run: dict, result: FetchResult, shown: Path, info, warn) -> FetchResult:
    new = len(result.new_files)
    failed = [o for o in result.outcomes if o.status == "failed"]
    finish_run(state, run, new, failed)
    store.save_state(state)
    if new:
        info(f"Fetched {plural(new, 'new file')} into {shown}/ (run {run['run']}).")
    elif not failed:
        info(f"Nothing new: {shown}/ is up to date.")
    if not failed:
        return result
    done = [o for o in result.outcomes if o.status == "done"]
    if not done and all(o.access_denied for o in failed):
        result.exit_code = EXIT_UNAVAILABLE  # the site refuses everything: as if its API were locked
    else:
        result.exit_code = EXIT_PARTIAL
        warn(f"{plural(len(failed), 'endpoint')} failed ({', '.join(o.name for o in failed)}); "
             "the rest was fetched.")
    return result
