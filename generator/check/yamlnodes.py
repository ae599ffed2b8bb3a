"""Front-matter as PyYAML nodes (yaml.compose), which keep their line numbers.

Each key, value and list item carries its position, so a message points at the line to edit,
not at the page. These helpers read nodes the way yaml.safe_load would turn them into values.
"""
from __future__ import annotations

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: same nodes, faster

_TAG = "tag:yaml.org,2002:"
STR, NULL, BOOL, INT, FLOAT, TIMESTAMP, MAP = (_TAG + t for t in ("str", "null", "bool", "int", "float", "timestamp",
                                                                  "map"))
_TEXT_TAGS = {STR, INT, FLOAT, TIMESTAMP}  # what a reader gets back as words ("2018", "1.5")

Fields = dict[str, tuple[yaml.Node, yaml.Node]]  # key -> (key node, value node)


def line_of(node: yaml.Node) -> int:
    """File line of a front-matter node: the YAML starts on line 2, after the opening ---."""
    return node.start_mark.line + 2


def empty_mapping() -> yaml.MappingNode:
    """The front-matter `---` then `---` stands for: no keys, at the top of the page."""
    node = yaml.MappingNode(MAP, [])
    node.start_mark = yaml.Mark("", 0, 0, 0, None, None)
    return node


def mapping_fields(node: yaml.MappingNode, duplicate=None, where: str = "") -> Fields:
    """key -> (key node, value node); a repeated key is reported to `duplicate(line, message)`,
    when given (YAML keeps only the last)."""
    seen: Fields = {}
    for key, value in node.value:
        name = key.value if isinstance(key, yaml.ScalarNode) else str(key.value)
        if duplicate and name in seen:
            duplicate(line_of(key), f"`{where}{name}` is given twice (also on line {line_of(seen[name][0])}); "
                                    "YAML keeps only the last")
        seen[name] = (key, value)
    return seen


def is_text(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag in _TEXT_TAGS


def is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == NULL


def is_true(node: yaml.Node) -> bool:
    return node.tag == BOOL and node.value.lower() in ("true", "yes", "on")


def describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == NULL:
        return "empty"
    if node.tag == BOOL:
        return f"the boolean {node.value} (quote it to make it text)"
    return f'"{node.value}"'
