"""The local-media stage (optional, `import --local-media`): keep the images articles show.

Images of articles (body images and the featured image) are downloaded into
docs/assets/media/, named by the SHA-256 of their bytes (the same picture under any number of
URLs is stored once) with an extension read from the bytes themselves, never from the URL. The
page then points at the local file, relatively, and keeps the original URL as the image's title:

    ![alt](../../assets/media/3f2a9c0d1e4b5a6c7d8e.png "https://news.example/wp-content/uploads/a.png")

docs/assets/media/index.json maps each original URL to its file, so a later import downloads
nothing it already has and writes nothing. A download that fails (HTTP error, timeout, too big,
not an image) leaves the original URL in the page and gives one warning; it never fails the
import. Runs in the main process only, after conversion, before the pages are rendered.
"""
from __future__ import annotations

import hashlib
import ipaddress
import json
import re
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

from ..core.models import Article
from ..core.paths import relative_link
from ..core.safe import safe_url
from ..fetch.client import USER_AGENT
from ..write import docs_files, replace_with
from ..write.view import DocsView

MEDIA_DIR = "assets/media"
INDEX = f"{MEDIA_DIR}/index.json"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
HASH_LENGTH = 20  # hex characters of the SHA-256 kept in a file name (80 bits)
TIMEOUT = (10.0, 30.0)  # seconds to connect, and between two reads
DEADLINE = 120.0  # seconds for one whole download: a server dripping bytes cannot hold the import
MAX_REDIRECTS = 5

# The image types kept, with their extensions. SVG is deliberately NOT among them: an SVG is an
# XML document that can carry <script>, event handlers and links; served from the knowledge
# base's own origin, opened directly it would run as the site. Such images stay remote.
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp",
              "image/avif": "avif"}
_STORED_NAME = re.compile(rf"{MEDIA_DIR}/[0-9a-f]{{{HASH_LENGTH}}}\.(?:{'|'.join(EXTENSIONS.values())})")
# In converted Markdown (convert.ArticleConverter.convert_img): `![alt](url)`, the alt escaped
# (no bare "]"), the URL through safe_url (no spaces, quotes or parentheses). Escaped characters
# and code spans are matched first, so that an image written inside code stays as it is.
_CODE_OR_IMAGE = re.compile(r"\\.|(?P<code>(?P<ticks>`+).+?(?P=ticks))"
                            r"|!\[(?P<alt>(?:\\.|[^\]\\\n])*)\]\((?P<url>[^\s()\"]+)\)", re.DOTALL)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


class Refused(Exception):
    """Why one URL was not stored locally (the message goes into the warning)."""


def sniff(data: bytes) -> str | None:
    """The image type the bytes are, from their magic numbers; None for anything else."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[4:8] == b"ftyp":  # ISO media file: AVIF when the major or a compatible brand says so
        size = int.from_bytes(data[:4], "big")
        brands = [data[i:i + 4] for i in range(8, min(max(size, 16), len(data), 256) - 3, 4) if i != 12]
        if b"avif" in brands or b"avis" in brands:
            return "image/avif"
    return None


def stored_name(data: bytes, kind: str) -> str:
    """docs-relative file for these bytes: the hash of the content, the extension of its type."""
    return f"{MEDIA_DIR}/{hashlib.sha256(data).hexdigest()[:HASH_LENGTH]}.{EXTENSIONS[kind]}"


def _content_type(response: requests.Response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()


class Downloader:
    """GET an image: http(s) only (also after redirects), timeouts, a size limit, image types only."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES, session: requests.Session | None = None,
                 timeout=TIMEOUT, deadline: float = DEADLINE, allow_private: bool = False):
        self.max_bytes = max_bytes
        self.allow_private = allow_private
        self.session = session or requests.Session()
        self.session.headers.update({"User-Agent": USER_AGENT,
                                     "Accept": ", ".join(EXTENSIONS) + ";q=1, */*;q=0.1"})
        self.timeout = timeout
        self.deadline = deadline
        self.requests = 0

    def get(self, url: str) -> tuple[bytes, str]:
        """(bytes, image type), or Refused saying why not."""
        for _ in range(MAX_REDIRECTS + 1):
            if urlsplit(url).scheme.lower() not in ("http", "https"):
                raise Refused(f"not an http(s) address ({url[:80]})")
            if not self.allow_private:
                _refuse_private(url)
            self.requests += 1
            try:
                response = self.session.get(url, timeout=self.timeout, stream=True, allow_redirects=False)
            except requests.RequestException as error:
                raise Refused(f"could not download ({type(error).__name__})") from error
            with response:
                if response.is_redirect:
                    url = urljoin(url, response.headers.get("Location", ""))
                    continue
                return self._read(response)
        raise Refused(f"more than {MAX_REDIRECTS} redirects")

    def _read(self, response: requests.Response) -> tuple[bytes, str]:
        if response.status_code != 200:
            raise Refused(f"HTTP {response.status_code}")
        declared = _content_type(response)
        if declared == "image/svg+xml":
            raise Refused("an SVG image (it can carry script); not stored")
        if declared not in EXTENSIONS:
            raise Refused(f"not an image (Content-Type: {declared or 'none'})")
        length = response.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            raise Refused(f"too big ({int(length)} bytes; the limit is {self.max_bytes})")
        chunks, size, started = [], 0, time.monotonic()
        try:
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > self.max_bytes:
                    raise Refused(f"too big (over {self.max_bytes} bytes, the limit)")
                if time.monotonic() - started > self.deadline:
                    raise Refused(f"took over {self.deadline:.0f} s")
                chunks.append(chunk)
        except requests.RequestException as error:
            raise Refused(f"download broke off ({type(error).__name__})") from error
        data = b"".join(chunks)
        kind = sniff(data)
        if kind is None:
            raise Refused(f"served as {declared} but the content is not a JPEG, PNG, GIF, WebP or AVIF image")
        return data, kind


def load_index(docs: DocsView) -> dict[str, str]:
    """original URL -> docs-relative file, for entries whose file is one of ours and still there
    (the index's text as the import gathered it)."""
    try:
        data = json.loads(docs.text(INDEX) or "")
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {url: file for url, file in data.items()
            if isinstance(url, str) and isinstance(file, str) and _STORED_NAME.fullmatch(file)
            and docs.exists(file)}


def index_text(index: dict[str, str]) -> str:
    return json.dumps(dict(sorted(index.items())), indent=1, ensure_ascii=False) + "\n"


def image_urls(markdown: str) -> list[str]:
    """URLs of the images in converted Markdown, outside code, in order."""
    return [m["url"] for m in _each_image(markdown)]


def _outside_fences(markdown: str) -> list[tuple[bool, str]]:
    """The text in runs: (inside a fenced code block, text)."""
    runs, fence = [], None
    for line in markdown.splitlines(keepends=True):
        opening = _FENCE.match(line)
        inside = fence is not None
        if fence is None and opening:
            fence, inside = opening.group(1), True
        elif fence is not None and opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence) \
                and not line.strip()[len(opening.group(1)):].strip():
            fence = None
        if runs and runs[-1][0] == inside:
            runs[-1] = (inside, runs[-1][1] + line)
        else:
            runs.append((inside, line))
    return runs


def _each_image(markdown: str):
    for inside, text in _outside_fences(markdown):
        if not inside:
            yield from (m for m in _CODE_OR_IMAGE.finditer(text) if m["url"])


def rewrite_images(markdown: str, local_of: Callable[[str], str | None]) -> str:
    """Point each image whose URL has a local file at it; the original URL becomes its title."""
    def replace(match):
        if not match["url"]:  # an escaped character, or code
            return match.group()
        local = local_of(match["url"])
        return f'![{match["alt"]}]({local} "{match["url"]}")' if local else match.group()

    return "".join(_CODE_OR_IMAGE.sub(replace, text) if not inside else text
                   for inside, text in _outside_fences(markdown))


@dataclass
class MediaResult:
    downloaded: int = 0  # URLs fetched and stored in this run
    written: list[str] = field(default_factory=list)  # new files (identical bytes are stored once)
    local: int = 0  # distinct URLs the pages now show from docs/assets/media/
    warnings: list[str] = field(default_factory=list)  # one line per URL left remote


def _refuse_private(url: str) -> None:
    """An address on this machine or a private network is not fetched unless asked for
    (--media-allow-private): a post's image URL must not make the import, say on a CI runner,
    call the runner's own services or its cloud's metadata endpoint. (A name that resolves
    differently later is not covered; the response must still be an image to be kept.)"""
    host = urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError):
        raise Refused(f"the host {host[:80]} cannot be resolved") from None
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global or ip.is_multicast:
            raise Refused(f"{host[:80]} is a private or local address ({address}); "
                          "--media-allow-private downloads from such addresses")


def _downloadable(url: str) -> bool:
    return urlsplit(url).scheme.lower() in ("http", "https")


def gather_index(docs: DocsView) -> None:
    """The import's gathering reads the index of the images kept (load_index reads it from there)."""
    docs.read(INDEX)


def localize_media(articles: list[Article], docs: Path, max_bytes: int = DEFAULT_MAX_BYTES,
                   downloader: Downloader | None = None, allow_private: bool = False,
                   view: DocsView | None = None,
                   put: Callable[[str, bytes], object] | None = None) -> tuple[list[Article], MediaResult]:
    """Download the articles' images into docs/assets/media/ and point the articles at them.

    Returns the articles as new records, each with its body's images rewritten and its
    `featured_file` (the featured image's local file, relative to the page), and what it did;
    writes the files and the index through `put(file, bytes)` (the import's: its writer's plan; by
    default straight to docs/). `view`: docs/ as the import gathered it (gather_index read the
    index); without one, docs/ is read here. The images are put as they are downloaded (never all
    held at once); a file whose name (its bytes' hash) is there already holds them."""
    result = MediaResult()
    put = put or (lambda file, data: replace_with(docs / file, data))
    downloader = downloader or Downloader(max_bytes, allow_private=allow_private)
    if view is None:
        view = DocsView(docs, docs_files(docs) if docs.is_dir() else ())
        gather_index(view)
        view.close()
    index = load_index(view)
    wanted: list[str] = []
    for article in articles:
        featured = article.post.featured_image
        for url in ([safe_url(featured.url)] if featured else []) + image_urls(article.body):
            if url and _downloadable(url) and url not in wanted:
                wanted.append(url)
    for url in wanted:
        if url in index:
            continue
        try:
            data, kind = downloader.get(url)
        except Refused as reason:
            result.warnings.append(f"warning: media: {url}: {reason}; kept the remote URL")
            continue
        file = stored_name(data, kind)
        if not view.exists(file) and file not in result.written:
            put(file, data)
            result.written.append(file)
        index[url] = file
        result.downloaded += 1
    result.local = sum(1 for url in wanted if url in index)
    pointed = [_pointed_at(article, index) for article in articles]
    text = index_text(index)
    if (index or view.exists(INDEX)) and text != view.text(INDEX):
        put(INDEX, text.encode("utf-8"))
        result.written.append(INDEX)
    return pointed, result


def _pointed_at(article: Article, index: dict[str, str]) -> Article:
    """The article showing the images `index` holds from their local files."""
    local = lambda url: relative_link(article.path, index[url]) if url in index else None
    featured = article.post.featured_image
    kept = featured and index.get(safe_url(featured.url))
    return replace(article, body=rewrite_images(article.body, local),
                   featured_file=relative_link(article.path, kept) if kept else article.featured_file)
