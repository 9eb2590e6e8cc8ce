"""The shipped schemas as a plain-text reference: what each file of a project holds, and for
every key or column its type, the values it allows, its default and what it does.

A project made by `metasynth init` has no copy of the schemas (they are inside the installed
package), so messages about a config key, a searches.yaml entry or a decision-file column point
to `metasynth schema NAME [KEY]`, which prints them from here; it is the same schema the
workflow and the command line validate with.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator, Mapping
from importlib import resources
from typing import Any

from metasynth.errors import InputError
from metasynth.validation import load_schema

WIDTH = 96
"""Characters per line of the printed reference."""


def schema_names() -> list[str]:
    """The schemas shipped with the package, by name (`config`, `searches`, ...), sorted."""
    folder = resources.files("metasynth") / "schemas"
    suffix = ".schema.yaml"
    return sorted(p.name[: -len(suffix)] for p in folder.iterdir() if p.name.endswith(suffix))


def schema_index() -> list[tuple[str, str]]:
    """(name, title) of every shipped schema: which file of a project each one describes."""
    return [(name, str(load_schema(name).get("title", ""))) for name in schema_names()]


def _resolve(node: Any, root: Mapping[str, Any]) -> Any:
    """`node` with a local `$ref` ("#/$defs/x") replaced by what it points to."""
    while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
        target: Any = root
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        rest = {k: v for k, v in node.items() if k != "$ref"}
        node = {**target, **rest}
    return node


ANY_NAME = "<name>"
"""How a mapping's keys of the reader's choosing (`appraisal.schemes.<name>`) are shown."""


def _children(node: Mapping[str, Any], root: Mapping[str, Any]) -> dict[str, Any]:
    """The keys below a node: an object's properties (and `<name>` for keys of the reader's
    choosing, an `additionalProperties` schema), or those of an array's items ("[]")."""
    items = _resolve(node.get("items"), root)
    if isinstance(items, Mapping) and "properties" in items:
        return {f"[].{k}": v for k, v in items["properties"].items()}
    children = dict(node.get("properties", {}))
    if isinstance(node.get("additionalProperties"), Mapping):
        children[ANY_NAME] = node["additionalProperties"]
    return children


def find_key(name: str, key: str) -> tuple[str, dict[str, Any]]:
    """The schema node of a dotted key (`screening.reviewers_per_stage`; `[]` or not for list
    items) in schema `name`; InputError naming the keys there are when it has no such key."""
    root = load_schema(name)
    node: dict[str, Any] = root
    path: list[str] = []
    for part in [p for p in key.replace("[]", "").split(".") if p]:
        children = {k.removeprefix("[]."): v for k, v in _children(node, root).items()}
        if part not in children and ANY_NAME in children:
            children = {part: children[ANY_NAME]}
        if part not in children:
            known = ", ".join(children) or "none: it is a single value"
            raise InputError(
                f"no key {part!r} under {'.'.join(path) or 'the top level'} of the {name} schema",
                element=key,
                hint=f"the keys there: {known}",
            )
        path.append(part)
        node = _resolve(children[part], root)
    return ".".join(path), node


def _kind(node: Mapping[str, Any], root: Mapping[str, Any]) -> str:
    """A node's type, allowed values, range and default in a few words."""
    parts = []
    if "enum" in node:
        parts.append("one of " + ", ".join(json.dumps(v) for v in node["enum"]))
    elif "const" in node:
        parts.append(f"exactly {json.dumps(node['const'])}")
    else:
        kinds = node.get("type")
        if kinds is None and any(k in node for k in ("oneOf", "anyOf")):
            options = [_resolve(o, root) for o in node.get("oneOf", node.get("anyOf", []))]
            kinds = [_kind(o, root) for o in options if isinstance(o, Mapping)]
            parts.append(" or ".join(k for k in kinds if k) or "see below")
        elif kinds is not None:
            text = " or ".join(kinds) if isinstance(kinds, list) else str(kinds)
            items = _resolve(node.get("items"), root)
            if text == "array" and isinstance(items, Mapping) and "properties" not in items:
                text = f"list of ({_kind(items, root)})"
            parts.append(text)
    for word, key in (("at least", "minimum"), ("at most", "maximum")):
        if key in node:
            parts.append(f"{word} {node[key]}")
    if "pattern" in node:
        parts.append(f"matching {node['pattern']}")
    if "format" in node:
        parts.append(f"a {node['format']}")
    if "default" in node:
        parts.append(f"default {json.dumps(node['default'], ensure_ascii=False)}")
    return "; ".join(parts)


def _lines(
    key: str, node: Mapping[str, Any], root: Mapping[str, Any], depth: int, required: bool
) -> Iterator[str]:
    indent = "  " * depth
    kind = _kind(node, root)
    head = f"{indent}{key}" + (" (required)" if required else "") + (f": {kind}" if kind else "")
    yield from textwrap.wrap(head, WIDTH, subsequent_indent=indent + "    ")
    description = " ".join(str(node.get("description", "")).split())
    if description:
        yield from textwrap.wrap(
            description, WIDTH, initial_indent=indent + "    ", subsequent_indent=indent + "    "
        )
    items = _resolve(node.get("items"), root)
    owner = items if isinstance(items, Mapping) and "properties" in items else node
    needed = set(owner.get("required", []))
    for child, spec in _children(node, root).items():
        is_needed = child.removeprefix("[].") in needed
        yield from _lines(child, _resolve(spec, root), root, depth + 1, is_needed)


def render(name: str, key: str = "") -> str:
    """Schema `name` (or the part under a dotted `key`) as indented text: each key with its
    type, allowed values, default and description."""
    if name not in schema_names():
        raise InputError(
            f"no schema named {name!r}",
            hint=f"one of {', '.join(schema_names())} (`metasynth schema` lists what each is)",
        )
    root = load_schema(name)
    if key:
        path, node = find_key(name, key)
        return "\n".join(_lines(path, node, root, 0, False)) + "\n"
    lines = [str(root.get("title", name)), ""]
    description = " ".join(str(root.get("description", "")).split())
    lines += [*textwrap.wrap(description, WIDTH), ""] if description else []
    needed = set(root.get("required", []))
    for child, spec in _children(root, root).items():
        lines += _lines(child, _resolve(spec, root), root, 0, child.removeprefix("[].") in needed)
    return "\n".join(lines) + "\n"
