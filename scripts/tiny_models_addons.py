"""Tiny add-on models: LoRAs (sd-1, sdxl, z-image, flux2), standalone sd-1 and sdxl VAEs and an sd-1 ControlNet.

Called by scripts/tiny_models.py (see BUILDERS there); runs inside the server's venv. The sd-1/sdxl
add-ons are shaped for tiny-sd15/tiny-sdxl, the z-image/flux2 LoRAs for tiny-z-image/tiny-flux2-klein
(scripts/tiny_models_dit.py). Recipe and evidence: the "tiny-models-more" reference, sections 2-5.
"""

from __future__ import annotations

from pathlib import Path

import torch
from safetensors.torch import save_file
from tiny_model_parts import lora_pair, sd15_unet, sdxl_unet, vae_8x

# One key only: safetensors writes the metadata map in hash order, so two keys would make rebuilds differ.
KOHYA_METADATA = {"ss_network_module": "networks.lora"}
RANK = 4


def _attention_linears(unet: torch.nn.Module):
    """(name, Linear) for every attention projection (attn1/attn2 q, k, v, out.0) in a UNet."""
    for name, sub in unet.named_modules():
        if isinstance(sub, torch.nn.Linear) and (".attn1." in name or ".attn2." in name):
            if name.endswith(("to_q", "to_k", "to_v", "to_out.0")):
                yield name, sub


def _clip_attention_linears(hidden: int, layers: int = 2):
    for i in range(layers):
        for proj in ("q_proj", "k_proj", "v_proj", "out_proj"):
            yield f"text_model.encoder.layers.{i}.self_attn.{proj}", hidden, hidden


def _kohya_layer(sd: dict, key: str, out_f: int, in_f: int, gen: torch.Generator) -> None:
    sd[f"{key}.lora_down.weight"], sd[f"{key}.lora_up.weight"] = lora_pair(out_f, in_f, RANK, gen)
    sd[f"{key}.alpha"] = torch.tensor(float(RANK))


def build_lora_sd1(out: Path, scratch: Path) -> None:
    """Kohya file with diffusers module names (what kohya writes for SD1.x) on every attention projection
    of tiny-sd15's UNet and CLIP. Probe: the first `lora_unet_*_attn2_to_k` in-dim, 768 -> sd-1.
    No resnet time_emb_proj layers: their tiny in-dim (128) would be read as the token length -> "unknown".
    """
    gen = torch.Generator().manual_seed(10)
    sd: dict[str, torch.Tensor] = {}
    for name, lin in _attention_linears(sd15_unet()):
        _kohya_layer(sd, "lora_unet_" + name.replace(".", "_"), lin.out_features, lin.in_features, gen)
    for name, out_f, in_f in _clip_attention_linears(768):
        _kohya_layer(sd, "lora_te_" + name.replace(".", "_"), out_f, in_f, gen)
    save_file(sd, str(out), metadata=KOHYA_METADATA)


def _sdxl_diffusers_to_stability_prefixes() -> dict[str, str]:
    # Inverse of invokeai's SDXL_UNET_STABILITY_TO_DIFFUSERS_MAP for the blocks the tiny SDXL UNet has.
    prefixes = {"mid_block_attentions_0": "middle_block_1"}
    for i in range(3):
        for j in range(2):
            prefixes[f"down_blocks_{i}_attentions_{j}"] = f"input_blocks_{3 * i + j + 1}_1"
        for j in range(3):
            prefixes[f"up_blocks_{i}_attentions_{j}"] = f"output_blocks_{3 * i + j}_1"
    return prefixes


def build_lora_sdxl(out: Path, scratch: Path) -> None:
    """Kohya file with Stability-AI UNet block names (what kohya writes for SDXL) + lora_te1_/lora_te2_.

    The loader's convert_sdxl_keys_to_diffusers_format is all-or-nothing: every key must map back.
    Probe: `lora_unet_*_attn2_to_k` in-dim 2048 -> sdxl.
    """
    gen = torch.Generator().manual_seed(11)
    prefixes = _sdxl_diffusers_to_stability_prefixes()
    sd: dict[str, torch.Tensor] = {}
    for name, lin in _attention_linears(sdxl_unet()):
        flat = name.replace(".", "_")
        block = next(p for p in prefixes if flat.startswith(p + "_"))
        key = "lora_unet_" + prefixes[block] + flat[len(block):]
        _kohya_layer(sd, key, lin.out_features, lin.in_features, gen)
    for prefix, hidden in (("lora_te1_", 768), ("lora_te2_", 1280)):
        for name, out_f, in_f in _clip_attention_linears(hidden):
            _kohya_layer(sd, prefix + name.replace(".", "_"), out_f, in_f, gen)
    save_file(sd, str(out), metadata=KOHYA_METADATA)


def _peft_lora(modules: dict[str, tuple[int, int]], prefix: str, gen: torch.Generator) -> dict:
    """PEFT-style keys <prefix><module>.lora_A.weight (rank, in) / .lora_B.weight (out, rank); no alpha keys."""
    sd = {}
    for name, (out_f, in_f) in modules.items():
        sd[f"{prefix}{name}.lora_A.weight"], sd[f"{prefix}{name}.lora_B.weight"] = lora_pair(out_f, in_f, RANK, gen)
    return sd


def build_lora_z_image(out: Path, scratch: Path) -> None:
    """PEFT LoRA for tiny-z-image's transformer. Probe: a `diffusion_model.layers.` / `.context_refiner.` /
    `.noise_refiner.` key with a LoRA suffix -> z-image / lora / lycoris."""
    gen = torch.Generator().manual_seed(12)
    modules = {}
    for block in ("layers.0", "context_refiner.0", "noise_refiner.0"):
        for proj in ("to_q", "to_k", "to_v", "to_out.0"):
            modules[f"{block}.attention.{proj}"] = (64, 64)
        modules[f"{block}.feed_forward.w1"] = (170, 64)
        modules[f"{block}.feed_forward.w2"] = (64, 170)
        modules[f"{block}.feed_forward.w3"] = (170, 64)
    save_file(_peft_lora(modules, "diffusion_model.", gen), str(out))


def build_lora_flux2_klein(out: Path, scratch: Path) -> None:
    """Diffusers/PEFT LoRA for tiny-flux2-klein's transformer. Every key must be a LoRA weight key (no alpha)
    for the Diffusers-format detector; the fused `single_transformer_blocks.0.attn.to_qkv_mlp_proj` key
    marks it FLUX.2."""
    gen = torch.Generator().manual_seed(13)
    modules = {}
    for proj in ("to_q", "to_k", "to_v", "to_out.0", "add_q_proj", "add_k_proj", "add_v_proj", "to_add_out"):
        modules[f"transformer_blocks.0.attn.{proj}"] = (64, 64)
    modules["transformer_blocks.0.ff.linear_in"] = (384, 64)
    modules["transformer_blocks.0.ff.linear_out"] = (64, 192)
    modules["single_transformer_blocks.0.attn.to_qkv_mlp_proj"] = (576, 64)
    modules["single_transformer_blocks.0.attn.to_out"] = (64, 256)
    save_file(_peft_lora(modules, "transformer.", gen), str(out))


def build_vae_sd1(out: Path, scratch: Path) -> None:
    """Diffusers AutoencoderKL folder, 4 latent channels, 8x. tiny-sd15's own VAE is 2x (a 256x256 request
    saves 64x64); with this one the same graph saves 256x256, which shows the standalone VAE was used.
    Probe: config.json `_class_name` AutoencoderKL, not sdxl's scaling factor, no "xl" in the name -> sd-1."""
    torch.manual_seed(20)
    vae_8x(4, scaling_factor=0.18215, sample_size=256).save_pretrained(str(out))


def build_vae_sdxl(out: Path, scratch: Path) -> None:
    """As the sd-1 one, with SDXL's scaling factor: tiny-sdxl's own VAE is 2x, so an init image encodes to
    latents 4x the noise's size and image to image fails ("Incompatible 'noise' and 'latents' shapes");
    with this 8x one it runs. Probe: scaling_factor 0.13025 with sample_size 1024 (and the name's "xl") -> sdxl."""
    torch.manual_seed(21)
    vae_8x(4, scaling_factor=0.13025, sample_size=1024).save_pretrained(str(out))


def build_controlnet_sd1(out: Path, scratch: Path) -> None:
    """Diffusers ControlNetModel folder shaped like tiny-sd15's UNet. Probe: `cross_attention_dim` 768 -> sd-1."""
    from diffusers import ControlNetModel

    torch.manual_seed(30)
    cnet = ControlNetModel(
        in_channels=4,
        block_out_channels=(32, 64),
        layers_per_block=1,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        cross_attention_dim=768,
        attention_head_dim=8,
        norm_num_groups=32,
        # 3 stride-2 convs: the control image is taken at 8x the latent size, like a real ControlNet.
        conditioning_embedding_out_channels=(16, 16, 16, 16),
    )
    # Random (non-zero) output convs, so the control image visibly changes the result.
    with torch.no_grad():
        for block in list(cnet.controlnet_down_blocks) + [cnet.controlnet_mid_block]:
            block.weight.normal_(0, 0.05)
    cnet.save_pretrained(str(out))


# output name -> builder (names double as the installed models' names)
BUILDERS = {
    "tiny-lora-sd1.safetensors": build_lora_sd1,
    "tiny-lora-sdxl.safetensors": build_lora_sdxl,
    "tiny-lora-z-image.safetensors": build_lora_z_image,
    "tiny-lora-flux2-klein.safetensors": build_lora_flux2_klein,
    "tiny-vae-sd1": build_vae_sd1,
    "tiny-vae-sdxl": build_vae_sdxl,
    "tiny-controlnet-sd1": build_controlnet_sd1,
}
