"""Field validators, the building blocks of the front-matter schema.

A validator gets (checker, value node, label, line of its key or list item) and reports what
is wrong with the value; combinators build lists and mappings of them.
"""
from __future__ import annotations

import re
from collections.abc import Callable

import yaml

from .report import Checker
from .yamlnodes import BOOL, INT, NULL, describe, is_null, is_text, line_of, mapping_fields

Validator = Callable[[Checker, yaml.Node, str, int], None]


def text(nonempty: bool = False, nullable: bool = False, pattern: re.Pattern | None = None,
         hint: str = "") -> Validator:
    def validate(check: Checker, node: yaml.Node, label: str, line: int) -> None:
        if nullable and is_null(node):
            return
        if not is_text(node):
            check.error(line, f"`{label}` must be text, not {describe(node)}")
        elif nonempty and not node.value.strip():
            check.error(line, f"`{label}` is empty")
        elif pattern and not pattern.match(node.value):
            check.error(line, f'`{label}` "{node.value}" {hint}')
    return validate


def boolean(check: Checker, node: yaml.Node, label: str, line: int) -> None:
    if not (isinstance(node, yaml.ScalarNode) and node.tag == BOOL):
        check.error(line, f"`{label}` must be true or false, not {describe(node)}")


def integer_or_null(check: Checker, node: yaml.Node, label: str, line: int) -> None:
    if not (isinstance(node, yaml.ScalarNode) and node.tag in (INT, NULL)):
        check.error(line, f"`{label}` must be a whole number, not {describe(node)}")


def anything(check: Checker, node: yaml.Node, label: str, line: int) -> None:
    """Keys MkDocs and its theme read: any value."""


def list_of(item: Validator) -> Validator:
    def validate(check: Checker, node: yaml.Node, label: str, line: int) -> None:
        if is_null(node):
            return  # `tags:` with nothing after it: an empty list
        if not isinstance(node, yaml.SequenceNode):
            check.error(line, f"`{label}` must be a list, not {describe(node)}")
            return
        for index, child in enumerate(node.value):
            item(check, child, f"{label}[{index}]", line_of(child))
    return validate


def record(required: dict[str, Validator], optional: dict[str, Validator] | None = None) -> Validator:
    """A mapping with these keys; a missing required key is an error, an unknown key a warning."""
    optional = optional or {}

    def validate(check: Checker, node: yaml.Node, label: str, line: int) -> None:
        if not isinstance(node, yaml.MappingNode):
            check.error(line, f"`{label}` must be a mapping of keys to values, not {describe(node)}")
            return
        prefix = f"{label}." if label else ""
        fields = mapping_fields(node, check.error, prefix)
        for key in required:
            if key not in fields:
                check.error(line, f"`{prefix}{key}` is missing" if label else f"no `{key}` in the front-matter")
        for key, (key_node, value) in fields.items():
            validator = required.get(key) or optional.get(key)
            if validator:
                validator(check, value, prefix + key, line_of(key_node))
            else:
                check.warning(line_of(key_node), f"unknown key `{prefix}{key}`")
    return validate
