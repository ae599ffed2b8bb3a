"""The site's vocabulary (extract/vocabulary.py) is kept article by article: a new article is read
alone, and what the site learns is the same as reading the whole archive again."""
from datetime import datetime

from generator import extract
from generator.extract import Document, Extractor
from generator.store.cache import Cache, stable
from generator.store.registry import Registry


def _document(text, day=1):
    return Document("Title", text, text, datetime(2024, 1, day), "https://news.example")


def _archive():
    texts = [
        "The Dewan Perwakilan Rakyat (DPR) met on Monday. Later the DPR voted.",
        "Minister Grace Field said on Monday that the plan would go ahead (GF). Grace Field spoke again.",
        "El 15M salió a la calle. Izquierda Unida (IU) apoyó el 15M.",
    ] + [f"Report {i}: the DPR and IU met in Jakarta and Madrid." for i in range(6)]
    return [_document(text, day + 1) for day, text in enumerate(texts)]


def _learned(documents, cache):
    extractor = Extractor(Registry(), cache=cache)
    extractor.learn(documents)
    return (extractor.languages, sorted(extractor.common_words), sorted(extractor.glossary, key=repr),
            dict(extractor.day_codes), [stable(e) for e in extractor.extract_all(documents)])


def test_a_new_article_is_read_alone_and_the_site_learns_what_a_full_reading_learns(tmp_path):
    cache = Cache(tmp_path)
    first = _learned(_archive(), cache)
    cache.close()
    assert first == _learned(_archive(), None)
    assert any(d.short == "DPR" for d in first[2])

    # The new article makes "grace" and "field" words the site writes in lower case.
    new = [_document(f"By grace the field was green, day {i}. The field and its grace.", 20 + i) for i in range(3)]
    documents = _archive() + new
    cache = Cache(tmp_path)
    again = _learned(documents, cache)
    cache.close()
    assert again == _learned(_archive() + new, None)
    assert again[1] != first[1]  # the case this test is about did change the site's reading


def test_unchanged_articles_are_not_read_again(tmp_path, monkeypatch):
    cache = Cache(tmp_path)
    _learned(_archive(), cache)
    cache.close()
    new = "The DPR met again in Jakarta."
    documents = _archive() + [_document(new, 28)]
    read = []  # the bodies whose text (title and body, code blanked) was worked out
    original = extract.without_code
    monkeypatch.setattr(extract, "without_code", lambda body: read.append(body) or original(body))
    cache = Cache(tmp_path)
    extractor = Extractor(Registry(), cache=cache)
    extractor.learn(documents)
    extractor.extract_all(documents)
    cache.close()
    assert read and set(read) == {new}
