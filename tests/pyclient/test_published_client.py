"""The published InvokeAIClient's own calls against the real server: raw requests, the session,
and the calls the published client leaves as stubs (jobs, models), which work here."""

from tests.support import rest as helpers
from invokeai_tui.pyclient import InvokeAIClient, IvkDnnModel, JobStatus
from invokeai_tui.pyclient.quick import QuickClient


def test_raw_requests_and_session(server_url):
    with InvokeAIClient.from_url(server_url) as client:
        assert client.health_check() is True
        assert client._make_request("GET", "/app/version").json() == {"version": "6.14.2"}
        models = client._make_request_v2("GET", "/models/").json()["models"]
        assert models and all("key" in m for m in models)
        answer = client.session.get(f"{client.base_url}/app/version")
        assert answer.status_code == 200 and answer.json()["version"] == "6.14.2"
        assert client.session.get(f"{client.base_url}/boards/no-such-board").status_code == 404  # no exception


def test_jobs_and_models_work(server_url, board):
    with InvokeAIClient.from_url(server_url) as client:
        item = helpers.run_graph(server_url, helpers.blank_blur_graph(board, 8, 8))
        jobs = client.list_jobs(limit=20)
        assert str(item["item_id"]) in [job.id for job in jobs]
        job = client.get_job(str(item["item_id"]))
        assert job.status == JobStatus.COMPLETED and job.is_complete() and job.is_successful()
        assert [j.id for j in client.list_jobs(status="completed", limit=20)].count(job.id) == 1

        models = client.list_models()
        assert models and all(isinstance(m, IvkDnnModel) for m in models)
        sdxl = client.list_models(base_model="sdxl")
        assert sdxl and {m.base for m in sdxl} == {"sdxl"}
        assert client.get_model_info(sdxl[0].key).name == sdxl[0].name
        assert [m.key for m in client.dnn_model_repo.list_models()] == [m.key for m in models]
        assert client.dnn_model_repo.get_model_by_key(sdxl[0].key).base == "sdxl"
        assert client.dnn_model_repo.get_model_by_key("no-such-key") is None


def test_quick_client_copies_an_image_to_a_board(server_url, board):
    source = helpers.upload_png(server_url, None, 12, 9)["image_name"]
    try:
        with InvokeAIClient.from_url(server_url) as client:
            copied = QuickClient(client).copy_image_to_board(source, board)
            assert copied is not None and copied.image_name != source and copied.board_id == board
            assert copied.width == 12
            assert helpers.board_image_names(server_url, board) == [copied.image_name]
    finally:
        helpers.api(server_url, "DELETE", f"/api/v1/images/i/{source}")
