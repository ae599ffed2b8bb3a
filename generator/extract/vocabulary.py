"""The site's vocabulary, read from the whole archive before any one article: the languages it is
written in, the words it writes in lower case, the short forms it defines ("Dewan Perwakilan
Rakyat (DPR)") and, on Spanish sites, the days its day codes name ("15M").

Each of these is a sum over the articles, so each article's part is kept in the cache under the
article's own digest, and an archive with one new article reads one article, not all of them.
Two parts depend on more than the article:
- whether it is in a sample (case counts, language) depends on the archive's size, so a sampled
  part is worked out when it is first needed and then kept;
- its short forms depend on site-level answers (is this name known? is this word common?), so
  they are kept with the answers they consulted and found again only when one of those changed,
  as Extractor.each does for each article's reading (Watched).
And the sums themselves are kept (Summary): the next run takes away the parts of the articles
gone, adds those of the new ones, and loads no other article's part, while the samples' sizes stay
the same and the known names and common words the short forms were found with are the same.
The result is the same as reading every article again (tests/test_vocabulary.py).
"""
from __future__ import annotations

import zlib
from collections import Counter
from dataclasses import dataclass, field, replace

from ..store.cache import Cache, fingerprint
from .dates import day_code_uses, first_day_codes
from .discover import case_counts
from .glossary import Definition, definitions_in, glossary_of
from .language import common_languages, detect
from .watched import Watched, WatchedTypes

LANGUAGE_SAMPLE = 100  # articles read to tell the site's languages (py3langid takes ~2 ms each)
VOCABULARY_SAMPLE = 1000  # articles read to learn which words the site writes in lower case
STAGE = "vocabulary-part"
SUMMARY = "vocabulary-summary"  # the stage of the last run's Summary


@dataclass(frozen=True)
class Part:
    """What one article gives the site's vocabulary."""

    crc: int  # of its text: what sample() chooses by
    day_codes: tuple | None  # dates.day_code_uses
    counts: tuple[Counter, Counter] | None = None  # words in lower case and capitalised, once sampled
    language: str | None = None  # once in the language sample ("" for an empty text)
    definitions: tuple[Definition, ...] | None = None  # its short forms, with...
    asked: tuple = (((), (), None), ({}, ()))  # ...the answers finding them consulted (common words, known names; Watched.answers)


def sampled(crc: int, total: int, size: int) -> bool:
    """Whether a text of this CRC is in a sample of about `size` of `total` texts (see sample())."""
    every = max(1, total // size)
    return every == 1 or crc % every == 0


def text_crc(text: str) -> int:
    return zlib.crc32(text.encode("utf-8", "surrogatepass"))


def sample(texts: list[str], size: int) -> list[str]:
    """About `size` of the texts, chosen by a hash of each text, not by its position: a new
    article joins the sample or not, and the rest of the sample stays as it was (so the reading
    of the site, and the cache of every article's extraction, does not move with it)."""
    return [text for text in texts if sampled(text_crc(text), len(texts), size)]


@dataclass
class Summary:
    """The site's vocabulary as the last run summed it over its articles, by their digests."""

    parts: dict[str, tuple[str, int]]  # digest -> (its part's key, its text's CRC)
    count: Counter  # digest -> the articles with it (two posts may have the same text)
    languages: dict[str, str]  # digest -> its language, in the language sample
    lower: Counter  # case_counts of the vocabulary sample
    capital: Counter
    definitions: dict[str, tuple]  # digest -> its short forms, where it has any
    asked: dict[str, tuple]  # digest -> the answers finding them consulted, where it asked any (Part.asked)
    day_codes: dict[str, tuple]  # digest -> its day_code_uses, where it has any
    changed: dict = field(default_factory=dict)  # digest -> its part, made or changed in this run (not kept)


def _same_samples(before: int, now: int) -> bool:
    """Whether an archive of `now` articles has the samples of one of `before` (see sampled())."""
    return all(max(1, before // size) == max(1, now // size) for size in (LANGUAGE_SAMPLE, VOCABULARY_SAMPLE))


class SiteVocabulary:
    """Reads the parts of `documents` (kept under `digests`, their fingerprints) through `cache`:
    with the last run's `summary`, only the parts of the articles new or gone since."""

    def __init__(self, documents: list, digests: list[str], cache: Cache, base: str, summary: Summary | None = None):
        self.documents = documents
        self.digests = digests
        self.cache = cache
        self.base = base
        self.changed: set[int] = set()
        self.counts: tuple[Counter, Counter] | None = None
        self.summary = summary if summary is not None and _same_samples(sum(summary.count.values()), len(digests)) \
            and self._changes(summary) else None
        if self.summary is None:
            self.keys = [fingerprint(base, STAGE, digest) for digest in digests]
            self.parts: list[Part | None] = cache.get_many(STAGE, self.keys)
            for index, part in enumerate(self.parts):
                if part is None:
                    self._set(index, self._part(index))

    def _part(self, index: int) -> Part:
        text = self.documents[index].text
        return Part(text_crc(text), day_code_uses(self.documents[index].published, text))

    def _changes(self, summary: Summary) -> bool:
        """The parts of the articles new or gone since the summary (self.added, self.gone: digest ->
        articles), loaded or made; False when a gone article's part, which the sums hold, is lost."""
        now = Counter(self.digests)
        self.added, self.gone = now - summary.count, summary.count - now
        wanted = [*self.added, *self.gone]
        keys = [summary.parts[d][0] if d in summary.parts else fingerprint(self.base, STAGE, d) for d in wanted]
        loaded = dict(zip(wanted, self.cache.get_many(STAGE, keys)))
        total = len(self.digests)
        if any(loaded[d] is None or loaded[d].counts is None and sampled(loaded[d].crc, total, VOCABULARY_SAMPLE)
               for d in self.gone):
            return False
        self.cache.keep(STAGE, [summary.parts[d][0] for d in now if d in summary.parts])  # kept unread
        first = {}
        for index, digest in enumerate(self.digests):
            if digest in self.added:
                first.setdefault(digest, index)
        summary = replace(summary, parts=dict(summary.parts), count=now, day_codes=dict(summary.day_codes), changed={})
        for digest in self.gone:
            if digest not in now:
                del summary.parts[digest]
                summary.day_codes.pop(digest, None)
        for digest, key in zip(wanted, keys):
            if digest in self.added:
                part = loaded[digest]
                if part is None:
                    part = summary.changed[digest] = self._part(first[digest])
                summary.parts[digest] = (key, part.crc)
                if part.day_codes:
                    summary.day_codes[digest] = part.day_codes
        self.loaded, self.first, self.next = loaded, first, summary
        return True

    def _added_part(self, digest: str) -> Part:
        return self.next.changed.get(digest) or self.loaded[digest]

    def _change(self, digest: str, part: Part) -> None:
        self.next.changed[digest] = part

    def _set(self, index: int, part: Part) -> None:
        self.parts[index] = part
        self.changed.add(index)

    def _sampled(self, size: int) -> list[int]:
        return [index for index, part in enumerate(self.parts) if sampled(part.crc, len(self.parts), size)]

    def languages(self) -> list[str]:
        """language.site_languages of the language sample."""
        if self.summary is not None:
            return self._languages_changed()
        for index in self._sampled(LANGUAGE_SAMPLE):
            if self.parts[index].language is None:
                text = self.documents[index].text
                self._set(index, replace(self.parts[index], language=detect(text) if text.strip() else ""))
        return common_languages(self.parts[index].language for index in self._sampled(LANGUAGE_SAMPLE)
                                if self.parts[index].language)

    def case_counts(self) -> tuple[Counter, Counter]:
        """discover.case_counts of the vocabulary sample."""
        if self.summary is not None:
            self.counts = self._case_counts_changed()
            return self.counts
        lower, capital = Counter(), Counter()
        for index in self._sampled(VOCABULARY_SAMPLE):
            if self.parts[index].counts is None:
                self._set(index, replace(self.parts[index], counts=case_counts([self.documents[index].text])))
            lower.update(self.parts[index].counts[0])
            capital.update(self.parts[index].counts[1])
        self.counts = (lower, capital)
        return lower, capital

    def glossary(self, known_names: dict, common_words: frozenset[str]) -> list[Definition]:
        """glossary.learn_glossary of every article, each article's short forms found again only
        where an answer they consulted changed."""
        known, common = WatchedTypes(known_names), Watched(common_words)
        if self.summary is not None:
            return self._glossary_changed(known, common)
        for index, part in enumerate(self.parts):
            found = _definitions(part, self.documents[index], known, common)
            if found is not part:
                self._set(index, found)
        return glossary_of(part.definitions for part in self.parts)

    def day_codes(self) -> dict[str, str]:
        if self.summary is not None:
            codes = self.next.day_codes
            return first_day_codes(codes[digest] for digest in self.digests if digest in codes)
        return first_day_codes(part.day_codes for part in self.parts)

    def save(self) -> None:
        """Keep the parts made or changed, and the summary of this run (after glossary())."""
        if self.summary is not None:
            for digest, part in self.next.changed.items():
                self.cache.put(STAGE, self.next.parts[digest][0], part)
            self.cache.put(SUMMARY, self.base, replace(self.next, changed={}))
            return
        for index in sorted(self.changed):
            self.cache.put(STAGE, self.keys[index], self.parts[index])
        self.cache.put(SUMMARY, self.base, self._summary())

    def _summary(self) -> Summary:
        """The summary of a reading of every part."""
        total = len(self.parts)
        self.languages()  # every part of the sample with its language (done already, as a rule)
        lower, capital = self.counts if self.counts is not None else self.case_counts()
        return Summary(
            parts={digest: (key, part.crc) for digest, key, part in zip(self.digests, self.keys, self.parts)},
            count=Counter(self.digests),
            languages={digest: part.language for digest, part in zip(self.digests, self.parts)
                       if sampled(part.crc, total, LANGUAGE_SAMPLE) and part.language is not None},
            lower=lower, capital=capital,
            definitions={digest: part.definitions for digest, part in zip(self.digests, self.parts) if part.definitions},
            asked={digest: part.asked for digest, part in zip(self.digests, self.parts) if part.asked != _NOTHING_ASKED},
            day_codes={digest: part.day_codes for digest, part in zip(self.digests, self.parts) if part.day_codes})

    # -- from the summary: the parts of the articles new or gone only
    def _languages_changed(self) -> list[str]:
        total, languages = len(self.digests), dict(self.summary.languages)
        for digest in self.gone:
            if digest not in self.next.count:
                languages.pop(digest, None)
        for digest in self.added:
            part = self._added_part(digest)
            if sampled(part.crc, total, LANGUAGE_SAMPLE):
                if part.language is None:
                    text = self.documents[self.first[digest]].text
                    part = replace(part, language=detect(text) if text.strip() else "")
                    self._change(digest, part)
                languages[digest] = part.language
        self.next.languages = languages
        return common_languages(languages[digest] for digest in self.digests if languages.get(digest))

    def _case_counts_changed(self) -> tuple[Counter, Counter]:
        total = len(self.digests)
        lower, capital = Counter(self.summary.lower), Counter(self.summary.capital)
        for digest, times in self.gone.items():
            part = self.loaded[digest]
            if sampled(part.crc, total, VOCABULARY_SAMPLE):
                for counts, words in zip((lower, capital), part.counts):
                    for word, count in words.items():
                        counts[word] -= count * times
                        if counts[word] <= 0:
                            del counts[word]
        for digest, times in self.added.items():
            part = self._added_part(digest)
            if sampled(part.crc, total, VOCABULARY_SAMPLE):
                if part.counts is None:
                    part = replace(part, counts=case_counts([self.documents[self.first[digest]].text]))
                    self._change(digest, part)
                for _ in range(times):
                    lower.update(part.counts[0])
                    capital.update(part.counts[1])
        self.next.lower, self.next.capital = lower, capital
        return lower, capital

    def _glossary_changed(self, known: WatchedTypes, common: Watched) -> list[Definition]:
        """The short forms of the articles new, and of those whose short forms consulted an answer
        that changed (the summary keeps what each consulted), found again; the others' kept."""
        definitions, asked = dict(self.summary.definitions), dict(self.summary.asked)
        for digest in self.gone:
            if digest not in self.next.count:
                definitions.pop(digest, None)
                asked.pop(digest, None)
        stale = [digest for digest, answers in asked.items()
                 if digest not in self.added and not (common.holds(answers[0]) and known.holds(answers[1]))]
        parts = {digest: self._added_part(digest) for digest in self.added}
        if stale:
            index = {digest: at for at, digest in reversed(list(enumerate(self.digests)))}
            self.first.update((digest, index[digest]) for digest in stale)
            keys = [self.next.parts[digest][0] for digest in stale]
            for digest, part in zip(stale, self.cache.get_many(STAGE, keys)):
                parts[digest] = part or self._part(index[digest])
        for digest, part in parts.items():
            found = _definitions(part, self.documents[self.first[digest]], known, common)
            if found is not part:
                self._change(digest, found)
            definitions.pop(digest, None)
            asked.pop(digest, None)
            if found.definitions:
                definitions[digest] = found.definitions
            if found.asked != _NOTHING_ASKED:
                asked[digest] = found.asked
        self.next.definitions, self.next.asked = definitions, asked
        return glossary_of(definitions[digest] for digest in self.digests if digest in definitions)


_NOTHING_ASKED = Part(0, None).asked


def _definitions(part: Part, document, known: WatchedTypes, common: Watched) -> Part:
    """The part with its short forms, found again unless every answer they consulted still holds."""
    if part.definitions is not None and common.holds(part.asked[0]) and known.holds(part.asked[1]):
        return part
    common.log, known.log = {}, {}
    try:
        found = tuple(definitions_in(document.text, known, common))
        return replace(part, definitions=found, asked=(Watched.answers(common.log), WatchedTypes.answers(known.log)))
    finally:
        common.log = known.log = None
