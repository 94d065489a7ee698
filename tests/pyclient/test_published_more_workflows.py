"""The WorkflowRepository/WorkflowHandle calls the other published tests leave out, against the real
server: create_workflow_from_dict, cancel and cancel_async, submit_sync with a priority,
submit(subscribe_events=True) with its callbacks, and sync_dnn_model."""

import asyncio
import json

from tests.support import rest as helpers
from tests.support.paths import WORKFLOW_FIXTURES
from invokeai_tui.pyclient import InvokeAIClient

COPY_WORKFLOW = WORKFLOW_FIXTURES / "save-image-copy-to-board.json"
SDXL_WORKFLOW = WORKFLOW_FIXTURES / "sdxl-text-to-image.json"


def copy_workflow(client, source: str, board: str):
    wf = client.workflow_repo.create_workflow_from_dict(json.loads(COPY_WORKFLOW.read_text()))
    wf.set_input_value(0, source)
    wf.set_input_value(1, board)
    return wf


def test_from_dict_and_cancel_the_submitted_run(server_url, board):
    source = helpers.upload_png(server_url, None, 8, 8)["image_name"]
    try:
        with InvokeAIClient.from_url(server_url) as client:
            wf = copy_workflow(client, source, board)
            assert [(i.input_index, i.field_name) for i in wf.list_inputs()] == [(0, "image"), (1, "board")]
            assert wf.cancel() is False  # nothing submitted yet
            client.queue_repo.pause_processor()  # the runs stay pending until cancelled
            try:
                wf.submit_sync()
                assert wf.get_queue_item()["status"] == "pending"
                assert wf.cancel() is True
                assert wf.get_queue_item()["status"] == "canceled"

                other = copy_workflow(client, source, board)
                other.submit_sync()
                assert asyncio.run(other.cancel_async()) is True
                assert helpers.get_item(server_url, other.item_id)["status"] == "canceled"
            finally:
                client.queue_repo.resume_processor()
        assert helpers.board_image_names(server_url, board) == []
    finally:
        helpers.api(server_url, "DELETE", f"/api/v1/images/i/{source}")


def test_submit_with_a_priority_runs_first(server_url, board):
    source = helpers.upload_png(server_url, None, 8, 8)["image_name"]
    try:
        with InvokeAIClient.from_url(server_url) as client:
            client.queue_repo.pause_processor()
            try:
                first_in = helpers.enqueue_graph(server_url, helpers.blank_blur_graph(board, 8, 8))["item_ids"][0]
                wf = copy_workflow(client, source, board)
                wf.submit_sync(priority=1)
            finally:
                client.queue_repo.resume_processor()
            ours = wf.wait_for_completion_sync(timeout=60)
            theirs = helpers.wait_for_item(server_url, first_in, timeout=60)
        assert ours["status"] == theirs["status"] == "completed"
        assert ours["priority"] > theirs["priority"] and ours["started_at"] <= theirs["started_at"]
    finally:
        helpers.api(server_url, "DELETE", f"/api/v1/images/i/{source}")


def test_submit_with_invocation_event_callbacks(server_url, board):
    source = helpers.upload_png(server_url, None, 8, 8)["image_name"]
    started, completed = [], []

    async def main(client):
        wf = copy_workflow(client, source, board)
        client.queue_repo.pause_processor()  # the run must not finish before the socket listens
        try:
            submitted = await wf.submit(subscribe_events=True, on_invocation_started=started.append,
                                        on_invocation_complete=completed.append)
            await asyncio.sleep(0.3)
        finally:
            await asyncio.to_thread(client.queue_repo.resume_processor)
        item = await wf.wait_for_completion(timeout=60)
        for _ in range(50):
            if completed:
                break
            await asyncio.sleep(0.1)
        await client.disconnect_socketio()
        return submitted, item

    try:
        with InvokeAIClient.from_url(server_url) as client:
            submitted, item = asyncio.run(main(client))
        assert item["status"] == "completed" and item["item_id"] == submitted["item_ids"][0]
        assert [e["invocation"]["type"] for e in started] == ["save_image"]
        assert [e["item_id"] for e in completed] == submitted["item_ids"]
        assert completed[0]["result"]["image"]["image_name"] in helpers.board_image_names(server_url, board)
    finally:
        helpers.api(server_url, "DELETE", f"/api/v1/images/i/{source}")


def test_sync_dnn_model_points_an_unknown_model_at_an_installed_one(server_url):
    with InvokeAIClient.from_url(server_url) as client:
        tiny = next(m for m in client.dnn_model_repo.list_models() if m.name == "tiny-sdxl")
        wf = client.workflow_repo.create_workflow_from_file(str(SDXL_WORKFLOW))
        assert wf.get_input_value(0).name == "juggernautXL_v9Rundiffusionphoto2"  # not on this server
        assert list(wf.sync_dnn_model()) == []  # by name only: nothing of that name
        report = wf.sync_dnn_model(by_name=True, by_base=True)
        [(old, new)] = list(report)
        assert old["name"] == "juggernautXL_v9Rundiffusionphoto2" and new["key"] == tiny.key and len(report) == 1
        model = wf.get_input_value(0)
        assert (model.key, model.name, model.base) == (tiny.key, "tiny-sdxl", "sdxl")
