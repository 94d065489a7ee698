"""Failure handling with fake transports, for what a real server cannot be made to do on cue:
503 then success (retried), 503 on enqueue (never retried), HTML or garbage instead of JSON."""

import json
import socket

import httpx
import pytest

from invokeai_tui.client import (
    AsyncInvokeAIClient,
    NotAuthenticatedError,
    NotFoundError,
    PermissionDeniedError,
    RequestRejectedError,
    RequestTimeoutError,
    ServerError,
    ServerUnreachableError,
    UnexpectedResponseError,
)
from tests.support.mock_http import Recorder, json_response, mock_client as make
from invokeai_tui.pyclient import InvokeAIClient


async def test_503_then_success_is_retried():
    rec = Recorder(json_response(503, {"detail": "busy"}), json_response(200, {"version": "6.14.2"}))
    async with make(rec) as client:
        assert await client.get_version() == "6.14.2"
    assert len(rec.requests) == 2


async def test_503_on_enqueue_is_not_retried():
    rec = Recorder(json_response(503, {"detail": "Service Unavailable"}))
    async with make(rec) as client:
        with pytest.raises(ServerError) as info:
            await client.queue_repo.enqueue_batch({"graph": {"nodes": {}, "edges": []}, "runs": 1})
    assert len(rec.requests) == 1  # sent exactly once: never twice
    assert rec.requests[0].method == "POST"
    assert info.value.status == 503
    assert "503" in str(info.value) and "Enqueueing" in str(info.value)


async def test_retries_give_up_after_max_retries():
    rec = Recorder(json_response(502, {"detail": "bad gateway"}))
    async with make(rec, max_retries=2) as client:
        with pytest.raises(ServerError):
            await client.request("GET", "/api/v1/boards/")
    assert len(rec.requests) == 3


async def test_connection_error_retried_for_get_but_not_post():
    rec = Recorder(httpx.ConnectError("refused"), json_response(200, {"version": "1"}))
    async with make(rec) as client:
        assert await client.get_version() == "1"
    assert len(rec.requests) == 2
    rec = Recorder(httpx.ConnectError("refused"))
    async with make(rec) as client:
        with pytest.raises(ServerUnreachableError) as info:
            await client.request("POST", "/api/v1/images/star", json={"image_names": []})
    assert len(rec.requests) == 1
    assert "cannot connect" in str(info.value)


async def test_post_retried_when_marked_idempotent():
    rec = Recorder(json_response(503, {}), json_response(200, []))
    async with make(rec) as client:
        await client.request("POST", "/api/v1/images/images_by_names", json={"image_names": []}, idempotent=True)
    assert len(rec.requests) == 2


async def test_html_instead_of_json():
    html = httpx.Response(200, text="<!doctype html><html>web ui</html>", headers={"content-type": "text/html"})
    async with make(Recorder(html)) as client:
        with pytest.raises(UnexpectedResponseError) as info:
            await client.board_repo.list_boards()
        assert not await client.health_check()  # a 200 HTML page is not a healthy API
    message = str(info.value)
    assert "expected JSON" in message and "HTML" in message and "address" in message


async def test_garbage_json():
    garbage = httpx.Response(200, content=b'{"models": [1, 2', headers={"content-type": "application/json"})
    async with make(Recorder(garbage)) as client:
        with pytest.raises(UnexpectedResponseError) as info:
            await client.dnn_model_repo.list_models()
    assert "not valid JSON" in str(info.value)


async def test_422_message_carries_validation_detail():
    detail = {"detail": [{"type": "value_error", "loc": ["body", "batch", "graph"],
                          "msg": "Value error, Node ids must match, got x and y"}]}
    async with make(Recorder(json_response(422, detail))) as client:
        with pytest.raises(RequestRejectedError) as info:
            await client.queue_repo.enqueue_batch({"graph": {}})
    assert info.value.status == 422
    assert "batch.graph: Value error, Node ids must match, got x and y" in str(info.value)
    assert info.value.detail == detail["detail"]


@pytest.mark.parametrize(
    ("status", "error", "words"),
    [
        (401, NotAuthenticatedError, "log in"),
        (403, PermissionDeniedError, "not allowed"),
        (404, NotFoundError, "not found"),
        (400, RequestRejectedError, "rejected"),
        (500, ServerError, "internal error"),
    ],
)
async def test_status_codes_map_to_typed_errors(status, error, words):
    async with make(Recorder(json_response(status, {"detail": "the reason"}))) as client:
        with pytest.raises(error) as info:
            await client.request("PATCH", "/api/v1/boards/x", json={})
    assert info.value.status == status
    assert words in str(info.value) and "the reason" in str(info.value)


async def test_timeout_is_typed():
    rec = Recorder(httpx.ReadTimeout("slow"))
    async with make(rec, max_retries=0, timeout=2) as client:
        with pytest.raises(RequestTimeoutError) as info:
            await client.request("GET", "/api/v1/queue/default/status")
    assert "did not answer within 2 s" in str(info.value)


async def test_refused_port_is_unreachable_and_health_false():
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    async with AsyncInvokeAIClient(host="127.0.0.1", port=port, max_retries=0) as client:
        assert await client.health_check() is False
        with pytest.raises(ServerUnreachableError) as info:
            await client.get_version()
    assert f"127.0.0.1:{port}" in str(info.value)


async def test_bearer_token_sent_and_refreshed_token_adopted():
    rec = Recorder(
        json_response(201, {"board_id": "b", "board_name": "n"}, headers={"X-Refreshed-Token": "fresh"}),
        json_response(200, []),
    )
    async with make(rec, api_key="first") as client:
        await client.board_repo.create_board("n")
        assert client.token == "fresh"
        await client.board_repo.list_boards()
    assert rec.requests[0].headers["Authorization"] == "Bearer first"
    assert rec.requests[1].headers["Authorization"] == "Bearer fresh"


async def test_login_stores_token():
    rec = Recorder(json_response(200, {"token": "jwt", "user": {"user_id": "u", "email": "a@b"}, "expires_in": 9}),
                   json_response(200, {"version": "6.14.2"}))
    async with make(rec) as client:
        result = await client.login("a@b", "pw")
        await client.get_version()
    assert result.token == "jwt" and client.token == "jwt"
    assert json.loads(rec.requests[0].content) == {"email": "a@b", "password": "pw", "remember_me": False}
    assert rec.requests[1].headers["Authorization"] == "Bearer jwt"


def test_sync_facade_raises_typed_errors_and_returns_responses():
    rec = Recorder(json_response(200, {"version": "6.14.2"}), json_response(404, {"detail": "Board not found"}))
    with InvokeAIClient(host="fake", transport=httpx.MockTransport(rec)) as client:
        response = client._make_request("GET", "/app/version")
        assert response.json() == {"version": "6.14.2"}
        assert str(rec.requests[0].url) == "http://fake:9090/api/v1/app/version"
        with pytest.raises(NotFoundError):
            client.board_repo.get_board("missing")


async def test_upload_of_non_image_refused_before_sending(tmp_path):
    from invokeai_tui.client import InvalidImageError

    rec = Recorder(json_response(201, {"image_name": "x.png"}))
    notes = tmp_path / "notes.png"  # the extension lies; the bytes decide
    notes.write_text("just text")
    async with make(rec) as client:
        with pytest.raises(InvalidImageError):
            await client.image_repo.upload_image(notes)
        with pytest.raises(InvalidImageError):
            await client.image_repo.upload_image_data(b"", "empty.png")
        with pytest.raises(InvalidImageError):
            await client.image_repo.upload_image(tmp_path / "missing.png")
    assert rec.requests == []


async def test_model_list_is_fresh_each_call():
    answers = [json_response(200, {"models": [{"key": "a", "name": "a", "base": "sd-1", "type": "main"}]}),
               json_response(200, {"models": [{"key": "a", "name": "a", "base": "sd-1", "type": "main"},
                                              {"key": "b", "name": "b", "base": "zeta-9", "type": "main"}]})]
    rec = Recorder(*answers)
    async with make(rec) as client:
        assert [m.key for m in await client.dnn_model_repo.list_models()] == ["a"]
        assert [m.key for m in await client.dnn_model_repo.list_models()] == ["a", "b"]
    assert len(rec.requests) == 2


async def test_queue_retry_items_is_never_resent():
    rec = Recorder(json_response(503, {"detail": "busy"}))
    async with make(rec) as client:
        with pytest.raises(ServerError):
            await client.queue_repo.retry_items([3])
        with pytest.raises(ServerError):
            await client.queue_repo.clear()  # a plain PUT is retried
    assert [r.url.path.rsplit("/", 1)[-1] for r in rec.requests] == ["retry_items_by_id"] + ["clear"] * 4
