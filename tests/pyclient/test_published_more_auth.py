"""The facade's login, logout and auth status against a real multi-user server (the seed facade's
calls, inherited by the published InvokeAIClient)."""

import uuid

import pytest

from invokeai_tui.client import NotAuthenticatedError
from invokeai_tui.pyclient import InvokeAIClient


def test_login_and_logout(multiuser_server):
    admin = multiuser_server["admin"]
    with InvokeAIClient.from_url(multiuser_server["url"]) as client:
        assert client.auth_status().multiuser_enabled is True and client.token is None
        with pytest.raises(NotAuthenticatedError):
            client.board_repo.list_boards()
        result = client.login(admin["email"], admin["password"])
        assert result.user.is_admin and client.token == result.token
        handle = client.board_repo.create_board(f"auth-{uuid.uuid4().hex[:8]}")  # the token goes with it
        try:
            assert handle.board_id in [b.board_id for b in client.board_repo.list_boards()]
        finally:
            assert client.board_repo.delete_board(handle.board_id) is True
        client.logout()
        assert client.token is None
        with pytest.raises(NotAuthenticatedError):
            client.board_repo.list_boards()
