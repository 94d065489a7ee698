"""Wan 2.2 workflows that take a video or a LoRA collection, run with the tiny Wan models: Extend Video on
a local 640x480 MP4 (uploaded on submit through the video repository) makes the joined clip; a 128x96
clip fails with the server's reason; a file the server would refuse is refused before anything is sent;
the concept-LoRA collection reaches the server in the shape it takes."""

from __future__ import annotations

import pytest

from tests.support.mp4_frames import describe_mp4
from tests.support.video_media import clip
from tests.support.wan_workflows import (
    CONCEPT_LORAS_LABEL,
    EXTEND_VIDEO,
    EXTEND_VIDEO_SETTINGS,
    FRAMES,
    TEXT_TO_VIDEO_CONCEPT,
    TEXT_TO_VIDEO_SETTINGS,
    VIDEO_LABEL,
    apply_settings,
    input_index,
)
from invokeai_tui.client.errors import InvalidVideoError
from invokeai_tui.pyclient.async_client import AsyncInvokeAIClient
from invokeai_tui.workflow import WorkflowRunError


async def open_extend(client, video):
    handle = await client.workflow_repo.create_workflow_from_library(EXTEND_VIDEO)
    apply_settings(handle, EXTEND_VIDEO_SETTINGS, await client.dnn_model_repo.list_models())
    handle.set_input_value(input_index(handle, VIDEO_LABEL), video)
    return handle


async def test_extend_video_runs_on_a_local_640x480_clip(server_url, tmp_path):
    source = clip("h264-640x480")  # 17 frames
    async with AsyncInvokeAIClient.from_url(server_url) as client:
        handle = await open_extend(client, source)
        video_field = handle.get_input(input_index(handle, VIDEO_LABEL)).field
        assert video_field.needs_upload
        run = await handle.start_run()
        uploaded = video_field.video_name
        assert uploaded and not video_field.needs_upload
        assert (await client.video_repo.get_full(uploaded)) == source.read_bytes()  # went in byte for byte
        await run.wait_for_all(timeout=180)
        outputs = {o.node_type: o.video_names for o in handle.map_outputs_to_videos()}
        assert set(outputs) == {"wan_l2v", "video_concat"}  # the new part, and the clip extended by it
        joined = await client.video_repo.save_video_in_folder(outputs["video_concat"][0], tmp_path)
        generated = await client.video_repo.get_full(outputs["wan_l2v"][0])
    # 16 frames kept of the source + 9 new, 2 of them crossfaded
    assert describe_mp4(joined.read_bytes()) == (["avc1"], [16 + FRAMES - 2])
    assert describe_mp4(generated) == (["avc1"], [FRAMES])


async def test_a_128x96_clip_fails_with_the_servers_reason(server_url):
    async with AsyncInvokeAIClient.from_url(server_url) as client:
        handle = await open_extend(client, clip("h264-128x96"))
        run = await handle.start_run()
        with pytest.raises(WorkflowRunError) as caught:
            await run.wait_for_all(timeout=180)
    assert "same dimensions" in caught.value.error_message and "(128, 96)" in caught.value.error_message


async def test_a_clip_the_server_would_refuse_is_refused_before_sending(server_url):
    async with AsyncInvokeAIClient.from_url(server_url) as client:
        handle = await open_extend(client, clip("mpeg4-128x96"))
        with pytest.raises(InvalidVideoError, match="MPEG-4 Part 2"):
            await handle.start_run()
        assert handle.last_run is None  # nothing enqueued
        assert handle.get_input(input_index(handle, VIDEO_LABEL)).field.needs_upload


async def test_the_concept_lora_collection_is_sent_as_the_server_takes_it(server_url):
    async with AsyncInvokeAIClient.from_url(server_url) as client:
        models = await client.dnn_model_repo.list_models()
        handle = await client.workflow_repo.create_workflow_from_library(TEXT_TO_VIDEO_CONCEPT)
        apply_settings(handle, TEXT_TO_VIDEO_SETTINGS, models)
        # Only two tiny Wan LoRAs exist and a LoRA applies once per expert: the low-noise one moves from
        # its Lightning slot (which gets the high-noise one too) to the collection.
        apply_settings(handle, [("Lightning LoRA (Low Noise)", "@model:tiny-wan-lora-high_noise")], models)
        lora = next(m for m in models if m.name == "tiny-wan-lora-low_noise")
        index = input_index(handle, CONCEPT_LORAS_LABEL)
        handle.set_input_value(index, [(lora, 0.5)])
        run = await handle.start_run()
        [item] = await run.wait_for_all(timeout=120, full=True)
        node_id = handle.get_input(index).node_id
        sent = item.session["graph"]["nodes"][node_id]["loras"]
        assert [({k: v for k, v in entry["lora"].items() if v is not None}, entry["weight"]) for entry in sent] == [
            (lora.identifier(), 0.5)]  # as the server stored it (it adds submodel_type: null)
        assert [len(o.video_names) for o in handle.map_outputs_to_videos()] == [1]
