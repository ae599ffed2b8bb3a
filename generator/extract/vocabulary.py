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
The result is the same as reading every article again (tests/test_vocabulary.py).
"""
from __future__ import annotations

import zlib
from collections import Counter
from dataclasses import dataclass, replace

from ..store.cache import Cache, fingerprint
from .dates import day_code_uses, first_day_codes
from .discover import case_counts
from .glossary import Definition, definitions_in, glossary_of
from .language import common_languages, detect
from .watched import Watched, WatchedTypes

LANGUAGE_SAMPLE = 100  # articles read to tell the site's languages (py3langid takes ~2 ms each)
VOCABULARY_SAMPLE = 1000  # articles read to learn which words the site writes in lower case
STAGE = "vocabulary-part"


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


class SiteVocabulary:
    """Reads the parts of `documents` (kept under `digests`, their fingerprints) through `cache`."""

    def __init__(self, documents: list, digests: list[str], cache: Cache, base: str):
        self.documents = documents
        self.keys = [fingerprint(base, STAGE, digest) for digest in digests]
        self.cache = cache
        self.parts: list[Part | None] = cache.get_many(STAGE, self.keys)
        self.changed: set[int] = set()
        for index, part in enumerate(self.parts):
            if part is None:
                text = documents[index].text
                self._set(index, Part(text_crc(text), day_code_uses(documents[index].published, text)))

    def _set(self, index: int, part: Part) -> None:
        self.parts[index] = part
        self.changed.add(index)

    def _sampled(self, size: int) -> list[int]:
        return [index for index, part in enumerate(self.parts) if sampled(part.crc, len(self.parts), size)]

    def languages(self) -> list[str]:
        """language.site_languages of the language sample."""
        for index in self._sampled(LANGUAGE_SAMPLE):
            if self.parts[index].language is None:
                text = self.documents[index].text
                self._set(index, replace(self.parts[index], language=detect(text) if text.strip() else ""))
        return common_languages(self.parts[index].language for index in self._sampled(LANGUAGE_SAMPLE)
                                if self.parts[index].language)

    def case_counts(self) -> tuple[Counter, Counter]:
        """discover.case_counts of the vocabulary sample."""
        lower, capital = Counter(), Counter()
        for index in self._sampled(VOCABULARY_SAMPLE):
            if self.parts[index].counts is None:
                self._set(index, replace(self.parts[index], counts=case_counts([self.documents[index].text])))
            lower.update(self.parts[index].counts[0])
            capital.update(self.parts[index].counts[1])
        return lower, capital

    def glossary(self, known_names: dict, common_words: frozenset[str]) -> list[Definition]:
        """glossary.learn_glossary of every article, each article's short forms found again only
        where an answer they consulted changed."""
        known, common = WatchedTypes(known_names), Watched(common_words)
        for index, part in enumerate(self.parts):
            if part.definitions is not None and common.holds(part.asked[0]) and known.holds(part.asked[1]):
                continue
            common.log, known.log = {}, {}
            try:
                found = tuple(definitions_in(self.documents[index].text, known, common))
                self._set(index, replace(part, definitions=found,
                                         asked=(Watched.answers(common.log), WatchedTypes.answers(known.log))))
            finally:
                common.log = known.log = None
        return glossary_of(part.definitions for part in self.parts)

    def day_codes(self) -> dict[str, str]:
        return first_day_codes(part.day_codes for part in self.parts)

    def save(self) -> None:
        for index in sorted(self.changed):
            self.cache.put(STAGE, self.keys[index], self.parts[index])
