"""The plan of an import's writes, as plain data: one entry per path of docs/, with what to do there.

The stages that make pages (pages/*.py) return entries; the writer (PageWriter.apply) carries them
out and records an Outcome for each. A path is planned at most once a run: who gets a contested
path is decided by one rule, core/paths.py `claim` (the first claimant, in the order the import
plans in; a later one takes an alternative it has, as an article's `-2` page, or none). An entry
has no alternative: the Plan refuses a second entry for a path (SecondWrite), whichever stage asks,
so a collision between two stages is a bug found here, never settled by whichever wrote last.

Actions:
  write    a file the importer owns whole (charts, graph data, feeds, year pages, records): `text`
  redirect a redirect page the importer owns whole (old WordPress addresses): `text`; as write
  page     an article page, merged with a person's edits through its copy in docs/.generated: `text`
  create   a new page whose record in docs/.generated marks it as the importer's (entity stubs):
           `text` and `record`
  section  the generated part of a listing or entity page (between BEGIN/END GENERATED): `section`,
           spliced into the page's text as it is on disk (or into `text`, when given)
  untouched a page known to hold what this run would write: nothing read, nothing written
  keep     a page left as a person made it, with why (`detail`): nothing written
  retire   a page whose post or list has gone: removed with its record and the folders that empties;
           `detail` says why
  remove   a file no longer made (a pruned chart, year page or old address), with its record if any
  forget   the record in docs/.generated of a page that is gone already (`path` is the record's)
  tidy     the folders under `path` left empty, removed (the folder itself too, as git keeps none)
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..core.paths import claim

WRITE, REDIRECT, PAGE, CREATE, SECTION = "write", "redirect", "page", "create", "section"
UNTOUCHED, KEEP, RETIRE, REMOVE, FORGET, TIDY = "untouched", "keep", "retire", "remove", "forget", "tidy"
ACTIONS = {WRITE, REDIRECT, PAGE, CREATE, SECTION, UNTOUCHED, KEEP, RETIRE, REMOVE, FORGET, TIDY}
GONE = {RETIRE, REMOVE}  # actions after which the path holds no file
OWNED = {WRITE, REDIRECT}  # actions whose `text` is the file's whole content


class SecondWrite(RuntimeError):
    """Two stages of one import planned the same file: a bug in the planning, never settled by
    whichever wrote last."""


@dataclass(slots=True)
class Entry:
    """What one run does at one docs-relative path."""

    path: str
    action: str
    text: str | bytes | None = None  # write, redirect, page, create; section: the text to splice into
    record: str | None = None  # create: what docs/.generated keeps for the page
    section: Any = None  # section: the GeneratedPage
    detail: str = ""  # keep, retire: why


def write(path: str, text: str | bytes) -> Entry:
    return Entry(path, WRITE, text)


def writes(files: dict[str, str], action: str = WRITE) -> list[Entry]:
    """An entry for each file of {path: text}, in its order."""
    return [Entry(path, action, text) for path, text in files.items()]


def section(page, base: str | None = None) -> Entry:
    """The generated part of `page` (a GeneratedPage), into `base` when given, else the file's text."""
    return Entry(page.path, SECTION, base, section=page)


class Plan:
    """Every path this run planned (with its action) and the entries not yet carried out, in order.

    Entries wait in `pending` until PageWriter.apply carries them out; what was planned stays known
    (`action_of`, `in`), so a later stage can ask whether a path is taken, and a second entry for
    it is refused."""

    def __init__(self) -> None:
        self.action_of: dict[str, str] = {}
        self.pending: deque[Entry] = deque()

    def add(self, entry: Entry) -> Entry:
        if entry.action not in ACTIONS:
            raise ValueError(f"{entry.path}: unknown action {entry.action!r}")
        if claim(entry.path, self.action_of) is None:  # the one collision rule, with no alternative
            raise SecondWrite(f"{entry.path}: planned twice in one import ({self.action_of[entry.path]}, then "
                              f"{entry.action}); please report this as a bug")
        self.action_of[entry.path] = entry.action
        self.pending.append(entry)
        return entry

    def extend(self, entries: Iterable[Entry]) -> Plan:
        for entry in entries:
            self.add(entry)
        return self

    def __contains__(self, path: str) -> bool:
        return path in self.action_of

    @property
    def paths(self):
        """The paths planned so far (a live view)."""
        return self.action_of.keys()
