"""The graph view (docs/graph/index.md) in a real browser: Debian's Chromium driven by Playwright,
on the sample site built by `python -m generator build` and served over HTTP on loopback."""
import functools
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

READY = "#kb-graph[data-state=ready]"
KIM = "people/kim-jong-un"
LIBRARY = "assets/vendor/cytoscape/cytoscape.min.js"


def open_graph(page, url, view="network"):
    page.goto(url)
    page.wait_for_selector(f'#kb-graph[data-state=ready][data-view="{view}"]', timeout=20_000)


def point_at(page, node_id, zoom=2.0):
    """Zoom on a node, bring the graph into view, and return the node's centre in page pixels,
    computed from Cytoscape's own rendered position."""
    page.evaluate("""async ([id, zoom]) => {
        const node = kbGraph.getElementById(id);
        kbGraph.zoom(zoom);
        kbGraph.center(node);
        kbGraph.container().scrollIntoView({block: "center", behavior: "instant"});
        // Let the scroll event reach Cytoscape (it caches where its canvas is) and a frame render.
        await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    }""", [node_id, zoom])
    return page.evaluate("""(id) => {
        const position = kbGraph.getElementById(id).renderedPosition();
        const box = kbGraph.container().getBoundingClientRect();
        const x = box.left + position.x, y = box.top + position.y;
        const hit = document.elementFromPoint(x, y);
        return {x, y, canvas: hit.tagName === "CANVAS" && !!hit.closest("#kb-graph")};
    }""", node_id)


def visible_types(page):
    """Nodes drawn, by type (the computed display style: Cytoscape's visible() is cached a frame)."""
    return page.evaluate("""() => {
        const types = {};
        kbGraph.nodes().forEach(n => {
            if (n.style("display") !== "none") types[n.data("type")] = (types[n.data("type")] || 0) + 1;
        });
        return types;
    }""")


def test_graph_page_draws_the_network_with_the_library_shipped_with_the_site(page, site_url):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    open_graph(page, site_url + "graph/")
    assert page.evaluate("kbGraph.nodes().length") > 5
    assert page.evaluate("kbGraph.edges().length") > 5
    assert page.locator("#kb-graph canvas").count() >= 1
    assert page.locator(".kb-graph__stage").bounding_box()["height"] > 300
    assert site_url + LIBRARY in requests  # from the site itself, not a CDN
    assert "Whole network" in page.locator(".kb-graph__caption").inner_text()
    # Every node is in the list too (keyboard and screen readers), linking its page.
    assert page.locator(".kb-graph__list li").count() == page.evaluate("kbGraph.nodes().length")
    assert page.problems == []


def test_other_pages_do_not_load_the_graph_library(page, site_url):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    for url in (site_url, site_url + KIM + "/"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
    assert not [url for url in requests if "cytoscape" in url or "/assets/graph/" in url]
    assert page.evaluate("typeof window.cytoscape") == "undefined"
    assert page.problems == []


def test_hovering_a_node_names_it_and_clicking_it_opens_its_page(page, site_url):
    open_graph(page, site_url + "graph/")
    spot = point_at(page, KIM)
    assert spot["canvas"]
    page.mouse.move(spot["x"], spot["y"])
    tip = page.locator(".kb-graph__tip")
    tip.wait_for(state="visible", timeout=5_000)
    assert "Kim Jong Un" in tip.inner_text()
    assert re.search(r"\d+ articles?", tip.inner_text())
    page.mouse.click(spot["x"], spot["y"])
    page.wait_for_url(re.compile(re.escape(KIM) + "/$"), timeout=10_000)
    assert page.locator("h1").inner_text().startswith("Kim Jong Un")
    assert page.problems == []


def test_type_filter_hides_and_shows_nodes(page, site_url):
    open_graph(page, site_url + "graph/")
    before = visible_types(page)
    assert before.get("person", 0) > 0 and before.get("state", 0) > 0
    page.locator(".kb-graph__types input[value=person]").uncheck()
    after = visible_types(page)
    assert "person" not in after
    assert after == {kind: n for kind, n in before.items() if kind != "person"}
    assert page.locator('.kb-graph__list li[data-type="person"]:visible').count() == 0
    page.locator(".kb-graph__types input[value=person]").check()
    assert visible_types(page) == before
    assert page.problems == []


def test_entity_neighbourhood_centres_the_entity_among_its_neighbours(page, site_url):
    open_graph(page, site_url + "graph/#entity=" + KIM, view=KIM)
    center = page.evaluate("""(id) => {
        const node = kbGraph.getElementById(id);
        const others = kbGraph.nodes().not(node);
        const box = kbGraph.container().getBoundingClientRect();
        const p = node.renderedPosition();
        return {name: node.data("name"), centre: node.hasClass("kb-center"),
                others: others.length, linked: others.every(n => n.edgesWith(node).length > 0),
                otherCentres: others.filter(".kb-center").length,
                dx: Math.abs(p.x - box.width / 2) / box.width, dy: Math.abs(p.y - box.height / 2) / box.height,
                names: others.map(n => n.data("name"))};
    }""", KIM)
    assert center["name"] == "Kim Jong Un" and center["centre"]
    assert 5 < center["others"] <= 25 and center["otherCentres"] == 0
    assert center["linked"]  # every neighbour is joined to him
    assert center["dx"] < 0.1 and center["dy"] < 0.1  # drawn in the middle
    assert {"North Korea", "South Korea"} <= set(center["names"])
    caption = page.locator(".kb-graph__caption")
    assert "Neighbourhood of Kim Jong Un" in caption.inner_text()
    assert caption.locator("a").get_attribute("href").endswith(KIM + "/")
    # Following another entity's neighbourhood reacts to the hash; "Whole network" goes back.
    page.evaluate("location.hash = '#entity=states/north-korea'")
    page.wait_for_selector('#kb-graph[data-state=ready][data-view="states/north-korea"]', timeout=10_000)
    assert page.evaluate("kbGraph.nodes('.kb-center').map(n => n.data('name'))") == ["North Korea"]
    page.get_by_role("button", name="Whole network").click()
    page.wait_for_selector('#kb-graph[data-state=ready][data-view="network"]', timeout=10_000)
    assert page.evaluate("kbGraph.nodes('.kb-center').length") == 0
    assert page.evaluate("kbGraph.nodes().length") > 26
    assert "#" not in page.url
    assert page.problems == []


def test_dark_mode_redraws_the_graph_in_dark_colours(page, site_url):
    open_graph(page, site_url + "graph/")
    colour = "kbGraph.nodes('[type = \"person\"]').first().style('color')"
    light = page.evaluate(colour)
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    page.wait_for_function(f"{colour} !== {light!r}")
    assert page.problems == []


@pytest.fixture(scope="module")
def sub_path_url(built_site):
    """The same site served under a sub-path (/public/), as on GitHub Pages."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(built_site.parent)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{built_site.name}/"
    server.shutdown()


def test_graph_works_when_the_site_is_served_under_a_sub_path(page, sub_path_url):
    open_graph(page, sub_path_url + "graph/#entity=" + KIM, view=KIM)
    spot = point_at(page, "states/north-korea", zoom=1.5)
    page.mouse.click(spot["x"], spot["y"])
    page.wait_for_url(sub_path_url + "states/north-korea/", timeout=10_000)
    assert page.problems == []


def test_overview_names_its_most_connected_entities_without_overlap(page, site_url):
    open_graph(page, site_url + "graph/")
    labels = page.evaluate("""() => {
        const top = kbGraph.nodes().sort((a, b) => b.degree(false) - a.degree(false)).slice(0, 20).map(n => n.id());
        const shown = kbGraph.nodes(".kb-top").filter(n => n.style("text-opacity") > 0 && n.style("label"));
        return {top, zoom: kbGraph.zoom(), shown: shown.map(n => ({
            id: n.id(), px: parseFloat(n.style("font-size")) * kbGraph.zoom(),
            min: parseFloat(n.style("min-zoomed-font-size")), label: n.style("label"),
            box: n.renderedBoundingBox({includeNodes: false, includeEdges: false, includeLabels: true})}))};
    }""")
    shown = labels["shown"]
    assert len(shown) >= 6
    assert {s["id"] for s in shown} <= set(labels["top"])  # the most connected ones
    assert labels["top"][0] in {s["id"] for s in shown}  # the best connected always
    for s in shown:
        assert s["px"] >= 11.5 and s["min"] <= s["px"]  # drawn, and readable on screen
        assert "…" not in s["label"]
    for i, a in enumerate(shown):  # no two names drawn over each other
        for b in shown[i + 1:]:
            ab, bb = a["box"], b["box"]
            assert ab["x2"] <= bb["x1"] or bb["x2"] <= ab["x1"] or ab["y2"] <= bb["y1"] or bb["y2"] <= ab["y1"], (a, b)
    assert page.locator("#kb-graph").get_attribute("data-labels").split() == [s["id"] for s in sorted(
        shown, key=lambda s: labels["top"].index(s["id"]))]
    # Zoomed in, the names stay the same size on screen.
    page.evaluate("kbGraph.zoom(kbGraph.zoom() * 3)")
    page.wait_for_timeout(200)
    px = page.evaluate("(id) => parseFloat(kbGraph.getElementById(id).style('font-size')) * kbGraph.zoom()",
                       labels["top"][0])
    assert px >= 11.5
    assert page.problems == []


def test_finding_a_name_focuses_its_node(page, site_url):
    open_graph(page, site_url + "graph/")
    box = page.get_by_label("Find an entity")
    box.fill("kim jong un")
    box.press("Enter")
    page.wait_for_selector(f'#kb-graph[data-state=ready][data-view="{KIM}"]', timeout=10_000)
    assert page.url.endswith("#entity=" + KIM)
    focus = page.evaluate("""(id) => {
        const node = kbGraph.getElementById(id);
        const box = kbGraph.container().getBoundingClientRect();
        const p = node.renderedPosition();
        return {centre: node.hasClass("kb-center"), dx: Math.abs(p.x - box.width / 2) / box.width,
                dy: Math.abs(p.y - box.height / 2) / box.height};
    }""", KIM)
    assert focus["centre"] and focus["dx"] < 0.1 and focus["dy"] < 0.1
    # An alias in another script finds its entity too; a name that matches nothing says so.
    box.fill("북한")
    box.press("Enter")
    page.wait_for_selector('#kb-graph[data-state=ready][data-view="states/north-korea"]', timeout=10_000)
    assert box.input_value() == "North Korea"
    box.fill("Nobody Atall")
    box.press("Enter")
    page.wait_for_function("document.querySelector('.kb-graph__find-note').textContent.includes('No entity')")
    assert page.locator("#kb-graph").get_attribute("data-view") == "states/north-korea"
    # The suggestions list every entity, not only those drawn.
    assert page.locator("#kb-graph-names option").count() >= page.evaluate("kbGraph.nodes().length")
    assert page.problems == []


@pytest.mark.parametrize("width,height", [(390, 844), (360, 740)])
def test_on_a_phone_the_whole_graph_fits_the_screen(browser, site_url, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=True, has_touch=True)
    try:
        tab = context.new_page()
        open_graph(tab, site_url + "graph/")
        fit = tab.evaluate("""() => {
            const stage = document.querySelector(".kb-graph__stage").getBoundingClientRect();
            const canvases = [...document.querySelectorAll("#kb-graph canvas")].map(c => c.getBoundingClientRect());
            const drawn = kbGraph.elements().renderedBoundingBox();
            return {stage: [stage.left, stage.right], canvases: canvases.map(c => [c.left, c.right]),
                    drawn: [drawn.x1, drawn.x2, drawn.y1, drawn.y2], width: stage.width, height: stage.height,
                    page: document.documentElement.scrollWidth};
        }""")
        assert fit["page"] <= width  # nothing sticks out sideways
        assert 0 <= fit["stage"][0] and fit["stage"][1] <= width
        for left, right in fit["canvases"]:
            assert 0 <= left and right <= width
        x1, x2, y1, y2 = fit["drawn"]  # every node and label is inside the stage
        assert x1 >= -1 and x2 <= fit["width"] + 1 and y1 >= -1 and y2 <= fit["height"] + 1
        assert x2 - x1 > fit["width"] * 0.6  # and the drawing uses the screen's width
    finally:
        context.close()


def test_a_count_rounded_in_the_graph_data_is_shown_as_at_least_that_many(page, site_url):
    """pages/graph.py writes counts from 100 up to two digits, rounded down: the list says "1200+"."""
    data = ('{"nodes":[{"id":"states/united-states","name":"United States","count":1200},'
            '{"id":"places/najin","name":"Najin","count":3}],"edges":[[0,1,3]]}')
    page.route("**/assets/graph/graph.json", lambda route: route.fulfill(
        status=200, content_type="application/json", body=data))
    open_graph(page, site_url + "graph/")
    items = page.eval_on_selector_all(".kb-graph__list li", "items => items.map(item => item.textContent)")
    assert any("United States" in item and "1200+ articles" in item for item in items), items
    assert any("Najin" in item and "3 articles" in item and "+" not in item for item in items), items
