"""The recall's model lookups over a client (offline, scripted answers): the three endpoints in order,
not found as None, and the repository's own by-hash method when it has one."""

from __future__ import annotations

import httpx
import pytest

from invokeai_tui.generate.params import ModelRef
from invokeai_tui.generate.recall_models import Unresolved, client_model_lookup
from tests.support.mock_http import json_response, mock_client

CONFIG = {"key": "new-key", "hash": "blake3:abc", "name": "tiny-sd15", "base": "sd-1", "type": "main",
          "format": "diffusers", "variant": "normal", "path": "/models/tiny-sd15"}
REFERENCE = {"key": "old-key", "hash": "blake3:abc", "name": "tiny-sd15", "base": "sd-1", "type": "main"}


def answering(found_at: str | None, requests: list):
    def handler(request: httpx.Request) -> httpx.Response:
        requests.append((request.url.path, dict(request.url.params)))
        if found_at and request.url.path.endswith(found_at):
            return json_response(200, CONFIG)
        if request.url.path.endswith("get_by_attrs") and request.url.params.get("base") == "sd-9":
            return json_response(422, {"detail": [{"msg": "Input should be 'sd-1', ..."}]})
        return json_response(404, {"detail": "not found"})
    return handler


async def test_key_then_hash_then_attrs_over_the_server():
    requests: list = []
    async with mock_client(answering("get_by_hash", requests)) as client:
        model = await client_model_lookup(client).resolve(REFERENCE, "main")
    assert model == ModelRef.from_config(CONFIG) and model.variant == "normal"
    assert [path for path, _ in requests] == ["/api/v2/models/i/old-key", "/api/v2/models/get_by_hash"]
    assert requests[1][1] == {"hash": "blake3:abc"}

    requests.clear()
    async with mock_client(answering("get_by_attrs", requests)) as client:
        assert await client_model_lookup(client).resolve({**REFERENCE, "hash": None}, "main") == model
    assert requests[-1] == ("/api/v2/models/get_by_attrs", {"name": "tiny-sd15", "type": "main", "base": "sd-1"})


async def test_nothing_found_and_a_base_the_server_does_not_know_are_not_installed():
    requests: list = []
    async with mock_client(answering(None, requests)) as client:
        lookup = client_model_lookup(client)
        for reference in (REFERENCE, {"model_name": "old", "base_model": "sd-9"}):
            with pytest.raises(Unresolved, match="not installed"):
                await lookup.resolve(reference, "main")
    assert len(requests) == 4  # key, hash, attrs; then attrs only (no key, no hash)


async def test_the_repositorys_own_by_hash_method_is_used_when_it_exists():
    requests: list = []
    async with mock_client(answering(None, requests)) as client:
        asked: list = []

        async def get_model_by_hash(model_hash):
            asked.append(model_hash)
            return CONFIG

        client.dnn_model_repo.get_model_by_hash = get_model_by_hash  # type: ignore[attr-defined]
        model = await client_model_lookup(client).resolve(REFERENCE, "main")
    assert model.key == "new-key" and asked == ["blake3:abc"]
    assert [path for path, _ in requests] == ["/api/v2/models/i/old-key"]
