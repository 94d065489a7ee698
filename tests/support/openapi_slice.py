"""A small slice of the server's OpenAPI document for offline tests: the invocation and output schemas
of some node types and every schema they reference, descriptions dropped, one schema per line.

    from tests.support.openapi_slice import write_openapi_slice
    write_openapi_slice(requests.get(f"{url}/openapi.json").json(), SLICE_NODE_TYPES, path)
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tests.support.schema_check import InvocationSchemas
from tests.support.schema_values import ref_name


def openapi_slice(openapi: dict, node_types: Iterable[str]) -> dict:
    """The part of an OpenAPI document these node types need (their invocation and output schemas and
    every schema they reference), descriptions dropped: the offline tests' saved copy."""
    full = InvocationSchemas(openapi)
    wanted: dict[str, dict] = {}
    pending = [name for t in node_types for name in _schema_names(full, t)]
    while pending:
        name = pending.pop()
        if name in wanted:
            continue
        wanted[name] = _without_descriptions(full.components[name])
        pending.extend(_refs(wanted[name]))
    return {"openapi": openapi.get("openapi"), "info": openapi.get("info"),
            "components": {"schemas": dict(sorted(wanted.items()))}}


def _schema_names(full: InvocationSchemas, node_type: str) -> list[str]:
    return [name for name in full.component_names[node_type] if name]


def _refs(value: Any) -> list[str]:
    if isinstance(value, dict):
        found = [ref_name(value["$ref"])] if isinstance(value.get("$ref"), str) else []
        return found + [r for v in value.values() for r in _refs(v)]
    if isinstance(value, list):
        return [r for v in value for r in _refs(v)]
    return []


def _without_descriptions(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_descriptions(v) for k, v in value.items()
                if not (k == "description" and isinstance(v, str))}
    if isinstance(value, list):
        return [_without_descriptions(v) for v in value]
    return value


def slice_text(openapi_part: dict) -> str:
    """The slice as JSON text with one schema per line (small diffs when the server changes)."""
    schemas = openapi_part["components"]["schemas"]
    lines = [f"{json.dumps(name)}: {json.dumps(schema, separators=(',', ':'))}" for name, schema in schemas.items()]
    return (f'{{"openapi": {json.dumps(openapi_part["openapi"])}, "info": {json.dumps(openapi_part["info"])},\n'
            ' "components": {"schemas": {\n' + ",\n".join(lines) + "\n}}}\n")


def write_openapi_slice(openapi: dict, node_types: Iterable[str], path: Path) -> None:
    path.write_text(slice_text(openapi_slice(openapi, node_types)))
