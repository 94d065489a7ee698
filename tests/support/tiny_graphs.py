"""Minimal text-to-image graphs for the tiny DiT main models (sd-3, z-image, flux2 Klein, cogview4).

Taken from the "tiny-models-more" reference's Appendix A (the graphs that ran on the real 6.14.2
server), with the saved image put on a board. Models are the dicts GET /api/v2/models/ lists
(`rest.model_by_name`). Sizes must be multiples of 32 (cogview4's limit; the others take 16).
"""

from __future__ import annotations

from tests.support.rest import edge, model_identifier

# base -> the tiny main model scripts/invokeai-server installs for it
TINY_DIT_MAINS = {"sd-3": "tiny-sd3", "z-image": "tiny-z-image", "flux2": "tiny-flux2-klein",
                  "cogview4": "tiny-cogview4"}


def _saved(node_id: str, node_type: str, board_id: str | None) -> dict:
    node = {"id": node_id, "type": node_type, "is_intermediate": False, "use_cache": False}
    if board_id and board_id != "none":
        node["board"] = {"board_id": board_id}
    return node


def sd3_graph(model: dict, board_id: str | None = None, *, t5_encoder: dict | None = None, size: int = 128,
              steps: int = 2, seed: int = 42, prompt: str = "a red fox in the snow") -> dict:
    """sd3_model_loader -> sd3_text_encoder x2 (CLIP-L, CLIP-G, T5) -> sd3_denoise -> sd3_l2i.
    t5_encoder: a standalone T5 model (e.g. tiny-t5-encoder) instead of the pipeline's own."""
    loader = {"id": "model", "type": "sd3_model_loader", "model": model_identifier(model)}
    if t5_encoder:
        loader["t5_encoder_model"] = model_identifier(t5_encoder)
    nodes = {
        "model": loader,
        "pos": {"id": "pos", "type": "sd3_text_encoder", "prompt": prompt},
        "neg": {"id": "neg", "type": "sd3_text_encoder", "prompt": ""},
        "denoise": {"id": "denoise", "type": "sd3_denoise", "width": size, "height": size, "steps": steps,
                    "seed": seed, "cfg_scale": 3.5},
        "l2i": _saved("l2i", "sd3_l2i", board_id),
    }
    edges = [
        edge("model", "transformer", "denoise", "transformer"),
        edge("pos", "conditioning", "denoise", "positive_conditioning"),
        edge("neg", "conditioning", "denoise", "negative_conditioning"),
        edge("denoise", "latents", "l2i", "latents"),
        edge("model", "vae", "l2i", "vae"),
    ]
    for encoder in ("pos", "neg"):
        edges += [edge("model", field, encoder, field) for field in ("clip_l", "clip_g", "t5_encoder")]
    return {"nodes": nodes, "edges": edges}


def z_image_graph(model: dict, board_id: str | None = None, *, lora: dict | None = None, size: int = 128,
                  steps: int = 2, seed: int = 42, prompt: str = "a red fox in the snow") -> dict:
    """z_image_model_loader (the pipeline is also its Qwen3 source) -> [z_image_lora_loader] ->
    z_image_text_encoder -> z_image_denoise -> z_image_l2i."""
    identifier = model_identifier(model)
    nodes = {
        "model": {"id": "model", "type": "z_image_model_loader", "model": identifier,
                  "qwen3_source_model": identifier},
        "pos": {"id": "pos", "type": "z_image_text_encoder", "prompt": prompt},
        "denoise": {"id": "denoise", "type": "z_image_denoise", "width": size, "height": size, "steps": steps,
                    "seed": seed, "guidance_scale": 1.0, "scheduler": "euler"},
        "l2i": _saved("l2i", "z_image_l2i", board_id),
    }
    source = "model"
    edges = [
        edge("pos", "conditioning", "denoise", "positive_conditioning"),
        edge("denoise", "latents", "l2i", "latents"),
        edge("model", "vae", "l2i", "vae"),
    ]
    if lora:
        nodes["lora"] = {"id": "lora", "type": "z_image_lora_loader", "lora": model_identifier(lora), "weight": 1.0}
        edges += [edge("model", "transformer", "lora", "transformer"),
                  edge("model", "qwen3_encoder", "lora", "qwen3_encoder")]
        source = "lora"
    edges += [edge(source, "qwen3_encoder", "pos", "qwen3_encoder"),
              edge(source, "transformer", "denoise", "transformer")]
    return {"nodes": nodes, "edges": edges}


def flux2_klein_graph(model: dict, board_id: str | None = None, *, lora: dict | None = None, size: int = 128,
                      steps: int = 2, seed: int = 42, prompt: str = "a red fox in the snow") -> dict:
    """flux2_klein_model_loader -> [flux2_klein_lora_loader] -> flux2_klein_text_encoder -> flux2_denoise
    (which also reads the VAE's BatchNorm statistics) -> flux2_vae_decode."""
    nodes = {
        "model": {"id": "model", "type": "flux2_klein_model_loader", "model": model_identifier(model),
                  "max_seq_len": 256},
        "pos": {"id": "pos", "type": "flux2_klein_text_encoder", "prompt": prompt, "max_seq_len": 256},
        "denoise": {"id": "denoise", "type": "flux2_denoise", "width": size, "height": size, "num_steps": steps,
                    "seed": seed, "cfg_scale": 1.0, "scheduler": "euler"},
        "l2i": _saved("l2i", "flux2_vae_decode", board_id),
    }
    source = "model"
    edges = [
        edge("model", "vae", "denoise", "vae"),
        edge("pos", "conditioning", "denoise", "positive_text_conditioning"),
        edge("denoise", "latents", "l2i", "latents"),
        edge("model", "vae", "l2i", "vae"),
    ]
    if lora:
        nodes["lora"] = {"id": "lora", "type": "flux2_klein_lora_loader", "lora": model_identifier(lora),
                         "weight": 1.0}
        edges += [edge("model", "transformer", "lora", "transformer"),
                  edge("model", "qwen3_encoder", "lora", "qwen3_encoder")]
        source = "lora"
    edges += [edge(source, "qwen3_encoder", "pos", "qwen3_encoder"),
              edge(source, "transformer", "denoise", "transformer")]
    return {"nodes": nodes, "edges": edges}


def cogview4_graph(model: dict, board_id: str | None = None, *, size: int = 128, steps: int = 2, seed: int = 42,
                   prompt: str = "a red fox in the snow") -> dict:
    """cogview4_model_loader -> cogview4_text_encoder x2 (GLM) -> cogview4_denoise -> cogview4_l2i."""
    nodes = {
        "model": {"id": "model", "type": "cogview4_model_loader", "model": model_identifier(model)},
        "pos": {"id": "pos", "type": "cogview4_text_encoder", "prompt": prompt},
        "neg": {"id": "neg", "type": "cogview4_text_encoder", "prompt": ""},
        "denoise": {"id": "denoise", "type": "cogview4_denoise", "width": size, "height": size, "steps": steps,
                    "seed": seed, "cfg_scale": 3.5},
        "l2i": _saved("l2i", "cogview4_l2i", board_id),
    }
    edges = [
        edge("model", "glm_encoder", "pos", "glm_encoder"),
        edge("model", "glm_encoder", "neg", "glm_encoder"),
        edge("model", "transformer", "denoise", "transformer"),
        edge("pos", "conditioning", "denoise", "positive_conditioning"),
        edge("neg", "conditioning", "denoise", "negative_conditioning"),
        edge("denoise", "latents", "l2i", "latents"),
        edge("model", "vae", "l2i", "vae"),
    ]
    return {"nodes": nodes, "edges": edges}


# base -> its text-to-image graph builder (model, board_id, size=..., steps=..., seed=..., prompt=...)
DIT_TEXT_TO_IMAGE = {"sd-3": sd3_graph, "z-image": z_image_graph, "flux2": flux2_klein_graph,
                     "cogview4": cogview4_graph}
