"""Tiny DiT main models (sd-3, z-image, flux2 Klein, cogview4) and a standalone T5 encoder.

Called by scripts/tiny_models.py (see BUILDERS there); runs inside the server's venv. Each main model
is a diffusers pipeline folder saved with the pipeline's own save_pretrained; the server's probes read
only model_index.json (and one config value for the variant), so the sizes are what the generation
nodes need. Recipe and evidence: the "tiny-models-more" reference, sections 5 and 6.
"""

from __future__ import annotations

from pathlib import Path

import torch
from tiny_model_parts import (
    QWEN_VOCAB_SIZE,
    clip_text_config,
    clip_tokenizer,
    flow_scheduler,
    qwen3,
    qwen_tokenizer,
    t5_encoder,
    t5_tokenizer,
    vae16,
)


def build_z_image(out: Path, scratch: Path) -> None:
    """ZImagePipeline (Turbo: the scheduler's shift < 5). The text node takes Qwen3 hidden_states[-2], so
    cap_feat_dim == the Qwen3 hidden size and Qwen3 needs >= 2 layers."""
    from diffusers import ZImagePipeline, ZImageTransformer2DModel

    torch.manual_seed(40)
    hidden = 64
    transformer = ZImageTransformer2DModel(
        all_patch_size=(2,),
        all_f_patch_size=(1,),
        in_channels=16,
        dim=64,
        n_layers=1,
        n_refiner_layers=1,
        n_heads=2,
        n_kv_heads=2,
        cap_feat_dim=hidden,
        axes_dims=[8, 12, 12],
        axes_lens=[1024, 512, 512],
    )
    pipe = ZImagePipeline(
        scheduler=flow_scheduler(num_train_timesteps=1000, shift=3.0, use_dynamic_shifting=False),
        vae=vae16(scaling_factor=0.3611, shift_factor=0.1159),
        text_encoder=qwen3(hidden, causal_lm=False),
        tokenizer=qwen_tokenizer(),
        transformer=transformer,
    )
    pipe.save_pretrained(str(out))


def build_flux2_klein(out: Path, scratch: Path) -> None:
    """Flux2KleinPipeline. joint_attention_dim matches no real variant, so the probe says klein_4b; it must be
    3 x the Qwen3 hidden size (the text node stacks 3 hidden layers). The transformer takes 128 channels
    (32-channel latents packed 2x2)."""
    from diffusers import AutoencoderKLFlux2, Flux2KleinPipeline, Flux2Transformer2DModel

    torch.manual_seed(50)
    hidden = 64
    transformer = Flux2Transformer2DModel(
        patch_size=1,
        in_channels=128,
        num_layers=1,
        num_single_layers=1,
        attention_head_dim=32,
        num_attention_heads=2,
        joint_attention_dim=3 * hidden,
        timestep_guidance_channels=32,
        mlp_ratio=3.0,
        axes_dims_rope=(8, 8, 8, 8),
        guidance_embeds=False,
    )
    vae = AutoencoderKLFlux2(
        block_out_channels=(16, 16, 16, 16),
        layers_per_block=1,
        latent_channels=32,
        norm_num_groups=8,
        mid_block_add_attention=False,
        sample_size=256,
    )
    pipe = Flux2KleinPipeline(
        scheduler=flow_scheduler(num_train_timesteps=1000, shift=3.0, use_dynamic_shifting=True,
                                 base_shift=0.5, max_shift=1.15, base_image_seq_len=256, max_image_seq_len=4096),
        vae=vae,
        text_encoder=qwen3(hidden, causal_lm=True),
        tokenizer=qwen_tokenizer(),
        transformer=transformer,
        is_distilled=True,
    )
    pipe.save_pretrained(str(out))


def build_sd3(out: Path, scratch: Path) -> None:
    """StableDiffusion3Pipeline with CLIP-L/CLIP-G (with projection) and T5. The text node zero-pads CLIP to
    the T5 width: hidden_L + hidden_G <= joint_attention_dim == T5 d_model, pooled = proj_L + proj_G."""
    from diffusers import SD3Transformer2DModel, StableDiffusion3Pipeline
    from transformers import CLIPTextModelWithProjection

    torch.manual_seed(60)
    joint, h_l, h_g = 128, 32, 64
    clip_tok = clip_tokenizer(scratch / "tok-sd3")
    transformer = SD3Transformer2DModel(
        sample_size=32,
        patch_size=2,
        in_channels=16,
        num_layers=1,
        attention_head_dim=16,
        num_attention_heads=2,
        joint_attention_dim=joint,
        caption_projection_dim=32,  # == heads * head_dim
        pooled_projection_dim=h_l + h_g,
        out_channels=16,
        pos_embed_max_size=64,  # up to 64 patches a side = 1024 px
    )
    pipe = StableDiffusion3Pipeline(
        transformer=transformer,
        scheduler=flow_scheduler(num_train_timesteps=1000, shift=3.0),
        vae=vae16(scaling_factor=1.5305, shift_factor=0.0609),
        text_encoder=CLIPTextModelWithProjection(clip_text_config(len(clip_tok), h_l, h_l)),
        tokenizer=clip_tok,
        text_encoder_2=CLIPTextModelWithProjection(clip_text_config(len(clip_tok), h_g, h_g)),
        tokenizer_2=clip_tok,
        text_encoder_3=t5_encoder(joint),
        tokenizer_3=t5_tokenizer(),
    )
    pipe.save_pretrained(str(out))


def _glm_tokenizer():
    """The Qwen byte-level vocabulary plus GLM-4's "[gMASK]<sop>" prefix. The prefix matters: without it
    the empty negative prompt tokenizes to zero tokens and the GLM forward fails on a 0-length input."""
    from tokenizers import AddedToken
    from tokenizers.processors import TemplateProcessing
    from transformers import PreTrainedTokenizerFast

    backend = qwen_tokenizer().backend_tokenizer
    backend.add_special_tokens([AddedToken("[gMASK]", special=True), AddedToken("<sop>", special=True)])
    backend.post_processor = TemplateProcessing(
        single="[gMASK] <sop> $A",
        pair="[gMASK] <sop> $A $B",
        special_tokens=[("[gMASK]", backend.token_to_id("[gMASK]")), ("<sop>", backend.token_to_id("<sop>"))],
    )
    return PreTrainedTokenizerFast(
        tokenizer_object=backend,
        eos_token="<|endoftext|>",
        pad_token="<|endoftext|>",
        padding_side="left",
    )


def build_cogview4(out: Path, scratch: Path) -> None:
    """CogView4Pipeline. The text node takes GLM hidden_states[-2], so text_embed_dim == the GLM hidden size."""
    from diffusers import CogView4Pipeline, CogView4Transformer2DModel
    from transformers import GlmConfig, GlmModel

    torch.manual_seed(70)
    hidden = 64
    tokenizer = _glm_tokenizer()
    glm = GlmModel(
        GlmConfig(
            vocab_size=QWEN_VOCAB_SIZE + 2,
            hidden_size=hidden,
            intermediate_size=2 * hidden,
            num_hidden_layers=2,
            num_attention_heads=4,
            num_key_value_heads=2,
            head_dim=16,
            max_position_embeddings=2048,
            pad_token_id=256,
            eos_token_id=256,
            bos_token_id=None,
        )
    )
    transformer = CogView4Transformer2DModel(
        patch_size=2,
        in_channels=16,
        out_channels=16,
        num_layers=1,
        attention_head_dim=16,
        num_attention_heads=2,
        text_embed_dim=hidden,
        time_embed_dim=32,
        condition_dim=16,
        pos_embed_max_size=64,
        sample_size=32,
        rope_axes_dim=(64, 64),
    )
    pipe = CogView4Pipeline(
        tokenizer=tokenizer,
        text_encoder=glm,
        vae=vae16(scaling_factor=1.0, shift_factor=0.0),
        transformer=transformer,
        scheduler=flow_scheduler(num_train_timesteps=1000, base_shift=0.25, max_shift=0.75, base_image_seq_len=256,
                                 use_dynamic_shifting=True, time_shift_type="linear"),
    )
    pipe.save_pretrained(str(out))


def build_t5_encoder(out: Path, scratch: Path) -> None:
    """Standalone T5 encoder in InvokeAI's bundle layout: text_encoder_2/ saved sharded (the probe wants
    model.safetensors.index.json) + tokenizer_2/. d_model 128 = tiny-sd3's joint_attention_dim, so it can
    stand in for tiny-sd3's own T5 (sd3_model_loader.t5_encoder_model)."""
    torch.manual_seed(80)
    t5_encoder(128).save_pretrained(str(out / "text_encoder_2"), max_shard_size="100KB")
    t5_tokenizer().save_pretrained(str(out / "tokenizer_2"))


# output name -> builder (names double as the installed models' names)
BUILDERS = {
    "tiny-sd3": build_sd3,
    "tiny-z-image": build_z_image,
    "tiny-flux2-klein": build_flux2_klein,
    "tiny-cogview4": build_cogview4,
    "tiny-t5-encoder": build_t5_encoder,
}
