"""Site-level consolidation of the entities the extractor found, article by article.

Extraction reads one article at a time (and is cached per post); what a reader sees of an entity
depends on the whole site. So, on every import, over every article, in memory (cheap, never
cached), before hand edits are applied and before entity pages exist:

1. One type and one spelling per name. A name the registry knows (as a name or an alias of
   one entity; or GeoNames, for states and continents), case and accents aside ("México" is
   Mexico), takes that entity; discovered names that differ only in type, case or accents
   ("José María Aznar", "Jose María Aznar") are one entity, with the type and spelling most
   articles give it (ties: the more confident reading, then person, state, organization, place).
2. A longer person's name that extends a shorter one word by word ("Josepha Haden" and
   "Josepha Haden Chomphosy") is one person, named by the registry's entity if one of them is
   registered, else by the longer name; the shorter becomes another name for it. Not when the
   site contradicts it: the shorter name extends to two names that are not one another's
   extension ("Kim Jong" in "Kim Jong Un" and "Kim Jong Il"), or both are registry entities.
   A one-word name ("Idrus") that begins or ends exactly one person's name ("Idrus Marham") is
   that person; one that two people share ("Kim") is left alone.
3. A discovered entity goes on the site only with enough evidence (EVIDENCE_RULE below);
   otherwise its mentions are taken out of the articles (no front-matter entry, no link, no
   graph node, no page) and it is listed in the import report's review list.

The articles' extractions are left as the extract stage made them: `Consolidation` holds the
consolidated ones, as new records (those it did not change as they were), and says what it did.
"""
from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial

from .core.models import Article
from .store.registry import TYPES, Registry

MIN_ARTICLES = 2  # a discovery named in this many articles is on the site
EVIDENCE_RULE = (
    f"a discovered entity is public when it is named in at least {MIN_ARTICLES} articles (those outside "
    "this import included), or a reference confirms it (GeoNames' states, places and cities; a short form "
    "the site defines), or a tag, category or author of the site has its name, or a contributor accepted "
    "it (edited its page, added it to an article's front-matter, or made it a registry entry)")
HELD_RULE = "one article only, not a tag, category or author"  # the review list's `rule` for those held back


@dataclass
class Consolidation:
    renamed: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # old key -> key now
    also: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # key -> other names merged into it
    held: list[tuple[str, object]] = field(default_factory=list)  # (article path, extract Candidate)
    extractions: list = field(default_factory=list)  # each article's extraction, consolidated (None: none)


def consolidate(articles: list[Article], registry: Registry, terms: set[str] = frozenset(),
                accepted: set[tuple[str, str]] = frozenset(),
                elsewhere: set[tuple[str, str]] = frozenset(),
                confirmed: set[tuple[str, str]] = frozenset()) -> Consolidation:
    """Consolidate the articles' extractions (see the module's docstring). `terms`: the site's tag,
    category and author names, in lower case; `accepted`: discovered entities a contributor
    accepted; `elsewhere`: keys that articles outside this import name in their front-matter;
    `confirmed`: keys a reference confirms (GeoNames' states, places and cities; the short forms
    the site defines)."""
    done = Consolidation()
    extracted = [a for a in articles if a.extraction is not None]
    # Each article's keys, read from its mentions once; the renamings below are worked out on these
    # sets (smaller than the mentions) and applied to the mentions in one pass at the end.
    keys_of = [{mention.key for mention in a.extraction.mentions} for a in extracted]
    named = keys_of  # each article's keys as its mentions name them, before any renaming
    known = set(registry.entities) | set(confirmed)
    done.renamed.update(_one_type(_article_counts(keys_of), partial(_highest_confidence, extracted, keys_of), registry))
    keys_of = _renamed_sets(keys_of, done.renamed)
    merged = _longer_names(keys_of, known)
    keys_of = _renamed_sets(keys_of, merged)
    done.renamed = {old: merged.get(new, new) for old, new in done.renamed.items()} | merged
    extractions = [_renamed(a.extraction, done.renamed, keys) for a, keys in zip(extracted, named)]
    for old, new in sorted(done.renamed.items()):
        if old[1] != new[1]:  # "Josepha Haden", "Jose María Aznar": other names of the one entity
            done.also.setdefault(new, []).append(old[1])
    done.also = {key: sorted(set(names)) for key, names in done.also.items()}
    weak = _weak(keys_of, known, terms, accepted, elsewhere, done.also)
    done.held = []
    for index, (article, keys) in enumerate(zip(extracted, keys_of)):
        if not weak.isdisjoint(keys):
            extractions[index], held = _held_back(extractions[index], weak)
            done.held += [(article.path, candidate) for candidate in held]
    consolidated = iter(extractions)
    done.extractions = [next(consolidated) if a.extraction is not None else None for a in articles]
    return done


def _highest_confidence(articles: list[Article], keys_of: list[set], wanted: set) -> dict:
    """The highest confidence of each wanted key in the articles (`keys_of`: the keys each names):
    asked of the few keys whose name the site writes with two types or spellings (a pass over
    every mention for every key took a third of consolidation)."""
    found: dict = {}
    for article, keys in zip(articles, keys_of):
        if not wanted.isdisjoint(keys):
            for mention in article.extraction.mentions:
                if mention.key in wanted and found.get(mention.key, -1.0) < mention.confidence:
                    found[mention.key] = mention.confidence
    return found


def _article_counts(keys_of: list[set]) -> Counter:
    """How many articles name each key."""
    counts: Counter = Counter()
    for keys in keys_of:
        counts.update(keys)
    return counts


def _renamed_sets(keys_of: list[set], renamed: dict) -> list[set]:
    """Each article's keys once `renamed` is applied to its mentions."""
    if not renamed:
        return keys_of
    return [{renamed.get(key, key) for key in keys} if not renamed.keys().isdisjoint(keys) else keys
            for keys in keys_of]


def _renamed(extraction, renamed: dict, keys: set):
    """The extraction with its mentions' keys renamed: a new one, where any is (`keys`: those its
    mentions name)."""
    if renamed.keys().isdisjoint(keys):
        return extraction
    return replace(extraction, mentions=[type(m)(renamed[m.key], m.start, m.end, m.surface, m.confidence)
                                         if m.key in renamed else m for m in extraction.mentions])


def folded(name: str) -> str:
    """A name without case, accents and spacing: "México" and "Mexico" alike."""
    letters = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(ch for ch in letters if not unicodedata.combining(ch)).split())


def _reference_names(registry: Registry) -> dict[str, tuple[str, str] | None]:
    """name or alias, as written and folded -> the one entity it names (None when several share
    it): the registry's entities, and the states and continents GeoNames knows."""
    found: dict[str, tuple[str, str] | None] = {}
    named = [(key, [entity.name, *entity.aliases]) for key, entity in sorted(registry.entities.items())]
    named += [(key, [key[1]]) for key in sorted(reference_names()) if key not in registry.entities]
    for key, names in named:
        for name in dict.fromkeys(names):
            for form in dict.fromkeys((name, folded(name))):
                found[form] = key if found.get(form, key) == key else None
    return found


def _one_type(counts: Counter, confidence_of, registry: Registry) -> dict:
    """old key -> key, for discovered keys whose name (case and accents aside) the site reads
    with another type or spelling (`counts`: the articles naming each key; `confidence_of`: the
    highest confidence of each of a set of keys)."""
    by_name: dict[str, list[tuple[str, str]]] = defaultdict(list)
    english = region_names_in_english()
    for key in counts:
        name = folded(key[1])
        by_name[english.get(name, name) if key[0] == "place" else name].append(key)
    referenced = _reference_names(registry)
    fixed = set(registry.entities) | reference_names()
    chosen = []  # (discovered keys, their target, or the candidates to choose it from)
    for name, keys in sorted(by_name.items()):
        discovered = [k for k in keys if k not in fixed]
        if not discovered:
            continue
        exact = [referenced.get(k[1]) for k in sorted(keys) if referenced.get(k[1])]
        target = exact[0] if exact else referenced.get(name)
        if target is None:
            candidates = [k for k in keys if k in fixed] or keys
            if len(candidates) == 1 and candidates == discovered:
                continue
            target = candidates  # chosen below, with the confidences of all the candidates at once
        chosen.append((discovered, target))
    wanted = {k for _, target in chosen if isinstance(target, list) for k in target}
    confidence = confidence_of(wanted) if wanted else {}
    renamed = {}
    for discovered, target in chosen:
        if isinstance(target, list):
            target = min(target, key=lambda k: (-counts[k], -confidence[k], TYPES.index(k[0]), k[1]))
        renamed.update({k: target for k in discovered if k != target})
    return renamed


def _longer_names(keys_of: list[set], known: set) -> dict:
    """old key -> key, for person names that a longer person's name extends (`keys_of`: each
    article's keys)."""
    counts = _article_counts(keys_of)
    people = sorted(key[1] for key in counts if key[0] == "person")
    words = {name: tuple(name.split()) for name in people}
    longer: dict[str, list[str]] = defaultdict(list)  # name -> the names extending it
    starts: dict[tuple[str, str], list[str]] = defaultdict(list)
    for name in people:
        if len(words[name]) >= 2:
            starts[words[name][:2]].append(name)
    for name in people:
        if len(words[name]) < 2:
            continue
        for other in starts[words[name][:2]]:
            if len(words[other]) > len(words[name]) and words[other][:len(words[name])] == words[name]:
                longer[name].append(other)
    merged = {}
    for name, extensions in longer.items():
        if ("person", name) in known and all(("person", o) in known for o in extensions):
            continue  # the registry keeps them apart
        longest = max(extensions, key=lambda o: (len(words[o]), o))
        if any(words[longest][:len(words[o])] != words[o] for o in extensions):
            continue  # two different people extend it: the site does not say which one it is
        group = [name, *extensions]
        registered = [o for o in group if ("person", o) in known]
        if len(registered) > 1:
            continue
        target = registered[0] if registered else longest
        merged.update({("person", o): ("person", target) for o in group if o != target})
    return merged | _single_names(people, words, merged, known, counts)


def _single_names(people: list[str], words: dict, merged: dict, known: set, counts: Counter) -> dict:
    """A one-word name ("Idrus", "Novanto") that begins or ends the names of exactly one person
    (once the longer names are merged) is that person; shared by two ("Kim"), it is left alone,
    unless all but one of them are named in one article only (held back, no page of their own)."""
    found = {}
    for name in people:
        if len(words[name]) != 1 or ("person", name) in known:
            continue
        targets = {merged.get(("person", o), ("person", o)) for o in people
                   if len(words[o]) > 1 and name in (words[o][0], words[o][-1])}
        if len(targets) > 1:  # a name in one article only ("Andi Rahmaniar Idrus") does not contest it
            targets = {t for t in targets if counts[t] > 1 or t in known} or targets
        if len(targets) == 1:
            found[("person", name)] = targets.pop()
    return found


def _weak(keys_of: list[set], known: set, terms: set[str], accepted: set, elsewhere: set, also: dict) -> set:
    """The discoveries with too little evidence to be on the site (`keys_of`: the keys each article names)."""
    weak = set()
    for key, pages in _article_counts(keys_of).items():
        if key in known or key in accepted:
            continue
        names = {key[1], *also.get(key, ())}
        if pages + (key in elsewhere) >= MIN_ARTICLES or any(n.lower() in terms for n in names):
            continue
        weak.add(key)
    return weak


def _held_back(extraction, weak: set) -> tuple[object, list]:
    """The extraction without the `weak` discoveries (a new one), and a Candidate for the review
    list of each, where the article first names it."""
    from .extract.discover import Candidate  # the extract stage's record, as write/merge.py does for Mention

    first: dict[tuple[str, str], object] = {}
    for mention in extraction.mentions:
        if mention.key in weak and mention.key not in first:
            first[mention.key] = mention
    held = [Candidate(key[1], key[0], mention.confidence, mention.start, mention.end, HELD_RULE)
            for key, mention in first.items()]
    return replace(extraction, mentions=[m for m in extraction.mentions if m.key not in weak],
                   review=[*extraction.review, *held]), held


def site_terms(articles: list[Article]) -> set[str]:
    """The names of the site's tags, categories and authors, in lower case: names its editors chose."""
    return {name.strip().lower() for a in articles
            for name in (*a.post.tags, *a.post.categories, *a.post.authors) if name.strip()}


def consolidate_site(articles: list[Article], registry: Registry, accepted: set[tuple[str, str]],
                     result) -> Consolidation:
    """consolidate() with the evidence the site gives: its tags, categories and authors, the
    discovered entities whose stub page a person edited (`accepted`, whatever the evidence: read
    from docs/ by the importer), and what articles outside this import name in their front-matter
    (`result`: the ImportResult, its `elsewhere` read once by the importer)."""
    confirmed = reference_keys() | {(d.type, d.long) for d in result.glossary}
    return consolidate(articles, registry, site_terms(articles), accepted, result.elsewhere, confirmed)


REGION_LANGUAGES = ("es", "de", "fr", "pt", "it", "id", "nl")


@lru_cache(maxsize=1)
def region_names_in_english() -> dict[str, str]:
    """A continent's or world region's name in other languages, folded -> its English name, folded
    ("europa" -> "europe", "norteamerica" -> "northern america"), from CLDR through Babel: the
    extractor keeps a region as the article writes it, the site shows one page for it."""
    from babel import Locale

    english = Locale.parse("en").territories
    found = {}
    for language in REGION_LANGUAGES:
        for code, name in Locale.parse(language).territories.items():
            if code.isdigit() and code in english and folded(name) != folded(english[code]):
                found.setdefault(folded(name), folded(english[code]))
    for name, region in _DESCRIBED_REGIONS.items():  # "América del Sur": described, where CLDR has "Sudamérica"
        found.setdefault(name, region)
    return found


_DESCRIBED_REGIONS = {"america del sur": "south america", "america del norte": "north america",
                      "america do sul": "south america", "america do norte": "north america",
                      "amerique du sud": "south america", "amerique du nord": "north america"}


@lru_cache(maxsize=1)
def reference_names() -> frozenset[tuple[str, str]]:
    """The states and continents GeoNames knows: names that say their type whatever the article."""
    from .extract.gazetteer import NAME, background_rows

    return frozenset((kind, name) for name, kind, _, surface in background_rows() if surface == NAME)


@lru_cache(maxsize=1)
def reference_keys() -> frozenset[tuple[str, str]]:
    """The states, continents, provinces and cities GeoNames knows (as the extractor reads them)."""
    from .extract.gazetteer import background_rows  # read only: the extract stage's own list

    return frozenset((kind, name) for name, kind, _, _ in background_rows())
