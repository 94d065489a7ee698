"""Workflows run end to end on the real server with the tiny models."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import time
from pathlib import Path

from tests.support import rest as helpers
import pytest
from tests.support import workflow_builders as wb
from tests.support.paths import WORKFLOW_FIXTURES

from invokeai_tui.pyclient import AsyncInvokeAIClient, InvokeAIClient
from invokeai_tui.workflow import (
    FieldValueError,
    WorkflowDefinition,
    WorkflowRunError,
)


SDXL_FIXTURE = WORKFLOW_FIXTURES / "sdxl-text-to-image.json"
SD15_DEFAULT = "default_7dde3e36-d78f-4152-9eea-00ef9c8124ed"


@pytest.fixture(scope="module")
def client(server_url):
    c = InvokeAIClient.from_url(server_url)
    yield c
    c.close()


@pytest.fixture(scope="module")
def models(client):
    return {m.name: m for m in client.dnn_model_repo.list_models()}


def _images_on_board(server_url, board_id):
    return set(helpers.board_image_names(server_url, board_id))


def test_sd15_default_workflow_runs_with_index_api(client, models, server_url, board):
    wf = client.workflow_repo.create_workflow(
        WorkflowDefinition.from_library_record(client.workflow_repo.get_workflow(SD15_DEFAULT)))
    labels = [i.label for i in wf.list_inputs()]
    assert labels == ["Model", "Positive Prompt", "Negative Prompt", "Width", "Height", "Board"]
    wf.set_input_value(0, models["tiny-sd15"])
    wf.get_input_value(1).value = "a red fox in the snow"
    wf.set_input_value(3, 256)
    wf.set_input_value(4, 256)
    wf.set_input_value(5, board)
    denoise = next(n["id"] for n in wf.definition.nodes if n["type"] == "invocation"
                   and n["data"]["type"] == "denoise_latents")
    wf.set_field_value(denoise, "steps", 4)  # not in the form: addressed by (node id, field name)

    body = wf.build_batch()
    graph = body["batch"]["graph"]
    assert graph["nodes"][denoise]["steps"] == 4
    assert "id" not in body["batch"]["workflow"]
    assert body["batch"]["origin"] == "invokeai-tui" and body["batch"]["destination"] == "gallery"

    submission = wf.submit_sync()
    assert len(submission.item_ids) == 1
    item = wf.wait_for_completion_sync(timeout=180)
    assert item.status == "completed"
    outputs = wf.map_outputs_to_images(item)
    assert len(outputs) == 1
    out = outputs[0]
    assert out["node_type"] == "l2i" and out.board_id == board and out.input_index == 5
    assert len(out["image_names"]) == 1
    assert _images_on_board(server_url, board) == set(out.image_names)
    noise = next(n for n in item.session["graph"]["nodes"].values() if n["type"] == "noise")
    assert (noise["width"], noise["height"]) == (256, 256)  # the size we set reached the server
    image = client.image_repo.get_image(out.image_names[0])
    assert image.width == image.height  # (the tiny VAE upsamples only 2x: 256 px -> 64 px images)
    # the workflow is embedded in the image (without its id)
    embedded = client.image_repo.get_workflow(out.image_names[0])
    again = WorkflowDefinition.from_image_workflow(embedded.model_dump(), image_name=out.image_names[0])
    assert again.name == "Text to Image - SD1.5" and again.id is None


def test_sdxl_fixture_runs_with_index_api(client, models, server_url, board):
    wf = client.workflow_repo.create_workflow(WorkflowDefinition.from_file(SDXL_FIXTURE))
    names = [(i.label, i.kind) for i in wf.list_inputs()]
    assert names[0] == ("Model", "model") and names[1][1] == "string" and names[8][1] == "board"
    model_field = wf.get_input_value(0)
    assert model_field.bases == ["sdxl"]
    with pytest.raises(FieldValueError, match="sdxl"):
        model_field.model = models["tiny-sd15"]  # an SD1.5 model does not fit an SDXL loader
    model_field.model = models["tiny-sdxl"]
    wf.set_input_value(1, "a lighthouse at dusk")
    wf.set_input_value(3, 256)
    wf.set_input_value(4, 256)
    wf.set_input_value(5, 4)  # steps
    with pytest.raises(FieldValueError, match="greater than 0"):  # exclusiveMinimum 0
        wf.set_input_value(5, 0)
    wf.set_input_value(8, board)
    wf.submit_sync()
    item = wf.wait_for_completion_sync(timeout=180)
    outputs = wf.map_outputs_to_images(item)
    assert [o.board_id for o in outputs] == [board]
    assert _images_on_board(server_url, board) == set(outputs[0].image_names)


def test_sweep_over_two_prompts_makes_two_items_and_two_images(client, models, server_url, board):
    wf = client.workflow_repo.create_workflow(WorkflowDefinition.from_file(SDXL_FIXTURE))
    wf.set_input_value(0, models["tiny-sdxl"])
    for index, value in ((3, 256), (4, 256), (5, 4), (8, board)):
        wf.set_input_value(index, value)
    submission = wf.submit_sync(sweeps={1: ["a red apple", "a green pear"]})
    assert len(submission.item_ids) == 2
    items = wf.wait_for_all_sync(timeout=240)
    assert [i.status for i in items] == ["completed", "completed"]
    prompts = sorted(fv.value for i in items for fv in i.field_values or [])
    assert prompts == ["a green pear", "a red apple"]
    outputs = wf.map_outputs_to_images(items)
    names = [n for o in outputs for n in o.image_names]
    assert len(names) == 2 and len(set(names)) == 2
    assert _images_on_board(server_url, board) == set(names)


def test_product_sweep_counts_sessions(client, models):
    wf = client.workflow_repo.create_workflow(WorkflowDefinition.from_file(SDXL_FIXTURE))
    assert wf.count_sessions(sweeps={1: ["a", "b"], 3: [256, 512]}, sweep_mode="product", runs=2) == 8
    assert wf.count_sessions(sweeps={1: ["a", "b"], 3: [256, 512]}, sweep_mode="zip") == 2


def test_model_free_v4_workflow_with_connectors_notes_and_nested_rows(client, server_url, board):
    wf = client.workflow_repo.create_workflow(WorkflowDefinition.from_dict(wb.connector_workflow()))
    inputs = wf.list_inputs()
    assert [(i.field_name, i.kind) for i in inputs] == [
        ("width", "integer"), ("height", "integer"), ("radius", "float"), ("color", "color"), ("board", "board")]
    assert inputs[0].label == "Width" and inputs[2].label == "Radius"
    assert inputs[0].placement.row_id == "row-1" and inputs[0].placement.container_id == "col-1"
    assert inputs[3].placement.heading == "Output" and inputs[0].placement.heading is None
    with pytest.raises(FieldValueError, match="at most 512"):  # the form's max refines the schema's
        wf.set_input_value(0, 600)
    wf.set_input_value(0, 40)
    wf.set_input_value(3, "#00ff80")
    wf.set_input_value(4, board)
    graph = wf.build_graph()
    assert set(graph["nodes"]) == {"blank", "blur", "save"}  # notes and connectors dropped
    assert {(e["source"]["node_id"], e["destination"]["node_id"]) for e in graph["edges"]} == {
        ("blank", "blur"), ("blur", "save")}  # the connector chain resolved to its real source
    assert "image" not in graph["nodes"]["blur"]  # fed by an edge
    wf.submit_sync()
    item = wf.wait_for_completion_sync(timeout=60)
    outputs = wf.map_outputs_to_images(item)
    assert [(o.node_id, o.label, o.board_id) for o in outputs] == [("save", "Output", board)]
    image = client.image_repo.get_image(outputs[0].image_names[0])
    assert (image.width, image.height) == (40, 32)
    assert _images_on_board(server_url, board) == set(outputs[0].image_names)


def test_fan_out_node_reports_every_image(client, server_url, board):
    wf = client.workflow_repo.create_workflow(WorkflowDefinition.from_dict(wb.fan_out_workflow(3)))
    assert [i.kind for i in wf.list_inputs()] == ["integer", "board"]
    wf.set_input_value(1, board)
    wf.submit_sync()
    item = wf.wait_for_completion_sync(timeout=60)
    outputs = wf.map_outputs_to_images(item)
    assert len(outputs) == 1 and outputs[0].node_id == "blank"
    assert len(outputs[0].image_names) == 3
    assert _images_on_board(server_url, board) == set(outputs[0].image_names)


def test_auto_board_goes_to_the_chosen_auto_board(client, server_url, board):
    wf = client.workflow_repo.create_workflow(WorkflowDefinition.from_dict(wb.connector_workflow()))
    assert wf.get_input_value(4).value == "auto"
    wf.auto_board_id = board
    wf.submit_sync()
    item = wf.wait_for_completion_sync(timeout=60)
    assert _images_on_board(server_url, board) == set(wf.map_outputs_to_images(item)[0].image_names)


def test_local_image_file_is_uploaded_on_submit(client, server_url, board, tmp_path):
    from invokeai_tui.workflow import ImageField

    png = tmp_path / "local.png"
    png.write_bytes(helpers.png_bytes(20, 10))
    wf = client.workflow_repo.create_workflow(
        WorkflowDefinition.from_file(WORKFLOW_FIXTURES / "save-image-copy-to-board.json"))
    image_field = wf.get_input_value(0)
    assert isinstance(image_field, ImageField)
    image_field.value = png
    assert image_field.needs_upload
    wf.set_input_value(1, board)
    wf.submit_sync()
    assert not image_field.needs_upload and image_field.image_name
    item = wf.wait_for_completion_sync(timeout=60)
    saved = wf.map_outputs_to_images(item)[0].image_names
    assert _images_on_board(server_url, board) == set(saved)
    assert client.image_repo.get_image(saved[0]).width == 20


def test_failed_run_raises_with_the_server_error(client):
    data = wb.workflow([wb.inv("n", "img_blur", {"image": {"image_name": "does-not-exist.png"}, "radius": 1.0},
                               intermediate=False, use_cache=False)], [], exposed=[("n", "image")])
    wf = client.workflow_repo.create_workflow(WorkflowDefinition.from_dict(data))
    wf.submit_sync()
    with pytest.raises(WorkflowRunError) as info:
        wf.wait_for_completion_sync(timeout=60)
    assert info.value.error_type == "ImageRecordNotFoundException"
    assert "ImageRecordNotFoundException" in str(info.value) and info.value.item_id


def test_completion_is_event_driven(client, board):
    """With polling every 60 s, only the event stream can report the finish within seconds."""
    wf = client.workflow_repo.create_workflow(WorkflowDefinition.from_dict(wb.connector_workflow()))
    wf.set_input_value(4, board)
    wf.submit_sync()
    started = time.monotonic()
    item = wf.wait_for_completion_sync(timeout=50, poll_interval=60)
    assert item.status == "completed"
    assert time.monotonic() - started < 15


def test_listener_is_registered_before_enqueue(client, server_url, board):
    """A run that is over before anyone waits is still seen through the buffered event."""
    wf = client.workflow_repo.create_workflow(WorkflowDefinition.from_dict(wb.connector_workflow()))
    wf.set_input_value(4, board)
    submission = wf.submit_sync()
    helpers.wait_for_item(server_url, submission.item_ids[0], timeout=60)
    subscription = wf.last_run._subscription
    deadline = time.monotonic() + 5
    seen = []
    while time.monotonic() < deadline and not any(getattr(e, "status", None) == "completed" for e in seen):
        event = subscription.get_nowait()
        if event is None:
            time.sleep(0.05)
            continue
        seen.append(event)
    assert any(getattr(e, "status", None) == "completed" and e.item_id == submission.item_ids[0] for e in seen)


def test_sync_dnn_model_matches_by_base_and_keeps_user_choice(client, models):
    wf = client.workflow_repo.create_workflow(WorkflowDefinition.from_file(SDXL_FIXTURE))
    report = wf.sync_dnn_model(by_name=True, by_base=False)
    assert not report.ok
    assert [(u.field_name, u.input_index) for u in report.unmatched] == [("model", 0)]
    assert "juggernautXL" in report.unmatched[0].reason
    report = wf.sync_dnn_model(by_name=True, by_base=True)
    assert report.ok and [(c.matched_by, c.new["name"]) for c in report.changed] == [("base", "tiny-sdxl")]
    assert wf.get_input_value(0).model["key"] == models["tiny-sdxl"].key

    other = client.workflow_repo.create_workflow(WorkflowDefinition.from_file(SDXL_FIXTURE))
    chosen = {**models["tiny-sdxl"].identifier(), "key": models["tiny-sdxl"].key}
    other.set_input_value(0, chosen)
    report = other.sync_dnn_model(by_name=True, by_base=True)
    assert report.kept_user_choice == [(other.get_input(0).node_id, "model")] and not report.changed
    assert other.get_input_value(0).model == chosen


async def test_async_client_runs_a_workflow(server_url, board):
    async with AsyncInvokeAIClient.from_url(server_url) as client:
        wf = await client.workflow_repo.create_workflow(WorkflowDefinition.from_dict(wb.connector_workflow()))
        wf.set_input_value(4, board)
        submission = await wf.submit()
        item = await wf.wait_for_completion(timeout=60)
        assert item.item_id == submission.item_ids[0] and item.status == "completed"
        assert wf.map_outputs_to_images(item)[0].board_id == board


# The seed document's workflow example, verbatim but for its import lines (the client's import is
# in the seed's first example; this one relies on it). It never closes its client, so the script
# exiting on its own is part of what is tested.
SEED_WORKFLOW_EXAMPLE = '''\
from invokeai_tui.pyclient import InvokeAIClient  # was: from invokeai_py_client import InvokeAIClient
from invokeai_tui.workflow import WorkflowDefinition  # was: from invokeai_py_client.workflow import ...
import sys

client = InvokeAIClient.from_url(sys.argv[1])  # was: "http://localhost:9090"
wf = client.workflow_repo.create_workflow(
    WorkflowDefinition.from_file("data/workflows/sdxl-text-to-image.json")
)
# Discover inputs and set values (indices are the stable handle)
for inp in wf.list_inputs():
    print(f"[{inp.input_index:02d}] {inp.label or inp.field_name}")
field = wf.get_input_value(0)
if hasattr(field, "value"):
    field.value = "A cinematic sunset over snowy mountains"
submission = wf.submit_sync()
queue_item = wf.wait_for_completion_sync(timeout=180)
for m in wf.map_outputs_to_images(queue_item):
    print(m["node_id"], m.get("image_names"))
'''


@pytest.fixture
def fixture_model_stand_in(server_url, tmp_path_factory):
    """The tiny SDXL pipeline installed under the key and name the fixture's model loader names
    (juggernautXL_v9Rundiffusionphoto2), standing in for the model its author had installed."""
    loader = next(n["data"]["inputs"]["model"]["value"] for n in json.loads(SDXL_FIXTURE.read_text())["nodes"]
                  if n["data"].get("type") == "sdxl_model_loader")
    tiny = helpers.model_by_name(server_url, "tiny-sdxl")
    installed = helpers.install_model_copy(server_url, tiny["path"], tmp_path_factory.mktemp("stand-in"), key=loader["key"], name=loader["name"])
    assert (installed["key"], installed["name"], installed["base"]) == (loader["key"], loader["name"], "sdxl")
    yield installed
    helpers.api(server_url, "DELETE", f"/api/v2/models/i/{loader['key']}")


def test_seed_workflow_example(server_url, fixture_model_stand_in, tmp_path):
    """Runs as the seed's script `sdxl-text-to-image.py` would: from a folder holding
    `data/workflows/sdxl-text-to-image.json`, at the fixture's 768x1024 and 30 steps."""
    (tmp_path / "data" / "workflows").mkdir(parents=True)
    (tmp_path / "data" / "workflows" / "sdxl-text-to-image.json").write_bytes(SDXL_FIXTURE.read_bytes())
    script = tmp_path / "sdxl-text-to-image.py"
    script.write_text(SEED_WORKFLOW_EXAMPLE)
    # The script's own timeout is 180 s; ours only guards against a script that never exits.
    done = subprocess.run([sys.executable, str(script), server_url], cwd=tmp_path, capture_output=True,
                          text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.strip().splitlines()
    assert lines[:9] == ["[00] Model", "[01] positive prompt", "[02] negative prompt", "[03] Width",
                         "[04] Height", "[05] Steps", "[06] CFG Scale", "[07] Scheduler", "[08] Board"]
    node_id, names = lines[-1].split(" ", 1)
    assert node_id == "canvas_output:JbPTiAJ26r"  # the fixture's l2i node
    (image_name,) = ast.literal_eval(names)
    image = helpers.api(server_url, "GET", f"/api/v1/images/i/{image_name}")
    assert (image["width"], image["height"]) != (0, 0) and image["is_intermediate"] is False
    metadata = helpers.api(server_url, "GET", f"/api/v1/images/i/{image_name}/metadata")
    # As written: the fixture's size and steps (its model loader's key exists only as the stand-in).
    assert (metadata["width"], metadata["height"], metadata["steps"]) == (768, 1024, 30)
