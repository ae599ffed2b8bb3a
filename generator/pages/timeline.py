"""Timelines: articles by the month they were published, and the dates they speak of
(`dates_mentioned`), marked as mentioned rather than published."""
from __future__ import annotations

import calendar
import functools
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from ..core.models import Article
from ..core.paths import relative_link
from .article_page import date_wording, mentioned_date
from .render import human_date


@dataclass
class Event:
    day: date  # for sorting; the first of the month when only the month is known
    precision: str  # "day" or "month"
    kind: str  # "published" or "mentioned"
    article: Article
    text: str = ""  # the words a mention came from

    @property
    def label(self) -> str:
        if self.precision == "day":
            return human_date(self.day)
        return f"{calendar.month_name[self.day.month]} {self.day.year}"


def _mentioned_day(value: str) -> tuple[date, str] | None:
    start = value.split("/")[0]
    parts = start.split("-")
    try:
        if len(parts) == 3:
            return date(int(parts[0]), int(parts[1]), int(parts[2])), "day"
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 1), "month"
    except ValueError:
        return None
    return None  # a bare year is too coarse for a month-by-month timeline


def events(articles: list[Article], mentioned: bool = True) -> list[Event]:
    """Publication events of the articles and, if asked, the dates they mention; newest first."""
    found = []
    for article in articles:
        if article.post.date:
            found.append(Event(article.post.date.date(), "day", "published", article))
        if mentioned and article.extraction is not None:
            seen = set()
            for mention in article.extraction.dates:
                parsed = _mentioned_day(mention.date)
                if parsed and parsed not in seen:  # "April 10" and "April 10, 2024": one event
                    seen.add(parsed)
                    found.append(Event(parsed[0], parsed[1], "mentioned", article, mention.text))
    return sorted(found, key=lambda e: (e.day, e.kind == "published", e.article.path), reverse=True)


def by_month(found: list[Event]) -> dict[tuple[int, int], list[Event]]:
    months: dict[tuple[int, int], list[Event]] = defaultdict(list)
    for event in found:
        months[(event.day.year, event.day.month)].append(event)
    return dict(sorted(months.items(), reverse=True))


def as_items(found: list[Event], from_page: str) -> list[dict]:
    """What a template needs to list events, links relative to the page they appear on."""
    return [{"kind": e.kind, "label": e.label, "text": e.text, "title": e.article.post.title,
             "summary": e.article.summary if e.kind == "published" else "",
             "link": relative_link(from_page, e.article.path)} for e in found]


def month_label(year: int, month: int) -> str:
    return f"{calendar.month_name[month]} {year}"


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"  # what re's \w matches


def _as_words(words: str, sentence: str) -> bool:
    r"""Whether `words` stand in `sentence` with no word character just before or after them (as
    re.search(r"(?<!\w)words(?!\w)") tells; one pattern a date's words kept re's cache of 512
    compiling anew, some thousands of them a run)."""
    start = sentence.find(words)
    while start >= 0:
        end = start + len(words)
        if not (start and _word_char(sentence[start - 1])) and not (end < len(sentence) and _word_char(sentence[end])):
            return True
        start = sentence.find(words, start + 1)
    return False


@functools.lru_cache(maxsize=1 << 14)  # an article's dates are asked about for every entity it names
def _spaced(text) -> str:
    return " ".join(str(text).split())


def dates_said(dates: list, sentences: list[str]) -> list[dict]:
    """Of an article's mentioned dates (the extractor's DateMention: date, text), those whose words
    stand in one of `sentences` (the sentences that name an entity), each once, in the article's
    order: {"date": "April 2024", "text": how the article said it, when that adds to the date}.
    A date the sentences do not hold is left out: an entity's timeline shows only what is said about it."""
    # One text to look in: a date's words never hold a line break, and one is no word character.
    said = "\n".join(" ".join(sentence.split()) for sentence in sentences)
    found = []
    for mention in dates:
        words = _spaced(mention.text)
        if not words or not _as_words(words, said):
            continue
        label = mentioned_date(mention.date)
        if all(item["date"] != label for item in found):
            found.append({"date": label, "text": date_wording(mention.text, label)})
    return found
