"""Workflows and the queue the published way (invokeai-py-client 1.1.1's names and return shapes),
against the real server, with only the import prefix changed."""

import asyncio
import uuid

from tests.support import rest as helpers
from tests.support.paths import WORKFLOW_FIXTURES
from invokeai_tui.pyclient import InvokeAIClient, WorkflowDefinition
from invokeai_tui.pyclient.queue import JobHandle, QueueHandle
from invokeai_tui.pyclient.queue.queue_models import QueueItemStatus

COPY_WORKFLOW = WORKFLOW_FIXTURES / "save-image-copy-to-board.json"


def test_copy_workflow_runs_the_published_way(server_url, board):
    source = helpers.upload_png(server_url, None, 16, 12)["image_name"]
    client = InvokeAIClient.from_url(server_url)
    try:
        wf = client.workflow_repo.create_workflow_from_file(str(COPY_WORKFLOW))
        labels = [(inp.input_index, inp.field_name) for inp in wf.list_inputs()]
        assert labels == [(0, "image"), (1, "board")]
        assert wf.validate_inputs() == {0: ["Source Image: a value is required"]}
        wf.get_input_value(0).value = source
        wf.get_input_value(1).value = board
        assert wf.validate_inputs() == {} and all(inp.validate_input() for inp in wf.list_inputs())
        assert [out.input_index for out in wf.list_outputs()] == [1]

        submission = wf.submit_sync()
        assert isinstance(submission, dict) and set(submission) == {"batch_id", "item_ids", "enqueued", "session_id"}
        assert submission["enqueued"] == 1 and submission["session_id"]
        statuses = []
        queue_item = wf.wait_for_completion_sync(timeout=60, progress_callback=lambda qi: statuses.append(qi["status"]))
        assert isinstance(queue_item, dict) and queue_item["status"] == "completed"
        assert statuses[-1] == "completed"
        assert wf.get_queue_item()["item_id"] == submission["item_ids"][0]

        mappings = wf.map_outputs_to_images(queue_item)
        assert len(mappings) == 1
        mapping = mappings[0]
        assert mapping["tier"] == "results" and mapping["board_id"] == board and mapping["input_index"] == 1
        assert mapping["node_type"] == "save_image"
        assert helpers.board_image_names(server_url, board) == mapping["image_names"]
        templates = wf.get_output_image_jsonpath_templates()
        assert templates and "board" in templates[0]["board_jsonpath"]
    finally:
        client.close()
        helpers.api(server_url, "DELETE", f"/api/v1/images/i/{source}")


def test_async_submit_and_wait(server_url, board):
    source = helpers.upload_png(server_url, None, 8, 8)["image_name"]

    async def main(client):
        wf = client.workflow_repo.create_workflow(WorkflowDefinition.from_file(COPY_WORKFLOW))
        wf.set_input_value(0, source)
        wf.set_input_value(1, board)
        submitted = await wf.submit()
        item = await wf.wait_for_completion(timeout=60)
        events = [event async for event in wf.submit_sync_monitor_async()]
        return submitted, item, events

    try:
        with InvokeAIClient.from_url(server_url) as client:
            submitted, item, events = asyncio.run(main(client))
        assert item["status"] == "completed" and item["item_id"] == submitted["item_ids"][0]
        assert events[0]["event_type"] == "submission" and events[-1]["status"] == "completed"
    finally:
        helpers.api(server_url, "DELETE", f"/api/v1/images/i/{source}")


def test_workflow_library_the_published_way(server_url):
    with InvokeAIClient.from_url(server_url) as client:
        definition = WorkflowDefinition.from_file(COPY_WORKFLOW)
        name = f"published-{uuid.uuid4().hex[:8]}"
        definition.raw["name"] = name
        workflow_id = client.workflow_repo.upload_workflow(definition)
        try:
            listed = client.workflow_repo.list_available_workflows()
            assert {"id": workflow_id, "name": name}.items() <= next(w for w in listed if w["id"] == workflow_id).items()
            downloaded = client.workflow_repo.download_workflow(workflow_id)
            assert downloaded.name == name and downloaded.node_count == 1
            definition.raw["description"] = "replaced"
            definition.raw["id"] = workflow_id
            assert client.workflow_repo.upload_workflow(definition, overwrite=True) == workflow_id
            assert client.workflow_repo.download_workflow(workflow_id).description == "replaced"
        finally:
            assert client.workflow_repo.delete_workflow(workflow_id) is True
        assert client.workflow_repo.download_workflow(workflow_id) is None
        assert client.workflow_repo.delete_workflow(workflow_id) is False


def test_queue_handles_the_published_way(server_url, board):
    with InvokeAIClient.from_url(server_url) as client:
        queue = client.queue_repo.get_queue()
        assert isinstance(queue, QueueHandle) and client.queue_repo.list_queues() == ["default"]
        assert queue.wait_until_idle(timeout=60) and queue.get_current() is None and not queue.is_busy()
        item_id = helpers.enqueue_graph(server_url, helpers.blank_blur_graph(board, 8, 8))["item_ids"][0]
        job = queue.get_item(item_id)
        assert isinstance(job, JobHandle) and job.item_id == item_id
        done = job.wait_for_completion(timeout=60)
        assert done.status == QueueItemStatus.COMPLETED and job.is_complete() and job.is_successful()
        assert item_id in [it.item_id for it in queue.list_all()]
        assert [j.item_id for j in queue.get_items_by_ids([item_id])] == [item_id]
        assert queue.get_item(10**9) is None
        assert queue.get_status().queue.completed >= 1 and queue.count_running() == 0

        client.queue_repo.pause_processor()  # the core call, through the published repository
        try:
            pending_id = helpers.enqueue_graph(server_url, helpers.blank_blur_graph(board, 8, 8))["item_ids"][0]
            pending = queue.get_item(pending_id)
            assert pending.is_pending() and pending_id in [it.item_id for it in queue.list_pending()]
            assert pending.cancel() is True and pending.refresh().status == QueueItemStatus.CANCELED
            assert pending.is_canceled()
        finally:
            client.queue_repo.resume_processor()
        assert queue.prune().deleted >= 1


def test_sdxl_workflow_with_ivk_fields_the_published_way(server_url, board):
    from invokeai_tui.pyclient.ivk_fields import IvkIntegerField, IvkStringField
    from invokeai_tui.pyclient.ivk_fields.model_conversion import to_ivk_model_field

    with InvokeAIClient.from_url(server_url) as client:
        wf = client.workflow_repo.create_workflow(WorkflowDefinition.from_file(WORKFLOW_FIXTURES / "sdxl-text-to-image.json"))
        tiny = next(m for m in client.dnn_model_repo.list_models() if m.name == "tiny-sdxl")
        model_input = wf.get_input_value(0)
        assert not hasattr(model_input, "value")  # like the published IvkModelIdentifierField
        for part in ("key", "hash", "name", "base", "type"):  # assigned one by one, the published way
            setattr(model_input, part, getattr(tiny, part))
        assert (model_input.key, model_input.name, model_input.base) == (tiny.key, "tiny-sdxl", "sdxl")
        assert wf.list_inputs()[0].field.key == tiny.key
        wf.set_input_value(0, to_ivk_model_field(tiny))
        wf.set_input_value(1, IvkStringField(value="a lighthouse at dusk"))
        for index, value in ((3, 256), (4, 256), (5, 4)):
            wf.set_input_value(index, IvkIntegerField(value=value))
        wf.set_input_value(8, board)
        assert wf.get_input_value(0).key == tiny.key and wf.get_input_value(1).value == "a lighthouse at dusk"
        wf.submit_sync()
        queue_item = wf.wait_for_completion_sync(timeout=180)
        outputs = wf.map_outputs_to_images(queue_item)
        assert [m["board_id"] for m in outputs] == [board] and len(outputs[0]["image_names"]) == 1
