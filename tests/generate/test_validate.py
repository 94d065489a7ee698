"""The validator offline: each bad input is a sentence naming what is wrong (the server tests check
that nothing is sent)."""

from __future__ import annotations

import pytest

from invokeai_tui.generate.controls import BASES
from invokeai_tui.generate.params import GenerateParams, LoraParam, ModelRef
from invokeai_tui.generate.validate import (
    GenerateInputError,
    check_addons,
    check_expansions,
    check_init_image,
    check_model,
    check_node_ranges,
    check_size,
    is_dynamic,
    node_schemas,
)

SD1 = ModelRef(key="k-sd1", name="tiny-sd15", base="sd-1", type="main")
SDXL = ModelRef(key="k-sdxl", name="tiny-sdxl", base="sdxl", type="main")
LORA_XL = ModelRef(key="k-lora-xl", name="tiny-lora-sdxl", base="sdxl", type="lora")
LORA_1 = ModelRef(key="k-lora-1", name="tiny-lora-sd1", base="sd-1", type="lora")
VAE_XL = ModelRef(key="k-vae-xl", name="tiny-vae-sdxl", base="sdxl", type="vae")
INSTALLED = [SD1, SDXL, LORA_XL, LORA_1, VAE_XL]


def raises(fn, *args) -> str:
    with pytest.raises(GenerateInputError) as info:
        fn(*args)
    return str(info.value)


def test_a_model_must_be_chosen_and_installed():
    assert "Choose a model" in raises(check_model, GenerateParams(), INSTALLED)
    assert "No main model is installed" in raises(check_model, GenerateParams(), [LORA_1])
    gone = ModelRef(key="gone", name="gone-model", base="sd-1", type="main")
    text = raises(check_model, GenerateParams(model=gone), INSTALLED)
    assert "'gone-model' (sd-1) is not installed" in text and "tiny-sd15" in text
    flux = ModelRef(key="f", name="flux-x", base="flux", type="main")
    assert "No FLUX.1 main model is installed" in raises(check_model, GenerateParams(model=flux), INSTALLED)
    assert check_model(GenerateParams(model=SD1), INSTALLED) is BASES["sd-1"]


def test_a_lora_or_vae_of_another_base_is_named():
    params = GenerateParams(model=SD1, loras=[LoraParam(model=LORA_XL)])
    text = raises(check_addons, params, INSTALLED, BASES["sd-1"])
    assert "LoRA 'tiny-lora-sdxl' (sdxl) is for Stable Diffusion XL models" in text
    params = GenerateParams(model=SD1, loras=[LoraParam(model=LORA_XL, enabled=False)], vae=VAE_XL)
    assert "VAE 'tiny-vae-sdxl' (sdxl) is for Stable Diffusion XL models" in raises(
        check_addons, params, INSTALLED, BASES["sd-1"])
    check_addons(GenerateParams(model=SD1, loras=[LoraParam(model=LORA_1)]), INSTALLED, BASES["sd-1"])


def test_a_size_off_the_grid_says_the_nearest_sizes():
    text = raises(check_size, GenerateParams(model=SD1, width=100), BASES["sd-1"], None)
    assert "Width 100" in text and "multiples of 8" in text and "96 or 104" in text
    text = raises(check_size, GenerateParams(model=SD1, height=32), BASES["sd-1"], None)
    assert "Height 32" in text and "the nearest are 64" in text
    text = raises(check_size, GenerateParams(model=SD1, width=520), BASES["flux"], None)
    assert "512 or 528" in text
    # image to image: the init image's size counts, not the parameters'
    params = GenerateParams(model=SD1, width=100, init_image="x.png")
    check_size(params, BASES["sd-1"], (128, 64))
    assert "init image's width 50" in raises(check_size, params, BASES["sd-1"], (50, 64))


def test_strength_and_the_init_image_of_a_base_without_one():
    params = GenerateParams(model=SD1, init_image="x.png")
    params.__dict__["strength"] = 1.5  # past pydantic's own check, as a careless caller might
    assert "Strength 1.5 is out of range" in raises(check_init_image, params, BASES["sd-1"])
    assert "take no init image" in raises(check_init_image, GenerateParams(init_image="x.png"), BASES["ideogram-4"])


def test_dynamic_prompts():
    assert is_dynamic("a {red|blue} ball") and is_dynamic("{a\n|b}") and not is_dynamic("a ball")
    params = GenerateParams(max_prompts=2)
    assert check_expansions(params, ["a", "b"], None) == ["a", "b"]
    assert "expands to no prompt" in raises(check_expansions, params, [""], None)
    assert "more than 2 prompts" in raises(check_expansions, params, ["a", "b", "c"], None)
    assert "cannot be expanded: Expected end of text" in raises(check_expansions, params, ["a {"], "Expected end of text")


def test_node_ranges_come_from_the_servers_schemas():
    openapi = {"components": {"schemas": {"DenoiseLatentsInvocation": {"properties": {
        "id": {}, "type": {"default": "denoise_latents"},
        "steps": {"type": "integer", "exclusiveMinimum": 0},
        "denoising_start": {"type": "number", "minimum": 0, "maximum": 1}}}}}}
    schemas = node_schemas(openapi)
    graph = {"nodes": {"d": {"type": "denoise_latents", "steps": 0, "denoising_start": 0}}}
    assert raises(check_node_ranges, graph, schemas) == "Steps 0 is out of range: it must be more than 0."
    check_node_ranges({"nodes": {"d": {"type": "denoise_latents", "steps": 2}}}, schemas)
