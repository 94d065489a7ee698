"""Which images and videos a finished run saved, per graph node.

The server keeps every node's output in `session.results` under its *prepared* id and maps
prepared ids back to graph node ids in `session.prepared_source_mapping` (what the InvokeAI
maintainers recommend, invoke-ai/InvokeAI#5933). Every non-intermediate node whose output
carries an image (`image.image_name`) or a video (`video.video_name`, e.g. Wan's `wan_l2v`)
saved it to the gallery; a node inside an iterate runs once per item, so it can own several.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

# Nodes that pass an existing image through without saving a new one (onInvocationComplete.tsx).
PASS_THROUGH_TYPES = frozenset({"image", "load_image", "video", "show_image", "image_collection"})


@dataclass
class OutputImages(Mapping):
    """The images and videos one graph node saved. Readable as a dict too (m["node_id"],
    m.get("image_names"))."""

    node_id: str
    node_type: str
    label: str
    board_id: str  # a board id, or "none" for uncategorized
    image_names: list[str] = field(default_factory=list)
    item_id: int | None = None
    input_index: int | None = None  # index of the node's exposed board input, if any
    video_names: list[str] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        """Everything the node saved: its images, then its videos."""
        return [*self.image_names, *self.video_names]

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


def _named(result: Any, name_key: str, single: str, lists: tuple[str, ...]) -> list[str]:
    if not isinstance(result, dict):
        return []
    names = []
    one = result.get(single)
    if isinstance(one, dict) and isinstance(one.get(name_key), str):
        names.append(one[name_key])
    for key in lists:
        items = result.get(key)
        if isinstance(items, list):
            names += [i[name_key] for i in items if isinstance(i, dict) and isinstance(i.get(name_key), str)]
    return names


def _images_of(result: Any) -> list[str]:
    return _named(result, "image_name", "image", ("images", "collection"))


def _videos_of(result: Any) -> list[str]:
    return _named(result, "video_name", "video", ("videos", "collection"))


def output_of_node(
    source_id: str,
    node: Mapping[str, Any],
    result: Any,
    *,
    item_id: int | None = None,
    node_labels: Mapping[str, str] | None = None,
    board_input_index: Mapping[str, int] | None = None,
) -> OutputImages | None:
    """The images and videos one executed node saved (None for intermediate and pass-through nodes,
    or nothing saved). `node` is the graph node (or the executed invocation: both carry type,
    is_intermediate, board)."""
    node_type = node.get("type") or (result.get("type") if isinstance(result, dict) else "") or ""
    if node.get("is_intermediate", False) or node_type in PASS_THROUGH_TYPES:
        return None
    names, videos = _images_of(result), _videos_of(result)
    if not names and not videos:
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
        video_names=list(dict.fromkeys(videos)),
    )


def map_outputs(
    queue_item: Any,
    *,
    node_labels: Mapping[str, str] | None = None,
    board_input_index: Mapping[str, int] | None = None,
) -> list[OutputImages]:
    """Every image and video saved by a non-intermediate node of the run, grouped by graph node id."""
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
            entry.video_names += [n for n in found.video_names if n not in entry.video_names]
    return list(by_node.values())


def map_outputs_to_images(queue_item: Any, **naming: Any) -> list[OutputImages]:
    """The nodes of the run that saved images (each entry also names the node's videos, if any)."""
    return [out for out in map_outputs(queue_item, **naming) if out.image_names]


def map_outputs_to_videos(queue_item: Any, **naming: Any) -> list[OutputImages]:
    """The nodes of the run that saved videos (`video_names`; e.g. a Wan 2.2 `wan_l2v` node)."""
    return [out for out in map_outputs(queue_item, **naming) if out.video_names]


@dataclass(frozen=True)
class OutputNaming:
    """How one workflow names its outputs: a label per graph node, and the index of the form's
    board input of each node that has one."""

    node_labels: Mapping[str, str] = field(default_factory=dict)
    board_inputs: Mapping[str, int] = field(default_factory=dict)

    def map(self, queue_items: Any) -> list[OutputImages]:
        """The outputs (images and videos) of one queue item or of a list of them (in their order)."""
        items = queue_items if isinstance(queue_items, list) else [queue_items]
        out: list[OutputImages] = []
        for item in items:
            out.extend(map_outputs(item, node_labels=self.node_labels, board_input_index=self.board_inputs))
        return out

    def map_images(self, queue_items: Any) -> list[OutputImages]:
        """The outputs that saved images."""
        return [out for out in self.map(queue_items) if out.image_names]

    def map_videos(self, queue_items: Any) -> list[OutputImages]:
        """The outputs that saved videos."""
        return [out for out in self.map(queue_items) if out.video_names]
