"""A run's video outputs (offline): found in a finished queue item's session results like images,
announced by `invocation_complete`, and named by `map_outputs_to_videos` (the published client's too)."""

from __future__ import annotations

import copy
import json

from tests.support.paths import FIXTURES
from invokeai_tui.pyclient.workflow.results import published_output
from invokeai_tui.workflow import OutputNaming, map_outputs, map_outputs_to_images, map_outputs_to_videos
from invokeai_tui.workflow.run_events import RunEvents

from .test_workflow_run_events import complete, status

SDXL_ITEM = FIXTURES / "queue-items" / "sdxl-text-to-image-completed-queue-item.json"


def video_output(name: str, frames: int = 9) -> dict:
    """What `wan_l2v` (and `video_concat`) put in the session results."""
    return {"type": "video_output", "video": {"video_name": name}, "width": 64, "height": 64,
            "num_frames": frames, "fps": 16.0, "duration": frames / 16}


def wan_item() -> dict:
    """The recorded SDXL item with Wan video nodes added as a Wan 2.2 extend-video run leaves them:
    an intermediate trimmed clip, the generated clip and the joined one (both saved)."""
    item = json.loads(SDXL_ITEM.read_text())
    session = item["session"]
    nodes = session["graph"]["nodes"]
    nodes["trim"] = {"id": "trim", "type": "extract_video_range", "is_intermediate": True}
    nodes["l2v"] = {"id": "l2v", "type": "wan_l2v", "is_intermediate": False, "board": {"board_id": "VB"}}
    nodes["join"] = {"id": "join", "type": "video_concat", "is_intermediate": False}
    for prepared, source, result in (("p-trim", "trim", video_output("trimmed.mp4", 16)),
                                     ("p-l2v", "l2v", video_output("clip.mp4")),
                                     ("p-join", "join", video_output("joined.mp4", 23))):
        session["results"][prepared] = result
        session["prepared_source_mapping"][prepared] = source
    return item


def test_video_outputs_are_mapped_beside_the_images():
    item = wan_item()
    images = map_outputs_to_images(item)
    assert [o.node_type for o in images] == ["l2i"] and images[0].video_names == []
    videos = map_outputs_to_videos(item, node_labels={"l2v": "Latents to Video"})
    assert [(o.node_id, o.label, o.video_names, o.board_id, o.image_names) for o in videos] == [
        ("l2v", "Latents to Video", ["clip.mp4"], "VB", []),
        ("join", "video_concat", ["joined.mp4"], "none", []),
    ]
    assert videos[0]["video_names"] == ["clip.mp4"] and videos[0].names == ["clip.mp4"]
    everything = map_outputs(item)
    assert [o.node_id for o in everything] == [images[0].node_id, "l2v", "join"]
    naming = OutputNaming({"join": "Join"})
    assert [o.label for o in naming.map_videos([item, item])] == ["wan_l2v", "Join"] * 2
    assert naming.map_images(item) == images


def test_the_recorded_image_item_has_no_videos():
    item = json.loads(SDXL_ITEM.read_text())
    assert map_outputs_to_videos(item) == []
    assert [o.image_names for o in map_outputs_to_images(item)] == [o.image_names for o in map_outputs(item)]


def test_a_saved_video_is_announced_by_its_invocation_complete():
    graph = {"id": "g", "edges": [], "nodes": copy.deepcopy(wan_item()["session"]["graph"]["nodes"])}
    run = RunEvents([1], {"batch": {"graph": graph, "data": []}, "prepend": False}, trusted=True)
    assert run.add(complete(1, "trim", "p-trim", "extract_video_range", video_output("t.mp4"),
                            is_intermediate=True)) is None
    announced = run.add(complete(1, "l2v", "p-l2v", "wan_l2v", video_output("clip.mp4"), is_intermediate=False))
    assert (announced.node_id, announced.video_names, announced.image_names, announced.board_id) == (
        "l2v", ["clip.mp4"], [], "VB")
    run.add(status(1, "completed"))
    item = run.queue_item(1)
    assert [o.video_names for o in map_outputs_to_videos(item)] == [["clip.mp4"]]
    assert map_outputs_to_images(item) == []


def test_the_published_mapping_names_the_videos():
    [clip, joined] = map_outputs_to_videos(wan_item())
    published = published_output(clip)
    assert published["video_names"] == ["clip.mp4"] and published.image_names == []
    assert published["tier"] == "results" and published["node_type"] == "wan_l2v"


async def test_a_runs_outputs_stream_videos_once_and_those_missed_come_at_the_end():
    from invokeai_tui.client.records import QueueItem

    from .test_workflow_run import GRAPH, FakeClient, started

    client = FakeClient()
    run, sub = await started(client)
    sub.queue.put_nowait(complete(1, "save", "p2", "wan_l2v", video_output("clip.mp4"), is_intermediate=False,
                                  board={"board_id": "B"}))
    run.events.distrust()  # the stored item decides: it also names a video the events did not
    stored = {"item_id": 1, "status": "completed", "session": {
        "graph": GRAPH, "results": {"p2": video_output("clip.mp4"), "p3": video_output("late.mp4")},
        "prepared_source_mapping": {"p2": "save", "p3": "save"}}}
    client.queue_repo.stored[1] = QueueItem.model_validate(stored)
    sub.queue.put_nowait(status(1, "completed"))
    outputs = [out async for out in run.outputs(timeout=5, poll_interval=0.05)]
    assert [(o.node_id, o.video_names, o.image_names) for o in outputs] == [
        ("save", ["clip.mp4"], []), ("save", ["late.mp4"], [])]
    assert [o.video_names for o in run.map_outputs_to_videos()] == [["clip.mp4", "late.mp4"]]
    assert run.map_outputs_to_images() == []
