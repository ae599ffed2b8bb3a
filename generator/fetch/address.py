"""The site's address: as the user typed it, as a folder name, and whether it is this machine."""
from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit, urlunsplit


def normalize_site_url(text: str) -> str:
    """`example.com/blog/` -> `https://example.com/blog`; an API URL is cut back to the site."""
    text = text.strip()
    if not text:
        raise ValueError("the site's address is empty")
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError(f"not a web address: {text} (use http:// or https://)")
    if not parts.hostname:
        raise ValueError(f"no host name in {text}")
    path = parts.path.split("/wp-json", 1)[0].rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, "", ""))


def site_key(site: str) -> str:
    """The folder name for a site: host, then port and path when present (`127.0.0.1_8080`)."""
    parts = urlsplit(site)
    name = "_".join([parts.hostname or "site", *([str(parts.port)] if parts.port else []),
                     *[p for p in parts.path.split("/") if p]])
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name)


def is_loopback(site: str) -> bool:
    host = urlsplit(site).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
