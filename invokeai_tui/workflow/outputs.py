"""Which images a finished run saved, per graph node.

The server keeps every node's output in `session.results` under its *prepared* id and maps
prepared ids back to graph node ids in `session.prepared_source_mapping` (what the InvokeAI
maintainers recommend, invoke-ai/InvokeAI#5933). Every non-intermediate node whose output
carries an image saved it to the gallery; a node inside an iterate runs once per item, so
it can own several images.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

# Nodes that pass an existing image through without saving a new one (onInvocationComplete.tsx).
PASS_THROUGH_TYPES = frozenset({"image", "load_image", "video", "show_image", "image_collection"})


@dataclass
class OutputImages(Mapping):
    """The images one graph node saved. Readable as a dict too (m["node_id"], m.get("image_names"))."""

    node_id: str
    node_type: str
    label: str
    board_id: str  # a board id, or "none" for uncategorized
    image_names: list[str] = field(default_factory=list)
    item_id: int | None = None
    input_index: int | None = None  # index of the node's exposed board input, if any

    def __getitem__(self, key: str) -> Any:
        if key not in self.__dataclass_fields__:
            raise KeyError(key)
        return getattr(self, key)

    def __iter__(self) -> Iterator[str]:
        return iter(self.__dataclass_fields__)

    def __len__(self) -> int:
        return len(self.__dataclass_fields__)


def _as_dict(queue_item: Any) -> dict[str, Any]:
    if hasattr(queue_item, "model_dump"):
        return queue_item.model_dump()
    return queue_item if isinstance(queue_item, dict) else {}


def _images_of(result: Any) -> list[str]:
    if not isinstance(result, dict):
        return []
    names = []
    image = result.get("image")
    if isinstance(image, dict) and isinstance(image.get("image_name"), str):
        names.append(image["image_name"])
    for key in ("images", "collection"):
        items = result.get(key)
        if isinstance(items, list):
            names += [i["image_name"] for i in items if isinstance(i, dict) and isinstance(i.get("image_name"), str)]
    return names


def output_of_node(
    source_id: str,
    node: Mapping[str, Any],
    result: Any,
    *,
    item_id: int | None = None,
    node_labels: Mapping[str, str] | None = None,
    board_input_index: Mapping[str, int] | None = None,
) -> OutputImages | None:
    """The images one executed node saved (None for intermediate and pass-through nodes, or no image).
    `node` is the graph node (or the executed invocation: both carry type, is_intermediate, board)."""
    node_type = node.get("type") or (result.get("type") if isinstance(result, dict) else "") or ""
    if node.get("is_intermediate", False) or node_type in PASS_THROUGH_TYPES:
        return None
    names = _images_of(result)
    if not names:
        return None
    board = node.get("board")
    return OutputImages(
        node_id=source_id,
        node_type=node_type,
        label=(node_labels or {}).get(source_id) or node_type,
        board_id=board.get("board_id") if isinstance(board, dict) and board.get("board_id") else "none",
        image_names=list(dict.fromkeys(names)),
        item_id=item_id,
        input_index=(board_input_index or {}).get(source_id),
    )


def map_outputs_to_images(
    queue_item: Any,
    *,
    node_labels: Mapping[str, str] | None = None,
    board_input_index: Mapping[str, int] | None = None,
) -> list[OutputImages]:
    """Every image saved by a non-intermediate node of the run, grouped by graph node id."""
    item = _as_dict(queue_item)
    session = item.get("session") or {}
    graph_nodes: dict[str, Any] = (session.get("graph") or {}).get("nodes") or {}
    results: dict[str, Any] = session.get("results") or {}
    mapping: dict[str, str] = session.get("prepared_source_mapping") or {}
    by_node: dict[str, OutputImages] = {}
    for prepared_id, result in results.items():  # insertion order = execution order
        source_id = mapping.get(prepared_id, prepared_id)
        found = output_of_node(source_id, graph_nodes.get(source_id) or {}, result, item_id=item.get("item_id"),
                               node_labels=node_labels, board_input_index=board_input_index)
        if found is None:
            continue
        entry = by_node.setdefault(source_id, found)
        if entry is not found:
            entry.image_names += [n for n in found.image_names if n not in entry.image_names]
    return list(by_node.values())


@dataclass(frozen=True)
class OutputNaming:
    """How one workflow names its outputs: a label per graph node, and the index of the form's
    board input of each node that has one."""

    node_labels: Mapping[str, str] = field(default_factory=dict)
    board_inputs: Mapping[str, int] = field(default_factory=dict)

    def map(self, queue_items: Any) -> list[OutputImages]:
        """The outputs of one queue item or of a list of them (in their order)."""
        items = queue_items if isinstance(queue_items, list) else [queue_items]
        out: list[OutputImages] = []
        for item in items:
            out.extend(map_outputs_to_images(item, node_labels=self.node_labels, board_input_index=self.board_inputs))
        return out
