"""OUT/<site>/ on disk: raw pages written once and atomically, the run logs, the state file, the lock.

This is the only module of the fetcher that writes files.
"""
from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

from ..sources.idlists import STATE_FILE
from ..write import write_atomic

RUNS_DIR = ".fetch-runs"
LOCK_FILE = ".fetch.lock"
STATE_FORMAT = 1
# The state file's keys in this order, for a reader's sake; the endpoints after them.
_STATE_KEYS = ("format", "site", "api", "site_name", "timezone_string", "gmt_offset", "last_run", "in_progress")


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
        ordered = {key: state[key] for key in _STATE_KEYS if key in state} | state
        write_atomic(self.state_path, json.dumps(ordered, indent=1, ensure_ascii=False) + "\n")

    def page_path(self, endpoint: str, run: str, page: int) -> Path:
        return self.root / endpoint / f"{run}-page-{page:04d}.json"

    def relative(self, path: Path) -> str:
        """A stored file as the state file and the run log name it."""
        return path.relative_to(self.root).as_posix()

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
