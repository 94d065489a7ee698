"""Bad input to the Generate engine against the real server: a sentence naming what is wrong, and
nothing sent (the queue does not grow)."""

from __future__ import annotations

import pytest

from invokeai_tui.generate.params import GenerateParams, LoraParam, ModelRef
from invokeai_tui.generate.validate import GenerateInputError
from tests.generate.conftest import tiny_params


async def queue_size(client) -> int:
    return (await client.queue_repo.get_status()).queue.total


async def refused(generator, client, params: GenerateParams) -> str:
    before = await queue_size(client)
    with pytest.raises(GenerateInputError) as info:
        await generator.prepare(params)
    assert await queue_size(client) == before
    return str(info.value)


async def test_no_model_or_a_model_not_installed(generator, client):
    assert "Choose a model first" in await refused(generator, client, GenerateParams(positive_prompt="x"))
    gone = ModelRef(key="not-a-key", name="gone", base="sd-1", type="main")
    text = await refused(generator, client, GenerateParams(model=gone, width=64, height=64))
    assert "'gone' (sd-1) is not installed" in text and "tiny-sd15" in text
    flux = ModelRef(key="flux-key", name="some-flux", base="flux", type="main")
    assert "No FLUX.1 main model is installed" in await refused(generator, client, GenerateParams(model=flux))


async def test_a_lora_or_vae_of_another_base(generator, client):
    lora = ModelRef(key="lora-xl", name="an-sdxl-lora", base="sdxl", type="lora")
    params = await tiny_params(generator, "sd-1", loras=[LoraParam(model=lora)])
    assert "LoRA 'an-sdxl-lora' (sdxl) is for Stable Diffusion XL" in await refused(generator, client, params)
    vae = ModelRef(key="vae-xl", name="an-sdxl-vae", base="sdxl", type="vae")
    params = await tiny_params(generator, "sd-1", vae=vae)
    assert "VAE 'an-sdxl-vae' (sdxl) is for Stable Diffusion XL" in await refused(generator, client, params)


async def test_a_size_the_base_cannot_take(generator, client):
    text = await refused(generator, client, await tiny_params(generator, "sd-1", width=100))
    assert "Width 100 does not fit Stable Diffusion 1.x" in text and "96 or 104" in text
    text = await refused(generator, client, await tiny_params(generator, "sd-1", height=40))
    assert "Height 40" in text and "the nearest are 64" in text


async def test_an_init_image_the_server_does_not_have(generator, client):
    params = await tiny_params(generator, "sd-1", init_image="no-such-image.png")
    assert "Init image 'no-such-image.png' does not exist" in await refused(generator, client, params)


async def test_a_dynamic_prompt_that_expands_to_nothing_or_too_much_or_not_at_all(generator, client):
    text = await refused(generator, client, await tiny_params(generator, "sd-1", positive_prompt="{}"))
    assert "expands to no prompt" in text
    params = await tiny_params(generator, "sd-1", positive_prompt="{a|b|c} {d|e}", max_prompts=5)
    assert "more than 5 prompts" in await refused(generator, client, params)
    params = await tiny_params(generator, "sd-1", positive_prompt="a {red} {blue")
    assert "cannot be expanded: Expected end of text" in await refused(generator, client, params)


async def test_steps_out_of_the_nodes_range(generator, client):
    text = await refused(generator, client, await tiny_params(generator, "sd-1", steps=0))
    assert text == "Steps 0 is out of range: it must be more than 0."


async def test_an_empty_prompt_is_allowed_as_in_the_web_ui(generator, client):
    prepared = await generator.prepare(await tiny_params(generator, "sd-1", positive_prompt=""))
    assert prepared.prompts == [""] and prepared.session_count == 1


async def test_recalling_an_image_the_server_does_not_have(generator):
    with pytest.raises(GenerateInputError, match="'no-such-image.png' does not exist"):
        await generator.recall("no-such-image.png")
