"""The extract stage: actors, places, dates and sources of each article.

Known entities come from the registry and GeoNames (gazetteer.py); unknown ones are
discovered by rules (discover.py) and kept when confident enough, or when the same name
recurs across articles; the rest go to a review list. Capitals are read in context:
"Pyongyang said" is North Korea, "a flight to Pyongyang" is the city.
"""
from __future__ import annotations

import bisect
import hashlib
import pickle
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, partial
from urllib.parse import urlsplit

import ahocorasick

from ..core.parallel import as_is, in_worker, run_each
from ..store.cache import Cache, cached_iter, code_version, fingerprint
from ..store.registry import Entity, Registry
from .citations import Attribution, Link, attributions, outbound_links
from .code import without_code
from .dates import DateMention, find_dates
from .demonyms import demonym_states
from .discover import (
    PARTICLES,
    PLACE_HEADS,
    STOPWORDS,
    TITLES,
    VENUE_ENDS,
    Candidate,
    discover,
    given_names,
    is_locative,
)
from .gazetteer import CAPITAL, CITY, WEAK, Gazetteer, Match, big_cities, keep_geonames_in
from .glossary import Definition
from .lists import listed_bodies
from .organs import parties_for_organs
from .vocabulary import SUMMARY, SiteVocabulary
from .watched import Watched, WatchedTypes
from .wellknown import MAKERS

THRESHOLD = 0.8  # discoveries at or above this go on the site; the rest to the review list
SURNAME_RECURRING = 2  # a person named in full in this many articles is known by their surname
RECURRING = 3  # a discovered name seen in this many articles gains confidence
_PLACE_NOUN_AFTER = re.compile(r"^(?:[’']s)?\s+(?:Square|streets?|airport|outskirts|residents|skyline|suburbs?|district|area|region)\b")
_PLACE_BEFORE = re.compile(r"\b(?:Gubernur|Walikota|Wali Kota|Bupati|DKI|Provinsi|Kabupaten) $|\b(?:area|outskirts|city|streets|suburbs|centre|center|heart|downtown|[Mm]ayor|[Gg]overnor|residents|citizens|people|[A-Z][a-z]+) of\s+$")  # "Ana Pereira of Lisbon"
_COUNTRY_AFTER = re.compile(r"^,\s+(?P<state>[A-Z][\w ]{2,30}?)(?=[,.;)]|\s+(?:and|to|in|on|near|before)\b)")
_ACRONYM_BEFORE = re.compile(r"(?<![\w-])(?!(?:USS|HMS|USNS|ROKS|HMAS|HMCS|INS) )[A-Z]{2,6} $")  # "DPRD Maluku", not "USS Kentucky"
_NAME_COMMA = re.compile(r"(?=[A-Z])(?<![\w’'])(?P<name>[A-Z][a-z]+(?:[- ][A-Z][a-z]+)?),\s+(?=[A-Z])")
_EVENT_BEFORE = re.compile(r"\b(?:WordCamp|Meetup|Summit|Conference|Forum|Festival|Expo|Retreat|Marathon)[ \t]+$")
_DIRECTION_BEFORE = re.compile(r"(?<![\w-])(?:Central|Latin|North|South|East|West|Northern|Southern|Eastern|Western)[ \t]+$")
_NOUN_DE = re.compile(r"(?<![\w-])[a-záéíóúñü]{4,}[ \t]+(?:de|del)[ \t]+$")  # "supermercados de", not "Junta de"
_INDEFINITE_BEFORE = re.compile(r"(?<![\w-])(?:un|una|a|an|ein|eine|einen)[ \t]+$")
_JOINT_BEFORE = re.compile(r"[ \t]+(?:y|e|o|and|or|und|oder)[ \t]+$")
_DATELINE_AFTER = re.compile(r"\s*(?:[(,–—-]|\.\s+[A-Z])")
_VENUE_BEFORE = re.compile(rf"\b(?i:{'|'.join(sorted(PLACE_HEADS | VENUE_ENDS))})(?:,?[ \t]+[A-Z][\w-]*){{0,6}},[ \t]+$")
TYPES = ("person", "state", "organization", "place")


_LOWER_WORDS = re.compile(r"\b[a-z][\w-]*")
_WORD_OR_HYPHEN = re.compile(r"[\w-]")
_NEXT_WORD = re.compile(r"[ \t]+(?P<word>[A-ZÀ-Þ][a-zà-ÿ]{2,})\b")
_LONG_WORD = re.compile(r"(?<![\w-])[^\W\d_]{4,}")


_FOLD = {code: unicodedata.normalize("NFD", chr(code))[0] for code in range(0xC0, 0x250)
         if len(unicodedata.normalize("NFD", chr(code))) > 1}


def _with_accents(title: str, candidate: Candidate) -> Candidate:
    """ "Juan Manuel Sanchez Gordillo" in the body of an article titled "Juan Manuel Sánchez
    Gordillo y el complejo de Robin Hood": the title, written with more care, spells the name."""
    position = title.translate(_FOLD).find(candidate.name)
    if position >= 0 and title[position:position + len(candidate.name)] != candidate.name:
        return Candidate(**{**vars(candidate), "name": title[position:position + len(candidate.name)]})
    return candidate


def _as_mostly_spelt(text: str, candidate: Candidate, named: set[str], known: frozenset[str]) -> Candidate:
    """ "Alfredo Perez Rubacaba" once, "Rubalcaba" alone three times: a surname written once, one
    letter away from a capitalised word the article writes twice or more, is a slip for it (not
    when that word is part of another name the article gives, "Angel María Villar" beside "David
    Villa" and "Pancho Villa", nor a known name, "Antonio Cánovas del Castillo" and Castilla).
    `named`: the words of the names found or discovered in the article; `known`: the gazetteer's."""
    surname = candidate.name.rsplit(" ", 1)[1]
    if len(surname) < 5 or text.count(surname) > 1 \
            or max(text.count(surname[:4]), text.count(surname[-4:])) < 3:  # the other spelling shares a start or an end
        return candidate
    counts = Counter(_CAPITALISED.findall(text))
    near = [word for word, count in counts.items() if count >= 2 and word[0] == surname[0] and _one_edit(surname, word)]
    if len(near) != 1 or near[0] in named or near[0] in known:
        return candidate
    return Candidate(**{**vars(candidate), "name": f"{candidate.name.rsplit(' ', 1)[0]} {near[0]}"})


# After a maker's name, a product's: "Microsoft Teams", "Amazon RDS", "Apple Watch 2" (not "Microsoft
# Research", a body of it, nor "Microsoft and Apple"); and "the Amazon rainforest" is no company.
_PRODUCT_AFTER = re.compile(r"[ \t]+(?!(?:Corporation|Corp|Inc|Research|Foundation|Group|Labs|And|Or|The)\b)(?:[A-Z0-9]|(?:rainforest|river|basin|jungle)\b)")
# "the Democratic presidential nomination", "Republican senators": a US party named by its adjective
# before the words of its politics (not "the Democratic Republic of", nor "democratic values").
_PARTY_ADJECTIVE = re.compile(r"(?<![\w-])(?P<party>Democratic|Republican)[ \t]+(?:presidential|primar(?:y|ies)|nominee|nomination|"
                              r"candidates?|senators?|lawmakers|congressm[ae]n|leadership|caucus|governors?|majority|administration|"
                              r"establishment|voters|base)\b")


def _party_adjectives(text: str, mentions: list[Mention]) -> list[Mention]:
    """The US party a "Democratic nominee" or "Republican senators" names (once is enough)."""
    if "ocratic " not in text and "epublican " not in text:
        return []
    taken = _Coverage([(m.start, m.end) for m in mentions])
    return [Mention(("organization", f"{match.group('party')} Party"), match.start(), match.end("party"), match.group("party"), 0.85)
            for match in _PARTY_ADJECTIVE.finditer(text) if not taken(match.start())]


_ARMED = re.compile(r"[ \t]+(?P<force>Navy|Army|Air Force|Marine Corps|Coast Guard)\b")


def _armed_forces(text: str, mentions: list[Mention]) -> list[Mention]:
    """ "a retired US Navy commander": a state's armed force, named with the state's own name
    (United States Navy), beside the state."""
    found = []
    for mention in mentions:
        force = mention.key[0] == "state" and _ARMED.match(text, mention.end)
        if force:
            name = f"{mention.key[1]} {force.group('force')}"
            found.append(Mention(("organization", name), mention.start, force.end(), text[mention.start:force.end()], 0.85))
    return found


def _occurrences(text: str, word: str, start: int):
    """Where `word` stands as a whole word in text[start:] (str.find: no pattern per word)."""
    position = text.find(word, start)
    while position >= 0:
        end = position + len(word)
        if not (text[position - 1:position].isalnum() or text[end:end + 1].isalnum()):
            yield position
        position = text.find(word, end)


def _as_written(name: str, text: str) -> str:
    """The name with each accented word spelt as this article spells it, where it writes it only
    without the accent ("Rodriguez Zapatero" for José Luis Rodríguez Zapatero)."""
    words = name.split()
    for index, word in enumerate(words):
        bare = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
        if bare != word and word not in text and re.search(rf"(?<!\w){re.escape(bare)}(?!\w)", text):
            words[index] = bare
    return " ".join(words)


def _inside_a_name(match: Match, text: str) -> bool:
    """ "utilising the Dublin Core", "the Seoul Shinmun": a capital's name followed by a capitalised
    word, in prose, opens a longer name (a standard's, a paper's). A headline in Title Case ("Seoul
    Says It Will...") capitalises every word, so there the next word says nothing."""
    following = _NEXT_WORD.match(text, match.end)
    if not following or following.group("word") in STOPWORDS or following.group("word") in TITLES:
        return False
    start = max(text.rfind("\n", 0, match.start) + 1, match.start - 150)  # the line, or 150 characters of it
    end = text.find("\n", match.end, match.end + 150)
    words = _LONG_WORD.findall(text, start, end if end >= 0 else match.end + 150)
    lower = sum(word[0].islower() for word in words)
    return lower >= 2 and lower * 3 >= len(words)


def _event_place(match: Match, text: str) -> bool:
    """ "WordCamp Harare", "Summit Busan": an event named after the town it is held in."""
    return bool(_EVENT_BEFORE.search(text, max(0, match.start - 12), match.start))


@dataclass(slots=True)  # slots: 300,000 of them are loaded from the cache in half the time
class Mention:
    key: tuple[str, str]  # (type, canonical name)
    start: int
    end: int
    surface: str
    confidence: float = 1.0

    def __reduce__(self):
        # Unpickled through __init__ from a tuple, not from a dict of its slots built for each one:
        # a fifth faster and smaller (every import loads each cached article's mentions).
        return Mention, (self.key, self.start, self.end, self.surface, self.confidence)


@dataclass(slots=True)
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
    # What the title, body, Markdown and site are made of, when the caller knows it (the importer's
    # Article.content_key): hashed for the document's digest instead of its texts.
    digest: str = ""

    @cached_property
    def text(self) -> str:
        """Title and body, code listings blanked (code.py): every offset is the same as in the
        plain title and body."""
        return f"{self.title}\n\n{without_code(self.body)}"

    @property
    def body_offset(self) -> int:
        return len(self.title) + 2

    @cached_property
    def links(self) -> tuple[Link, ...]:
        """Its outbound links (citations.py), found once: reading and extraction both ask for them."""
        return tuple(outbound_links(self.markdown, self.site))


def _shared_names(extraction: Extraction, shared: dict) -> Extraction:
    """The extraction with each mention's key and surface the same objects as every other
    article's equal ones (`shared`: those met so far). Unpickled from a worker or the cache, each
    article had its own copies of them, some 30 an article held for the whole import."""
    for mention in extraction.mentions:
        key = shared.get(mention.key)
        if key is None:
            key = shared[mention.key] = mention.key
            shared.setdefault(key[1], key[1])  # a surface that is the name itself shares it too
        mention.key = key
        mention.surface = shared.setdefault(mention.surface, mention.surface)
    return extraction


def _text_digest(*texts: str) -> str:
    """A hash of the texts, each with its length (so that no two lists of texts give the same
    bytes): four times as fast as cache.fingerprint, which pickles them first."""
    digest = hashlib.sha256()
    for text in texts:
        data = text.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def _people_by_spelling(people: dict[str, int]) -> dict[str, int]:
    """The people named in full in SURNAME_RECURRING articles or more (name -> articles), where
    spellings with and without particles are one person ("Muamar Gadafi", "Muamar el Gadafi"),
    counted together under the fuller spelling."""
    spellings: dict[tuple, list[str]] = defaultdict(list)
    for name in people:
        spellings[tuple(w for w in name.split() if w not in PARTICLES)].append(name)
    found = {}
    for names in spellings.values():
        articles = sum(people[name] for name in names)
        if articles >= SURNAME_RECURRING:
            found[max(names, key=lambda n: (len(n.split()), people[n], n))] = articles
    return found


def _one_edit(a: str, b: str) -> bool:
    """Whether b is a with one letter left out, added or changed ("Europa", "Europea")."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), len(a))
    return a[at + (len(a) == len(b)):] == b[at + 1:]


def _american(name: str) -> str:
    """The name in American spelling: "Defence" and "Defense" are no slip of the pen, and may be
    another state's body ("Ministry of National Defence")."""
    for british, american in (("ence", "ense"), ("isation", "ization"), ("our", "or"), ("tre", "ter")):
        name = name.replace(british, american)
    return name


def _misspelt_bodies(bodies: dict[str, int], known: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """ "la misma Unión Europa": a discovered body's name one letter away from a known body's
    (of as many words, the first the same, ten letters or more; not a British spelling of it) is a
    slip for that body."""
    by_first: dict[str, list[str]] = defaultdict(list)
    for name in known:
        if len(name) >= 10 and " " in name:
            by_first[name.split()[0]].append(name)
    found = {}
    for name in bodies:
        words = name.split()
        near = [known[k] for k in by_first.get(words[0], ())
                if len(k.split()) == len(words) and _one_edit(name, k) and _american(name) != _american(k)]
        if len(words) > 1 and len(set(near)) == 1:
            found[name] = near[0]
    return found


def _fuller_bodies(bodies: dict[str, int]) -> dict[str, tuple[str, str]]:
    """ "el Frente Cívico" on a site that names "Frente Cívico Somos Mayoría" in two articles or
    more, and extends "Frente Cívico" by no other capitalised words: the site's full name."""
    longer: dict[str, set[str]] = defaultdict(set)
    for name in bodies:
        words = name.split()
        for size in range(2, len(words)):
            if all(w[:1].isupper() for w in words[size:]):
                longer[" ".join(words[:size])].add(name)
    return {name: ("organization", next(iter(full))) for name, full in longer.items()
            if name in bodies and len(full) == 1 and bodies[next(iter(full))] >= 2}


# What an Extractor holds of each document (by id) or of a run: not sent to workers.
_PER_DOCUMENT = ("_readings", "_read_answers", "_digests", "_known_cache", "_cache", "_changes", "_read_now", "_last")
SITE_STAGE = "extract-site"  # the import cache's stage of the last run's _Record


@dataclass
class _Record:
    """What the last run read and extracted, article by article, and the site-level reading it
    was checked against (Extractor._state, when reading and when extracting). Every entry it names
    was found valid, or made, under that state: with the same state now, an article with the same
    document has the same reading (its names the same) and the same extraction entry, valid as it
    was, so neither is loaded and checked again to find that out (Extractor.learn, extract_all)."""

    read_state: str
    extract_state: str
    # document digest -> (its reading's key, names and gazetteer version (see each), its extraction's key)
    articles: dict[str, tuple[str, tuple, str, str]]
    versions: frozenset = frozenset()  # the gazetteer versions its entries hold (each: kept for _unaffected)


class _Pickling:
    """An extractor pickled when first pickled itself (once for every worker of a stage), as its bytes."""

    def __init__(self, extractor: Extractor):
        self.extractor, self.data = extractor, None

    def __reduce__(self):
        if self.data is None:
            self.data = pickle.dumps(self.extractor, protocol=pickle.HIGHEST_PROTOCOL)
        return pickle.loads, (self.data,)


def _worker_task(extractor: Extractor, method: str, guard, version: str | None):
    """The task Extractor.each runs, as a clean worker makes it (see _in_workers)."""
    task = getattr(extractor, method)
    if version is None:
        return guard(lambda sent: extractor._one(task, *sent))
    return lambda sent: (*extractor._one(task, *sent), version)


def _stored_entry(entry) -> bool:
    return isinstance(entry, tuple)


class Extractor:
    def __init__(self, registry: Registry, background: bool = True, cache: Cache | None = None):
        self.registry = registry
        self.cache = cache or Cache(None)
        keep_geonames_in(self.cache)
        self.gazetteer = Gazetteer(registry, background, cache=self.cache)
        self.background = background
        self._site_key: str | None = None  # what every article's reading depends on; set by learn()
        self._read_answers: dict[int, bytes] = {}  # the answers each reading consulted, pickled (_watching)
        self._read_now: dict[int, tuple] = {}  # id -> (document, reading's key, names, version): learn()'s, for the record
        self._last: tuple | None = None  # (the last run's _Record, whether this run's readings are as it says)
        self._gazetteer_version = ""
        self._changes: dict[str, object] = {}  # gazetteer version -> what changed since (see _unaffected)
        self.languages: tuple[str, ...] = ()
        self.glossary: tuple[Definition, ...] = ()
        self.common_words: Watched = Watched()  # written in lower case across the site
        self.lower_words: Watched = Watched()  # written in lower case at least once
        self.promoted: WatchedTypes = WatchedTypes()  # discovered name -> type, recurring across articles
        self.surnames: WatchedTypes = WatchedTypes()  # a recurring person's surname -> their full name
        self.person_surnames: Watched = Watched()  # surnames of people named in full in several articles
        self.lower_acronyms: WatchedTypes = WatchedTypes()  # "ciu" -> the body "CiU" names (see _lower_case_bodies)
        self.day_codes: WatchedTypes = WatchedTypes()  # "15M" -> the day the site means by it (Spanish sites)
        self.site_names: WatchedTypes = WatchedTypes()  # a discovered body's name -> the entity the site means by it
        self._cache: dict[int, tuple[Document, list[Candidate]]] = {}  # learn() and extract() share
        self._known_cache: dict[int, tuple] = {}
        self._readings: dict[int, tuple[Document, bytes]] = {}  # learn()'s, pickled (see _read)
        self._digests: dict[int, tuple[Document, str]] = {}
        self.rejected: set[tuple[str, str]] = set()  # discoveries a person deleted: never again

    # -- corpus level ---------------------------------------------------------------------
    def learn(self, documents: list[Document], jobs: int = 1) -> None:
        """Read the whole archive before any one article: the languages it is written in, the
        short forms it defines ("Dewan Perwakilan Rakyat (DPR)"), and the names discovered in
        several articles, which are trusted more (and typed by majority). Each article is read
        on one of `jobs` processes; what they find is kept for extract()."""
        digests = self._learn_vocabulary(documents)
        record, state = self._last_record(), self._state()
        same = record is not None and record.read_state == state
        self._last = (record, same, state)
        self._read_now = {}
        # An article the last run read under the same site-level reading is read as it was: its
        # names are the record's, its reading's entry is kept unread (extract() works it out again
        # in the rare case it needs it: the extraction's entry gone). The others are read through
        # the cache, each entry taken apart as it comes: the answers its reading consulted (what
        # an article's extraction starts from) kept, the rest let go, not every entry held at once.
        kept = record.articles if same else {}
        rest = [document for document, digest in zip(documents, digests) if digest not in kept]
        keys = self.keys_of(rest, "read")
        shared: dict = {}  # each name and type, and each version, one object: held for the record till extract_all()
        for document, key, entry in zip(rest, keys, self.each(rest, "read", self._read, jobs, "reading", keys=keys),
                                        strict=True):
            (names, reading), self._read_answers[id(document)] = entry[0], entry[1]
            self._readings[id(document)] = (document, reading)
            self._read_now[id(document)] = (document, key, tuple(shared.setdefault(n, n) for n in names),
                                            shared.setdefault(entry[2], entry[2]))
        del shared
        self.cache.keep("read", [kept[digest][0] for digest in digests if digest in kept])
        if record is not None:  # what an entry's version names is kept while an entry holds it (see _keep_record)
            self.cache.keep("gazetteer", sorted(record.versions))
        seen: dict[str, Counter] = defaultdict(Counter)  # counted in the documents' order, as the types' ties are broken
        for document, digest in zip(documents, digests):
            now = self._read_now.get(id(document))
            for name, kind in now[2] if now is not None and now[0] is document else kept[digest][1]:
                seen[name][kind] += 1
        self._release_texts(documents)
        for name, kinds in seen.items():
            kind = kinds.most_common(1)[0][0]
            if sum(kinds.values()) >= RECURRING:
                dict.__setitem__(self.promoted, name, kind)
        people = _people_by_spelling({name: sum(kinds.values()) for name, kinds in seen.items()
                                      if kinds.most_common(1)[0][0] == "person"})
        self.surnames = WatchedTypes(self._surnames_of(people))
        self.person_surnames = Watched(name.split()[-1] for name in people if " " in name and name.split()[0].lower() in given_names())
        self.lower_acronyms = WatchedTypes(
            {name.lower(): key for name, key in self.gazetteer.known_names().items()
             if key[0] == "organization" and 2 <= len(name) <= 5 and name.isalpha() and sum(c.isupper() for c in name) >= 2})
        bodies = {name: sum(kinds.values()) for name, kinds in seen.items() if kinds.most_common(1)[0][0] == "organization"}
        self.site_names = WatchedTypes(_misspelt_bodies(bodies, self.gazetteer.body_names()) | _fuller_bodies(bodies))

    @staticmethod
    def _release_texts(documents: list[Document]) -> None:
        """Each document's text (title and body, code blanked) let go once the readings are done:
        the vocabulary read every one of them here, and held they were a second copy of every
        article's text all through extraction, whose workers work each out again."""
        for document in documents:
            document.__dict__.pop("text", None)

    def _surnames_of(self, people: dict[str, int]) -> dict[str, str]:
        """ "Aznar" and "Rajoy" for José María Aznar and Mariano Rajoy, people the archive names in
        full in several articles (`people`: name -> articles): each surname (one word, or the two of
        a Spanish double surname) that is no other known name, for the person named by it in at
        least twice as many articles as anyone else of that surname."""
        owners: dict[str, Counter] = defaultdict(Counter)
        for name, articles in people.items():
            words = name.split()
            if len(words) < 2 or words[0].lower() not in given_names():
                continue
            for size in (1, 2) if len(words) > 2 else (1,):
                owners[" ".join(words[-size:])][name] = articles
        found = {}
        for surname, names in owners.items():
            (first, most), *rest = names.most_common(2)
            if (not rest or most >= 2 * rest[0][1]) and len(surname) >= 4 \
                    and surname not in self.gazetteer.surfaces and surname not in STOPWORDS and "." not in surname:
                found[surname] = first
        return found | {surname.split()[0] + _HEAD: "" for surname in found if " " in surname}

    def extract_all(self, documents: list[Document], jobs: int = 1, guard=as_is) -> list:
        """extract() of each document, after learn(); `guard` wraps the task (the importer's
        turns an exception into a value, which is returned and not cached)."""
        record, same, read_state = self._last or (None, False, "")
        kept = record.articles if same else {}
        # An article read as the record says has the extraction's key the record gives (its key
        # holds the reading's answers, the same as then); under the same site-level reading as
        # when the record was made, that entry is valid as it was then, and is not checked again.
        state = self._state()
        trusted = same and record.extract_state == state
        digests = [self._digest(document) for document in documents]
        last = [kept.get(digest) if id(document) not in self._read_now else None
                for document, digest in zip(documents, digests)]
        fresh = [index for index, known in enumerate(last) if known is None]
        readings = [self._read_answers.pop(id(documents[index]), None) for index in fresh]
        keys = [known and known[2] for known in last]
        for index, key in zip(fresh, self.keys_of([documents[index] for index in fresh], "extract", readings)):
            keys[index] = key
        del readings  # in the keys now
        entries = self.each(documents, "extract", self.extract, jobs, "extracting", guard, keys=keys,
                            trusted={index for index, known in enumerate(last) if known is not None} if trusted else ())
        # Each extraction without the answers it consulted (stored with it, not needed here: as
        # much again as the extraction), and its names shared with the other articles'.
        shared: dict = {}
        versions: set[str] = set()  # the gazetteer versions the extractions' entries hold
        extracted = []
        for entry in entries:
            if isinstance(entry, tuple):
                versions.add(entry[2])
                entry = _shared_names(entry[0], shared)
            extracted.append(entry)
        if self._last is not None:
            self._keep_record(documents, digests, keys, kept, _Record(read_state, state, {}), versions)
        return extracted

    def _last_record(self) -> _Record | None:
        """The last run's record, if it was made by this code for this site key; in its place a
        run that stops before making its own leaves none (its entries may differ from the record's)."""
        record = self.cache.get(SITE_STAGE, self._site_key)
        self.cache.put(SITE_STAGE, self._site_key, None)
        return record if isinstance(record, _Record) else None

    def _keep_record(self, documents: list[Document], digests: list[str], keys: list[str], kept: dict,
                     record: _Record, versions: set[str]) -> None:
        """Keep the record of this run (see _Record): each document's reading and extraction keys,
        its names (each name and type one object, pickled once: see learn()) and its reading's
        gazetteer version; and the gazetteer versions its entries hold (`versions`: the
        extractions'). An entry checked again one day asks what changed since its version
        (_unaffected): kept, that costs a search of its text; lost, the entry is made again."""
        articles = record.articles
        for document, digest, key in zip(documents, digests, keys):
            now = self._read_now.pop(id(document), None)
            if now is not None and now[0] is document:
                articles[digest] = (now[1], now[2], key, now[3])
            elif digest in kept:
                articles[digest] = (*kept[digest][:2], key, kept[digest][3])
            else:  # not read by learn(): its names are not known here
                return
            versions.add(articles[digest][3])
        record.versions = frozenset(versions)
        self.cache.keep("gazetteer", sorted(versions))
        self.cache.put(SITE_STAGE, self._site_key, record)

    def each(self, documents: list[Document], stage: str, task, jobs: int, label: str,
             guard=as_is, also: list | None = None, keys: list[str] | None = None, trusted=()):
        """(task(document), the site-level answers it consulted) for each document, in order, on
        `jobs` processes, through the cache: a stored result is used where the document, `also`
        (what else it depends on) and the code are the same, every answer it consulted still holds
        (see Watched) and no name the gazetteer has changed since is written in it (see
        _unaffected); `keys`, where the caller has them (keys_of); the entries of the indices in
        `trusted` are known to be valid (see _Record), and are not checked. Where `guard` made a
        failure a value, that value. One at a time (an iterator, whose keys are worked out at
        once): the caller keeps of each what it needs."""
        if self._site_key is None:  # not learned: nothing to key on
            return run_each(guard(lambda sent: self._one(task, *sent)), len(documents), jobs, label,
                            lambda i: self._input(documents[i]), self._in_workers(task, guard))
        keys = keys if keys is not None else self.keys_of(documents, stage, also)
        version = self._gazetteer_version
        return cached_iter(self.cache, stage, keys, lambda sent: (*self._one(task, *sent), version),
                           jobs, label, guard,
                           valid=lambda i, entry: i in trusted or (self._still_holds(entry[1])
                                                                   and self._unaffected(entry[2], documents[i])),
                           storable=_stored_entry, inputs=lambda i: self._input(documents[i]),
                           clean=self._in_workers(task, version=version))

    def keys_of(self, documents: list[Document], stage: str, also: list | None = None) -> list[str]:
        """The stage's cache key of each document (with `also`, what else its result depends on)."""
        also = also or [None] * len(documents)
        return [fingerprint(self._site_key, stage, self._digest(document), extra)
                for document, extra in zip(documents, also)]

    def _state(self) -> str:
        """A fingerprint of the site-level reading an article's reading and extraction may consult
        (beside its document, the site key and the code): the gazetteer's names, the site's
        languages and the watched sets (see _Record)."""
        return fingerprint(self._site_key, self._gazetteer_version, self.languages, self.glossary,
                           *(sorted(dict.items(each)) if isinstance(each, dict) else sorted(each) for each in self._watched()))

    def _in_workers(self, task, guard=None, version: str | None = None):
        """How a clean worker process makes the task (run_each's `clean`): this extractor's site-level
        reading pickled once (not its cache, nor what it holds of each document), unpickled once in
        each worker. Pickled only when the workers start, not for a stage run here."""
        return partial(_worker_task, _Pickling(self), task.__name__, guard, version)

    def __getstate__(self) -> dict:
        """The site-level reading, for workers: no cache, nothing of one document."""
        return {name: {} if name in _PER_DOCUMENT else None if name == "cache" else value
                for name, value in vars(self).items()}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.cache = Cache(None)

    def _input(self, document: Document) -> tuple[Document, bytes | None]:
        """What a task is given for a document: the document, and learn()'s reading of it if
        extract() has not used it yet (held here, pickled, till then; a worker process is sent
        both, and has no other way to the reading)."""
        reading = self._readings.pop(id(document), None)
        return document, reading[1] if reading is not None and reading[0] is document else None

    def _one(self, task, document: Document, reading: bytes | None) -> tuple:
        """task(document) with the answers it consulted (_watching). A worker process keeps
        nothing of one document for the next: what it worked out of it, kept for a later stage
        in the main process, would pile up there, as would the document it was sent."""
        if reading is not None:
            self._readings[id(document)] = (document, reading)
        try:
            return self._watching(task, document)
        finally:
            if in_worker():
                for kept in (self._readings, self._cache, self._known_cache, self._digests):
                    kept.pop(id(document), None)

    def _unaffected(self, version: str, document: Document) -> bool:
        """Whether the gazetteer that `version` names reads the document as the current one does:
        every name whose entities changed between them (an entity page added, an alias, a short
        form the site defines) is absent from its text, which is read only then. Whatever the
        gazetteer says about a text (its matches, and whether a name found there is known) is
        about names written in it."""
        if version == self._gazetteer_version:
            return True
        changed = self._changes.get(version)
        if changed is None:
            changed = self._changes[version] = self._changed_names(version)
        if isinstance(changed, bool):
            return changed
        return next(changed.iter(document.text), None) is None

    def _changed_names(self, version: str):
        """An automaton of the names whose entities differ between that gazetteer and this one;
        True when none differ, False when that gazetteer is not known any more."""
        old = self.cache.get("gazetteer", version)
        if old is None:
            return False
        now = self.gazetteer.table()
        changed = [name for name in old.keys() | now.keys() if old.get(name) != now.get(name)]
        if not changed:
            return True
        automaton = ahocorasick.Automaton()
        for name in changed:
            automaton.add_word(name, name)
        automaton.make_automaton()
        return automaton

    def _digest(self, document: Document) -> str:
        """The document's fingerprint, worked out once a run (each stage's cache key holds it)."""
        known = self._digests.get(id(document))
        if known is None or known[0] is not document:
            dates = repr((document.published, document.updated))
            known = self._digests[id(document)] = (document, _text_digest(
                "content key", document.digest, dates) if document.digest else _text_digest(
                document.title, document.body, document.markdown, document.site, dates))
        return known[1]

    def _watched(self) -> tuple:
        """The site-level answers an article's reading consults (and is kept with, to check again)."""
        return (self.common_words, self.lower_words, self.promoted, self.surnames, self.day_codes, self.lower_acronyms,
                self.person_surnames, self.site_names)

    def _watching(self, task, document: Document) -> tuple:
        """(task(document), the answers it consulted, pickled: an entry the record vouches for
        is loaded without unpickling them, as much again as an extraction; see _still_holds)."""
        watched = self._watched()
        for each in watched:
            each.log = {}
        try:
            value = task(document)
        finally:
            logs = tuple(each.answers(each.log) for each in watched)
            for each in watched:
                each.log = None
            document.__dict__.pop("text", None)  # worked out for this task; not held for the rest
        return value, pickle.dumps(logs, protocol=pickle.HIGHEST_PROTOCOL)

    def _still_holds(self, logs: bytes) -> bool:
        return all(each.holds(log) for each, log in zip(self._watched(), pickle.loads(logs)))

    def _read(self, document: Document) -> tuple[tuple, bytes]:
        """The names discovered in the document with their types, and its whole reading pickled:
        the site-level count needs only the names, and an article whose extraction is kept never
        needs its reading, so a kept reading is unpickled only where extract() asks for it."""
        known = self._known(document)
        candidates = self._candidates(document, known)
        return tuple(sorted({(c.name, c.type) for c in candidates})), \
            pickle.dumps((known, candidates), protocol=pickle.HIGHEST_PROTOCOL)

    def _unpack_reading(self, document: Document) -> bool:
        """Fill the caches _known() and _candidates() share from learn()'s reading of `document`."""
        reading = self._readings.pop(id(document), None)
        if reading is None or reading[0] is not document:
            return False
        known, candidates = pickle.loads(reading[1])
        self._known_cache[id(document)] = (document, self.gazetteer, known)
        self._cache[id(document)] = (document, candidates)
        return True

    def _learn_vocabulary(self, documents: list[Document]) -> list[str]:
        """The site's languages, its lower-case words and the short forms it defines; returns the
        documents' digests."""
        base = fingerprint(code_version(), self.background, sorted(self.rejected))
        digests = [self._digest(document) for document in documents]
        self.languages, common, lower, self.glossary, codes = self._vocabulary(documents, digests, base)
        self.day_codes = WatchedTypes(codes)
        self.common_words, self.lower_words = Watched(common), Watched(lower)
        if self.languages or self.glossary:
            self.gazetteer.extend(self.languages, self.glossary)
        # An article's reading depends on the registry, the site's languages and its short forms
        # only through the gazetteer's names, which _unaffected checks article by article.
        table = self.gazetteer.table()
        self._gazetteer_version = fingerprint(table)
        if not self.cache.holds("gazetteer", [self._gazetteer_version]):
            self.cache.put("gazetteer", self._gazetteer_version, table)
        self._site_key = base
        return digests

    def _vocabulary(self, documents: list[Document], digests: list[str], base: str) -> tuple:
        """The site's vocabulary, read from the last run's summary and the articles new or gone
        since, or from every article's part where the summary cannot say (see vocabulary.py)."""
        site = SiteVocabulary(documents, digests, self.cache, base, self.cache.get(SUMMARY, base))
        languages = tuple(language for language in site.languages() if language != "en")
        lower, capital = site.case_counts()
        common = frozenset(word for word, count in lower.items()
                           if count >= 2 and count >= capital[word[0].upper() + word[1:]])
        glossary = tuple(d for d in site.glossary(self.gazetteer.known_names(), common)
                         if (d.type, d.long) not in self.rejected)  # a deleted stub stays deleted
        # "15M", "7J": March or May? Spanish writers name events so; the site's first use says which.
        codes = site.day_codes() if "es" in languages else {}
        site.save()
        return languages, common, frozenset(lower), glossary, codes

    # -- one article ----------------------------------------------------------------------
    def extract(self, document: Document) -> Extraction:
        text = document.text
        known = self._known(document)
        mentions = self._resolve(known, text)
        result = Extraction(mentions=mentions)
        self._add_discoveries(document, known, result)
        self._towns_named_after_people(result)
        result.mentions += _armed_forces(text, result.mentions)
        result.mentions += _party_adjectives(text, result.mentions)
        self._add_listed_bodies(text, document.body_offset, result)
        self._add_surnames(text, document.body_offset, result)
        self._add_lower_case_bodies(text, result)
        self._add_demonym_states(text, result)
        party_of = parties_for_organs(result.mentions)
        for mention in result.mentions:
            mention.key = party_of.get(mention.key, mention.key)
        result.mentions.sort(key=lambda m: m.start)
        # The site's day codes even when it is not Spanish (then none): each code the text writes
        # is asked of them and the answer kept (Watched), so an extraction made before Spanish
        # became a site language is read again once its codes mean days.
        result.dates = find_dates(text, document.published, document.updated, self.day_codes)
        result.links = list(document.links)
        result.attributions = attributions(text, [(m.start, m.end, m.key[1], m.key[0]) for m in result.mentions])
        return result

    def _known(self, document: Document) -> list[Match]:
        """Known names in the document (found once: learn() and extract() both need them)."""
        cached = self._known_cache.get(id(document))
        if (cached is None or cached[0] is not document) and self._unpack_reading(document):
            cached = self._known_cache[id(document)]
        if cached is None or cached[0] is not document or cached[1] is not self.gazetteer:
            cached = self._known_cache[id(document)] = (document, self.gazetteer, self.gazetteer.find(document.text))
        return cached[2]

    def _resolve(self, matches: list[Match], text: str) -> list[Mention]:
        strong, weak = [], []
        self._lower_words = None  # built on first need, once per text
        self._place_ends: set[int] = set()  # "Kabupaten Mamuju Utara, Sulawesi Barat": a place, then its region
        self._org_ends: set[int] = set()  # "BMKG Biak", "DPRD Maluku": a body's branch, named by its town
        last: Mention | None = None
        self._person_words: set[str] = set()  # the words of the people named so far
        for match in matches:
            region = self._region(match, text)
            mention, is_weak = (region, False) if region else self._interpret(match, text)
            if mention and last and last.key[0] == "state" and mention.key[0] == "place" \
                    and text[last.end:mention.start] in (" de ", " of "):
                continue  # "Estados Unidos de América": the continent is part of the state's full name
            last = mention or last
            if mention and mention.key[0] == "person":
                self._person_words.update(mention.key[1].split())
            if mention:
                (weak if is_weak else strong).append(mention)
                if mention.key[0] == "place":
                    self._place_ends.add(mention.end)
                if mention.key[0] == "organization":
                    self._org_ends.add(mention.end)
        named = {m.key for m in strong}
        return strong + [m for m in weak if m.key in named]

    def _interpret(self, match: Match, text: str) -> tuple[Mention | None, bool]:
        kinds = {s.kind for s in match.surfaces}
        capital = next((s for s in match.surfaces if s.kind == CAPITAL), None)
        if capital and kinds <= {CAPITAL, CITY} and _inside_a_name(match, text):
            return None, False  # "the Dublin Core": a capital's name opening a longer name
        if capital:
            if (is_locative(text, match.start) or _PLACE_NOUN_AFTER.match(text[match.end:match.end + 20])
                    or _PLACE_BEFORE.search(text[max(0, match.start - 20):match.start])
                    or self._dateline(match, text) or self._after_a_place(match, text) or _event_place(match, text)):
                return Mention(("place", match.text), match.start, match.end, match.text), False
            return Mention(capital.entity_key, match.start, match.end, match.text), False
        if kinds == {CITY}:
            if self._city_in_context(match, text):
                return Mention(match.surfaces[0].entity_key, match.start, match.end, match.text, 0.85), False
            return None, False
        surface = next((s for s in match.surfaces if s.kind not in (CITY, WEAK)), match.surfaces[0])
        if match.text in MAKERS and surface.entity_key[0] == "organization" and _PRODUCT_AFTER.match(text, match.end):
            return None, False  # "Microsoft Teams": the product, not the company
        return Mention(surface.entity_key, match.start, match.end, match.text), surface.kind == WEAK

    def _city_in_context(self, match: Match, text: str) -> bool:
        """A city name from GeoNames counts only where it reads as a place."""
        lowered = match.text.lower()
        if match.text in STOPWORDS or self._written_in_lower_case(lowered, text) or lowered in self.common_words:
            return False  # a month, or a word also used as a common word here ("mobile", "split")
        after = text[match.end:match.end + 40]
        if _INDEFINITE_BEFORE.search(text, max(0, match.start - 7), match.start):
            return False  # "un Carrefour", "a Jakarta": a shop, a thing, not the town
        if match.text in self._person_words:
            return False  # "seguidores de Mandela" after Nelson Mandela: the man, not the town
        of_city = text[max(0, match.start - 4):match.start] == " of " or bool(  # "the mayor of Lisbon", "supermercados de Andalucía"
            _NOUN_DE.search(text, max(0, match.start - 30), match.start) and not re.match(r"[ \t]+[A-Z]", after))
        event = (_event_place(match, text) and match.text.lower() not in self.lower_words
                 and not re.match(r"[ \t]+[A-Z]", text[match.end:match.end + 2]))  # not "WordCamp Retreat Soltau"
        branch = match.start - 1 in self._org_ends or bool(_ACRONYM_BEFORE.search(text, max(0, match.start - 12), match.start))
        big = match.text in big_cities() and not re.match(r"[ \t]+[A-Z]", after) \
            and not re.search(rf"[A-Z][\w-]+ {re.escape(match.text)}\b", text)  # not "Seattle Times", nor "Pulau Padang" named again
        if not big and not is_locative(text, match.start) and match.text in self.person_surnames:
            return False  # "las obras de Engels": the surname of people the site names in full, not the town
        return bool(is_locative(text, match.start) or of_city or _COUNTRY_AFTER.match(after) or event or branch or big
                    or self._dateline(match, text) or self._after_a_place(match, text, joined=True))

    def _written_in_lower_case(self, word: str, text: str) -> bool:
        """Whether `word` is one of re.findall(_LOWER_WORDS, text), asked without listing them all
        (the list took a twentieth of extraction's time): an occurrence that is a whole word, after
        neither a word's character nor "-". After "-" it may be the tail of a longer one ("co-op"),
        and only there is the list made (once per text)."""
        if not _LOWER_WORDS.fullmatch(word):
            return False
        position = text.find(word)
        while position >= 0:
            before = text[position - 1:position]
            if before == "-":
                if self._lower_words is None:
                    self._lower_words = set(_LOWER_WORDS.findall(text))
                return word in self._lower_words
            if not (before.isalnum() or before == "_") and not _WORD_OR_HYPHEN.match(text, position + len(word)):
                return True
            position = text.find(word, position + 1)
        return False

    @staticmethod
    def _region(match: Match, text: str) -> Mention | None:
        """ "Central America", "Latin America", "Northern Iraq": a region named after a country or continent."""
        direction = _DIRECTION_BEFORE.search(text, max(0, match.start - 12), match.start)
        if not direction or not any(s.entity_key[0] in ("state", "place") for s in match.surfaces):
            return None
        name = text[direction.start():match.end]
        return Mention(("place", name), direction.start(), match.end, name, 0.85)

    @staticmethod
    def _dateline(match: Match, text: str) -> bool:
        """ "SEOUL, June 3 -", "Jakarta. Hadiri...", "Lisbon (Reuters) -": where the body opens."""
        body = text.find("\n\n") + 2
        return body <= match.start <= body + 1 and bool(_DATELINE_AFTER.match(text, match.end))

    def _after_a_place(self, match: Match, text: str, joined: bool = False) -> bool:
        """ "Hotel Sultan, Jakarta", "Kabupaten Mamuju Utara, Sulawesi Barat": the place's town or region."""
        before = text[max(0, match.start - 60):match.start]
        # "en Alcoy y Sanlúcar de Barrameda" (a town only: "Seoul and Washington warned" are governments)
        joint = joined and _JOINT_BEFORE.search(text, max(0, match.start - 6), match.start)
        return (text[match.start - 2:match.start] in (", ", " (") and match.start - 2 in self._place_ends) \
            or bool(joint and joint.start() in self._place_ends) or bool(_VENUE_BEFORE.search(before))

    # -- discoveries ----------------------------------------------------------------------
    def _candidates(self, document: Document, known: list[Match]) -> list[Candidate]:
        """Discovery runs on the body only: titles in Title Case look like names throughout."""
        cached = self._cache.get(id(document))
        if (cached is None or cached[0] is not document) and self._unpack_reading(document):
            cached = self._cache[id(document)]
        if cached is not None and cached[0] is document:
            return cached[1]
        offset = document.body_offset
        # Known places stay visible: "Mount Kumgang International Tourism Administration" is an
        # organization whose name holds a place.
        spans, state_ends = [], set()  # and where states' names end: "the US| Naval War College"
        for m in known:
            if m.start >= offset:
                types = {s.entity_key[0] for s in m.surfaces}
                if types != {"place"}:
                    spans.append((m.start - offset, m.end - offset))
                if types == {"state"} and m.surfaces[0].kind != CAPITAL:
                    state_ends.add(m.end - offset)
        found = discover(document.text[offset:], spans, self.common_words, frozenset(state_ends))
        for candidate in found:
            candidate.start += offset
            candidate.end += offset
        found += self._places_before_countries(document.text, known)
        # What a link's target says of a name outweighs what its words suggest ("Simon Weber Friends").
        linked = [c for c in linked_names(document) if not any(m.start < c.end and c.start < m.end for m in known)]
        found = [c for c in found if not any(c.start < l.end and l.start < c.end for l in linked)] + linked
        self._cache[id(document)] = (document, found)
        return found

    def _places_before_countries(self, text: str, known: list[Match]) -> list[Candidate]:
        """ "Najin, North Korea", "Dunay, Russia": an unknown name followed by its country."""
        found = []
        states = {m.start: m for m in known if any(s.entity_key[0] == "state" for s in m.surfaces)}
        if not any(_after_a_comma(text, start) for start in states):
            return found  # the scan finds only names followed by a comma and a state
        for match in _NAME_COMMA.finditer(text):
            before = text[max(0, match.start() - 12):match.start()]
            in_a_list = re.search(r"(?:,|\b(?:of|and|the|with|or))\s*$", before)
            if match.end() in states and match.group("name") not in self.gazetteer.surfaces and not in_a_list:
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
        person_words = {word for m in result.mentions if m.key[0] == "person" for word in m.key[1].split()}
        named: set[str] = set()  # the words of the people's names found or discovered, built on first need
        for candidate in sorted(best.values(), key=lambda c: (-len(c.name), c.start)):
            if candidate.type == "person":
                candidate = self._without_leading_place(candidate)
            if candidate.type == "person" and " " not in candidate.name and (candidate.name in person_words or candidate.name in self.surnames):
                continue  # "said Kim" after Kim Jong Un is a later reference; "Sr. Rajoy" is the archive's Mariano Rajoy
            if candidate.name in self.gazetteer.place_names and (candidate.type == "organization" or " " in candidate.name):
                continue  # "Sulawesi Barat (Sulbar)" stays the province it is (but "kata Numan" is a man)
            if candidate.rule in ("place noun", "after 'in' or 'near'") and candidate.name.lower() in self.lower_words:
                continue  # "the Alpha/Beta area": a word the site also writes in lower case
            inside = [m for m in result.mentions if candidate.start <= m.start and m.end <= candidate.end]
            if inside and candidate.confidence >= THRESHOLD and (
                    all(m.key[0] == "place" for m in inside) or candidate.rule in ("sub-body", "company")):
                result.mentions = [m for m in result.mentions if m not in inside]  # the longer name wins
                taken = [(m.start, m.end) for m in result.mentions]
            if any(s < candidate.end and candidate.start < e for s, e in taken):
                continue  # inside a longer discovery already kept
            if candidate.confidence < THRESHOLD:
                result.review.append(candidate)
                continue
            if candidate.type == "person" and candidate.name.isascii() and not document.title.isascii():
                candidate = _with_accents(document.title, candidate)
            if candidate.type == "person" and " " in candidate.name:
                named = named or person_words | {w for c in best.values() for w in c.name.split()}
                candidate = _as_mostly_spelt(document.text, candidate, named, self.gazetteer.surfaces)
            candidate = self._with_parent_body(document.text, candidate, result)
            candidate = self._with_town(document.text, candidate, result)
            key = (candidate.type, candidate.name)
            if candidate.type == "organization":
                key = self.site_names.get(candidate.name, key)  # "Unión Europa", "el Frente Cívico": the site's body
            result.mentions.append(Mention(key, candidate.start, candidate.end, candidate.name, candidate.confidence))
            taken.append((candidate.start, candidate.end))
            later = self._later_references(document.text, candidate, taken)
            for mention in later:
                mention.key = key
            result.mentions += later

    @staticmethod
    def _towns_named_after_people(result: Extraction) -> None:
        """ "seguidores de Mandela" after Nelson Mandela, "Mary remembers" after Mary Job: a town's
        name that is the given name or surname of a person the article names is that person (a
        town read from its context alone)."""
        people = {word: m.key for m in result.mentions if m.key[0] == "person" and " " in m.key[1]
                  for word in (m.key[1].split()[0], m.key[1].split()[-1])}
        for mention in result.mentions:
            if mention.key[0] == "place" and mention.confidence < 1 and mention.surface in people:
                mention.key = people[mention.surface]

    def _add_surnames(self, text: str, offset: int, result: Extraction) -> None:
        """ "luego con Zapatero. Aznar apenas...": a surname alone, of a person the archive names in
        full again and again, is that person (in the body, where it is no part of a longer name).
        Each capitalised word of the body is asked about once (the cache notes the answers)."""
        if not dict.__len__(self.surnames):
            return
        covered = None
        words = set(_CAPITALISED.findall(text, offset))
        known = self.surnames.known_of(words | {word + _HEAD for word in words})
        for word in {w for w in words if w in known or w + _HEAD in known}:
            surnames = [word] if word in known else []
            if word + _HEAD in known:  # the first of two: "López" of "López Obrador"
                pairs = {_CAPITALISED.match(text, at + len(word) + 1) for at in _occurrences(text, word, offset)}
                surnames += list(self.surnames.known_of({f"{word} {pair.group()}" for pair in pairs if pair}))
            for surname in surnames:
                if surname.lower() in self.common_words:
                    continue
                covered = covered or _Coverage([(m.start, m.end) for m in result.mentions])
                full = None
                for start in _occurrences(text, surname, offset):
                    end = start + len(surname)
                    if covered(start) or _NAME_BEFORE.search(text, max(0, start - 3), start) \
                            or text[end:end + 1] == " " and text[end + 1:end + 2].isupper():
                        continue  # inside a known name, or part of another: "Aznar López"
                    full = full or _as_written(self.surnames[surname], text)
                    result.mentions.append(Mention(("person", full), start, end, surname, 0.85))

    def _add_lower_case_bodies(self, text: str, result: Extraction) -> None:
        """ "los niños bien del pp y ciu": two bodies' initials written in lower case and joined by
        "y" or "and" are those bodies (one alone is as often a word: "un", "who").""" 
        for match in _LOWER_PAIR.finditer(text):  # the joining word first: a space is cheaper to look for than a word
            first = _LOWER_BEFORE.search(text, max(0, match.start() - 7), match.start())
            if first is None:
                continue
            words = ((first.start(), match.start(), first.group()), (match.start(1), match.end(1), match.group(1)))
            if any(word in STOPWORDS for _, _, word in words):
                continue
            known = self.lower_acronyms.known_of([word for _, _, word in words])
            if len(known) == 2:
                result.mentions += [Mention(known[word], start, end, word, 0.85) for start, end, word in words]

    def _add_demonym_states(self, text: str, result: Extraction) -> None:
        """ "el gobierno español", "el PSUV venezolano", "the French government": states named by
        their adjective where it speaks of the state (demonyms.py), outside known names."""
        covered = _Coverage([(m.start, m.end) for m in result.mentions])
        body_ends = {m.end for m in result.mentions if m.key[0] == "organization"}
        for start, end, state in demonym_states(text, body_ends):
            if ("state", state) in self.gazetteer.entities and not covered(start) \
                    and text[start:end] not in self.gazetteer.surfaces:  # a name the registry knows is judged there
                result.mentions.append(Mention(("state", state), start, end, text[start:end], 0.85))

    def _add_listed_bodies(self, text: str, offset: int, result: Extraction) -> None:
        """ "IU, EQuo, Compromís", "Slack and Uber": bare names listed with bodies are bodies (lists.py);
        in the body only (a headline in Title Case lists people and bodies alike)."""
        person_words = {word for m in result.mentions if m.key[0] == "person" for word in m.key[1].split()}
        # a town read from its context alone gives way to the list: "Mercadona y Carrefour son empresas"
        towns = {(m.start, m.end): m for m in result.mentions if m.key[0] == "place" and m.confidence < 1}

        def may_be_body(name: str) -> bool:
            words = name.split()
            return not (name in self.gazetteer.surfaces and name not in {m.surface for m in towns.values()} or words[0].lower() in given_names() or len(name) < 2
                        or any(w in STOPWORDS or w in TITLES or w in person_words for w in words)
                        or len(words) == 1 and name.lower() in self.common_words
                        or ("organization", name) in self.rejected
                        or name in self.promoted and self.promoted[name] != "organization")

        spans = {(m.start, m.end): m.key[0] for m in result.mentions if (m.start, m.end) not in towns}
        for listed in listed_bodies(text, spans, may_be_body, STOPWORDS):
            if listed.start >= offset:
                town = towns.get((listed.start, listed.end))
                if town:
                    result.mentions.remove(town)
                result.mentions.append(Mention(("organization", listed.name), listed.start, listed.end, listed.name, 0.85))

    @staticmethod
    def _with_parent_body(text: str, candidate: Candidate, result: Extraction) -> Candidate:
        """ "Komisi IV DPR": a body followed by the known body it belongs to is that sub-body,
        named in full ("Komisi IV Dewan Perwakilan Rakyat"); the parent counts only where named alone."""
        if candidate.type != "organization":
            return candidate
        parent = _mention_after(text, candidate, result, lambda m: m.key[0] == "organization")
        if parent is None:
            return candidate
        result.mentions.remove(parent)
        name = f"{candidate.name} {parent.key[1]}"
        return Candidate(**{**vars(candidate), "name": name, "end": parent.end, "rule": "sub-body"})

    def _with_town(self, text: str, candidate: Candidate, result: Extraction) -> Candidate:
        """ "Pengadilan Tipikor Jakarta": a body's branch is named with its town, and the town,
        its locator, is a place (not the government its capital name can stand for)."""
        if candidate.type != "organization" or candidate.rule != "organization keyword":
            return candidate
        town = _mention_after(text, candidate, result, lambda m: m.surface in self.gazetteer.town_names)
        if town is None:
            return candidate
        town.key = ("place", town.surface)
        return Candidate(**{**vars(candidate), "name": f"{candidate.name} {town.surface}", "end": town.end})

    def _without_leading_place(self, candidate: Candidate) -> Candidate:
        """ "Mamuju Utara Saidiman Marto": a known place before a person's name is not part of it."""
        words = candidate.name.split()
        if words[0].lower() in given_names():
            return candidate  # "Frederick Winslow Taylor", "Martin Luther King": a given name that is also a town's opens the name
        for size in (3, 2, 1):
            if len(words) - size >= 2 and " ".join(words[:size]) in self.gazetteer.place_names:
                name = " ".join(words[size:])
                return Candidate(**{**vars(candidate), "name": name, "start": candidate.end - len(name)})
        return candidate

    def _later_references(self, text: str, candidate: Candidate, taken) -> list[Mention]:
        """After "John Kirby", a bare "Kirby" is the same person; after "(NIS)", "NIS" is."""
        shorts = [candidate.alias] if candidate.alias else []
        words = candidate.name.split()
        if candidate.type == "person" and len(words) > 1:  # "Kirby", and "Firman" for Firman Subagyo
            shorts.append(words[-1])
            if len(words) == 3:
                shorts.append(" ".join(words[:2]))  # "Ali Fahmi" for Ali Fahmi Habsyi
            if candidate.rule != "given name" and words[0] not in self.gazetteer.surfaces and not words[0].endswith("."):
                shorts.append(words[0])
        found = []
        covered = _Coverage(taken)
        for short in dict.fromkeys(s for s in shorts if len(s) >= 3 and s not in STOPWORDS):
            position = text.find(short)
            while position >= 0:
                end = position + len(short)
                bounded = (position == 0 or not text[position - 1].isalnum()) and (end == len(text) or not text[end].isalnum())
                if bounded and not covered(position):
                    found.append(Mention((candidate.type, candidate.name), position, end, short, candidate.confidence))
                position = text.find(short, end)
        return found


_CAPITALISED = re.compile(r"[A-ZÀ-Þ](?<![\w’'-].)[\w’'-]{3,}")  # the capital, then the look back before it: re skips to capitals
_LOWER_PAIR = re.compile(r"[ \t](?:y|e|o|ni|and|or|und|oder)[ \t]+([a-z]{2,5})(?![\w/.@-])")  # "... y ciu"
_LOWER_BEFORE = re.compile(r"(?<![\w/.@#-])[a-z]{2,5}\Z")  # "pp" of "pp y ciu"
_HEAD = " …"  # a key for the first word of a two-word surname
_NAME_BEFORE = re.compile(r"[\w’'.-]$|[A-ZÀ-Þ][\w’'-] $")  # inside a word, or after a capitalised one
_PROFILE = re.compile(r"^(?:[a-z]{2}\.)?linkedin\.com$")
_TEXT_PART = re.compile(r"(?:^|\s[-–|:]\s)(?P<name>[A-Z][\w’'&.-]*(?:[ \t]+(?:of|for|and|&|de|für|[A-Z][\w’'&.-]*))*)\s*$")
_COMMERCIAL = frozenset(["com", "net", "io", "co", "biz"])
_SERVICES = r"\b(?:services?|tools?|apps?|products?|platforms?)[ \t]+(?:like|such as)[ \t]+"  # a .org is as often a project or a standard


def linked_names(document: Document) -> list[Candidate]:
    """Names a link's target confirms: a LinkedIn company page ("swf - Simon Weber Friends") or
    profile ("Florian Zapp"), and a company's own site linked from its name, the name spelling
    the domain or its initials ("[Flowroute](flowroute.com)", "[Gandi.net](gandi.net)",
    "[Gotham Digital Science](gdssecurity.com)"). Each is looked for where the text writes it."""
    found = []
    for link in document.links:
        label = link.text.strip("*_ ")
        path = urlsplit(link.url).path.strip("/")
        kind = None
        if _PROFILE.match(link.domain) and path.startswith(("company/", "in/")):
            kind = "organization" if path.startswith("company/") else "person"
            part = _TEXT_PART.search(label)
            words = part.group("name").split() if part else []
            while words and words[0] in TITLES:
                words.pop(0)  # "Dr. Siegel"
            label = " ".join(words) if len(words) > 1 or kind == "organization" else ""
        elif not path and link.domain.rsplit(".", 1)[-1] in _COMMERCIAL and label[:1].isupper():
            site = link.domain.rsplit(".", 1)[0].split(".")[-1].replace("-", "")
            label = re.sub(rf"\.{re.escape(link.domain.rsplit('.', 1)[-1])}$", "", label, flags=re.IGNORECASE)
            words = label.split()
            spelt = "".join(words).lower().replace("-", "")
            initials = "".join(w[0] for w in words).lower()
            if spelt == site or len(words) > 2 and site.startswith(initials):
                kind = "organization"
        elif not path and link.domain.endswith(".org") and label[:1].isupper():
            # "[Open Standards for Copyright Registry Interop](oscri.org)": a .org is as often a project's
            # or a standard's, but one its name's initials spell exactly is the body's own
            capitals = [w for w in label.split() if w[:1].isupper()]
            if len(capitals) > 2 and "".join(w[0] for w in capitals).lower() == link.domain[:-4].split(".")[-1]:
                kind = "organization"
        if not kind or not label or len(label) < 3:
            continue
        at = document.text.find(label, document.body_offset)
        if kind == "organization" and re.search(rf"\b(?:a|an)[ \t]+(?:\S+[ \t]+)?{re.escape(label)}\b", document.text):
            continue  # "a $20/month Linode": the company's product
        if kind == "organization" and (" like " in document.text or " such as " in document.text) \
                and re.search(rf"{_SERVICES}{re.escape(label)}\b", document.text):
            continue  # "services like Free Conference Call": a service, not the company
        if at >= 0:
            found.append(Candidate(label, kind, 0.85, at, at + len(label), "linked to its own page"))
    return found


def _after_a_comma(text: str, position: int) -> bool:
    """Whether a comma and white space come right before `position` (as _NAME_COMMA ends)."""
    start = position
    while start > 0 and text[start - 1].isspace():
        start -= 1
    return start < position and text[start - 1:start] == ","


def _mention_after(text: str, candidate: Candidate, result: Extraction, wanted) -> Mention | None:
    """The known mention that follows the candidate after one space, if `wanted` accepts it."""
    if text[candidate.end:candidate.end + 1] != " ":
        return None
    return next((m for m in result.mentions if m.start == candidate.end + 1 and wanted(m)), None)


class _Coverage:
    """Is a position inside any of these spans? (bisect over starts, with the furthest end so far)."""

    def __init__(self, spans):
        spans = sorted(spans)
        self.starts = [start for start, _ in spans]
        self.reach, furthest = [], -1
        for _, end in spans:
            furthest = max(furthest, end)
            self.reach.append(furthest)

    def __call__(self, position: int) -> bool:
        index = bisect.bisect_right(self.starts, position) - 1
        return index >= 0 and self.reach[index] > position


def new_entities(extractions: list[Extraction], registry: Registry) -> list[Entity]:
    """Discovered entities that made it onto the site and are not in the registry yet."""
    found: dict[tuple[str, str], Entity] = {}
    for extraction in extractions:
        for mention in extraction.mentions:
            if mention.key not in registry.entities and mention.key not in found:
                found[mention.key] = Entity(mention.key[1], mention.key[0], discovered=True)
    return sorted(found.values(), key=lambda e: e.key)
