"""Bodies named in a list: "IU, EQuo, Compromís, etc", "UGT y CCOO", "companies include Slack and Uber".

A bare name with no head word ("Podemos", "Carrefour") says nothing of its kind by its words; the
list it stands in does. Items of one list are things of one kind, so a name listed beside a known
organization is one too, and so is every name in a list that a plural noun types ("portfolio
companies include A and B", "A y B son grandes empresas"). To stay clear of lists that mix kinds
("el PSOE y Rubalcaba"), a list with one known body and an unknown name needs three items or an
acronym, and no item may be a known person, state or place.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_ITEM = r"[A-ZÀ-ÖØ-Þ][\w’'.-]*(?:[ \t]+[A-ZÀ-ÖØ-Þ][\w’'.-]*){0,2}"
_SEPARATOR = re.compile(r",[ \t]+(?:(?:and|or|y|e|o|und|oder|et)[ \t]+)?|[ \t]+(?:and|or|y|e|o|und|oder|et|&)[ \t]+")
_JOINT_END = re.compile(r"(?:,|[ \t](?:and|or|y|e|o|und|oder|et|&))[ \t]+$")
_ITEM_AT = re.compile(rf"(?:(?:un|una|el|la|los|las|a|an|the)[ \t]+)?(?P<name>{_ITEM})(?![\w’'-])")
_BODIES = (r"(?:companies|firms|corporations|parties|unions|banks|newspapers|broadcasters|empresas|compañías|"
           r"multinacionales|partidos|sindicatos|bancos|periódicos|diarios|Unternehmen|Firmen|Konzerne|Parteien|"
           r"Gewerkschaften|Banken|Zeitungen)")
# "portfolio companies include A and B" opens a list of bodies; "A y B son grandes empresas" closes one.
# The nouns' stems, looked for as plain text first (a scan for the nouns costs more than the rest).
_STEMS = ("compan", "compañ", "firm", "corporation", "parties", "partidos", "Parteien", "union", "bank", "banco", "newspaper", "broadcaster",
          "empresa", "multinacional", "sindicato", "periódico", "diario", "Unternehmen", "Firmen", "Konzern",
          "Gewerkschaft", "Banken", "Zeitung")
_PLURAL = re.compile(rf"(?=[a-zA-Zñ])\b{_BODIES}\b")
_OPENS = re.compile(rf"{_BODIES}[ \t]+(?:[\w-]+[ \t]+)?(?:include|including|such as|like|incluyen|como|wie|etwa)[ \t]+(?=[A-ZÀ-ÖØ-Þ])")
_CLOSES = re.compile(r"[ \t]+(?:are|were|son|eran|sind|waren)[ \t]+(?:[\w-]+[ \t]+)?$")
_BEFORE = re.compile(rf"(?<=[\s(«“\"])(?P<name>{_ITEM})(?P<separator>,[ \t]+|[ \t]+(?:and|or|y|e|o|und|oder|et|&)[ \t]+)$")


@dataclass(frozen=True)
class Listed:
    name: str
    start: int
    end: int


Item = tuple[int, int, "str | None"]  # start, end, the known mention's type (None: an unknown name)


def listed_bodies(text: str, spans: dict[tuple[int, int], str], may_be_body: Callable[[str], bool],
                  openers: frozenset[str] = frozenset()) -> list[Listed]:
    """Unknown names listed with a known organization, or in a list a plural noun types.
    `spans` maps each known mention's (start, end) to its type; `may_be_body` says whether a
    name may be a body's at all (not a word the site writes in lower case, not a person's);
    `openers` are words that open sentences ("Y", "The"), no part of a name."""
    known = _Known(spans)
    found: dict[int, Listed] = {}
    for items, typed in _lists(text, known):
        if any(kind not in ("organization", None) for _, _, kind in items):
            continue  # a list that mixes kinds says nothing of its unknown items
        bodies = sum(kind == "organization" for _, _, kind in items)
        if not typed and len(items) - bodies > 2 * bodies:
            continue  # "Golkar, Jokowi, Ahok, Mega Semobil": mostly unknown names, one body among them
        for start, end, kind in items:
            start, end = _trimmed(text, start, end, openers)
            name = text[start:end]
            if kind is None and (typed or bodies and (len(items) >= 3 or name.isupper() and len(name) >= 2)) \
                    and may_be_body(name):
                found[start] = Listed(name, start, end)
    return list(found.values())


def _trimmed(text: str, start: int, end: int, openers: frozenset[str]) -> tuple[int, int]:
    """Without a sentence's opening word ("Y Mercadona"), a full stop or a dash ("CCOO.", "CCOO-", not "S.A.")."""
    first = text[start:end].split(maxsplit=1)
    if len(first) == 2 and first[0] in openers:
        start = text.index(first[1], start)
    if text[end - 1] == "-" or text[end - 1] == "." and text.count(".", start, end) == 1:
        end -= 1
    return start, end


class _Known:
    def __init__(self, spans: dict[tuple[int, int], str]):
        self.by_start = {start: (end, kind) for (start, end), kind in spans.items()}
        self.by_end = {end: (start, kind) for (start, end), kind in spans.items()}
        self.starts = sorted(self.by_start)


def _lists(text: str, known: _Known) -> list[tuple[list[Item], bool]]:
    """Every run of two or more items joined by commas or a conjunction that holds a known
    organization or follows or precedes a plural noun for bodies, and whether that noun types it."""
    found, seen = [], set()
    for start in known.starts:
        end, kind = known.by_start[start]
        if start not in seen and kind == "organization" and (
                _SEPARATOR.match(text, end) or _JOINT_END.search(text, max(0, start - 6), start)):
            items = _around(text, (start, *known.by_start[start]), known)
            seen.update(s for s, _, _ in items)
            if len(items) >= 2:
                found.append((items, False))
    nouns = _PLURAL.finditer(text) if any(stem in text for stem in _STEMS) else ()
    for noun in nouns:  # one scan for the nouns, where one may be; the cues are read around each
        cue = _OPENS.match(text, noun.start())
        first = cue and _item_at(text, cue.end(), known)
        if first:
            items = _rightwards(text, [first], known)
            if len(items) >= 2:
                found.append((items, True))
        cue = _CLOSES.search(text, max(0, noun.start() - 40), noun.start())
        last = cue and known.by_end.get(cue.start())
        item = cue and ((last[0], cue.start(), last[1]) if last else _item_before(text, cue.start(), known))
        if item:
            items = _leftwards(text, [item], known)
            if len(items) >= 2:
                found.append((items, True))
    return found


def _around(text: str, item: Item, known: _Known) -> list[Item]:
    return _rightwards(text, _leftwards(text, [item], known), known)


def _rightwards(text: str, items: list[Item], known: _Known) -> list[Item]:
    while len(items) < 12:
        separator = _SEPARATOR.match(text, items[-1][1])
        following = separator and _item_at(text, separator.end(), known)
        if not following:
            break
        items.append(following)
        if separator.group().strip(", \t") not in ("", "&"):
            break  # "A, B y C": the conjunction closes the list
    return items


def _leftwards(text: str, items: list[Item], known: _Known) -> list[Item]:
    while len(items) < 12:
        match = _BEFORE.search(text, max(0, items[0][0] - 60), items[0][0])
        if not match:
            break
        end = match.start("separator")
        previous = known.by_end.get(end)
        if previous:
            items.insert(0, (previous[0], end, previous[1]))
        elif any(match.start("name") <= s < end for s in known.by_start):
            break
        else:
            items.insert(0, (match.start("name"), end, None))
        if match.group("separator").strip(", \t") not in ("", "&") and len(items) > 2:
            break  # only the last joint of a list is a conjunction
    return items


def _item_at(text: str, position: int, known: _Known) -> Item | None:
    mention = known.by_start.get(position)
    if mention:
        return position, *mention
    match = _ITEM_AT.match(text, position)
    if not match:
        return None
    start, end = match.start("name"), match.end("name")
    mention = known.by_start.get(start)
    if mention:
        return start, *mention
    if any(start < s < end for s in known.by_start):
        return None  # an unknown word runs into a known name
    return start, end, None


def _item_before(text: str, end: int, known: _Known) -> Item | None:
    match = re.search(rf"(?<=[\s(«“\"])(?P<name>{_ITEM})$", text[max(0, end - 50):end])
    if not match:
        return None
    start = end - len(match.group("name"))
    return None if any(start <= s < end for s in known.by_start) else (start, end, None)
