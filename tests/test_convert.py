"""HTML as WordPress serves it -> Markdown as Python-Markdown reads it. One behaviour per test."""
import markdown
import pytest
from bs4 import BeautifulSoup

from generator.clean import clean_html
from generator.convert import to_markdown


def md(html: str, raw: bool = False, site: str = "https://news.example") -> str:
    return to_markdown(clean_html(html, site, raw).soup)


def rendered(html: str, raw: bool = False) -> str:
    """What a reader's browser receives: Markdown through Python-Markdown, as MkDocs runs it."""
    return markdown.markdown(md(html, raw), extensions=["tables", "footnotes", "def_list", "fenced_code"])


def test_caption_shortcode_becomes_image_with_caption():
    out = md('[caption id="attachment_7" align="aligncenter" width="800"]<img src="https://news.example/launch.jpg" alt="Rocket" width="800" height="533" /> The launch at Sohae[/caption]', raw=True)
    assert "![Rocket](https://news.example/launch.jpg)" in out
    assert "*The launch at Sohae*" in out
    assert "[caption" not in out and "[/caption]" not in out


def test_rendered_caption_figure_keeps_its_caption():
    out = md('<figure class="wp-caption"><img src="/wp-content/uploads/a.jpg" alt="A"><figcaption class="wp-caption-text">Caption here</figcaption></figure>')
    assert "![A](https://news.example/wp-content/uploads/a.jpg)" in out
    assert "*Caption here*" in out


def test_gutenberg_block_comments_disappear():
    out = md("<!-- wp:paragraph -->\n<p>One</p>\n<!-- /wp:paragraph -->\n<!-- wp:separator {\"opacity\":\"css\"} -->\n<hr class=\"wp-block-separator\"/>\n<!-- /wp:separator -->")
    assert out == "One\n\n---\n"


def test_classic_content_without_p_gets_paragraphs_like_wpautop():
    out = md("First line\nsame paragraph.\n\nSecond <strong>paragraph</strong>.\n\nThird.", raw=True)
    assert out == "First line  \nsame paragraph.\n\nSecond **paragraph**.\n\nThird.\n"


def test_rest_content_without_p_but_with_blank_lines_gets_paragraphs():
    assert md("One.\n\nTwo.") == "One.\n\nTwo.\n"


def test_unknown_shortcode_is_removed_and_reported():
    cleaned = clean_html('<p>Sign up [newsletter_signup list="weekly"] today. He said [sic].</p>')
    out = to_markdown(cleaned.soup)
    assert cleaned.unknown_shortcodes == ["newsletter_signup"]
    assert "newsletter_signup" not in out
    assert r"He said \[sic\]." in out


def test_youtube_embed_becomes_a_titled_link_to_the_video():
    out = md('<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube"><div class="wp-block-embed__wrapper">\n<iframe title="Launch footage" width="500" height="281" src="https://www.youtube.com/embed/dQw4w9WgXcQ?feature=oembed" frameborder="0" allowfullscreen></iframe>\n</div></figure>')
    assert out.strip() == "[Launch footage (YouTube)](https://www.youtube.com/watch?v=dQw4w9WgXcQ)"


def test_tweet_embed_keeps_text_and_link_but_not_the_script():
    out = md('<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Statement on the launch.</p>&mdash; Spokesperson (@spox) <a href="https://twitter.com/spox/status/1727000000000000000">November 21, 2023</a></blockquote><script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>')
    assert "> Statement on the launch." in out
    assert "(https://twitter.com/spox/status/1727000000000000000)" in out
    assert "script" not in out and "widgets.js" not in out


def test_bare_iframe_becomes_a_link():
    out = md('<p><iframe src="https://www.google.com/maps/embed?pb=abc" width="600"></iframe></p>')
    assert "[Embedded content: Google](https://www.google.com/maps/embed?pb=abc)" in out


def test_raw_block_embed_url_becomes_a_link():
    out = md('<!-- wp:embed {"url":"https://vimeo.com/123"} -->\n<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\nhttps://vimeo.com/123\n</div></figure>\n<!-- /wp:embed -->', raw=True)
    assert "[Vimeo: https://vimeo.com/123](https://vimeo.com/123)" in out


def test_table_with_header_and_pipe_in_cell():
    out = md("<figure class=\"wp-block-table\"><table><thead><tr><th>Date</th><th>Event</th></tr></thead><tbody><tr><td>2023-11-21</td><td>Launch | orbit</td></tr></tbody></table></figure>")
    assert "| Date | Event |\n| --- | --- |\n| 2023-11-21 | Launch \\| orbit |" in out
    assert "<td>Launch | orbit</td>" in rendered("<table><thead><tr><th>A</th></tr></thead><tbody><tr><td>Launch | orbit</td></tr></tbody></table>")


def test_nested_lists_are_indented_four_spaces_and_nest_in_python_markdown():
    html = "<ul><li>Sanctions<ul><li>UN<ol><li>Panel</li></ol></li></ul></li><li>Talks</li></ul>"
    assert md(html) == "- Sanctions\n    - UN\n        1. Panel\n- Talks\n"
    out = rendered(html)
    assert out.count("<ul>") == 2 and out.count("<ol>") == 1


def test_code_block_keeps_language_and_angle_brackets():
    out = md('<pre class="wp-block-code"><code class="language-python">if launches &lt; 3:\n    print("quiet")</code></pre>')
    assert out == '```python\nif launches < 3:\n    print("quiet")\n```\n'


def test_gutenberg_footnotes_become_markdown_footnotes():
    html = ('<p>Claim<sup data-fn="f1" class="fn"><a href="#f1" id="f1-link">1</a></sup>.</p>'
            '<ol class="wp-block-footnotes"><li id="f1">Source note. <a href="#f1-link" aria-label="Jump to footnote reference 1">↩︎</a></li></ol>')
    out = md(html)
    assert "Claim[^1]." in out and "[^1]: Source note." in out
    assert 'class="footnote"' in rendered(html)


def test_nbsp_next_to_inline_tags_keeps_the_space():
    assert md("<p>Kim&nbsp;<strong>Jong</strong>&nbsp;Un</p>") == "Kim **Jong** Un\n"


def test_entities_are_decoded():
    assert md("<p>&#8220;Seoul&#8221; &amp; Tokyo &#8212; 5&nbsp;km</p>") == "“Seoul” & Tokyo — 5 km\n"


def test_all_bold_paragraph_becomes_a_heading_but_bold_sentence_does_not():
    out = md("<p><strong>Why It Matters</strong></p><p><b>This is an emphasised sentence.</b></p>")
    assert out == "## Why It Matters\n\n**This is an emphasised sentence.**\n"


def executable_parts(page_html: str) -> list[str]:
    """Every element, attribute or URL in rendered HTML that a browser would run."""
    from html.parser import HTMLParser

    found = []

    class Finder(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in ("script", "style", "iframe", "object", "embed"):
                found.append(f"<{tag}>")
            for name, value in attrs:
                if name.startswith("on"):
                    found.append(f"{name}=")
                if name in ("href", "src") and (value or "").strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                    found.append(f"{name}={value}")

    Finder().feed(page_html)
    return found


@pytest.mark.parametrize(
    "html",
    [
        "<p>Hi<script>alert(1)</script></p>",
        "<style>body{display:none}</style><p>x</p>",
        '<p onclick="alert(1)">x</p>',
        '<img src="x.jpg" onerror="alert(1)">',
        '<a href="javascript:alert(1)">click</a>',
        '<a href="JaVaScRiPt:alert(1)">click</a>',
        "<p>[x](javascript:alert(1))</p>",
        "<p>![x](javascript:alert(1))</p>",
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
        "<p>&lt;img src=x onerror=alert(1)&gt;</p>",
        "<p>Text\n{: onclick=alert(1) }</p>",
        '<a href="https://ok.example/a)<img src=x onerror=alert(1)>">x</a>',
        '<iframe src="javascript:alert(1)"></iframe>',
        "<p>&lt;javascript:alert(1)&gt;</p>",
        '<object data="x.swf"></object><embed src="x.swf">',
        '<svg onload="alert(1)"><script>alert(1)</script></svg>',
    ],
)
def test_nothing_executable_survives_to_the_rendered_page(html):
    page = markdown.markdown(md(html), extensions=["tables", "footnotes", "attr_list", "md_in_html"])
    assert executable_parts(page) == [], page


def test_literal_markdown_link_text_stays_visible_text():
    assert "[x](javascript:alert(1))" in rendered("<p>[x](javascript:alert(1))</p>")


def test_lost_opening_tags_are_rebuilt_into_paragraphs():
    damaged = "\nFirst </span>linked</span></a> text.</span></p>\n Why It Matters</b></p>\n Second.</span></p>\n"
    assert md(damaged) == "First linked text.\n\n## Why It Matters\n\nSecond.\n"


def test_lazy_loaded_image_uses_its_real_source():
    out = md('<img src="data:image/gif;base64,R0lGOD" data-src="https://news.example/real.jpg" alt="Real">')
    assert out.strip() == "![Real](https://news.example/real.jpg){ loading=\"lazy\" decoding=\"async\" }"


# An article in another language than the site's: the article template marks its body with that
# language (md_in_html), for screen readers. `lang` is what render_article passes the template.
def article_page(**values) -> str:
    """The article template rendered with an empty knowledge block, then as MkDocs renders it."""
    from types import SimpleNamespace

    from generator.pages.render import Markdown, render

    facts = {"date": None, "updated": None, "minutes": 1, "original": "", "original_site": "", "authors": [],
             "categories": [], "tags": [], "dates": [], "links": [], "attributions": []}
    page = render("article.md.j2", front_matter=Markdown("title: T\n"), facts=facts, summary="", actors=[], places=[],
                  post=SimpleNamespace(truncated=False, featured_image=None), featured_file=None,
                  body=Markdown(md("<h2>Latar belakang</h2><p>Presiden berkata.</p>")), related=[], **values)
    body = page.split("---\n", 2)[2]
    return markdown.markdown(body, extensions=["tables", "footnotes", "def_list", "attr_list", "md_in_html"])


def test_an_article_in_another_language_has_its_text_marked_with_it():
    page = BeautifulSoup(article_page(lang="id"), "html.parser")
    marked = page.find(attrs={"lang": True})
    assert marked["lang"] == "id"
    assert marked.h2.get_text() == "Latar belakang" and marked.p.get_text() == "Presiden berkata."


@pytest.mark.parametrize("lang", [None, "", 'id" onmouseover="alert(1)', "en-GB\u0000", "ID", "indonesian"])
def test_no_language_or_not_a_language_code_marks_nothing(lang):
    page = article_page() if lang is None else article_page(lang=lang)
    assert BeautifulSoup(page, "html.parser").find(attrs={"lang": True}) is None
    assert "<p>Presiden berkata.</p>" in page and "onmouseover" not in page


def test_a_heading_closed_by_the_wrong_tag_does_not_swallow_the_blocks_after_it():
    # As a headless theme's fixtures save it (headstartwp): <h3> ended by </p>, so the parser
    # keeps it open over the rule, the quote and the list that follow.
    cleaned = clean_html("<h3>Why it matters</p>\n<hr>\n<blockquote><p>A quoted line.</p></blockquote>\n"
                         "<ul><li>One</li><li>Two</li></ul>\n</h3>\n<p>After.</p>", "https://news.example")
    out = to_markdown(cleaned.soup)
    assert out.startswith("### Why it matters\n\n---\n\n> A quoted line.\n\n- One\n- Two\n")
    assert "After." in out
    html = markdown.markdown(out)
    assert "<h3>Why it matters</h3>" in html and "<blockquote>" in html and "<li>One</li>" in html
    assert "blocks inside a heading moved out after it" in cleaned.repaired


def test_a_list_item_shown_as_a_heading_keeps_its_text_in_the_heading():
    # <ol><h3><li>…</li></h3>: nothing of the heading's own before the block, so it stays a heading.
    out = md("<ol>\n<h3>\n<li>The first reason.</li>\n</h3>\n</ol>")
    assert "### " in out and "The first reason." in out.split("### ", 1)[1].splitlines()[0]
