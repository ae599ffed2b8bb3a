"""Who and what an article cites: its outbound links, and the attributions in its text
("the White House has accused", "John Kirby expressed", "according to KCNA")."""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from ..core.text import MARKDOWN_URL_LINK, url_host

_SPEECH = (
    r"said|says|say|told|tells|stated|states|added|noted|announced|announces|reported|reports|"
    r"claimed|claims|warned|warns|accused|accuses|expressed|expresses|confirmed|confirms|denied|"
    r"denies|urged|urges|called|calls|argued|argues|insisted|insists|vowed|vows|pledged|pledges|"
    r"condemned|condemns|criticized|criticised|praised|emphasized|emphasize|emphasise|emphasised|"
    r"stressed|stresses|revealed|reveals|disclosed|estimated|estimates|assessed|believes|believed|"
    r"mengatakan|menyatakan|menegaskan|menjelaskan|mengungkapkan|menilai"
)
_AFTER_SOURCE = re.compile(
    rf"^(?:[’']s)?(?:\s+(?:officials?|spokes(?:person|man|woman)|government|ministry|leadership|media|"
    rf"also|later|on \w+|publicly|repeatedly|previously|has|have|had|would|will|further|again|"
    rf"separately|recently)){{0,3}}\s+(?P<verb>{_SPEECH})\b")
_ACCORDING = re.compile(r"\b(?:according to|citing|menurut|dikutip dari|dilansir dari)\s+(?:the\s+)?$", re.IGNORECASE)
_ACCORDING_PHRASE = re.compile(
    r"\b(?P<lead>[Aa]ccording to|citing|[Mm]enurut)\s+(?:the\s+)?(?P<who>(?:[A-Z][\w.’'-]*)(?:\s+(?:of\s+)?[A-Z][\w.’'-]*){0,5})")
_LEADS = ("ccording to", "citing", "enurut")  # _ACCORDING_PHRASE's leads: a text holds one wherever it matches


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    domain: str
    text: str


@dataclass(frozen=True, slots=True)
class Attribution:
    source: str
    text: str


def outbound_links(markdown: str, own_site: str) -> list[Link]:
    """External links of a Markdown body, each URL once, in order."""
    own = url_host(own_site) if own_site else ""
    seen, links = set(), []
    for match in MARKDOWN_URL_LINK.finditer(markdown):
        url = match.group(2)
        domain = url_host(url)
        if not domain or domain == own or url in seen:
            continue
        seen.add(url)
        text = re.sub(r"\\(.)", r"\1", match.group(1))
        links.append(Link(unquote(url) if "%28" in url or "%29" in url else url, domain, text))
    return links


def attributions(text: str, mentions: list[tuple[int, int, str, str]]) -> list[Attribution]:
    """Attributions made to known actors. `mentions`: (start, end, canonical name, type)."""
    found: list[Attribution] = []
    covered = []
    for start, end, name, kind in mentions:
        if kind == "place":
            continue
        window = max(0, start - 20)
        lead = _ACCORDING.search(text[window:start])
        if lead:
            found.append(Attribution(name, text[window + lead.start():end].strip()))
            covered.append(start)
            continue
        after = _AFTER_SOURCE.match(text[end:end + 60])
        if after:
            phrase_start = _phrase_start(text, start)
            found.append(Attribution(name, text[phrase_start:end + after.end()].strip()))
            covered.append(start)
    phrases = _ACCORDING_PHRASE.finditer(text) if any(lead in text for lead in _LEADS) else ()  # a scan costs more
    for match in phrases:
        if not any(match.start("who") <= c < match.end() for c in covered):
            found.append(Attribution(match.group("who").rstrip(".,"), match.group().rstrip(".,")))
    return list(dict.fromkeys(found))


def _phrase_start(text: str, start: int) -> int:
    """Include a leading 'The' or 'U.S.' before the source: 'The White House has accused'."""
    before = text[max(0, start - 5):start]
    return start - 4 if before.endswith(("The ", "the ")) else start
