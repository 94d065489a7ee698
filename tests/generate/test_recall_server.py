"""Recall against the real server: generate -> recall -> the same graph apart from node ids (issue 13),
for every base with a tiny model and a builder; the web UI's own metadata recalls the same parameters;
models are found by key, by hash and by name through the server's endpoints."""

from __future__ import annotations

import asyncio

import pytest

from invokeai_tui.client import AsyncInvokeAIClient
from invokeai_tui.generate import BuildContext, GenerateParams, ModelRef, build_graph, enqueue_body
from invokeai_tui.generate.builders import BUILDERS
from invokeai_tui.generate.recall import recall_params
from invokeai_tui.generate.recall_models import client_model_lookup
from tests.support import rest as helpers
from tests.support.graph_compare import assert_same_graph
from tests.support.recall_fakes import section4_params, web_ui_sd1_metadata

# A base joins once its builder is registered (the SDXL one comes from another branch).
CASES = [case for case in (("sd-1", "tiny-sd15"), ("sdxl", "tiny-sdxl")) if case[0] in BUILDERS]


@pytest.fixture
async def client(server_url):
    async with AsyncInvokeAIClient.from_url(server_url) as c:
        yield c


async def installed(client: AsyncInvokeAIClient, name: str) -> ModelRef:
    records = await client.dnn_model_repo.list_models(type="main")
    return ModelRef.from_config(next(m for m in records if m.name == name))


def made_here(model: ModelRef, board: str) -> GenerateParams:
    """Parameters away from the defaults wherever the base has the control, so a recall that drops
    one shows in the graph."""
    params = GenerateParams(positive_prompt="a red fox in the snow", negative_prompt="blurry", model=model,
                            seed=4242, random_seed=False, steps=3, cfg_scale=5.5, cfg_rescale_multiplier=0.1,
                            scheduler="euler_a", width=96, height=64, seamless_x=True, board_id=board)
    if model.base == "sd-1":
        params.clip_skip = 1
    return params


@pytest.mark.parametrize(("base", "name"), CASES, ids=[name for _, name in CASES])
async def test_generate_then_recall_builds_the_same_graph(client, server_url, board, base, name):
    params = made_here(await installed(client, name), board)
    context = BuildContext(rand_device="cpu")
    built = build_graph(params, context)
    body = enqueue_body(built, params, [params.positive_prompt], start_seed=params.seed)
    enqueued = await client.request_json("POST", "/api/v1/queue/default/enqueue_batch", json=body)
    item = await asyncio.to_thread(helpers.wait_for_item, server_url, enqueued["item_ids"][0])
    assert item["status"] == "completed", item.get("error_traceback")
    [image_name] = helpers.board_image_names(server_url, board)
    metadata = await client.image_repo.get_metadata(image_name)

    # what the web UI's recall cannot know (never recalled: the board, CPU noise, VAE precision)
    current = GenerateParams(board_id=board)
    result = await recall_params(metadata, current=current, lookup=client_model_lookup(client))
    assert result.not_restored == []
    assert result.params == params
    rebuilt = build_graph(result.params, context)
    assert_same_graph(rebuilt.graph.to_dict(), built.graph.to_dict())


async def test_the_web_uis_metadata_recalls_the_same_parameters(client):
    """A metadata dict as the web UI 6.14.2 stores it for the reference's §4 request, with the tiny
    model's identifier; then the same after a reinstall (a new key: found by hash) and as InvokeAI 3
    wrote it (by name, base and type)."""
    model = await installed(client, "tiny-sd15")
    lookup = client_model_lookup(client)
    metadata = web_ui_sd1_metadata(model.identifier())
    result = await recall_params(metadata, current=GenerateParams(), lookup=lookup)
    assert result.not_restored == [] and result.params == section4_params(model)

    reinstalled = {**metadata, "model": {**model.identifier(), "key": "8b2f5c7e-0000-4c55-9f0e-2a6b7c8d9e01"}}
    assert (await recall_params(reinstalled, current=GenerateParams(), lookup=lookup)).params.model == model
    legacy = {**metadata, "model": {"model_name": "tiny-sd15", "base_model": "sd-1", "model_type": "main"}}
    assert (await recall_params(legacy, current=GenerateParams(), lookup=lookup)).params.model == model


async def test_what_the_server_does_not_have_is_named(client):
    model = await installed(client, "tiny-sd15")
    metadata = {**web_ui_sd1_metadata(model.identifier()),
                "vae": {"key": "no-such-vae", "hash": "blake3:0", "name": "kl-f8", "base": "sd-1", "type": "vae"},
                "loras": [{"model": {"key": "no-such-lora", "name": "foo", "base": "sd-1", "type": "lora"},
                           "weight": 0.8}]}
    result = await recall_params(metadata, current=GenerateParams(), lookup=client_model_lookup(client))
    assert result.not_restored == ["VAE 'kl-f8' (sd-1): not installed", "LoRA 'foo' (sd-1): not installed"]
    assert result.params == section4_params(model)
