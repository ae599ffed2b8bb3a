"""Hostile WordPress input, generated: every field a page shows × the payload classes.

Each payload becomes one REST post that carries it in every text field (title, excerpt, content,
author, category and tag names, image alt text and caption) and, for URL payloads, in every URL
field (link, guid, image URL, a link and an image in the content); the same payloads go through a
WXR export and through the users/categories/tags lists that name ids. Shapes (wrong types, nulls,
huge and deep values, odd dates) and paths (traversal, reserved names, collisions) are cases of
their own. `expected_title` is what a reader must see as the page's title.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

SITE = "https://hostile.example"
ALERT = "alert(1)"


@dataclass
class Payload:
    kind: str  # the class it belongs to
    text: str
    title: str | None = None  # what a reader sees when this is a post's rendered title; None: text as written


# Markup and script: in rendered HTML fields these are tags (removed); the title keeps their text.
MARKUP = [
    Payload("html", "<img src=x onerror=alert(1)>", ""),
    Payload("html", "<script>alert(1)</script>", ""),
    Payload("html", "<svg/onload=alert(1)>", ""),
    Payload("html", '"><img src=x onerror=alert(1)>', '">'),
    Payload("html", "</title><script>alert(1)</script>", ""),
    Payload("html", '<a href="javascript:alert(1)">click</a>', "click"),
    Payload("html", '<iframe src="javascript:alert(1)"></iframe>', ""),
    Payload("html", "<details open ontoggle=alert(1)>x</details>", "x"),
    Payload("html", '<body onload=alert(1)>', ""),
    Payload("html", '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>', ""),
    Payload("html", '<a href="#" onclick="alert(1)">x</a>', "x"),
    Payload("html", '<div style="background:url(javascript:alert(1))">x</div>', "x"),
    Payload("html", "<object data=javascript:alert(1)></object>", ""),
    Payload("html", '<form action="javascript:alert(1)"><button>x</button></form>', "x"),
]
# Text about markup, as WordPress serves it (entities): the reader must see the decoded text once.
ENTITIES = [
    Payload("entity", "&lt;script&gt;alert(1)&lt;/script&gt;", "<script>alert(1)</script>"),
    Payload("entity", "&lt;img src=x onerror=alert(1)&gt;", "<img src=x onerror=alert(1)>"),
    Payload("entity", "AT&amp;amp;T", "AT&amp;T"),
    Payload("entity", "javascript&amp;colon;alert(1)", "javascript&colon;alert(1)"),
    Payload("entity", "Tom &amp; Jerry", "Tom & Jerry"),
]
# URLs whose scheme hides behind entities, percent-escapes, case, whitespace and controls.
SCHEMES = [
    Payload("scheme", "javascript:alert(1)"),
    Payload("scheme", "javascript&colon;alert(1)", "javascript:alert(1)"),
    Payload("scheme", "javascript&#58;alert(1)", "javascript:alert(1)"),
    Payload("scheme", "javascript&#x3a;alert(1)", "javascript:alert(1)"),
    Payload("scheme", "java&Tab;script&colon;alert(1)", "java script:alert(1)"),
    Payload("scheme", "JaVaScRiPt:alert(1)"),
    Payload("scheme", " javascript:alert(1)", "javascript:alert(1)"),
    Payload("scheme", "java\tscript:alert(1)", "java script:alert(1)"),
    Payload("scheme", "javascript%3Aalert(1)"),
    Payload("scheme", "&#106;avascript:alert(1)", "javascript:alert(1)"),
    Payload("scheme", "vbscript:msgbox(1)"),
    Payload("scheme", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
]
# Markdown, pymdown and Jinja syntax: text must stay text.
MARKDOWN = [
    Payload("markdown", "[x](javascript:alert(1))"),
    Payload("markdown", "[x](javascript&colon;alert(1)) [y](other.md)", "[x](javascript:alert(1)) [y](other.md)"),
    Payload("markdown", "<javascript:alert(1)>", ""),
    Payload("markdown", "[x][1]\n\n[1]: javascript:alert(1)", "[x][1] [1]: javascript:alert(1)"),
    Payload("markdown", '{: onclick="alert(1)" }'),
    Payload("markdown", "![x](javascript:alert(1))"),
    Payload("markdown", "# heading"),
    Payload("markdown", "line<br>---", "line ---"),
    Payload("markdown", "term<br>: definition", "term : definition"),
    Payload("markdown", "~~~", "~~~"),
    Payload("markdown", "| a | b |<br>|---|---|", "| a | b | |---|---|"),
    Payload("markdown", '!!! note "x"'),
    Payload("markdown", '--8<-- "/etc/passwd"'),
    Payload("markdown", "{{ 7*7 }} {% raw %}"),
    Payload("markdown", "*[HTML]: javascript:alert(1)"),
]
# YAML breakers: the front-matter must still read back as the same text.
YAML = [
    Payload("yaml", "key: value"),
    Payload("yaml", "---"),
    Payload("yaml", "&a [*a, *a]"),
    Payload("yaml", '!!python/object/apply:os.system ["id"]'),
    Payload("yaml", "\"'"),
    Payload("yaml", "- item"),
    Payload("yaml", "# comment"),
    Payload("yaml", "? complex"),
    Payload("yaml", "%YAML 1.1"),
    Payload("yaml", "@at `tick`"),
    Payload("yaml", "yes"),
    Payload("yaml", "2024-01-01"),
]
# Characters that cannot be written, or that reverse the text around them.
CHARACTERS = [
    Payload("control", "nul\x00here", "nul\ufffdhere"),
    Payload("control", "esc\x1b[31mred", "esc\ufffd[31mred"),
    Payload("control", "bell\x07 shift\x0e", "bell\ufffd shift\ufffd"),
    Payload("control", "del\x7f nel\x85", "del\ufffd nel\ufffd"),
    Payload("surrogate", "lone \ud800 high", "lone \ufffd high"),
    Payload("surrogate", "lone \udfff low", "lone \ufffd low"),
    Payload("rtl", "title\u202e 5 June 2024", "title 5 June 2024"),
    Payload("rtl", "\u2067isolated\u2069", "isolated"),
    Payload("rtl", "مرحبا بالعالم"),
]
PAYLOADS = MARKUP + ENTITIES + SCHEMES + MARKDOWN + YAML + CHARACTERS


def expected_title(payload: Payload) -> str:
    title = payload.text if payload.title is None else payload.title
    return " ".join(title.split()) or "(untitled)"


def _rest_post(number: int, payload: Payload) -> dict:
    text = payload.text
    url = text if payload.kind == "scheme" else f"{SITE}/2024/03/case-{number}/"
    return {
        "id": 9000 + number,
        "date": "2024-03-05T10:00:00",
        "date_gmt": "2024-03-05T01:00:00",
        "modified": "2024-03-05T10:00:00",
        "modified_gmt": "2024-03-05T01:00:00",
        "slug": f"case-{number}",
        "status": "publish",
        "type": "post",
        "link": url,
        "guid": {"rendered": url},
        "title": {"rendered": text},
        "content": {"rendered": f'<p>Case {number} body: {text}</p>\n<p><a href="{url}">a link</a> '
                               f'<img src="{url}" alt="{text}"></p>\n<p>{text}</p>'},
        "excerpt": {"rendered": f"<p>Excerpt {number}: {text}</p>"},
        "author": 1,
        "categories": [1],
        "tags": [2],
        "_embedded": {
            "author": [{"id": 1, "name": f"Author {number} {text}"}],
            "wp:term": [[{"id": 1, "taxonomy": "category", "name": f"Category {number} {text}"}],
                        [{"id": 2, "taxonomy": "post_tag", "name": f"Tag {number} {text}"}]],
            "wp:featuredmedia": [{"id": 3, "source_url": url if payload.kind == "scheme" else f"{SITE}/i/{number}.jpg",
                                  "alt_text": text, "caption": {"rendered": text}}],
        },
    }


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _xml_text(text: str) -> str:
    """Text for an XML element, with what XML 1.0 cannot hold dropped (the WXR file must parse)."""
    import html

    return "".join(c for c in html.escape(text) if c in "\t\n\r" or " " <= c < "\ud800" or "\ue000" <= c <= "\ufffd")


def wxr_export(payloads: list[Payload], first_number: int) -> str:
    items = []
    for offset, payload in enumerate(payloads):
        number = first_number + offset
        text = _xml_text(payload.text)
        link = _xml_text(payload.text) if payload.kind == "scheme" else f"{SITE}/2024/04/wxr-{number}/"
        items.append(f"""<item>
<title>{text}</title>
<link>{link}</link>
<pubDate>Fri, 05 Apr 2024 01:00:00 +0000</pubDate>
<dc:creator>{_cdata("editor")}</dc:creator>
<guid isPermaLink="false">{SITE}/?p={9500 + number}</guid>
<content:encoded>{_cdata(f"<p>WXR case {number}: " + _xml_text(payload.text) + "</p>")}</content:encoded>
<excerpt:encoded>{_cdata(_xml_text(payload.text))}</excerpt:encoded>
<wp:post_id>{9500 + number}</wp:post_id>
<wp:post_date>2024-04-05 10:00:00</wp:post_date>
<wp:post_date_gmt>2024-04-05 01:00:00</wp:post_date_gmt>
<wp:post_name>wxr-{number}</wp:post_name>
<wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type>
<category domain="category" nicename="wxr-cat-{number}">{_cdata("WXR " + str(number) + " " + _xml_text(payload.text))}</category>
</item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Hostile</title>
<link>{SITE}</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>{SITE}</wp:base_site_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login>{_cdata("editor")}</wp:author_login>
<wp:author_display_name>{_cdata("Editor")}</wp:author_display_name></wp:author>
{chr(10).join(items)}
</channel>
</rss>
"""


@dataclass
class Shape:
    """A post of an odd shape: what the import must make of it."""

    name: str
    post: dict
    title: str  # the title a reader sees
    kept: bool = True


def _base(number: int, **fields) -> dict:
    post = {"id": 9800 + number, "date": "2024-05-05T10:00:00", "date_gmt": "2024-05-05T01:00:00",
            "slug": f"shape-{number}", "status": "publish", "type": "post",
            "link": f"{SITE}/2024/05/shape-{number}/", "title": {"rendered": f"Shape {number}"},
            "content": {"rendered": f"<p>Shape {number} body. It happened in December.</p>"}}
    post.update(fields)
    return post


def shapes() -> list[Shape]:
    deep = "<span>" * 400 + "deep text" + "</span>" * 400
    nested_list = "<ul><li>" * 400 + "deep item" + "</li></ul>" * 400
    cases = [
        ("tags is a number", {"tags": 7}),
        ("categories is a string", {"categories": "news"}),
        ("author is a string", {"author": "5"}),
        ("author name is a number", {"_embedded": {"author": [{"id": 5, "name": 5}]}}),
        ("embedded is a list", {"_embedded": []}),
        ("terms are numbers", {"_embedded": {"wp:term": [[1, 2], 3]}}),
        ("title is a number", {"title": 5}),
        ("title is null", {"title": None}),
        ("content is a list", {"content": ["<p>x</p>"]}),
        ("content rendered is null", {"content": {"rendered": None}}),
        ("excerpt is a number", {"excerpt": {"rendered": 12}}),
        ("link is a list", {"link": ["http://x"]}),
        ("link holds a NUL", {"link": f"{SITE}/2024/05/nul\x00path/"}),
        ("link holds a lone surrogate", {"link": f"{SITE}/2024/05/\ud800/"}),
        ("author is embedded with a surrogate", {"_embedded": {"author": [{"id": 5, "name": "A\udc00"}]}}),
        ("link is an unclosed IPv6 host", {"link": "http://[::1/x/"}),
        ("guid is a number", {"guid": 7}),
        ("slug is a number", {"slug": 42}),
        ("status is a list", {"status": ["publish"]}),
        ("id is true", {"id": True}),
        ("id is huge", {"id": 10**30}),
        ("id is negative", {"id": -4}),
        ("year 1 without date_gmt", {"date": "0001-01-01T00:00:00", "date_gmt": None}),
        ("year 9999 mentions December", {"date": "9999-12-31T23:00:00", "date_gmt": "9999-12-31T14:00:00"}),
        ("date is garbage", {"date": "yesterday", "date_gmt": "soon"}),
        ("no title", {"title": {"rendered": ""}}),
        ("spans nested 400 deep", {"content": {"rendered": deep}}),
        ("lists nested 400 deep", {"content": {"rendered": nested_list}}),
        ("featured media is a string", {"_embedded": {"wp:featuredmedia": ["x"]}}),
        ("one megabyte of text", {"content": {"rendered": "<p>" + "word " * 200_000 + "</p>"}}),
    ]
    found = []
    for number, (name, fields) in enumerate(cases):
        post = _base(number, **fields)
        title = post.get("title")
        shown = title.get("rendered") if isinstance(title, dict) else None
        found.append(Shape(name, post, shown or "(untitled)"))
    return found


# Old WordPress paths and slugs that aim at places the generator owns, or outside docs/.
PATHS = [
    ("slug traverses", {"slug": "../../../../etc/passwd"}),
    ("slug is index", {"slug": "index"}),
    ("slug is very long", {"slug": "a" * 5000}),
    ("link is /index.md", {"link": f"{SITE}/index.md"}),
    ("link is /search.md", {"link": f"{SITE}/search.md"}),
    ("link is /sitemap.xml", {"link": f"{SITE}/sitemap.xml"}),
    ("link is /feed.xml", {"link": f"{SITE}/feed.xml"}),
    ("link is in assets", {"link": f"{SITE}/assets/javascripts/search.js"}),
    ("link is in the store", {"link": f"{SITE}/.generated/index.md"}),
    ("link traverses", {"link": f"{SITE}/../../../outside/"}),
    ("link traverses encoded", {"link": f"{SITE}/%2e%2e/%2e%2e/outside2/"}),
    ("link is a Markdown name", {"link": f"{SITE}/about.md/"}),
    ("link is 404.html", {"link": f"{SITE}/404.html"}),
    ("two posts share a slug (1)", {"slug": "shared", "link": f"{SITE}/2024/06/shared/"}),
    ("two posts share a slug (2)", {"slug": "shared", "link": f"{SITE}/2024/06/shared/"}),
]


def path_posts() -> list[tuple[str, dict]]:
    posts = []
    for number, (name, fields) in enumerate(PATHS):
        post = _base(100 + number, **{"title": {"rendered": f"Path case {number}"}, **fields})
        post["date"], post["date_gmt"] = "2024-06-05T10:00:00", "2024-06-05T01:00:00"
        posts.append((name, post))
    return posts


@dataclass
class Corpus:
    """The generated inputs, written under a folder, and what each post must become."""

    folder: Path
    titles: dict[int, str] = field(default_factory=dict)  # WordPress id -> title a reader sees
    names: dict[int, str] = field(default_factory=dict)  # WordPress id -> case name


def write_corpus(folder: Path) -> Corpus:
    corpus = Corpus(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rest = [_rest_post(n, p) for n, p in enumerate(PAYLOADS)]
    for post, payload in zip(rest, PAYLOADS):
        corpus.titles[post["id"]] = expected_title(payload)
        corpus.names[post["id"]] = f"REST {payload.kind}: {payload.text!r}"
    # ensure_ascii: lone surrogates and controls travel as JSON escapes, as a server sends them
    (folder / "posts.json").write_text(json.dumps(rest, ensure_ascii=True), "ascii")
    for shape in shapes():
        identifier = shape.post["id"] if isinstance(shape.post["id"], int) and not isinstance(shape.post["id"], bool) else None
        name = f"shape-{shape.name.replace(' ', '-')}.json"
        (folder / name).write_text(json.dumps(shape.post, ensure_ascii=True), "ascii")
        if identifier and 0 < identifier < 2**63:
            corpus.titles[identifier] = shape.title
            corpus.names[identifier] = f"shape: {shape.name}"
    for name, post in path_posts():
        (folder / f"path-{post['id']}.json").write_text(json.dumps(post, ensure_ascii=True), "ascii")
        corpus.titles[post["id"]] = post["title"]["rendered"]
        corpus.names[post["id"]] = f"path: {name}"
    (folder / "export.xml").write_text(wxr_export(PAYLOADS, 0), "utf-8")
    for number, payload in enumerate(PAYLOADS):
        corpus.names[9500 + number] = f"WXR {payload.kind}: {payload.text!r}"
    # Lookup lists name the ids of posts that come without _embedded.
    users = [{"id": 77, "name": p.text, "slug": f"u{n}", "link": f"{SITE}/author/u{n}/", "avatar_urls": {}}
             for n, p in enumerate(PAYLOADS[:1])]
    terms = [{"id": 78, "name": "Listed " + PAYLOADS[0].text, "slug": "listed", "taxonomy": "category",
              "link": f"{SITE}/category/listed/"}]
    (folder / "users.json").write_text(json.dumps(users, ensure_ascii=True), "ascii")
    (folder / "categories.json").write_text(json.dumps(terms, ensure_ascii=True), "ascii")
    lookup = _base(200, author=77, categories=[78], title={"rendered": "Named by the lists"})
    lookup.pop("_embedded", None)
    (folder / "lookup-post.json").write_text(json.dumps(lookup), "ascii")
    corpus.titles[lookup["id"]] = "Named by the lists"
    corpus.names[lookup["id"]] = "lookup lists"
    return corpus
