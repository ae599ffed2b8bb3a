"""Short forms the archive defines for itself: "Dewan Perwakilan Rakyat (DPR)".

A news site defines an abbreviation or a nickname once ("Partai Golongan Karya (Golkar)",
"Aburizal Bakrie (ARB)") and then uses the short form for years without spelling it out
again. Reading every article's definitions first lets each article resolve "DPR" to
Dewan Perwakilan Rakyat even when it never writes the long form itself.

Definitions are found with the Schwartz-Hearst algorithm ("A simple algorithm for
identifying abbreviation definitions in biomedical text", PSB 2003): the short form's
characters are matched right to left inside the words before the bracket, the first one at
the start of a word; the long form runs from that word to the bracket. A long form is kept
only when discover.py's rules can type it (an organization keyword, a person's title...).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from .discover import CONNECTORS, LEGAL_FORMS, ORG_HEADS, PLACE_HEADS, TITLES, given_names, judge

# "(DPR)", "(Setgab Koalisi)" after a space or tab: the bracket first, so that re's search skips
# to brackets (begun with the space, it tried the pattern at every space: twice as slow); the
# definition begins at the space, one before the match (_at).
_DEFINITION = re.compile(r"\((?<=[ \t]\()(?P<short>[A-Z][A-Za-z&-]{1,11}(?: [A-Z][a-z]{2,11})?)\)")
_SENTENCE_START = re.compile(r"(?:(?<!\bPT)(?<!\bTb)(?<!\bMd)[.!?:;\n]\s+|\n)(?=\S)")  # not after "PT."
_WORD = re.compile(r"[^\s,]+,?")  # "dibantah,Partai" is two words
_PROPER_WORD = re.compile(r"[A-Z][a-z’'-]+")
_HEADS = ORG_HEADS | PLACE_HEADS | LEGAL_FORMS  # words an acronym leaves out: "Partai", "Kabupaten", "PT."
_CONTEXT = 100  # characters on each side that judge() may read
_LONGEST = 300  # characters before the bracket that a long form can take
MAJORITY = 0.5  # a short form with rival long forms keeps the one used in more than half its definitions


@dataclass(frozen=True)
class Definition:
    long: str
    short: str
    type: str  # person, organization or place


def long_form(words: list[str], short: str) -> int | None:
    """Index of the word where the long form of `short` starts (Schwartz-Hearst), or None."""
    text = " ".join(words)
    s_index, l_index = len(short) - 1, len(text) - 1
    while s_index >= 0:
        char = short[s_index].lower()
        if not char.isalnum():
            s_index -= 1
            continue
        while l_index >= 0 and (text[l_index].lower() != char
                                or (s_index == 0 and l_index > 0 and text[l_index - 1].isalnum())):
            l_index -= 1
        if l_index < 0:
            return None
        l_index -= 1
        s_index -= 1
    return text.count(" ", 0, l_index + 1)


def _is_name(words: list[str]) -> bool:
    """Every word capitalised, connectors aside: "Dewan Perwakilan Rakyat", not "the price index"."""
    return len(words) >= 2 and all(w[0].isupper() or w.lower() in CONNECTORS for w in words) \
        and words[0][0].isupper()


def definitions_in(text: str, known_names: dict[str, tuple[str, str]] | None = None,
                   common_words: frozenset[str] = frozenset()) -> list[Definition]:
    """Definitions in one text. `known_names` maps names already known to their (type, name);
    `common_words` are words the archive also writes in lower case, which a person's name lacks."""
    found = []
    for match in _DEFINITION.finditer(text):
        short, at = match.group("short"), _at(match)
        window = max(0, at - _LONGEST)
        sentence = list(_SENTENCE_START.finditer(text, window, at))
        start = sentence[-1].end() if sentence else window
        words = list(_WORD.finditer(text, start, at))[-min(len(short) + 5, len(short) * 2):]
        index = long_form([w.group() for w in words], short)
        if index is None:
            continue
        if index > 0 and words[index - 1].group() in _HEADS:
            index -= 1  # "Partai Golongan Karya (Golkar)": the acronym skips the generic head word
        long = text[words[index].start():at].strip()
        long_words = [w.rstrip(",") for w in long.split()]
        if not _is_name(long_words) or short in long_words:
            continue
        definition = _typed(text, match, long, short, known_names or {}, common_words)
        if definition:
            found.append(definition)
    return found


def _at(match: re.Match) -> int:
    """Where a definition _DEFINITION found begins: the space before its bracket."""
    return match.start() - 1


def _typed(text: str, match: re.Match, long: str, short: str, known_names, common_words) -> Definition | None:
    known = known_names.get(long)
    if known:
        return Definition(known[1], short, known[0])
    # Judged without the bracket, which would make any long form an organization's name, and
    # within the sentence's reach (judge() reads at most 80 characters around a name).
    at = _at(match)
    left = max(0, at - len(long) - _CONTEXT)
    window = text[left:at] + " " * (match.end() - at) + text[match.end():match.end() + _CONTEXT]
    candidate = judge(window, at - len(long) - left, at - left, common_words)
    if candidate and candidate.rule == "defined acronym":
        candidate = None  # the same short form written twice: "Hari Ulang Tahun (HUT) (HUT)"
    proper = all(_PROPER_WORD.fullmatch(w) and w.lower() not in common_words and w not in TITLES
                 for w in long.split())
    if candidate and candidate.type == "person" and not proper:
        return None  # "Hari Ulang Tahun (HUT)": "hari" is a given name but also the word for day
    if candidate and long.endswith(candidate.name) and candidate.type != "state":
        return Definition(candidate.name, short, candidate.type)
    first = long.split()[0]
    if not candidate and proper and len(long.split()) <= 4 and first.lower() in given_names() \
            and not any(w in known_names for w in long.split()):
        return Definition(long, short, "person")  # "Ade Komarudin (Akom)": a nickname, not a body
    if not candidate and _body_initials(long, short, common_words) and not any(w in known_names for w in long.split()):
        return Definition(long, short, "organization")  # "Izquierda Unida (IU)": a body named by its initials
    return None


def _body_initials(long: str, short: str, common_words: frozenset[str]) -> bool:
    """A name of capitalised words, most of them not words the site writes in lower case, whose
    initials are the capitals in brackets ("Izquierda Unida (IU)", "Democracia Real Ya (DRY)"):
    an acronym of that kind names a body (not "Producto Interior Bruto (PIB)", made of common words,
    nor "Republik Indonesia (RI)", which holds a known name)."""
    words = [w for w in long.split() if w.lower() not in CONNECTORS]
    initials = "".join(w[0] for w in words)
    return short.isupper() and len(short) >= 2 and initials == short and not any(w in THINGS for w in words) \
        and sum(w.lower() in common_words for w in words) * 2 < len(words)


# Words that name made things, not bodies: a name holding one, defined by its initials, is a
# standard, a program or a condition ("Dublin Core (DC)", "Azure Data Studio (ADS)",
# "Sistema de Información Geográfica (SIG)", "Attention Deficit Hyperactivity Disorder (ADHD)").
THINGS = frozenset(["Core", "Data", "Studio", "System", "Systems", "Sistema", "Sistemas", "Disorder", "Syndrome", "Disease", "Demo", "Format", "Protocol", "Language", "Standard", "Server", "Database", "Framework", "Library", "Toolkit", "Engine", "Platform", "Software", "Code", "Model", "Method", "Index", "Interface", "Markup", "Script", "Editor", "Browser", "Player", "Cup", "Award", "Prize", "Información", "Information", "Datos", "Lenguaje", "Formato", "Protocolo", "Índice", "Método", "Modelo", "Trastorno", "Síndrome", "Programa", "Program", "Programm", "Sprache", "Methode", "Modell", "Verfahren", "Test", "Tests", "Algorithm", "Algoritmo"])


def variants(definition: Definition) -> list[str]:
    """Other ways writers shorten the same name: "PDIP" for PDI-P, and "PDI Perjuangan" for
    Partai Demokrasi Indonesia Perjuangan (the first words as initials, the rest spelt out)."""
    found = [definition.short.replace("-", "")] if "-" in definition.short else []
    words = definition.long.split()
    if definition.type == "organization" and all(w[0].isupper() for w in words):
        for size in range(2, len(words)):
            found.append(f"{''.join(w[0] for w in words[:size])} {' '.join(words[size:])}")
    return found


def learn_glossary(texts: list[str], known_names: dict[str, tuple[str, str]] | None = None,
                   common_words: frozenset[str] = frozenset()) -> list[Definition]:
    """Each short form's most used definition across the archive, when it is clear which."""
    return glossary_of(definitions_in(text, known_names, common_words) for text in texts)


def glossary_of(definitions_per_text) -> list[Definition]:
    """learn_glossary from the definitions found in each text."""
    seen: dict[str, Counter] = defaultdict(Counter)
    for definitions in definitions_per_text:
        for definition in definitions:
            seen[definition.short][definition] += 1
    glossary = []
    for short, counts in sorted(seen.items()):
        best, count = min(counts.items(), key=lambda item: (-item[1], item[0].long))
        if count > MAJORITY * sum(counts.values()):
            glossary.append(best)
    return glossary
