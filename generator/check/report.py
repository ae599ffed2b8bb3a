"""Problems and where they are: `path:line: level: message`.

Nothing in this package prints or exits; the CLI prints the report and chooses the exit code.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .names import Names
    from .pages import Page

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # as printed: relative to the current directory
    line: int
    level: str  # ERROR or WARNING
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.level}: {self.message}"


@dataclass
class Report:
    pages: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(p.level == ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.level == WARNING for p in self.problems)

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def summary(self) -> str:
        def count(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 else 's'}"
        return f"checked {count(self.pages, 'page')}: {count(self.errors, 'error')}, {count(self.warnings, 'warning')}"


class Checker:
    """Collects problems for one page at a time, with what every check may look up: the files
    and folders in docs/ (for links) and, once the entity pages are read, their names."""

    def __init__(self, report: Report, files: set[str], dirs: set[str], docs_shown: str = "docs"):
        self.report = report
        self.docs_shown = docs_shown  # the docs folder as printed, for messages
        self.files, self.dirs = files, dirs
        self.page: Page | None = None
        self.names: Names | None = None
        self.link_cache: dict[tuple[str, str], tuple[str, str] | None] = {}

    def error(self, line: int, message: str) -> None:
        self.report.problems.append(Problem(self.page.shown, line, ERROR, message))

    def warning(self, line: int, message: str) -> None:
        self.report.problems.append(Problem(self.page.shown, line, WARNING, message))
