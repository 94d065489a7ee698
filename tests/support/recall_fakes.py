"""Fake installed models for the recall tests: a lookup over a few `ModelRef`s that records which way
(key, hash, name/base/type) each model was asked for."""

from __future__ import annotations

import json
from pathlib import Path

from invokeai_tui.generate.params import GenerateParams, ModelRef
from invokeai_tui.generate.recall import RecallResult, recall_params
from invokeai_tui.generate.recall_models import ModelLookup

DATA = Path(__file__).parent.parent / "generate" / "data"

SD1 = ModelRef(key="sd1-key", hash="blake3:sd1", name="tiny-sd15", base="sd-1", type="main", format="diffusers")
SDXL = ModelRef(key="sdxl-key", hash="blake3:sdxl", name="tiny-sdxl", base="sdxl", type="main")
REFINER = ModelRef(key="refiner-key", name="tiny-refiner", base="sdxl-refiner", type="main")
KLEIN = ModelRef(key="klein-key", name="tiny-klein", base="flux2", type="main", variant="klein_4b")
FLUX2_DEV = ModelRef(key="dev-key", name="tiny-flux2-dev", base="flux2", type="main", variant="dev")
Z_IMAGE = ModelRef(key="z-key", name="tiny-z-image", base="z-image", type="main", format="diffusers")
KREA2 = ModelRef(key="krea-key", name="tiny-krea2", base="krea-2", type="main")
LORA_SD1 = ModelRef(key="lora1-key", hash="blake3:lora1", name="tiny-lora-sd1", base="sd-1", type="lora")
LORA_SDXL = ModelRef(key="loraxl-key", name="tiny-lora-sdxl", base="sdxl", type="lora")
VAE_SD1 = ModelRef(key="vae1-key", name="tiny-vae-sd1", base="sd-1", type="vae")
VAE_SDXL = ModelRef(key="vaexl-key", name="tiny-vae-sdxl", base="sdxl", type="vae")
FLUX_VAE = ModelRef(key="fluxvae-key", name="FLUX.1 VAE", base="flux", type="vae")
QWEN3 = ModelRef(key="qwen3-key", name="Qwen3 4B", base="any", type="qwen3_encoder")
T5 = ModelRef(key="t5-key", name="tiny-t5", base="any", type="t5_encoder")

ALL = (SD1, SDXL, REFINER, KLEIN, FLUX2_DEV, Z_IMAGE, KREA2, LORA_SD1, LORA_SDXL, VAE_SD1, VAE_SDXL, FLUX_VAE,
       QWEN3, T5)


def identifier(model: ModelRef) -> dict:
    return model.identifier()


def fake_lookup(*models: ModelRef, calls: list | None = None) -> ModelLookup:
    """`ModelLookup.from_models` with each call recorded as (way, argument)."""
    inner = ModelLookup.from_models(models or ALL)
    calls = calls if calls is not None else []

    async def by_key(key):
        calls.append(("key", key))
        return await inner.by_key(key)

    async def by_hash(model_hash):
        calls.append(("hash", model_hash))
        return await inner.by_hash(model_hash)  # type: ignore[misc]

    async def by_attrs(name, base, model_type):
        calls.append(("attrs", (name, base, model_type)))
        return await inner.by_attrs(name, base, model_type)  # type: ignore[misc]

    return ModelLookup(by_key, by_hash, by_attrs)


async def recall(metadata, current: GenerateParams | None = None, *models: ModelRef, remix: bool = False,
                 calls: list | None = None) -> RecallResult:
    return await recall_params(metadata, current=current or GenerateParams(),
                               lookup=fake_lookup(*models, calls=calls), remix=remix)


def web_ui_sd1_metadata(model: dict) -> dict:
    """The metadata the web UI 6.14.2 stores for the reference's §4 request (its first session): the
    core_metadata node's fields without the node's own, seed and prompts from the batch data, nulls
    dropped, `app_version` added; `model` is the given identifier."""
    example = json.loads((DATA / "sd1_wire_example.json").read_text())
    node = next(n for n in example["batch"]["graph"]["nodes"].values() if n["type"] == "core_metadata")
    metadata = {k: v for k, v in node.items() if k not in ("id", "type", "is_intermediate", "use_cache")}
    metadata.update(model=model, seed=1234, positive_prompt="a lighthouse at dusk", negative_prompt="blurry",
                    app_version="6.14.2")
    return {k: v for k, v in metadata.items() if v is not None}


def section4_params(model: ModelRef) -> GenerateParams:
    """The parameters behind the reference's §4 request (one iteration)."""
    return GenerateParams(positive_prompt="a lighthouse at dusk", negative_prompt="blurry", seed=1234,
                          random_seed=False, model=model)
