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

One concern per module, in the order a run uses them:

    models       options, the endpoints, outcomes, exit codes (errors: the exceptions)
    address      the site's address: normalised, as a folder name
    client       HTTP GET: pacing, retries with backoff, Retry-After
    api          finding the REST API (/wp-json/ or ?rest_route=)
    responses    reading answers: JSON (salvaged), error codes, messages
    store        the site folder on disk: pages, run logs, state file, lock
    progress     run ids, the run in progress, each endpoint's progress
    incremental  modified_after, the high-water mark, what is worth storing (times: its stamps)
    paging       one endpoint, page by page
    summary      the words of what a run prints
    run          one fetch of one site, start to finish: fetch_site
"""
from __future__ import annotations

from ..sources.idlists import STATE_FILE
from .address import normalize_site_url, site_key
from .client import Client
from .errors import EndpointError, FetchError, KeptFailing, Unreachable
from .models import ENDPOINTS, Endpoint, EndpointOutcome, FetchOptions, FetchResult
from .run import fetch_site
from .store import RUNS_DIR, Store

__all__ = [
    "ENDPOINTS", "RUNS_DIR", "STATE_FILE", "Client", "Endpoint", "EndpointError", "EndpointOutcome", "FetchError",
    "FetchOptions", "FetchResult", "KeptFailing", "Store", "Unreachable", "fetch_site", "normalize_site_url", "site_key",
]
