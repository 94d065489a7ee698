"""The graph a builder assembles, with the web UI's rules (`FE/features/nodes/util/graph/generation/Graph.ts`).

Node ids are `prefix:<nanoid>` as the web UI makes them (`getPrefixedId`); every node is added with
`is_intermediate: true, use_cache: true` unless given, because the server's default for
`is_intermediate` is false. An input is fed by one edge at most (a `collect` node's `item` by many),
and an edge is never added twice: both are mistakes of a builder, raised at once.
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass
from typing import Any

# nanoid's default alphabet and length (the web UI's ids look the same).
_NANOID_ALPHABET = string.ascii_letters + string.digits + "_-"
_NANOID_LENGTH = 21


def nanoid() -> str:
    return "".join(secrets.choice(_NANOID_ALPHABET) for _ in range(_NANOID_LENGTH))


def prefixed_id(prefix: str) -> str:
    return f"{prefix}:{nanoid()}"


def id_prefix(node_id: str) -> str:
    """`seed:AbC…` -> `seed` (what a node id means, without its random part)."""
    return node_id.split(":", 1)[0]


@dataclass(frozen=True)
class Edge:
    source: str
    source_field: str
    destination: str
    destination_field: str

    def to_dict(self) -> dict[str, dict[str, str]]:
        return {"source": {"node_id": self.source, "field": self.source_field},
                "destination": {"node_id": self.destination, "field": self.destination_field}}


class GraphError(ValueError):
    """A builder broke a graph rule (a bug in a builder, never the user's input)."""


class Graph:
    """Nodes and edges in insertion order; `to_dict()` is the wire form."""

    def __init__(self, prefix: str) -> None:
        self.id = prefixed_id(prefix)
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: list[Edge] = []
        self.metadata_id: str | None = None

    # nodes -----------------------------------------------------------------------------------
    def add_node(self, prefix: str, node_type: str, **fields: Any) -> str:
        """Add a node of `node_type` with id `prefix:<nanoid>`; None-valued fields are kept as null
        (the web UI sends `null` where it means it, and omits what is undefined: omit those here)."""
        node_id = prefixed_id(prefix)
        node: dict[str, Any] = {"id": node_id, "type": node_type, "is_intermediate": True, "use_cache": True}
        node.update(fields)
        self.nodes[node_id] = node
        return node_id

    def node(self, node_id: str) -> dict[str, Any]:
        return self.nodes[node_id]

    def update_node(self, node_id: str, **fields: Any) -> None:
        self.nodes[node_id].update(fields)

    def delete_node(self, node_id: str) -> None:
        del self.nodes[node_id]
        self.edges = [e for e in self.edges if node_id not in (e.source, e.destination)]

    def rename_node(self, node_id: str, new_id: str) -> None:
        """Give a node a new id (edges follow); it moves to the end of `nodes`, as in the web UI."""
        node = self.nodes.pop(node_id)
        node["id"] = new_id
        self.nodes[new_id] = node
        self.edges = [Edge(new_id if e.source == node_id else e.source, e.source_field,
                           new_id if e.destination == node_id else e.destination, e.destination_field)
                      for e in self.edges]

    # edges -----------------------------------------------------------------------------------
    def add_edge(self, source: str, source_field: str, destination: str, destination_field: str) -> Edge:
        for node_id in (source, destination):
            if node_id not in self.nodes:
                raise GraphError(f"edge to or from a node that is not in the graph: {node_id}")
        edge = Edge(source, source_field, destination, destination_field)
        if edge in self.edges:
            raise GraphError(f"duplicate edge {source}.{source_field} -> {destination}.{destination_field}")
        is_collect_item = self.nodes[destination]["type"] == "collect" and destination_field == "item"
        if not is_collect_item and self.edges_to(destination, destination_field):
            raise GraphError(f"{destination}.{destination_field} is already fed by an edge")
        self.edges.append(edge)
        return edge

    def edges_to(self, node_id: str, field: str | None = None) -> list[Edge]:
        return [e for e in self.edges
                if e.destination == node_id and (field is None or e.destination_field == field)]

    def edges_from(self, node_id: str, field: str | None = None) -> list[Edge]:
        return [e for e in self.edges if e.source == node_id and (field is None or e.source_field == field)]

    def delete_edges_to(self, node_id: str, field: str | None = None) -> None:
        for edge in self.edges_to(node_id, field):
            self.edges.remove(edge)

    def delete_edges_from(self, node_id: str, field: str | None = None) -> None:
        for edge in self.edges_from(node_id, field):
            self.edges.remove(edge)

    # metadata --------------------------------------------------------------------------------
    def upsert_metadata(self, **values: Any) -> str:
        """Merge values into the `core_metadata` node, made at the first call (`Graph.upsertMetadata`).
        None values are skipped: the server drops null metadata keys anyway (reference §1.4)."""
        if self.metadata_id is None:
            self.metadata_id = self.add_node("core_metadata", "core_metadata")
        self.nodes[self.metadata_id].update({k: v for k, v in values.items() if v is not None})
        return self.metadata_id

    def metadata_edge(self, source: str, source_field: str, metadata_field: str) -> None:
        """A metadata value that arrives by an edge (seed, prompts), as `addEdgeToMetadata` does."""
        self.add_edge(source, source_field, self.upsert_metadata(), metadata_field)

    def metadata(self) -> dict[str, Any]:
        return self.nodes[self.metadata_id] if self.metadata_id else {}

    def set_metadata_receiving_node(self, node_id: str) -> None:
        self.add_edge(self.upsert_metadata(), "metadata", node_id, "metadata")

    # wire form -------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "nodes": {k: dict(v) for k, v in self.nodes.items()},
                "edges": [e.to_dict() for e in self.edges]}
