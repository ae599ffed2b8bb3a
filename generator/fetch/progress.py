"""What a run remembers, in the state file, so that the next run continues from it: run ids,
the run in progress and each endpoint's progress (for resuming at the next page), and what
each endpoint's last complete run fetched."""
from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from .api import Api
from .incremental import next_marks
from .models import Endpoint, EndpointOutcome, FetchOptions
from .store import STATE_FORMAT, Store
from .times import RUN_ID_FORMAT, utc_text


def new_run_id(state: dict, store: Store, now: datetime) -> str:
    """The UTC start time; always after the previous run's id, so runs sort in order."""
    when = now.astimezone(UTC).replace(microsecond=0)
    previous = [r for r in ((state.get("last_run") or {}).get("run"), (state.get("in_progress") or {}).get("run")) if r]
    for run in previous:
        try:
            when = max(when, datetime.strptime(run, RUN_ID_FORMAT).replace(tzinfo=UTC) + timedelta(seconds=1))
        except ValueError:
            pass
    while store.run_exists(when.strftime(RUN_ID_FORMAT)):
        when += timedelta(seconds=1)
    return when.strftime(RUN_ID_FORMAT)


def start_run(state: dict, store: Store, api: Api, options: FetchOptions, now: datetime,
              info: Callable[[str], None]) -> dict:
    """Resume the interrupted run (unless --full), else begin a new one; it becomes `in_progress`."""
    run = state.get("in_progress")
    if run and options.full:
        info(f"Starting over (--full): the interrupted run {run['run']} is abandoned; its files are kept.")
        run = None
    if run:
        if run["per_page"] != options.per_page:
            info(f"Resuming run {run['run']} with its --per-page {run['per_page']} (not {options.per_page}).")
    else:
        run = {"run": new_run_id(state, store, now), "started": utc_text(now), "full": options.full,
               "per_page": options.per_page, "endpoints": {}}
    state.update(format=STATE_FORMAT, site=api.site, api=api.root, site_name=api.info.get("name"),
                 timezone_string=api.info.get("timezone_string"), gmt_offset=api.info.get("gmt_offset"))
    state["in_progress"] = run
    return run


def finish_run(state: dict, run: dict, new_files: int, failed: list[EndpointOutcome]) -> None:
    """The run is no longer in progress; `last_run` says what it did."""
    state.pop("in_progress", None)
    state["last_run"] = {"run": run["run"], "started": run["started"], "finished": utc_text(datetime.now(UTC)),
                         "new_files": new_files, "failed": [o.name for o in failed]}


def pending(run: dict) -> list[str]:
    """Where an interrupted run resumes: `posts at page 2`."""
    return [f"{name} at page {p['next_page']}" for name, p in run["endpoints"].items() if p["status"] != "done"]


def new_progress(ep: Endpoint, completed: dict, full: bool) -> dict:
    """An endpoint's progress in the run; `completed` is what its last complete run left."""
    fresh = full or not completed
    by_date = ep.incremental and not fresh and not completed.get("ignores_modified_after")
    return {
        "status": "running", "next_page": 1, "fresh": fresh, "by_date": by_date,
        "modified_after": completed.get("next_modified_after") if by_date else None,
        "total": None, "total_pages": None, "first_read": None, "items": 0, "new_items": 0, "new_files": 0,
        "high_water_mark": None, "recent": {}, "pages": [], "ignores_modified_after": False,
    }


def completed_entry(run: dict, ep: Endpoint, prog: dict, completed: dict) -> dict:
    """What the state file keeps of an endpoint once the run has fetched all of it."""
    entry = {"run": run["run"], "finished": utc_text(datetime.now(UTC)), "per_page": run["per_page"],
             "items": prog["items"], "total": prog["total"], "new_files": prog["new_files"]}
    if ep.incremental:
        entry.update(next_marks(prog, completed))
    if not prog["by_date"]:
        entry["pages"] = prog["pages"]
    return entry
