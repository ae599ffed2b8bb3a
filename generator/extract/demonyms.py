"""States named by their adjective where the adjective speaks of the state: "el gobierno español",
"la frontera ucraniana", "el PSUV venezolano", "die deutsche Regierung", "a US-based company", "el eje franco-alemán"
(other English adjectives are the registry's states' demonyms, judged by the gazetteer).

The gold rules (tests/gold/README.md) count a demonym that refers to a state's actions, territory
or bodies, not one for people, languages or classes ("el sociólogo polaco", "Belorussian
translation"). So an adjective counts only beside a noun of the state's own (its government,
army, border, economy, companies...) or right after a body's name, and a compound adjective
("franco-alemán") names each of its states. No package lists demonyms in Spanish or German (CLDR
has none), so the commonest states' adjectives are written here, masculine singular; the other
forms are derived ("española", "españoles", "deutschen").
"""
from __future__ import annotations

import re
from functools import lru_cache

import ahocorasick

from .gazetteer import new_automaton

# English state name (as GeoNames writes it) -> (English adjectives, Spanish, German stem), "|"-separated.
_TABLE = """
Spain|Spanish|español hispano|spanisch
France|French|francés franco|französisch
Germany|German|alemán germano|deutsch
Italy|Italian|italiano italo|italienisch
Portugal|Portuguese|portugués luso|portugiesisch
United Kingdom|British|británico inglés|britisch englisch
United States|American US U.S.|estadounidense norteamericano yanki yanqui|amerikanisch US-amerikanisch
Russia|Russian|ruso|russisch
China|Chinese|chino sino|chinesisch
Japan|Japanese|japonés|japanisch
India|Indian|indio|indisch
Brazil|Brazilian|brasileño|brasilianisch
Mexico|Mexican|mexicano|mexikanisch
Argentina|Argentine Argentinian|argentino|argentinisch
Venezuela|Venezuelan|venezolano|venezolanisch
Colombia|Colombian|colombiano|kolumbianisch
Cuba|Cuban|cubano|kubanisch
Chile|Chilean|chileno|chilenisch
Peru|Peruvian|peruano|peruanisch
Bolivia|Bolivian|boliviano|bolivianisch
Ecuador|Ecuadorian|ecuatoriano|ecuadorianisch
Uruguay|Uruguayan|uruguayo|uruguayisch
Nicaragua|Nicaraguan|nicaragüense|nicaraguanisch
Morocco|Moroccan|marroquí|marokkanisch
Algeria|Algerian|argelino|algerisch
Libya|Libyan|libio|libysch
Egypt|Egyptian|egipcio|ägyptisch
Tunisia|Tunisian|tunecino|tunesisch
Israel|Israeli|israelí|israelisch
Iran|Iranian|iraní|iranisch
Iraq|Iraqi|iraquí|irakisch
Syria|Syrian|sirio|syrisch
Lebanon|Lebanese|libanés|libanesisch
Turkey|Turkish|turco|türkisch
Greece|Greek|griego greco|griechisch
Poland|Polish|polaco|polnisch
Ukraine|Ukrainian|ucraniano|ukrainisch
Netherlands|Dutch|holandés neerlandés|niederländisch
Belgium|Belgian|belga|belgisch
Switzerland|Swiss|suizo|schweizerisch
Austria|Austrian|austriaco austríaco austro|österreichisch
Sweden|Swedish|sueco|schwedisch
Norway|Norwegian|noruego|norwegisch
Denmark|Danish|danés|dänisch
Finland|Finnish|finlandés|finnisch
Ireland|Irish|irlandés|irisch
Hungary|Hungarian|húngaro|ungarisch
Romania|Romanian|rumano|rumänisch
Serbia|Serbian|serbio|serbisch
South Africa|South African|sudafricano|südafrikanisch
Nigeria|Nigerian|nigeriano|nigerianisch
Canada|Canadian|canadiense|kanadisch
Australia|Australian|australiano|australisch
Saudi Arabia|Saudi|saudí saudita|saudisch
Pakistan|Pakistani|pakistaní|pakistanisch
Afghanistan|Afghan|afgano|afghanisch
North Korea|North Korean|norcoreano|nordkoreanisch
South Korea|South Korean|surcoreano|südkoreanisch
Vietnam|Vietnamese|vietnamita|vietnamesisch
Indonesia|Indonesian|indonesio|indonesisch
Philippines|Philippine Filipino|filipino|philippinisch
Thailand|Thai|tailandés|thailändisch
"""
# Nouns of a state's own: its government, forces, borders, economy, firms (Spanish: before the
# adjective; German: after it).
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STATE_NOUNS_ES = _words("""gobierno gobiernos estado Estado régimen imperio territorio territorios frontera fronteras sección
ejército ejércitos armada marina tropas fuerzas embajada parlamento congreso economía banca bancos deuda monarquía corona
rey reina presidente presidenta ministro ministra nación patria soberanía diplomacia capital costa costas suelo mercado
industria empresa empresas multinacional multinacionales servicios policía eje potencia Estado gabinete""")
_STATE_NOUNS_DE = _words("""Regierung Armee Präsident Präsidentin Kanzler Kanzlerin Botschaft Grenze Grenzen Wirtschaft Staat
Parlament Außenminister Ministerium Militär Truppen Unternehmen Firmen Behörden Polizei Bundesregierung Marine Regime Reich
Streitkräfte Konzerne Konzern Banken Staatsführung Führung""")


def _spanish_forms(word: str) -> list[str]:
    if word.endswith("o"):
        return [word, word[:-1] + "a", word + "s", word[:-1] + "as"]
    if word.endswith(("és", "án")):
        bare = word[:-2] + {"és": "es", "án": "an"}[word[-2:]]
        return [word, bare + "a", bare + "es", bare + "as"]
    if word.endswith("í"):
        return [word, word + "es", word + "s"]
    if word.endswith("e"):
        return [word, word + "s"]
    if word.endswith("a"):
        return [word, word + "s"]
    return [word, word + "a", word + "es", word + "as"]  # "español", "española", "españoles"


@lru_cache(maxsize=1)
def demonym_table() -> tuple[dict[str, tuple[str, str]], ahocorasick.Automaton, frozenset[str]]:
    """form -> (state, language); an automaton of the forms; compound prefixes ("franco", "germano")."""
    forms: dict[str, tuple[str, str]] = {}
    prefixes = set()
    for line in _TABLE.strip().splitlines():
        state, english, spanish, german = line.split("|")
        # English adjectives are the registry's to judge (its states carry their demonyms, "North
        # Korean"), and an English beat's registry has them: only the "-based" form is read here.
        for word in english.split(" "):
            forms[word.replace("_", " ")] = (state, "en-based")
        for word in spanish.split():
            if word in ("hispano", "franco", "germano", "italo", "luso", "sino", "greco", "austro"):
                prefixes.add(word)
                forms[word + "-"] = (state, "prefix")  # with its hyphen: "sino" alone is "but", "luso" ends "incluso"
                continue
            for form in _spanish_forms(word):
                forms[form] = (state, "es")
        for stem in german.split():
            for ending in ("e", "en", "er", "es", "em"):
                forms[stem + ending] = (state, "de")
    automaton = new_automaton(None)
    for form in forms:
        automaton.add_word(form, form)
    automaton.make_automaton()
    return forms, automaton, frozenset(prefixes)


_WORD_AFTER = re.compile(r"[ \t]+(?P<word>[\w’'-]+)")


def _word_before(text: str, start: int) -> str:
    """The word before `start` across one space (str.rfind: a pattern searched back is slow)."""
    if start < 2 or text[start - 1] not in " \t":
        return ""
    return text[max(text.rfind(" ", 0, start - 1), text.rfind("\t", 0, start - 1)) + 1:start - 1]


def demonym_states(text: str, body_ends: set[int]) -> list[tuple[int, int, str]]:
    """(start, end, state) for each adjective that speaks of its state; `body_ends`: where the
    names of known bodies end ("el PSUV| venezolano")."""
    forms, automaton, prefixes = demonym_table()
    found = []
    for end_index, form in automaton.iter(text):
        if form is None:
            continue  # a placeholder of new_automaton's
        start, end = end_index - len(form) + 1, end_index + 1
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "-" and forms[form][1] != "es"):
            continue
        state, language = forms[form]
        after = text[end:end + 1]
        if language == "prefix":
            if text[end:end + 1].islower():
                found.append((start, end - 1, state))  # "el eje franco-alemán": each state of the compound
            continue
        if after.isalnum() or after == "-" and language == "es":
            continue
        if language == "en-based":
            if after == "-" and text.startswith("-based", end):
                found.append((start, end, state))  # "a US-based company"
            continue
        if language == "es":
            compound = text[start - 1:start] == "-" and text[max(0, start - 10):start - 1].split()[-1:] \
                and text[max(0, start - 10):start - 1].split()[-1].lower() in prefixes
            if compound or start - 1 in body_ends or _word_before(text, start) in _STATE_NOUNS_ES:
                found.append((start, end, state))
        else:
            nouns = _STATE_NOUNS_DE
            following = _WORD_AFTER.match(text, end)
            if following and following.group("word") in nouns:
                found.append((start, end, state))
    return found
