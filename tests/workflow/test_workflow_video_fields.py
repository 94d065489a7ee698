"""Video inputs and LoRA-collection inputs are kinds of their own (offline, with the server's saved
schema): what they take, what they refuse, and a local MP4 uploaded through the video repository."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.support import workflow_builders as wb
from tests.support.paths import REPO
from invokeai_tui.client.records import DnnModel
from invokeai_tui.config import presets
from invokeai_tui.workflow import FieldValueError, WorkflowBuildError, WorkflowDefinition, WorkflowHandle
from invokeai_tui.workflow.fields import LoRACollectionField, VideoField
from invokeai_tui.workflow.schema import InvocationSchemas

DATA = REPO / "tests" / "data"
MP4_HEAD = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"  # enough for the MP4 check
LORA = {"key": "k-lora", "hash": "h", "name": "tiny-wan-lora-high_noise", "base": "wan", "type": "lora"}
SDXL_LORA = {"key": "k-sdxl", "hash": "h", "name": "an sdxl lora", "base": "sdxl", "type": "lora"}


@pytest.fixture(scope="module")
def schemas() -> InvocationSchemas:
    return InvocationSchemas.from_openapi(json.loads((DATA / "openapi-6.14.2.json").read_text()))


def video_workflow() -> dict:
    nodes = [wb.inv("range", "extract_video_range", {"video": None, "start_frame": 0, "end_frame": -2}),
             wb.inv("loras", "wan_lora_collection_loader", {"loras": []})]
    return wb.workflow(nodes, [], exposed=[("range", "video"), ("loras", "loras")])


def handle_for(schemas, client=None) -> WorkflowHandle:
    return WorkflowHandle(client, WorkflowDefinition.from_dict(video_workflow()), schemas)


def test_video_and_lora_collection_inputs_have_their_own_kinds(schemas):
    video, loras = handle_for(schemas).list_inputs()
    assert (video.kind, loras.kind) == ("video", "lora_collection")
    assert isinstance(video.field, VideoField) and isinstance(loras.field, LoRACollectionField)
    assert loras.field.template.model_bases == ["wan"] and loras.field.template.model_types == ["lora"]
    concat = schemas.field("video_concat", "videos")
    assert (concat.kind, concat.item_kind) == ("collection", "video")


def test_a_video_field_takes_a_server_name_a_record_or_a_local_mp4(schemas, tmp_path: Path):
    field = handle_for(schemas).get_input(0).field
    field.set("abc.mp4")
    assert field.get() == {"video_name": "abc.mp4"} and field.video_name == "abc.mp4" and not field.needs_upload
    field.set(SimpleNamespace(video_name="from-a-record.mp4"))
    assert field.get() == {"video_name": "from-a-record.mp4"}
    field.set({"video_name": "d.mp4"})
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(MP4_HEAD)
    field.set(str(clip))
    assert field.needs_upload and field.local_path == clip and field.get() is None
    field.mark_uploaded("uploaded.mp4")
    assert field.get() == {"video_name": "uploaded.mp4"} and not field.needs_upload
    assert "video" in field.describe()


def test_a_video_field_refuses_what_the_server_would_refuse(schemas, tmp_path: Path):
    field = handle_for(schemas).get_input(0).field
    png = tmp_path / "still.mp4"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    with pytest.raises(FieldValueError, match="not an MP4 video"):
        field.set(str(png))
    with pytest.raises(FieldValueError, match="does not exist"):
        field.set(str(tmp_path / "missing.mp4"))
    with pytest.raises(FieldValueError, match="video_name"):
        field.set({"image_name": "x.png"})
    with pytest.raises(FieldValueError, match="a video name on the server or a local file"):
        field.set(42)
    assert field.get() is None and not field.needs_upload  # nothing changed by a refused value


def test_a_lora_collection_takes_loras_of_its_base_with_weights(schemas):
    field = handle_for(schemas).get_input(1).field
    assert field.get() == []
    field.set([{"lora": {**LORA, "path": "/x"}, "weight": "0.5"}])
    assert field.get() == [{"lora": LORA, "weight": 0.5}]
    field.set([(DnnModel.model_validate(LORA), 1)])  # a model record and a weight
    assert field.get() == [{"lora": LORA, "weight": 1.0}]
    field.set([LORA])
    assert field.get() == [{"lora": LORA, "weight": 0.75}]
    assert field.fits(LORA) and not field.fits(SDXL_LORA)
    for bad, problem in (([SDXL_LORA], "is for sdxl"), ([{"lora": LORA, "weight": "heavy"}], "must be a number"),
                         ([LORA, LORA], "listed twice"), ("tiny", "expected a list")):
        with pytest.raises(FieldValueError, match=problem):
            field.set(bad)
    field.set([])
    assert field.get() == []


class FakeRepo:
    def __init__(self, record) -> None:
        self.record, self.sent = record, []

    async def upload_video(self, path):
        self.sent.append(Path(path))
        return self.record

    async def upload_image(self, path):
        self.sent.append(Path(path))
        return self.record


def test_a_local_mp4_is_uploaded_through_the_video_repository_on_submit(schemas, tmp_path: Path):
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(MP4_HEAD)
    videos, images = FakeRepo(SimpleNamespace(video_name="up.mp4")), FakeRepo(SimpleNamespace(image_name="i.png"))
    client = SimpleNamespace(video_repo=videos, image_repo=images)
    handle = handle_for(schemas, client)
    handle.set_input_value(0, clip)
    with pytest.raises(WorkflowBuildError, match="uploaded on submit"):
        handle.build_graph()
    assert "range.video" not in presets.capture(handle)  # a local file is not portable
    assert asyncio.run(handle.upload_pending_files()) == ["up.mp4"]
    assert videos.sent == [clip] and images.sent == []
    graph = handle.build_graph()
    assert graph["nodes"]["range"]["video"] == {"video_name": "up.mp4"}
    assert graph["nodes"]["loras"]["loras"] == []


def test_a_client_without_videos_says_so(schemas, tmp_path: Path):
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(MP4_HEAD)
    handle = handle_for(schemas, SimpleNamespace(image_repo=None))
    handle.set_input_value(0, clip)
    with pytest.raises(WorkflowBuildError, match="cannot upload videos"):
        asyncio.run(handle.upload_pending_files())


def test_sweeps_and_lists_take_server_video_names_only(schemas, tmp_path: Path):
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(MP4_HEAD)
    handle = handle_for(schemas)
    handle.set_input_value(0, "a.mp4")
    body = handle.build_batch(sweeps={0: ["a.mp4", "b.mp4"]})
    assert body["batch"]["data"][0][0]["items"] == [{"video_name": "a.mp4"}, {"video_name": "b.mp4"}]
    with pytest.raises(WorkflowBuildError, match="server video names"):
        handle.build_batch(sweeps={0: [str(clip)]})


def test_offline_a_video_and_a_lora_list_are_recognised_by_their_values():
    nodes = [wb.inv("range", "extract_video_range", {"video": {"video_name": "v.mp4"}}),
             wb.inv("loras", "wan_lora_collection_loader", {"loras": [{"lora": LORA, "weight": 0.5}]})]
    handle = WorkflowHandle(None, WorkflowDefinition.from_dict(
        wb.workflow(nodes, [], exposed=[("range", "video"), ("loras", "loras")])), None)
    video, loras = handle.list_inputs()
    assert (video.kind, video.field.video_name) == ("video", "v.mp4")
    assert (loras.kind, loras.field.get()) == ("lora_collection", [{"lora": LORA, "weight": 0.5}])
