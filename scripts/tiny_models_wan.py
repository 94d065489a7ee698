"""Tiny Wan 2.2 models: three diffusers pipelines (TI2V-5B, T2V-A14B, I2V-A14B layouts), a standalone UMT5
encoder, a standalone 48-channel Wan VAE and the two Lightning LoRAs (high / low noise expert).

Called by scripts/tiny_models.py (see BUILDERS there); runs inside the server's venv. A diffusers Wan main
carries its transformer(s), VAE, UMT5 encoder and tokenizer, so one folder is enough for wan_model_loader;
the probes read only class names, `z_dim`, `in_channels` and whether `transformer_2/` exists, never sizes.
Recipe and evidence: the "tiny-wan" reference (tiny_wan.py), sections 1-4 and 7.
"""

from __future__ import annotations

from pathlib import Path

import torch
from safetensors.torch import save_file
from tiny_model_parts import T5_VOCAB_SIZE, t5_tokenizer

UMT5_D_MODEL = 32  # = the transformers' text_dim (wan_text_encoder hands over last_hidden_state)
TRANSFORMER_INNER = 48  # 2 heads x 24; rope splits 24 into t/h/w = 8/8/8
LORA_RANK = 4


def _umt5_tokenizer():
    tokenizer = t5_tokenizer()
    tokenizer.model_max_length = 512  # wan_text_encoder pads to 512 tokens
    return tokenizer


def _umt5_encoder():
    from transformers import UMT5Config, UMT5EncoderModel  # wan_text_encoder asserts this very class

    return UMT5EncoderModel(UMT5Config(
        vocab_size=T5_VOCAB_SIZE, d_model=UMT5_D_MODEL, d_kv=8, d_ff=64, num_layers=2, num_heads=4,
        relative_attention_num_buckets=8, relative_attention_max_distance=16, feed_forward_proj="gated-gelu",
        decoder_start_token_id=0, pad_token_id=0, eos_token_id=1,
    ))


def _transformer(in_channels: int, out_channels: int):
    from diffusers import WanTransformer3DModel

    return WanTransformer3DModel(
        patch_size=(1, 2, 2), num_attention_heads=2, attention_head_dim=TRANSFORMER_INNER // 2,
        in_channels=in_channels, out_channels=out_channels, text_dim=UMT5_D_MODEL, freq_dim=32, ffn_dim=64,
        num_layers=1, cross_attn_norm=True, qk_norm="rms_norm_across_heads", rope_max_seq_len=1024,
    )


def _vae48():
    """Wan2.2-VAE layout (TI2V-5B): residual, patchified 2x2, 3 downsamples -> 16x spatial, 4x temporal;
    z_dim 48 is what makes the probe call a single-transformer main ti2v_5b."""
    from diffusers import AutoencoderKLWan

    return AutoencoderKLWan(
        base_dim=8, decoder_base_dim=8, z_dim=48, dim_mult=[1, 2, 4, 4], num_res_blocks=1,
        temperal_downsample=[False, True, True], is_residual=True, in_channels=12, out_channels=12,
        patch_size=2, scale_factor_spatial=16, scale_factor_temporal=4,
        latents_mean=[0.0] * 48, latents_std=[1.0] * 48,
    )


def _vae16():
    """Wan 2.1 VAE layout (A14B): 8x spatial, 4x temporal, 16 latent channels."""
    from diffusers import AutoencoderKLWan

    return AutoencoderKLWan(
        base_dim=8, z_dim=16, dim_mult=[1, 2, 4, 4], num_res_blocks=1, temperal_downsample=[False, True, True],
        latents_mean=[0.0] * 16, latents_std=[1.0] * 16,
    )


def _scheduler(flow_shift: float):
    from diffusers import UniPCMultistepScheduler

    return UniPCMultistepScheduler(prediction_type="flow_prediction", use_flow_sigmas=True,
                                   num_train_timesteps=1000, flow_shift=flow_shift)


def build_wan_ti2v(out: Path, scratch: Path) -> None:
    """One transformer (48 -> 48 channels) + the 48-channel VAE -> wan / main / diffusers / ti2v_5b."""
    from diffusers import WanPipeline

    torch.manual_seed(70)
    WanPipeline(
        tokenizer=_umt5_tokenizer(), text_encoder=_umt5_encoder(), vae=_vae48(), scheduler=_scheduler(5.0),
        transformer=_transformer(48, 48), transformer_2=None, boundary_ratio=None, expand_timesteps=True,
    ).save_pretrained(str(out))


def build_wan_t2v(out: Path, scratch: Path) -> None:
    """Two experts (16 channels) -> t2v_a14b with has_dual_expert and boundary_ratio 0.875."""
    from diffusers import WanPipeline

    torch.manual_seed(71)
    WanPipeline(
        tokenizer=_umt5_tokenizer(), text_encoder=_umt5_encoder(), vae=_vae16(), scheduler=_scheduler(3.0),
        transformer=_transformer(16, 16), transformer_2=_transformer(16, 16), boundary_ratio=0.875,
    ).save_pretrained(str(out))


def build_wan_i2v(out: Path, scratch: Path) -> None:
    """Two experts taking 36 channels (latents + image condition) -> i2v_a14b."""
    from diffusers import WanImageToVideoPipeline

    torch.manual_seed(72)
    WanImageToVideoPipeline(
        tokenizer=_umt5_tokenizer(), text_encoder=_umt5_encoder(), vae=_vae16(), scheduler=_scheduler(5.0),
        transformer=_transformer(36, 16), transformer_2=_transformer(36, 16), boundary_ratio=0.9,
    ).save_pretrained(str(out))


def build_wan_umt5(out: Path, scratch: Path) -> None:
    """text_encoder/ (model_type umt5) + tokenizer/, no model_index.json -> any / wan_t5_encoder."""
    torch.manual_seed(73)
    _umt5_encoder().save_pretrained(str(out / "text_encoder"))
    _umt5_tokenizer().save_pretrained(str(out / "tokenizer"))


def build_wan_vae48(out: Path, scratch: Path) -> None:
    torch.manual_seed(74)
    _vae48().save_pretrained(str(out))


def _wan_lora(out: Path, seed: int) -> None:
    """PEFT LoRA on block 0's attention and feed-forward of the tiny transformer -> wan / lora / lycoris
    (variant None: inner dim 48 is neither A14B's 5120 nor 5B's 3072); the expert comes from the file name."""
    gen = torch.Generator().manual_seed(seed)
    inner, ffn = TRANSFORMER_INNER, 64
    modules = {f"attn{a}.{p}": (inner, inner) for a in (1, 2) for p in ("to_q", "to_k", "to_v", "to_out.0")}
    modules["ffn.net.0.proj"] = (ffn, inner)
    modules["ffn.net.2"] = (inner, ffn)
    sd = {}
    for name, (out_f, in_f) in modules.items():
        key = f"diffusion_model.blocks.0.{name}"
        # x0.2 as in the reference's runs (the Lightning workflows ran with it; the change is visible)
        sd[f"{key}.lora_A.weight"] = torch.randn(LORA_RANK, in_f, generator=gen) * 0.2
        sd[f"{key}.lora_B.weight"] = torch.randn(out_f, LORA_RANK, generator=gen) * 0.2
    save_file(sd, str(out))


def build_wan_lora_high(out: Path, scratch: Path) -> None:
    _wan_lora(out, 75)


def build_wan_lora_low(out: Path, scratch: Path) -> None:
    _wan_lora(out, 76)


# output name -> builder (names double as the installed models' names)
BUILDERS = {
    "tiny-wan-ti2v": build_wan_ti2v,
    "tiny-wan-t2v-a14b": build_wan_t2v,
    "tiny-wan-i2v-a14b": build_wan_i2v,
    "tiny-wan-umt5": build_wan_umt5,
    "tiny-wan-vae48": build_wan_vae48,
    "tiny-wan-lora-high_noise.safetensors": build_wan_lora_high,
    "tiny-wan-lora-low_noise.safetensors": build_wan_lora_low,
}
