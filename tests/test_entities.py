"""Actors, places, dates and sources; entity pages; cross-links; the registry as Markdown."""
import json
import shutil

import pytest

from .conftest import REPO, SAMPLE, call_cli, read_page, rest_post, write_json

SEED_PAGE = "articles/2023/10/pyongyangs-arms-to-moscow-seouls-security-dilemma-escalates.md"
REGISTRY = ("people", "states", "organizations", "places")


def _project(tmp_path, with_registry=True):
    """A docs/ folder holding the repository's starter registry, as a fresh clone has it."""
    docs = tmp_path / "docs"
    docs.mkdir()
    if with_registry:
        for folder in REGISTRY:
            shutil.copytree(REPO / "docs" / folder, docs / folder,
                            ignore=shutil.ignore_patterns("index.md"))
    return docs


@pytest.fixture(scope="module")
def sample_docs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("entities")
    docs = _project(tmp)
    result = call_cli("import", str(SAMPLE), "--docs", str(docs), "--report", str(tmp / "report.json"), cwd=tmp)
    assert result.returncode == 0, result.stderr
    return docs


def test_seed_front_matter_lists_the_actors_places_and_dates_a_reader_expects(sample_docs):
    meta, _ = read_page(sample_docs / SEED_PAGE)
    assert meta["actors"]["people"] == ["Kim Jong Un", "Vladimir Putin", "John Kirby", "Xi Jinping"]
    assert sorted(meta["actors"]["states"]) == sorted(
        ["North Korea", "Russia", "United States", "South Korea", "Ukraine", "Iran", "China"])
    assert sorted(meta["actors"]["organizations"]) == sorted(
        ["White House", "National Security Council", "United Nations Security Council", "Hamas"])
    assert meta["places"] == ["Najin", "Dunay", "Tikhoretsk"]
    assert meta["dates_mentioned"] == [
        {"date": "2023-09", "text": "the September summit"},
        {"date": "2024-04", "text": "slated for April"},
    ]


def test_seed_sources_name_who_the_article_cites(sample_docs):
    meta, _ = read_page(sample_docs / SEED_PAGE)
    cited = {(a["source"], a["text"]) for a in meta["sources"]["attributions"]}
    assert ("White House", "The White House has accused") in cited
    assert ("John Kirby", "John Kirby expressed") in cited
    assert meta["sources"]["links"] == []  # the damage took every href


def test_outbound_links_are_listed_with_domain_and_text(sample_docs):
    meta, _ = read_page(sample_docs / "articles/2023/11/malligyong-1-satellite-launch-military-agreement.md")
    domains = {link["domain"] for link in meta["sources"]["links"]}
    assert {"kcna.kp", "en.yna.co.kr"} <= domains
    assert all(link["text"] and link["url"].startswith("http") for link in meta["sources"]["links"])
    assert "peninsula-monitor.example" not in domains  # links to the site itself are not sources


def test_first_mention_in_the_body_links_to_the_entity_page(sample_docs):
    _, body = read_page(sample_docs / SEED_PAGE)
    text = body.split("The White House has", 1)[0]  # before the article text: byline and entity lines
    assert "[Najin](../../../places/najin.md)" in text
    article = body[body.index("> **Incomplete") :]
    assert article.count("(../../../places/tikhoretsk.md)") == 1
    assert "near [Tikhoretsk](../../../places/tikhoretsk.md) in Russia" in article
    assert (sample_docs / "places/tikhoretsk.md").exists()


def test_entity_page_lists_articles_co_mentions_and_a_chart(sample_docs):
    page = (sample_docs / "places/tikhoretsk.md").read_text()
    assert "[Pyongyang’s arms to Moscow" in page
    assert "../articles/2023/10/pyongyangs-arms-to-moscow-seouls-security-dilemma-escalates.md" in page
    assert "## Mentioned with" in page and "[North Korea](../states/north-korea.md)" in page
    assert "![Mentions of Tikhoretsk per month](../assets/charts/places/tikhoretsk.svg)" in page
    svg = (sample_docs / "assets/charts/places/tikhoretsk.svg").read_text()
    assert svg.startswith("<svg") and "<rect" in svg


def test_entity_pages_list_articles_newest_first(sample_docs):
    page = (sample_docs / "people/kim-jong-un.md").read_text()
    listed = page[page.index("## Timeline"):]
    june = listed.index("putin-pyongyang-comprehensive-strategic-partnership-treaty")
    july = listed.index("hwasong-18-second-test-spy-flight-warnings")
    assert june < july


def test_article_page_ends_with_related_articles(sample_docs):
    _, body = read_page(sample_docs / SEED_PAGE)
    related = body[body.index("## Related articles"):]
    assert related.count("\n- [") >= 3
    assert "pyongyangs-arms" not in related


def test_indexes_per_type_list_entities_a_to_z_with_counts(sample_docs):
    index = (sample_docs / "places/index.md").read_text()
    assert "- [Tikhoretsk](tikhoretsk.md) (1)" in index
    assert index.index("## N") < index.index("## T")


def test_a_capital_is_the_government_or_the_city_by_context(import_files, tmp_path):
    post = rest_post(1201, content={"rendered": "<p>Pyongyang said the talks failed. Later a delegation "
                                                "arrived in Pyongyang by train, and a flight to Seoul followed.</p>"})
    docs = _project(tmp_path)
    call_cli("import", str(write_json(tmp_path / "p.json", post)), "--docs", str(docs), cwd=tmp_path)
    meta, _ = read_page(docs / "articles/2024/01/post-1201.md")
    assert "North Korea" in meta["actors"]["states"]
    assert meta["places"] == ["Pyongyang", "Seoul"]
    assert "South Korea" not in meta["actors"]["states"]


def test_unknown_people_organizations_and_places_are_discovered_on_any_site(import_files, tmp_path):
    post = rest_post(1301, content={"rendered": (
        "<p>Mayor Ana Pereira of Lisbon met officials of the Instituto Nacional de Estatistica. "
        "The Harbour Authority said the Alcantara Terminal port would reopen. "
        "The Centre for Coastal Research (CCR) published the data.</p>")})
    # A discovery needs a second article naming it to be on the site (generator/consolidate.py).
    other = rest_post(1302, content={"rendered": "<p>Mayor Ana Pereira thanked the volunteers.</p>"})
    docs = _project(tmp_path, with_registry=False)
    call_cli("import", str(write_json(tmp_path / "in/p.json", post)), str(write_json(tmp_path / "in/q.json", other)),
             "--docs", str(docs), cwd=tmp_path)
    meta, _ = read_page(docs / "articles/2024/01/post-1301.md")
    assert "Ana Pereira" in meta["actors"]["people"]
    assert "Centre for Coastal Research" in meta["actors"]["organizations"]
    assert "Lisbon" in meta["places"]
    stub = docs / "people/ana-pereira.md"
    assert stub.exists() and "discovered: true" in stub.read_text()


def test_low_confidence_discoveries_go_to_the_review_list_not_the_site(import_files, tmp_path):
    post = rest_post(1401, content={"rendered": "<p>Supplies were stored in Qarvelstad before the storm.</p>"})
    docs = _project(tmp_path, with_registry=False)
    report = tmp_path / "report.json"
    call_cli("import", str(write_json(tmp_path / "p.json", post)), "--docs", str(docs), "--report", str(report), cwd=tmp_path)
    meta, _ = read_page(docs / "articles/2024/01/post-1401.md")
    assert meta["places"] == []
    review = json.loads(report.read_text())["review"]
    assert [(r["name"], r["type"]) for r in review] == [("Qarvelstad", "place")]
    assert not (docs / "places/qarvelstad.md").exists()


def test_a_contributor_adds_an_entity_and_an_alias_and_keeps_every_word(tmp_path):
    docs = _project(tmp_path)
    post = rest_post(1501, content={"rendered": "<p>The envoy known as J. Roe met Kim Jong Un in Wonsan.</p>"})
    source = write_json(tmp_path / "in" / "p.json", post)
    call_cli("import", str(source), "--docs", str(docs), cwd=tmp_path)
    meta, _ = read_page(docs / "articles/2024/01/post-1501.md")
    assert "Jane Roe" not in meta["actors"]["people"]

    page = docs / "people/jane-roe.md"
    written = ("---\nname: Jane Roe\ntype: person\naliases:\n  - J. Roe\ndescription: Special envoy.\n---\n\n"
               "# Jane Roe\n\nNotes by a contributor, *kept* as written.\n")
    page.write_text(written)
    call_cli("import", str(source), "--docs", str(docs), cwd=tmp_path)
    meta, body = read_page(docs / "articles/2024/01/post-1501.md")
    assert "Jane Roe" in meta["actors"]["people"]
    assert "[J. Roe](../../../people/jane-roe.md)" in body
    text = page.read_text()
    assert text.startswith(written)  # every byte the contributor wrote, then the generated part
    assert "<!-- BEGIN GENERATED" in text and "post-1501.md" in text

    kim = docs / "people/kim-jong-un.md"
    kim.write_text(kim.read_text().replace("  - 김정은\n", "  - 김정은\n  - Marshal Kim\n").replace(
        "# Kim Jong Un\n", "# Kim Jong Un\n\nMy own research notes.\n"))
    source.write_text(json.dumps(rest_post(1501, content={"rendered": "<p>Marshal Kim inspected the port.</p>"})))
    call_cli("import", str(source), "--docs", str(docs), cwd=tmp_path)
    meta, _ = read_page(docs / "articles/2024/01/post-1501.md")
    assert meta["actors"]["people"] == ["Kim Jong Un"]
    assert "My own research notes." in kim.read_text() and "Marshal Kim" in kim.read_text()


def test_deleting_a_discovered_stub_stops_it_coming_back(tmp_path):
    docs = _project(tmp_path, with_registry=False)
    post = rest_post(1601, content={"rendered": "<p>Mayor Ana Pereira opened the bridge.</p>"})
    # A discovery needs a second article naming it to have a page at all (generator/consolidate.py).
    other = rest_post(1602, content={"rendered": "<p>Mayor Ana Pereira thanked the volunteers.</p>"})
    source = tmp_path / "in"
    write_json(source / "p.json", post), write_json(source / "q.json", other)
    call_cli("import", str(source), "--docs", str(docs), cwd=tmp_path)
    (docs / "people/ana-pereira.md").unlink()
    call_cli("import", str(source), "--docs", str(docs), cwd=tmp_path)
    assert not (docs / "people/ana-pereira.md").exists()
    meta, _ = read_page(docs / "articles/2024/01/post-1601.md")
    assert meta["actors"]["people"] == []


def test_an_according_to_attribution_is_quoted_from_its_first_word():
    from generator.extract.citations import attributions
    for text in ("Talks ended on Monday, according to the Kremlin, and resumed.",
                 "according to the Kremlin",
                 "The delegation left early that morning according to Kremlin officials."):
        start = text.index("Kremlin")
        [found] = attributions(text, [(start, start + 7, "Kremlin", "organization")])
        assert found.text in ("according to the Kremlin", "according to Kremlin"), found
