"""Hand edits survive re-import: three-way merges of article pages, through the CLI."""
import json

from .conftest import call_cli, read_page, rest_post, write_json

PAGE = "articles/2024/01/post-2001.md"
PARAGRAPHS = ["Kim Jong Un visited Wonsan on Monday.", "The second paragraph stays the same.",
              "Officials in Seoul said little."]


def _post(paragraphs, **fields):
    html = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return rest_post(2001, content={"rendered": html}, **fields)


def _import(tmp_path, paragraphs, **fields):
    source = write_json(tmp_path / "in" / "post.json", _post(paragraphs, **fields))
    report = tmp_path / "report.json"
    result = call_cli("import", str(source), "--docs", str(tmp_path / "docs"), "--report", str(report), cwd=tmp_path)
    return result, json.loads(report.read_text())


def test_a_hand_edit_and_a_wordpress_change_in_different_places_are_both_kept(tmp_path):
    _import(tmp_path, PARAGRAPHS)
    page = tmp_path / "docs" / PAGE
    page.write_text(page.read_text().replace("The second paragraph stays the same.",
                                             "The second paragraph, corrected by an editor."))
    changed = PARAGRAPHS[:2] + ["Officials in Seoul said little, then announced talks."]
    result, report = _import(tmp_path, changed, modified="2024-01-20T10:00:00", modified_gmt="2024-01-20T01:00:00")
    text = page.read_text()
    assert "corrected by an editor" in text
    assert "then announced talks" in text
    assert "updated: '2024-01-20T10:00:00+09:00'" in text
    assert report["posts"][0]["action"] == "merged"
    assert "1 merged with hand edits" in result.stdout
    assert "<<<<<<<" not in text and ">>>>>>>" not in text


def test_a_conflict_leaves_the_hand_edit_intact_and_names_the_lines(tmp_path):
    _import(tmp_path, PARAGRAPHS)
    page = tmp_path / "docs" / PAGE
    edited = page.read_text().replace("said little.", "were silent, per our sources.")
    page.write_text(edited)
    changed = PARAGRAPHS[:2] + ["Officials in Seoul refused to comment."]
    result, report = _import(tmp_path, changed)
    assert page.read_text() == edited
    line = next(n for n, text in enumerate(edited.splitlines(), 1) if text.endswith("were silent, per our sources."))
    assert f"conflict: {tmp_path / 'docs' / PAGE}: line {line}:" in result.stderr
    post = report["posts"][0]
    assert post["action"] == "conflict" and post["conflicts"][0]["line"] == line


def test_an_actor_removed_by_hand_stays_removed_and_one_added_stays(tmp_path):
    # Kim Jong Un has a contributor's page: a name found in one article only gets no page or
    # front-matter entry of its own (README, "Entities").
    kim = tmp_path / "docs/people/kim-jong-un.md"
    kim.parent.mkdir(parents=True)
    kim.write_text("---\nname: Kim Jong Un\ntype: person\n---\n\n# Kim Jong Un\n", "utf-8")
    _import(tmp_path, PARAGRAPHS)
    page = tmp_path / "docs" / PAGE
    meta, _ = read_page(page)
    assert "Kim Jong Un" in meta["actors"]["people"]
    text = page.read_text().replace("    - Kim Jong Un\n", "    - Kim Yo Jong\n", 1)
    page.write_text(text)
    changed = PARAGRAPHS + ["A new paragraph from WordPress about Kim Jong Un."]
    _import(tmp_path, changed, modified="2024-01-21T10:00:00", modified_gmt="2024-01-21T01:00:00")
    meta, body = read_page(page)
    assert "Kim Jong Un" not in meta["actors"]["people"]
    assert "Kim Yo Jong" in meta["actors"]["people"]
    assert "A new paragraph from WordPress" in body
    assert PAGE.split("/")[-1] not in kim.read_text()


def test_an_untouched_page_is_simply_updated(tmp_path):
    _import(tmp_path, PARAGRAPHS)
    _, report = _import(tmp_path, PARAGRAPHS[:2] + ["Replaced in WordPress."])
    assert report["posts"][0]["action"] == "updated"
    assert "Replaced in WordPress." in (tmp_path / "docs" / PAGE).read_text()
