"""Pieces the tiny-model builders share: tokenizers, text encoders, UNets, VAEs, schedulers, LoRA pairs.

Imported by scripts/tiny_models.py and the builder modules beside it; runs inside the server's venv.
Everything is deterministic: weights come from the caller's seed, tokenizers from fixed vocabularies.
"""

from __future__ import annotations

import json
from pathlib import Path

import torch

# ---------------------------------------------------------------- CLIP (sd-1, sdxl, sd-3)


def clip_tokenizer(folder: Path):
    """A ~55-token CLIP tokenizer: a-z with and without the word end, written to folder first."""
    from transformers import CLIPTokenizer

    vocab = {"<|startoftext|>": 0, "<|endoftext|>": 1, "!": 2}
    for letter in "abcdefghijklmnopqrstuvwxyz":
        vocab[letter] = len(vocab)
        vocab[letter + "</w>"] = len(vocab)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vocab.json").write_text(json.dumps(vocab))
    (folder / "merges.txt").write_text("#version: 0.2\n")
    return CLIPTokenizer(str(folder / "vocab.json"), str(folder / "merges.txt"), model_max_length=77)


def clip_text_config(vocab_size: int, hidden: int, projection: int):
    from transformers import CLIPTextConfig

    return CLIPTextConfig(
        bos_token_id=0,
        eos_token_id=1,
        pad_token_id=1,
        hidden_size=hidden,
        intermediate_size=37,
        num_attention_heads=4,
        num_hidden_layers=2,
        vocab_size=vocab_size,
        projection_dim=projection,
    )


# ---------------------------------------------------------------- UNets (tiny-sd15, tiny-sdxl)


def sd15_unet():
    """tiny-sd15's UNet; the sd-1 LoRA and ControlNet are shaped after it."""
    from diffusers import UNet2DConditionModel

    return UNet2DConditionModel(
        block_out_channels=(32, 64),
        layers_per_block=1,
        sample_size=32,
        in_channels=4,
        out_channels=4,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        cross_attention_dim=768,
        attention_head_dim=8,
        norm_num_groups=32,
    )


def sdxl_unet():
    """tiny-sdxl's UNet. Attention only at the lowest of three resolutions: the seed's example asks
    for 768x1024 and 30 steps within 180 s, and self-attention over a 48x64 latent made each step ~6x slower."""
    from diffusers import UNet2DConditionModel

    return UNet2DConditionModel(
        block_out_channels=(32, 64, 64),
        layers_per_block=1,
        sample_size=32,
        down_block_types=("DownBlock2D", "DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D", "UpBlock2D"),
        cross_attention_dim=2048,
        attention_head_dim=(2, 4, 4),
        use_linear_projection=True,
        addition_embed_type="text_time",
        addition_time_embed_dim=8,
        projection_class_embeddings_input_dim=1280 + 6 * 8,
        transformer_layers_per_block=(1, 1, 1),
        norm_num_groups=32,
    )


# ---------------------------------------------------------------- VAEs and schedulers


def vae_8x(latent_channels: int, scaling_factor: float, shift_factor: float | None = None, **extra):
    """AutoencoderKL with 3 downsamples (8x, like the real ones) and tiny widths."""
    from diffusers import AutoencoderKL

    return AutoencoderKL(
        in_channels=3,
        out_channels=3,
        down_block_types=["DownEncoderBlock2D"] * 4,
        up_block_types=["UpDecoderBlock2D"] * 4,
        block_out_channels=[16, 16, 16, 16],
        layers_per_block=1,
        latent_channels=latent_channels,
        norm_num_groups=8,
        scaling_factor=scaling_factor,
        shift_factor=shift_factor,
        **extra,
    )


def vae16(scaling_factor: float, shift_factor: float | None):
    """The 16-latent-channel VAE of the DiT families (sd-3, z-image, cogview4)."""
    return vae_8x(16, scaling_factor, shift_factor, use_quant_conv=False, use_post_quant_conv=False,
                  mid_block_add_attention=False)


def flow_scheduler(**kwargs):
    from diffusers import FlowMatchEulerDiscreteScheduler

    return FlowMatchEulerDiscreteScheduler(**kwargs)


# ---------------------------------------------------------------- Qwen3 (z-image, flux2) and T5 (sd-3)

QWEN_CHAT_TEMPLATE = (
    "{% for message in messages %}<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n"
    "{% if enable_thinking is defined and enable_thinking is false %}<think>\n\n</think>\n\n{% endif %}{% endif %}"
)
QWEN_VOCAB_SIZE = 259


def qwen_tokenizer():
    """Byte-level BPE Qwen2Tokenizer: the 256 byte symbols, no merges, Qwen's specials and a chat template.

    259 tokens; pad = eos = <|endoftext|>. Enough for apply_chat_template(..., enable_thinking=...) and
    padding="max_length", which is what the Z-Image and FLUX.2 Klein text-encoder nodes call.
    """
    from tokenizers.pre_tokenizers import ByteLevel
    from transformers import Qwen2Tokenizer

    vocab = {c: i for i, c in enumerate(sorted(ByteLevel.alphabet()))}
    for special in ("<|endoftext|>", "<|im_start|>", "<|im_end|>"):
        vocab[special] = len(vocab)
    tok = Qwen2Tokenizer(vocab=vocab, merges=[], additional_special_tokens=["<|im_start|>", "<|im_end|>"])
    tok.chat_template = QWEN_CHAT_TEMPLATE
    return tok


def qwen3(hidden: int, causal_lm: bool, layers: int = 2):
    from transformers import Qwen3Config, Qwen3ForCausalLM, Qwen3Model

    config = Qwen3Config(
        vocab_size=QWEN_VOCAB_SIZE,
        hidden_size=hidden,
        intermediate_size=2 * hidden,
        num_hidden_layers=layers,
        num_attention_heads=4,
        num_key_value_heads=2,
        head_dim=hidden // 4,
        max_position_embeddings=1024,
        tie_word_embeddings=True,
        bos_token_id=None,
        eos_token_id=256,
        pad_token_id=256,
    )
    return (Qwen3ForCausalLM if causal_lm else Qwen3Model)(config)


T5_VOCAB_SIZE = 56


def t5_tokenizer():
    """Unigram T5Tokenizer over a-z (transformers 5 builds it from a vocab list; no sentencepiece file)."""
    from transformers import T5Tokenizer

    letters = "abcdefghijklmnopqrstuvwxyz"
    pieces = [("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0), ("\u2581", -1.0)]
    pieces += [(c, -2.0) for c in letters] + [("\u2581" + c, -1.5) for c in letters]
    return T5Tokenizer(vocab=pieces, extra_ids=0)


def t5_encoder(d_model: int):
    from transformers import T5Config, T5EncoderModel

    return T5EncoderModel(
        T5Config(
            vocab_size=T5_VOCAB_SIZE,
            d_model=d_model,
            d_kv=8,
            d_ff=2 * d_model,
            num_layers=2,
            num_heads=4,
            relative_attention_num_buckets=8,
            relative_attention_max_distance=16,
            feed_forward_proj="gated-gelu",
            decoder_start_token_id=0,
            pad_token_id=0,
            eos_token_id=1,
        )
    )


# ---------------------------------------------------------------- LoRA weights


def lora_pair(out_f: int, in_f: int, rank: int, gen: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """(down, up) of one LoRA layer; large enough (x0.5) that the LoRA visibly changes the image."""
    down = torch.randn(rank, in_f, generator=gen) * 0.5
    up = torch.randn(out_f, rank, generator=gen) * 0.5
    return down, up
