"""Pages of posts that WordPress no longer publishes, or publishes under a new path, do not
linger in the knowledge base; pages edited by hand, and posts the input does not mention, stay."""
from .conftest import call_cli, rest_post, write_json

BODY = {"rendered": "<p>Kim Jong Un met Vladimir Putin at the Vostochny Cosmodrome in September.</p>"}


def _write(folder, post_id, **fields):
    post = rest_post(post_id, content=BODY, **fields)
    return write_json(folder / f"{post_id}.json", post)


def _import(tmp_path, *sources):
    result = call_cli("import", *map(str, sources), "--docs", str(tmp_path / "docs"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return result


def test_a_post_unpublished_in_wordpress_loses_its_page_and_redirect(tmp_path):
    source = tmp_path / "in"
    _write(source, 11), _write(source, 12), _write(source, 13)  # a discovery needs two articles to have a page
    _import(tmp_path, source)
    docs = tmp_path / "docs"
    assert (docs / "articles/2024/01/post-11.md").exists() and (docs / "2024/01/post-11/index.html").exists()
    _write(source, 11, status="draft")
    result = _import(tmp_path, source)
    assert not (docs / "articles/2024/01/post-11.md").exists()
    assert not (docs / ".generated/articles/2024/01/post-11.md").exists()
    assert not (docs / "2024/01/post-11").exists()
    assert (docs / "articles/2024/01/post-12.md").exists()
    assert "1 page retired" in result.stdout
    people = (docs / "people/kim-jong-un.md").read_text()
    assert "post-12" in people and "post-11" not in people
    assert "Nothing to write" in _import(tmp_path, source).stdout


def test_a_post_given_a_new_slug_moves_and_its_old_addresses_redirect(tmp_path):
    source = tmp_path / "in"
    _write(source, 21)
    _import(tmp_path, source)
    _write(source, 21, slug="renamed", link="https://news.example/2024/01/renamed/")
    _import(tmp_path, source)
    docs = tmp_path / "docs"
    assert sorted(p.name for p in (docs / "articles/2024/01").glob("*.md")) == ["renamed.md"]
    assert (docs / "2024/01/renamed/index.html").exists()
    # Links to the knowledge base's old page, and to the old WordPress address, lead to the new page.
    old_page = (docs / "articles/2024/01/post-21/index.html").read_text()
    assert 'http-equiv=refresh content="0; url=../renamed/"' in old_page
    old_wordpress = (docs / "2024/01/post-21/index.html").read_text()
    assert 'content="0; url=../../../articles/2024/01/renamed/"' in old_wordpress
    assert "Nothing to write" in _import(tmp_path, source).stdout
    # A new post that takes the old address gets it: the redirect steps aside.
    _write(source, 22, slug="post-21", link="https://news.example/2024/01/post-21/")
    _import(tmp_path, source)
    assert (docs / "articles/2024/01/post-21.md").exists()
    assert not (docs / "articles/2024/01/post-21/index.html").exists()


def test_a_hand_edited_page_of_an_unpublished_post_stays_with_a_note(tmp_path):
    source = tmp_path / "in"
    _write(source, 31)
    _import(tmp_path, source)
    page = tmp_path / "docs/articles/2024/01/post-31.md"
    edited = page.read_text() + "\nA note written by hand.\n"
    page.write_text(edited)
    _write(source, 31, status="private")
    result = _import(tmp_path, source)
    assert page.read_text() == edited
    assert f"note: {page}: its post is no longer published (status: private)" in result.stderr


def test_importing_one_file_leaves_the_pages_of_other_posts_alone(tmp_path):
    _import(tmp_path, _write(tmp_path / "a", 41), _write(tmp_path / "a", 42))
    _import(tmp_path, tmp_path / "a" / "42.json")
    assert (tmp_path / "docs/articles/2024/01/post-41.md").exists()
    _import(tmp_path, _write(tmp_path / "b", 41, status="trash"))
    assert not (tmp_path / "docs/articles/2024/01/post-41.md").exists()
    assert (tmp_path / "docs/articles/2024/01/post-42.md").exists()


def test_a_category_left_without_articles_goes_unless_someone_wrote_on_its_page(tmp_path):
    source = tmp_path / "in"
    _write(source, 51, categories=[7]), _write(source, 52, categories=[8])
    write_json(source / "categories.json", [{"id": 7, "name": "Sanctions", "taxonomy": "category"},
                                            {"id": 8, "name": "Missiles", "taxonomy": "category"}])
    _import(tmp_path, source)
    categories = tmp_path / "docs/categories"
    assert {"sanctions.md", "missiles.md"} <= {p.name for p in categories.iterdir()}
    missiles = categories / "missiles.md"
    missiles.write_text(missiles.read_text() + "\nOur missile coverage is edited by Jane.\n")
    _write(source, 51, status="draft", categories=[7]), _write(source, 52, status="draft", categories=[8])
    _import(tmp_path, source)
    assert not (categories / "sanctions.md").exists()
    kept = missiles.read_text()
    assert "edited by Jane" in kept and "post-52" not in kept and "No article here any more." in kept


def test_an_article_page_deleted_by_hand_stays_deleted_until_its_record_goes_too(tmp_path):
    source = tmp_path / "in"
    _write(source, 61), _write(source, 62)
    _import(tmp_path, source)
    docs = tmp_path / "docs"
    page = docs / "articles/2024/01/post-61.md"
    page.unlink()  # a contributor takes the article off the site
    result = _import(tmp_path, source)
    assert not page.exists() and not (docs / "2024/01/post-61").exists()
    assert f"note: {page}: deleted by hand" in result.stderr
    published = [p for p in docs.rglob("*.md") if ".generated" not in p.parts]
    assert len(published) > 5 and [p for p in published if "post-61" in p.read_text()] == []  # no link to it
    (docs / ".generated/articles/2024/01/post-61.md").unlink()  # ... and brings it back
    _import(tmp_path, source)
    assert page.exists() and (docs / "2024/01/post-61/index.html").exists()
