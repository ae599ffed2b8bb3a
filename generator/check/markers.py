"""The BEGIN/END GENERATED markers around what the importer rewrites on hand-edited pages.

The importer rewrites what lies between the markers; broken markers stop it (listings.splice).
"""
from __future__ import annotations

from ..write import BEGIN, END
from .pages import Page
from .report import Checker


def check_markers(check: Checker, page: Page) -> None:
    """Each marker once, exactly as written, BEGIN before END."""
    begins, ends = _markers(check, page)
    for extra in begins[1:]:
        check.error(extra, f"a second BEGIN GENERATED marker (the first is on line {begins[0]})")
    for extra in ends[1:]:
        check.error(extra, f"a second END GENERATED marker (the first is on line {ends[0]})")
    if begins and not ends:
        check.error(begins[0], "BEGIN GENERATED marker without an END GENERATED marker: the importer "
                               "will not update this page until both are there")
    elif ends and not begins:
        check.error(ends[0], "END GENERATED marker without a BEGIN GENERATED marker: the importer "
                             "will not update this page until both are there")
    elif begins and ends[0] < begins[0]:
        check.error(ends[0], f"END GENERATED marker comes before the BEGIN GENERATED marker (line {begins[0]})")


def _markers(check: Checker, page: Page) -> tuple[list[int], list[int]]:
    """Lines of the BEGIN and of the END markers; a marker that was changed is reported."""
    begins, ends = [], []
    for number, line in enumerate(page.body.split("\n"), start=page.body_line):
        if "BEGIN GENERATED" in line:
            begins.append(number)
            if BEGIN not in line:
                check.error(number, f"the BEGIN GENERATED marker was changed; it must read exactly: {BEGIN}")
        if "END GENERATED" in line:
            ends.append(number)
            if END not in line:
                check.error(number, f"the END GENERATED marker was changed; it must read exactly: {END}")
    return begins, ends
