"""The site's vocabulary (extract/vocabulary.py) is kept article by article: a new article is read
alone, and what the site learns is the same as reading the whole archive again."""
from datetime import datetime

import pytest

from generator import extract
from generator.extract import Document, Extractor, vocabulary
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


def _vocabulary(documents, cache):
    """What learn() makes of the vocabulary, and the parts it loaded (their keys)."""
    asked = []
    if cache is not None:
        original = cache.get_many
        cache.get_many = lambda stage, keys: (asked.extend(keys) if stage == vocabulary.STAGE else None) or original(stage, keys)
    extractor = Extractor(Registry(), cache=cache)
    extractor.learn(documents)
    found = (extractor.languages, sorted(extractor.common_words), sorted(extractor.lower_words),
             sorted(extractor.glossary, key=repr), dict(extractor.day_codes))
    return found, asked


def _spanish(text, day):
    return _document(f"{text} El 15M y el 7J salieron a la calle en Madrid, dijo el portavoz del gobierno.", day)


@pytest.mark.parametrize("sample", [None, 3])
def test_the_vocabulary_kept_and_updated_is_the_one_read_from_every_article(tmp_path, monkeypatch, sample):
    """The last run's sums, less the articles gone and edited, plus the new ones, are what reading
    every article again gives: the languages, the common and lower-case words, the short forms and
    the day codes. With `sample`, the case counts are read from about a third of the articles."""
    if sample:
        monkeypatch.setattr(vocabulary, "VOCABULARY_SAMPLE", sample)
    archive = _archive() + [_spanish(f"Nota {i}: la Unión Europea (UE) y el partido.", 10 + i) for i in range(4)] + [
        _document("Según el informe, el Producto Interior Bruto (PIB) creció en Madrid.", 15)]
    cache = Cache(tmp_path)
    first, _ = _vocabulary(archive, cache)
    cache.close()
    assert first == _vocabulary(archive, None)[0]

    # Three new articles (one a copy of another's text), one edited, one gone. The new ones write
    # "producto interior bruto" in lower case: an article's PIB is no body's initials any more.
    edited = _spanish("Nota editada: el Partido Popular (PP) y la UE; el 15M otra vez.", 30)
    changed = archive[:3] + [edited] + archive[4:-2] + [archive[-1], archive[5]] + [
        _document(f"Nota {i}: el producto interior bruto, y otra vez el producto interior bruto.", 25 + i) for i in range(2)]
    cache = Cache(tmp_path)
    again, loaded = _vocabulary(changed, cache)
    cache.close()
    assert again == _vocabulary(changed, None)[0]
    assert again != first
    if not sample:  # every article in the sample: the case this test is about did change the short forms
        assert any(d.short == "PIB" for d in first[3]) and not any(d.short == "PIB" for d in again[3])
        assert len(loaded) == 7  # the four new articles' parts, the two gone and PIB's, not every article's

    # And again from what that run kept: an article gone, none new.
    cache = Cache(tmp_path)
    third, loaded = _vocabulary(changed[1:], cache)
    cache.close()
    assert third == _vocabulary(changed[1:], None)[0] and len(loaded) == 1


def test_an_extraction_made_before_spanish_was_a_site_language_is_read_again_once_it_is(tmp_path):
    """"15M" is a date only on a Spanish site (the site's first use says which month): the kept
    extraction of an article that wrote it, made when the site was not yet Spanish, must not be
    trusted once Spanish articles make it so; incremental is then what a full reading gives."""
    english = [_document(f"Report {i}: the minister met the press in Jakarta on Monday and spoke about the budget.",
                         i % 27 + 1) for i in range(30)]
    coded = [_document("El 15M salió a la calle en Madrid. El 15M fue un movimiento.", 12)]
    spanish = [_document(f"Nota {i}: el gobierno de España y los sindicatos se reunieron en Madrid el lunes "
                         "para hablar del presupuesto.", 14 + i) for i in range(8)]
    cache = Cache(tmp_path)
    before = _learned(english + coded, cache)
    cache.close()
    assert before[0] == () and before[3] == {}  # not a Spanish site: "15M" is no date yet
    cache = Cache(tmp_path)
    after = _learned(english + coded + spanish, cache)
    cache.close()
    assert after == _learned(english + coded + spanish, None)
    assert "es" in after[0] and "2023-05-15" in repr(after[4][len(english)])  # the case this test is about
