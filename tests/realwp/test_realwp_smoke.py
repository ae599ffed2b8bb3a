"""Smoke tests of the real-WordPress fixture (Debian's wordpress + MariaDB + php -S).

The Debian packages must be installed (`.ci/install-wordpress.sh`); when they are
missing these tests FAIL, unless SKIP_REAL_WORDPRESS=1 is set.
"""

from __future__ import annotations

import functools
import json
import operator
import urllib.error
import urllib.request
from typing import Any

import pytest

from tests.realwp.wordpress import LocalWordPress, require_real_wordpress

# Loopback must never go through an http_proxy from the environment.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def get(url: str) -> tuple[int, Any, Any]:
    """GET ``url`` with urllib; returns (status, headers, decoded JSON)."""
    req = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with _opener.open(req, timeout=30) as resp:
            return resp.status, resp.headers, json.loads(resp.read())
    except urllib.error.HTTPError as e:
        body = e.read()
        return e.code, e.headers, json.loads(body) if body else None


@pytest.fixture(scope="module")
def wp(tmp_path_factory):
    require_real_wordpress()
    with LocalWordPress(tmp_path_factory.mktemp("realwp")) as site:
        site.alice = site.create_user("alice", "Alice Example")
        site.post_ids = [
            site.create_post(
                "First post", "<p>One</p>", date="2024-01-01 10:00:00",
                categories=["News"], tags=["alpha"], author=site.alice,
            ),
            site.create_post(
                "Second post", "<p>Two</p>", date="2024-01-02 10:00:00",
                categories=["News", "Tech"], tags=["beta"], excerpt="Second excerpt",
            ),
            site.create_post(
                "Third post", "<p>Three</p>", date="2024-01-03 10:00:00", slug="third",
                categories=["Tech"], tags=["alpha", "gamma"],
            ),
        ]
        yield site


def test_start_is_clean_and_both_url_forms_work(wp):
    status, headers, posts = get(wp.base_url + "/wp-json/wp/v2/posts")
    assert status == 200
    assert {p["title"]["rendered"] for p in posts} == {"First post", "Second post", "Third post"}
    # Default content (Hello world, Sample Page, privacy draft) is gone.
    status, _, pages = get(wp.base_url + "/wp-json/wp/v2/pages")
    assert status == 200 and pages == []
    # Plain form, works without pretty permalinks too.
    status, headers, posts2 = get(wp.base_url + "/?rest_route=/wp/v2/posts&per_page=2")
    assert status == 200 and len(posts2) == 2
    assert headers["X-WP-Total"] == "3"
    # Pretty permalinks are on.
    third = next(p for p in posts if p["id"] == wp.post_ids[2])
    assert third["link"] == wp.base_url + "/2024/01/third/"
    status, _, info = get(wp.base_url + "/wp-json/")
    assert info["timezone_string"] == "UTC" and info["gmt_offset"] == 0


def test_pagination_headers_and_embed(wp):
    status, headers, posts = get(wp.base_url + "/wp-json/wp/v2/posts?per_page=2&_embed=1")
    assert status == 200
    assert len(posts) == 2
    assert headers["X-WP-Total"] == "3"
    assert headers["X-WP-TotalPages"] == "2"
    # Newest first.
    assert [p["id"] for p in posts] == [wp.post_ids[2], wp.post_ids[1]]
    for post in posts:
        emb = post["_embedded"]
        assert emb["author"][0]["name"]
        terms = {t["taxonomy"]: [] for group in emb["wp:term"] for t in group}
        for group in emb["wp:term"]:
            for term in group:
                terms[term["taxonomy"]].append(term["name"])
        assert set(terms) == {"category", "post_tag"}
    assert sorted(functools.reduce(operator.iadd, ([t["name"] for t in g] for g in posts[1]["_embedded"]["wp:term"]), [])) == [
        "News", "Tech", "beta"]

    status, headers, page2 = get(wp.base_url + "/wp-json/wp/v2/posts?per_page=2&page=2&_embed=1")
    assert status == 200 and [p["id"] for p in page2] == [wp.post_ids[0]]
    assert page2[0]["_embedded"]["author"][0]["name"] == "Alice Example"

    status, _, err = get(wp.base_url + "/wp-json/wp/v2/posts?per_page=2&page=3")
    assert status == 400 and err["code"] == "rest_post_invalid_page_number"


def test_modified_after_returns_only_updated_post(wp):
    target = wp.post_ids[1]
    wp.update_post(target, title="Second post (edited)", content="<p>Two, edited</p>")

    # '+' must be sent as %2B, else it decodes to a space and WordPress answers 400.
    status, _, posts = get(wp.base_url + "/wp-json/wp/v2/posts?modified_after=2024-06-01T00:00:00%2B00:00")
    assert status == 200
    assert [p["id"] for p in posts] == [target]
    assert posts[0]["title"]["rendered"] == "Second post (edited)"
    assert posts[0]["modified_gmt"] > "2024-06-01T00:00:00"
    assert posts[0]["date_gmt"] == "2024-01-02T10:00:00"

    status, _, err = get(wp.base_url + "/wp-json/wp/v2/posts?modified_after=2024-06-01T00:00:00+00:00")
    assert status == 400 and err["code"] == "rest_invalid_param"


def test_disable_and_lock_rest_api(wp):
    try:
        wp.disable_rest_api()
        for url in (wp.base_url + "/wp-json/wp/v2/posts", wp.base_url + "/?rest_route=/wp/v2/posts"):
            status, headers, body = get(url)
            assert status in (401, 403)
            assert headers["Content-Type"].startswith("application/json")
            assert body["code"] == "rest_disabled"

        wp.require_auth_for_rest()
        status, headers, body = get(wp.base_url + "/wp-json/wp/v2/posts")
        assert status == 401 and body["code"] == "rest_not_logged_in"
    finally:
        wp.enable_rest_api()
    status, headers, _posts = get(wp.base_url + "/wp-json/wp/v2/posts")
    assert status == 200 and headers["X-WP-Total"] == "3"


def test_php_helper_passes_data_safely(wp):
    nasty = "'; echo 'injected'; exit; //\"$x{$y}\\"
    assert wp.php("return ['echo' => $data['s'], 'home' => get_option('home')];", {"s": nasty}) == {
        "echo": nasty, "home": wp.base_url}
    post_id = wp.create_post(nasty, "<p>body</p>", status="draft")
    try:
        assert wp.php("return get_post($data)->post_title;", post_id) == nasty
    finally:
        wp.php("wp_delete_post($data, true); return null;", post_id)


def test_sequential_cycles_on_second_host(tmp_path):
    """Start/stop twice in one process, on 127.0.0.2 while the module's site runs on 127.0.0.1."""
    require_real_wordpress()
    site = LocalWordPress(tmp_path / "cycles", host="127.0.0.2")
    for _ in range(2):
        with site:
            assert site.config_file.exists()
            status, headers, posts = get(site.base_url + "/wp-json/wp/v2/posts")
            assert status == 200 and posts == []
            site.create_post("Only", "<p>x</p>")
            status, headers, posts = get(site.base_url + "/wp-json/wp/v2/posts")
            assert headers["X-WP-Total"] == "1"
            url = site.base_url
        assert not site.config_file.exists()
        with pytest.raises(urllib.error.URLError):
            _opener.open(url + "/wp-json/", timeout=5)
