"""Site-level sets and mappings that note the questions asked of them (used by Extractor.each
and vocabulary.py; see Watched)."""
from __future__ import annotations


class Watched(frozenset):
    """A set that notes, while `log` is a dict, each question asked of it and the answer.

    An article's extraction depends on a few answers from the site-level reading ("is 'mobile'
    a word this site writes in lower case?"), not on all of it: the cache keeps those answers
    with the result and uses the result again only while they still hold."""

    log: dict | None = None
    ANY = ("any",)  # the question "is it empty?" (`common or this_text_alone`); never a word

    def __contains__(self, item) -> bool:
        found = frozenset.__contains__(self, item)
        if self.log is not None:
            self.log[item] = found
        return found

    def __bool__(self) -> bool:
        found = frozenset.__len__(self) > 0
        if self.log is not None:
            self.log[self.ANY] = found
        return found

    @classmethod
    def answers(cls, log: dict) -> tuple:
        """The log, kept: (items found, items not found, whether it was non-empty or None if not
        asked), as tuples in the order asked (a set's order would differ between processes)."""
        found = tuple(item for item, answer in log.items() if answer and item != cls.ANY)
        missing = tuple(item for item, answer in log.items() if not answer and item != cls.ANY)
        return found, missing, log.get(cls.ANY)

    def holds(self, answers: tuple) -> bool:
        """Whether every answer kept by answers() is still this set's; checked by set operations
        in C, not a question at a time (10,000 articles' answers are checked every import)."""
        found, missing, non_empty = answers
        return (non_empty is None or (frozenset.__len__(self) > 0) == non_empty) \
            and self.issuperset(found) and self.isdisjoint(missing)


class WatchedTypes(dict):
    """Name -> type, noting each name asked about (as Watched)."""

    log: dict | None = None

    def __contains__(self, name) -> bool:
        if self.log is not None:
            self.log[name] = dict.get(self, name)
        return dict.__contains__(self, name)

    def __getitem__(self, name):
        if self.log is not None:
            self.log[name] = dict.get(self, name)
        return dict.__getitem__(self, name)

    def get(self, name, default=None):
        if self.log is not None:
            self.log[name] = dict.get(self, name)
        return dict.get(self, name, default)

    @staticmethod
    def answers(log: dict) -> tuple:
        """The log, kept: (the names it held, with their values; the names it did not hold)."""
        return {name: value for name, value in log.items() if value is not None}, \
            tuple(name for name, value in log.items() if value is None)

    def holds(self, answers: tuple) -> bool:
        """Whether every answer kept by answers() is still this mapping's (as Watched.holds)."""
        held, missing = answers
        return held.items() <= self.items() and self.keys().isdisjoint(missing)

    def known_of(self, names) -> dict:
        """Those of `names` it holds, with their values: one question each, noted as __contains__
        notes it, asked in bulk (a word-by-word loop costs more than the rest of the reading)."""
        answers = {name: dict.get(self, name) for name in names}
        if self.log is not None:
            self.log.update(answers)
        return {name: value for name, value in answers.items() if value is not None}
