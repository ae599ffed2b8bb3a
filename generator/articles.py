"""From a normalised Post to an Article: clean and convert the body, derive the summary."""
from __future__ import annotations

import re

from .clean import clean_html
from .convert import to_markdown
from .core.models import Article, Conversion, Post
from .core.text import first_sentences, markdown_text, plain_text
from .extract.language import detect

MIN_WORDS_FOR_LANGUAGE = 30
_MORE = re.compile(r"\s*(\[(?:&hellip;|…|\.\.\.)\]|(?:Continue reading|Read more).*)$", re.IGNORECASE | re.DOTALL)


def convert_body(post: Post) -> Conversion:
    cleaned = clean_html(post.content_html, post.site, post.raw_content, post.link)
    for heading in [node for node in cleaned.soup.descendants if node.name == "h1"]:  # as find_all("h1"), quicker
        heading.name = "h2"  # the page title is the only h1
    markdown = _drop_title_heading(to_markdown(cleaned.soup), post.title)
    text = markdown_text(markdown)
    return Conversion(markdown, cleaned.unknown_shortcodes, cleaned.dropped, cleaned.repaired, text, language_of(text))


def language_of(text: str) -> str:
    """The language of an article's text; "" for a text too short to tell reliably."""
    # Whether it has that many words: split no further than that (its count is at most that then).
    return detect(text) if len(text.split(maxsplit=MIN_WORDS_FOR_LANGUAGE - 1)) >= MIN_WORDS_FOR_LANGUAGE else ""


def _drop_title_heading(markdown: str, title: str) -> str:
    """Themes print the title; a first heading repeating it would show it twice."""
    first, _, rest = markdown.partition("\n")
    if re.match(r"#{1,6} ", first) and _comparable(first.lstrip("# ")) == _comparable(title):
        return rest.lstrip("\n")
    return markdown


def _comparable(text: str) -> str:
    return re.sub(r"[^\w]+", " ", text.replace("\\", "")).strip().lower()


def summarise(post: Post, body: str) -> str:
    """Plain text from the excerpt, else the first sentences of the body."""
    text = plain_text(post.excerpt_html)
    excerpt = _MORE.sub("", text).strip()
    if excerpt:
        if excerpt != text.strip() and not excerpt.endswith((".", "!", "?", "…")):
            excerpt += "…"  # WordPress cut its automatic excerpt here ("[…]")
        return first_sentences(excerpt, 400)
    paragraphs = [p for p in body.split("\n\n") if p.strip() and not p.lstrip().startswith(("#", "!", "|", "```", "- ", "[^"))]
    return first_sentences(" ".join(markdown_text(paragraphs[0]).split()) if paragraphs else "", 300)


def convert_post(post: Post) -> tuple[Conversion, str]:
    """The converted body and the summary: all the work of making an article."""
    conversion = convert_body(post)
    return conversion, summarise(post, conversion.markdown)


def make_article(post: Post, path: str, converted: tuple[Conversion, str] | None = None, source_key: str = "") -> Article:
    """The article of `post` at `path` (`converted`: what convert_post gave for it; `source_key`: Article's)."""
    conversion, summary = converted or convert_post(post)
    return Article(post, conversion.markdown, summary, path, conversion, source_key=source_key)
