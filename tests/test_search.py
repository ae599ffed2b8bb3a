"""The search page and the header's search box, in a real browser (Chromium via Playwright) on the
sample site built by `python -m generator build`: entity names and aliases in any script, whole
names searched as phrases, sorting by date, year facets, excerpts without the byline, the More
button, and the box in every page's header."""
import json
import re

ARTICLE = "articles/2023/10/pyongyangs-arms-to-moscow-seouls-security-dilemma-escalates/"


def search(page, site_url, query: str):
    page.goto(site_url + "search/?" + query)
    page.wait_for_function("/result|No results/.test(document.getElementById('kb-search-status').textContent)",
                           timeout=15_000)
    page.locator(".kb-search__result").first.wait_for(timeout=10_000)


def test_entities_json_carries_aliases_page_and_article_count(built_site):
    rows = json.loads((built_site / "assets" / "search" / "entities.json").read_text("utf-8"))
    north = next(row for row in rows if row[0] == "North Korea")
    assert north[1:4] == ["state", "", 16]  # "": the slug search.js makes from the name
    assert {"북한", "DPRK", "the North"} <= set(north[4:])
    kim = next(row for row in rows if row[0] == "Kim Jong Un")
    assert "김정은" in kim[4:] and "Kim Jong-un" not in kim[4:]  # same name but for case and punctuation


def test_entities_json_names_the_slug_only_where_search_js_would_make_another():
    from generator.pages.search_names import entity_names
    from generator.store.registry import Entity, Registry, page_for

    registry = Registry()
    for name, kind in (("National People’s Congress Standing Committee", "organization"), ("North Korea", "state")):
        registry.add(Entity(name, kind, page=page_for(kind, name)))

    class Mentions:  # each entity mentioned once
        @staticmethod
        def count(key):
            return 1

    rows = json.loads(entity_names(registry, Mentions()))
    assert [row[:3] for row in rows] == [
        ["National People’s Congress Standing Committee", "organization", "national-peoples-congress-standing-committee"],
        ["North Korea", "state", ""]]


def test_a_korean_alias_finds_the_entity_and_its_articles(page, site_url):
    search(page, site_url, "q=" + "북한")
    card = page.locator("#kb-search-card")
    assert card.is_visible()
    assert re.match(r"North Korea · State · 16 articles · timeline · graph", card.inner_text())
    assert card.locator("a", has_text="North Korea").get_attribute("href").endswith("/states/north-korea/")
    assert card.locator("a", has_text="graph").get_attribute("href").endswith("/graph/#entity=states/north-korea")
    assert page.locator("#kb-search-status").inner_text() == "17 results"  # its 16 articles and its page
    titles = page.locator(".kb-search__title").all_inner_texts()
    assert any("Malligyong-1" in title for title in titles)
    # Excerpts start in the article's text, not in the byline (date, reading time, author, source).
    for excerpt in page.locator(".kb-search__excerpt").all_inner_texts():
        assert "Original on" not in excerpt and "min read" not in excerpt, excerpt
    assert page.problems == []


def test_a_hangul_name_shows_the_persons_card_and_all_his_articles(page, site_url):
    search(page, site_url, "q=" + "김정은")
    assert page.locator("#kb-search-card").inner_text().startswith("Kim Jong Un · Person · 10 articles")
    assert page.locator("#kb-search-status").inner_text() == "11 results"
    for shown in (10, 11):  # five at a time
        page.locator("#kb-search-more").click()
        page.wait_for_function(f"document.querySelectorAll('.kb-search__result').length >= {shown}")
    assert page.locator(".kb-search__result .kb-search__meta", has_text="Article").count() == 10
    assert page.problems == []


def test_a_whole_name_is_searched_as_a_phrase(page, site_url):
    search(page, site_url, "q=Kim+Jong+Un")
    marks = [mark.lower() for mark in page.locator(".kb-search__excerpt mark").all_inner_texts()]
    assert marks and all(not mark.startswith("unif") for mark in marks), marks
    assert {"kim", "jong", "un"} <= {mark.strip(".,’'") for mark in marks}
    assert page.problems == []


def test_the_more_button_is_hidden_and_out_of_the_tab_order_when_all_results_show(page, site_url):
    search(page, site_url, "q=Shoigu&type=post")
    assert page.locator("#kb-search-status").inner_text() == "3 results"
    more = page.locator("#kb-search-more")
    assert not more.is_visible()
    assert more.evaluate("button => getComputedStyle(button).display") == "none"
    more.evaluate("button => button.focus()")
    assert page.evaluate("document.activeElement.id") != "kb-search-more"
    page.fill("#kb-search-input", "zqxjkvw")
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('kb-search-status').textContent.startsWith('No results')")
    assert not more.is_visible()


def test_sorting_by_date_lists_the_newest_first(page, site_url):
    search(page, site_url, "q=missile&sort=date")
    assert page.locator("#kb-sort-date").is_checked()
    while page.locator("#kb-search-more").is_visible():
        count = page.locator(".kb-search__result").count()
        page.locator("#kb-search-more").click()
        page.wait_for_function(f"document.querySelectorAll('.kb-search__result').length > {count}")
    # The dates the pages declare, in the order shown.
    shown = page.locator(".kb-search__meta").all_inner_texts()
    from datetime import datetime
    days = [datetime.strptime(meta.split(" · ")[1], "%d %B %Y") for meta in shown if " · " in meta]
    assert len(days) >= 5 and days == sorted(days, reverse=True), shown
    # The toggle re-sorts in place and is remembered in the address.
    page.locator("#kb-sort-date").uncheck()
    page.wait_for_function("!location.search.includes('sort=date')")
    assert page.problems == []


def test_year_facets_count_the_results_per_year(page, site_url):
    search(page, site_url, "q=" + "북한")
    years = page.locator("#kb-search-years")
    years.locator("button").first.wait_for()
    assert years.inner_text().replace("\n", " ") == "Years: 2024 (7) 2023 (9)"
    years.locator("button", has_text="2024").click()
    page.wait_for_function("document.getElementById('kb-search-status').textContent === '7 results'")
    assert "year=2024" in page.url


def test_the_header_box_on_an_article_searches_and_slash_focuses_it(page, site_url):
    page.set_viewport_size({"width": 375, "height": 700})
    page.goto(site_url + ARTICLE)
    box = page.locator("header .kb-header-search__input")
    assert box.is_visible()  # one tap on a phone
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('kb-header-search__input')")
    assert box.input_value() == ""  # the "/" is not typed into it
    page.keyboard.type("Tikhoretsk")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=Tikhoretsk$"))
    page.locator(".kb-search__result a", has_text="Pyongyang’s arms to Moscow").wait_for(timeout=10_000)
    # "/" typed in a field stays in the field.
    page.locator("#kb-filter-entity").click()
    page.keyboard.type("a/b")
    assert page.locator("#kb-filter-entity").input_value() == "a/b"
    assert page.problems == []



def test_names_are_split_by_the_first_character_of_each_name_and_alias(built_site):
    from generator.pages.search_names import plain
    whole = json.loads((built_site / "assets" / "search" / "entities.json").read_text("utf-8"))
    folder = built_site / "assets" / "search" / "names"
    files = {path.stem: json.loads(path.read_text("utf-8")) for path in folder.glob("*.json")}
    north = next(row for row in whole if row[0] == "North Korea")
    for name in [north[0], *north[4:]]:  # "North Korea", "북한", "DPRK", "the North"...
        assert north in files[f"{ord(plain(name)[0]):x}"], name
    assert sorted(map(json.dumps, {json.dumps(row): row for rows in files.values() for row in rows}.values())) \
        == sorted(map(json.dumps, whole))  # every entity in some file, and nothing else


def test_a_query_reads_one_small_names_file_and_no_worker(page, site_url):
    """A query names at most one entity: it reads the names starting as it does, not the whole
    list, and Pagefind runs on the page's thread (its worker script is not downloaded)."""
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    search(page, site_url, "q=" + "북한")
    assert page.locator("#kb-search-card").inner_text().startswith("North Korea · State")
    assert [url for url in fetched if "/assets/search/" in url] == [site_url + f"assets/search/names/{ord('북'):x}.json"]
    assert not [url for url in fetched if "pagefind-worker" in url]
    assert page.problems == []


def test_a_stub_is_not_indexed_and_a_described_entity_is(built_site):
    """A discovered entity's stub holds only its name, which the entity card matches: Pagefind
    skips it (each indexed page costs every first query some bytes of the page list)."""
    stub = (built_site / "places" / "california" / "index.html").read_text("utf-8")
    described = (built_site / "places" / "pyongyang" / "index.html").read_text("utf-8")
    assert "data-pagefind-body" not in stub and "California" in stub
    assert "data-pagefind-body" in described


def test_a_site_of_few_pages_is_searched_in_one_index(built_site):
    """The sample's few hundred indexed pages are one Pagefind index at pagefind/ itself, which a
    query searches whole: every year at once, no button for earlier ones."""
    manifest = json.loads((built_site / "pagefind" / "index.json").read_text("utf-8"))
    assert [(part["path"], part["years"]) for part in manifest["parts"]] == [("", ["2023", "2024"])]
    assert not (built_site / "pagefind" / "part").exists()


def test_the_index_publishes_only_what_search_js_loads(built_site):
    """Pagefind's interfaces, its web worker's script (search.js runs it with noWorker) and the
    WebAssembly of a language the index does not hold (wasm.unknown) are not published; the
    searches in a browser above run on what is left."""
    bundle = built_site / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    assert [language["wasm"] for language in entry["languages"].values()] == ["en"]
    assert sorted(path.name for path in bundle.iterdir() if path.is_file() and not path.name.endswith(".pf_meta")) \
        == ["index.json", "pagefind-entry.json", "pagefind.js", "wasm.en.pagefind"]


def test_the_index_parts_are_periods_of_bounded_size_that_new_articles_only_extend():
    """Articles by period: whole years gathered oldest first into parts of at most the limit, a
    larger year split by months; entity pages by folder. A new article in the newest month
    changes only the newest part."""
    from generator.site.search import plan_parts

    def article(day: str) -> list:
        return ["sha", 1, {"date": f"{day}T09:00:00+09:00"}]

    pages = {f"articles/{year}/{n}/index.html": article(f"{year}-03-01") for year, count in
             (("2010", 2), ("2011", 2), ("2012", 1), ("2013", 3)) for n in range(count)}
    pages.update({f"articles/2014/{month}-{n}/index.html": article(f"2014-{month}-02")
                  for month in ("01", "02", "07") for n in range(2)})  # 6 pages: over the limit
    pages.update({f"people/p{n}/index.html": ["sha", 1, {}] for n in range(3)})
    pages["places/seoul/index.html"] = ["sha", 1, {}]
    plan = plan_parts(pages, limit=4)
    parts: dict[str, list[str]] = {}
    for dest, name in plan.items():
        parts.setdefault(name, []).append(dest)
    assert {name: len(dests) for name, dests in parts.items()} == {
        "2010": 4, "2012": 4, "2014-01": 4, "2014-07": 2, "~people": 4}
    assert set(plan_parts(pages, limit=len(pages)).values()) == {""}  # no more than the limit: one index
    assert all(dest.startswith(("articles/2012/", "articles/2013/")) for dest in parts["2012"])

    pages["articles/2014/07-new/index.html"] = article("2014-07-30")
    after = plan_parts(pages, limit=4)
    assert {dest: name for dest, name in after.items() if dest in plan and name != plan[dest]} == {}
    assert after["articles/2014/07-new/index.html"] == "2014-07"
    # An article added to an old year can move the boundaries after it: 2010 and 2011 now hold 5
    # pages, so 2011 starts a part, and 2012-2013 follow it. Those parts are written again; the
    # earlier ones and the entity pages' stay.
    pages["articles/2011/new/index.html"] = article("2011-05-05")
    again = plan_parts(pages, limit=4)
    assert again["articles/2011/new/index.html"] == "2011"
    assert {plan[dest] for dest in plan if again[dest] != plan[dest]} == {"2010", "2012"}
