"""Calls tested on the real multi-user server: the facade's login, logout and auth status (the seed
facade's calls, inherited by the published InvokeAIClient), and delete_all_models, which only a
server without the session's models can take."""

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


def test_delete_all_models_on_a_server_of_its_own(multiuser_server, tmp_path):
    # The multi-user server starts without models, so deleting every model there only removes the
    # two this test installs (on the main test server it would remove the session's tiny models).
    from invokeai_tui.pyclient.dnn_model import ModelInstallConfig
    from tests.support.loopback_files import copy_tiny_model

    admin = multiuser_server["admin"]
    with InvokeAIClient.from_url(multiuser_server["url"]) as client:
        client.login(admin["email"], admin["password"])
        repo = client.dnn_model_repo
        assert repo.list_models() == []
        names = []
        try:
            for stem in ("sd1", "sdxl"):
                name = f"delete-all-{stem}-{uuid.uuid4().hex[:6]}"
                copy = copy_tiny_model(f"tiny-embedding-{stem}.safetensors", tmp_path)
                job = repo.install_model(str(copy), config=ModelInstallConfig(name=name))
                names.append(name)
                job.wait_until(timeout=60, poll_interval=0.5)
            assert sorted(m.name for m in repo.list_models()) == sorted(names)
            summary = repo.delete_all_models()
            assert summary == {"total": 2, "deleted": 2, "failed": 0, "errors": []}
            assert repo.list_models() == []
        finally:
            for model in repo.list_models():
                if model.name in names:
                    repo.delete_model(model.key)
            repo.prune_install_jobs()
