"""The extract stage: actors, places, dates and sources of each article.

Known entities come from the registry and GeoNames (gazetteer.py); unknown ones are
discovered by rules (discover.py) and kept when confident enough, or when the same name
recurs across articles; the rest go to a review list. Capitals are read in context:
"Pyongyang said" is North Korea, "a flight to Pyongyang" is the city.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from ..registry import Entity, Registry
from .citations import Attribution, Link, attributions, outbound_links
from .dates import DateMention, find_dates
from .discover import STOPWORDS, Candidate, discover, is_locative
from .gazetteer import CAPITAL, CITY, WEAK, Gazetteer, Match

THRESHOLD = 0.8  # discoveries at or above this go on the site; the rest to the review list
RECURRING = 3  # a discovered name seen in this many articles gains confidence
_PLACE_NOUN_AFTER = re.compile(r"^(?:[’']s)?\s+(?:Square|streets?|airport|outskirts|residents|skyline|suburbs?|district|area|region)\b")
_PLACE_BEFORE = re.compile(r"\b(?:area|outskirts|city|streets|suburbs|centre|center|heart|downtown|[Mm]ayor|[Gg]overnor|residents|citizens|people|[A-Z][a-z]+) of\s+$")  # "Ana Pereira of Lisbon"
_COUNTRY_AFTER = re.compile(r"^,\s+(?P<state>[A-Z][\w ]{2,30}?)(?=[,.;)]|\s+(?:and|to|in|on|near|before)\b)")
TYPES = ("person", "state", "organization", "place")


@dataclass
class Mention:
    key: tuple[str, str]  # (type, canonical name)
    start: int
    end: int
    surface: str
    confidence: float = 1.0


@dataclass
class Extraction:
    mentions: list[Mention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    review: list[Candidate] = field(default_factory=list)

    def names(self, kind: str) -> list[str]:
        """Canonical names of one type, in order of first mention."""
        return list(dict.fromkeys(m.key[1] for m in self.mentions if m.key[0] == kind))

    def surfaces(self) -> dict[tuple[str, str], list[str]]:
        found: dict[tuple[str, str], list[str]] = defaultdict(list)
        for mention in self.mentions:
            if mention.surface not in found[mention.key]:
                found[mention.key].append(mention.surface)
        return found


@dataclass
class Document:
    """The text of one article as the extractor sees it."""

    title: str
    body: str  # plain text
    markdown: str
    published: datetime | None
    site: str
    updated: datetime | None = None

    @property
    def text(self) -> str:
        return f"{self.title}\n\n{self.body}"

    @property
    def body_offset(self) -> int:
        return len(self.title) + 2


class Extractor:
    def __init__(self, registry: Registry, background: bool = True):
        self.registry = registry
        self.gazetteer = Gazetteer(registry, background)
        self.promoted: dict[str, str] = {}  # discovered name -> type, recurring across articles
        self._cache: dict[int, tuple[Document, list[Candidate]]] = {}  # learn() and extract() share
        self.rejected: set[tuple[str, str]] = set()  # discoveries a person deleted: never again

    # -- corpus level ---------------------------------------------------------------------
    def learn(self, documents: list[Document]) -> None:
        """Names discovered in several articles are trusted more (and typed by majority)."""
        seen: dict[str, Counter] = defaultdict(Counter)
        for document in documents:
            for name, kind in {(c.name, c.type) for c in self._candidates(document, self._known(document))}:
                seen[name][kind] += 1
        for name, kinds in seen.items():
            kind = kinds.most_common(1)[0][0]
            if sum(kinds.values()) >= RECURRING:
                self.promoted[name] = kind

    # -- one article ----------------------------------------------------------------------
    def extract(self, document: Document) -> Extraction:
        text = document.text
        known = self._known(document)
        mentions = self._resolve(known, text)
        result = Extraction(mentions=mentions)
        self._add_discoveries(document, known, result)
        result.mentions.sort(key=lambda m: m.start)
        result.dates = find_dates(text, document.published, document.updated)
        result.links = outbound_links(document.markdown, document.site)
        result.attributions = attributions(text, [(m.start, m.end, m.key[1], m.key[0]) for m in result.mentions])
        return result

    def _known(self, document: Document) -> list[Match]:
        return self.gazetteer.find(document.text)

    def _resolve(self, matches: list[Match], text: str) -> list[Mention]:
        strong, weak = [], []
        self._lower_words = None  # built on first need, once per text
        for match in matches:
            mention, is_weak = self._interpret(match, text)
            if mention:
                (weak if is_weak else strong).append(mention)
        named = {m.key for m in strong}
        return strong + [m for m in weak if m.key in named]

    def _interpret(self, match: Match, text: str) -> tuple[Mention | None, bool]:
        kinds = {s.kind for s in match.surfaces}
        capital = next((s for s in match.surfaces if s.kind == CAPITAL), None)
        if capital:
            if (is_locative(text, match.start) or _PLACE_NOUN_AFTER.match(text[match.end:match.end + 20])
                    or _PLACE_BEFORE.search(text[max(0, match.start - 20):match.start])):
                return Mention(("place", match.text), match.start, match.end, match.text), False
            return Mention(capital.entity_key, match.start, match.end, match.text), False
        if kinds == {CITY}:
            if self._city_in_context(match, text):
                return Mention(match.surfaces[0].entity_key, match.start, match.end, match.text, 0.85), False
            return None, False
        surface = next((s for s in match.surfaces if s.kind not in (CITY, WEAK)), match.surfaces[0])
        return Mention(surface.entity_key, match.start, match.end, match.text), surface.kind == WEAK

    def _city_in_context(self, match: Match, text: str) -> bool:
        """A city name from GeoNames counts only where it reads as a place."""
        if self._lower_words is None:
            self._lower_words = set(re.findall(r"\b[a-z][\w-]*", text))
        if match.text in STOPWORDS or match.text.lower() in self._lower_words:
            return False  # a month, or a word also used as a common word here ("mobile", "split")
        after = text[match.end:match.end + 40]
        dateline = match.start <= text.find("\n\n") + 3 and re.match(r"^\s*[(,–-]", after)
        of_city = text[max(0, match.start - 4):match.start] == " of "  # "the mayor of Lisbon"
        return bool(is_locative(text, match.start) or of_city or _COUNTRY_AFTER.match(after) or dateline)

    # -- discoveries ----------------------------------------------------------------------
    def _candidates(self, document: Document, known: list[Match]) -> list[Candidate]:
        """Discovery runs on the body only: titles in Title Case look like names throughout."""
        cached = self._cache.get(id(document))
        if cached is not None and cached[0] is document:
            return cached[1]
        offset = document.body_offset
        # Known places stay visible: "Mount Kumgang International Tourism Administration" is an
        # organization whose name holds a place.
        spans = [(m.start - offset, m.end - offset) for m in known
                 if m.start >= offset and not all(s.entity_key[0] == "place" for s in m.surfaces)]
        found = discover(document.body, spans)
        for candidate in found:
            candidate.start += offset
            candidate.end += offset
        found += self._places_before_countries(document.text, known)
        self._cache[id(document)] = (document, found)
        return found

    def _places_before_countries(self, text: str, known: list[Match]) -> list[Candidate]:
        """ "Najin, North Korea", "Dunay, Russia": an unknown name followed by its country."""
        found = []
        states = {m.start: m for m in known if any(s.entity_key[0] == "state" for s in m.surfaces)}
        for match in re.finditer(r"(?<![\w’'])(?P<name>[A-Z][a-z]+(?:[- ][A-Z][a-z]+)?),\s+(?=[A-Z])", text):
            before = text[max(0, match.start() - 12):match.start()]
            in_a_list = re.search(r"(?:,|\b(?:of|and|the|with|or))\s*$", before)
            if match.end() in states and match.group("name") not in self.gazetteer._surfaces and not in_a_list:
                name = match.group("name")
                if name.split()[0] not in {"However", "Meanwhile", "Yet", "Still", "Instead", "Moreover"}:
                    found.append(Candidate(name, "place", 0.9, match.start(), match.start() + len(name), "name, country"))
        return found

    def _add_discoveries(self, document: Document, known: list[Match], result: Extraction) -> None:
        best: dict[str, Candidate] = {}
        for candidate in self._candidates(document, known):
            candidate = Candidate(**vars(candidate))  # the cached one stays as discovered
            if candidate.name in self.promoted:
                candidate.type = self.promoted[candidate.name]
                candidate.confidence = min(1.0, candidate.confidence + 0.1)
            if (candidate.type, candidate.name) in self.rejected:
                continue
            current = best.get(candidate.name)
            if current is None or candidate.confidence > current.confidence:
                best[candidate.name] = candidate
        taken = [(m.start, m.end) for m in result.mentions]
        for candidate in sorted(best.values(), key=lambda c: (-len(c.name), c.start)):
            inside = [m for m in result.mentions if candidate.start <= m.start and m.end <= candidate.end]
            if inside and candidate.confidence >= THRESHOLD and all(m.key[0] == "place" for m in inside):
                result.mentions = [m for m in result.mentions if m not in inside]  # the longer name wins
                taken = [(m.start, m.end) for m in result.mentions]
            if any(s < candidate.end and candidate.start < e for s, e in taken):
                continue  # inside a longer discovery already kept
            if candidate.confidence < THRESHOLD:
                result.review.append(candidate)
                continue
            key = (candidate.type, candidate.name)
            result.mentions.append(Mention(key, candidate.start, candidate.end, candidate.name, candidate.confidence))
            taken.append((candidate.start, candidate.end))
            result.mentions += self._later_references(document.text, candidate, taken)

    def _later_references(self, text: str, candidate: Candidate, taken) -> list[Mention]:
        """After "John Kirby", a bare "Kirby" is the same person; after "(NIS)", "NIS" is."""
        short = candidate.alias or (candidate.name.split()[-1] if candidate.type == "person" else "")
        if not short or len(short) < 3:
            return []
        found = []
        position = text.find(short)
        while position >= 0:
            end = position + len(short)
            bounded = (position == 0 or not text[position - 1].isalnum()) and (end == len(text) or not text[end].isalnum())
            if bounded and not any(s <= position < e for s, e in taken):
                found.append(Mention((candidate.type, candidate.name), position, end, short, candidate.confidence))
            position = text.find(short, end)
        return found


def new_entities(extractions: list[Extraction], registry: Registry) -> list[Entity]:
    """Discovered entities that made it onto the site and are not in the registry yet."""
    found: dict[tuple[str, str], Entity] = {}
    for extraction in extractions:
        for mention in extraction.mentions:
            if mention.key not in registry.entities and mention.key not in found:
                found[mention.key] = Entity(mention.key[1], mention.key[0], discovered=True)
    return sorted(found.values(), key=lambda e: e.key)
