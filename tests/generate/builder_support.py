"""What the builder tests share: the reference's example graphs, model references, and looking nodes
and edges up by type rather than by (random) id."""

from __future__ import annotations

import json
from pathlib import Path

from invokeai_tui.generate import BuildContext, GenerateParams, ModelRef, build_graph
from tests.support.graph_compare import expand_compact

DATA = Path(__file__).parent / "data"


def model(key: str, base: str, type: str = "main", name: str | None = None, **extra) -> ModelRef:
    return ModelRef(key=key, hash=f"blake3:{key}", name=name or key, base=base, type=type, **extra)


def reference_example(base: str, models: dict[str, ModelRef]) -> dict:
    """The reference's example graph of `base` (§2) in wire form, placeholders replaced by identifiers."""
    compact = json.loads((DATA / "reference_examples.json").read_text())[base]
    return expand_compact(compact, {name: ref.identifier() for name, ref in models.items()})


def graph_of(params: GenerateParams, context: BuildContext | None = None) -> dict:
    return build_graph(params, context).graph.to_dict()


def nodes_of(graph: dict, node_type: str) -> list[dict]:
    return [node for node in graph["nodes"].values() if node["type"] == node_type]


def node_of(graph: dict, node_type: str) -> dict:
    found = nodes_of(graph, node_type)
    assert len(found) == 1, f"{len(found)} nodes of type {node_type}"
    return found[0]


def by_prefix(graph: dict, prefix: str) -> dict:
    found = [n for i, n in graph["nodes"].items() if i.split(":", 1)[0] == prefix]
    assert len(found) == 1, f"{len(found)} nodes with id prefix {prefix}"
    return found[0]


def edges(graph: dict) -> set[tuple[str, str, str, str]]:
    """Edges with node ids replaced by their prefix (`seed:AbC` -> `seed`)."""
    return {(e["source"]["node_id"].split(":", 1)[0], e["source"]["field"],
             e["destination"]["node_id"].split(":", 1)[0], e["destination"]["field"]) for e in graph["edges"]}


def metadata(graph: dict) -> dict:
    return node_of(graph, "core_metadata")


def output(graph: dict) -> dict:
    return by_prefix(graph, "canvas_output")
