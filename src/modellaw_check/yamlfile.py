"""YAML files validated against pydantic models (rule packs, language profiles, the config): one reader,
errors that name the file, the line and the field.

Kept apart from the rule loader so that the language profiles and the config use it without importing
the loader (which imports the profiles).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from modellaw_check.errors import RuleError
from modellaw_check.guard import read_text

# libyaml's parser when PyYAML was built with it: the pure-Python one was most of start-up.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def line_of(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """Follow a pydantic error location through the YAML node tree to a line number."""
    if node is None:
        return None
    line = node.start_mark.line + 1
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = next((v for k, v in node.value if getattr(k, "value", None) == key), None)
            if nxt is None:
                return line
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            return line
        line = node.start_mark.line + 1
    return line


def compose(text: str) -> yaml.Node | None:
    return yaml.compose(text, Loader=LOADER)


def yaml_problem(exc: yaml.YAMLError) -> tuple[str, int | None]:
    """A YAML error's one-line problem and its 1-based line, where PyYAML knows it."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return problem, mark.line + 1 if mark else None


def load_yaml(path: Path) -> tuple[Any, str]:
    """The parsed data and the text (composed again into nodes only to place an error on a line)."""
    text = read_text(path, "rule file", error=RuleError)
    try:
        data = yaml.load(text, Loader=LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        problem, line = yaml_problem(exc)
        raise RuleError(f"malformed YAML: {problem}", path=str(path), line=line) from None
    return data, text


def validate(model: type, data: Any, text: str, path: Path):
    if not isinstance(data, dict):
        raise RuleError("expected a mapping at the top of the file", path=str(path), line=1)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith(("function-", "list["))))
        field_name = ".".join(str(p) for p in loc) or "(rule)"
        msg = err["msg"].removeprefix("Value error, ")
        more = f" (and {len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
        raise RuleError(f"field '{field_name}': {msg}{more}", path=str(path),
                        line=line_of(compose(text), loc)) from None


def load_validated(model: type, path: Path):
    """A YAML file validated against a pydantic model; errors name the file, line and field."""
    data, text = load_yaml(path)
    return validate(model, data, text, path)
