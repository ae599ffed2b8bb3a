"""How a fetch fails: for the whole site, for one request, or for one endpoint."""
from __future__ import annotations


class FetchError(Exception):
    """The site cannot be fetched at all: unreachable, REST API disabled or locked (exit 3)."""


class Unreachable(Exception):
    """No answer after every retry (connection refused, timeouts, TLS failure)."""


class KeptFailing(Exception):
    """The site answered 429 or 5xx to every retry."""


class EndpointError(Exception):
    """One endpoint failed for good (a 4xx, a body that is not JSON); the others go on."""

    def __init__(self, message: str, access_denied: bool = False):
        super().__init__(message)
        self.access_denied = access_denied
