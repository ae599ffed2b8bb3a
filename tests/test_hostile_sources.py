"""Hostile and broken input: one bad file or post never stops the rest, never a traceback or a hang.

The reader is called in-process (generator.sources.read_sources on files in tmp_path); the CLI
only for what only it shows: one `error:` line per bad input and the exit status.
"""
from __future__ import annotations

import errno
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import sources
from generator.extract.dates import find_dates
from generator.sources import read_sources
from generator.sources.salvage import SalvageError, decode_bytes, salvage
from generator.sources.wxr import read_wxr

from .conftest import REPO, pages_under, rest_post, write_json


class Hang(Exception):
    """Not an OSError, which the reader would take for an unreadable file and go on."""


@contextmanager
def no_hang(seconds: int = 30):
    """Fail (rather than hang the suite) when the body blocks, as open() on a FIFO does."""
    def stop(signum, frame):
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _ids(batch) -> list:
    return [raw.data.get("id") for raw in batch.posts]


def _reasons(batch) -> dict[str, str]:
    return {Path(r.origin).name: r.reason for r in batch.rejected}


# 1. UTF-16 and UTF-32 with a byte-order mark.

@pytest.mark.parametrize("encoding, name", [
    ("utf-16-le", "UTF-16 (little-endian)"), ("utf-16-be", "UTF-16 (big-endian)"),
    ("utf-32-le", "UTF-32 (little-endian)"), ("utf-32-be", "UTF-32 (big-endian)"),
])
def test_utf16_and_utf32_json_with_a_byte_order_mark_is_decoded(tmp_path, encoding, name):
    text = "\ufeff" + json.dumps([rest_post(1, title={"rendered": "Café 한국"}), rest_post(2)], ensure_ascii=False)
    source = tmp_path / "wide.json"
    source.write_bytes(text.encode(encoding))
    batch = read_sources([source])
    assert not batch.rejected
    assert _ids(batch) == [1, 2]
    assert batch.posts[0].data["title"]["rendered"] == "Café 한국"
    assert any(name in note for note in batch.posts[0].notes)


def test_utf16_wxr_whose_declaration_says_utf16_is_read(tmp_path):
    source = tmp_path / "export.xml"
    source.write_bytes(("\ufeff" + _wxr(_item(1, "Café"), declaration='<?xml version="1.0" encoding="UTF-16"?>\n'))
                       .encode("utf-16-le"))
    batch = read_sources([source])
    assert not batch.rejected
    assert [raw.data["content"]["rendered"] for raw in batch.posts] == ["<p>Café</p>"]


# 2. Numbers no WordPress id can be.

def _with_id(digits: str, *, cut: bool = False, raw_newline: bool = False) -> bytes:
    second = rest_post(2, content={"rendered": "<p>Second line\nthird</p>" if raw_newline else "<p>Second</p>"})
    text = json.dumps([rest_post(1), second, rest_post(3)])
    text = text.replace('"id": 2,', f'"id": {digits},').replace("\\n", "\n" if raw_newline else "\\n")
    return (text[:text.rindex('"slug"')] if cut else text).encode()


@pytest.mark.parametrize("damage", ["none", "cut", "raw newline"])
def test_an_id_with_thousands_of_digits_loses_only_that_id(tmp_path, damage):
    source = tmp_path / "big.json"
    source.write_bytes(_with_id("9" * 5000, cut=damage == "cut", raw_newline=damage == "raw newline"))
    batch = read_sources([source])
    assert not batch.rejected, batch.rejected
    ids = _ids(batch)
    assert ids[0] == 1 and ids[1] == "9" * 5000 and len(ids) == (2 if damage == "cut" else 3)
    assert any("too large for a WordPress id" in note for note in batch.posts[1].notes)


def test_an_id_too_large_for_wordpress_makes_the_post_id_less(tmp_path):
    source = write_json(tmp_path / "big.json", [rest_post(1), rest_post(10**30), rest_post(2**64 - 1)])
    batch = read_sources([source])
    assert _ids(batch) == [1, str(10**30), 2**64 - 1]
    assert sources.classify(batch.posts[1].data) == "post"


def test_json_nested_deeper_than_any_post_is_refused_with_a_reason(tmp_path):
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (tmp_path / "deep-object.json").write_text('{"a":' * 100_000)
    write_json(tmp_path / "good.json", rest_post(1))
    batch = read_sources([tmp_path])
    assert _ids(batch) == [1]
    assert "nested more than" in _reasons(batch)["deep.json"]
    assert "nested more than" in _reasons(batch)["deep-object.json"]


# 3. WXR: entities are never expanded, nothing outside the file is read, the posts still come in.

RSS = ('<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
       'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/"><channel>')


def _item(post_id, body: str, title: str | None = None, meta: str = "") -> str:
    return (f"<item><title>{title or f'Post {post_id}'}</title><link>https://n.example/p{post_id}/</link>"
            f"<content:encoded><![CDATA[<p>{body}</p>]]></content:encoded><wp:post_id>{post_id}</wp:post_id>"
            f"<wp:post_date>2024-01-02 10:00:00</wp:post_date><wp:post_name>post-{post_id}</wp:post_name>"
            f"<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>{meta}</item>")


def _wxr(*items: str, doctype: str = "", declaration: str = '<?xml version="1.0" encoding="UTF-8"?>\n') -> str:
    return declaration + doctype + RSS + "".join(items) + "</channel></rss>"


BILLION_LAUGHS = ('<!DOCTYPE rss [\n<!ENTITY lol "lol">\n'
                  + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">\n' for i in range(1, 10))
                  + "]>\n")


def test_an_entity_bomb_is_not_expanded_and_its_posts_are_imported(tmp_path):
    source = tmp_path / "bomb.xml"
    source.write_text(_wxr(_item(1, "first"), _item(2, "second", title="Title &lol9; end"), _item(3, "third"),
                           doctype=BILLION_LAUGHS))
    batch = read_sources([source])
    assert not batch.rejected
    assert _ids(batch) == [1, 2, 3]
    text = json.dumps([raw.data for raw in batch.posts])
    assert "lollol" not in text and len(text) < 10_000
    assert batch.posts[1].data["title"]["rendered"] == "Title &lol9; end"


@pytest.mark.parametrize("doctype, reference", [
    ('<!DOCTYPE rss [<!ENTITY secret SYSTEM "file://{path}">]>', "&secret;"),
    ('<!DOCTYPE rss [<!ENTITY % secret SYSTEM "file://{path}"> %secret;]>', ""),
    ('<!DOCTYPE rss SYSTEM "file://{path}">', ""),
])
@pytest.mark.parametrize("before", ["", "<br />\n<b>Notice</b>: PHP said something\n"])
def test_external_entities_are_never_read_into_a_post(tmp_path, doctype, reference, before):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-LINE")
    source = tmp_path / "xxe.xml"
    source.write_text(before + _wxr(_item(1, f"before {reference} after", title=f"Title {reference}"), _item(2, "ok"),
                                    doctype=doctype.format(path=secret)))
    batch = read_sources([source])
    assert not batch.rejected
    assert _ids(batch) == [1, 2]
    assert "TOPSECRET" not in json.dumps([raw.data for raw in batch.posts])
    assert "after" in batch.posts[0].data["title"]["rendered"] + batch.posts[0].data["content"]["rendered"]


def test_wxr_numbers_too_large_for_an_id_reject_nothing(tmp_path):
    huge = "9" * 5000
    footnotes = ('<wp:postmeta><wp:meta_key>footnotes</wp:meta_key><wp:meta_value><![CDATA[[{"id":"n1",'
                 f'"content":"A note","n":{huge}}}]]]></wp:meta_value></wp:postmeta>'
                 f'<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>{huge}</wp:meta_value></wp:postmeta>')
    source = tmp_path / "export.xml"
    source.write_text(_wxr(_item(1, "one", meta=footnotes), _item(huge, "two"), _item("١٢", "three"), _item(3, "four")))
    batch = read_sources([source])
    assert not batch.rejected
    assert _ids(batch) == [1, huge, 3]
    assert batch.posts[0].data["featured_media"] == 0


# 4. Files that cannot be read: one rejection each, never a hang.

def test_fifos_sockets_devices_and_symlink_loops_are_rejected_without_blocking(tmp_path):
    folder = tmp_path / "in"
    write_json(folder / "good.json", rest_post(1))
    os.mkfifo(folder / "pipe.json")
    (folder / "loop-a.json").symlink_to(folder / "loop-b.json")
    (folder / "loop-b.json").symlink_to(folder / "loop-a.json")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "socket.json"))
    try:
        with no_hang():
            batch = read_sources([folder, folder / "pipe.json", Path("/dev/null"), tmp_path / "absent.json"])
    finally:
        server.close()
    assert _ids(batch) == [1]
    reasons = [(Path(r.origin).name, r.reason) for r in batch.rejected]
    assert reasons == [
        ("loop-a.json", "cannot read: a loop of symbolic links"),
        ("loop-b.json", "cannot read: a loop of symbolic links"),
        ("pipe.json", "cannot read: a named pipe (FIFO), not a regular file"),
        ("socket.json", "cannot read: a socket, not a regular file"),
        ("pipe.json", "cannot read: a named pipe (FIFO), not a regular file"),
        ("null", "cannot read: a character device, not a regular file"),
        ("absent.json", "no such file or folder"),
    ]


def test_a_file_that_cannot_be_opened_is_rejected_with_the_reason(tmp_path, monkeypatch):
    write_json(tmp_path / "good.json", rest_post(1))
    locked = write_json(tmp_path / "locked.json", rest_post(2))
    real_open, real_read_bytes = os.open, Path.read_bytes

    def refuse(path) -> None:  # root reads mode-000 files: make opening them refuse instead
        if Path(path).name == "locked.json":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(os, "open", lambda path, *args, **kwargs: refuse(path) or real_open(path, *args, **kwargs))
    monkeypatch.setattr(Path, "read_bytes", lambda self: refuse(self) or real_read_bytes(self))
    batch = read_sources([tmp_path, locked])
    assert _ids(batch) == [1]
    assert [(Path(r.origin).name, r.reason) for r in batch.rejected] == [
        ("locked.json", "cannot read: permission denied")] * 2


def test_a_folder_that_cannot_be_listed_is_rejected_not_skipped(tmp_path, monkeypatch):
    write_json(tmp_path / "in" / "good.json", rest_post(1))
    write_json(tmp_path / "in" / "locked" / "hidden.json", rest_post(2))
    real_scandir = os.scandir

    def refuse(path="."):  # root lists mode-000 folders: make listing refuse instead
        if Path(path).name == "locked":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    batch = read_sources([tmp_path / "in", tmp_path / "in" / "locked"])
    assert _ids(batch) == [1]
    assert [(Path(r.origin).name, r.reason) for r in batch.rejected] == [
        ("locked", "cannot read folder: permission denied")] * 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads mode-000 files and folders")
def test_mode_000_files_and_folders_are_rejected(tmp_path):
    write_json(tmp_path / "good.json", rest_post(1))
    locked_file = write_json(tmp_path / "locked.json", rest_post(2))
    locked_folder = tmp_path / "locked"
    write_json(locked_folder / "inside.json", rest_post(3))
    locked_file.chmod(0)
    locked_folder.chmod(0)
    try:
        batch = read_sources([tmp_path])
    finally:
        locked_folder.chmod(0o755)
    assert _ids(batch) == [1]
    assert sorted(r.reason for r in batch.rejected) == ["cannot read folder: permission denied",
                                                        "cannot read: permission denied"]


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(sources.files, "MAX_FILE_BYTES", 2000)
    write_json(tmp_path / "small.json", rest_post(1))
    write_json(tmp_path / "large.json", [rest_post(i) for i in range(2, 12)])
    batch = read_sources([tmp_path])
    assert _ids(batch) == [1]
    [reason] = _reasons(batch).values()
    assert reason.startswith("too large to read") and "limit" in reason


def test_a_file_that_grows_while_read_is_read_whole_or_refused(tmp_path, monkeypatch):
    """read_input reads the size it checked and a byte more; a file longer than that by the time
    it is read (appended to after the check) is read to its end, or refused past the limit."""
    small, large = tmp_path / "a.json", tmp_path / "b.json"
    write_json(small, rest_post(1))
    write_json(large, [rest_post(i) for i in range(2, 12)])
    real_fstat = os.fstat

    def shrunk(descriptor):  # the sizes as they were before the appends
        info = real_fstat(descriptor)
        return os.stat_result((*info[:6], 10, *info[7:]))
    monkeypatch.setattr(sources.files.os, "fstat", shrunk)
    assert sources.files.read_input(small) == small.read_bytes()
    monkeypatch.setattr(sources.files, "MAX_FILE_BYTES", 2000)
    with pytest.raises(sources.files.UnreadableInput, match="too large to read"):
        sources.files.read_input(large)


def test_the_cli_names_each_unreadable_input_once_and_imports_the_rest(tmp_path):
    folder = tmp_path / "in"
    write_json(folder / "good.json", rest_post(1))
    write_json(folder / "far-future.json", rest_post(2, date="9999-12-31T10:00:00", date_gmt="9999-12-31T01:00:00",
                                                     content={"rendered": "<p>The summit in December will be held.</p>"}))
    os.mkfifo(folder / "pipe.json")
    (folder / "loop.json").symlink_to(folder / "loop.json")
    (folder / "wide.json").write_bytes(("\ufeff" + json.dumps(rest_post(3))).encode("utf-16-le"))
    (folder / "huge-id.json").write_text(json.dumps(rest_post(4)).replace('"id": 4', '"id": ' + "7" * 5000))

    def limit_memory():  # the old reader read /dev/zero until memory ran out
        resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "generator", "import", "in", "/dev/zero", "--docs", "docs",
                           "--jobs", "1"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=300,
                          preexec_fn=limit_memory, check=False)
    assert time.monotonic() - started < 300
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert errors == ["error: in/loop.json: cannot read: a loop of symbolic links",
                      "error: in/pipe.json: cannot read: a named pipe (FIFO), not a regular file",
                      "error: /dev/zero: cannot read: a character device, not a regular file"]
    assert len(pages_under(tmp_path / "docs")) == 4


# 5. Dates at the ends of the calendar.

@pytest.mark.parametrize("published, updated", [
    (date(9999, 12, 31), None), (datetime(9999, 12, 1, 10), datetime(9999, 12, 31)),
    (date(1, 1, 1), None), (date(1, 1, 1), date(1, 3, 1)),
])
def test_dates_without_a_year_near_the_ends_of_the_calendar_never_raise(published, updated):
    text = ("The summit in December will be held. Talks last January were held. Elections slated for April. "
            "They met on January 5 and (1/1). The talks on 3-5 January were held. The September summit.")
    mentions = find_dates(text, published, updated)
    assert mentions
    for mention in mentions:
        for part in mention.date.split("/"):
            assert 1 <= int(part.split("-")[0]) <= 9999 and len(part.split("-")[0]) == 4


# 6. Linear time on adversarial input.

def _footnotes(count):
    return _wxr(_item(1, "<!-- wp:footnotes " * count, meta=(
        '<wp:postmeta><wp:meta_key>footnotes</wp:meta_key><wp:meta_value><![CDATA[[{"id":"n","content":"x"}]]]>'
        "</wp:meta_value></wp:postmeta>")))


@pytest.mark.parametrize("name, make, count", [
    ("unclosed comments", lambda n: _wxr(_item(1, "ok")).replace("</channel>", "<!--" * n + "</channel>"), 50_000),
    ("unclosed CDATA", lambda n: _wxr(_item(1, "ok")).replace("</channel>", "<![CDATA[" * n + "</channel>"), 25_000),
    ("unclosed footnote blocks", _footnotes, 12_000),
    ("escapes in a cut string", lambda n: '{"content": {"rendered": "' + '\\"' * n, 100_000),
])
def test_adversarial_input_is_read_in_linear_time(tmp_path, name, make, count):
    """200 KB that a quadratic pattern needs tens of seconds for: four times the input may take
    about four times as long, never sixteen. A ratio, so a loaded machine slows both runs alike."""
    def seconds(text):
        source = tmp_path / "adversarial.txt"
        source.write_text(text)
        started = time.monotonic()
        read_sources([source])
        return time.monotonic() - started
    quarter, full = seconds(make(count // 4)), seconds(make(count))
    assert full < max(8 * quarter, 1.0), (quarter, full)


# 7. Fuzzing: the reader raises nothing but its own errors.

FUZZ = settings(max_examples=200, derandomize=True, database=None, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
VALID = json.dumps([rest_post(1, content={"rendered": "<p>Kim\u2019s \\visit\u2014</p>"}), rest_post(2)],
                   ensure_ascii=False).encode("utf-8")
VALID_WXR = _wxr(_item(1, "one & two"), _item(2, "three")).encode("utf-8")


@st.composite
def mutated(draw, valid: bytes = VALID):
    data = bytearray(draw(st.sampled_from([VALID, VALID_WXR])) if valid is None else valid)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["cut", "newline", "insert", "replace", "digits", "nest"]))
        if action == "cut":
            del data[at:]
        elif action == "newline":
            data[at:at] = b"\n"
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif action == "replace" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif action == "digits":
            data[at:at] = b"9" * draw(st.integers(1, 6000))
        elif action == "nest":
            data[at:at] = draw(st.sampled_from([b"[", b"{\"a\":", b"<!DOCTYPE x [", b"&"])) * draw(st.integers(1, 3000))
    return bytes(data)


def _salvage_bytes(data: bytes) -> None:
    try:
        salvage(decode_bytes(data)[0])
    except SalvageError:
        pass


@FUZZ
@given(st.binary(max_size=2000))
def test_salvage_raises_only_salvage_error_on_arbitrary_bytes(data):
    _salvage_bytes(data)


@FUZZ
@given(mutated())
def test_salvage_raises_only_salvage_error_on_damaged_posts(data):
    _salvage_bytes(data)


@FUZZ
@given(data=st.one_of(st.binary(max_size=2000), mutated(valid=None)))
def test_read_sources_never_raises_on_damaged_files(tmp_path, data):
    source = tmp_path / "fuzzed.json"
    source.write_bytes(data)
    batch = read_sources([source])
    assert batch.files_read == 1
    for raw in batch.posts:
        json.dumps(raw.data)  # plain data: no parser objects leak out


@FUZZ
@given(mutated(valid=VALID_WXR))
def test_read_wxr_raises_only_value_error(data):
    try:
        read_wxr(decode_bytes(data)[0])
    except ValueError:
        pass


# The fetch state names the files of the sites' id lists: read like any input, and only inside the site.

def _state(site, files):
    from generator.fetch.store import STATE_FILE
    site.mkdir(parents=True, exist_ok=True)
    (site / STATE_FILE).write_text(json.dumps({"endpoints": {"post-ids": {
        "run": "r1", "pages": [{"file": name} for name in files]}}}), "utf-8")


def test_id_lists_naming_a_pipe_or_a_file_outside_the_site_are_not_read(tmp_path):
    from generator.sources.idlists import read_id_lists, stored_ids
    site = tmp_path / "content" / "news.example"
    _state(site, ["post-ids/1.json"])
    (site / "post-ids").mkdir()
    (site / "post-ids/1.json").write_text(json.dumps([{"id": 5}, {"id": 6}]), "utf-8")
    assert read_id_lists(site)["post"].ids == {5, 6}
    os.mkfifo(site / "post-ids/2.json")
    _state(site, ["post-ids/1.json", "post-ids/2.json"])
    found = {}
    reader = threading.Thread(target=lambda: found.update(lists=read_id_lists(site), ids=stored_ids(site / "post-ids")),
                              daemon=True)  # a pipe opened for reading waits for a writer forever
    reader.start()
    reader.join(30)
    assert not reader.is_alive(), "reading the id lists blocked on a named pipe"
    assert found == {"lists": {}, "ids": {5, 6}}  # not read whole: no list (a deleted post is kept, none dropped)
    (tmp_path / "secret.json").write_text(json.dumps([{"id": 99}]), "utf-8")
    _state(site, ["../../secret.json"])
    assert read_id_lists(site) == {}
