"""DNN models: the tiny models list with the right base and type; filters; one by key."""

import pytest

from invokeai_tui.client import NotFoundError
from invokeai_tui.pyclient import InvokeAIClient


EXPECTED = {
    "tiny-sd15": ("sd-1", "main"),
    "tiny-sdxl": ("sdxl", "main"),
    "tiny-embedding-sd1": ("sd-1", "embedding"),
    "tiny-embedding-sdxl": ("sdxl", "embedding"),
    "tiny-unknown": ("unknown", "unknown"),
}


async def test_tiny_models_have_right_base_and_type(client):
    models = {m.name: m for m in await client.dnn_model_repo.list_models()}
    for name, (base, kind) in EXPECTED.items():
        assert (models[name].base, models[name].type) == (base, kind), name
    assert models["tiny-sd15"].format == "diffusers"


async def test_filters_by_base_and_type(client):
    repo = client.dnn_model_repo
    sdxl = await repo.list_models(base="sdxl")
    assert {m.name for m in sdxl} >= {"tiny-sdxl", "tiny-embedding-sdxl"} and all(m.base == "sdxl" for m in sdxl)
    mains = await repo.list_models(type="main")
    assert {m.name for m in mains} >= {"tiny-sd15", "tiny-sdxl"} and all(m.type == "main" for m in mains)
    both = await repo.list_models(base=["sd-1", "sdxl"], type="embedding")
    assert {m.name for m in both} == {"tiny-embedding-sd1", "tiny-embedding-sdxl"}
    assert await repo.list_models(base="flux") == []


async def test_get_model_by_key(client):
    repo = client.dnn_model_repo
    sd15 = next(m for m in await repo.list_models() if m.name == "tiny-sd15")
    again = await repo.get_model(sd15.key)
    assert again.key == sd15.key and again.hash == sd15.hash
    assert again.identifier()["base"] == "sd-1"
    with pytest.raises(NotFoundError):
        await repo.get_model("no-such-key")
    assert await repo.get_model_by_key("no-such-key") is None
    found = await repo.get_model_by_attrs("tiny-sdxl", "main", "sdxl")
    assert found is not None and found.base == "sdxl"


def test_seed_model_example_sync(server_url):
    client = InvokeAIClient.from_url(server_url)
    try:
        models = client.dnn_model_repo.list_models()
        sdxl_models = [m for m in models if m.base == "sdxl"]
        assert len(models) >= 5 and {m.name for m in sdxl_models} >= {"tiny-sdxl"}
    finally:
        client.close()
