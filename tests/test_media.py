"""`import --local-media`: images kept in docs/assets/media/, by content hash.

First against a real WordPress on loopback (images uploaded with WordPress's own media
functions, fetched with `python -m generator fetch`, imported, built with `mkdocs build
--strict`); then the downloader itself against a tiny in-process HTTP server.
"""
from __future__ import annotations

import copy
import hashlib
import json
import re
import struct
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator.core.models import Article, Conversion, Image, Post
from generator.pages.media import (
    INDEX,
    Downloader,
    Refused,
    image_urls,
    localize_media,
    rewrite_images,
    sniff,
    stored_name,
)
from generator.write import PageWriter
from generator.write.plan import SecondWrite, write
from tests.realwp.wordpress import LocalWordPress, require_real_wordpress

from .conftest import call_cli, read_page

STORED = re.compile(r"assets/media/[0-9a-f]{20}\.(png|jpg|gif|webp|avif)")


def png(rgb: tuple[int, int, int], size: int = 2, noise: bool = False) -> bytes:
    """A real PNG, made with zlib and struct: `size` x `size` pixels of one colour (or noise)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    def noisy(y: int) -> bytes:
        return b"".join(hashlib.sha256(f"{y}-{i}".encode()).digest() for i in range(size * 3 // 32 + 1))[:size * 3]

    rows = b"".join(b"\x00" + (noisy(y) if noise else bytes(rgb) * size) for y in range(size))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


RED, BLUE, BIG = png((255, 0, 0)), png((0, 0, 255)), png((0, 0, 0), 120, noise=True)
LIMIT = 5000  # RED and BLUE are far below, BIG far above


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".import.lock" not in p.name}


# --- a real WordPress -------------------------------------------------------------------------

UPLOAD = """
$dir = wp_upload_dir()['path'];
$ids = [];
foreach ($data['files'] as $name => $hex) {
    $path = $dir . '/' . $name;
    file_put_contents($path, hex2bin($hex));
    $id = wp_insert_attachment(['post_title' => $name, 'post_mime_type' => 'image/png', 'post_status' => 'inherit',
                                'guid' => wp_upload_dir()['url'] . '/' . $name], $path);
    require_once ABSPATH . 'wp-admin/includes/image.php';
    wp_update_attachment_metadata($id, wp_generate_attachment_metadata($id, $path));
    $ids[$name] = ['id' => $id, 'url' => wp_get_attachment_url($id)];
}
return $ids;
"""


@pytest.fixture(scope="module")
def wp(tmp_path_factory):
    require_real_wordpress()
    # Its own loopback address: other suites run their WordPress on 127.0.0.1 at the same time.
    with LocalWordPress(tmp_path_factory.mktemp("media-wp"), host="127.0.0.47") as site:
        site.media = site.php(UPLOAD, {"files": {"red.png": RED.hex(), "blue.png": BLUE.hex(),
                                                 "red-again.png": RED.hex(), "big.png": BIG.hex()}})
        url = {name: item["url"] for name, item in site.media.items()}
        site.missing = url["red.png"].replace("red.png", "no-such-image.png")
        content = (f'<p>First the red one.</p><figure><img src="{url["red.png"]}" alt="Red square"></figure>'
                   f'<p>Blue next.</p><p><img src="{url["blue.png"]}" alt="Blue square"></p>'
                   f'<p>Red again.</p><p><img src="{url["red.png"]}" alt="Red, again"></p>'
                   f'<p>Too big.</p><p><img src="{url["big.png"]}" alt="Noise"></p>'
                   f'<p>Gone.</p><p><img src="{site.missing}" alt="Missing"></p>')
        site.post_id = site.create_post("Pictures of squares", content, date="2024-01-05 10:00:00")
        site.php("set_post_thumbnail($data[0], $data[1]); return 1;",
                 [site.post_id, site.media["red-again.png"]["id"]])
        site.url = url
        yield site


@pytest.fixture(scope="module")
def imported(wp, tmp_path_factory):
    """Fetched from the WordPress, imported with --local-media into docs/."""
    root = tmp_path_factory.mktemp("media-kb")
    fetched = call_cli("fetch", wp.base_url, "--out", str(root / "content"), "--delay", "0")
    assert fetched.returncode == 0, fetched.stderr
    run = call_cli("import", str(root / "content"), "--docs", str(root / "docs"), "--local-media", "--media-allow-private",
                   "--media-max-bytes", str(LIMIT), "-j", "1", cwd=root)
    assert run.returncode == 0, run.stderr
    page = next((root / "docs").rglob("pictures-of-squares.md"))
    return SimpleNamespace(root=root, docs=root / "docs", run=run, page=page)


def test_images_are_stored_once_by_content_hash(imported):
    media = imported.docs / "assets" / "media"
    stored = sorted(p.name for p in media.iterdir() if p.name != "index.json")
    assert stored == sorted({Path(stored_name(RED, "image/png")).name, Path(stored_name(BLUE, "image/png")).name})
    for name in stored:
        data = (media / name).read_bytes()
        assert name == hashlib.sha256(data).hexdigest()[:20] + ".png"
    assert (media / Path(stored_name(RED, "image/png")).name).read_bytes() == RED


def test_the_index_maps_each_original_url_to_its_file(imported, wp):
    index = json.loads((imported.docs / INDEX).read_text("utf-8"))
    assert index == {wp.url["red.png"]: stored_name(RED, "image/png"),
                     wp.url["red-again.png"]: stored_name(RED, "image/png"),
                     wp.url["blue.png"]: stored_name(BLUE, "image/png")}


def test_the_page_shows_local_files_and_keeps_the_original_urls(imported, wp):
    meta, body = read_page(imported.page)
    depth = "../" * (len(imported.page.relative_to(imported.docs).parts) - 1)
    red, blue = depth + stored_name(RED, "image/png"), depth + stored_name(BLUE, "image/png")
    assert body.count(f'![Red square]({red} "{wp.url["red.png"]}")') == 1
    assert body.count(f'![Red, again]({red} "{wp.url["red.png"]}")') == 1
    assert f'![Blue square]({blue} "{wp.url["blue.png"]}")' in body
    assert f'({red} "{wp.url["red-again.png"]}")' in body  # the featured image, shown from its copy
    assert meta["image"] == wp.url["red-again.png"]  # front-matter keeps the original
    assert f"![Noise]({wp.url['big.png']})" in body  # too big: still remote
    assert f"![Missing]({wp.missing})" in body  # not found: still remote


def test_each_failure_is_one_warning_and_the_import_goes_on(imported, wp):
    warnings = [line for line in imported.run.stderr.splitlines() if line.startswith("warning: media:")]
    assert len(warnings) == 2, imported.run.stderr
    assert any(wp.url["big.png"] in w and "too big" in w for w in warnings)
    assert any(wp.missing in w and ("HTTP 404" in w or "not an image" in w) for w in warnings)
    assert "Local media: 3 image(s)" in imported.run.stdout


def test_a_second_import_downloads_and_writes_nothing(imported):
    before = files_under(imported.docs)
    mtimes = {p: p.stat().st_mtime_ns for p in imported.docs.rglob("*") if p.is_file()}
    again = call_cli("import", str(imported.root / "content"), "--docs", str(imported.docs), "--local-media", "--media-allow-private",
                     "--media-max-bytes", str(LIMIT), "-j", "1", cwd=imported.root)
    assert again.returncode == 0, again.stderr
    assert "0 downloaded now" in again.stdout
    assert "Nothing to write" in again.stdout
    assert files_under(imported.docs) == before
    assert {p: p.stat().st_mtime_ns for p in imported.docs.rglob("*") if p.is_file()} == mtimes


def test_build_with_local_media_passes_mkdocs_strict(imported, tmp_path):
    """`build --local-media` in a copy of the project: the import, then `mkdocs build --strict`
    (which fails on an image whose file is not found), then the search index."""
    import shutil

    from .conftest import REPO

    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(REPO / "mkdocs.yml", project)
    for extra in ("overrides", "docs"):
        shutil.copytree(REPO / extra, project / extra)
    built = call_cli("build", str(imported.root / "content"), "--site", "public", "--local-media", "--media-allow-private",
                     "--media-max-bytes", str(LIMIT), "-j", "1", cwd=project)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "is not found" not in built.stdout + built.stderr
    assert "Local media: 3 image(s)" in built.stdout
    html = next((project / "public").rglob("pictures-of-squares/index.html")).read_text("utf-8")
    assert Path(stored_name(BLUE, "image/png")).name in html
    assert (project / "public" / stored_name(BLUE, "image/png")).read_bytes() == BLUE


def test_without_the_option_nothing_is_downloaded(imported, tmp_path):
    run = call_cli("import", str(imported.root / "content"), "--docs", str(tmp_path / "docs"), "-j", "1", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert not (tmp_path / "docs" / "assets" / "media").exists()
    _, body = read_page(next((tmp_path / "docs").rglob("pictures-of-squares.md")))
    assert "assets/media" not in body and "warning: media" not in run.stderr


# --- the downloader, in-process ---------------------------------------------------------------

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40 + b"\xff\xd9"
ROUTES = {
    "/red.png": (200, "image/png", RED),
    "/red-elsewhere.png": (200, "image/png; charset=binary", RED),
    "/blue.png": (200, "image/png", BLUE),
    "/photo.png": (200, "image/png", JPEG),  # a JPEG named .png: the bytes decide
    "/page.png": (200, "image/png", b"<!doctype html><html><body>Not found</body></html>"),
    "/page.html": (200, "text/html; charset=utf-8", b"<!doctype html><p>hi</p>"),
    "/drawing.svg": (200, "image/svg+xml", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    "/svg-as-png.png": (200, "image/png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>'),
    "/big.png": (200, "image/png", BIG),
    "/gone.png": (404, "text/html", b"no"),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.startswith("/to-"):
            self.send_response(302)
            target = self.path[4:]
            self.send_header("Location", target if ":" in target else "/" + target)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status, kind, body = ROUTES.get(self.path, (404, "text/plain", b"no"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if self.path != "/big.png":  # no Content-Length: the limit must hold while reading
            self.send_header("Content-Length", str(len(body)))
        else:
            self.close_connection = True
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def downloader(max_bytes: int = LIMIT) -> Downloader:
    d = Downloader(max_bytes, timeout=(5, 5), allow_private=True)  # its test server is on loopback
    d.session.trust_env = False  # loopback: never through a proxy
    return d


def test_sniff_reads_the_type_from_the_bytes():
    assert sniff(RED) == "image/png"
    assert sniff(JPEG) == "image/jpeg"
    assert sniff(b"GIF89a\x01\x00") == "image/gif"
    assert sniff(b"RIFF\x10\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert sniff(b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1") == "image/avif"
    assert sniff(b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom") is None  # a video
    assert sniff(b"<svg xmlns='http://www.w3.org/2000/svg'/>") is None
    assert sniff(b"<!doctype html>") is None


def test_names_are_the_content_hash_and_the_real_type():
    assert stored_name(RED, "image/png") == f"assets/media/{hashlib.sha256(RED).hexdigest()[:20]}.png"
    assert stored_name(JPEG, "image/jpeg").endswith(".jpg")


@pytest.mark.parametrize(("path", "reason"), [
    ("/page.png", "not a JPEG, PNG"),
    ("/page.html", "not an image (Content-Type: text/html)"),
    ("/drawing.svg", "SVG"),
    ("/svg-as-png.png", "not a JPEG, PNG"),
    ("/big.png", "too big"),
    ("/gone.png", "HTTP 404"),
    ("/to-ftp://127.0.0.1/red.png", "not an http(s) address"),
    ("/to-file:///etc/passwd", "not an http(s) address"),
])
def test_what_is_refused(server, path, reason):
    with pytest.raises(Refused, match=re.escape(reason)):
        downloader().get(server + path)


def test_a_redirect_within_http_is_followed_and_the_bytes_decide_the_extension(server):
    data, kind = downloader().get(server + "/to-red.png")
    assert (data, kind) == (RED, "image/png")
    assert downloader().get(server + "/photo.png") == (JPEG, "image/jpeg")


def article(path: str, body: str, featured: str = "") -> Article:
    post = Post(path, 1, "post", "publish", "a", "A", None, None, "", "", "", [], [], [], "", "",
                featured_image=Image(featured, "alt") if featured else None)
    return Article(post, body, "", path, Conversion(body))


def test_localize_stores_the_same_bytes_once_and_rewrites_relatively(server, tmp_path):
    docs = tmp_path / "docs"
    a = article("2024/01/a.md", f"Text\n\n![Red]({server}/red.png)\n\n![Html]({server}/page.png)\n",
                featured=f"{server}/photo.png")
    b = article("about.md", f"![Same red]({server}/red-elsewhere.png) and `![code]({server}/blue.png)`\n\n"
                f"```\n![fenced]({server}/blue.png)\n```\n")
    given, before = [a, b], copy.deepcopy([a, b])
    (a, b), result = localize_media(given, docs, downloader=downloader())
    assert given == before  # new records: the articles given are left as they were
    red, photo = stored_name(RED, "image/png"), stored_name(JPEG, "image/jpeg")
    assert sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()) == sorted([red, photo, INDEX])
    assert a.body == f'Text\n\n![Red](../../{red} "{server}/red.png")\n\n![Html]({server}/page.png)\n'
    assert b.body.startswith(f'![Same red]({red} "{server}/red-elsewhere.png") and `![code]({server}/blue.png)`')
    assert f"![fenced]({server}/blue.png)" in b.body  # code stays code: nothing downloaded for it
    assert a.featured_file == f"../../{photo}"
    assert [w for w in result.warnings if "page.png" in w] and len(result.warnings) == 1
    assert result.warnings[0].startswith("warning: media: ")
    # Again: nothing downloaded except the refused one, nothing written.
    again = downloader()
    a2 = article("2024/01/a.md", f"![Red]({server}/red.png)\n", featured=f"{server}/photo.png")
    _, result = localize_media([a2], docs, downloader=again)
    assert again.requests == 0 and result.written == [] and result.downloaded == 0


def test_the_images_go_through_the_import_writers_plan(server, tmp_path):
    """As the import puts them: each image and the index an entry of the writer's one plan, so a
    later stage cannot write over one unnoticed, and each has its outcome."""
    docs = tmp_path / "docs"
    writer = PageWriter(docs)
    given = [article("2024/01/a.md", f"![Red]({server}/red.png)\n", featured=f"{server}/photo.png")]
    _, result = localize_media(given, docs, downloader=downloader(),
                               put=lambda file, data: writer.apply([write(file, data)]))
    red, photo = stored_name(RED, "image/png"), stored_name(JPEG, "image/jpeg")
    assert sorted(result.written) == sorted([red, photo, INDEX])
    assert {o.path: o.action for o in writer.outcomes} == {red: "created", photo: "created", INDEX: "created"}
    assert (docs / red).read_bytes() == RED
    with pytest.raises(SecondWrite):
        writer.apply([write(red, b"another stage's bytes")])


def test_image_urls_and_rewrite_leave_escaped_text_alone():
    body = "A \\`tick ![x](https://a.example/1.png) \\` and !\\[not\\](https://a.example/2.png)\n"
    assert image_urls(body) == ["https://a.example/1.png"]
    assert rewrite_images(body, lambda url: "m.png") == body.replace(
        "(https://a.example/1.png)", '(m.png "https://a.example/1.png")')


def test_an_image_on_a_private_or_local_address_is_not_fetched_unless_allowed(image_server=None):
    """A post cannot make the import call this machine's services or a cloud metadata endpoint."""
    from generator.pages.media import Refused

    strict = Downloader(1000)
    for url in ("http://127.0.0.1:9/x.png", "http://169.254.169.254/latest/meta-data", "http://[::1]/x.png",
                "http://10.0.0.1/x.png", "http://localhost/x.png"):
        with pytest.raises(Refused, match="private or local address"):
            strict.get(url)
    assert strict.requests == 0
