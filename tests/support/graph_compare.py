"""Compare graphs apart from node ids: the reference's examples (compact notation, reference §2) and
what the builders make use `prefix:<nanoid>` ids, so ids are replaced by their prefix (numbered when a
prefix repeats, in the order of the nodes' contents) before comparing."""

from __future__ import annotations

import json
from typing import Any

PLACEHOLDERS = ("<MAIN>", "<VAE>", "<T5>", "<CLIP_L>", "<QWEN3>", "<Z_SRC>")


def expand_compact(example: dict[str, Any], models: dict[str, dict] | None = None) -> dict[str, Any]:
    """The reference's compact notation -> the wire form: ids added, `is_intermediate`/`use_cache` true
    where not given, edges as objects, "<MAIN>"-style placeholders replaced by `models[...]`."""
    models = models or {}

    def fill(value: Any) -> Any:
        if isinstance(value, str) and value in models:
            return models[value]
        if isinstance(value, dict):
            return {k: fill(v) for k, v in value.items()}
        if isinstance(value, list):
            return [fill(v) for v in value]
        return value

    nodes = {}
    for node_id, node in example["nodes"].items():
        full = {"id": node_id, "is_intermediate": True, "use_cache": True, **fill(node)}
        nodes[node_id] = full
    edges = [{"source": {"node_id": e[0], "field": e[1]}, "destination": {"node_id": e[2], "field": e[3]}}
             for e in example["edges"]]
    return {"id": example["id"], "nodes": nodes, "edges": edges}


def canonical(graph: dict[str, Any]) -> dict[str, Any]:
    """Nodes keyed by canonical id (without "id"), edges as a sorted list of tuples."""
    by_prefix: dict[str, list[str]] = {}
    for node_id in graph["nodes"]:
        by_prefix.setdefault(node_id.split(":", 1)[0], []).append(node_id)
    rename: dict[str, str] = {}
    for prefix, ids in by_prefix.items():
        if len(ids) == 1:
            rename[ids[0]] = prefix
            continue
        ordered = sorted(ids, key=lambda i: json.dumps({k: v for k, v in graph["nodes"][i].items() if k != "id"},
                                                        sort_keys=True))
        for n, node_id in enumerate(ordered):
            rename[node_id] = f"{prefix}#{n}"
    nodes = {rename[i]: {k: v for k, v in node.items() if k != "id"} for i, node in graph["nodes"].items()}
    edges = sorted((rename[e["source"]["node_id"]], e["source"]["field"],
                    rename[e["destination"]["node_id"]], e["destination"]["field"]) for e in graph["edges"])
    return {"graph_prefix": graph["id"].split(":", 1)[0], "nodes": nodes, "edges": edges}


def assert_same_graph(actual: dict[str, Any], expected: dict[str, Any]) -> None:
    """Equal apart from node ids, with a readable difference when not."""
    a, e = canonical(actual), canonical(expected)
    assert a["graph_prefix"] == e["graph_prefix"]
    assert sorted(a["nodes"]) == sorted(e["nodes"]), "node sets differ"
    for node_id in e["nodes"]:
        assert a["nodes"][node_id] == e["nodes"][node_id], f"node {node_id} differs"
    missing = sorted(set(e["edges"]) - set(a["edges"]))
    extra = sorted(set(a["edges"]) - set(e["edges"]))
    assert not missing and not extra, f"edges missing {missing}, extra {extra}"
    assert len(a["edges"]) == len(e["edges"])
