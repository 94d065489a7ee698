"""The Wan 2.2 default workflows of the real server: every input editable in the engine (a video is a
video input, the concept LoRAs a LoRA collection), none left to the read-only "other" kind; text to video
and image to video run end to end with the tiny Wan models, their MP4 mapped, announced and downloaded."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.support import rest as helpers
from tests.support.mp4_frames import describe_mp4
from tests.support.wan_workflows import (
    FRAMES,
    IMAGE_LABEL,
    IMAGE_TO_VIDEO,
    IMAGE_TO_VIDEO_SETTINGS,
    TEXT_TO_VIDEO,
    TEXT_TO_VIDEO_SETTINGS,
    apply_settings,
    input_index,
)
from invokeai_tui.pyclient.async_client import AsyncInvokeAIClient
from invokeai_tui.workflow import LoRACollectionField, VideoField

from .test_workflow_defaults import client  # noqa: F401 - the blocking client fixture, shared

EDITABLE_KINDS = {"string", "integer", "float", "boolean", "enum", "color", "image", "video", "board", "model",
                  "collection", "lora_collection"}


@pytest.fixture(scope="module")
def wan_ids(client) -> list[str]:
    page = client.workflow_repo.list_workflows(category="default")
    return sorted(item.workflow_id for item in page.items if item.workflow_id.startswith("default_wan22_"))


def test_every_wan_default_workflow_opens_with_every_input_editable(client, wan_ids):
    assert len(wan_ids) == 12
    kinds_seen: dict[str, set[str]] = {}
    for workflow_id in wan_ids:
        handle = client.workflow_repo.create_workflow_from_library(workflow_id)
        inputs = handle.list_inputs()
        assert inputs, workflow_id
        for winput in inputs:
            assert winput.kind in EDITABLE_KINDS, (workflow_id, winput.label, winput.field.template.type_name)
            if winput.kind == "collection":
                assert winput.field.item_kind != "other", (workflow_id, winput.label)
            kinds_seen.setdefault(winput.kind, set()).add(workflow_id)
    extend = {i for i in wan_ids if i.startswith("default_wan22_extend")}
    assert kinds_seen["video"] == extend and len(extend) == 3
    assert kinds_seen["lora_collection"] == {i for i in wan_ids if i.endswith("_concept")}


def test_the_video_and_lora_inputs_take_their_values(client, wan_ids):
    handle = client.workflow_repo.create_workflow_from_library("default_wan22_extend_video_lightning_concept")
    video = next(i for i in handle.list_inputs() if i.kind == "video")
    assert (video.label, video.node_type, video.field_name) == ("Initial Video", "extract_video_range", "video")
    assert isinstance(video.field, VideoField)
    handle.set_input_value(video.input_index, "some-server-video.mp4")
    loras = next(i for i in handle.list_inputs() if i.kind == "lora_collection")
    assert isinstance(loras.field, LoRACollectionField) and loras.field.get() == []
    assert loras.field.template.model_bases == ["wan"]
    graph = handle.build_graph()
    node = graph["nodes"][video.node_id]
    assert node["video"] == {"video_name": "some-server-video.mp4"} and "board" not in node  # "auto" left out
    assert graph["nodes"][loras.node_id]["loras"] == []


# --- end to end with the tiny Wan models -----------------------------------------------------------------
async def run_wan(server_url: str, workflow_id: str, settings, board: str, *, image: Path | None = None,
                  tmp_path: Path):
    """Open the workflow, set it small, run it; returns (run, announced outputs, the MP4 bytes, its record)."""
    async with AsyncInvokeAIClient.from_url(server_url) as client:
        handle = await client.workflow_repo.create_workflow_from_library(workflow_id)
        apply_settings(handle, settings, await client.dnn_model_repo.list_models())
        if image is not None:
            handle.set_input_value(input_index(handle, IMAGE_LABEL), image)  # a local file, uploaded on submit
        handle.auto_board_id = board
        run = await handle.start_run()
        announced = []
        items = await run.wait_for_all(timeout=120, on_output=announced.append)
        assert [i.status for i in items] == ["completed"]
        [output] = handle.map_outputs_to_videos()
        assert handle.map_outputs_to_images() == []
        [video_name] = output.video_names
        page = await client.video_repo.list_videos(board)
        record = next(v for v in page.items if v.video_name == video_name)
        saved = await client.video_repo.save_video_in_folder(video_name, tmp_path)
        return output, announced, saved.read_bytes(), record


async def test_text_to_video_runs_through_the_engine(server_url, board, tmp_path, client):
    output, announced, data, record = await run_wan(server_url, TEXT_TO_VIDEO, TEXT_TO_VIDEO_SETTINGS, board,
                                                    tmp_path=tmp_path)
    # The published client's handle names it too, from the stored queue item.
    published = client.workflow_repo.create_workflow(client.workflow_repo.get_workflow(TEXT_TO_VIDEO))
    stored = client.queue_repo.get_item(output.item_id)
    [mapping] = published.map_outputs_to_videos(stored)
    assert (mapping["node_id"], mapping["video_names"], mapping["image_names"]) == (
        output.node_id, output.video_names, [])
    assert output.node_type == "wan_l2v" and output.board_id == board
    assert [o.video_names for o in announced] == [output.video_names]  # announced as it was saved
    assert describe_mp4(data) == (["avc1"], [FRAMES])  # H.264, the frames asked for
    assert (record.width, record.height) == (64, 64)
    full = httpx.get(f"{server_url}/api/v1/videos/i/{output.video_names[0]}/full", timeout=60)
    assert data == full.content and len(data) == int(full.headers["content-length"])  # downloaded whole


async def test_image_to_video_uploads_its_local_image_and_runs(server_url, board, tmp_path):
    image = tmp_path / "start.png"
    image.write_bytes(helpers.png_bytes(64, 64))
    output, announced, data, record = await run_wan(server_url, IMAGE_TO_VIDEO, IMAGE_TO_VIDEO_SETTINGS, board,
                                                    image=image, tmp_path=tmp_path)
    assert output.node_type == "wan_l2v" and announced
    assert describe_mp4(data) == (["avc1"], [FRAMES])
    assert (record.width, record.height) == (480, 480)  # the sizing node's smallest target
