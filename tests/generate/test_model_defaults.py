"""What picking a model, "Use default settings" and the aspect presets do to the parameters (reference §1.5, §5)."""

from __future__ import annotations

from invokeai_tui.generate.model_defaults import apply_default_settings, describe_defaults, select_model, size_for_aspect
from invokeai_tui.generate.params import GenerateParams, LoraParam, ModelRef

SD1 = ModelRef(key="m1", name="tiny-sd15", base="sd-1", type="main")
SDXL = ModelRef(key="m2", name="tiny-sdxl", base="sdxl", type="main")
SD1_VAE = ModelRef(key="v1", name="sd1-vae", base="sd-1", type="vae")
SD1_LORA = ModelRef(key="l1", name="sd1-lora", base="sd-1", type="lora")


def test_a_base_change_disables_other_base_loras_clears_the_vae_and_refits_the_size():
    params = GenerateParams(model=SD1, vae=SD1_VAE, loras=[LoraParam(model=SD1_LORA)], width=512, height=768)
    changed, notes = select_model(params, SDXL)
    assert changed.model == SDXL and changed.vae is None
    assert changed.loras[0].enabled is False
    # 512x768 is far from 1024² : scaled to that area, aspect kept, snapped to 8.
    assert (changed.width, changed.height) == (832, 1248)
    assert any("LoRA sd1-lora" in n for n in notes) and any("VAE" in n for n in notes)


def test_the_same_base_keeps_everything():
    params = GenerateParams(model=SD1, vae=SD1_VAE, width=640, height=448)
    changed, notes = select_model(params, SD1.model_copy(update={"key": "m3"}))
    assert (changed.vae, changed.width, changed.height, notes) == (SD1_VAE, 640, 448, [])


def test_default_settings_are_applied_as_the_web_ui_button_does():
    params = GenerateParams(model=SD1, cfg_rescale_multiplier=0.5)
    defaults = {"steps": 12, "cfg_scale": 5, "scheduler": "euler", "width": 515, "height": 300, "vae": "v1",
                "vae_precision": "fp16"}
    changed, applied, problem = apply_default_settings(params, defaults, [SD1_VAE])
    assert problem is None
    assert (changed.steps, changed.cfg_scale, changed.scheduler) == (12, 5.0, "euler")
    assert (changed.width, changed.height) == (512, 296)  # clamped setters: down to the grid
    assert changed.vae == SD1_VAE and changed.vae_precision == "fp16"
    assert changed.cfg_rescale_multiplier == 0.0  # unset -> 0, as the listener does
    assert "steps" in applied and "cfg_rescale_multiplier" not in applied


def test_a_default_vae_that_is_not_installed_applies_nothing():
    params = GenerateParams(model=SD1)
    changed, applied, problem = apply_default_settings(params, {"vae": "gone", "steps": 3}, [])
    assert changed == params and applied == [] and "not installed" in problem


def test_invalid_default_values_are_skipped():
    params = GenerateParams(model=SD1)
    changed, _applied, _ = apply_default_settings(params, {"steps": 0, "cfg_scale": 0.5, "scheduler": "nope"}, [])
    assert (changed.steps, changed.cfg_scale, changed.scheduler) == (30, 7.5, "dpmpp_3m_k")


def test_describe_defaults():
    assert describe_defaults({"steps": 30, "cfg_scale": 7.5, "width": 512, "height": 512}) == "steps 30 · cfg 7.5 · 512×512"
    assert describe_defaults(None) == ""


def test_aspect_presets_keep_the_base_area_on_its_grid():
    assert size_for_aspect("sd-1", 1.0) == (512, 512)
    assert size_for_aspect("sdxl", 16 / 9) == (1360, 768)
    width, height = size_for_aspect("cogview4", 3 / 2)
    assert width % 32 == 0 and height % 32 == 0
