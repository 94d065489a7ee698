"""The InvokeAIClient calls the other published tests leave out, against the real server: version,
schema, raw requests, the auth status, cancel_job, the create_workflow shortcut, the session's
relative paths and other verbs, and Socket.IO connect/disconnect."""

import asyncio
import uuid

from tests.support import rest as helpers
from tests.support.paths import WORKFLOW_FIXTURES
from invokeai_tui.pyclient import InvokeAIClient, JobStatus

COPY_WORKFLOW = WORKFLOW_FIXTURES / "save-image-copy-to-board.json"


def test_version_schema_and_raw_requests(server_url):
    with InvokeAIClient.from_url(server_url) as client:
        assert client.get_version() == "6.14.2"
        schema = client.get_openapi()
        assert schema["info"]["title"] and "/api/v1/app/version" in schema["paths"]
        assert client.get_openapi() is schema and client.get_openapi(refresh=True) == schema
        assert client.request("GET", "/api/v1/app/version").json() == {"version": "6.14.2"}
        assert client.request_json("GET", "/api/v1/app/version") == {"version": "6.14.2"}
        status = client.auth_status()
        assert status.multiuser_enabled is False and status.setup_required is False


def test_session_relative_paths_and_verbs(server_url):
    with InvokeAIClient.from_url(server_url) as client:
        assert client.session.get("/api/v1/app/version").json() == {"version": "6.14.2"}
        name = f"session-{uuid.uuid4().hex[:8]}"
        made = client.session.post("/api/v1/boards/", params={"board_name": name})
        assert made.status_code == 201, made.text
        board_id = made.json()["board_id"]
        try:
            renamed = client.session.patch(f"/api/v1/boards/{board_id}", json={"board_name": name + "-2"})
            assert renamed.status_code == 201 and renamed.json()["board_name"] == name + "-2"
            assert client.board_repo.get_board_by_id(board_id).board_name == name + "-2"
        finally:
            gone = client.session.delete(f"/api/v1/boards/{board_id}")
        assert gone.status_code == 200 and gone.json()["board_id"] == board_id
        assert client.board_repo.get_board_by_id(board_id) is None

        paused = client.session.put("/api/v1/queue/default/processor/pause")
        try:
            assert paused.status_code == 200 and paused.json()["is_started"] is False
        finally:
            resumed = client.session.request("put", "/api/v1/queue/default/processor/resume")
        assert resumed.json()["is_started"] is True
        assert client.queue_repo.get_queue().get_status().processor.is_started is True


def test_cancel_job(server_url, board):
    with InvokeAIClient.from_url(server_url) as client:
        client.queue_repo.pause_processor()  # the item stays pending until cancelled
        try:
            item_id = helpers.enqueue_graph(server_url, helpers.blank_blur_graph(board, 8, 8))["item_ids"][0]
            assert client.get_job(str(item_id)).status == JobStatus.PENDING
            assert client.cancel_job(str(item_id)) is True
            assert client.get_job(str(item_id)).status == JobStatus.CANCELLED
            assert helpers.get_item(server_url, item_id)["status"] == "canceled"
        finally:
            client.queue_repo.resume_processor()


def test_create_workflow_shortcut_runs(server_url, board):
    source = helpers.upload_png(server_url, None, 10, 6)["image_name"]
    try:
        with InvokeAIClient.from_url(server_url) as client:
            wf = client.create_workflow(str(COPY_WORKFLOW))
            assert [inp.field_name for inp in wf.list_inputs()] == ["image", "board"]
            wf.set_input_value(0, source)
            wf.set_input_value(1, board)
            wf.submit_sync()
            assert wf.wait_for_completion_sync(timeout=60)["status"] == "completed"
        [copied] = helpers.board_image_names(server_url, board)
        assert helpers.api(server_url, "GET", f"/api/v1/images/i/{copied}")["width"] == 10
    finally:
        helpers.api(server_url, "DELETE", f"/api/v1/images/i/{source}")


def test_connect_and_disconnect_socketio(server_url, board):
    statuses = []

    async def main(client):
        sio = await client.connect_socketio()
        assert sio.connected and await client.connect_socketio() is sio  # connected once
        sio.on("queue_item_status_changed", lambda evt: statuses.append(evt.get("status")))
        await sio.emit("subscribe_queue", {"queue_id": "default"})
        await asyncio.sleep(0.3)
        await asyncio.to_thread(helpers.run_graph, server_url, helpers.blank_blur_graph(board, 8, 8))
        for _ in range(50):
            if "completed" in statuses:
                break
            await asyncio.sleep(0.1)
        await client.disconnect_socketio()
        return sio

    with InvokeAIClient.from_url(server_url) as client:
        sio = asyncio.run(main(client))
    assert "completed" in statuses and not sio.connected
