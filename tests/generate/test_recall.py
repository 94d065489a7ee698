"""Recall (offline, fake installed models): metadata -> GenerateParams as the web UI's Recall all, the
ways a model is found, and a sentence for everything that cannot be restored."""

from __future__ import annotations

import json

from invokeai_tui.generate import BuildContext, GenerateParams, LoraParam, build_graph
from invokeai_tui.generate.recall import remix_params
from tests.support.graph_compare import assert_same_graph
from tests.support.recall_fakes import (
    DATA, KLEIN, LORA_SD1, LORA_SDXL, SD1, SDXL, VAE_SD1, VAE_SDXL, fake_lookup, identifier, recall, section4_params,
    web_ui_sd1_metadata,
)


async def test_the_web_uis_sd1_metadata_recalls_the_parameters_that_made_it():
    result = await recall(web_ui_sd1_metadata(identifier(SD1)))
    assert result.not_restored == []
    assert result.params == section4_params(SD1)
    assert {"model", "positive_prompt", "negative_prompt", "seed", "random_seed", "steps", "cfg_scale",
            "scheduler", "width", "height", "clip_skip"} <= set(result.restored)
    # and builds the request's graph again (the §4 example, its model replaced)
    example = json.loads((DATA / "sd1_wire_example.json").read_text())["batch"]["graph"]
    for node in example["nodes"].values():
        if "model" in node:
            node["model"] = identifier(SD1)
    assert_same_graph(build_graph(result.params, BuildContext()).graph.to_dict(), example)


async def test_no_metadata_is_one_sentence_and_the_parameters_stay():
    current = GenerateParams(positive_prompt="kept", model=SD1)
    for metadata in (None, {}):
        result = await recall(metadata, current)
        assert result.params == current and result.restored == []
        assert result.not_restored == ["The image has no generation metadata."]


async def test_a_model_is_found_by_key_first():
    calls: list = []
    result = await recall({"model": identifier(SD1)}, None, calls=calls)
    assert result.params.model == SD1 and calls == [("key", "sd1-key")]


async def test_a_reinstalled_model_is_found_by_hash():
    calls: list = []
    moved = {**identifier(SD1), "key": "old-key"}
    result = await recall({"model": moved}, None, calls=calls)
    assert result.params.model == SD1  # the installed config's identifier, with the new key
    assert calls == [("key", "old-key"), ("hash", "blake3:sd1")]


async def test_then_by_name_base_and_type():
    calls: list = []
    result = await recall({"model": {**identifier(SD1), "key": "old", "hash": "blake3:other"}}, None, calls=calls)
    assert result.params.model == SD1
    assert calls[-1] == ("attrs", ("tiny-sd15", "sd-1", "main"))


async def test_older_metadata_names_a_model_by_model_name_and_base_model():
    calls: list = []
    result = await recall({"model": {"model_name": "tiny-sd15", "base_model": "sd-1", "model_type": "main"},
                           "vae": {"model_name": "tiny-vae-sd1", "base_model": "sd-1"}}, None, calls=calls)
    assert result.params.model == SD1 and result.params.vae == VAE_SD1
    assert ("attrs", ("tiny-vae-sd1", "sd-1", "vae")) in calls  # the handler's type when none is given
    assert result.not_restored == []


async def test_a_model_that_is_not_installed_is_named_and_the_current_one_kept():
    current = GenerateParams(model=SDXL, width=1024, height=1024)
    gone = {"key": "nope", "hash": "blake3:nope", "name": "Deliberate v5", "base": "sd-1", "type": "main"}
    result = await recall({"model": gone, "steps": 12}, current)
    assert result.params.model == SDXL and result.params.steps == 12
    assert result.not_restored == ["model 'Deliberate v5' (sd-1): not installed"]
    assert "model" not in result.restored


async def test_a_model_of_another_type_is_refused():
    result = await recall({"model": identifier(LORA_SD1)})
    assert result.params.model is None
    assert result.not_restored == ["model 'tiny-lora-sd1' (sd-1): a lora model, not main"]


async def test_choosing_another_base_fits_the_size_and_drops_what_the_base_cannot_use():
    current = GenerateParams(model=SDXL, width=1024, height=1024, vae=VAE_SDXL, clip_skip=20,
                             loras=[LoraParam(model=LORA_SDXL)])
    broken_lora = {"model": {"key": "gone", "name": "gone", "base": "sd-1", "type": "lora"}, "weight": 1}
    result = await recall({"model": identifier(SD1), "loras": [broken_lora]}, current)
    p = result.params
    assert (p.model, p.width, p.height, p.vae, p.clip_skip) == (SD1, 512, 512, None, 12)
    assert [(lora.model, lora.enabled) for lora in p.loras] == [(LORA_SDXL, False)]  # kept, disabled
    assert result.not_restored == ["LoRA 'gone' (sd-1): not installed"]


async def test_the_seed_is_fixed_and_remix_keeps_the_current_one():
    metadata = {"model": identifier(SD1), "seed": 42, "positive_prompt": "a fox"}
    result = await recall(metadata)
    assert (result.params.seed, result.params.random_seed) == (42, False)
    current = GenerateParams(seed=7, random_seed=True)
    remixed = await remix_params(metadata, current=current, lookup=fake_lookup())
    assert (remixed.params.seed, remixed.params.random_seed, remixed.params.positive_prompt) == (7, True, "a fox")
    assert "seed" not in remixed.restored and remixed.not_restored == []


async def test_an_empty_negative_prompt_is_none():
    assert (await recall({"negative_prompt": ""})).params.negative_prompt is None
    assert (await recall({"negative_prompt": "blurry"})).params.negative_prompt == "blurry"


async def test_loras_new_and_legacy_shapes():
    metadata = {"model": identifier(SD1), "loras": [
        {"model": identifier(LORA_SD1), "weight": 0.5},
        {"lora": {"key": "lora1-key"}, "weight": 0.25},  # InvokeAI 4: {lora: {key}}
        {"lora": {"model_name": "tiny-lora-sd1", "base_model": "sd-1"}, "weight": 1.0},  # InvokeAI 3
    ]}
    result = await recall(metadata)
    assert [(lora.model, lora.weight, lora.enabled) for lora in result.params.loras] == [
        (LORA_SD1, 0.5, True), (LORA_SD1, 0.25, True), (LORA_SD1, 1.0, True)]
    assert result.not_restored == [] and "loras" in result.restored


async def test_loras_that_cannot_be_restored_are_named_each():
    metadata = {"model": identifier(SD1), "loras": [
        {"model": {"key": "x", "name": "foo", "base": "sd-1", "type": "lora"}, "weight": 1},
        {"model": identifier(LORA_SDXL), "weight": 1},
        {"model": identifier(LORA_SD1), "weight": "heavy"},
        {"model": identifier(LORA_SD1), "weight": 0.6},
    ]}
    result = await recall(metadata)
    assert [(lora.model, lora.weight) for lora in result.params.loras] == [(LORA_SD1, 0.6)]
    assert result.not_restored == [
        "LoRA 'foo' (sd-1): not installed",
        "LoRA 'tiny-lora-sdxl' (sdxl): base sdxl does not match sd-1",
        "LoRA 'tiny-lora-sd1' (sd-1): weight 'heavy': not a number",
    ]


async def test_an_image_without_loras_clears_the_list():
    current = GenerateParams(model=SD1, loras=[LoraParam(model=LORA_SD1)])
    result = await recall({"model": identifier(SD1)}, current)
    assert result.params.loras == [] and "loras" in result.restored


async def test_the_vae_must_fit_the_recalled_model():
    result = await recall({"model": identifier(SD1), "vae": identifier(VAE_SD1)})
    assert result.params.vae == VAE_SD1 and result.not_restored == []
    result = await recall({"model": identifier(SD1), "vae": identifier(VAE_SDXL)})
    assert result.params.vae is None
    assert result.not_restored == ["VAE 'tiny-vae-sdxl' (sdxl): base sdxl does not match sd-1"]
    result = await recall({"model": identifier(SD1), "vae": {"key": "k", "name": "x", "base": "sd-1", "type": "vae"}})
    assert result.not_restored == ["VAE 'x' (sd-1): not installed"]


async def test_without_the_images_model_its_vae_and_loras_are_checked_against_the_current_one():
    gone = {"key": "gone", "name": "gone", "base": "sd-1", "type": "main"}
    metadata = {"model": gone, "vae": identifier(VAE_SD1), "loras": [{"model": identifier(LORA_SD1), "weight": 1}]}
    on_sdxl = await recall(metadata, GenerateParams(model=SDXL))
    assert on_sdxl.params.vae is None and on_sdxl.params.loras == []
    assert on_sdxl.not_restored == ["model 'gone' (sd-1): not installed",
                                    "VAE 'tiny-vae-sd1' (sd-1): base sd-1 does not match sdxl",
                                    "LoRA 'tiny-lora-sd1' (sd-1): base sd-1 does not match sdxl"]
    on_sd1 = await recall(metadata, GenerateParams(model=SD1))
    assert on_sd1.params.vae == VAE_SD1 and [lora.model for lora in on_sd1.params.loras] == [LORA_SD1]
    assert on_sd1.not_restored == ["model 'gone' (sd-1): not installed"]


async def test_sizes_are_snapped_to_the_bases_grid():
    result = await recall({"width": 1000, "height": 1024}, GenerateParams(model=SDXL, width=1024, height=1024))
    assert (result.params.width, result.params.height) == (1000, 1024)  # sdxl's grid is 8
    result = await recall({"width": 1000, "height": 30}, GenerateParams(model=KLEIN, width=1024, height=1024))
    assert (result.params.width, result.params.height) == (992, 64)
    assert result.not_restored == ["width 1000: not a multiple of 16 for flux2, set to 992",
                                   "height 30: below 64, set to 64"]


async def test_values_the_web_ui_would_refuse_are_named():
    result = await recall({"steps": "many", "cfg_scale": 0.5, "seed": -1, "seamless_x": "yes", "strength": 2})
    assert result.params == GenerateParams(hidiffusion=False)
    assert result.not_restored == [
        "cfg_scale 0.5: below 1", "steps 'many': not a number", "strength 2: above 1", "seed -1: below 0",
        "seamless_x 'yes': not true or false"]


async def test_display_only_keys_are_quiet_and_unknown_ones_named():
    metadata = {"generation_mode": "txt2img", "app_version": "6.14.2", "created_by": "me", "rand_device": "cpu",
                "vae_precision": "fp16", "hrf_enabled": True, "controlnets": [], "positive_style_prompt": "x",
                "ref_images": []}
    result = await recall(metadata)
    assert result.not_restored == ["not restored, no such parameter here: hrf_enabled, positive_style_prompt"]
    assert result.params.vae_precision == "fp32"  # never recalled, as in the web UI


async def test_reference_images_canvas_layers_and_external_options_are_named():
    metadata = {"ref_images": [{"id": "r"}], "canvas_v2_metadata": {"controlLayers": [{"id": "c"}]},
                "openai_quality": "high"}
    result = await recall(metadata)
    assert result.not_restored == ["reference images (1): not supported here",
                                   "canvas layers: recalled only on the web UI's canvas",
                                   "external model option openai_quality 'high': not supported here"]


async def test_older_graphs_shapes_recall_the_same_parameters():
    """InvokeAI 3/4 metadata: `{model_name, base_model}` references, `{lora: …}` items, the negative
    prompt written inline; the same parameters come back."""
    old = {"model": {"model_name": "tiny-sd15", "base_model": "sd-1", "model_type": "main"},
           "positive_prompt": "a lighthouse at dusk", "negative_prompt": "blurry", "seed": 1234, "steps": 30,
           "cfg_scale": 7.5, "scheduler": "dpmpp_3m_k", "width": 512, "height": 512, "clip_skip": 0,
           "loras": [{"lora": {"model_name": "tiny-lora-sd1", "base_model": "sd-1"}, "weight": 0.75}],
           "generation_mode": "txt2img", "rand_device": "cpu", "app_version": "3.7.0"}
    result = await recall(old)
    expected = section4_params(SD1).model_copy(update={"loras": [LoraParam(model=LORA_SD1)]})
    assert result.params == expected and result.not_restored == []
