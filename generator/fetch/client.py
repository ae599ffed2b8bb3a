"""HTTP GET as a polite client: paced requests, retries with backoff, Retry-After, timeouts."""
from __future__ import annotations

import email.utils
import random
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import urlsplit

import requests

from .. import __version__
from .errors import KeptFailing, Unreachable
from .models import FetchOptions

USER_AGENT = (f"wp-knowledge-base/{__version__} (python -m generator fetch; a Markdown archive of this site) "
              f"python-requests/{requests.__version__}")
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Errors worth another try: the connection dropped or the answer arrived damaged.
_DROPPED = (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError,
            requests.exceptions.ContentDecodingError)


def _retry_after(response: requests.Response, cap: float) -> float | None:
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = (email.utils.parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds()
        except (TypeError, ValueError):
            return None
    return min(max(seconds, 0.0), cap)


def _reason(error: Exception) -> str:
    text = str(error)
    for pattern in (r"\[Errno -?\d+\] ([^'\")]+)", r"(Read timed out)", r"(Connection refused)"):
        found = re.search(pattern, text)
        if found:
            return found.group(1).strip().rstrip(".")
    return type(error).__name__ if not text else text[:200]


class Client:
    """GET with a polite pace, retries with exponential backoff, Retry-After, timeouts."""

    def __init__(self, options: FetchOptions, session: requests.Session | None = None, *,
                 sleep: Callable[[float], None] = time.sleep, warn: Callable[[str], None] | None = None,
                 loopback: bool = False):
        self.session = session or requests.Session()
        self.session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
        if loopback:
            self.session.trust_env = False  # never send loopback traffic through an http_proxy
        self.options = options
        self.sleep = sleep
        self.warn = warn or (lambda line: None)
        self.requests = 0
        self._last: float | None = None

    def get(self, url: str, params: dict | None = None) -> requests.Response:
        attempts = max(1, self.options.attempts)
        for attempt in range(1, attempts + 1):
            response = self._attempt(url, params, attempt, attempts)
            if response is not None:
                return response
        raise AssertionError("unreachable")

    def _attempt(self, url: str, params: dict | None, attempt: int, attempts: int) -> requests.Response | None:
        """One try: the response, or None once it has waited to try again; raises on the last try."""
        self._pause()
        self.requests += 1
        try:
            response = self.session.get(url, params=params, timeout=self.options.timeout)
        except requests.exceptions.SSLError as error:
            raise Unreachable(f"TLS failure: {_reason(error)}") from error
        except _DROPPED as error:
            if attempt == attempts:
                raise Unreachable(_reason(error)) from error
            self._retry(url, _reason(error), self._backoff(attempt), attempt)
            return None
        except requests.RequestException as error:  # too many redirects, an invalid URL...
            raise Unreachable(_reason(error)) from error
        finally:
            self._last = time.monotonic()
        if response.status_code not in RETRY_STATUSES:
            return response
        if attempt == attempts:
            raise KeptFailing(f"HTTP {response.status_code} {response.reason or ''}".strip()
                              + f" after {attempts} attempts")
        wait = _retry_after(response, self.options.max_wait)
        self._retry(url, f"HTTP {response.status_code}", self._backoff(attempt) if wait is None else wait, attempt)
        return None

    def _pause(self) -> None:
        if self._last is not None and self.options.delay > 0:
            remaining = self.options.delay - (time.monotonic() - self._last)
            if remaining > 0:
                self.sleep(remaining)

    def _backoff(self, attempt: int) -> float:
        return min(self.options.max_wait, self.options.backoff * 2 ** (attempt - 1) * random.uniform(1, 1.25))

    def _retry(self, url: str, reason: str, wait: float, attempt: int) -> None:
        self.warn(f"retry: {urlsplit(url).path or '/'}: {reason}; waiting {wait:.1f} s "
                  f"(attempt {attempt + 1} of {self.options.attempts})")
        self.sleep(wait)
