"""Property-based fuzzing of the boundary and the writer: whatever text WordPress sends in a
title, a name or a summary, the page written reads back (strict YAML, and MkDocs agrees) with the
text the boundary made of it, and its rendered HTML holds no markup from it."""
from __future__ import annotations

from datetime import UTC, datetime

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.core.frontmatter import read_front_matter
from generator.core.models import Article, Conversion, Post
from generator.core.safe import clean_name, clean_url, is_safe_url, page_title, safe_url, title_text
from generator.pages.article_page import render_article

# Text as hostile as JSON can carry: any code point (lone surrogates included), and the
# characters that mean something to HTML, Markdown, YAML and Jinja, often.
SPECIAL = st.sampled_from(list("<>&\"'`*_[](){}#|:-!~^=%@\\\n\t\r\x00\x1b\u202e\u2066\ud800") +
                          ["javascript:", "&colon;", "&lt;", "---", "{{", "{%", "<script>", "<img src=x onerror=alert(1)>"])
TEXT = st.lists(st.one_of(st.characters(), SPECIAL), max_size=40).map("".join)
FUZZ = settings(max_examples=200, derandomize=True, database=None, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


def _article(title: str, author: str, tag: str, summary: str) -> Article:
    post = Post(origin="fuzz.json", wordpress_id=1, type="post", status="publish", slug="fuzz",
                title=clean_name(title), date=datetime(2024, 1, 2, tzinfo=UTC), updated=None,
                link="https://news.example/fuzz/", site="https://news.example", guid="",
                authors=[clean_name(author)], categories=[], tags=[clean_name(tag)], content_html="", excerpt_html="")
    return Article(post, "Body.\n", clean_name(summary), "articles/2024/01/fuzz.md", Conversion("Body.\n"))


@FUZZ
@given(TEXT, TEXT, TEXT, TEXT)
def test_a_page_reads_back_with_the_text_the_boundary_made(title, author, tag, summary):
    article = _article(title, author, tag, summary)
    meta, body = read_front_matter(render_article(article))
    assert title_text(meta["title"]) == (article.post.title or "(untitled)")
    assert meta["authors"] == article.post.authors and meta["tags"] == article.post.tags
    assert meta["summary"] == article.summary
    html = markdown.markdown(body, extensions=["tables", "def_list", "footnotes"])
    assert not _markup_from_wordpress(html)


def _markup_from_wordpress(html: str) -> list[str]:
    """Elements and attributes in rendered HTML that only WordPress text could have put there."""
    from lxml import html as lxml_html

    tree = lxml_html.fragment_fromstring(html, create_parent="div")
    found = [e.tag for e in tree.iter() if e.tag in ("script", "img", "iframe", "svg", "style")]
    for element in tree.iter():
        for name, value in element.attrib.items():
            if name.startswith("on") or not is_safe_url(value) and name in ("href", "src"):
                found.append(f"{element.tag} {name}={value}")
    return found


@FUZZ
@given(TEXT)
def test_a_name_holds_no_control_surrogate_or_reversing_character(text):
    name = clean_name(text)
    assert not any(ord(c) < 32 and c not in "\t\n\r" or 0xD800 <= ord(c) <= 0xDFFF for c in name)
    assert not any(c in name for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    name.encode("utf-8")  # writable


@FUZZ
@given(TEXT)
def test_a_page_title_shows_as_the_text_it_stands_for(text):
    assert title_text(page_title(text)) == text
    assert "<" not in page_title(text) and ">" not in page_title(text)


@FUZZ
@given(st.lists(st.one_of(SPECIAL, st.sampled_from(["java", "script", "&#", "x3a;", "%3A", "%25", ";", "&Tab;", " "]),
                          st.characters()), max_size=20).map("".join))
def test_a_url_kept_is_never_one_a_browser_would_run(url):
    kept = safe_url(url)
    assert is_safe_url(kept)
    assert not any(c in kept for c in " <>\"'`()[]{}\\\n\t")
    if clean_url(url):
        assert kept


# Front-matter as the pages hold it: nested mappings and lists of any text, numbers and flags.
YAML_TEXT = st.one_of(TEXT, st.text(max_size=20), st.sampled_from(
    ["", "null", "yes", "2024-01-01", "- x", "a: b", "#c", "? k", "'q'", '"q"', "x" * 900, "😀", "\u0085"]))
YAML_VALUE = st.recursive(st.one_of(YAML_TEXT, st.integers(), st.booleans(), st.none()),
                          lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                  st.dictionaries(st.text(max_size=12), inner, max_size=4)),
                          max_leaves=12)


@given(st.dictionaries(st.sampled_from(["title", "actors", "places", "sources", "x-y", "date"]), YAML_VALUE,
                       min_size=1))
@settings(max_examples=1500, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
def test_front_matter_is_written_as_the_python_emitter_writes_it(data):
    """dump_yaml takes libyaml's fast path where it can; the bytes must be what the Python emitter
    (lists indented under their key) writes, or every page would change with the path taken."""
    import yaml

    from generator.core.frontmatter import _OPTIONS, _Dumper, dump_yaml
    assert dump_yaml(data) == yaml.dump(data, Dumper=_Dumper, **_OPTIONS)
