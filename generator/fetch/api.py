"""Finding the site's REST API: `/wp-json/`, else `/?rest_route=/` (plain permalinks)."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import requests

from .client import Client
from .errors import FetchError, KeptFailing, Unreachable
from .responses import WXR_HINT, access_message, describe, json_value, looks_like_html

INDEX_FIELDS = "name,description,url,home,gmt_offset,timezone_string,namespaces"
_WHERE = "at /wp-json/ and /?rest_route=/"


@dataclass
class Api:
    site: str
    root: str  # the index URL that answered
    style: str  # "path": /wp-json/ROUTE, "query": /?rest_route=ROUTE
    info: dict

    def endpoint(self, route: str) -> tuple[str, dict]:
        if self.style == "path":
            return self.root.rstrip("/") + route, {}
        return self.root, {"rest_route": route}


def discover(client: Client, site: str) -> Api:
    """Find the REST API: `/wp-json/`, else `/?rest_route=/` (plain permalinks)."""
    tried = []
    for style, url, params in (("path", site + "/wp-json/", {}), ("query", site + "/", {"rest_route": "/"})):
        response = _get_index(client, site, url, params)
        value = json_value(response.content) if response.ok else None
        if isinstance(value, dict) and isinstance(value.get("namespaces"), list):
            if "wp/v2" in value["namespaces"]:
                parts = urlsplit(response.url)
                root = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
                return Api(site, root, style, value)
            tried.append(("nowp", response))
        elif response.status_code in (401, 403):
            raise FetchError(access_message(site, response))
        else:
            html = response.ok and looks_like_html(response.content)
            tried.append(("html" if html else str(response.status_code), response))
    raise _not_found(site, tried)


def _get_index(client: Client, site: str, url: str, params: dict) -> requests.Response:
    try:
        response = client.get(url, {**params, "_fields": INDEX_FIELDS})
    except Unreachable as error:
        raise FetchError(f"cannot reach {site}: {error}") from error
    except KeptFailing as error:
        raise FetchError(f"{site}: the site keeps failing ({error}); try again later, "
                         "or with a larger --delay") from error
    if "wp-login.php" in urlsplit(response.url).path:  # a "force login" plugin redirected us
        raise FetchError(f"{site}: the site's REST API needs authentication (it redirects to the login "
                         f"page); fetching private content is not supported — ask the site owner, or {WXR_HINT}")
    return response


def _not_found(site: str, tried: list[tuple[str, requests.Response]]) -> FetchError:
    """Why neither address gave a usable API, from what each answered."""
    kinds = [kind for kind, _ in tried]
    if "nowp" in kinds:
        return FetchError(f"{site}: the REST API has no wp/v2 routes (posts, pages...): a plugin may have "
                          f"removed them; ask the site owner, or {WXR_HINT}")
    if "html" in kinds and all(r.ok for _, r in tried):  # a theme page, a "coming soon" page...
        return FetchError(f"{site}: answered with an HTML page instead of JSON {_WHERE}: not a WordPress site, or "
                          f"its REST API is disabled; check the address, or {WXR_HINT}")
    if all(kind == "404" for kind in kinds):
        return FetchError(f"{site}: no WordPress REST API found (HTTP 404 {_WHERE}); check the address "
                          "(a WordPress in a sub-folder needs the folder in SITE_URL)")
    statuses = ", ".join(describe(r) for _, r in tried)
    return FetchError(f"{site}: no WordPress REST API found {_WHERE} ({statuses}); check the address, or {WXR_HINT}")
