"""Recall of what only some bases have (offline): the scheduler's field per base, guidance for FLUX.2,
family VAEs and encoders gated on the current and the image's base, refiner, Z-Image, Krea 2, Ideogram 4."""

from __future__ import annotations

from invokeai_tui.generate import GenerateParams
from invokeai_tui.generate.params import ModelRef, RefinerParams
from tests.support.recall_fakes import (
    ALL, FLUX2_DEV, FLUX_VAE, KLEIN, KREA2, QWEN3, REFINER, SD1, SDXL, T5, VAE_SD1, Z_IMAGE, identifier, recall,
)


async def test_the_scheduler_goes_into_the_field_of_the_bases_scheduler():
    assert (await recall({"model": identifier(SD1), "scheduler": "euler_a"})).params.scheduler == "euler_a"
    flux2 = await recall({"model": identifier(KLEIN), "scheduler": "heun"})
    assert flux2.params.flux_scheduler == "heun" and flux2.params.scheduler == "dpmpp_3m_k"
    assert "flux_scheduler" in flux2.restored
    z_image = await recall({"model": identifier(Z_IMAGE), "scheduler": "lcm"})
    assert z_image.params.z_image_scheduler == "lcm"


async def test_a_scheduler_the_base_does_not_take_is_named():
    result = await recall({"model": identifier(KLEIN), "scheduler": "dpmpp_3m_k"})
    assert result.params.flux_scheduler == "euler"
    assert result.not_restored == ["scheduler 'dpmpp_3m_k': FLUX.2 takes euler, heun, lcm"]
    result = await recall({"scheduler": "warp_drive"})
    assert result.not_restored == ["scheduler 'warp_drive': not a scheduler InvokeAI knows"]


async def test_guidance_is_recalled_for_flux2_dev_only():
    dev = await recall({"model": identifier(FLUX2_DEV), "guidance": 3.5})
    assert dev.params.guidance == 3.5 and dev.not_restored == []
    klein = await recall({"model": identifier(KLEIN), "guidance": 3.5})
    assert klein.params.guidance == 4.0
    assert klein.not_restored == ["guidance 3.5: FLUX.2 Klein does not use it"]
    assert (await recall({"guidance": 2.5})).params.guidance == 2.5  # other bases: as it is


async def test_a_family_vae_comes_only_from_an_image_of_that_family():
    z_meta = {"model": identifier(Z_IMAGE), "vae": identifier(FLUX_VAE), "qwen3_encoder": identifier(QWEN3)}
    current = GenerateParams(qwen3_source=Z_IMAGE)
    result = await recall(z_meta, current)
    p = result.params
    assert (p.vae, p.qwen3_encoder, p.qwen3_source) == (FLUX_VAE, QWEN3, None)  # they exclude the source
    assert result.not_restored == []
    # an SD-1 image's VAE onto a Z-Image model: the image is not a Z-Image one
    result = await recall({"vae": identifier(VAE_SD1)}, GenerateParams(model=Z_IMAGE))
    assert result.params.vae is None
    assert result.not_restored == ["VAE 'tiny-vae-sd1' (sd-1): the image was not made with a Z-Image model"]


async def test_a_qwen3_source_clears_the_separate_vae_and_encoder():
    current = GenerateParams(model=Z_IMAGE, vae=FLUX_VAE, qwen3_encoder=QWEN3)
    result = await recall({"model": identifier(Z_IMAGE), "qwen3_source": identifier(Z_IMAGE)}, current)
    p = result.params
    assert (p.qwen3_source, p.vae, p.qwen3_encoder) == (Z_IMAGE, None, None)


async def test_a_klein_encoder_goes_to_a_klein_model_only():
    meta = {"model": identifier(KLEIN), "qwen3_encoder": identifier(QWEN3)}
    assert (await recall(meta)).params.qwen3_encoder == QWEN3
    gone = {**meta, "model": {**identifier(KLEIN), "key": "gone", "name": "gone"}}
    result = await recall(gone, GenerateParams(model=SD1))
    assert result.params.qwen3_encoder is None
    assert result.not_restored == ["model 'gone' (flux2): not installed",
                                   "Qwen3 encoder 'Qwen3 4B' (any): only for FLUX.2 models, "
                                   "the current model is Stable Diffusion 1.x"]


async def test_t5_encoder_and_an_unknown_encoder():
    result = await recall({"t5_encoder": identifier(T5)})
    assert result.params.t5_encoder == T5
    result = await recall({"model": identifier(FLUX2_DEV),
                           "mistral_encoder": {"key": "m", "name": "Mistral", "base": "any", "type": "mistral_encoder"}})
    assert result.not_restored == ["Mistral encoder 'Mistral' (any): not installed"]


async def test_the_refiner():
    meta = {"model": identifier(SDXL), "refiner_model": identifier(REFINER), "refiner_steps": 10,
            "refiner_cfg_scale": 5.0, "refiner_scheduler": "euler_a", "refiner_start": 0.7,
            "refiner_positive_aesthetic_score": 7, "refiner_negative_aesthetic_score": 2}
    result = await recall(meta)
    assert result.params.refiner == RefinerParams(model=REFINER, steps=10, cfg_scale=5.0, scheduler="euler_a",
                                                  start=0.7, positive_aesthetic_score=7, negative_aesthetic_score=2)
    assert "refiner.model" in result.restored and result.not_restored == []
    result = await recall({"model": identifier(SDXL), "refiner_model": identifier(SDXL)})
    assert result.not_restored == ["refiner model 'tiny-sdxl' (sdxl): base sdxl, not sdxl-refiner"]


async def test_z_image_options_and_the_auto_shift():
    meta = {"model": identifier(Z_IMAGE), "z_image_shift": "auto", "z_image_seed_variance_enabled": True,
            "z_image_seed_variance_strength": 0.3, "z_image_seed_variance_randomize_percent": 20}
    result = await recall(meta, GenerateParams(z_image_shift=3.0))
    p = result.params
    assert (p.z_image_shift, p.z_image_seed_variance_enabled, p.z_image_seed_variance_strength,
            p.z_image_seed_variance_randomize_percent) == (None, True, 0.3, 20)
    no_shift = await recall({"model": identifier(Z_IMAGE)}, GenerateParams(z_image_shift=3.0))
    assert no_shift.params.z_image_shift is None  # no key on a Z-Image image: the automatic shift
    assert (await recall({"z_image_shift": 2.5})).params.z_image_shift == 2.5


async def test_krea2_options_only_onto_krea2_from_a_krea2_image():
    meta = {"model": identifier(KREA2), "krea2_rebalance_enabled": True, "krea2_rebalance_multiplier": 6,
            "krea2_rebalance_weights": ",".join(["1.0"] * 12)}
    result = await recall(meta)
    assert (result.params.krea2_rebalance_enabled, result.params.krea2_rebalance_multiplier) == (True, 6)
    gone = {**meta, "model": {"key": "gone", "name": "gone", "base": "krea-2", "type": "main"}}
    result = await recall(gone, GenerateParams(model=SD1))
    assert result.params.krea2_rebalance_enabled is False
    assert result.not_restored[1] == ("krea2_rebalance_enabled, krea2_rebalance_multiplier, krea2_rebalance_weights: "
                                      "only for Krea 2 models, the current model is Stable Diffusion 1.x")
    bad = await recall({**meta, "krea2_rebalance_weights": "1,2"})
    assert bad.not_restored == ["krea2_rebalance_weights '1,2': not 12 comma-separated numbers"]


async def test_ideogram4_auto_values_and_caption():
    ideogram = {"key": "ideo", "name": "ideogram", "base": "ideogram-4", "type": "main"}
    model = ModelRef(**ideogram)
    meta = {"model": ideogram, "positive_prompt": "raw", "ideogram4_caption": '{"caption": "x"}',
            "ideogram4_steps": "auto", "ideogram4_mu": 1.5, "ideogram4_color_palette": ["#fff"],
            "ideogram4_sampler_preset": "V4_TURBO_12"}
    result = await recall(meta, GenerateParams(ideogram4_steps=20), *ALL, model)
    p = result.params
    assert (p.positive_prompt, p.ideogram4_steps, p.ideogram4_mu, p.ideogram4_color_palette,
            p.ideogram4_sampler_preset) == ('{"caption": "x"}', None, 1.5, ["#fff"], "V4_TURBO_12")
    assert result.not_restored == []


async def test_family_options_with_no_model_selected_say_so():
    gone = {"key": "gone", "name": "gone", "base": "krea-2", "type": "main"}
    result = await recall({"model": gone, "krea2_rebalance_enabled": True})
    assert result.not_restored == ["model 'gone' (krea-2): not installed",
                                   "krea2_rebalance_enabled: only for Krea 2 models, no model is selected"]
