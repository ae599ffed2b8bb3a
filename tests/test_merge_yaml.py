"""A contributor's front-matter survives a WordPress change to another field: comments, flow and
block style, indentation, quoting, key order and keys they added (in-process, no CLI)."""
import yaml

from generator.core.frontmatter import dump_yaml, split_front_matter
from generator.write import PageWriter
from generator.write.merge import merge_page

BODY = "Kim Jong Un visited Wonsan on Monday.\n\nOfficials in Seoul said little.\n"
GENERATED = {
    "title": "Missile test",
    "date": "2024-01-15T10:00:00+09:00",
    "slug": "missile-test",
    "tags": ["missiles", "north-korea"],
    "summary": "A short summary.",
    "source": {"url": "https://news.example/2024/01/missile-test/", "wordpress_id": 2001},
    "places": ["Wonsan"],
}


def page(data: dict, body: str = BODY) -> str:
    """A page as the importer writes it."""
    return f"---\n{dump_yaml(data)}---\n{body}"


def changed(**fields) -> str:
    return page({**GENERATED, **fields})


BASE = page(GENERATED)
# What a contributor made of the generated page: every kind of hand edit at once.
MINE = """---
# Checked against the KCNA statement, 2024-01-16.
slug: missile-test
title: "Missile test"  # keep in sync with the headline
date: '2024-01-15T10:00:00+09:00'
tags: [missiles, north-korea]
summary: 'A short summary.'
reviewed_by: Jane Analyst
source:
    url: https://news.example/2024/01/missile-test/
    wordpress_id: 2001   # do not change
places:
- Wonsan
---
""" + BODY


def merged_front(new: str, mine: str = MINE) -> tuple[str, dict]:
    result = merge_page(BASE, mine, new)
    assert result.conflicts == [] and result.text is not None
    front, body = split_front_matter(result.text)
    assert body == split_front_matter(mine)[1]
    return front, yaml.safe_load(front)


def test_the_wordpress_change_is_applied():
    _, data = merged_front(changed(tags=["missiles", "north-korea", "icbm"]))
    assert data["tags"] == ["missiles", "north-korea", "icbm"]
    assert data["title"] == "Missile test" and data["reviewed_by"] == "Jane Analyst"


def test_a_comment_on_its_own_line_survives():
    front, _ = merged_front(changed(tags=["missiles", "icbm"]))
    assert front.startswith("# Checked against the KCNA statement, 2024-01-16.\nslug: missile-test\n")


def test_an_end_of_line_comment_survives_on_the_changed_key_and_elsewhere():
    front, data = merged_front(changed(title="Missile test over the East Sea"))
    assert data["title"] == "Missile test over the East Sea"
    assert '"Missile test over the East Sea"' in front and "# keep in sync with the headline" in front
    assert "    wordpress_id: 2001   # do not change\n" in front


def test_a_nested_change_keeps_the_comment_and_indentation_beside_it():
    front, data = merged_front(changed(source={**GENERATED["source"], "url": "https://news.example/?p=2001"}))
    assert data["source"]["url"] == "https://news.example/?p=2001"
    assert "source:\n    url: https://news.example/?p=2001\n    wordpress_id: 2001   # do not change\n" in front


def test_a_flow_list_stays_a_flow_list():
    front, _ = merged_front(changed(title="New title"))
    assert "tags: [missiles, north-korea]\n" in front
    front, _ = merged_front(changed(tags=["missiles", "north-korea", "icbm"]))
    assert "tags: [missiles, north-korea, icbm]\n" in front


def test_a_block_list_keeps_the_contributors_indentation():
    front, _ = merged_front(changed(title="New title"))
    assert "places:\n- Wonsan\n" in front
    front, data = merged_front(changed(places=["Wonsan", "Pyongyang"]))
    assert "places:\n- Wonsan\n- Pyongyang\n" in front and data["places"] == ["Wonsan", "Pyongyang"]


def test_single_and_double_quoting_survive():
    front, _ = merged_front(changed(tags=["icbm"]))
    assert "title: \"Missile test\"  # keep in sync" in front
    assert "date: '2024-01-15T10:00:00+09:00'\n" in front
    assert "summary: 'A short summary.'\n" in front
    front, data = merged_front(changed(summary="It's longer now."))
    assert "summary: 'It''s longer now.'\n" in front and data["summary"] == "It's longer now."


def test_the_contributors_key_order_and_added_key_survive():
    front, data = merged_front(changed(tags=["icbm"], title="New title"))
    keys = [line.split(":")[0] for line in front.splitlines() if line[:1].isalpha()]
    assert keys == ["slug", "title", "date", "tags", "summary", "reviewed_by", "source", "places"]
    assert data["reviewed_by"] == "Jane Analyst"


def test_only_the_changed_keys_lines_change():
    front, _ = merged_front(changed(tags=["missiles", "north-korea", "icbm"]))
    mine_front = split_front_matter(MINE)[0]
    assert front == mine_front.replace("tags: [missiles, north-korea]", "tags: [missiles, north-korea, icbm]")


def test_a_new_wordpress_field_goes_after_the_field_it_follows():
    front, data = merged_front(page({**GENERATED, "image": "https://news.example/a.jpg"}))
    assert data["image"] == "https://news.example/a.jpg"
    assert front.endswith("places:\n- Wonsan\nimage: https://news.example/a.jpg\n")


def test_a_field_wordpress_removed_is_removed_and_its_neighbours_comments_stay():
    mine = MINE.replace("summary: 'A short summary.'\n", "summary: 'A short summary.'\n# the reviewer:\n")
    front, data = merged_front(page({k: v for k, v in GENERATED.items() if k != "summary"}), mine)
    assert "summary" not in data
    assert "# the reviewer:\nreviewed_by: Jane Analyst\n" in front


def test_a_field_wordpress_removed_but_the_contributor_changed_is_a_conflict():
    mine = MINE.replace("summary: 'A short summary.'", "summary: 'A better summary.'")
    result = merge_page(BASE, mine, page({k: v for k, v in GENERATED.items() if k != "summary"}))
    assert result.text is None
    line = mine.splitlines().index("summary: 'A better summary.'") + 1
    assert [(c.line, c.what) for c in result.conflicts] == [(line, "front-matter `summary` changed here and in WordPress")]


def test_values_wordpress_sets_are_written_safely():
    for title in ["yes", "on", "0777", "1:20", "=", "null", "a: b # c", "- x", "[x]", "'quoted'", '"dq"',
                  "line\nbreak", "#hash", "~", "@at", "2024-01-15", " padded ", "tab\there", "ü 북한"]:
        for mine in (MINE, MINE.replace('title: "Missile test"', "title: Missile test")):
            front, data = merged_front(changed(title=title), mine)
            assert data["title"] == title, (title, front)
            assert "# keep in sync with the headline" in front


def test_the_merge_is_deterministic():
    new = changed(tags=["icbm", "missiles"], title="New title", places=["Wonsan", "Hamhung"])
    assert len({merge_page(BASE, MINE, new).text for _ in range(3)}) == 1


def test_a_merge_that_changes_no_field_leaves_the_front_matter_byte_identical():
    result = merge_page(BASE, MINE, page(GENERATED, BODY + "\nA new paragraph from WordPress.\n"))
    assert result.text == MINE + "\nA new paragraph from WordPress.\n"


def _writer(tmp_path, mine: str) -> PageWriter:
    docs = tmp_path / "docs"
    (docs / ".generated/articles").mkdir(parents=True)
    (docs / "articles").mkdir()
    (docs / ".generated/articles/p.md").write_text(BASE, "utf-8")
    (docs / "articles/p.md").write_text(mine, "utf-8")
    return PageWriter(docs)


def test_the_writer_merges_a_changed_field_into_the_hand_edited_page(tmp_path):
    writer = _writer(tmp_path, MINE)
    new = changed(title="New title")
    assert writer.write_page("articles/p.md", new).action == "merged"
    text = (writer.docs / "articles/p.md").read_text("utf-8")
    assert text == MINE.replace('title: "Missile test"  #', 'title: "New title"     #')
    assert (writer.docs / ".generated/articles/p.md").read_text("utf-8") == new


def test_the_writer_leaves_the_page_as_written_when_nothing_changed(tmp_path):
    writer = _writer(tmp_path, MINE)
    page_file = writer.docs / "articles/p.md"
    before = page_file.stat().st_mtime_ns
    assert writer.write_page("articles/p.md", BASE).action == "unchanged"
    assert page_file.read_bytes() == MINE.encode() and page_file.stat().st_mtime_ns == before


def test_the_writer_reports_a_conflict_and_leaves_the_page_as_written(tmp_path):
    mine = MINE.replace('title: "Missile test"', 'title: "Missile test (edited)"')
    writer = _writer(tmp_path, mine)
    outcome = writer.write_page("articles/p.md", changed(title="Missile test over the East Sea"))
    assert outcome.action == "conflict"
    line = mine.splitlines().index('title: "Missile test (edited)"  # keep in sync with the headline') + 1
    assert [c.line for c in outcome.conflicts] == [line]
    assert (writer.docs / "articles/p.md").read_text("utf-8") == mine
    assert (writer.docs / ".generated/articles/p.md").read_text("utf-8") == BASE


def test_front_matter_that_cannot_be_edited_in_place_still_merges_correctly():
    # a top-level flow mapping, and an alias that would carry WordPress's change elsewhere
    for mine in ("---\n{title: Missile test, tags: [missiles, north-korea], extra: 1}\n---\n" + BODY,
                 MINE.replace("tags: [missiles, north-korea]", "tags: &t [missiles, north-korea]")
                     .replace("reviewed_by: Jane Analyst", "reviewed_by: *t")):
        result = merge_page(BASE, mine, changed(tags=["icbm"]))
        expected = yaml.safe_load(split_front_matter(mine)[0])
        expected["tags"] = ["icbm"]
        assert yaml.safe_load(split_front_matter(result.text)[0]) == expected
