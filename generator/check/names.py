"""Entity names: the registry the entity pages make, names in articles checked against it
(with a "did you mean"), and a name or alias claimed by two pages."""
from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field

import yaml

from ..store.registry import TYPES, page_for
from .fields import Validator, list_of, text
from .pages import Page
from .report import ERROR, WARNING, Checker, Problem, Report
from .yamlnodes import is_text, line_of

# Where an article lists each type of entity, for "move it to ..." hints.
LISTED_UNDER = {"person": "actors.people", "state": "actors.states", "organization": "actors.organizations",
                "place": "places"}


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


def a_or_an(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


# --- names in articles --------------------------------------------------------------------------

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
        check.error(line, f'"{name}" is {a_or_an(others[0])}, not {a_or_an(kind)}: '
                          f"list it under {LISTED_UNDER[others[0]]}")
        return
    suggestion = names.best_suggestion(kind, name)
    if suggestion and suggestion.type == kind:
        hint = str(suggestion)
    elif suggestion:
        hint = f"{suggestion} That is {a_or_an(suggestion.type)}: list it under {LISTED_UNDER[suggestion.type]}"
    else:
        hint = (f"no entity page has this name or alias: add it as an alias of one, "
                f"or create {check.docs_shown}/{page_for(kind, name)}")
    check.error(line, f'unknown {kind} "{name}" ({hint})')


# --- names claimed twice ------------------------------------------------------------------------

def check_claims(report: Report, records: list[EntityRecord]) -> None:
    """A name or alias belongs to one entity: two claimants make the importer guess."""
    for surface, claims in _claimants(report, records).items():
        if len(claims) > 1:
            _shared_claim(report, surface, claims)


def _claimants(report: Report, records: list[EntityRecord]) -> dict[str, list[tuple[EntityRecord, Claim]]]:
    """Who claims each name or alias; one listed twice on one page is reported there and counted once."""
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
    return claimants


def _shared_claim(report: Report, surface: str, claims: list[tuple[EntityRecord, Claim]]) -> None:
    """An unreviewed stub loses to a reviewed page (a warning); two reviewed pages are an error."""
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
                f'{role} "{surface}" is also {whose} of {other.page.rel} ({a_or_an(other.type)}): '
                "a name or alias must belong to one entity"))
