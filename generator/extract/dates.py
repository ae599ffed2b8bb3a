"""Dates an article speaks of, resolved to calendar dates.

Full dates ("November 21, 2023", "21 Nov 2023", "2023-11-21", "27/7/2016"), ranges
("26-28 Juli 2016"), month and year ("September 2023"), months and days without a year
("on November 22", "the September summit", "elections slated for April") and years ("in 2018").
A month without a year is placed relative to the publication date: cue words such as
"upcoming", "slated for", "next", "will" point forward; "last", "earlier" and past tense point
back; otherwise the nearest such month. English and Indonesian month names are known.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, datetime

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
    # Indonesian
    "januari": 1, "februari": 2, "maret": 3, "mei": 5, "juni": 6, "juli": 7, "agustus": 8,
    "oktober": 10, "desember": 12, "agu": 8, "agt": 8, "okt": 10, "des": 12,
    # German (capitalised, as nouns are)
    "januar": 1, "februar": 2, "märz": 3, "mai": 5, "dezember": 12,
}
# Spanish months are written in lower case ("14 de abril de 2008"), so they are read only in the
# forms with "de" that make them dates: a bare lower-case "marzo" is not looked for.
_MESES = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}
_MONTHS.update(_MESES)
_MONTH = r"(?:" + "|".join(sorted((m.capitalize() for m in _MONTHS), key=len, reverse=True)) + r")\.?"
_MES = r"(?:" + "|".join(sorted([*_MESES, *(m.capitalize() for m in _MESES)], key=len, reverse=True)) + r")"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_YEAR = r"(?:1[89]\d\d|20\d\d|2100)"
_OLD_YEAR = r"(?:1\d\d\d|20\d\d|2100)"  # beside a month's name any four digits from 1000 are a year ("4 de agosto de 1704")
_ORDINAL = r"(?:st|nd|rd|th)?"

# Each pattern: (name, regex). Order matters: longer forms first; matched text is consumed.
_PATTERNS = [
    ("year_es", r"(?<=\baño )(?P<yy>\d\d)\b(?![\d.,%])"),  # "en el año 82": a two-digit year (not "años 80", a decade)
    ("year_del", r"(?<=\bdel )(?P<yy>\d\d)\b(?![-–/]|[.,:]?\d|%|[ \t]+(?:al|a|y)[ \t]+\d)"),  # "el Régimen del 78", "mayo del 68"
    ("range_mdy", rf"\b(?P<m>{_MONTH}) (?P<d1>{_DAY}){_ORDINAL}\s*[-–]\s*(?P<d2>{_DAY}){_ORDINAL},? (?P<y>{_OLD_YEAR})\b"),
    ("range_dmy", rf"\b(?P<d1>{_DAY})\s*[-–]\s*(?P<d2>{_DAY}) (?P<m>{_MONTH}),? (?P<y>{_OLD_YEAR})\b"),
    ("iso", rf"\b(?P<y>{_YEAR})-(?P<mn>0[1-9]|1[0-2])-(?P<d>{_DAY})\b"),
    ("mdy", rf"\b(?P<m>{_MONTH}) (?P<d>{_DAY}){_ORDINAL},? (?P<y>{_OLD_YEAR})\b"),
    ("dmy", rf"\b(?P<d>{_DAY}){_ORDINAL} (?:of )?(?P<m>{_MONTH}),? (?P<y>{_OLD_YEAR})\b"),
    ("dmy_es", rf"\b(?P<d>{_DAY}) de (?P<m>{_MES}),? (?:de|del) (?P<y>{_OLD_YEAR})\b"),  # "14 de abril de 2008"
    ("dmy_de", rf"\b(?P<d>{_DAY})\.[ \t]?(?P<m>{_MONTH}) (?P<y>{_OLD_YEAR})\b"),  # "14. April 2008"
    ("numeric", rf"\b(?P<a>{_DAY})/(?P<b>{_DAY})/(?P<y>{_YEAR})\b"),
    ("numeric_dm", rf"(?<=\()(?P<d>{_DAY})/(?P<mn>0?[1-9]|1[0-2])(?=\))"),
    ("range_md", rf"\b(?P<m>{_MONTH}) (?P<d1>{_DAY}){_ORDINAL}\s*[-–]\s*(?P<d2>{_DAY}){_ORDINAL}\b(?![.,]?\d)"),
    ("my", rf"\b(?P<m>{_MONTH}),? (?P<y>{_OLD_YEAR})\b"),
    ("years", rf"\b(?P<y>{_YEAR})[-–/](?P<y2>\d\d)\b(?![-–/.,]?\d)"),  # "1992-93": a season, a term
    # a month and day, or a Unix timestamp: "Aug 11 21:56:24 UTC 2010" (its year comes after the time)
    ("md", (rf"\b(?P<m>{_MONTH}) (?P<d>{_DAY}){_ORDINAL}\b(?![.,]?\d)"
            rf"(?: \d\d:\d\d(?::\d\d)?(?: [A-Z]{{3,5}})? (?P<y>{_YEAR})\b)?")),
    ("dm", rf"\b(?P<d>{_DAY}){_ORDINAL} (?:of )?(?P<m>{_MONTH})\b"),
    ("dm_es", rf"\b(?P<d>{_DAY}) de (?P<m>{_MES})\b"),  # "17 de octubre"
    ("dm_de", rf"\b(?P<d>{_DAY})\.[ \t]?(?P<m>{_MONTH})\b"),  # "14. April"
    ("m", rf"\b(?P<m>{_MONTH})\b"),
    ("y", r"(?<![\d,.$#/=-])\b(?P<y>(?:1[5-9]\d\d|20\d\d))\b(?!\d|,\d|\.\d|%|-\d)"),
]
# One scan for all forms: alternatives are tried in the order above at each position, so the
# longest form that starts at a position wins. Group names get the form's name as a prefix.
# Every form opens with a digit or a month's capital: the lookahead skips other positions fast.
# Each opens a word too, and a month's name opens with one of these two letters ("Se", "Ma"): a
# word that opens no month's name ("Said", "Sunday") is left after two looks, not twenty forms.
_MONTH_OPENINGS = "|".join(sorted({month.capitalize()[:2] for month in _MONTHS}))
_COMBINED = re.compile(rf"(?=[0-9JFMASOND])\b(?=[0-9]|{_MONTH_OPENINGS})(?:" + "|".join(
    f"(?P<{name}>{pattern.replace('(?P<', f'(?P<{name}__')})" for name, pattern in _PATTERNS) + ")")
# Each form's groups as (name in _COMBINED, name in the form), in order: _interpret reads its form's
# few groups, not the seventy of groupdict() at every date.
_FORM_GROUPS = {name: [(key, key[len(name) + 2:]) for key in sorted(_COMBINED.groupindex, key=_COMBINED.groupindex.get)
                       if key.startswith(f"{name}__")] for name, _ in _PATTERNS}

# Words right before a date that settle its direction ("slated for April", "last September").
_CUE_FORWARD = re.compile(
    r"\b(upcoming|slated|scheduled|planned|next|coming|forthcoming|due|set to|set for|ahead of|"
    r"later this|mendatang|depan|próximo|próxima|nächsten|kommenden)\b[^.]{0,20}$", re.IGNORECASE)
_CUE_BACKWARD = re.compile(r"\b(last|earlier|previous|previously|since|lalu|sebelumnya|pasado|pasada|desde|"
                           r"letzten|vergangenen|seit)\b[^.]{0,12}$", re.IGNORECASE)
# Tense around a date, nearest first.
_FUTURE = re.compile(r"\b(will|shall|plans?|planning|expected|expects|intends|akan)\b", re.IGNORECASE)
_PAST = re.compile(
    r"\b(was|were|had|did|held|met|took|began|ended|signed|launched|visited|said|announced|"
    r"telah|sudah)\b|\b\w{3,}ed\b", re.IGNORECASE)
# A bare month needs something that makes it a date ("the September summit", "in April"),
# not a name or a verb ("May", "March" at the start of a sentence).
_MONTH_CUE_BEFORE = re.compile(
    r"\b(in|on|since|until|till|by|from|through|during|last|next|this|early|late|mid|mid-|the|of|for|"
    r"before|after|pada|bulan|sejak|hingga|sampai|awal|akhir|"
    r"im|seit|bis|ab|vom|zum|Anfang|Ende|Mitte|nächsten|letzten|kommenden|vergangenen)\s*$", re.IGNORECASE)
# An older year (before 1940) is a date only after a word that introduces one ("in 1873", "de 1871",
# "of 1906"): bare, such numbers are as often counts, prices or page numbers.
_OLD_YEAR_BEFORE = re.compile(r"(?<!más )(?<!mas )(?<!menos )\b(?:in|of|since|until|from|year|en|de|del|desde|hasta|año|"
                              r"im|seit|bis|von|um|Jahr|Jahre)\s+$|\b1\d\d\d\s+(?:a|al|y|and|to|bis|und)\s+$", re.IGNORECASE)
MODERN = 1940
# "mayo de 2011": read from the year back (a scan for lower-case month names would be slow).
_MES_BEFORE = re.compile(rf"\b(?P<m>{_MES}) (?:de|del) $")
# Years that are not dates: resolution numbers, versions, counts, laws in other forms.
_NOT_A_YEAR_BEFORE = re.compile(r"(resolution|resolutions|no\.|number|version|wordpress|php|v|#|route|rp\.?|page)\s*$", re.IGNORECASE)


# "el Régimen del 78", "la Constitución del 78", "mayo del 68", "la crisis del 29": a two-digit year
# after "del" that follows a name, a month or an event's noun (not "el artículo 3 del 12").
_NAMED_YEAR_BEFORE = re.compile(rf"(?:\b[A-ZÁÉÍÓÚ][a-záéíóúñ]{{2,}}|\b{_MES}|\b(?:crisis|golpe|generación|guerra|huelga|revolución|"
                                rf"elecciones|constitución|régimen|transición|pacto|reforma))[ \t]+del[ \t]+$")


# A number that counts something is no year: "the last 2000 lines", "2000 personas".
_COUNTED = re.compile(r"[ \t]+(?:lines|rows|words|characters|bytes|records|items|users|people|times|euros|dollars|"
                      r"líneas|palabras|personas|euros|dólares|Zeilen|Wörter|Menschen|Euro)\b")


@dataclass(frozen=True, slots=True)
class DateMention:
    date: str  # YYYY, YYYY-MM, YYYY-MM-DD, or start/end
    text: str

    def __reduce__(self):
        # Unpickled through __init__: dataclasses' own way for a frozen class with slots asks for
        # fields() at each one (10,000 cached extractions hold some 200,000 dates; 2.6x slower).
        return DateMention, (self.date, self.text)


def _month(name: str) -> int:
    return _MONTHS[name.rstrip(".").lower()]


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    first = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    last = min((i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0), default=len(text))
    return first, last


def _explicit_cue(text: str, start: int) -> int:
    before = text[max(0, start - 40):start]
    if _CUE_FORWARD.search(before):
        return 1
    if _CUE_BACKWARD.search(before):
        return -1
    return 0


def _tense(text: str, start: int, end: int) -> int:
    """+1 future, -1 past, 0 unknown: the verb nearest the date wins, then the sentence's."""
    first, last = _sentence_bounds(text, start, end)
    nearest = None
    for pattern, sign in ((_FUTURE, 1), (_PAST, -1)):
        for match in pattern.finditer(text, first, last):
            distance = start - match.end() if match.end() <= start else match.start() - end
            if nearest is None or distance < nearest[0]:
                nearest = (distance, sign)
    return nearest[1] if nearest else 0


# What may stand between a year and the dates it heads: other dates, separators, list words.
_DATE_RUN = re.compile(rf"(?:\s|[:;,–—()-]|\b(?:and|or|on|in|then|dan|pada|tanggal)\b|{_MONTH}|\b{_DAY}{_ORDINAL}\b)*",
                       re.IGNORECASE)


def _sentence_year(text: str, start: int) -> int | None:
    """A year that heads a run of dates in the same sentence: "the attempts of 2023: May 31, August 24".
    A year with other words between ("goals for 2021 with a deadline of Dec. 14") says nothing."""
    sentence_start = _sentence_bounds(text, start, start)[0]
    years = list(re.finditer(rf"\b({_YEAR})\b", text[sentence_start:start]))
    if not years or not _DATE_RUN.fullmatch(text, sentence_start + years[-1].end(), start):
        return None
    return int(years[-1].group(1))


def _place_month(month: int, day: int | None, published: date, direction: int) -> int | None:
    """The year for a month (and day) given without one; None when it would fall outside the
    calendar (a post dated in the year 1 or 9999)."""
    candidates = [y for y in (published.year - 1, published.year, published.year + 1) if MINYEAR <= y <= MAXYEAR]

    def when(year):
        return date(year, month, min(day or 1, 28))

    if direction > 0:
        later = [y for y in candidates if (when(y).year, when(y).month) >= (published.year, published.month)]
        return min(later, default=None)
    if direction < 0:
        earlier = [y for y in candidates if (when(y).year, when(y).month) <= (published.year, published.month)]
        return max(earlier, default=None)
    return min(candidates, key=lambda y: (abs((when(y) - published).days), y > published.year))


_CUE_WORDS = {"the", "for", "in", "on", "since", "until", "by", "last", "next", "this", "early", "late",
              "mid", "slated", "scheduled", "upcoming", "planned", "set", "due", "of", "coming", "pada", "bulan"}


def _cue_text(text: str, start: int, end: int) -> str:
    """The month with the words that make it a date: 'the September summit', 'slated for April'."""
    words = text[max(0, start - 40):start].split()[-2:]
    while words and words[0].lower() not in _CUE_WORDS:
        words = words[1:]
    after = re.match(r"( [a-z][\w-]+)?", text[end:end + 30]).group(1) or ""
    return " ".join([*words, text[start:end]]) + after


_UPDATE_WINDOW = 120  # days: an update note written this soon after publication counts as "now"


def _day(value: datetime | date | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def find_dates(text: str, published: datetime | date | None, updated: datetime | date | None = None,
               day_codes=None) -> list[DateMention]:
    """Every date mention, in order of appearance, each (date, text) once. `day_codes` maps the
    day codes whose initial two months share ("15M", "7J"; see site_day_codes) to their dates.

    Past events without a year are placed before the last update when the article was
    updated soon after publication: update notes speak of days after the publication date.
    """
    anchor = _anchor(published, updated)
    found: list[tuple[int, DateMention]] = []
    for match in _COMBINED.finditer(text):
        mention = _interpret(match.lastgroup, match, text, anchor)
        if mention:
            found.append((match.start(), mention))
    if anchor:
        found = sorted(found + _spanish_months(text, found, anchor), key=lambda item: item[0])
    found = _join_ranges(text, _with_sentence_years(text, _with_stated_years(found)))
    if anchor and any(day in text for day in _WEEKDAY_NAMES):
        found = sorted(found + _weekday_days(text, found, anchor), key=lambda item: item[0])
    if anchor and _DAY_CODE_HINT.search(text):
        found = sorted(found + _day_codes(text, anchor.published), key=lambda item: item[0])
    if day_codes is not None and _SHARED_CODE_HINT.search(text):  # each code asked of it (its cache watches)
        found = sorted(found + _shared_codes(text, day_codes), key=lambda item: item[0])
    seen, ordered = set(), []
    for _, mention in found:
        if mention not in seen:
            seen.add(mention)
            ordered.append(mention)
    return ordered


_FULL_DAY = re.compile(r"\d{4}-\d\d-\d\d")
# Spanish names events by their day and month's initial: "14-N" (14 November), "23F", "25S". Only the
# initials one month has (E, F, S, O, N, D; not M, J, A), and a two-digit day or a dash ("3D" is not a date).
_DAY_CODE_MONTHS = {"E": 1, "F": 2, "S": 9, "O": 10, "N": 11, "D": 12}
_DAY_CODE = re.compile(r"(?<![\w#@/.-])(?:(?P<dd>[12]\d|3[01])-?|(?P<d>[1-9])-)(?P<m>[EFSOND])(?![\w-])")
# (whether a text holds one: the letter first, then a look back at the digit, as re skips to letters fast)
_DAY_CODE_HINT = re.compile(r"[EFSOND](?:(?<=\d[EFSOND])|(?<=\d-[EFSOND]))\b")


def _day_codes(text: str, published: date) -> list[tuple[int, DateMention]]:
    """ "la huelga del 14-N", "el 23F": the day nearest the publication (before it on a tie)."""
    found = []
    for match in _DAY_CODE.finditer(text):
        day, month = int(match.group("dd") or match.group("d")), _DAY_CODE_MONTHS[match.group("m")]
        year = _place_month(month, day, published, 0)
        if year and _valid(year, month, day):
            found.append((match.start(), DateMention(f"{year:04d}-{month:02d}-{day:02d}", match.group())))
    return found


# "15M", "7J", "29-M": March or May, June or July, April or August. Read only where the site says
# which (site_day_codes): the code the archive first writes names the day nearest that article.
_SHARED_MONTHS = {"M": (3, 5), "J": (6, 7), "A": (4, 8)}
_SHARED_CODE = re.compile(r"(?<![\w#@/.$€-])(?P<d>[12]\d|3[01]|[1-9])-?(?P<m>[MJA])(?![\w-])")
_SHARED_CODE_HINT = re.compile(r"[MJA](?:(?<=\d[MJA])|(?<=\d-[MJA]))\b")  # as _DAY_CODE_HINT
AHEAD = 7  # days after an article's publication that a code may name (an announced vote, a strike)


def _code_key(match: re.Match) -> str:
    return match.group("d") + match.group("m")


def site_day_codes(texts_by_date) -> dict[str, str]:
    """The day each shared-initial code names across a site ("15M" -> 2011-05-15), from the first
    article that writes it, (publication date, text) pairs in any order: the candidate day at most
    a week after that article, or else the latest before it (the event the writers had just seen)."""
    return first_day_codes(day_code_uses(published, text) for published, text in texts_by_date)


def day_code_uses(published: datetime | date | None, text: str) -> tuple[date, tuple[tuple[str, str], ...]] | None:
    """One article's part of site_day_codes: its day, and each code it writes with the day that
    would name, in order (None without a publication date or a code)."""
    day = _day(published)
    if not day or not _SHARED_CODE_HINT.search(text):
        return None
    uses = ((_code_key(match), _shared_day(int(match.group("d")), _SHARED_MONTHS[match.group("m")], day))
            for match in _SHARED_CODE.finditer(text))
    return day, tuple((key, named) for key, named in uses if named)


def first_day_codes(uses) -> dict[str, str]:
    """site_day_codes from each article's day_code_uses (None for some), in the articles' order."""
    found: dict[str, str] = {}
    for _day_of_use, codes in sorted((use for use in uses if use), key=lambda use: use[0]):
        for key, named in codes:
            found.setdefault(key, named)
    return found


def _shared_day(day: int, months: tuple[int, ...], published: date) -> str | None:
    candidates = [date(year, month, day) for year in (published.year - 1, published.year, published.year + 1)
                  for month in months if MINYEAR <= year <= MAXYEAR and _valid(year, month, day)]
    ahead = [c for c in candidates if 0 < (c - published).days <= AHEAD]
    before = [c for c in candidates if c <= published]
    chosen = min(ahead) if ahead else max(before, default=None)
    return chosen.isoformat() if chosen else None


def _shared_codes(text: str, day_codes) -> list[tuple[int, DateMention]]:
    found = []
    for match in _SHARED_CODE.finditer(text):
        key = _code_key(match)
        if key in day_codes:
            found.append((match.start(), DateMention(day_codes[key], match.group())))
    return found


def _with_stated_years(found: list[tuple[int, DateMention]]) -> list[tuple[int, DateMention]]:
    """A day given without its year ("el 17 de octubre") after the article gave that day in full
    ("17 de octubre de 2011") is that day: the article's own year beats one placed by tense, when
    the two are close (an anniversary's "July 27" is this year's, not 1953's)."""
    stated: dict[str, set[str]] = {}
    for _, mention in found:
        if _FULL_DAY.fullmatch(mention.date) and mention.date[:4] in mention.text:
            stated.setdefault(mention.date[5:], set()).add(mention.date[:4])
    out = []
    for start, mention in found:
        years = stated.get(mention.date[5:], ())
        year = next(iter(years)) if len(years) == 1 else ""
        if year and _FULL_DAY.fullmatch(mention.date) and year not in mention.text and abs(int(year) - int(mention.date[:4])) <= 2:
            mention = DateMention(f"{year}-{mention.date[5:]}", mention.text)
        out.append((start, mention))
    return out


# Spanish months are lower case: a bare one is a date after a word that makes it one ("en febrero",
# "el pasado mes de marzo", "hasta junio"); found with str.find (a pattern over every word is slow).
_MES_CUE_BEFORE = re.compile(r"\b(?:en|desde|hasta|pasado|próximo|mes de|finales de|principios de|mediados de|"
                             r"a partir de|durante|para)[ \t]+$", re.IGNORECASE)
_MES_YEAR_AFTER = re.compile(r"[ \t]+(?:de|del)[ \t]+\d")


def _spanish_months(text: str, found: list[tuple[int, DateMention]], anchor: _Anchor) -> list[tuple[int, DateMention]]:
    taken = [(start, start + len(mention.text)) for start, mention in found]
    out = []
    for name, month in _MESES.items():
        position = text.find(name)
        while position >= 0:
            end = position + len(name)
            bounded = not text[position - 1:position].isalpha() and not text[end:end + 1].isalpha()
            cue = bounded and _MES_CUE_BEFORE.search(text, max(0, position - 16), position)
            if cue and not _MES_YEAR_AFTER.match(text, end) and not any(s <= position < e for s, e in taken):
                year = _year_for(text, position, end, month, None, anchor)
                if year:
                    out.append((cue.start(), DateMention(f"{year:04d}-{month:02d}", text[cue.start():end])))
            position = text.find(name, end)
    return out


def _with_sentence_years(text: str, found: list[tuple[int, DateMention]]) -> list[tuple[int, DateMention]]:
    """ "el 4 de agosto de 1704 y el 24 de agosto": a day given without its year, in the sentence
    that gave the same month with its year, is in that year."""
    out = []
    for index, (start, mention) in enumerate(found):
        if _FULL_DAY.fullmatch(mention.date) and mention.date[:4] not in mention.text:
            first = _sentence_bounds(text, start, start)[0]
            for earlier_start, earlier in reversed(found[:index]):
                if earlier_start < first:
                    break
                if earlier.date[5:7] == mention.date[5:7] and earlier.date[:4] in earlier.text and "/" not in earlier.date:
                    mention = DateMention(earlier.date[:4] + mention.date[4:], mention.text)
                    break
        out.append((start, mention))
    return out


# "el domingo 22", "el jueves 3": a weekday and a day's number, in the month the article is speaking
# of (the last month it named, else the publication's), where that day falls on that weekday.
_WEEKDAYS = {"lunes": 0, "martes": 1, "miércoles": 2, "jueves": 3, "viernes": 4, "sábado": 5, "domingo": 6}
_WEEKDAY_DAY = re.compile(r"\b(?P<w>lunes|martes|miércoles|jueves|viernes|sábado|domingo)[ \t]+(?P<d>[12]\d|3[01]|[1-9])\b"
                          r"(?![.,:]?\d|[ \t]+de[ \t])", re.IGNORECASE)
_WEEKDAY_NAMES = (*_WEEKDAYS, *(day.capitalize() for day in _WEEKDAYS))  # looked for with `in`: cheaper than a pattern


def _weekday_days(text: str, found: list[tuple[int, DateMention]], anchor: _Anchor) -> list[tuple[int, DateMention]]:
    out = []
    for match in _WEEKDAY_DAY.finditer(text):
        day, weekday = int(match.group("d")), _WEEKDAYS[match.group("w").lower()]
        named = [m.date[:7] for start, m in found if start < match.start() and len(m.date) >= 7 and "/" not in m.date]
        published = anchor.published
        months = [(int(named[-1][:4]), int(named[-1][5:7]))] if named else []
        previous = (published.year - (published.month == 1), (published.month - 2) % 12 + 1)
        months += [(published.year, published.month), previous]
        for year, month in months:
            if _valid(year, month, day) and date(year, month, day).weekday() == weekday:
                span = match.group()
                out.append((match.start(), DateMention(f"{year:04d}-{month:02d}-{day:02d}", span)))
                break
    return out


@dataclass(frozen=True)
class _Anchor:
    """What dates without a year are placed against: the publication day, and the last update
    when it came soon after (update notes speak of days after the publication)."""

    published: date
    updated: date | None = None


def _anchor(published: datetime | date | None, updated: datetime | date | None) -> _Anchor | None:
    published_day, updated_day = _day(published), _day(updated)
    if published_day is None:
        return None
    if updated_day and 0 < (updated_day - published_day).days <= _UPDATE_WINDOW:
        return _Anchor(published_day, updated_day)
    return _Anchor(published_day)


def _year_for(text: str, start: int, end: int, month: int, day: int | None, anchor: _Anchor) -> int | None:
    direction = _explicit_cue(text, start)
    if not direction:
        anchored = _sentence_year(text, start)
        if anchored:
            return anchored
        direction = _tense(text, start, end)
    published = anchor.published
    if direction == 0 and anchor.updated:
        # Between publication and update: an update note's "June 10" is after publication.
        when = date(published.year, month, min(day or 1, 28))
        if published <= when <= anchor.updated:
            return published.year
    reference = anchor.updated if direction < 0 and anchor.updated else published
    return _place_month(month, day, reference, direction)


# A range's opening word, and the words that may join its two ends: "between May 27 and June 3",
# "entre 1997 y 1999", "de 1972 a 1977", "del 2007 al 2011", "desde 1779 a 1782", "von 2010 bis 2012".
_DASHES = ("–", "-")
_RANGE_JOINS = {"between": ("and", *_DASHES), "from": ("to", "until", *_DASHES), "entre": ("y", *_DASHES),
                "de": ("a", *_DASHES), "del": ("al", *_DASHES), "desde": ("a", "al", "hasta", "hasta el", *_DASHES),
                "von": ("bis", *_DASHES), "zwischen": ("und", *_DASHES)}


def _join_ranges(text: str, found: list[tuple[int, DateMention]]) -> list[tuple[int, DateMention]]:
    """ "between May 27 and June 3", "from 2017 to 2023": one interval, not two dates."""
    joined: list[tuple[int, DateMention]] = []
    index = 0
    while index < len(found):
        start, first = found[index]
        if index + 1 < len(found) and "/" not in first.date:
            end_start, second = found[index + 1]
            before = text[max(0, start - 9):start].lower()
            between = text[start + len(first.text):end_start] if first.text in text[start:start + len(first.text) + 40] else ""
            opener = re.search(r"\b(\w+)\s*$", before)
            if (opener and opener.group(1) in _RANGE_JOINS and between.strip() in _RANGE_JOINS[opener.group(1)]
                    and len(first.date) == len(second.date) and first.date < second.date):
                joined.append((start, DateMention(f"{first.date}/{second.date}", text[start:end_start + len(second.text)])))
                index += 2
                continue
        joined.append(found[index])
        index += 1
    return joined


def _interpret(name: str, match: re.Match, text: str, anchor: _Anchor | None) -> DateMention | None:
    group = {short: match.group(key) for key, short in _FORM_GROUPS[name]}
    span = match.group()
    if name in ("range_mdy", "range_dmy", "range_md"):
        month = _month(group["m"])
        first, last = int(group["d1"]), int(group["d2"])
        if name == "range_md":
            if anchor is None:
                return None
            year = _year_for(text, match.start(), match.end(), month, first, anchor)
            if year is None:
                return None
        else:
            year = int(group["y"])
        if first < last and _valid(year, month, last):
            return DateMention(f"{year:04d}-{month:02d}-{first:02d}/{year:04d}-{month:02d}-{last:02d}", span)
        return None
    if name == "iso":
        year, month, day = int(group["y"]), int(group["mn"]), int(group["d"])
    elif name in ("mdy", "dmy", "dmy_es", "dmy_de") or name == "md" and group.get("y"):
        year, month, day = int(group["y"]), _month(group["m"]), int(group["d"])
    elif name == "numeric":
        first, second, year = int(group["a"]), int(group["b"]), int(group["y"])
        day, month = (first, second) if second <= 12 else (second, first)
    elif name in ("my", "my_es"):
        return DateMention(f"{int(group['y'])}-{_month(group['m']):02d}", span)
    elif name == "years":
        return _years(group, span)
    elif name in ("year_es", "year_del"):
        if anchor is None or name == "year_del" and not _NAMED_YEAR_BEFORE.search(text, max(0, match.start() - 30), match.start()):
            return None
        year = anchor.published.year // 100 * 100 + int(group["yy"])
        year = year if year <= anchor.published.year else year - 100
        month = _MES_BEFORE.search(text, max(0, match.start() - 16), match.start())
        if month:  # "mayo del 68"
            return DateMention(f"{year}-{_month(month.group('m')):02d}", text[month.start():match.end()])
        return DateMention(str(year), span)
    elif name in ("md", "dm", "numeric_dm", "dm_es", "dm_de"):
        if anchor is None:
            return None
        month = int(group["mn"]) if name == "numeric_dm" else _month(group["m"])
        day = int(group["d"])
        year = _year_for(text, match.start(), match.end(), month, day, anchor)
        if year is None:
            return None
    elif name == "m":
        return _bare_month(match, text, anchor)
    else:
        before = text[max(0, match.start() - 20):match.start()]
        month = _MES_BEFORE.search(before)
        if month:
            return DateMention(f"{group['y']}-{_month(month.group('m')):02d}", before[month.start():] + span)
        if _NOT_A_YEAR_BEFORE.search(before) or _COUNTED.match(text, match.end()) \
                or (int(group["y"]) < MODERN and not _OLD_YEAR_BEFORE.search(before)):
            return None
        return DateMention(group["y"], span)
    return DateMention(f"{year:04d}-{month:02d}-{day:02d}", span) if _valid(year, month, day) else None


def _years(group: dict, span: str) -> DateMention | None:
    """ "1992-93": the two years of a season or a term, the second in the same century."""
    first = int(group["y"])
    last = first // 100 * 100 + int(group["y2"])
    return DateMention(f"{first}/{last}", span) if first < last <= first + 10 else None


def _bare_month(match: re.Match, text: str, anchor: _Anchor | None) -> DateMention | None:
    if anchor is None or match.group().endswith("."):
        return None
    before = text[max(0, match.start() - 12):match.start()]
    if not _MONTH_CUE_BEFORE.search(before):
        return None
    if len(match.group()) <= 3 and match.group().lower() not in ("may", "mai"):
        return None  # bare abbreviations ("Mar", "Dec") are too often something else
    month = _month(match.group())
    year = _year_for(text, match.start(), match.end(), month, None, anchor)
    if year is None:
        return None
    return DateMention(f"{year:04d}-{month:02d}", _cue_text(text, match.start(), match.end()))
