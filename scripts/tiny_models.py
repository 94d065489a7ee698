"""Build tiny random-weight models that a real InvokeAI 6.14.2 server installs and runs on a CPU.

Runs inside the server's own venv (it needs the diffusers and transformers the server ships):
    <server-venv>/bin/python scripts/tiny_models.py OUT_DIR

Shapes follow the reference's Appendix B: tiny-sd15, tiny-sdxl, two embeddings and an unknown file,
built here; the DiT main models (sd-3, z-image, flux2 Klein, cogview4) and a T5 encoder come from
tiny_models_dit.py, the LoRAs, the sd-1 and sdxl VAEs and the sd-1 ControlNet from tiny_models_addons.py,
the Wan 2.2 mains, UMT5 encoder, Wan VAE and Lightning LoRAs from tiny_models_wan.py.
Weights are seeded and safetensors metadata has at most one key, so a rebuild gives the same bytes.
Each item is built into a temporary name and renamed when complete, so an interrupted build never
leaves a half-written model that looks finished.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import torch
from safetensors.torch import save_file
from tiny_model_parts import clip_text_config, clip_tokenizer, sd15_unet, sdxl_unet
from tiny_models_addons import BUILDERS as ADDON_BUILDERS
from tiny_models_dit import BUILDERS as DIT_BUILDERS
from tiny_models_wan import BUILDERS as WAN_BUILDERS


def _vae():
    from diffusers import AutoencoderKL

    return AutoencoderKL(
        block_out_channels=[32, 64],
        in_channels=3,
        out_channels=3,
        down_block_types=["DownEncoderBlock2D"] * 2,
        up_block_types=["UpDecoderBlock2D"] * 2,
        latent_channels=4,
        norm_num_groups=32,
    )


def build_sd15(out: Path, scratch: Path) -> None:
    from diffusers import DDIMScheduler, StableDiffusionPipeline
    from transformers import CLIPTextModel

    torch.manual_seed(0)
    tokenizer = clip_tokenizer(scratch / "tok-sd15")
    unet = sd15_unet()
    text_encoder = CLIPTextModel(clip_text_config(len(tokenizer), 768, 768))
    scheduler = DDIMScheduler(
        beta_start=0.00085,
        beta_end=0.012,
        beta_schedule="scaled_linear",
        clip_sample=False,
        set_alpha_to_one=False,
    )
    pipe = StableDiffusionPipeline(
        vae=_vae(),
        text_encoder=text_encoder,
        tokenizer=tokenizer,
        unet=unet,
        scheduler=scheduler,
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
    )
    pipe.save_pretrained(str(out))


def build_sdxl(out: Path, scratch: Path) -> None:
    from diffusers import EulerDiscreteScheduler, StableDiffusionXLPipeline
    from transformers import CLIPTextModel, CLIPTextModelWithProjection

    torch.manual_seed(1)
    tokenizer = clip_tokenizer(scratch / "tok-sdxl")
    unet = sdxl_unet()
    text_encoder = CLIPTextModel(clip_text_config(len(tokenizer), 768, 768))
    text_encoder_2 = CLIPTextModelWithProjection(clip_text_config(len(tokenizer), 1280, 1280))
    scheduler = EulerDiscreteScheduler(
        beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear", steps_offset=1
    )
    pipe = StableDiffusionXLPipeline(
        vae=_vae(),
        text_encoder=text_encoder,
        text_encoder_2=text_encoder_2,
        tokenizer=tokenizer,
        tokenizer_2=tokenizer,
        unet=unet,
        scheduler=scheduler,
    )
    pipe.save_pretrained(str(out))


def build_embedding_sd1(out: Path, scratch: Path) -> None:
    torch.manual_seed(2)
    save_file({"emb_params": torch.randn(2, 768)}, str(out))


def build_embedding_sdxl(out: Path, scratch: Path) -> None:
    torch.manual_seed(3)
    save_file({"clip_l": torch.randn(2, 768), "clip_g": torch.randn(2, 1280)}, str(out))


def build_unknown(out: Path, scratch: Path) -> None:
    # LoRA-looking key names with shapes no probe recognises: installs as base/type/format "unknown".
    torch.manual_seed(4)
    save_file(
        {
            "lora_mystery_block_0.lora_down.weight": torch.randn(4, 10),
            "lora_mystery_block_0.lora_up.weight": torch.randn(10, 4),
            "lora_mystery_block_0.alpha": torch.tensor(4.0),
        },
        str(out),
    )


# name in the output folder -> builder. Names double as the installed models' names.
BUILDERS = {
    "tiny-sd15": build_sd15,
    "tiny-sdxl": build_sdxl,
    "tiny-embedding-sd1.safetensors": build_embedding_sd1,
    "tiny-embedding-sdxl.safetensors": build_embedding_sdxl,
    "tiny-unknown.safetensors": build_unknown,
    **DIT_BUILDERS,
    **ADDON_BUILDERS,
    **WAN_BUILDERS,
}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out_dir = Path(argv[1]).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    scratch = out_dir / ".scratch"
    for name, build in BUILDERS.items():
        final = out_dir / name
        if final.exists():
            continue
        partial = out_dir / f".partial-{name}"
        if partial.is_dir():
            shutil.rmtree(partial)
        elif partial.exists():
            partial.unlink()
        started = time.monotonic()
        build(partial, scratch)
        os.replace(partial, final)
        print(f"built {final} in {time.monotonic() - started:.1f} s", file=sys.stderr)
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
