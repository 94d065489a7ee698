"""RunEvents: a finished item from its events, and when it refuses to build one."""

from __future__ import annotations

from invokeai_tui.client.events import parse_event
from invokeai_tui.workflow.outputs import map_outputs_to_images
from invokeai_tui.workflow.run_events import RunEvents, RunQueueItem

GRAPH = {"id": "g", "nodes": {
    "blank": {"id": "blank", "type": "blank_image", "width": 8, "is_intermediate": True},
    "save": {"id": "save", "type": "save_image", "is_intermediate": False, "board": {"board_id": "B"}},
}, "edges": []}


def body(data=None):
    return {"batch": {"graph": GRAPH, "workflow": {"name": "w"}, "data": data or []}, "prepend": False}


def complete(item_id, source, prepared, node_type, result, **inputs):
    return parse_event("invocation_complete", {
        "item_id": item_id, "batch_id": "b", "session_id": "s", "invocation_source_id": source,
        "invocation": {"id": prepared, "type": node_type, **inputs}, "result": result})


def status(item_id, value, **extra):
    return parse_event("queue_item_status_changed", {
        "item_id": item_id, "batch_id": "b", "session_id": "s", "status": value, "status_sequence": 2,
        "created_at": "c", "started_at": "st", "completed_at": "end", **extra})


def run_one(run: RunEvents, width=16):
    image = {"image": {"image_name": "x.png"}, "type": "image_output"}
    assert run.add(complete(1, "blank", "p1", "blank_image", image, width=width, is_intermediate=True)) is None
    out = run.add(complete(1, "save", "p2", "save_image", image, is_intermediate=False, board={"board_id": "B"}))
    assert out is not None and out.image_names == ["x.png"] and out.board_id == "B" and out.node_id == "save"
    assert not run.finished(1)
    run.add(status(1, "completed"))
    assert run.finished(1)


def test_an_item_built_from_its_events_maps_like_a_stored_one():
    run = RunEvents([1], body([[{"node_path": "blank", "field_name": "width", "items": [16, 24]}]]), trusted=True)
    run_one(run)
    item = run.queue_item(1)
    assert isinstance(item, RunQueueItem) and item.status == "completed" and item.completed_at == "end"
    assert [(f.node_path, f.field_name, f.value) for f in item.field_values] == [("blank", "width", 16)]
    assert item.session["graph"]["nodes"]["blank"]["width"] == 16 and GRAPH["nodes"]["blank"]["width"] == 8
    assert item.session["source_prepared_mapping"] == {"blank": ["p1"], "save": ["p2"]}
    [out] = map_outputs_to_images(item)
    assert (out.node_id, out.image_names, out.board_id, out.item_id) == ("save", ["x.png"], "B", 1)


def test_no_item_when_events_may_be_missing():
    run = RunEvents([1], body(), trusted=True)
    run_one(run)
    run.distrust()
    assert run.queue_item(1) is None
    assert RunEvents([1], body(), trusted=False).queue_item(1) is None


def test_no_item_when_a_batch_value_was_not_seen_run():
    run = RunEvents([1], body([[{"node_path": "elsewhere", "field_name": "v", "items": [1]}]]), trusted=True)
    run_one(run)
    assert run.queue_item(1) is None


def test_a_failed_item_carries_the_servers_error():
    run = RunEvents([1, 2], body(), trusted=True)
    run.add(status(2, "failed", error_type="Boom", error_message="it broke"))
    assert run.queue_item(1) is None  # not finished
    failed = run.queue_item(2)
    assert failed.status == "failed" and (failed.error_type, failed.error_message) == ("Boom", "it broke")
    assert run.add(status(3, "completed")) is None and not run.finished(3)  # not ours
