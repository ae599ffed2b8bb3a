"""Folders emptied for a full build, deleted while the build goes on.

A full build starts from an empty site/ (as `mkdocs build` cleans it) and an empty folder of search
copies. Deleting the last build's at 10,000 posts (about 57,000 files and 25,000 folders) took
7 s or more of the main process's time, before any page was rendered and with the second core
idle (much more on a busy disk). Their entries are moved instead into a hidden folder inside
them, one rename each on the same file system, and a child process deletes that folder while the
pages are rendered; the build waits for it before it indexes or returns, so what it leaves is
the same. A folder left by an interrupted build is taken along by the next one.
"""
from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
import threading
from pathlib import Path

PREFIX = ".wpkb-trash-"


class Trash:
    def __init__(self):
        self._pending: list[tuple[Path, object]] = []

    def empty(self, folder: Path, keep_hidden: bool) -> None:
        """Empty `folder` (leaving its hidden entries when `keep_hidden`, as MkDocs' clean_directory
        does) at the cost of a rename per entry; the entries are deleted in the background."""
        if not folder.is_dir():
            return
        names = [name for name in os.listdir(folder)
                 if not (keep_hidden and name.startswith(".")) or name.startswith(PREFIX)]
        if not names:
            return
        bin_ = Path(tempfile.mkdtemp(prefix=PREFIX, dir=folder))
        for name in names:
            os.replace(folder / name, bin_ / name)
        self._pending.append((bin_, _start(bin_)))

    def wait(self) -> None:
        """Wait until every folder set aside is deleted (deleting here what the background left)."""
        pending, self._pending = self._pending, []
        for bin_, worker in pending:
            worker.join()
            if bin_.exists():
                shutil.rmtree(bin_)


def _start(path: Path):
    """shutil.rmtree(path) in a child process (a thread where processes cannot be forked): it is
    mostly the kernel's work, which then goes on beside the main process's."""
    if "fork" in multiprocessing.get_all_start_methods():
        worker = multiprocessing.get_context("fork").Process(target=shutil.rmtree, args=(path, True), daemon=True)
    else:
        worker = threading.Thread(target=shutil.rmtree, args=(path, True), daemon=True)
    worker.start()
    return worker
