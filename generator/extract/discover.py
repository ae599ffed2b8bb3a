"""Discover people, organizations and places the registry does not know yet.

Rules, each with a confidence: a title before a name ("coordinator John Kirby", "Menteri
Fadel Muhammad") says person; a keyword at the end or start of a capitalised phrase
("Joint Chiefs of Staff", "Ministry of Unification", "Badan Meteorologi...") says
organization; a geographic keyword ("Cholsan County", "Pulau Padang") or a name followed by
its country ("Najin, North Korea") says place. Candidates below the site's threshold go to the
review list of the import report instead of the site.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_UPPER = r"[A-ZÀ-ÖØ-ÞĀ-Ž]"
_WORD = rf"(?:[A-Z]\.){{2,}}|{_UPPER}[\w’'-]*[\w’']|{_UPPER}"  # dots only in initialisms (U.S.)
_NAME_TOKEN = rf"(?:{_UPPER}[a-zà-ÿ]+(?:[-’'][A-Za-zà-ÿ]+)*|{_UPPER}\.)"
_PERSON_NAME = rf"(?P<name>{_NAME_TOKEN}(?:[ \t]+(?:bin|binti|van|von|de|da|al-|el-)?[ \t]*{_NAME_TOKEN}){{1,3}})"

_TITLES = [
    # English
    "President", "Vice President", "Prime Minister", "Deputy Prime Minister", "Foreign Minister",
    "Defense Minister", "Defence Minister", "Unification Minister", "Minister", "Vice Minister",
    "Secretary of State", "Secretary", "Secretary-General", "Secretary General", "General Secretary",
    "Ambassador", "ambassador", "Envoy", "envoy", "General", "Gen.", "Lt. Gen.", "Admiral", "Adm.",
    "Colonel", "Col.", "Marshal", "Senator", "Sen.", "Rep.", "Representative", "Congressman",
    "Congresswoman", "Governor", "Gov.", "Mayor", "Chairman", "Chairwoman", "Chair", "Chief",
    "Director", "director", "Commander", "commander", "spokesperson", "spokesman", "spokeswoman",
    "Spokesperson", "coordinator", "Coordinator", "leader", "Leader", "Premier", "Chancellor",
    "King", "Queen", "Pope", "Professor", "Prof.", "Dr.", "Mr.", "Mrs.", "Ms.", "Judge", "Justice",
    "lawmaker", "Lawmaker", "analyst", "researcher", "official", "CEO", "founder", "co-founder",
    "editor", "correspondent", "reporter", "activist", "defector", "Executive Director",
    "diplomat", "adviser", "advisor", "minister", "secretary", "president", "chairman",
    # Indonesian
    "Presiden", "Wakil Presiden", "Perdana Menteri", "Menteri", "Ketua Umum", "Ketua", "Wakil Ketua",
    "Sekretaris Jenderal", "Sekjen", "Gubernur", "Bupati", "Walikota", "Wali Kota", "Kepala",
    "Direktur", "Anggota", "politisi", "Politisi", "Bapak", "Ibu", "Pak", "Bu", "Duta Besar", "Dubes",
    "Wakil", "Kapolri", "Kapolda", "Pengamat", "pengamat",
]
_TITLE = "|".join(re.escape(t) for t in sorted(_TITLES, key=len, reverse=True))
_PERSON_AFTER_TITLE = re.compile(rf"(?<![\w])(?:{_TITLE})(?:[ \t]+of[ \t]+{_WORD}(?:[ \t]+{_WORD})*)?,?[ \t]+{_PERSON_NAME}")
_PERSON_SAYS = re.compile(
    rf"{_PERSON_NAME},?[ \t]+(?:said|says|told|added|noted|wrote|explained|stressed|argued|asked|"
    rf"mengatakan|menyatakan|menegaskan|menjelaskan|mengungkapkan|ujar|kata)\b")
_KOREAN_SURNAMES = (
    "Kim|Lee|Park|Choi|Choe|Jung|Chung|Kang|Cho|Jo|Yoon|Yun|Jang|Chang|Lim|Han|Oh|Seo|Shin|Kwon|"
    "Hwang|Ahn|Song|Ri|Rhee|Pak|Jeon|Hong|Moon|Yang|Bae|Baek|Heo|Nam|Noh|Kwak|Sung|Cha|Joo|Woo|"
    "Ryu|Yoo|Hyon|Hyun|Thae|Kye|Jeong|Ryom|Ju|Byun")
_KOREAN_NAME = re.compile(
    rf"(?<![\w’'])(?P<name>(?:{_KOREAN_SURNAMES})[ \t]+[A-Z][a-z]+(?:-[a-z]+|[ \t]+[A-Z][a-z]+)?)(?![\w-])")

_ORG_END = (
    "Ministry|Council|Agency|Party|Committee|Commission|Command|Administration|Institute|University|"
    "Foundation|Association|Bank|Corporation|Company|Group|Service|Office|Department|Court|Assembly|"
    "Army|Navy|Forces|Force|Guard|Bureau|Center|Centre|News|Times|Post|Union|Organization|Organisation|"
    "Society|Network|Federation|League|Authority|Club|Team|Inc\\.|Ltd\\.|Corp\\.|Daily|Herald|Tribune|"
    "Journal|Review|Press|Board|Parliament|Congress|Senate|Cabinet|Secretariat|Academy|School|Fund|Program|"
    "Programme|Initiative|Project|Alliance|Coalition|Movement|Front|Brigade|Division|Regiment|Unit|"
    "Group|Media|Televisi|TV|Radio")
_ORG_START = (
    "Ministry of|Department of|Office of|University of|Bank of|Council of|Bureau of|Committee for|"
    "Committee of|Institute of|Institute for|Agency for|Commission on|Commission for|Association of|"
    "Federation of|Organization of|Party of|Academy of|Court of|Partai|Badan|Dewan|Komisi|Kementerian|"
    "Pemerintah|Majelis|Lembaga|Universitas|Fraksi|Mahkamah|Komite|Kantor|Dinas|Markas|Kepolisian|"
    "Tentara|Bank|Perusahaan|Yayasan|Ikatan|Persatuan|Gerakan|Himpunan|Korps")
_CONNECT = r"(?:[ \t]+(?:of the|of|for|and|on|de|dan|di|&)[ \t]+|[ \t]+)"
_CAP_PHRASE = rf"(?:{_WORD})(?:{_CONNECT}(?:{_WORD})){{0,7}}"
_ORG_ENDING = re.compile(rf"(?P<name>{_CAP_PHRASE}[ \t]+(?:{_ORG_END}))(?![\w])")
_ORG_STARTING = re.compile(rf"(?<![\w])(?P<name>(?:{_ORG_START})(?:{_CONNECT}(?:{_WORD})){{1,7}})")
_ACRONYM = re.compile(rf"(?P<name>{_CAP_PHRASE})[ \t]+\((?P<acronym>[A-Z][A-Za-z&]{{1,9}})\)")

_PLACE_END = (
    "Province|County|Island|Islands|Station|Cosmodrome|Airport|Air Base|Naval Base|Base|Port|Harbor|"
    "Harbour|Sea|River|Mountains|Mountain|Bay|Strait|Peninsula|City|Region|District|Oblast|Krai|"
    "Prefecture|Square|Bridge|Dam|Reactor|Test Site|Launching Station|Launch Site|Zone|Valley|Lake|"
    "Ocean|Gulf|Canal|Coast|Plateau|Desert|Park|Stadium|Palace|Hotel|Hall|Street|Avenue|Road")
_PLACE_START = "Provinsi|Kabupaten|Kota|Pulau|Desa|Dusun|Kecamatan|Gunung|Teluk|Selat|Laut|Danau|Sungai|Mount|Lake|Gulf of|Sea of|Bay of|Isle of"
_ADMIN_PREFIX = re.compile(r"^(?:Provinsi|Kabupaten|Kota|Desa|Dusun|Kecamatan)\s+")
_PLACE_ENDING = re.compile(rf"(?P<name>{_CAP_PHRASE}[ \t]+(?:{_PLACE_END}))(?![\w])")
_PLACE_STARTING = re.compile(rf"(?<![\w])(?P<name>(?:{_PLACE_START})[ \t]+(?:{_WORD})(?:[ \t]+(?:{_WORD})){{0,3}})")
# "in Pyongyang" is the city; "arms to Moscow" or "a message from Seoul" is the government,
# so "to" and "from" count only after a word of movement.
_LOCATIVE = re.compile(
    r"(?:\b(?:in|at|near|outside|into|via|di|kota)\s+|"
    r"\b(?:flights?|flew|fly|flying|trip|trips|travel(?:l?ed)?|travel(?:l?ing)?|visits?|visited|visiting|"
    r"arrived?|arriving|returned|returning|went|came|moved|drove|sailed|shipped|transported|"
    r"road|rail|route|train|ke|dari)\s+(?:to|from|for)?\s*)$")

# Words that start sentences or headings in capitals but never begin a name.
STOPWORDS = set("""
A An The This That These Those It Its In On At Of For From To By With And Or But If As After Before
During While When Where Why How What Who Whom Which Since Until Despite However Meanwhile Also Yet So
Then Still Some Many Most Several All Both Each Every Such Other Another More Less Our Their His Her
We They He She You I Today Yesterday Tomorrow Monday Tuesday Wednesday Thursday Friday Saturday Sunday
January February March April May June July August September October November December Update Read
Di Ke Dari Dan Yang Ini Itu Untuk Dengan Pada Dalam Oleh Bahwa Namun Sementara Selain Menurut Saat
Senin Selasa Rabu Kamis Jumat Sabtu Minggu Baca Juga Sumber Foto Berita
""".split())


# Capitalised words that end names of things, not of people.
_NOT_SURNAMES = set(_ORG_END.replace("\\.", ".").split("|")) | set(_PLACE_END.split("|")) | {
    "Day", "Week", "Award", "Awards", "Prize", "Cup", "Games", "Summit", "Conference", "Camp", "Act",
    "Treaty", "Declaration", "Agreement", "Accord", "Plan", "Report", "Street", "Road", "Line"}


@dataclass
class Candidate:
    name: str
    type: str
    confidence: float
    start: int
    end: int
    rule: str
    alias: str = ""  # an acronym the article defines for it


_TITLE_WORDS = {w for title in _TITLES for w in title.split()} | {"Cabinet", "Deputy", "National", "Security", "First", "Vice", "Foreign", "Defense", "Defence", "Unification", "Supreme", "State", "Former", "former", "then-President", "Chief"}


def _trim(name: str, person: bool = False) -> str:
    """Drop capitalised sentence openers, titles (for people) and a possessive from a phrase."""
    name = re.sub(r"[’']s$", "", name.replace("\n", " ").strip())
    words = name.split()
    possessive = [i for i, w in enumerate(words[:-1]) if re.search(r"[’']s$", w)]
    if possessive:
        words = words[possessive[-1] + 1:]  # "Yoon’s People Power Party" -> the party
    while words and (words[0] in STOPWORDS or words[0].lower() in ("the", "of", "and", "dan")
                     or person and words[0] in _TITLE_WORDS):
        words = words[1:]
    while words and words[-1].lower() in ("of", "and", "the", "dan", "di", "for", "on", "&"):
        words = words[:-1]
    return " ".join(words).strip(" ,.;:’'")


def _add(found: list[Candidate], match: re.Match, kind: str, confidence: float, rule: str, group="name"):
    name = _trim(match.group(group), person=kind == "person")
    if len(name) < 3 or " " not in name and kind in ("person", "organization"):
        return
    offset = match.start(group) + match.group(group).find(name.split()[0]) if name else match.start(group)
    found.append(Candidate(name, kind, confidence, offset, offset + len(name), rule))


# Given names that are also common words: "Will", "May", "Grace" open sentences too often.
_AMBIGUOUS_GIVEN = set("""
Will May Rose Hope Grace Faith Joy Mark Bill Sun Young Long Art Page Case Summer Winter Autumn April
June August Max Don Guy Ray Rich Chase Dean Hunter Miles Sky Star Happy Lucky Victory Trust Honor Lane
Forest Wolf Fox Bear Reed Church Gay King Prince North South East West New Old Major Justice Colonel
General Marshal Bishop Earl Duke Baron Royal Golden Sterling Ivory Crystal Jade Amber Pearl Ruby Iris
Lily Ivy Holly Dawn Eve Sage Rain Storm Sunny Brook Glen Dale Cliff Rock Stone Wood Field Hill Bay
""".split())
_GIVEN_NAME_PHRASE = re.compile(
    rf"(?<![\w’'.-])(?P<name>(?P<given>{_UPPER}[a-zà-ÿ]+)(?:[ \t]+{_UPPER}\.)?(?:[ \t]+{_UPPER}[a-zà-ÿ]+(?:-{_UPPER}?[a-zà-ÿ]+)?){{1,2}})(?![\w’'-]|[ \t]+{_UPPER})")


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """First names from gender-guesser's dictionary (Jörg Michael's, about 48,000 names)."""
    import gender_guesser.detector as detector

    return frozenset(name for name in detector.Detector(case_sensitive=False).names if len(name) > 2)


def _people_by_given_name(text: str, found: list[Candidate]) -> None:
    """ "Thelma Mutete": a known first name, then one or two capitalised words."""
    names = given_names()
    for match in _GIVEN_NAME_PHRASE.finditer(text):
        given = match.group("given")
        if given in _AMBIGUOUS_GIVEN or given in STOPWORDS or given.lower() not in names:
            continue
        rest = match.group("name").split()[1:]
        if any(word in STOPWORDS or word in _NOT_SURNAMES for word in rest):
            continue
        found.append(Candidate(match.group("name"), "person", 0.8, match.start("name"), match.end("name"), "given name"))


def discover(text: str) -> list[Candidate]:
    """Candidate entities found by rules, overlapping ones included (the caller resolves)."""
    found: list[Candidate] = []
    _people_by_given_name(text, found)
    for match in _PERSON_AFTER_TITLE.finditer(text):
        _add(found, match, "person", 0.9, "title")
    for match in _KOREAN_NAME.finditer(text):
        _add(found, match, "person", 0.85, "korean name")
    for match in _PERSON_SAYS.finditer(text):
        _add(found, match, "person", 0.8, "speech verb")
    for match in _ORG_STARTING.finditer(text):
        _add(found, match, "organization", 0.85, "organization keyword")
    for match in _ORG_ENDING.finditer(text):
        _add(found, match, "organization", 0.85, "organization keyword")
    for match in _PLACE_STARTING.finditer(text):
        _add(found, match, "place", 0.85, "place keyword")
        found[-1:] = [_strip_admin(c) for c in found[-1:]]
    for match in _PLACE_ENDING.finditer(text):
        _add(found, match, "place", 0.85, "place keyword")
    for match in _ACRONYM.finditer(text):
        name = _trim(match.group("name"))
        if len(name.split()) >= 2 and _initials_fit(name, match.group("acronym")):
            found.append(Candidate(name, "organization", 0.85, match.start("name") + match.group("name").find(name),
                                   match.start("name") + match.group("name").find(name) + len(name),
                                   "defined acronym", alias=match.group("acronym")))
    return found


def _strip_admin(candidate: Candidate) -> Candidate:
    stripped = _ADMIN_PREFIX.sub("", candidate.name)
    if stripped != candidate.name:
        candidate.start += len(candidate.name) - len(stripped)
        candidate.name = stripped
    return candidate


def _initials_fit(name: str, acronym: str) -> bool:
    """ "National Intelligence Service (NIS)": the acronym's letters open the name's words."""
    initials = "".join(w[0] for w in re.split(r"[\s-]+", name) if w and w[0].isupper())
    letters = "".join(c for c in acronym if c.isupper())
    return bool(letters) and (letters in initials or initials.startswith(letters[:2]))


def is_locative(text: str, start: int) -> bool:
    """Is the word at `start` preceded by 'in', 'near', 'to'...: a place, not a government?"""
    return bool(_LOCATIVE.search(text[max(0, start - 12):start]))
