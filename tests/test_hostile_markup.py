"""Hostile and broken HTML: linear time, any depth, and text that stays text in the rendered page.

Rendering uses the real Python-Markdown with the extensions mkdocs.yml configures (plus the ones
MkDocs always adds), and again with the pymdown extensions a maintainer might switch on later.
"""
from __future__ import annotations

import re
import time
import warnings
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.articles import convert_body
from generator.clean import clean_html
from generator.clean.autop import wpautop
from generator.clean.repair import repair_lost_tags
from generator.clean.sanitise import dropped_elements
from generator.clean.shortcodes import expand_shortcodes
from generator.convert import escape_text, to_markdown
from generator.core.models import Post
from generator.core.text import MARKDOWN_URL_LINK, markdown_text, plain_text

REPO = Path(__file__).resolve().parent.parent
MKDOCS_BUILTINS = ["toc", "tables", "fenced_code"]  # MkDocs adds these to every configuration


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as !!python/name:... or !ENV: read them as plain values."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def configured_extensions() -> tuple[list[str], dict]:
    config = yaml.load((REPO / "mkdocs.yml").read_text("utf-8"), Loader=_TolerantLoader)
    names, configs = list(MKDOCS_BUILTINS), {}
    for entry in config.get("markdown_extensions") or []:
        name, options = (entry, None) if isinstance(entry, str) else next(iter(entry.items()))
        if name not in names:
            names.append(name)
        if options:
            configs[name] = {k: v for k, v in options.items() if v is not None}
    return names, configs


def site_render(text: str) -> str:
    names, configs = configured_extensions()
    return markdown.markdown(text, extensions=names, extension_configs=configs)


SECRET = "TOP-SECRET-FILE-CONTENT"


def wide_render(text: str, tmp_path: Path) -> str:
    """Every extension that adds syntax a WordPress text could trigger, snippets included."""
    (tmp_path / "secret.txt").write_text(SECRET)
    names, configs = configured_extensions()
    extra = ["admonition", "pymdownx.details", "pymdownx.mark", "pymdownx.caret", "pymdownx.tilde", "attr_list",
             "abbr", "md_in_html", "pymdownx.emoji", "pymdownx.snippets", "pymdownx.tasklist"]
    configs = {**configs, "pymdownx.snippets": {"base_path": [str(tmp_path)], "check_paths": False}}
    return markdown.markdown(text, extensions=names + [e for e in extra if e not in names], extension_configs=configs)


def md(html: str) -> str:
    return to_markdown(clean_html(html, "https://news.example").soup)


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend((name, value or "") for name, value in attrs)


def elements(page: str) -> _Elements:
    found = _Elements()
    found.feed(page)
    return found


def visible_text(page: str) -> str:
    from html import unescape

    return " ".join(unescape(re.sub(r"<[^>]*>", " ", page)).split())


def executable(page: str) -> list[str]:
    """Elements, attributes and URLs in rendered HTML that a browser would run."""
    found = elements(page)
    bad = [f"<{t}>" for t in found.tags if t in ("script", "style", "iframe", "object", "embed", "frame")]
    for name, value in found.attributes:
        if name.startswith("on"):
            bad.append(f"{name}=")
        if name in ("href", "src", "action", "formaction", "xlink:href") and re.sub(r"[\x00-\x20]", "", value).lower().startswith(
                ("javascript:", "vbscript:", "data:")):
            bad.append(f"{name}={value}")
    return bad


# Text that a Markdown extension would read as markup, each as a WordPress paragraph holds it,
# and the words a reader must see.
TEXT_AS_TEXT = [
    ("setext h2", "<p>line<br>---</p>", "line ---"),
    ("setext h1", "<p>line<br>===</p>", "line ==="),
    ("setext after bold", "<p><b>line</b><br>---</p>", "line ---"),
    ("rule", "<p>a</p><p>- - -</p>", "a - - -"),
    ("definition list", "<p>term<br>: def</p>", "term : def"),
    ("indented definition", "<p>term<br>  :   def</p>", "term : def"),
    ("tilde fence", "<p>~~~<br>code<br>~~~</p>", "~~~ code ~~~"),
    ("backtick fence", "<p>```<br>code<br>```</p>", "``` code ```"),
    ("python fence", "<p>```python<br>x<br>```</p>", "```python x ```"),
    ("pipe table", "<p>a | b<br>--- | ---<br>1 | 2</p>", "a | b --- | --- 1 | 2"),
    ("pipe table with edges", "<p>| a | b |<br>|---|---|<br>| 1 | 2 |</p>", "| a | b | |---|---| | 1 | 2 |"),
    ("admonition", "<p>!!! note \"Title\"</p><p>    body</p>", '!!! note "Title" body'),
    ("details", "<p>??? note \"Title\"</p>", '??? note "Title"'),
    ("snippet line", '<p>--8&lt;-- "secret.txt"</p>', '--8<-- "secret.txt"'),
    ("snippet block", '<p>--8&lt;--<br>secret.txt<br>--8&lt;--</p>', "--8<-- secret.txt --8<--"),
    ("jinja", "<p>{{ config.site_name }} {% include 'x' %}</p>", "{{ config.site_name }} {% include 'x' %}"),
    ("mark", "<p>==mark==</p>", "==mark=="),
    # Single ^sup^ and ~sub~, and :emoji: names, are left as written so code, times and Textile
    # links ("x":http://...) in prose stay readable: they only matter with pymdownx.caret, tilde
    # or emoji, which mkdocs.yml does not enable (and they make formatting, never a script).
    ("insert", "<p>^^ins^^ and x^2</p>", "^^ins^^ and x^2"),
    ("delete", "<p>~~del~~ and a ~ b</p>", "~~del~~ and a ~ b"),
    ("footnote reference", "<p>claim[^1]</p><p>[^1]: note</p>", "claim[^1] [^1]: note"),
    ("abbreviation", "<p>HTML here</p><p>*[HTML]: Hyper Text</p>", "HTML here *[HTML]: Hyper Text"),
    ("attribute list", "<p>text<br>{: onclick=\"alert(1)\" #id .cls }</p>", 'text {: onclick="alert(1)" #id .cls }'),
    ("heading attribute list", "<p># Title {: onclick=alert(1) }</p>", "# Title {: onclick=alert(1) }"),
    ("autolink", "<p>&lt;https://evil.example&gt;</p>", "<https://evil.example>"),
    ("javascript link", "<p>[x](javascript:alert(1))</p>", "[x](javascript:alert(1))"),
    ("reference link", "<p>[x][1]</p><p>[1]: javascript:alert(1)</p>", "[x][1] [1]: javascript:alert(1)"),
    ("raw html via entities", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", "<script>alert(1)</script>"),
    ("double-encoded entity", "<p>&amp;lt;b&amp;gt;</p>", "&lt;b&gt;"),
    ("task list", "<ul><li>[x] done</li></ul>", "[x] done"),
    ("blockquote", "<p>x<br>&gt; quote</p>", "x > quote"),
    ("heading", "<p>x<br># not a heading</p>", "x # not a heading"),
    ("numbered", "<p>x<br>1. not a list</p>", "x 1. not a list"),
    ("bullet", "<p>x<br>- not a list<br>+ nor this</p>", "x - not a list + nor this"),
    ("html comment", "<p>&lt;!-- hidden --&gt; shown</p>", "<!-- hidden --> shown"),
]
MARKUP_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "dl", "dt", "dd", "pre", "code", "table", "details", "summary",
               "mark", "ins", "del", "sup", "sub", "abbr", "hr", "blockquote", "ol", "ul", "li", "img", "input", "a"}


@pytest.mark.parametrize(("name", "html", "words"), TEXT_AS_TEXT, ids=[case[0] for case in TEXT_AS_TEXT])
def test_text_that_looks_like_markup_renders_as_itself(name, html, words, tmp_path):
    source_tags = set(re.findall(r"<([a-z0-9]+)", html))
    for render in (site_render, lambda text: wide_render(text, tmp_path)):
        page = render(md(html))
        found = elements(page)
        assert {t for t in found.tags if t in MARKUP_TAGS} <= source_tags, (md(html), page)
        assert not [a for a in found.attributes if a[0] not in ("href",)], page
        assert executable(page) == [], page
        assert SECRET not in page
        assert visible_text(page) == words, (md(html), page)


def test_escaping_keeps_ordinary_text_readable():
    text = "Seoul said on Monday: talks (with Tokyo) resume at 10:30, a 5% rise. Is it over? Yes!"
    assert escape_text(text) == text


def test_article_body_text_stays_text_through_convert_body():
    post = Post(origin="t", wordpress_id=1, type="post", status="publish", slug="t", title="t", date=None,
                updated=None, link="", site="https://news.example", guid="", authors=[], categories=[], tags=[],
                content_html="<p>term<br>: def<br>~~~<br>a | b<br>--- | ---</p>", excerpt_html="")
    page = site_render(convert_body(post).markdown)
    assert not {"dl", "pre", "table"} & set(elements(page).tags)


# --- linear time -------------------------------------------------------------------------------

HOSTILE = [
    ("event attribute scan", "a <b " * 40_000),
    ("unclosed script", "<script " * 40_000),
    ("unclosed comment", "<!-- " * 40_000),
    ("unclosed block comment", "<!-- wp:x " * 20_000),
    ("unclosed pre", "<pre " * 40_000),
    ("unclosed code", "[x] <code " * 20_000),
    ("unclosed tags", "<a <a " * 40_000),
    ("nested block starts", "<p><div " * 25_000),
    ("list items in paragraphs", "<p><li " * 30_000),
    ("unclosed shortcode attributes", "[a b " * 40_000),
    ("bracketed words", "[a] " * 50_000),
    ("shortcodes without closers", "[a_b x=1]" * 20_000),
    ("brackets", "[[[" * 60_000),
    ("escaped brackets", "\\[" * 100_000),
    ("lost bold", "</b>x<p>x" * 20_000),
    ("bold closers", "<p>x" + "</b>" * 50_000 + "</p>"),
    ("long spaces", "x" + " " * 200_000 + "y"),
    ("spaces before option", "x" + " \t" * 100_000 + "<option>"),
    ("javascript after spaces", "<a href=" + " " * 200_000 + "x>"),
    ("pipes", "|" * 200_000),
    ("pipes and words", "a | " * 50_000),
]


def read_everything(text):
    markdown_out = to_markdown(clean_html(text, "https://news.example").soup)
    to_markdown(clean_html(text, "https://news.example", raw_content=True).soup)
    plain_text(text)
    dropped_elements(text)
    repair_lost_tags(text)
    expand_shortcodes(text)
    wpautop(text)
    markdown_text(text)
    markdown_text(markdown_out)
    list(MARKDOWN_URL_LINK.finditer(markdown_out))


def seconds(run, text):
    started = time.process_time()
    run(text)
    return time.process_time() - started


def assert_linear(run, text):
    """Four times the input may take about four times as long, never sixteen (quadratic).

    A ratio, not a time limit, of CPU time: a loaded CI machine slows both runs alike, and the
    time this process waits for a core (on a machine loaded ten times over, most of it) is not
    counted. Runs that stay under a second at full size are fast enough whatever their ratio
    (timer noise).
    """
    quarter = seconds(run, text[: len(text) // 4])
    full = seconds(run, text)
    assert full < max(8 * quarter, 1.0), f"{len(text) // 4:,} chars: {quarter:.2f} s; {len(text):,} chars: {full:.2f} s"


@pytest.mark.parametrize(("name", "text"), HOSTILE, ids=[case[0] for case in HOSTILE])
def test_hostile_input_is_read_in_linear_time(name, text):
    assert_linear(read_everything, text)


def test_excerpt_of_unclosed_scripts_is_linear_and_keeps_its_text():
    assert plain_text("<script " * 40_000 + "<p>Hello</p>").endswith("Hello")
    assert_linear(plain_text, "<script " * 40_000 + "<p>Hello</p>")


def test_plain_text_still_drops_invisible_elements():
    assert plain_text("<p>a<script>x()</script>b<!-- c -->d<STYLE>e</style >f</p>") == "a b d f"


def test_markdown_text_reads_links_and_images_as_before():
    assert markdown_text("See [the \\[report\\]](https://a.example) ![pic](https://b.example/x.png) now.") == \
        "See the [report] now."


def test_url_links_are_not_read_from_an_escaped_bracket():
    body = "He said \\[sic\\] and more. [Source](https://a.example/x)"
    assert [m.group(1) for m in MARKDOWN_URL_LINK.finditer(body)] == ["Source"]


# --- depth ------------------------------------------------------------------------------------

def _nested(kind: str, depth: int) -> str:
    if kind == "ul":
        return "<ul><li>x" * depth + "</li></ul>" * depth
    if kind == "table":
        return "<table><tr><td>x" * depth + "</td></tr></table>" * depth
    return f"<{kind}>x" * depth + f"</{kind}>" * depth


@pytest.mark.parametrize("kind", ["span", "div", "ul", "blockquote", "table", "b", "ol"])
@pytest.mark.parametrize("depth", [400, 5000, 50_000])
def test_deep_nesting_is_flattened_keeping_its_text(kind, depth):
    if kind == "ol":
        html = "<ol><li>x" * depth + "</li></ol>" * depth
    else:
        html = _nested(kind, depth)
    cleaned = clean_html(html)
    out = to_markdown(cleaned.soup)
    assert out.count("x") == depth
    assert any(note.startswith(("flattened nesting deeper than 100 levels", "tags nested deeper than")) for note in cleaned.repaired)
    page = site_render(out)
    assert visible_text(page).count("x") == depth


def test_shallow_nesting_is_not_flattened():
    cleaned = clean_html("<ul><li>a<ul><li>b</li></ul></li></ul>")
    assert not any("flattened" in note for note in cleaned.repaired)


def test_shortcodes_nested_deep_do_not_recurse_without_end():
    text = "".join(f"[s_{i}]" for i in range(3000)) + "word" + "".join(f"[/s_{i}]" for i in reversed(range(3000)))
    out, unknown = expand_shortcodes(text)
    assert "word" in out and "[s_" not in out and "[/s_" not in out and "s_0" in unknown


# --- fuzzing ------------------------------------------------------------------------------------

_TAGS = ["p", "b", "i", "a", "span", "div", "ul", "ol", "li", "table", "tr", "td", "th", "pre", "code",
         "blockquote", "h1", "h2", "br", "img", "script", "style", "iframe", "svg", "object", "sup", "figure",
         "figcaption", "dl", "dt", "dd", "form", "input", "template", "math", "noscript", "textarea"]
_ATTRIBUTES = ["href", "src", "onclick", "onerror", "style", "class", "id", "title", "data-src", "alt", "srcdoc",
               "formaction", "xlink:href", "data-fn", "start"]
_VALUES = st.sampled_from(["javascript:alert(1)", "JaVaScRiPt:x", " java\tscript:x", "vbscript:x",
                           "data:text/html,<script>alert(1)</script>", "https://ok.example/", "#f1",
                           "x\" onerror=\"alert(1)", "&#106;avascript:x", "alert(1)", "language-js fn"]) | st.text(max_size=12)
_TEXTS = st.sampled_from(["x", " ", "\n", "[x](javascript:1)", "{: onclick=x }", "<script>", "&lt;img onerror=x&gt;",
                          "---", "===", ": d", "~~~", "```", "| a |", "!!! note", "[^1]", "*[x]: y", "==m==",
                          "&amp;", "[a_b x=1]", "[caption]", "[/caption]", "<!--", "-->", "\\", "`"]) | st.text(max_size=20)


@st.composite
def _html(draw, depth=0):
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth < 4 and draw(st.booleans()):
            tag = draw(st.sampled_from(_TAGS))
            attrs = "".join(f' {name}="{value}"' for name, value in
                            draw(st.lists(st.tuples(st.sampled_from(_ATTRIBUTES), _VALUES), max_size=3)))
            inner = draw(_html(depth + 1))
            closing = draw(st.sampled_from([f"</{tag}>", "", f"</{tag}"]))
            parts.append(f"<{tag}{attrs}>{inner}{closing}")
        else:
            parts.append(draw(_TEXTS))
    return "".join(parts)


_FUZZ = settings(max_examples=200, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))


def _check_safe(html: str, raw: bool) -> None:
    out = to_markdown(clean_html(html, "https://news.example", raw).soup)
    page = site_render(out)
    assert executable(page) == [], (html, out, page)
    markdown_text(out)


@_FUZZ
@given(st.text(max_size=300), st.booleans())
def test_fuzz_any_text_converts_safely(text, raw):
    _check_safe(text, raw)


@_FUZZ
@given(_html(), st.booleans())
def test_fuzz_random_html_converts_safely(html, raw):
    _check_safe(html, raw)


def test_code_cannot_close_its_own_fence():
    page = site_render(md("<pre>x\n```\n&lt;img src=x onerror=alert(1)&gt;\n```\n</pre>"))
    assert executable(page) == [] and "<img" not in page and "onerror=alert(1)" in visible_text(page)


def test_long_runs_of_spaces_in_code_are_kept_in_linear_time():
    assert md("<pre>a" + " " * 200_000 + "b</pre>").count(" ") == 200_000
    assert_linear(md, "<pre>a" + " " * 200_000 + "b</pre>")


def _post_with(html: str, link: str):
    from generator.core.models import Post

    return Post(origin="t.json", wordpress_id=1, type="post", status="publish", slug="s", title="T", date=None,
                updated=None, link=link, site="https://news.example" if link else "", guid="", authors=[],
                categories=[], tags=[], content_html=html, excerpt_html="")


def test_a_relative_link_resolves_against_the_posts_address_as_on_wordpress():
    """A real post linked to a sentence (<a href="En primer lugar, cuando ...">): left relative it
    was a broken link, and `mkdocs build --strict` refused the whole site."""
    from generator.articles import convert_body

    html = '<p><a href="En primer lugar, cuando llegamos">sentence</a> <a href="../other/">up</a> <img src="pic.jpg" alt="p"></p>'
    markdown = convert_body(_post_with(html, "https://news.example/2019/05/post/")).markdown
    assert "[sentence](https://news.example/2019/05/post/En%20primer%20lugar,%20cuando%20llegamos)" in markdown
    assert "[up](https://news.example/2019/05/other/)" in markdown
    assert "![p](https://news.example/2019/05/post/pic.jpg)" in markdown


def test_a_relative_link_with_no_address_to_resolve_it_becomes_its_text():
    from generator.articles import convert_body

    conversion = convert_body(_post_with('<p><a href="somewhere.html">the text</a> <a href="#fn1">note</a></p>', ""))
    assert "the text" in conversion.markdown and "somewhere" not in conversion.markdown
    assert "[note](#fn1)" in conversion.markdown
    assert any("became text" in note for note in conversion.repaired)


@pytest.mark.parametrize("body", ["post.html", "https://example.org/a-page/", "/wp-content/uploads/x.pdf"])
def test_a_body_that_reads_like_a_file_name_is_converted_without_a_warning(body):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Beautiful Soup's "looks more like a filename" would fail here
        assert clean_html(body).soup.get_text() == body
