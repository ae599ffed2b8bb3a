"""Hover previews of entity and article links (docs/assets/javascripts/previews.js) in a real
browser: Debian's Chromium driven by Playwright, on the sample site built by `python -m generator
build` and served over HTTP on loopback."""
import json
import re

import pytest
import yaml

ARTICLE = "articles/2023/07/hwasong-18-second-test-spy-flight-warnings/"
KIM = "people/kim-jong-un"
CARD = "#kb-preview"
SHOWN = "#kb-preview:not([hidden])"


def entity_row(built_site, entity_id):
    folders = {"person": "people", "state": "states", "organization": "organizations", "place": "places"}
    rows = json.loads((built_site / "assets/search/entities.json").read_text("utf-8"))
    for row in rows:
        slug = row[2] or re.sub(r"[^a-z0-9]+", "-", row[0].lower()).strip("-")
        if f"{folders[row[1]]}/{slug}" == entity_id:
            return row
    raise AssertionError(f"{entity_id} is not in entities.json")


def entity_link(page, entity_id):
    return page.locator(f"article a[href$='{entity_id}/']").first


def focus_by_keyboard(page, link):
    """Reach the link with the keyboard (Tab), so that it has :focus-visible as a reader's would."""
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert link.evaluate("a => a === document.activeElement")


def test_hovering_an_entity_link_shows_its_type_count_description_and_latest_headline(page, site_url, built_site):
    name, kind, _, count = entity_row(built_site, KIM)[:4]
    page.goto(site_url + ARTICLE)
    assert page.locator(CARD).count() == 0  # nothing until a link is pointed at
    link = entity_link(page, KIM)
    link.hover()
    card = page.locator(SHOWN)
    card.wait_for(timeout=5_000)
    text = card.inner_text()
    assert name in text
    assert f"{kind} · {count} articles" in text
    assert "Supreme leader of North Korea" in text  # his page's first paragraph
    assert "Latest: Putin and Kim sign" in text  # the newest article of his timeline
    assert card.get_attribute("data-id") == KIM
    assert link.get_attribute("aria-describedby") == "kb-preview"
    assert card.get_attribute("role") == "tooltip"
    page.mouse.move(0, 0)
    page.wait_for_selector(CARD, state="hidden", timeout=5_000)
    assert link.get_attribute("aria-describedby") is None
    assert page.problems == []


def test_another_entity_carries_its_own_count_and_type(page, site_url, built_site):
    page.goto(site_url + KIM + "/")
    link = entity_link(page, "states/north-korea")
    name, kind, _, count = entity_row(built_site, "states/north-korea")[:4]
    link.hover()
    card = page.locator(SHOWN)
    card.wait_for(timeout=5_000)
    assert card.get_attribute("data-id") == "states/north-korea"
    assert card.locator(".kb-preview__title").inner_text() == name
    assert card.locator(".kb-preview__meta").inner_text() == f"{kind} · {count} articles"
    assert page.problems == []


def test_hovering_an_article_link_shows_its_date_and_summary(page, site_url, built_site):
    """The article's page opens with its summary (its first sentences), so it does not show it and
    is published without Pagefind's hidden copy of it (generator/site/slim.py): the card reads the
    opening of the article's text, and the date from its byline."""
    html = (built_site / ARTICLE / "index.html").read_text("utf-8")
    assert "data-pagefind-meta" not in html
    source = (built_site.parent / "docs" / ARTICLE.rstrip("/")).with_suffix(".md").read_text("utf-8")
    summary = yaml.safe_load(source.split("---")[1])["summary"][:40]
    page.goto(site_url + KIM + "/")
    link = page.locator(f"article a[href$='{ARTICLE}']").first
    link.hover()
    card = page.locator(SHOWN)
    card.wait_for(timeout=5_000)
    assert card.get_attribute("data-kind") == "article"
    assert card.locator(".kb-preview__meta").inner_text() == "13 July 2023"
    assert card.locator(".kb-preview__text").inner_text().startswith(summary)
    assert "Hwasong-18" in card.locator(".kb-preview__title").inner_text()
    assert page.problems == []


def test_keyboard_focus_shows_the_card_escape_hides_it_and_focus_moves_on(page, site_url):
    page.goto(site_url + ARTICLE)
    link = entity_link(page, KIM)
    focus_by_keyboard(page, link)
    card = page.locator(SHOWN)
    card.wait_for(timeout=5_000)
    assert card.get_attribute("data-id") == KIM
    page.keyboard.press("Escape")
    page.wait_for_selector(CARD, state="hidden", timeout=2_000)
    assert link.evaluate("a => a === document.activeElement")  # Escape hides, focus stays
    page.wait_for_timeout(600)
    assert page.locator(CARD).is_hidden()  # and it does not come back by itself
    # The card holds nothing focusable: Tab goes to the next link, whose own card shows.
    assert page.locator(f"{CARD} a, {CARD} button, {CARD} [tabindex]").count() == 0
    page.keyboard.press("Tab")
    assert not link.evaluate("a => a === document.activeElement")
    assert page.evaluate("document.activeElement.tagName") == "A"
    page.wait_for_function("document.querySelector('#kb-preview:not([hidden])') && "
                           "document.querySelector('#kb-preview').dataset.id !== 'people/kim-jong-un'",
                           timeout=5_000)
    assert page.problems == []


def test_fetched_page_text_is_never_parsed_as_html(page, site_url):
    hostile = '<img src=x onerror="window.kbInjected=1">'
    body = f"""<!doctype html><html><head><title>t</title></head><body><article>
        <h1>Headline {hostile}</h1>
        <span hidden data-pagefind-meta="title:Headline {hostile.replace('"', '&quot;')}"></span>
        <span hidden data-pagefind-meta="date:2024-01-02T00:00:00"></span>
        <span hidden data-pagefind-meta="summary:Summary &lt;b&gt;bold&lt;/b&gt; {hostile.replace('"', '&quot;')}"></span>
        </article></body></html>"""
    page.route(re.compile(re.escape(site_url + ARTICLE) + "$"),
               lambda route: route.fulfill(status=200, content_type="text/html", body=body))
    page.goto(site_url + KIM + "/")
    page.locator(f"article a[href$='{ARTICLE}']").first.hover()
    card = page.locator(SHOWN)
    card.wait_for(timeout=5_000)
    assert "<b>bold</b>" in card.inner_text()
    assert "<img" in card.inner_text()
    assert card.locator("img, b, script").count() == 0
    page.wait_for_timeout(300)
    assert page.evaluate("window.kbInjected") is None
    assert page.problems == []


def test_nothing_is_fetched_before_a_link_is_pointed_at(page, site_url):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site_url + KIM + "/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in requests if "entities.json" in u or "/articles/" in u]
    page.locator(f"article a[href$='{ARTICLE}']").first.hover()
    page.locator(SHOWN).wait_for(timeout=5_000)
    assert [u for u in requests if u.endswith(ARTICLE)] == [site_url + ARTICLE]


@pytest.fixture
def touch_page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    tab = context.new_page()
    yield tab
    context.close()


def test_a_tap_on_a_touch_screen_just_follows_the_link(touch_page, site_url):
    touch_page.goto(site_url + ARTICLE)
    link = entity_link(touch_page, KIM)
    link.scroll_into_view_if_needed()
    # First a tap that goes nowhere (the page cancels it): no card appears over the page.
    link.evaluate("a => a.addEventListener('click', e => e.preventDefault(), {once: true})")
    link.tap()
    touch_page.wait_for_timeout(800)
    assert touch_page.locator(SHOWN).count() == 0
    link.tap()
    touch_page.wait_for_url(re.compile(re.escape(KIM) + "/$"), timeout=10_000)
    assert touch_page.locator(SHOWN).count() == 0


def test_links_work_with_javascript_off(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(site_url + ARTICLE)
        entity_link(tab, KIM).hover()
        tab.wait_for_timeout(600)
        assert tab.locator(CARD).count() == 0
        entity_link(tab, KIM).click()
        tab.wait_for_url(re.compile(re.escape(KIM) + "/$"), timeout=10_000)
    finally:
        context.close()
