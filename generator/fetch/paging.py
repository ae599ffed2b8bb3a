"""One endpoint, page by page: ask for the next page, store it if it holds anything new, and
save the progress after every page, so that an interrupted run resumes at the next one.

Every endpoint is paged in id order. Unlike `modified` order, ids are unique (no ties for
MySQL to order differently from one page to the next) and an edit does not move a post to
another page, so a resumed run is consistent.
"""
from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests
from tqdm import tqdm

from ..sources.idlists import ID_LISTS, read_id_lists, stored_ids
from .api import Api
from .client import Client
from .errors import EndpointError
from .incremental import should_store, track
from .models import LISTED_IN, Endpoint, EndpointOutcome, FetchOptions
from .progress import completed_entry, new_progress
from .responses import access_message, describe, error_code, items_of
from .store import Store, create_file
from .summary import endpoint_summary, plural
from .times import server_time


@dataclass
class FetchedPage:
    number: int
    path: Path  # where it is stored, or would be
    body: bytes
    response: requests.Response | None = None  # None: stored just before an interruption, read back


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

    def fetch_endpoint(self, ep: Endpoint) -> EndpointOutcome:
        completed = self.state["endpoints"].get(ep.name) or {}
        prog = self.run["endpoints"].get(ep.name)
        if prog and prog["status"] == "done":
            return EndpointOutcome(ep.name, "done", f"{ep.name}: already fetched in run {self.run['run']}")
        if not prog:
            prog = self.run["endpoints"][ep.name] = new_progress(ep, completed, self.run["full"])
        first_page = prog["next_page"]
        prog["status"] = "running"
        new_files = self._fetch_pages(ep, prog, completed)
        self._complete(ep, prog, completed)
        line = endpoint_summary(ep.name, prog, first_page, self.run["run"])
        if ep.name in LISTED_IN:
            found, files = self._fetch_missed(LISTED_IN[ep.name], ID_LISTS[ep.name])
            new_files += files
            if found:
                line += f"; {plural(found, ID_LISTS[ep.name])} that earlier runs missed, fetched"
        return EndpointOutcome(ep.name, "done", line, new_files)

    def _fetch_missed(self, ep: Endpoint, kind: str) -> tuple[int, list[Path]]:
        """Posts the id list names that no stored page holds: an incremental run cannot see a
        post whose `modified` time is older than its mark (back-dated, imported). Fetched by id,
        a page's worth at a time, into <run>-missed-NNNN.json; a later run asks again for any
        still missing."""
        listed = read_id_lists(self.store.root).get(kind)
        missing = sorted(listed.ids - stored_ids(self.store.root / ep.name)) if listed else []
        url, params = self._query(ep)
        run, size, found, files = self.run["run"], self.run["per_page"], 0, []
        number = len(list((self.store.root / ep.name).glob(f"{run}-missed-*.json")))
        for start in range(0, len(missing), size):
            wanted = set(missing[start:start + size])
            response = self.client.get(url, {**params, "include": ",".join(map(str, sorted(wanted))), "page": 1})
            if response.status_code != 200:
                raise EndpointError(self._failure(ep, response), response.status_code in (401, 403))
            served = [i for i in items_of(response.content, ep.name) if isinstance(i, dict) and i.get("id") in wanted]
            if served:  # a site that ignores `include` serves other posts: nothing to keep
                number += 1
                page = FetchedPage(number, self.store.root / ep.name / f"{run}-missed-{number:04d}.json",
                                   response.content, response)
                self._store(ep, page, hashlib.sha256(page.body).hexdigest())
                found, files = found + len(served), [*files, page.path]
        return found, files

    def _fetch_pages(self, ep: Endpoint, prog: dict, completed: dict) -> list[Path]:
        url, params = self._query(ep, prog["modified_after"])
        new_files: list[Path] = []
        bar = tqdm(total=prog["total_pages"], initial=prog["next_page"] - 1, desc=ep.name, unit="page", disable=None,
                   leave=False, file=sys.stderr)
        try:
            while True:
                page = self._get_page(ep, prog, url, params)
                if page is None:
                    break  # fewer pages than when the run began
                items = self._take_page(ep, prog, completed, page, new_files)
                self._show(bar, ep, prog, page.number)
                if _is_last(items, page.number, prog["total_pages"], self.run["per_page"]):
                    break
        finally:
            bar.close()
        return new_files

    def _query(self, ep: Endpoint, modified_after: str | None = None) -> tuple[str, dict]:
        url, params = self.api.endpoint(ep.route)
        params.update(per_page=self.run["per_page"], orderby="id", order="asc")
        if ep.embed:
            params["_embed"] = "1"
        if ep.fields:
            params["_fields"] = ep.fields
        if modified_after:
            params["modified_after"] = modified_after + "+00:00"  # requests sends + as %2B
        return url, params

    def _get_page(self, ep: Endpoint, prog: dict, url: str, params: dict) -> FetchedPage | None:
        """The next page, or None when the site has no such page any more."""
        number = prog["next_page"]
        path = self.store.page_path(ep.name, self.run["run"], number)
        if path.exists():  # stored just before an interruption: use it as it is
            return FetchedPage(number, path, path.read_bytes())
        response = self.client.get(url, {**params, "page": number})
        if response.status_code == 400 and number > 1 and error_code(response)[0].endswith("invalid_page_number"):
            return None
        if response.status_code != 200:
            raise EndpointError(self._failure(ep, response), response.status_code in (401, 403))
        prog["first_read"] = prog["first_read"] or server_time(response)
        for header, key in (("X-WP-TotalPages", "total_pages"), ("X-WP-Total", "total")):
            value = response.headers.get(header, "").strip()
            if value.isdigit():
                prog[key] = int(value)
        return FetchedPage(number, path, response.content, response)

    def _take_page(self, ep: Endpoint, prog: dict, completed: dict, page: FetchedPage, new_files: list[Path]) -> list:
        """Store the page if it is new and note it in the progress; returns its items."""
        items = items_of(page.body, ep.name)
        digest = hashlib.sha256(page.body).hexdigest()
        new_items = track(prog, completed, items) if ep.incremental else len(items)
        stored = page.response is None  # stored by this run before an interruption
        if not stored and should_store(prog, completed, items, new_items, digest, page.number, self.store.root):
            self._store(ep, page, digest)
            stored = True
        if stored:
            prog["new_files"] += 1
            new_files.append(page.path)
        file = self.store.relative(page.path) if stored else _previous_file(completed, page.number)
        prog["pages"].append({"sha256": digest, "file": file})
        prog["items"] += len(items)
        prog["next_page"] = page.number + 1
        self.save()
        return items

    def _store(self, ep: Endpoint, page: FetchedPage, digest: str) -> None:
        response, body = page.response, page.body
        create_file(page.path, body)
        self.store.log(self.run["run"], {
            "file": self.store.relative(page.path), "endpoint": ep.name, "page": page.number,
            "url": response.url, "status": response.status_code, "bytes": len(body), "sha256": digest,
            "date": response.headers.get("Date"), "x_wp_total": response.headers.get("X-WP-Total"),
            "x_wp_totalpages": response.headers.get("X-WP-TotalPages"),
            "content_type": response.headers.get("Content-Type"),
        })

    def _show(self, bar: tqdm, ep: Endpoint, prog: dict, page: int) -> None:
        bar.total = prog["total_pages"]
        bar.update(1)
        if bar.disable and page % 50 == 0:  # no progress bar (not a terminal): a line now and then
            self.info(f"{ep.name}: page {page} of {prog['total_pages'] or '?'}")

    def _failure(self, ep: Endpoint, response: requests.Response) -> str:
        text = f"{ep.name}: {describe(response)}"
        if response.status_code in (401, 403):
            if ep.name == "posts":
                return access_message(self.api.site, response)
            text += f"; the site does not show its {ep.name} to visitors (skip them with --skip {ep.name})"
        return text

    def _complete(self, ep: Endpoint, prog: dict, completed: dict) -> None:
        if ep.incremental and prog["ignores_modified_after"]:
            self.warn(f"warning: {ep.name}: this WordPress ignores modified_after (older than 5.7?); "
                      "later runs fetch every page and store only the pages that changed")
        self.state["endpoints"][ep.name] = completed_entry(self.run, ep, prog, completed)
        prog["status"] = "done"
        prog["recent"], prog["pages"] = {}, []
        self.save()


def _previous_file(completed: dict, page: int) -> str | None:
    """The file the last complete run listed for this page number, if any."""
    previous = completed.get("pages") or []
    return previous[page - 1]["file"] if page <= len(previous) else None


def _is_last(items: list, page: int, total_pages: int | None, per_page: int) -> bool:
    return not items or (total_pages is not None and page >= total_pages) or (
        total_pages is None and len(items) < per_page)
