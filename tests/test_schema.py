"""One front-matter schema (generator/core/schema.py) for writing, checking and merging."""
import pytest

from generator.check.schema import ARTICLE_VALUES, ENTITY_VALUES
from generator.core import schema
from generator.core.schema import ENTITY_NAMES, names_block, names_in, ordered

from .conftest import read_page


def test_check_has_a_validator_for_every_key_of_the_schema_and_no_other():
    assert set(ARTICLE_VALUES) == {key.name for key in schema.ARTICLE}
    assert set(ENTITY_VALUES) == {key.name for key in schema.ENTITY}


def test_the_importer_writes_only_schema_keys_in_the_schema_order(sample_pages):
    order = [key.name for key in schema.ARTICLE]
    for page in sample_pages:
        meta, _ = read_page(page)
        keys = list(meta)
        assert set(keys) <= {key.name for key in schema.ARTICLE if key.written}, page
        assert keys == sorted(keys, key=order.index), page
        required = {key.name for key in schema.ARTICLE if key.required}
        assert required <= set(keys), page


def test_a_key_the_schema_does_not_hold_is_refused_when_writing():
    with pytest.raises(KeyError, match="colour"):
        ordered({"title": "A", "colour": "red"}, schema.ARTICLE)


def test_entity_lists_are_read_where_they_are_written():
    block = names_block(lambda kind: [f"a {kind}"])
    assert block["actors"]["people"] == ["a person"] and block["places"] == ["a place"]
    for kind in ENTITY_NAMES:
        assert names_in(block, kind) == [f"a {kind}"]
    assert names_in({"actors": "not a mapping"}, "person") == []


@pytest.fixture
def sample_pages():
    from .conftest import REPO

    pages = sorted((REPO / "docs" / "articles").rglob("*.md"))
    assert pages, "the sample docs/ holds articles"
    return pages
