"""Time stamps as the state file keeps them: UTC, to the second, without an offset."""
from __future__ import annotations

import email.utils
from datetime import UTC, datetime, timedelta

import requests

TIME_FORMAT = "%Y-%m-%dT%H:%M:%S"
RUN_ID_FORMAT = "%Y%m%dT%H%M%SZ"


def parse_gmt(value) -> datetime | None:
    if not isinstance(value, str) or value.startswith("0000"):
        return None
    try:
        return datetime.strptime(value[:19], TIME_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def utc_text(value: datetime) -> str:
    return value.astimezone(UTC).strftime(TIME_FORMAT)


def server_time(response: requests.Response) -> str | None:
    """When the site produced this response: its Date header, less Age when a cache served it."""
    try:
        when = email.utils.parsedate_to_datetime(response.headers.get("Date", ""))
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    age = response.headers.get("Age", "").strip()
    if age.isdigit():
        when -= timedelta(seconds=int(age))
    return utc_text(when)
