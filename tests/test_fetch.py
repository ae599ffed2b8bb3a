"""`python -m generator fetch`: a real WordPress (Debian's package, PHP, MariaDB) on loopback.

The site is seeded once for the module; the tests run in file order: a first full fetch,
a re-run that finds nothing new, an edit picked up incrementally, an interrupted run that
resumes, a locked REST API, plain permalinks. Retries and odd servers are tested against a
tiny scripted HTTP server, in-process, with the waits recorded instead of slept.
"""
from __future__ import annotations

import hashlib
import json
import re
import threading
import urllib.request
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests

from generator.fetch import (
    RUNS_DIR,
    STATE_FILE,
    Client,
    FetchOptions,
    Unreachable,
    fetch_site,
    site_key,
)
from tests.realwp.wordpress import LocalWordPress, free_port, require_real_wordpress

from .conftest import call_cli, read_page

ENDPOINTS = ("posts", "pages", "media", "users", "categories", "tags")
RUN_ID = re.compile(r"^\d{8}T\d{6}Z$")
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never via a proxy


def fetch(wp_url: str, out: Path, *extra: str):
    return call_cli("fetch", wp_url, "--out", str(out), "--delay", "0", *extra)


def data_files(folder: Path) -> dict[str, bytes]:
    """What the importer would read: every file not under a dot-folder and not a dotfile."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)}


def pages_of(folder: Path, endpoint: str) -> list[Path]:
    return sorted((folder / endpoint).glob("*.json"))


def state_of(folder: Path) -> dict:
    return json.loads((folder / STATE_FILE).read_text("utf-8"))


def run_log(folder: Path, run: str) -> list[dict]:
    return [json.loads(line) for line in (folder / RUNS_DIR / f"{run}.jsonl").read_text("utf-8").splitlines()]


@pytest.fixture(scope="module")
def wp(tmp_path_factory):
    require_real_wordpress()
    # Its own loopback address: other suites run their WordPress on 127.0.0.1 at the same time.
    with LocalWordPress(tmp_path_factory.mktemp("fetch-wp"), host="127.0.0.46") as site:
        alice = site.create_user("alice", "Alice Example")
        bob = site.create_user("bob", "Bob Writer")
        site.post_ids = site.create_posts([
            {"title": f"Dispatch {n}", "content": f"<p>Dispatch number {n} from the wire.</p>",
             "date": f"2024-01-0{n} 10:00:00", "categories": ["News" if n % 2 else "Analysis"],
             "tags": ["weekly"], "author": alice if n % 2 else bob}
            for n in range(1, 8)
        ])
        site.create_post("About", "<p>Who we are.</p>", post_type="page", date="2024-01-01 09:00:00")
        site.media_id = site.php(
            "$id = wp_insert_attachment(['post_title' => 'Harbour at dawn', 'post_mime_type' => 'image/jpeg',"
            " 'post_status' => 'inherit', 'guid' => home_url('/wp-content/uploads/harbour.jpg')],"
            " 'harbour.jpg', $data); set_post_thumbnail($data, $id); return $id;", site.post_ids[0])
        yield site


@pytest.fixture(scope="module")
def first(wp, tmp_path_factory):
    """The first fetch of the site, 3 items per page, as the CLI does it."""
    out = tmp_path_factory.mktemp("fetched")
    result = fetch(wp.base_url, out, "--per-page", "3")
    folder = out / site_key(wp.base_url)
    return SimpleNamespace(out=out, folder=folder, result=result, run=state_of(folder)["last_run"]["run"])


def test_first_fetch_stores_every_endpoint_one_file_per_page(wp, first):
    assert first.result.returncode == 0, first.result.stderr
    assert RUN_ID.match(first.run)
    for endpoint in ENDPOINTS:
        names = [p.name for p in pages_of(first.folder, endpoint)]
        expected = 3 if endpoint == "posts" else 1
        assert names == [f"{first.run}-page-{n:04d}.json" for n in range(1, expected + 1)], endpoint
    # 7 posts, 3 a page, in id order: 3 + 3 + 1.
    posts = [json.loads(p.read_bytes()) for p in pages_of(first.folder, "posts")]
    assert [[post["id"] for post in page] for page in posts] == [wp.post_ids[:3], wp.post_ids[3:6], wp.post_ids[6:]]
    assert all("_embedded" in post for page in posts for post in page)
    media = json.loads(pages_of(first.folder, "media")[0].read_bytes())
    assert [m["id"] for m in media] == [wp.media_id] and media[0]["media_type"] == "image"
    names = {u["name"] for u in json.loads(pages_of(first.folder, "users")[0].read_bytes())}
    assert {"Alice Example", "Bob Writer"} <= names
    assert "posts: 7 items in 3 pages; 3 new files" in first.result.stdout
    # The lists of what the site still publishes: ids only, paged like the rest (3 + 3 + 1, then 1).
    ids = [json.loads(p.read_bytes()) for p in pages_of(first.folder, "post-ids")]
    assert ids == [[{"id": i} for i in wp.post_ids[n:n + 3]] for n in (0, 3, 6)]
    assert len(json.loads(pages_of(first.folder, "page-ids")[0].read_bytes())) == 1
    assert f"Fetched 12 new files into {first.out}" in first.result.stdout
    state = state_of(first.folder)
    assert "in_progress" not in state
    assert state["endpoints"]["posts"]["high_water_mark"] == "2024-01-07T10:00:00"
    assert state["endpoints"]["posts"]["per_page"] == 3 and state["site"] == wp.base_url


def test_stored_files_are_byte_identical_to_what_the_server_sends(wp, first):
    log = run_log(first.folder, first.run)
    assert sorted(entry["file"] for entry in log) == sorted(data_files(first.folder))
    for entry in log:
        stored = (first.folder / entry["file"]).read_bytes()
        assert hashlib.sha256(stored).hexdigest() == entry["sha256"]
        with _opener.open(entry["url"], timeout=30) as response:
            assert response.read() == stored, entry["url"]
        assert "orderby=id" in entry["url"] and "per_page=3" in entry["url"]
    assert any("_embed=1" in e["url"] and "page=3" in e["url"] for e in log if e["endpoint"] == "posts")


def test_importer_turns_fetched_files_into_pages(first, tmp_path):
    docs = tmp_path / "docs"
    result = call_cli("import", str(first.folder), "--docs", str(docs), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "8 imported" in result.stdout and "0 rejected" in result.stdout
    articles = sorted((docs / "articles").rglob("*.md"))
    assert len(articles) == 7
    meta, body = read_page(docs / "articles/2024/01/dispatch-1.md")
    assert meta["authors"] == ["Alice Example"] and meta["categories"] == ["News"] and meta["tags"] == ["weekly"]
    assert meta["image"].endswith("/wp-content/uploads/harbour.jpg")
    assert "Dispatch number 1 from the wire." in body
    assert read_page(docs / "articles/2024/01/dispatch-2.md")[0]["authors"] == ["Bob Writer"]
    assert (docs / "pages/about.md").exists()


def test_second_fetch_without_changes_writes_nothing_and_says_so(wp, first):
    before = data_files(first.folder)
    again = fetch(wp.base_url, first.out, "--per-page", "3")
    assert again.returncode == 0, again.stderr
    assert data_files(first.folder) == before
    assert "posts: nothing new since 2024-01-07 10:00:00 UTC" in again.stdout
    assert "users: 3 items in 1 page; nothing new" in again.stdout
    assert f"Nothing new: {first.out}" in again.stdout


def test_edited_post_is_fetched_incrementally_and_imported(wp, first, tmp_path):
    edited = wp.post_ids[2]
    wp.update_post(edited, title="Dispatch 3, corrected", content="<p>Corrected after the first fetch.</p>")
    before = data_files(first.folder)
    result = fetch(wp.base_url, first.out, "--per-page", "3")
    assert result.returncode == 0, result.stderr
    new = sorted(set(data_files(first.folder)) - set(before))
    run = state_of(first.folder)["last_run"]["run"]
    assert new == [f"posts/{run}-page-0001.json"]  # users, terms, media unchanged: not stored again
    posts = json.loads((first.folder / new[0]).read_bytes())
    assert [(p["id"], p["title"]["rendered"]) for p in posts] == [(edited, "Dispatch 3, corrected")]
    assert "modified_after=2024-01-07T10%3A00%3A00%2B00%3A00" in run_log(first.folder, run)[0]["url"]
    assert "posts: 1 new or changed since 2024-01-07 10:00:00 UTC; 1 new file" in result.stdout

    docs = tmp_path / "docs"
    imported = call_cli("import", str(first.folder), "--docs", str(docs), cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert len(list((docs / "articles").rglob("*.md"))) == 7  # the two copies of the post are one page
    meta, body = read_page(docs / "articles/2024/01/dispatch-3.md")
    assert meta["title"] == "Dispatch 3, corrected" and "Corrected after the first fetch." in body

    # The edited post is still within the safety margin: asked for again, recognised, not stored.
    after = data_files(first.folder)
    again = fetch(wp.base_url, first.out, "--per-page", "3")
    assert again.returncode == 0 and "Nothing new" in again.stdout, again.stdout
    assert data_files(first.folder) == after


def test_a_post_deleted_on_the_site_leaves_the_knowledge_base_at_the_next_fetch(wp, tmp_path):
    extra = wp.create_post("Dispatch to retract", "<p>Kim Jong Un visited Wonsan.</p>", date="2024-01-09 10:00:00")
    out, docs = tmp_path / "out", tmp_path / "docs"
    folder = out / site_key(wp.base_url)
    page = docs / "articles/2024/01/dispatch-to-retract.md"
    try:
        assert fetch(wp.base_url, out).returncode == 0
        assert call_cli("import", str(folder), "--docs", str(docs), cwd=tmp_path).returncode == 0
        assert page.exists()
        wp.php("return (bool) wp_trash_post($data);", extra)
        again = fetch(wp.base_url, out)
        assert again.returncode == 0, again.stderr
        assert "post-ids: 7 items in 1 page; 1 new file" in again.stdout
        imported = call_cli("import", str(folder), "--docs", str(docs), cwd=tmp_path)
    finally:
        wp.php("return (bool) wp_delete_post($data, true);", extra)
    assert imported.returncode == 0, imported.stderr
    assert not page.exists() and "1 page retired" in imported.stdout
    assert (docs / "articles/2024/01/dispatch-1.md").exists()
    published = [p for p in docs.rglob("*.md") if ".generated" not in p.parts]
    assert [p for p in published if "dispatch-to-retract" in p.read_text()] == []  # no link left
    # What was fetched stays as it came: the post's first copy is still on disk.
    assert any(b"Dispatch to retract" in p.read_bytes() for p in pages_of(folder, "posts"))


def test_a_back_dated_post_that_incremental_runs_cannot_see_is_fetched_through_the_id_list(wp, tmp_path):
    out, docs = tmp_path / "out", tmp_path / "docs"
    folder = out / site_key(wp.base_url)
    assert fetch(wp.base_url, out, "--per-page", "3").returncode == 0
    # Imported into WordPress with its old dates: `modified` is older than what the last run saw.
    late = wp.create_post("Dispatch from the archive", "<p>Filed long ago.</p>", date="2023-06-01 10:00:00")
    try:
        again = fetch(wp.base_url, out, "--per-page", "3")
        settled = fetch(wp.base_url, out, "--per-page", "3")
    finally:
        wp.php("return (bool) wp_delete_post($data, true);", late)
    assert again.returncode == 0, again.stderr
    assert "posts: nothing new since" in again.stdout  # modified_after cannot see it...
    assert "post-ids: 8 items in 3 pages; 1 new file; 1 post that earlier runs missed, fetched" in again.stdout
    missed = [p for p in pages_of(folder, "posts") if "-missed-" in p.name]
    served = json.loads(missed[0].read_bytes())
    assert len(missed) == 1 and [p["id"] for p in served] == [late] and "_embedded" in served[0]
    assert "missed" not in settled.stdout and "Nothing new" in settled.stdout  # asked once, kept
    assert call_cli("import", str(folder), "--docs", str(docs), cwd=tmp_path).returncode == 0
    assert (docs / "articles/2023/06/dispatch-from-the-archive.md").exists()


class _FailAfter(requests.adapters.HTTPAdapter):
    """A transport that works for `count` requests, then fails every one (the network is gone)."""

    def __init__(self, count: int, error: type[BaseException]):
        super().__init__()
        self.left, self.error = count, error

    def send(self, request, **kwargs):
        if self.left <= 0:
            raise self.error("simulated: the network went away")
        self.left -= 1
        return super().send(request, **kwargs)


@pytest.mark.parametrize("error, code", [(requests.ConnectionError, 1), (KeyboardInterrupt, 130)])
def test_interrupted_run_resumes_at_the_next_page(wp, tmp_path, error, code):
    out = tmp_path / "resumed"
    session = requests.Session()
    session.mount("http://", _FailAfter(2, error))  # the API index, then posts page 1
    lines = []
    result = fetch_site(wp.base_url, FetchOptions(out=out, per_page=3, delay=0, backoff=0), session=session,
                        info=lines.append, warn=lines.append)
    assert result.exit_code == code
    folder = out / site_key(wp.base_url)
    assert [p.name for p in pages_of(folder, "posts")] == [f"{result.run}-page-0001.json"]
    progress = state_of(folder)["in_progress"]
    assert progress["run"] == result.run and progress["endpoints"]["posts"]["next_page"] == 2
    assert any("Run the same command again to resume (posts at page 2)" in line for line in lines)

    resumed = fetch(wp.base_url, out, "--per-page", "3")
    assert resumed.returncode == 0, resumed.stderr
    assert f"posts: resumed run {result.run} at page 2" in resumed.stdout
    assert [p.name for p in pages_of(folder, "posts")] == [f"{result.run}-page-{n:04d}.json" for n in (1, 2, 3)]
    assert "in_progress" not in state_of(folder)

    clean = tmp_path / "clean"
    assert fetch(wp.base_url, clean, "--per-page", "3").returncode == 0
    clean_folder = clean / site_key(wp.base_url)
    for endpoint in ENDPOINTS:
        assert [p.read_bytes() for p in pages_of(folder, endpoint)] == [
            p.read_bytes() for p in pages_of(clean_folder, endpoint)], endpoint


@pytest.mark.parametrize("lock, words", [
    ("disable_rest_api", "the site's REST API is disabled (rest_disabled"),
    ("require_auth_for_rest", "the site's REST API needs authentication (rest_not_logged_in"),
])
def test_disabled_or_locked_rest_api_exits_3_with_one_line(wp, tmp_path, lock, words):
    getattr(wp, lock)()
    try:
        result = fetch(wp.base_url, tmp_path / "out")
    finally:
        wp.enable_rest_api()
    assert result.returncode == 3
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    assert words in result.stderr and "Tools > Export" in result.stderr
    assert result.stdout == "" and not (tmp_path / "out").exists()


_USERS_HIDDEN = """<?php
add_filter('rest_pre_dispatch', function ($result, $server, $request) {
    if ($request->get_route() === '/wp/v2/users') {  // the list only, as security plugins do
        return rest_convert_error_to_response(
            new WP_Error('rest_user_cannot_view', 'Sorry, you are not allowed to list users.', ['status' => 401]));
    }
    return $result;
}, 10, 3);
"""


def test_hidden_users_endpoint_fails_alone_and_can_be_skipped(wp, tmp_path):
    plugin = wp.mu_plugins_dir / "test-fetch-hide-users.php"
    plugin.write_text(_USERS_HIDDEN)
    try:
        partial = fetch(wp.base_url, tmp_path / "out")
        skipped = fetch(wp.base_url, tmp_path / "skipped", "--skip", "users")
    finally:
        plugin.unlink()
    assert partial.returncode == 1
    assert "error: users: HTTP 401 (rest_user_cannot_view" in partial.stderr and "--skip users" in partial.stderr
    assert "posts: 7 items in 1 page; 1 new file" in partial.stdout
    assert skipped.returncode == 0, skipped.stderr
    assert not (tmp_path / "skipped" / site_key(wp.base_url) / "users").exists()


def test_plain_permalinks_fall_back_to_rest_route(wp, tmp_path):
    wp.php("global $wp_rewrite; $wp_rewrite->set_permalink_structure(''); flush_rewrite_rules(false); return 1;")
    try:
        _status, _headers, body = wp.request("GET", "/wp-json/")
        assert b"namespaces" not in body  # /wp-json/ no longer reaches the API
        result = fetch(wp.base_url, tmp_path / "out")
    finally:
        wp.php("global $wp_rewrite; $wp_rewrite->set_permalink_structure($data); flush_rewrite_rules(false);"
               " return 1;", "/%year%/%monthnum%/%postname%/")
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "out" / site_key(wp.base_url)
    state = state_of(folder)
    assert state["api"] == wp.base_url + "/"
    assert "rest_route=%2Fwp%2Fv2%2Fposts" in run_log(folder, state["last_run"]["run"])[0]["url"]
    assert len(json.loads(pages_of(folder, "posts")[0].read_bytes())) == 7


# ----------------------------------------------------------------- a scripted server


class ScriptedSite:
    """A tiny REST API on loopback. `script[route]` is a list of (status, headers, body); each
    request takes the next one and the last one repeats. Unscripted routes answer `[]`. The id
    lists are the route plus " ids" ("/wp/v2/posts ids")."""

    INDEX = (200, {"Content-Type": "application/json"}, b'{"name":"Scripted","namespaces":["wp/v2"]}')
    EMPTY = (200, {"Content-Type": "application/json", "X-WP-Total": "0", "X-WP-TotalPages": "0"}, b"[]")

    def __init__(self, script: dict | None = None, everything=None):
        self.script = {"/": [self.INDEX], **(script or {})}
        self.everything = everything
        self.hits: Counter = Counter()
        self.agents: set[str] = set()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                path = self.path.split("?", 1)[0]
                route = path.removeprefix("/wp-json").rstrip("/") or "/"
                if "_fields=id" in self.path:
                    route += " ids"  # the lists of ids: scripted apart from the posts themselves
                site.hits[route] += 1
                site.agents.add(self.headers.get("User-Agent", ""))
                if site.everything:
                    status, headers, body = site.everything
                else:
                    steps = site.script.get(route, [site.EMPTY])
                    status, headers, body = steps[min(site.hits[route], len(steps)) - 1]
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


POSTS_BODY = b'[{"id":1,"date":"2024-01-01T10:00:00","date_gmt":"2024-01-01T10:00:00","modified":"2024-01-01T10:00:00",' \
             b'"modified_gmt":"2024-01-01T10:00:00","slug":"one","status":"publish","type":"post",' \
             b'"title":{"rendered":"One"},"content":{"rendered":"<p>One<\\/p>"}}]'
POSTS_OK = (200, {"Content-Type": "application/json", "X-WP-Total": "1", "X-WP-TotalPages": "1"}, POSTS_BODY)


def _quick(out: Path, **extra) -> FetchOptions:
    return FetchOptions(out=out, delay=0, backoff=0, **extra)


def test_retries_503_and_429_honouring_retry_after(tmp_path):
    waits, lines = [], []
    script = {"/wp/v2/posts": [(503, {"Retry-After": "0"}, b"busy"), (429, {"Retry-After": "7"}, b"slow down"),
                               (503, {}, b"<html>busy</html>"), POSTS_OK]}
    with ScriptedSite(script) as site:
        result = fetch_site(site.url, _quick(tmp_path), sleep=waits.append, info=lines.append, warn=lines.append)
    assert result.exit_code == 0, lines
    assert site.hits["/wp/v2/posts"] == 4
    assert waits == [0.0, 7.0, 0.0]  # Retry-After as sent; backoff (0 here) without it
    assert [line.split(";")[0] for line in lines if line.startswith("retry:")] == [
        "retry: /wp-json/wp/v2/posts: HTTP 503", "retry: /wp-json/wp/v2/posts: HTTP 429",
        "retry: /wp-json/wp/v2/posts: HTTP 503"]
    assert [p.read_bytes() for p in pages_of(tmp_path / site_key(site.url), "posts")] == [POSTS_BODY]
    assert all(agent.startswith("wp-knowledge-base/") for agent in site.agents)


def test_gives_up_after_five_attempts_then_resumes(tmp_path):
    lines = []
    with ScriptedSite({"/wp/v2/posts": [(503, {}, b"down")]}) as site:
        result = fetch_site(site.url, _quick(tmp_path), sleep=lambda s: None, info=lines.append, warn=lines.append)
        assert result.exit_code == 1 and site.hits["/wp/v2/posts"] == 5
        assert site.hits["/wp/v2/users"] == 0  # a failing site is not hammered further
        assert any("site kept failing (HTTP 503" in line and "resume (posts at page 1)" in line for line in lines)
        site.script["/wp/v2/posts"] = [POSTS_OK]
        site.hits.clear()
        again = fetch_site(site.url, _quick(tmp_path), sleep=lambda s: None, info=lines.append, warn=lines.append)
    assert again.exit_code == 0 and again.run == result.run
    assert [p.name for p in pages_of(tmp_path / site_key(site.url), "posts")] == [f"{result.run}-page-0001.json"]


def test_connection_errors_are_retried_then_reported(tmp_path):
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    waits = []
    client = Client(_quick(tmp_path, attempts=3), sleep=waits.append, loopback=True)
    with pytest.raises(Unreachable, match="Connection refused"):
        client.get(url + "/wp-json/")
    assert client.requests == 3 and len(waits) == 2
    lines = []
    result = fetch_site(url, _quick(tmp_path, attempts=2), sleep=lambda s: None, info=lines.append, warn=lines.append)
    assert result.exit_code == 3
    assert lines[-1] == f"error: cannot reach {url}: Connection refused"


@pytest.mark.parametrize("answer, words", [
    ((200, {"Content-Type": "text/html"}, b"<!DOCTYPE html><html><body>Welcome</body></html>"),
     "answered with an HTML page instead of JSON"),
    ((404, {"Content-Type": "text/html"}, b"<html>Not found</html>"), "no WordPress REST API found (HTTP 404"),
    ((403, {"Content-Type": "text/html"}, b"<html>Access denied</html>"),
     "the site refuses REST API requests (HTTP 403) (an HTML page: a firewall"),
])
def test_sites_without_a_usable_api_exit_3(tmp_path, answer, words):
    lines = []
    with ScriptedSite(everything=answer) as site:
        result = fetch_site(site.url, _quick(tmp_path), info=lines.append, warn=lines.append)
    assert result.exit_code == 3
    assert len(lines) == 1 and words in lines[0], lines
    assert not any(tmp_path.iterdir())


def test_redirect_to_the_login_page_means_authentication_needed(tmp_path):
    lines = []
    script = {"/": [(302, {"Location": "/wp-login.php?redirect_to=%2Fwp-json%2F"}, b"")],
              "/wp-login.php": [(200, {"Content-Type": "text/html"}, b"<!DOCTYPE html><html>Log in</html>")]}
    with ScriptedSite(script) as site:
        result = fetch_site(site.url, _quick(tmp_path), info=lines.append, warn=lines.append)
    assert result.exit_code == 3 and len(lines) == 1
    assert "needs authentication (it redirects to the login page)" in lines[0]


def test_full_stores_everything_again_and_a_second_fetch_waits_for_the_lock(tmp_path):
    from generator.fetch import Store

    quiet = {"info": lambda line: None, "warn": lambda line: None}
    with ScriptedSite({"/wp/v2/posts": [POSTS_OK]}) as site:
        folder = tmp_path / site_key(site.url)
        runs = [fetch_site(site.url, _quick(tmp_path), **quiet), fetch_site(site.url, _quick(tmp_path), **quiet),
                fetch_site(site.url, _quick(tmp_path, full=True), **quiet)]
        assert [r.exit_code for r in runs] == [0, 0, 0]
        assert [len(r.new_files) for r in runs] == [1, 0, 1]
        assert [p.name for p in pages_of(folder, "posts")] == [f"{runs[0].run}-page-0001.json",
                                                               f"{runs[2].run}-page-0001.json"]
        assert runs[0].run < runs[1].run < runs[2].run  # unique and in order, even within one second
        lines = []
        with Store(folder).lock():
            locked = fetch_site(site.url, _quick(tmp_path), info=lines.append, warn=lines.append)
    assert locked.exit_code == 1 and "another fetch is writing to" in lines[-1]


def test_help_and_usage_errors():
    from click.testing import CliRunner

    from generator.cli import main

    runner = CliRunner()
    help_text = runner.invoke(main, ["fetch", "--help"])
    assert help_text.exit_code == 0
    for words in ("Exit status", "Examples:", "--per-page", "--delay", "--full", "needs authentication"):
        assert words in help_text.output
    assert runner.invoke(main, ["fetch", "https://news.example", "--per-page", "101"]).exit_code == 2
    bad = runner.invoke(main, ["fetch", "ftp://news.example"])
    assert bad.exit_code == 2 and "use http:// or https://" in bad.output
