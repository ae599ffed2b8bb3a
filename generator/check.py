"""The check stage: validate every page in docs/ and say where each problem is.

Gather, then check: the entity pages are read first (they are the registry of names), then
every other page is read once and checked against them. Problems are `Problem` records
(`path:line: error: message`); nothing here prints or exits, the CLI does.

Line numbers come from PyYAML's node API (yaml.compose): each key, value and list item
carries its position, so a message points at the line to edit, not at the page.
"""
from __future__ import annotations

import difflib
import os
import posixpath
import re
from calendar import month_name, monthrange
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

import yaml

from .frontmatter import split_front_matter
from .listings import BEGIN, END
from .registry import FOLDERS, TYPE_OF_FOLDER, TYPES, page_for

ERROR, WARNING = "error", "warning"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: same nodes, faster

_TAG = "tag:yaml.org,2002:"
STR, NULL, BOOL, INT, FLOAT, TIMESTAMP = (_TAG + t for t in ("str", "null", "bool", "int", "float", "timestamp"))
_TEXT_TAGS = {STR, INT, FLOAT, TIMESTAMP}  # what a reader gets back as words ("2018", "1.5")

ENTITY_FOLDERS = tuple(FOLDERS.values())
ACTOR_KEYS = {"people": "person", "states": "state", "organizations": "organization"}
# Where an article lists each type of entity, for "move it to ..." hints.
LISTED_UNDER = {"person": "actors.people", "state": "actors.states", "organization": "actors.organizations",
                "place": "places"}
# Keys MkDocs and Material read from any page: not ours, but not unknown either.
MKDOCS_KEYS = ("hide", "template", "icon", "search", "comments", "status_text")


# --- records -------------------------------------------------------------------------------

@dataclass(frozen=True, order=True)
class Problem:
    path: str  # as printed: relative to the current directory
    line: int
    level: str  # ERROR or WARNING
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.level}: {self.message}"


@dataclass
class Report:
    pages: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(p.level == ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.level == WARNING for p in self.problems)

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def summary(self) -> str:
        def count(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 else 's'}"
        return f"checked {count(self.pages, 'page')}: {count(self.errors, 'error')}, {count(self.warnings, 'warning')}"


@dataclass
class Page:
    """One Markdown file, read and parsed once."""

    rel: str  # relative to docs/, POSIX
    shown: str  # as printed
    text: str
    meta: yaml.Node | None = None  # the front-matter's root node; None when there is none
    has_front_matter: bool = False
    body: str = ""
    body_line: int = 1  # file line of the body's first line

    @property
    def folder(self) -> str:
        return posixpath.dirname(self.rel)


@dataclass
class Claim:
    """A name or alias an entity page claims, and where."""

    surface: str
    line: int
    is_name: bool


@dataclass
class EntityRecord:
    page: Page
    type: str
    name: str = ""
    claims: list[Claim] = field(default_factory=list)
    discovered: bool = False
    has_aliases: bool = False

    @property
    def in_registry(self) -> bool:
        """As registry.load_registry sees it: an unreviewed stub without aliases is no input."""
        return not (self.discovered and not self.has_aliases)


@dataclass(frozen=True)
class Suggestion:
    score: float
    type: str
    surface: str  # the name or alias that matched
    name: str  # its entity's name

    def __str__(self) -> str:
        said = f'"{self.surface}"' if self.surface == self.name else f'"{self.surface}" ({self.name})'
        return f"did you mean {said}?"


class Names:
    """Every name and alias of every entity page, stubs included: what an article may list."""

    def __init__(self, records: list[EntityRecord]):
        self.canonical: dict[str, dict[str, str]] = {kind: {} for kind in TYPES}
        self.lowered: dict[str, dict[str, tuple[str, str]]] = {kind: {} for kind in TYPES}  # (surface, name)
        for record in records:
            for claim in record.claims:
                self.canonical[record.type].setdefault(claim.surface, record.name)
                self.lowered[record.type].setdefault(claim.surface.lower(), (claim.surface, record.name))

    def known(self, kind: str, name: str) -> bool:
        return name in self.canonical[kind]

    def types_of(self, name: str) -> list[str]:
        return [kind for kind in TYPES if name in self.canonical[kind]]

    def suggest(self, kind: str, name: str) -> Suggestion | None:
        """The closest name or alias of this type, by difflib's ratio, ignoring case."""
        close = difflib.get_close_matches(name.lower(), self.lowered[kind], n=1, cutoff=0.75)
        if not close:
            return None
        surface, canonical = self.lowered[kind][close[0]]
        score = difflib.SequenceMatcher(None, name.lower(), close[0]).ratio()
        return Suggestion(score, kind, surface, canonical)

    def best_suggestion(self, kind: str, name: str) -> Suggestion | None:
        """The closest match of any type; on a tie, the expected type."""
        found = [s for s in (self.suggest(k, name) for k in (kind, *(t for t in TYPES if t != kind))) if s]
        return max(found, key=lambda s: s.score, default=None)  # max keeps the first of equals


# --- reading ---------------------------------------------------------------------------------

class Checker:
    """Collects problems for one page at a time."""

    def __init__(self, report: Report, files: set[str], dirs: set[str], docs_shown: str = "docs"):
        self.report = report
        self.docs_shown = docs_shown  # the docs folder as printed, for messages
        self.files, self.dirs = files, dirs
        self.page: Page | None = None
        self.names: Names | None = None
        self.link_cache: dict[tuple[str, str], tuple[str, str] | None] = {}

    def error(self, line: int, message: str) -> None:
        self.report.problems.append(Problem(self.page.shown, line, ERROR, message))

    def warning(self, line: int, message: str) -> None:
        self.report.problems.append(Problem(self.page.shown, line, WARNING, message))


def line_of(node: yaml.Node) -> int:
    """File line of a front-matter node: the YAML starts on line 2, after the opening ---."""
    return node.start_mark.line + 2


def read_page(path: Path, rel: str, shown: str, check: Checker) -> Page | None:
    page = Page(rel, shown, "")
    check.page = page
    try:
        page.text = path.read_text("utf-8-sig")  # as MkDocs reads it: a byte-order mark is no problem
    except UnicodeDecodeError as error:
        check.error(1, f"not UTF-8 text (byte {error.start}): save the file as UTF-8")
        return None
    raw, body = split_front_matter(page.text)
    page.body = body
    page.body_line = page.text.count("\n", 0, len(page.text) - len(body)) + 1
    if not raw and not page.text.startswith("---"):
        return page
    if not raw and page.body_line == 1:
        check.error(1, "front-matter is not closed: add a --- line after it")
        return page
    page.has_front_matter = True
    try:
        page.meta = yaml.compose(raw, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark else 1
        check.error(line, f"front-matter is not valid YAML: {error.problem or error.context}")
        page.meta = None
        page.has_front_matter = False
        return page
    except yaml.YAMLError as error:
        check.error(1, f"front-matter is not valid YAML: {error}")
        page.has_front_matter = False
        return page
    return page


def walk_docs(docs: Path) -> tuple[list[str], set[str], set[str]]:
    """(Markdown pages, every file, every folder), relative to docs/, sorted; dot-folders
    (the importer's .generated/ store among them) are skipped as MkDocs skips them."""
    pages, files, dirs = [], set(), {"."}
    for root, subdirs, names in os.walk(docs):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        base = Path(root).relative_to(docs).as_posix()
        prefix = "" if base == "." else f"{base}/"
        dirs.update(f"{prefix}{d}" for d in subdirs)
        for name in names:
            if name.startswith("."):
                continue
            files.add(prefix + name)
            if name.endswith(".md"):
                pages.append(prefix + name)
    return sorted(pages), files, dirs


def kind_of(rel: str) -> str:
    parts = rel.split("/")
    if parts[-1] == "index.md":
        return "other"
    if parts[0] == "articles" or (parts[0] == "pages" and len(parts) == 2):
        return "article"
    if parts[0] in ENTITY_FOLDERS and len(parts) == 2:
        return "entity"
    return "other"


# --- YAML node helpers -----------------------------------------------------------------------

def mapping_fields(node: yaml.MappingNode, check: Checker | None = None,
                   where: str = "") -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """key -> (key node, value node); a repeated key is an error (YAML keeps only the last)."""
    seen: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key, value in node.value:
        name = key.value if isinstance(key, yaml.ScalarNode) else str(key.value)
        if check and name in seen:
            check.error(line_of(key), f"`{where}{name}` is given twice (also on line {line_of(seen[name][0])}); "
                                      "YAML keeps only the last")
        seen[name] = (key, value)
    return seen


def is_text(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag in _TEXT_TAGS


def is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == NULL


def describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == NULL:
        return "empty"
    if node.tag == BOOL:
        return f"the boolean {node.value} (quote it to make it text)"
    return f'"{node.value}"'


# --- schema ----------------------------------------------------------------------------------
# A field validator gets (checker, value node, label, line of its key or list item).

Validator = Callable[[Checker, yaml.Node, str, int], None]


def text(nonempty: bool = False, nullable: bool = False, pattern: re.Pattern | None = None,
         hint: str = "") -> Validator:
    def validate(check: Checker, node: yaml.Node, label: str, line: int) -> None:
        if nullable and is_null(node):
            return
        if not is_text(node):
            check.error(line, f"`{label}` must be text, not {describe(node)}")
        elif nonempty and not node.value.strip():
            check.error(line, f"`{label}` is empty")
        elif pattern and not pattern.match(node.value):
            check.error(line, f'`{label}` "{node.value}" {hint}')
    return validate


def boolean(check: Checker, node: yaml.Node, label: str, line: int) -> None:
    if not (isinstance(node, yaml.ScalarNode) and node.tag == BOOL):
        check.error(line, f"`{label}` must be true or false, not {describe(node)}")


def integer_or_null(check: Checker, node: yaml.Node, label: str, line: int) -> None:
    if not (isinstance(node, yaml.ScalarNode) and node.tag in (INT, NULL)):
        check.error(line, f"`{label}` must be a whole number, not {describe(node)}")


def list_of(item: Validator) -> Validator:
    def validate(check: Checker, node: yaml.Node, label: str, line: int) -> None:
        if is_null(node):
            return  # `tags:` with nothing after it: an empty list
        if not isinstance(node, yaml.SequenceNode):
            check.error(line, f"`{label}` must be a list, not {describe(node)}")
            return
        for index, child in enumerate(node.value):
            item(check, child, f"{label}[{index}]", line_of(child))
    return validate


def record(required: dict[str, Validator], optional: dict[str, Validator] | None = None) -> Validator:
    """A mapping with these keys; a missing required key is an error, an unknown key a warning."""
    optional = optional or {}

    def validate(check: Checker, node: yaml.Node, label: str, line: int) -> None:
        if not isinstance(node, yaml.MappingNode):
            check.error(line, f"`{label}` must be a mapping of keys to values, not {describe(node)}")
            return
        prefix = f"{label}." if label else ""
        fields = mapping_fields(node, check, prefix)
        for key in required:
            if key not in fields:
                check.error(line, f"`{prefix}{key}` is missing" if label else f"no `{key}` in the front-matter")
        for key, (key_node, value) in fields.items():
            validator = required.get(key) or optional.get(key)
            if validator:
                validator(check, value, prefix + key, line_of(key_node))
            else:
                check.warning(line_of(key_node), f"unknown key `{prefix}{key}`")
    return validate


_TIMESTAMP = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
                        r"(Z|[+-]\d{2}(?::?\d{2})?)?$")
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def impossible(year: int, month: int, day: int | None) -> str | None:
    """Why year-month-day is not on the calendar, or None when it is."""
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if day is not None:
        days = monthrange(year, month)[1]
        if not 1 <= day <= days:
            return f"{month_name[month]} {year} has {days} days"
    return None


def parse_timestamp(value: str) -> tuple[datetime | None, str | None]:
    """(datetime, None) or (None, what is wrong) for an ISO 8601 date-time with a UTC offset."""
    match = _TIMESTAMP.match(value)
    if not match:
        return None, f'"{value}" is not an ISO 8601 date and time (like 2023-10-16T08:00:34+09:00)'
    year, month, day, hour, minute = (int(match.group(i)) for i in range(1, 6))
    second = int(match.group(6) or 0)
    reason = impossible(year, month, day)
    if reason or hour > 23 or minute > 59 or second > 59:
        return None, f'impossible date "{value}": {reason or "no such time of day"}'
    if not match.group(7):
        return None, f'"{value}" has no UTC offset (add one, like +09:00 or Z)'
    try:
        return datetime.fromisoformat(value), None
    except ValueError as error:
        return None, f'"{value}" cannot be read: {error}'


def timestamp(nullable: bool) -> Validator:
    def validate(check: Checker, node: yaml.Node, label: str, line: int) -> None:
        if nullable and is_null(node):
            return
        if not is_text(node):
            check.error(line, f"`{label}` must be a date and time, not {describe(node)}")
            return
        _, problem = parse_timestamp(node.value)
        if problem:
            check.error(line, f"`{label}`: {problem}")
    return validate


def partial_date_range(value: str) -> tuple[tuple[int, int, int], tuple[int, int, int]] | str:
    """First and last day a YYYY, YYYY-MM or YYYY-MM-DD stands for, or what is wrong with it."""
    match = _PARTIAL_DATE.match(value)
    if not match:
        return f'"{value}" is not a date (YYYY, YYYY-MM, YYYY-MM-DD, or START/END of those)'
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    reason = impossible(year, month, day) if month is not None else None
    if reason:
        return f'impossible date "{value}": {reason}'
    if month is None:
        return (year, 1, 1), (year, 12, 31)
    if day is None:
        return (year, month, 1), (year, month, monthrange(year, month)[1])
    return (year, month, day), (year, month, day)


def mentioned_date(check: Checker, node: yaml.Node, label: str, line: int) -> None:
    if not is_text(node):
        check.error(line, f"`{label}` must be a date, not {describe(node)}")
        return
    parts = node.value.split("/")
    if len(parts) > 2:
        check.error(line, f'`{label}` "{node.value}" is not a date or a START/END interval')
        return
    spans = [partial_date_range(part) for part in parts]
    for span in spans:
        if isinstance(span, str):
            check.error(line, f"`{label}`: {span}")
            return
    if len(spans) == 2 and spans[0][0] > spans[1][1]:
        check.error(line, f'`{label}` "{node.value}" ends before it starts')


def url(check: Checker, node: yaml.Node, label: str, line: int) -> None:
    """An image: a web address, or a file in docs/ (checked as a link)."""
    if not is_text(node) or not node.value.strip():
        check.error(line, f"`{label}` must be a URL, not {describe(node)}")
        return
    if not re.match(r"^https?://", node.value):
        link_problem(check, node.value, line)


def entity_names(kind: str) -> Validator:
    """A list of names, each one a registered entity of `kind` (by its name or an alias)."""
    names = list_of(text(nonempty=True))

    def validate(check: Checker, node: yaml.Node, label: str, line: int) -> None:
        names(check, node, label, line)
        if isinstance(node, yaml.SequenceNode):
            for item in node.value:
                if is_text(item) and item.value.strip():
                    unknown_entity(check, kind, item.value, line_of(item))
    return validate


def unknown_entity(check: Checker, kind: str, name: str, line: int) -> None:
    names = check.names
    if names is None or names.known(kind, name):
        return
    others = names.types_of(name)
    if others:
        check.error(line, f'"{name}" is {_a(others[0])}, not {_a(kind)}: list it under {LISTED_UNDER[others[0]]}')
        return
    suggestion = names.best_suggestion(kind, name)
    if suggestion and suggestion.type == kind:
        hint = str(suggestion)
    elif suggestion:
        hint = f"{suggestion} That is {_a(suggestion.type)}: list it under {LISTED_UNDER[suggestion.type]}"
    else:
        hint = (f"no entity page has this name or alias: add it as an alias of one, "
                f"or create {check.docs_shown}/{page_for(kind, name)}")
    check.error(line, f'unknown {kind} "{name}" ({hint})')


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _any(check: Checker, node: yaml.Node, label: str, line: int) -> None:
    """Keys MkDocs and its theme read: any value."""


_strings = list_of(text())

SOURCE = record({"url": text(nullable=True), "site": text(nullable=True),
                 "wordpress_id": integer_or_null, "guid": text(nullable=True)})
ARTICLE = record(
    required={"title": text(nonempty=True), "date": timestamp(nullable=True), "slug": text(), "status": text(),
              "source": SOURCE, "authors": _strings, "categories": _strings, "tags": _strings},
    optional={
        "updated": timestamp(nullable=True), "type": text(), "summary": text(nullable=True),
        "truncated": boolean, "image": url, "description": text(nullable=True),
        "actors": record({}, {key: entity_names(kind) for key, kind in ACTOR_KEYS.items()}),
        "places": entity_names("place"),
        "dates_mentioned": list_of(record({"date": mentioned_date, "text": text()})),
        "sources": record({}, {
            "links": list_of(record({"url": text(nonempty=True), "domain": text(), "text": text()})),
            "attributions": list_of(record({"source": text(nonempty=True), "text": text()})),
        }),
        **{key: _any for key in MKDOCS_KEYS},
    })
_WIKIDATA = re.compile(r"^Q\d+$")
ENTITY = record(
    required={"name": text(nonempty=True), "type": text(nonempty=True), "aliases": list_of(text(nonempty=True))},
    optional={"description": text(nullable=True), "capital": text(nullable=True), "demonyms": _strings,
              "discovered": boolean, "title": text(nullable=True),
              "wikidata": text(nullable=True, pattern=_WIKIDATA, hint="is not a Wikidata ID (like Q423)"),
              **{key: _any for key in MKDOCS_KEYS}})


# --- page checks ------------------------------------------------------------------------------

def check_article(check: Checker, page: Page) -> None:
    if not front_matter_required(check, page):
        return
    ARTICLE(check, page.meta, "", 1)
    fields = mapping_fields(page.meta)
    published = _timestamp_of(fields.get("date"))
    updated = _timestamp_of(fields.get("updated"))
    if published and updated and updated < published:
        check.warning(line_of(fields["updated"][0]),
                      f"`updated` ({updated.isoformat()}) is earlier than `date` ({published.isoformat()})")
    summary = fields.get("summary")
    if summary is None:
        check.warning(1, "no `summary`: listings show nothing under the title")
    elif is_null(summary[1]) or (is_text(summary[1]) and not summary[1].value.strip()):
        check.warning(line_of(summary[0]), "empty `summary`: listings show nothing under the title")


def _timestamp_of(entry: tuple[yaml.Node, yaml.Node] | None) -> datetime | None:
    if entry is None or not is_text(entry[1]):
        return None
    return parse_timestamp(entry[1].value)[0]


def front_matter_required(check: Checker, page: Page) -> bool:
    if not page.has_front_matter:
        if not page.text.startswith("---"):
            check.error(1, "no front-matter: the page must start with a --- line, its YAML, and a --- line")
        return False  # broken YAML was reported when the page was read
    if page.meta is None:
        page.meta = yaml.MappingNode(f"{_TAG}map", [])
        page.meta.start_mark = yaml.Mark("", 0, 0, 0, None, None)
    if not isinstance(page.meta, yaml.MappingNode):
        check.error(2, "front-matter must be a mapping of keys to values")
        return False
    return True


def read_entity(check: Checker, page: Page) -> EntityRecord | None:
    folder_type = TYPE_OF_FOLDER[page.rel.split("/")[0]]
    if not front_matter_required(check, page):
        return None
    ENTITY(check, page.meta, "", 1)
    fields = mapping_fields(page.meta)
    entity = EntityRecord(page, folder_type)
    kind = fields.get("type")
    if kind and is_text(kind[1]) and kind[1].value != folder_type:
        if kind[1].value in TYPES:
            check.error(line_of(kind[0]), f'`type` is "{kind[1].value}" but the page is in {page.rel.split("/")[0]}/, '
                                          f"the folder for {_a(folder_type)}: move the page or fix the type")
        else:
            check.error(line_of(kind[0]), f'`type` "{kind[1].value}" is not one of {", ".join(TYPES)}')
    name = fields.get("name")
    if name and is_text(name[1]) and name[1].value.strip():
        entity.name = name[1].value
        entity.claims.append(Claim(entity.name, line_of(name[0]), True))
    aliases = fields.get("aliases")
    if aliases and isinstance(aliases[1], yaml.SequenceNode):
        for item in aliases[1].value:
            if is_text(item) and item.value.strip():
                entity.claims.append(Claim(item.value, line_of(item), False))
                entity.has_aliases = True
    discovered = fields.get("discovered")
    if discovered and discovered[1].tag == BOOL and discovered[1].value.lower() in ("true", "yes", "on"):
        entity.discovered = True
        check.warning(line_of(discovered[0]), "found by the importer and not yet reviewed (`discovered: true`): "
                                              "check the name, add aliases or a description, then remove the flag")
    return entity if entity.name else None


def check_claims(report: Report, records: list[EntityRecord]) -> None:
    """A name or alias belongs to one entity: two claimants make the importer guess."""
    claimants: dict[str, list[tuple[EntityRecord, Claim]]] = defaultdict(list)
    for entity in records:
        seen: dict[str, Claim] = {}
        for claim in entity.claims:
            if claim.surface in seen:
                report.problems.append(Problem(entity.page.shown, claim.line, WARNING,
                                               f'"{claim.surface}" is listed twice on this page '
                                               f"(also on line {seen[claim.surface].line})"))
                continue
            seen[claim.surface] = claim
            claimants[claim.surface].append((entity, claim))
    for surface, claims in claimants.items():
        if len(claims) < 2:
            continue
        reviewed = [(e, c) for e, c in claims if e.in_registry]
        for entity, claim in claims:
            others = [e for e, _ in claims if e is not entity]
            if not entity.in_registry:
                owner = next((e for e in others if e.in_registry), None)
                report.problems.append(Problem(entity.page.shown, claim.line, WARNING, (
                    f'"{surface}" already belongs to {owner.page.rel}, so the importer does not use this '
                    "unreviewed stub (`discovered: true`): delete it" if owner else
                    f'"{surface}" is also the name of {others[0].page.rel}; both are unreviewed stubs: keep one')))
            elif len(reviewed) > 1:
                other = next(e for e in others if e.in_registry)
                role = "name" if claim.is_name else "alias"
                whose = "the name" if any(c.is_name for e, c in claims if e is other) else "an alias"
                report.problems.append(Problem(
                    entity.page.shown, claim.line, ERROR,
                    f'{role} "{surface}" is also {whose} of {other.page.rel} ({_a(other.type)}): '
                    "a name or alias must belong to one entity"))


def check_markers(check: Checker, page: Page) -> None:
    """The importer rewrites what lies between the markers; broken markers stop it (listings.splice)."""
    begins, ends = [], []
    for number, line in enumerate(page.body.split("\n"), start=page.body_line):
        if "BEGIN GENERATED" in line:
            begins.append(number)
            if BEGIN not in line:
                check.error(number, f"the BEGIN GENERATED marker was changed; it must read exactly: {BEGIN}")
        if "END GENERATED" in line:
            ends.append(number)
            if END not in line:
                check.error(number, f"the END GENERATED marker was changed; it must read exactly: {END}")
    for extra in begins[1:]:
        check.error(extra, f"a second BEGIN GENERATED marker (the first is on line {begins[0]})")
    for extra in ends[1:]:
        check.error(extra, f"a second END GENERATED marker (the first is on line {ends[0]})")
    if begins and not ends:
        check.error(begins[0], "BEGIN GENERATED marker without an END GENERATED marker: the importer "
                               "will not update this page until both are there")
    elif ends and not begins:
        check.error(ends[0], "END GENERATED marker without a BEGIN GENERATED marker: the importer "
                             "will not update this page until both are there")
    elif begins and ends[0] < begins[0]:
        check.error(ends[0], f"END GENERATED marker comes before the BEGIN GENERATED marker (line {begins[0]})")


# --- links ------------------------------------------------------------------------------------

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).+?\1")
_REFERENCE = re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:[ \t]*(<[^>]*>|\S+)")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_UNESCAPE = re.compile(r"\\(.)")


def link_targets(body: str, first_line: int):
    """(line, target) of every Markdown link and image outside code."""
    fence = ""
    for number, line in enumerate(body.split("\n"), start=first_line):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            continue
        if opened:
            fence = opened.group(1)
            continue
        if "](" not in line and "]:" not in line:
            continue
        if "`" in line:
            line = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        reference = _REFERENCE.match(line)
        if reference:
            yield number, reference.group(1).strip("<>")
        start = line.find("](")
        while start >= 0:
            yield number, _destination(line, start + 2)
            start = line.find("](", start + 2)


_SIMPLE_DESTINATION = re.compile(r"[ \t]*([^\s()<\\]*)(?=[)\s]|$)")


def _destination(line: str, index: int) -> str:
    simple = _SIMPLE_DESTINATION.match(line, index)  # the usual case: no parentheses, escapes or <>
    if simple:
        return simple.group(1)
    while index < len(line) and line[index] in " \t":
        index += 1
    if line.startswith("<", index):
        end = line.find(">", index)
        return line[index + 1:end if end >= 0 else len(line)]
    depth, end = 0, index
    while end < len(line):
        char = line[end]
        if char == "\\":
            end += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                break
            depth -= 1
        elif char in " \t":
            break
        end += 1
    return _UNESCAPE.sub(r"\1", line[index:end])


def link_problem(check: Checker, target: str, line: int) -> None:
    folder = check.page.folder
    key = (folder, target)
    if key not in check.link_cache:  # pages of one folder link to the same few pages
        check.link_cache[key] = _link_problem(check, folder, target)
    problem = check.link_cache[key]
    if problem:
        (check.warning if problem[0] == WARNING else check.error)(line, problem[1])


def _link_problem(check: Checker, folder: str, target: str) -> tuple[str, str] | None:
    if not target:
        return WARNING, "link with an empty target"
    if target.startswith(("#", "//")) or _SCHEME.match(target):
        return None  # an anchor on this page, or another site
    path = unquote(target.split("#", 1)[0].split("?", 1)[0])
    if not path:
        return None
    if path.startswith("/"):
        return ERROR, (f'link "{target}" is an absolute path: write it relative to this page '
                       "(absolute links break when the site is not at the domain's root)")
    resolved = posixpath.normpath(posixpath.join(folder, path))
    top = resolved.split("/")[0]
    if top == "..":
        return ERROR, f'link "{target}" points outside {check.docs_shown}/'
    if top.startswith(".") and top != ".":
        return ERROR, f'link "{target}" points into {top}/, which is not part of the site'
    if resolved in check.files or resolved == "." or (resolved in check.dirs and f"{resolved}/index.md" in check.files):
        return None
    return ERROR, f'broken link "{target}": there is no {posixpath.join(check.docs_shown, resolved)}'


# --- the whole docs/ folder ------------------------------------------------------------------

def check_docs(docs: Path, cwd: Path | None = None) -> Report:
    """Every problem in every Markdown page under `docs`, sorted by path and line."""
    try:
        base = os.path.relpath(docs, cwd or Path.cwd())
    except ValueError:  # on another drive (Windows)
        base = str(docs.resolve())
    pages, files, dirs = walk_docs(docs)
    report = Report(pages=len(pages))
    check = Checker(report, files, dirs, Path(base).as_posix())

    def read(rel: str) -> Page | None:
        return read_page(docs / rel, rel, os.path.normpath(os.path.join(base, rel)), check)

    records: list[EntityRecord] = []
    for rel in (rel for rel in pages if kind_of(rel) == "entity"):  # first: the registry of names
        page = read(rel)
        if page:
            entity = read_entity(check, page)
            records += [entity] if entity else []
            check_body(check, page)
    check_claims(report, records)
    check.names = Names(records)
    for rel in (rel for rel in pages if kind_of(rel) != "entity"):  # then every other page, once
        page = read(rel)
        if not page:
            continue
        if kind_of(rel) == "article":
            check_article(check, page)
        elif page.meta is not None and not isinstance(page.meta, yaml.MappingNode):
            check.error(2, "front-matter must be a mapping of keys to values")
        check_body(check, page)
    report.problems.sort()
    return report


def check_body(check: Checker, page: Page) -> None:
    check_markers(check, page)
    for line, target in link_targets(page.body, page.body_line):
        link_problem(check, target, line)
