"""Images in articles as a reader's browser gets them: loaded lazily and decoded off the main
thread, with the width and height WordPress gave (so the text does not jump as they arrive), over
https; and nothing else from the WordPress tag reaches the page."""
from __future__ import annotations

import json
import re
from pathlib import Path

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup

from generator.clean import clean_html
from generator.convert import to_markdown
from generator.core.text import markdown_text

REPO = Path(__file__).resolve().parent.parent


def md(html: str) -> str:
    return to_markdown(clean_html(html, "https://news.example", base="https://news.example/2024/01/post/").soup)


def site_extensions() -> tuple[list[str], dict]:
    """mkdocs.yml's Markdown extensions, as MkDocs runs them."""
    names, configs = [], {}
    for entry in yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))["markdown_extensions"]:
        if isinstance(entry, str):
            names.append(entry)
        else:
            (name, options), = entry.items()
            names.append(name)
            configs[name] = options or {}
    return names, configs


def images(html: str) -> list[dict]:
    """The <img> elements the page shows, with their attributes."""
    names, configs = site_extensions()
    page = markdown.markdown(md(html), extensions=names, extension_configs=configs)
    return [dict(img.attrs) for img in BeautifulSoup(page, "html.parser").find_all("img")]


def test_an_image_is_loaded_lazily_and_decoded_asynchronously():
    img, = images('<p><img src="https://news.example/a.jpg" alt="A rocket"></p>')
    assert img == {"src": "https://news.example/a.jpg", "alt": "A rocket", "loading": "lazy", "decoding": "async"}


def test_an_image_keeps_the_width_and_height_wordpress_gave():
    img, = images('<img src="https://news.example/launch.jpg" alt="Launch" width="800" height="533" class="size-full">')
    assert (img["width"], img["height"]) == ("800", "533")


def test_a_resized_copy_takes_its_size_from_its_name():
    """WordPress names the sizes it makes of an upload (the files srcset lists) after their size."""
    img, = images('<img src="https://news.example/wp-content/uploads/square-1024x683.jpg" alt="Square">')
    assert (img["width"], img["height"]) == ("1024", "683")


def test_the_attributes_win_over_the_file_name():
    img, = images('<img src="https://news.example/square-1024x683.jpg" width="512" height="341">')
    assert (img["width"], img["height"]) == ("512", "341")


@pytest.mark.parametrize("width, height", [
    ("100%", "50"), ("800", ""), ("0", "533"), ("99999999", "5"), ("8e2", "533"), ("٨٠٠", "533"),
    ('800" onerror="alert(1)', "533"), ("800 onload=x", "533"),
])
def test_a_size_that_is_not_plain_pixels_is_left_out(width, height):
    img, = images(f'<img src="https://news.example/a.jpg" width=\'{width}\' height=\'{height}\'>')
    assert set(img) == {"src", "alt", "loading", "decoding"}


def test_an_http_image_is_shown_over_https():
    img, = images('<img src="http://news.example/wp-content/uploads/a.jpg" alt="A">')
    assert img["src"] == "https://news.example/wp-content/uploads/a.jpg"


def test_a_relative_image_resolves_against_the_post_and_is_https():
    img, = images('<img src="/wp-content/uploads/b-300x200.png" alt="B">')
    assert img["src"] == "https://news.example/wp-content/uploads/b-300x200.png"
    assert (img["width"], img["height"]) == ("300", "200")


def test_only_the_known_attributes_reach_the_page():
    img, = images('<img src="https://news.example/a.jpg" alt="A" title="T" id="x" style="width:1px" '
                  'onerror="alert(1)" srcset="javascript:alert(1) 2x" sizes="100vw" loading="eager" '
                  'data-foo="1" width="10" height="20">')
    assert set(img) == {"src", "alt", "loading", "decoding", "width", "height"}
    assert img["loading"] == "lazy"


def test_alt_text_cannot_write_an_attribute_list():
    img, = images('<img src="https://news.example/a.jpg" alt="x]{ onclick=&quot;alert(1)&quot; }(">')
    assert set(img) == {"src", "alt", "loading", "decoding"}
    assert img["alt"] == 'x]{ onclick="alert(1)" }('


def test_an_image_inside_a_link_keeps_its_link_and_attributes():
    names, configs = site_extensions()
    page = markdown.markdown(md('<p><a href="https://news.example/full.jpg"><img src="https://news.example/a-640x480.jpg" alt="A"></a></p>'),
                             extensions=names, extension_configs=configs)
    link = BeautifulSoup(page, "html.parser").find("a")
    assert link["href"] == "https://news.example/full.jpg"
    assert link.img["loading"] == "lazy" and link.img["width"] == "640"


def test_the_same_image_converts_to_the_same_markdown():
    html = '<img src="http://news.example/a-1024x683.jpg" alt="A" width="800" height="533">'
    assert md(html) == md(html) == '![A](https://news.example/a-1024x683.jpg){ loading="lazy" decoding="async" width="800" height="533" }\n'


def test_the_attribute_list_is_not_words_of_the_article():
    """Summaries, reading time and entity extraction read the text, not the image's attributes."""
    text = markdown_text(md('<p>Before.</p><p><img src="https://news.example/a.jpg" width="800" height="533"></p><p>After.</p>'))
    assert "loading" not in text and "800" not in text
    assert text.split() == ["Before.", "After."]


def test_the_built_articles_show_their_images_lazily_with_their_sizes(built_site):
    """The sample site: the Malligyong-1 article's launch image (width and height in WordPress)
    and the Putin-visit article's square (a resized copy, 1024x683)."""
    shown = {}
    for page in sorted(built_site.glob("articles/**/index.html")):
        for img in BeautifulSoup(page.read_text("utf-8"), "html.parser").select("article img"):
            shown[img["src"].rsplit("/", 1)[-1]] = img
    assert shown, "no image in any article"
    assert all(img.get("loading") == "lazy" and img.get("decoding") == "async" for img in shown.values())
    assert all(not img["src"].startswith("http://") for img in shown.values())
    assert (shown["launch.jpg"]["width"], shown["launch.jpg"]["height"]) == ("800", "533")
    square = shown["kim-il-sung-square-1024x683.jpg"]
    assert (square["width"], square["height"]) == ("1024", "683")


def test_a_featured_image_over_http_is_shown_over_https_and_lazily(import_files, tmp_path):
    post = {
        "id": 7, "date": "2024-01-15T10:00:00", "date_gmt": "2024-01-15T01:00:00", "slug": "with-picture",
        "status": "publish", "type": "post", "link": "https://news.example/2024/01/with-picture/",
        "title": {"rendered": "With a picture"}, "content": {"rendered": "<p>Body text.</p>"},
        "featured_media": 9,
        "_embedded": {"wp:featuredmedia": [{"id": 9, "source_url": "http://news.example/wp-content/uploads/pic.jpg",
                                            "alt_text": "A picture"}]},
    }
    source = tmp_path / "in" / "post.json"
    source.parent.mkdir()
    source.write_text(json.dumps(post), "utf-8")
    result, docs = import_files(source)
    assert result.returncode == 0, result.stderr
    page, = docs.glob("articles/**/with-picture.md")
    text = page.read_text("utf-8")
    assert re.search(r'^!\[A picture\]\(https://news\.example/wp-content/uploads/pic\.jpg\)'
                     r'\{ loading="lazy" decoding="async" \}$', text, re.MULTILINE), text
    assert "image: http://news.example/wp-content/uploads/pic.jpg" in text  # the front-matter keeps what WordPress said


@pytest.mark.parametrize("src", ["http://127.0.0.1:8080/a.jpg", "http://localhost/a.jpg", "http://intranet/a.jpg"])
def test_an_http_image_on_an_address_or_a_local_name_stays_on_http(src):
    """No public certificate can name such a host: the image is left where it can be fetched."""
    img, = images(f'<img src="{src}" alt="A">')
    assert img["src"] == src
