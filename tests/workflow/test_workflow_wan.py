"""The Wan 2.2 default workflows of the real server: every input editable in the engine (a video is a
video input, the concept LoRAs a LoRA collection), none left to the read-only "other" kind."""

from __future__ import annotations

import pytest

from invokeai_tui.pyclient import InvokeAIClient
from invokeai_tui.workflow import LoRACollectionField, VideoField

EDITABLE_KINDS = {"string", "integer", "float", "boolean", "enum", "color", "image", "video", "board", "model",
                  "collection", "lora_collection"}


@pytest.fixture(scope="module")
def client(server_url):
    c = InvokeAIClient.from_url(server_url)
    yield c
    c.close()


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
