"""The published return shapes of a workflow run: plain dicts (also readable as attributes, so
code written for this library's own objects keeps working), and output mappings with a `tier`."""

from __future__ import annotations

from typing import Any, TypedDict

from invokeai_tui.workflow.outputs import OutputImages


class AttrDict(dict):
    """A dict whose keys also read as attributes: `item["status"]` and `item.status`."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def as_attr_dict(value: Any) -> AttrDict | None:
    """A queue item (record or dict) as the published client returns it: a dict."""
    if value is None:
        return None
    if hasattr(value, "model_dump"):
        value = value.model_dump()
    return AttrDict(value) if isinstance(value, dict) else AttrDict(vars(value))


class OutputMapping(TypedDict):
    """One output node's images (the published TypedDict)."""

    node_id: str
    board_id: str
    image_names: list[str]
    tier: str
    node_type: str
    input_index: int
    label: str


class PublishedOutput(AttrDict):
    """An OutputMapping dict that also reads as attributes (`out.image_names`)."""


def published_output(found: OutputImages) -> PublishedOutput:
    """Our output (read from `session.results` + `prepared_source_mapping`, the published "results"
    tier) as the published mapping, plus the queue item id and the node's `video_names`."""
    return PublishedOutput(node_id=found.node_id, board_id=found.board_id, image_names=list(found.image_names),
                           tier="results", node_type=found.node_type,
                           input_index=-1 if found.input_index is None else found.input_index,
                           label=found.label, item_id=found.item_id, video_names=list(found.video_names))


def jsonpath_templates(outputs: list[Any]) -> list[dict[str, str]]:
    """Where each output node's board and images are found in a finished queue item."""
    return [{
        "node_id": out.node_id,
        "board_jsonpath": f"$.session.graph.nodes['{out.node_id}'].board.board_id",
        "prepared_source_mapping": "$.session.prepared_source_mapping",
        "results_images": "$.session.results.*.image.image_name",
        "note": "results keys are prepared ids; map them to this node id with prepared_source_mapping",
    } for out in outputs]
