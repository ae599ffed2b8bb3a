"""Entity pages a reader can scan: each article once with the sentence that names the entity,
a year index when the list grows long, and a chart whose bars lead to the archive, readable in
both colour schemes. In-process imports (generator.importer.run_import) into tmp folders; one
`mkdocs build --strict`; the browser checks run on the sample site (tests/conftest.py)."""
from __future__ import annotations

import itertools
import os
import posixpath
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.importer import run_import

from .conftest import REPO, SAMPLE, rest_post, write_json

SVG = "{http://www.w3.org/2000/svg}"
REGISTRY = ("people", "states", "organizations", "places")
LINK = re.compile(r"\]\(([^)\s]+)(?: \"[^\"]*\")?\)")


def _registry(docs: Path) -> Path:
    for folder in REGISTRY:
        shutil.copytree(REPO / "docs" / folder, docs / folder, ignore=shutil.ignore_patterns("index.md", "by-year"))
    return docs


def _timeline(page: str) -> str:
    return page[page.index("## Timeline"):page.index("<!-- /search:ignore -->")]


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    docs = _registry(tmp_path_factory.mktemp("sample") / "docs")
    run_import([SAMPLE], docs, jobs=1)
    return docs


# -- each article once, with its sentence and its dates --------------------------------------------

def test_each_article_is_listed_once_newest_first_with_the_sentence_naming_the_entity(sample):
    timeline = _timeline((sample / "people/kim-jong-un.md").read_text("utf-8"))
    links = re.findall(r"^- \[.*?\]\((\.\./articles/[^)]+)\)", timeline, re.MULTILINE)
    assert len(links) == 10 and len(set(links)) == len(links)
    assert links == sorted(links, key=lambda link: link.split("/")[2:4], reverse=True)  # by year/month
    snippets = re.findall(r"^    “(.+)”$", timeline, re.MULTILINE)
    assert len(snippets) == len(links)
    assert all("Kim Jong Un" in s and len(s) <= 210 for s in snippets)
    assert "Kim Jong Un watched the launch on site." in snippets
    assert "Mentioned:" not in timeline and "*mentioned*" not in timeline


def test_an_entity_page_shows_only_the_dates_said_about_it(sample):
    page = (sample / "places/najin.md").read_text("utf-8")
    assert "slated for April" not in page and "April 2024" not in page  # said of Seoul, not of Najin
    assert "the September summit" not in page
    assert page.count("pyongyangs-arms-to-moscow-seouls-security-dilemma-escalates.md") == 1
    assert "containers from Najin, North Korea, to Dunay" in page
    putin = _timeline((sample / "people/vladimir-putin.md").read_text("utf-8"))
    item = putin[putin.index("pyongyangs-arms-to-moscow"):].split("\n- [", 1)[0]
    assert "Dates said about Vladimir Putin: **September 2023** (the September summit)" in item
    assert "April 2024" not in item


def test_the_snippet_is_escaped_and_bounded(tmp_path):
    words = "word " * 80
    body = (f"<p>Opening line. Officials said &lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1)) "
            f"and Kim Jong Un **waved** {words}until dusk.</p>")
    docs = _registry(tmp_path / "docs")
    run_import([write_json(tmp_path / "p.json", rest_post(77, content={"rendered": body}))], docs, jobs=1)
    timeline = _timeline((docs / "people/kim-jong-un.md").read_text("utf-8"))
    snippet = re.search(r"^    “(.+)”$", timeline, re.MULTILINE).group(1)
    assert "<script" not in snippet and "&lt;script" in snippet
    assert "\\[x\\](javascript" in snippet and "\\*\\*waved\\*\\*" in snippet  # shown as written
    assert "Kim Jong Un" in snippet and len(snippet) <= 230 and snippet.endswith("…")
    assert "Opening line" not in snippet  # the sentence, not the paragraph


# -- many articles: the latest, and a page per year --------------------------------------------

def _posts(count: int, status_of=lambda i: "publish") -> list[dict]:
    posts = []
    for i in range(count):
        year, month = 2022 + i // 50, 1 + i % 12  # 50 in 2022, 50 in 2023, 20 in 2024
        posts.append(rest_post(
            5000 + i, date=f"{year}-{month:02d}-10T10:00:00", date_gmt=f"{year}-{month:02d}-10T01:00:00",
            modified=f"{year}-{month:02d}-10T10:00:00", modified_gmt=f"{year}-{month:02d}-10T01:00:00", slug=f"note-{i}", link=f"https://news.example/{year}/{month:02d}/note-{i}/", status=status_of(i),
            title={"rendered": f"Note {i}"},
            content={"rendered": f"<p>Markets were calm on day {i}. Later Kim Jong Un inspected a factory "
                                 "in Pyongyang. Elections are slated for April.</p>"}))
    return posts


def _links_resolve(docs: Path, page: str) -> list[str]:
    text = (docs / page).read_text("utf-8")
    targets = [t.split("#")[0] for t in LINK.findall(text) if not t.startswith(("http", "#"))]
    missing = [t for t in targets if t and not (docs / posixpath.normpath(posixpath.join(posixpath.dirname(page), t))).exists()]
    assert not missing, missing
    return targets


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Path:
    """The repository's docs/ (as a clone has it) with 120 articles on Kim Jong Un imported."""
    project = tmp_path_factory.mktemp("many")
    shutil.copytree(REPO / "docs", project / "docs", ignore=shutil.ignore_patterns("by-year"))
    shutil.copy(REPO / "mkdocs.yml", project)
    shutil.copytree(REPO / "overrides", project / "overrides")
    run_import([write_json(project / "src/posts.json", _posts(120))], project / "docs", jobs=1)
    return project


def test_a_long_list_shows_the_latest_20_and_an_index_of_year_pages_listing_every_article(many):
    docs = many / "docs"
    page = (docs / "people/kim-jong-un.md").read_text("utf-8")
    timeline = _timeline(page)
    assert "[2024](by-year/kim-jong-un/2024.md) (20) · [2023](by-year/kim-jong-un/2023.md) (50) · " \
           "[2022](by-year/kim-jong-un/2022.md) (50)" in timeline
    listed = re.findall(r"^- \[Note (\d+)\]", timeline, re.MULTILINE)
    newest = sorted(range(120), key=lambda i: (2022 + i // 50, 1 + i % 12, f"note-{i}"), reverse=True)
    assert list(map(int, listed)) == newest[:20]
    _links_resolve(docs, "people/kim-jong-un.md")
    for year, count in (("2024", 20), ("2023", 50), ("2022", 50)):
        year_page = f"people/by-year/kim-jong-un/{year}.md"
        text = (docs / year_page).read_text("utf-8")
        assert text.startswith("---\ntitle: 'Kim Jong Un: articles in " + year)
        notes = re.findall(r"^- \[Note \d+\]\(\.\./\.\./\.\./articles/" + year, text, re.MULTILINE)
        assert len(notes) == count
        assert "[Kim Jong Un](../../kim-jong-un.md)" in text
        assert "“Later Kim Jong Un" not in text  # titles and dates only: the sentences are on the entity page
        _links_resolve(docs, year_page)


def test_the_site_with_year_pages_builds_strict(many):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(many / "site")],
                          cwd=many, capture_output=True, text=True, env=env, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (many / "site/people/by-year/kim-jong-un/2023/index.html").exists()
    assert (many / "site/people/kim-jong-un/index.html").exists()


def test_year_pages_go_when_their_year_has_no_articles_and_a_rerun_writes_nothing(tmp_path):
    docs = _registry(tmp_path / "docs")
    source = write_json(tmp_path / "src/posts.json", _posts(120))
    run_import([source], docs, jobs=1)
    assert (docs / "people/by-year/kim-jong-un/2022.md").exists()
    again = run_import([source], docs, jobs=1)
    assert {o.action for o in again.writer.outcomes if "by-year" in o.path} == {"unchanged"}
    write_json(source, _posts(120, lambda i: "draft" if i < 50 else "publish"))  # 2022 unpublished
    run_import([source], docs, jobs=1)
    assert not (docs / "people/by-year/kim-jong-un/2022.md").exists()
    assert (docs / "people/by-year/kim-jong-un/2023.md").exists()
    assert "[2022]" not in (docs / "people/kim-jong-un.md").read_text("utf-8")
    write_json(source, _posts(120, lambda i: "draft" if i < 100 else "publish"))  # 20 left: one list
    run_import([source], docs, jobs=1)
    assert not (docs / "people/by-year").exists()
    assert "by-year" not in (docs / "people/kim-jong-un.md").read_text("utf-8")


# -- the chart ---------------------------------------------------------------------------------

def _chart(docs: Path, name: str) -> ET.Element:
    return ET.fromstring((docs / "assets/charts" / name).read_text("utf-8"))


def test_each_bar_with_articles_links_to_its_month_in_the_archive(sample):
    chart = _chart(sample, "people/kim-jong-un.svg")
    links = [a.get("href") for a in chart.iter(f"{SVG}a")]
    assert "../../../archive/2023-07/" in links and len(links) == 9  # the months with articles
    for link in links:  # relative to the chart's address, assets/charts/people/
        month = posixpath.normpath(posixpath.join("assets/charts/people", link))
        assert (sample / f"{month}.md").exists(), link
    page = (sample / "people/kim-jong-un.md").read_text("utf-8")
    assert "[![Mentions of Kim Jong Un per month](../assets/charts/people/kim-jong-un.svg)]" \
           "(../assets/charts/people/kim-jong-un.svg " in page  # the picture opens the chart


def test_year_bars_link_to_their_year_in_the_archive(many):
    links = [a.get("href") for a in _chart(many / "docs", "people/kim-jong-un.svg").iter(f"{SVG}a")]
    assert links == ["../../../archive/#2022", "../../../archive/#2023", "../../../archive/#2024"]
    assert "## 2022" in (many / "docs/archive/index.md").read_text("utf-8")


def _tick_extents(chart: ET.Element, char_width: float) -> list[tuple[float, float]]:
    """Left and right of the labels under the bars (the lowest texts), their width estimated."""
    texts = list(chart.iter(f"{SVG}text"))
    bottom = max(float(t.get("y")) for t in texts)
    extents = []
    for text in texts:
        if float(text.get("y")) != bottom:
            continue
        x, width = float(text.get("x")), len(text.text) * char_width
        anchor = text.get("text-anchor", "start")
        left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
        extents.append((left, left + width))
    return sorted(extents)


def test_tick_labels_never_overlap_over_two_years_of_months(tmp_path):
    posts = [rest_post(6000 + m, date=f"{2023 + m // 12}-{1 + m % 12:02d}-05T10:00:00",
                       date_gmt=f"{2023 + m // 12}-{1 + m % 12:02d}-05T01:00:00", slug=f"m-{m}",
                       link=f"https://news.example/m-{m}/", title={"rendered": f"Month {m}"},
                       content={"rendered": "<p>Kim Jong Un spoke.</p>"}) for m in range(24)]
    docs = _registry(tmp_path / "docs")
    run_import([write_json(tmp_path / "p.json", posts)], docs, jobs=1)
    chart = _chart(docs, "people/kim-jong-un.svg")
    width = float(chart.get("width"))
    extents = _tick_extents(chart, 11 * 0.6)  # 11px sans-serif: no character averages wider
    assert len(extents) >= 3
    assert all(left >= 0 and right <= width for left, right in extents)
    assert all(b[0] - a[1] >= 4 for a, b in itertools.pairwise(extents)), extents
    assert len(list(chart.iter(f"{SVG}a"))) == 24


def _luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_chart_colours_are_readable_in_the_light_and_the_dark_scheme(sample):
    svg = (sample / "assets/charts/people/kim-jong-un.svg").read_text("utf-8")
    text = re.search(r"text\{[^}]*fill:(#[0-9a-fA-F]{6})", svg).group(1)
    bar = re.search(r"\.b\{fill:(#[0-9a-fA-F]{6})", svg).group(1)
    plate = re.search(r'<rect class="plate" width="360" height="116"[^>]*fill="(#[0-9a-fA-F]{6})"', svg)
    # The text stands on the chart's own plate when it has one, else on the page: Material's
    # light (#ffffff) and dark (#1e2129) backgrounds both.
    grounds = [plate.group(1)] if plate else ["#ffffff", "#1e2129"]
    for ground in grounds:
        assert contrast(text, ground) >= 4.5, (text, ground)
        assert contrast(bar, ground) >= 3, (bar, ground)  # a graphic object (WCAG 1.4.11)
    assert contrast("#666666", "#1e2129") < 4.5  # what the chart had: unreadable in the dark


# -- in a browser, on the sample site ------------------------------------------------------------

def test_kim_jong_un_lists_each_article_once_and_a_chart_bar_opens_its_month(page, site_url):
    favicon = []  # a bare SVG document has no <link rel=icon>: Chromium asks for /favicon.ico
    page.on("console", lambda m: favicon.append(m.text) if m.location.get("url", "").endswith("/favicon.ico") else None)
    page.goto(site_url + "people/kim-jong-un/")
    links = page.locator("article li a[href*='articles/']")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(hrefs) == 10 and len(set(hrefs)) == 10
    assert "Mentioned:" not in page.locator("article").inner_text()
    page.locator("article a:has(img[src$='kim-jong-un.svg'])").click()
    page.wait_for_url(re.compile(r"assets/charts/people/kim-jong-un\.svg$"))
    boxes = page.evaluate("""() => [...document.querySelectorAll('text.tick')].map(t => {
        const b = t.getBBox(); return [b.x, b.x + b.width]; })""")
    assert len(boxes) >= 2 and all(b[0] >= a[1] for a, b in itertools.pairwise(boxes)), boxes
    page.locator("a[href$='archive/2023-07/'] rect.b").click()
    page.wait_for_url(re.compile(r"archive/2023-07/$"))
    assert page.locator("h1").first.inner_text().startswith("July 2023")
    assert [p for p in page.problems if p.removeprefix("console error: ") not in favicon] == []
