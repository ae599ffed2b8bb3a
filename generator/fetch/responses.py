"""Reading what the site answered: JSON (salvaged if damaged), WordPress error codes, and one
line that says what went wrong and what to do."""
from __future__ import annotations

import json
import re

import requests

from ..sources.salvage import SalvageError, decode_bytes, salvage
from .errors import EndpointError

WXR_HINT = "export WXR (Tools > Export) and import that file"


def looks_like_html(body: bytes) -> bool:
    head = body[:512].lstrip().lower()
    return head.startswith((b"<!doctype", b"<html", b"<head", b"<body", b"<?xml")) or b"<html" in head


def json_value(body: bytes):
    """The JSON in a body, salvaged if damaged (a PHP notice before it, say); None if there is none."""
    try:
        return json.loads(body)
    except ValueError:
        pass
    if looks_like_html(body):
        return None
    try:
        values = salvage(decode_bytes(body)[0]).values
    except (SalvageError, ValueError):
        return None
    return values[0] if values else None


def items_of(body: bytes, endpoint: str) -> list:
    """The list a page of `endpoint` holds; EndpointError when the body is anything else."""
    value = json_value(body)
    if isinstance(value, list):
        return value
    if value is None:
        what = "an HTML page" if looks_like_html(body) else "not JSON"
        raise EndpointError(f"{endpoint}: the response is {what}, not a list of {endpoint}")
    raise EndpointError(f"{endpoint}: the response is JSON but not a list of {endpoint}")


def error_code(response: requests.Response) -> tuple[str, str]:
    value = json_value(response.content)
    if isinstance(value, dict) and isinstance(value.get("code"), str):
        return value["code"], re.sub(r"<[^>]+>", "", str(value.get("message") or "")).strip()
    return "", ""


def describe(response: requests.Response) -> str:
    code, message = error_code(response)
    if code:
        return f"HTTP {response.status_code} ({code}: {message})" if message else f"HTTP {response.status_code} ({code})"
    if looks_like_html(response.content):
        return f"HTTP {response.status_code}, an HTML page instead of JSON"
    return f"HTTP {response.status_code}"


def access_message(site: str, response: requests.Response) -> str:
    """One line for a 401/403: what it means and what to do."""
    code, message = error_code(response)
    said = f" ({code}: {message})" if code else ""
    if "disabled" in code:
        return (f"{site}: the site's REST API is disabled{said}; ask the site owner to enable it, "
                f"or {WXR_HINT}")
    if response.status_code == 401 or any(w in code for w in ("logged_in", "login", "auth", "cannot_access")):
        return (f"{site}: the site's REST API needs authentication{said}; fetching private content is not "
                f"supported — ask the site owner, or {WXR_HINT}")
    if not code and looks_like_html(response.content):
        said = " (an HTML page: a firewall or security plugin may block the REST API or automated clients)"
    return (f"{site}: the site refuses REST API requests (HTTP {response.status_code}){said}; ask the site owner, "
            f"or {WXR_HINT}")
