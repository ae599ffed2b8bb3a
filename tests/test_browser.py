"""What a reader sees, in a real browser (Debian's Chromium driven by Playwright), on the sample
site built by `python -m generator build` and served over HTTP on loopback."""
import re

SEED = "articles/2023/10/pyongyangs-arms-to-moscow-seouls-security-dilemma-escalates/"


def test_search_for_tikhoretsk_lists_the_seed_article(page, site_url):
    page.goto(site_url + "search/")
    page.fill("#kb-search-input", "Tikhoretsk")
    page.keyboard.press("Enter")
    seed = page.locator(".kb-search__result a", has_text="Pyongyang’s arms to Moscow")
    seed.wait_for(timeout=10_000)
    result = page.locator(".kb-search__result", has=page.locator("a", has_text="Pyongyang’s arms to Moscow"))
    assert "16 October 2023" in result.locator(".kb-search__meta").inner_text()
    assert result.locator("mark").first.inner_text().startswith("Tikhoretsk")
    seed.click()
    page.wait_for_url(re.compile(re.escape(SEED) + "$"))
    assert page.problems == []


def test_search_finds_korean_words(page, site_url):
    page.goto(site_url + "search/?q=" + "김정은")
    page.locator(".kb-search__result a").first.wait_for(timeout=10_000)
    titles = page.locator(".kb-search__result a").all_inner_texts()
    assert any("primary foe" in title for title in titles)
    assert page.problems == []


def test_search_filters_by_entity_and_type(page, site_url):
    page.goto(site_url + "search/?q=satellite&type=post&entity=Kim+Jong+Un")
    page.locator(".kb-search__result a").first.wait_for(timeout=10_000)
    filtered = page.locator(".kb-search__result").count()
    assert all(meta.startswith("Article") for meta in page.locator(".kb-search__meta").all_inner_texts())
    page.goto(site_url + "search/?q=satellite")
    page.locator(".kb-search__result a").first.wait_for(timeout=10_000)
    assert 0 < filtered <= page.locator(".kb-search__result").count()
    assert page.problems == []


def test_clicking_an_actor_on_the_seed_page_opens_its_page_listing_the_seed(page, site_url):
    page.goto(site_url + SEED)
    page.locator("article a", has_text="John Kirby").first.click()
    page.wait_for_url(re.compile(r"people/john-kirby/$"))
    assert page.locator("h1").inner_text().startswith("John Kirby")
    listed = page.locator("article a", has_text="Pyongyang’s arms to Moscow")
    assert listed.count() >= 1
    listed.first.click()
    page.wait_for_url(re.compile(re.escape(SEED) + "$"))
    assert page.problems == []


def test_the_seed_old_wordpress_path_redirects_to_its_page(page, site_url):
    page.goto(site_url + "2023/10/pyongyangs-arms-to-moscow-seouls-security-dilemma-escalates/")
    page.wait_for_url(re.compile(re.escape(SEED) + "$"))
    assert page.locator("h1").first.inner_text().startswith("Pyongyang’s arms to Moscow")
    assert page.problems == []


def test_dark_mode_toggle_switches_the_scheme(page, site_url):
    page.goto(site_url)
    before = page.get_attribute("body", "data-md-color-scheme")
    page.locator("label.md-header__button[for^='__palette']").first.click()
    assert page.get_attribute("body", "data-md-color-scheme") != before
    assert page.problems == []


def test_pages_are_readable_on_a_phone(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.goto(site_url + SEED)
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    context.close()


def test_an_article_page_view_stays_light(page, site_url):
    """No search index, and no sitemap fetched by the theme, on an ordinary page view."""
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(site_url + SEED)
    page.wait_for_load_state("networkidle")
    assert not [u for u in requested if "pagefind" in u or "sitemap" in u or "search_index" in u]
    assert page.locator('link[type="application/rss+xml"]').count() == 0  # on the home page and the lists
    page.goto(site_url)
    assert page.locator('link[type="application/rss+xml"]').get_attribute("href").endswith("feed.xml")
    assert page.problems == []


def test_an_article_is_painted_in_the_readers_colours_from_the_first_frame(browser, site_url):
    """Material's inline scripts are one cached file (docs/assets/javascripts/chrome.js) loaded in
    the <head>: with the system preferring dark, or with the reader's choice made on the home page's
    switch, an article's first frame with a body is already in that scheme, even when the file is
    slow to come (no flash of the light page). Its header's search box and Material's two toggles,
    which the same file writes as the header is parsed, are there from the first frame with content."""
    def slow(route):
        import time
        time.sleep(0.5)
        route.continue_()

    record = ("window.__schemes=[];window.__boxes=[];(function f(){__schemes.push(document.body&&document.body.getAttribute("
              "'data-md-color-scheme'));if(document.querySelector('.md-container'))__boxes.push(!!document.querySelector("
              "'header form.kb-header-search input[name=q]')&&!!document.getElementById('__drawer')&&"
              "!!document.getElementById('__search'));if(__schemes.length<200)requestAnimationFrame(f)})();")
    for preference, choose, expected in (("dark", False, "slate"), ("light", False, "default"), ("light", True, "slate")):
        context = browser.new_context(color_scheme=preference)
        context.add_init_script(record)
        context.route("**/assets/javascripts/chrome.js", slow)
        tab = context.new_page()
        problems = []
        tab.on("pageerror", lambda error, problems=problems: problems.append(str(error)))
        tab.on("console", lambda message, problems=problems: message.type == "error" and problems.append(message.text))
        if choose:  # the reader switches to dark on the home page; the article follows
            tab.goto(site_url)
            tab.locator("label.md-header__button[for^='__palette']").first.click()
        tab.goto(site_url + SEED)
        tab.wait_for_load_state("networkidle")
        painted = [scheme for scheme in tab.evaluate("__schemes") if scheme]
        assert painted and set(painted) == {expected}, (preference, choose, painted)
        boxes = tab.evaluate("__boxes")
        assert boxes and all(boxes), boxes
        action = tab.evaluate("document.querySelector('header form.kb-header-search').action")
        assert action == site_url + "search/", action
        assert tab.evaluate("__md_scope.href") == site_url  # the site's base, from the script's address
        assert problems == []
        context.close()


def test_back_to_top_shows_when_the_reader_scrolls_back_up(page, site_url):
    """Material's back-to-top button, which an article page leaves to chrome.js to add: hidden
    until the reader scrolls down and then back up, and it takes them to the top."""
    page.set_viewport_size({"width": 1000, "height": 400})
    page.goto(site_url + SEED)
    page.wait_for_load_state("networkidle")
    button = page.locator("main.md-main > button.md-top[data-md-component=top]")
    assert button.count() == 1 and button.get_attribute("hidden") is not None  # Material's: opacity 0
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(300)
    page.mouse.wheel(0, -300)
    page.wait_for_function("!document.querySelector('.md-top').hidden", timeout=5000)
    assert button.inner_text().strip() == "Back to top"
    button.click()
    page.wait_for_function("window.scrollY === 0", timeout=5000)
    assert page.problems == []


def test_the_chrome_icons_are_drawn_from_the_minified_pages(page, site_url):
    """The pages are minified, which writes the <svg>'s viewBox as viewbox: the browser's parser
    reads it back as the SVG attribute (home: logo, menu, palette switch; an article: logo), and
    the logo is drawn."""
    for address in ("", SEED):
        page.goto(site_url + address)
        icons = page.evaluate("""() => [...document.querySelectorAll("svg.kb-icon")].map(svg => {
            const view = svg.viewBox.baseVal;
            return [svg.getAttribute("viewBox"), view ? view.width : 0];
        })""")
        assert icons and all(icon == ["0 0 24 24", 24] for icon in icons), (address, icons)
        logo = page.locator("header svg.kb-icon--logo").first.bounding_box()  # (the menu's and a palette's are hidden on a wide screen)
        assert logo and logo["width"] > 0 and logo["height"] > 0, address
        assert "viewbox" in page.evaluate("() => fetch(location.href).then(r => r.text())")  # as minify-html writes it
