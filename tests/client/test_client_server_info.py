"""Health, version, auth status, OpenAPI, raw requests and typed errors against the real server."""

import pytest

from invokeai_tui.client import (
    AsyncInvokeAIClient,
    NotFoundError,
    PermissionDeniedError,
    RequestRejectedError,
    UnexpectedResponseError,
)


async def test_health_and_version(client):
    assert await client.health_check() is True
    assert await client.get_version() == "6.14.2"
    response = await client._make_request("GET", "/app/version")
    assert response.json() == {"version": "6.14.2"}


async def test_wrong_prefix_is_not_healthy(server_url):
    # Unknown GET paths answer 200 with the web UI's HTML: a bare 200 must not count as healthy.
    async with AsyncInvokeAIClient.from_url(server_url + "/not-a-prefix") as client:
        assert await client.health_check() is False
        with pytest.raises(UnexpectedResponseError) as info:
            await client.get_version()
    assert "HTML" in str(info.value)


async def test_auth_status_single_user_and_login_refused(client):
    status = await client.auth_status()
    assert status.multiuser_enabled is False
    with pytest.raises(PermissionDeniedError) as info:
        await client.login("nobody@example.org", "x")
    assert info.value.status == 403 and "Multiuser" in str(info.value)


async def test_openapi_is_cached(client):
    first = await client.get_openapi()
    assert "/api/v1/boards/" in first["paths"]
    assert "BlankImageInvocation" in first["components"]["schemas"]
    assert await client.get_openapi() is first
    assert await client.get_openapi(refresh=True) is not first


async def test_not_found_and_rejected_are_typed(client):
    with pytest.raises(NotFoundError) as info:
        await client.board_repo.get_board("no-such-board")
    assert info.value.status == 404
    bad_graph = {"nodes": {"x": {"id": "y", "type": "blank_image"}}, "edges": []}
    with pytest.raises(RequestRejectedError) as info:
        await client.queue_repo.enqueue_batch({"graph": bad_graph, "runs": 1})
    assert info.value.status == 422
    assert "Node ids must match" in str(info.value)
