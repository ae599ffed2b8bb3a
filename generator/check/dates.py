"""Dates in front-matter: a publication time needs a UTC offset; a mentioned date may be a
year, a month, a day, or START/END of those; none may be off the calendar."""
from __future__ import annotations

import re
from calendar import month_name, monthrange
from datetime import datetime

import yaml

from .fields import Validator
from .report import Checker
from .yamlnodes import Fields, describe, is_null, is_text, line_of

_TIMESTAMP = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
                        r"(Z|[+-]\d{2}(?::?\d{2})?)?$")
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

Day = tuple[int, int, int]  # (year, month, day)


def impossible(year: int, month: int, day: int | None) -> str | None:
    """Why year-month-day is not on the calendar, or None when it is."""
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if day is not None:
        days = monthrange(year, month)[1]
        if not 1 <= day <= days:
            return f"{month_name[month]} {year} has {days} days"
    return None


def parse_timestamp(value: str) -> tuple[datetime | None, str | None]:
    """(datetime, None) or (None, what is wrong) for an ISO 8601 date-time with a UTC offset."""
    match = _TIMESTAMP.match(value)
    if not match:
        return None, f'"{value}" is not an ISO 8601 date and time (like 2023-10-16T08:00:34+09:00)'
    year, month, day, hour, minute = (int(match.group(i)) for i in range(1, 6))
    second = int(match.group(6) or 0)
    reason = impossible(year, month, day)
    if reason or hour > 23 or minute > 59 or second > 59:
        return None, f'impossible date "{value}": {reason or "no such time of day"}'
    if not match.group(7):
        return None, f'"{value}" has no UTC offset (add one, like +09:00 or Z)'
    try:
        return datetime.fromisoformat(value), None
    except ValueError as error:
        return None, f'"{value}" cannot be read: {error}'


def timestamp(nullable: bool) -> Validator:
    def validate(check: Checker, node: yaml.Node, label: str, line: int) -> None:
        if nullable and is_null(node):
            return
        if not is_text(node):
            check.error(line, f"`{label}` must be a date and time, not {describe(node)}")
            return
        _, problem = parse_timestamp(node.value)
        if problem:
            check.error(line, f"`{label}`: {problem}")
    return validate


def partial_date_range(value: str) -> tuple[Day, Day] | str:
    """First and last day a YYYY, YYYY-MM or YYYY-MM-DD stands for, or what is wrong with it."""
    match = _PARTIAL_DATE.match(value)
    if not match:
        return f'"{value}" is not a date (YYYY, YYYY-MM, YYYY-MM-DD, or START/END of those)'
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    reason = impossible(year, month, day) if month is not None else None
    if reason:
        return f'impossible date "{value}": {reason}'
    if month is None:
        return (year, 1, 1), (year, 12, 31)
    if day is None:
        return (year, month, 1), (year, month, monthrange(year, month)[1])
    return (year, month, day), (year, month, day)


def mentioned_date(check: Checker, node: yaml.Node, label: str, line: int) -> None:
    if not is_text(node):
        check.error(line, f"`{label}` must be a date, not {describe(node)}")
        return
    parts = node.value.split("/")
    if len(parts) > 2:
        check.error(line, f'`{label}` "{node.value}" is not a date or a START/END interval')
        return
    spans = [partial_date_range(part) for part in parts]
    for span in spans:
        if isinstance(span, str):
            check.error(line, f"`{label}`: {span}")
            return
    if len(spans) == 2 and spans[0][0] > spans[1][1]:
        check.error(line, f'`{label}` "{node.value}" ends before it starts')


def check_updated_after_date(check: Checker, fields: Fields) -> None:
    """An article cannot be updated before it was published."""
    published = _timestamp_of(fields.get("date"))
    updated = _timestamp_of(fields.get("updated"))
    if published and updated and updated < published:
        check.warning(line_of(fields["updated"][0]),
                      f"`updated` ({updated.isoformat()}) is earlier than `date` ({published.isoformat()})")


def _timestamp_of(entry: tuple[yaml.Node, yaml.Node] | None) -> datetime | None:
    if entry is None or not is_text(entry[1]):
        return None
    return parse_timestamp(entry[1].value)[0]
