"""Batch building: batch/generator nodes and sweeps become the server's batch `data`.

`data` is a list of groups; the items inside a group are zipped (equal lengths), groups are
combined as a cartesian product, and the whole is repeated `runs` times. The web UI's
`getBatchDataForWorkflowGeneration` puts batch nodes sharing a `batch_group_id` in one zipped
group and every ungrouped ("None") node in its own group.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from .definition import WorkflowDefinition
from .errors import WorkflowBuildError

COLLECTION_INPUT = {"image_batch": "images", "string_batch": "strings", "integer_batch": "integers",
                    "float_batch": "floats"}


def _generator_values(node: dict[str, Any]) -> list[Any]:
    """Values of an integer/float/string generator node (resolve*GeneratorField in field.ts)."""
    gen = (node["data"].get("inputs", {}).get("generator") or {}).get("value")
    label = node["data"].get("label") or node["data"]["type"]
    if not isinstance(gen, dict):
        raise WorkflowBuildError(f"generator node {label!r} has no generator settings")
    if isinstance(gen.get("values"), list):
        return gen["values"]
    kind = gen.get("type", "")
    is_int = node["data"]["type"] == "integer_generator"
    try:
        if kind.endswith("arithmetic_sequence"):
            start, step, count = gen["start"], gen["step"], int(gen["count"])
            return [start + step * i for i in range(count)]
        if kind.endswith("linear_distribution"):
            start, end, count = gen["start"], gen["end"], int(gen["count"])
            if count <= 1:
                return [start][:count]
            values = [start + (end - start) * i / (count - 1) for i in range(count)]
            return [round(v) for v in values] if is_int else values
        if kind.endswith("uniform_random_distribution"):
            rng = random.Random(gen.get("seed"))
            low, high, count = gen["min"], gen["max"], int(gen["count"])
            return [rng.randint(low, high) if is_int else rng.uniform(low, high) for _ in range(count)]
        if kind.endswith("parse_string"):
            parts = [p.strip() for p in str(gen.get("input", "")).split(gen.get("splitOn") or ",")]
            parts = [p for p in parts if p]
            if is_int:
                return [int(float(p)) for p in parts]
            if node["data"]["type"] == "float_generator":
                return [float(p) for p in parts]
            return parts
    except (KeyError, TypeError, ValueError) as exc:
        raise WorkflowBuildError(f"generator node {label!r} has unusable settings ({exc})") from None
    raise WorkflowBuildError(
        f"generator node {label!r} uses {kind!r}, which this app cannot resolve offline; "
        "run it once in the web UI or use a batch node with explicit values"
    )


def resolve_batch_values(definition: WorkflowDefinition, node: dict[str, Any]) -> list[Any]:
    node_type = node["data"]["type"]
    collection = COLLECTION_INPUT.get(node_type)
    if collection is None:
        raise WorkflowBuildError(f"{node_type} is not a batch node")
    own = (node["data"].get("inputs", {}).get(collection) or {}).get("value")
    if node_type != "image_batch":
        feeder = next((e for e in definition.edges if e.get("target") == node["id"]
                       and e.get("targetHandle") == collection and e.get("type", "default") == "default"), None)
        if feeder is not None:
            generator = definition.get_node(feeder["source"])
            if generator is None or generator.get("type") != "invocation":
                raise WorkflowBuildError(f"batch node {node['id']!r} is fed by something that is not a generator")
            return _generator_values(generator)
    return list(own or [])


def batch_node_data(definition: WorkflowDefinition) -> list[list[dict[str, Any]]]:
    """The batch `data` contributed by the workflow's own batch nodes."""
    groups: dict[str, list[dict[str, Any]]] = {}
    data: list[list[dict[str, Any]]] = []
    for node in definition.invocation_nodes():
        node_type = node["data"]["type"]
        if node_type not in COLLECTION_INPUT:
            continue
        values = resolve_batch_values(definition, node)
        label = node["data"].get("label") or node_type
        if not values:
            raise WorkflowBuildError(f"batch node {label!r} has no items")
        group_id = (node["data"].get("inputs", {}).get("batch_group_id") or {}).get("value", "None")
        handle = "image" if node_type == "image_batch" else "value"
        items = [
            {"node_path": e["target"], "field_name": e["targetHandle"], "items": values}
            for e in definition.edges
            if e.get("source") == node["id"] and e.get("sourceHandle") == handle and e.get("targetHandle")
        ]
        if not items:
            continue
        if group_id in (None, "None"):
            data.append(items)
        else:
            groups.setdefault(str(group_id), []).extend(items)
    for group_id, items in groups.items():
        lengths = {len(i["items"]) for i in items}
        if len(lengths) > 1:
            raise WorkflowBuildError(f"batch nodes in {group_id} have different numbers of items {sorted(lengths)}")
        data.append(items)
    return data


@dataclass
class Sweep:
    """Run the workflow once per value of one input (values already in graph form)."""

    node_id: str
    field_name: str
    values: list[Any]


def sweep_data(sweeps: list[Sweep], mode: str = "zip") -> list[list[dict[str, Any]]]:
    """Sweeps as batch data: 'zip' pairs the i-th values, 'product' tries every combination."""
    if not sweeps:
        return []
    if mode not in ("zip", "product"):
        raise WorkflowBuildError(f"sweep mode must be 'zip' or 'product', not {mode!r}")
    for sweep in sweeps:
        if not sweep.values:
            raise WorkflowBuildError(f"the sweep over {sweep.field_name} has no values")
    items = [{"node_path": s.node_id, "field_name": s.field_name, "items": list(s.values)} for s in sweeps]
    if mode == "zip":
        lengths = {len(s.values) for s in sweeps}
        if len(lengths) > 1:
            raise WorkflowBuildError(
                f"zipped sweeps need the same number of values, got {', '.join(str(len(s.values)) for s in sweeps)}"
            )
        return [items]
    return [[item] for item in items]


def count_sessions(data: list[list[dict[str, Any]]], runs: int) -> int:
    total = 1
    for group in data:
        total *= len(group[0]["items"]) if group else 1
    return total * runs


def build_enqueue_body(
    graph: dict[str, Any],
    *,
    workflow: dict[str, Any] | None,
    data: list[list[dict[str, Any]]] | None = None,
    runs: int = 1,
    origin: str = "invokeai-tui",
    destination: str = "gallery",
    prepend: bool = False,
) -> dict[str, Any]:
    if not isinstance(runs, int) or isinstance(runs, bool) or runs < 1:
        raise WorkflowBuildError(f"runs must be a whole number of at least 1, got {runs!r}")
    batch: dict[str, Any] = {"graph": graph, "runs": runs, "origin": origin, "destination": destination}
    if workflow is not None:
        batch["workflow"] = workflow
    if data:
        batch["data"] = data
    return {"batch": batch, "prepend": bool(prepend)}
