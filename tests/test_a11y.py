"""Accessibility of the sample site in a real browser (Debian's Chromium driven by Playwright), in
both colour schemes: axe-core finds no serious or critical violation on any page type, every
keyboard stop shows a focus ring a reader can see, and links in running text are underlined and
readable against the page.

axe-core is vendored (tests/vendor/axe-core/, see PROVENANCE.md there): the tests download
nothing. It is injected into each page after the page has settled, and run on the whole document.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
SEED = "articles/2023/10/pyongyangs-arms-to-moscow-seouls-security-dilemma-escalates/"
SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's scheme
# One page of each type a reader meets, and what shows that it has finished drawing.
PAGES = {
    "home": ("", "article h1"),
    "article": (SEED, "article h1"),
    "entity page": ("people/kim-jong-un/", "article h1"),
    "category listing": ("categories/diplomacy/", "article h1"),
    "tag listing": ("tags/dmz/", "article h1"),
    "archive": ("archive/", "article h1"),
    "archive month": ("archive/2023-10/", "article h1"),
    "search with a query": ("search/?q=Kim+Jong+Un", ".kb-search__result a"),
    "graph": ("graph/", "#kb-graph[data-state=ready]"),
}
SERIOUS = ("serious", "critical")


@pytest.fixture(scope="module", params=sorted(SCHEMES))
def scheme(request):
    return request.param


def new_tab(browser, scheme):
    """A desktop-sized page preferring the colour scheme under test (Material follows it)."""
    return browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900}).new_page()


@pytest.fixture(scope="module")
def tab(browser, scheme):
    """One page for all the tests of a colour scheme but the 404 page's (which routes requests).
    Each test opens its own address in it and so starts from a new document (these tests keep
    nothing in the browser: no storage, no listeners); a new browser context for each test took
    Chromium about 0.5 s of CPU time, most of each test's (BENCHMARKS.md, "The test suite")."""
    page = new_tab(browser, scheme)
    yield page
    page.context.close()


# The page has settled: its fonts are loaded and no CSS animation or transition is running.
SETTLED = "document.fonts.status === 'loaded' && document.getAnimations().every(a => a.playState !== 'running')"


def open_page(tab, url: str, ready: str, scheme: str) -> None:
    """The page at `url`, loaded (goto waits for the load event: its styles, scripts and images),
    drawn (`ready` shows; the search page's results and the graph come after the load) and
    settled. Waiting for the network to be idle instead (500 ms without a request) added half a
    second to each of some thirty loads, after which no page of these made a request."""
    tab.goto(url)
    tab.locator(ready).first.wait_for(timeout=10_000)
    tab.wait_for_function(SETTLED, timeout=10_000, polling=20)
    assert tab.get_attribute("body", "data-md-color-scheme") == SCHEMES[scheme]


def axe_violations(tab) -> list[dict]:
    """axe-core's serious and critical violations on the page, as it now stands."""
    tab.add_script_tag(path=str(AXE))
    result = tab.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in SERIOUS]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {node['target']}: {summary[:240]}")
    return "\n".join(lines)


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_axe_finds_no_serious_violation(tab, site_url, scheme, kind):
    path, ready = PAGES[kind]
    open_page(tab, site_url + path, ready, scheme)
    violations = axe_violations(tab)
    assert not violations, f"{kind} ({scheme}):\n{describe(violations)}"


def published_path(built_site: Path) -> str:
    """The path the site is published at (site_url's), where MkDocs's 404 page points its links."""
    config = yaml.safe_load((built_site.parent / "mkdocs.yml").read_text("utf-8"))
    return urlsplit(config["site_url"]).path.rstrip("/") + "/"


def test_axe_finds_no_serious_violation_on_the_not_found_page(browser, site_url, built_site, scheme):
    """The 404 page as a host serves it (GitHub Pages: 404.html, with status 404, for any missing
    address under the site), with the site at the path site_url gives: MkDocs writes that page's
    links from there, since it is shown at any depth."""
    tab = new_tab(browser, scheme)  # a page of its own: its route is for this test only
    try:
        check_not_found_page(tab, site_url, built_site, scheme)
    finally:
        tab.context.close()


def check_not_found_page(tab, site_url, built_site, scheme):
    prefix = published_path(built_site)

    def serve(route):
        rest = route.request.url.split(prefix, 1)[1]
        found = route.fetch(url=site_url + rest)
        if found.status == 404:
            route.fulfill(status=404, path=built_site / "404.html")
        else:
            route.fulfill(response=found)

    tab.route(re.compile(re.escape(site_url.rstrip("/") + prefix) + ".*"), serve)
    response = tab.goto(site_url.rstrip("/") + prefix + "no/such/page/")
    assert response.status == 404
    tab.locator("article h1").first.wait_for(timeout=10_000)
    assert tab.locator("article h1").first.inner_text() == "404 - Not found"
    assert tab.get_attribute("body", "data-md-color-scheme") == SCHEMES[scheme]
    violations = axe_violations(tab)
    assert not violations, f"404 ({scheme}):\n{describe(violations)}"


# Contrast as WCAG 2 defines it, on colours as getComputedStyle gives them ("rgb(r, g, b)" or
# "rgba(r, g, b, a)"); the background is what the ancestors' backgrounds make together, from
# the nearest opaque one up (Material's footer is black at 87%, its bottom bar black at 32% on it).
CONTRAST_JS = """
(el) => {
  const rgb = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
  const opaque = (node) => {
    const layers = [];
    for (; node; node = node.parentElement) {
      const c = rgb(getComputedStyle(node).backgroundColor);
      const alpha = c.length === 4 ? c[3] : 1;
      if (alpha > 0) layers.push([c[0], c[1], c[2], alpha]);
      if (alpha > 0.99) break;
    }
    let base = [255, 255, 255];
    for (const [r, g, b, a] of layers.reverse()) {
      base = [r * a + base[0] * (1 - a), g * a + base[1] * (1 - a), b * a + base[2] * (1 - a)];
    }
    return base;
  };
  const luminance = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  // Material's palette switch: the radio input is invisible, its label shows the ring.
  const shown = el.matches('.md-option') ? el.nextElementSibling : el;
  const style = getComputedStyle(shown);
  return {
    what: shown.outerHTML.slice(0, 120),
    text: ratio(rgb(style.color).slice(0, 3), opaque(shown)),
    underline: style.textDecorationLine.includes('underline'),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth),
    outline: ratio(rgb(style.outlineColor).slice(0, 3), opaque(shown.parentElement)),
  };
}
"""


def test_the_header_search_box_shows_a_focus_ring_when_tabbed_to(tab, site_url, scheme):
    open_page(tab, site_url + SEED, "article h1", scheme)
    for _ in range(30):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.matches('.kb-header-search__input')"):
            break
    else:
        pytest.fail("Tab never reached the header's search box")
    ring = tab.evaluate(CONTRAST_JS, tab.evaluate_handle("document.activeElement"))
    assert ring["outlineStyle"] not in ("none", "hidden") and ring["outlineWidth"] >= 2, ring
    assert ring["outline"] >= 3, ring  # against the header it is drawn on


def test_every_keyboard_stop_shows_a_focus_ring(tab, site_url, scheme):
    """The first 60 stops of the seed's page: header, tabs, the knowledge block's links, the text's."""
    open_page(tab, site_url + SEED, "article h1", scheme)
    stops = []
    for _ in range(60):
        tab.keyboard.press("Tab")
        ring = tab.evaluate(CONTRAST_JS, tab.evaluate_handle("document.activeElement"))
        if ring["what"].startswith("<body"):
            break
        stops.append(ring)
    faint = [r for r in stops if r["outlineStyle"] in ("none", "hidden") or r["outlineWidth"] < 2 or r["outline"] < 3]
    assert len(stops) >= 20
    assert not faint, "\n".join(f"{r['what']}: {r['outlineStyle']} {r['outlineWidth']}px, "
                                f"{r['outline']:.2f}:1" for r in faint)


# Links in running text: the article's text, its knowledge block, an entity page's list of
# mentions, the entity card on the search page (a box of its own colour).
LINKS = {
    "article text": (SEED, "article h1", ".md-content p > a"),
    "knowledge block": (SEED, "article h1", ".md-content dd a"),
    "entity page": ("people/kim-jong-un/", "article h1", ".md-content li a"),
    "search card": ("search/?q=Kim+Jong+Un", ".kb-search__card a", ".kb-search__card a"),
}


@pytest.mark.parametrize("where", sorted(LINKS))
def test_links_in_text_are_underlined_and_readable(tab, site_url, scheme, where):
    path, ready, selector = LINKS[where]
    open_page(tab, site_url + path, ready, scheme)
    links = tab.locator(selector)
    assert links.count() >= 1
    for index in range(min(links.count(), 10)):
        link = links.nth(index).evaluate(CONTRAST_JS)
        assert link["underline"], link
        assert link["text"] >= 4.5, link
