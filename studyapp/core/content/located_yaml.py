"""YAML parsing that remembers the line every value came from.

Validation errors are reported as `FILE:LINE: field: message`, so each value's
position is kept beside the plain data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # libyaml is much faster; the pure-Python loader gives the same nodes.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple[str | int, ...]


@dataclass
class Located:
    """Parsed data plus a map from each value's path to its 1-based line."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    line_offset: int = 0

    def line_of(self, path: Path_) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            found = self.lines.get(tuple(path[:end]))
            if found is not None:
                return found + self.line_offset
        return 1 + self.line_offset


class YamlSyntaxError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def parse_yaml(text: str) -> Located:
    """Parse one YAML document; raise `YamlSyntaxError` with a line on bad syntax."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise YamlSyntaxError(line, f"invalid YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(1, f"invalid YAML: {exc}") from None
    located = Located(data=None)
    if node is not None:
        located.data = _build(node, (), located.lines)
    return located


def _build(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            result[key] = _build(value_node, (*path, str(key)), lines)
            # A key's own line is more useful than its value's for block scalars.
            lines[(*path, str(key))] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), lines) for i, item in enumerate(node.value)]
    return _scalar(node)


_CONSTRUCTOR = yaml.SafeLoader("")
_STR = "tag:yaml.org,2002:str"


def _scalar(node: yaml.Node) -> Any:
    # The composer has already resolved each scalar's tag (int, bool, null, date, str);
    # PyYAML's safe constructor for that tag turns the text into the value.
    if not isinstance(node, yaml.ScalarNode):
        raise YamlSyntaxError(node.start_mark.line + 1, "a key must be plain text")
    if node.tag == _STR:  # most scalars: the text is the value
        return node.value
    construct = _CONSTRUCTOR.yaml_constructors.get(node.tag)
    if construct is None:
        raise YamlSyntaxError(node.start_mark.line + 1, f"unsupported YAML tag {node.tag}")
    return construct(_CONSTRUCTOR, node)
