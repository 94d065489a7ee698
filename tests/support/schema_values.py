"""Literal values against an OpenAPI property schema: the small part of JSON Schema InvokeAI's invocation
schemas use (`$ref`, `anyOf`/`allOf`, `type`, `enum`/`const`, bounds, array items, object properties).

`value_problems(value, schema, resolve)` returns sentence tails, each with the path inside the value
first (`[0].weight: 'x' is not a number`, or `: 'bogus' is not one of …` for the value itself); the
graph checker (`schema_check.py`) puts the node and field in front of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Resolve = Callable[[str], dict]

JSON_TYPES: dict[str, Callable[[Any], bool]] = {
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    # pydantic takes an int where a float is declared, and a float with no fraction where an int is
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "string": lambda v: isinstance(v, str),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}


def ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def a_or_an(name: str) -> str:
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def describe(schema: dict, resolve: Resolve) -> str:
    """A short human name of a schema: `ModelIdentifierField`, `string`, `list of ImageField`, `any`."""
    if "$ref" in schema:
        return ref_name(schema["$ref"])
    for key in ("anyOf", "oneOf"):
        if key in schema:
            names = [describe(s, resolve) for s in schema[key]]
            return " or ".join(n for n in names if n != "null") or "null"
    if "allOf" in schema:
        return " and ".join(describe(s, resolve) for s in schema["allOf"])
    kind = schema.get("type")
    if kind == "array":
        return f"list of {describe(schema.get('items', {}), resolve)}"
    if isinstance(kind, list):
        return " or ".join(kind)
    return kind or "any"


def value_problems(value: Any, schema: dict, resolve: Resolve) -> list[str]:
    """What is wrong with `value` for `schema` (empty: it fits)."""
    if "$ref" in schema:
        return value_problems(value, resolve(schema["$ref"]), resolve)
    if "allOf" in schema:
        return [p for part in schema["allOf"] for p in value_problems(value, part, resolve)]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return _alternatives_problems(value, schema[key], resolve)
    if "const" in schema and value != schema["const"]:
        return [f": is {value!r}, not {schema['const']!r}"]
    if "enum" in schema and value not in schema["enum"]:
        return [f": {value!r} is not one of {', '.join(map(repr, schema['enum']))}"]
    kind = schema.get("type")
    if kind is not None:
        kinds = kind if isinstance(kind, list) else [kind]
        if not any(JSON_TYPES[k](value) for k in kinds if k in JSON_TYPES):
            return [f": {value!r} is not {a_or_an(describe(schema, resolve))}"]
    problems = _bound_problems(value, schema)
    if isinstance(value, list) and "items" in schema:
        for n, item in enumerate(value):
            problems += [f"[{n}]{p}" for p in value_problems(item, schema["items"], resolve)]
    if isinstance(value, dict):
        problems += _object_problems(value, schema, resolve)
    return problems


def _alternatives_problems(value: Any, alternatives: list[dict], resolve: Resolve) -> list[str]:
    found = [value_problems(value, alt, resolve) for alt in alternatives]
    if any(not problems for problems in found):
        return []
    # Say the most useful thing: the alternative whose type fits (an enum, a bound, a missing key).
    for alt, problems in zip(alternatives, found, strict=True):
        if not any(p.endswith(f"is not {a_or_an(describe(alt, resolve))}") for p in problems):
            return problems
    return [f": {value!r} is not {a_or_an(' or '.join(describe(a, resolve) for a in alternatives))}"]


def _bound_problems(value: Any, schema: dict) -> list[str]:
    if not JSON_TYPES["number"](value):
        return []
    problems = []
    if "minimum" in schema and value < schema["minimum"]:
        problems.append(f": {value!r} is below the minimum {schema['minimum']}")
    if "maximum" in schema and value > schema["maximum"]:
        problems.append(f": {value!r} is above the maximum {schema['maximum']}")
    if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
        problems.append(f": {value!r} is not above {schema['exclusiveMinimum']}")
    if "exclusiveMaximum" in schema and value >= schema["exclusiveMaximum"]:
        problems.append(f": {value!r} is not below {schema['exclusiveMaximum']}")
    return problems


def _object_problems(value: dict, schema: dict, resolve: Resolve) -> list[str]:
    properties = schema.get("properties", {})
    problems = [f": lacks {key!r}" for key in schema.get("required", []) if key not in value]
    for key, item in value.items():
        if key in properties:
            problems += [f".{key}{p}" for p in value_problems(item, properties[key], resolve)]
        elif schema.get("additionalProperties") is False:
            problems.append(f": has {key!r}, which {schema.get('title', 'it')} does not have")
    return problems
