"""Minimal text-to-image graphs for the tiny DiT main models (sd-3, z-image, flux2 Klein, cogview4) and a
text-to-video graph for the tiny Wan 2.2 ones.

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


def _prompt_and_negative_graph(family: str, loader: dict, encoder_fields: tuple[str, ...], board_id: str | None,
                               size: int, steps: int, seed: int, prompt: str) -> dict:
    """loader -> <family>_text_encoder x2 (prompt, empty negative) -> <family>_denoise -> <family>_l2i:
    the shape sd-3 and cogview4 share."""
    nodes = {
        "model": loader,
        "pos": {"id": "pos", "type": f"{family}_text_encoder", "prompt": prompt},
        "neg": {"id": "neg", "type": f"{family}_text_encoder", "prompt": ""},
        "denoise": {"id": "denoise", "type": f"{family}_denoise", "width": size, "height": size, "steps": steps,
                    "seed": seed, "cfg_scale": 3.5},
        "l2i": _saved("l2i", f"{family}_l2i", board_id),
    }
    edges = [
        edge("model", "transformer", "denoise", "transformer"),
        edge("pos", "conditioning", "denoise", "positive_conditioning"),
        edge("neg", "conditioning", "denoise", "negative_conditioning"),
        edge("denoise", "latents", "l2i", "latents"),
        edge("model", "vae", "l2i", "vae"),
    ]
    for encoder in ("pos", "neg"):
        edges += [edge("model", field, encoder, field) for field in encoder_fields]
    return {"nodes": nodes, "edges": edges}


def _add_lora(nodes: dict, edges: list, lora_type: str, lora: dict | None) -> str:
    """Put a LoRA loader between the model loader and the Qwen3 text encoder and denoise (z-image, flux2);
    returns the node the transformer and qwen3_encoder come from."""
    if not lora:
        return "model"
    nodes["lora"] = {"id": "lora", "type": lora_type, "lora": model_identifier(lora), "weight": 1.0}
    edges += [edge("model", "transformer", "lora", "transformer"),
              edge("model", "qwen3_encoder", "lora", "qwen3_encoder")]
    return "lora"


def sd3_graph(model: dict, board_id: str | None = None, *, t5_encoder: dict | None = None, size: int = 128,
              steps: int = 2, seed: int = 42, prompt: str = "a red fox in the snow") -> dict:
    """sd3_model_loader -> sd3_text_encoder x2 (CLIP-L, CLIP-G, T5) -> sd3_denoise -> sd3_l2i.
    t5_encoder: a standalone T5 model (e.g. tiny-t5-encoder) instead of the pipeline's own."""
    loader = {"id": "model", "type": "sd3_model_loader", "model": model_identifier(model)}
    if t5_encoder:
        loader["t5_encoder_model"] = model_identifier(t5_encoder)
    return _prompt_and_negative_graph("sd3", loader, ("clip_l", "clip_g", "t5_encoder"), board_id, size, steps,
                                      seed, prompt)


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
    edges = [
        edge("pos", "conditioning", "denoise", "positive_conditioning"),
        edge("denoise", "latents", "l2i", "latents"),
        edge("model", "vae", "l2i", "vae"),
    ]
    source = _add_lora(nodes, edges, "z_image_lora_loader", lora)
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
    edges = [
        edge("model", "vae", "denoise", "vae"),
        edge("pos", "conditioning", "denoise", "positive_text_conditioning"),
        edge("denoise", "latents", "l2i", "latents"),
        edge("model", "vae", "l2i", "vae"),
    ]
    source = _add_lora(nodes, edges, "flux2_klein_lora_loader", lora)
    edges += [edge(source, "qwen3_encoder", "pos", "qwen3_encoder"),
              edge(source, "transformer", "denoise", "transformer")]
    return {"nodes": nodes, "edges": edges}


def cogview4_graph(model: dict, board_id: str | None = None, *, size: int = 128, steps: int = 2, seed: int = 42,
                   prompt: str = "a red fox in the snow") -> dict:
    """cogview4_model_loader -> cogview4_text_encoder x2 (GLM) -> cogview4_denoise -> cogview4_l2i."""
    loader = {"id": "model", "type": "cogview4_model_loader", "model": model_identifier(model)}
    return _prompt_and_negative_graph("cogview4", loader, ("glm_encoder",), board_id, size, steps, seed, prompt)


# base -> its text-to-image graph builder (model, board_id, size=..., steps=..., seed=..., prompt=...)
DIT_TEXT_TO_IMAGE = {"sd-3": sd3_graph, "z-image": z_image_graph, "flux2": flux2_klein_graph,
                     "cogview4": cogview4_graph}


# The tiny Wan 2.2 main models scripts/invokeai-server installs (scripts/tiny_models_wan.py).
TINY_WAN_MAINS = ("tiny-wan-ti2v", "tiny-wan-t2v-a14b")


def wan_text_to_video_graph(model: dict, board_id: str | None = None, *, size: int = 64, num_frames: int = 9,
                            steps: int = 4, seed: int = 42, fps: int = 16, prompt: str = "a cat walking") -> dict:
    """The default "Text to Video - Wan 2.2" workflow without its sizing nodes (the tiny-wan reference's
    section 5): wan_model_loader -> wan_text_encoder x2 -> wan_video_denoise -> wan_l2v, which saves an
    H.264 MP4. num_frames must be 4k+1; size a multiple of 32 for TI2V-5B (16 for A14B)."""
    nodes = {
        "model": {"id": "model", "type": "wan_model_loader", "model": model_identifier(model)},
        "pos": {"id": "pos", "type": "wan_text_encoder", "prompt": prompt},
        "neg": {"id": "neg", "type": "wan_text_encoder", "prompt": "blurry"},
        "denoise": {"id": "denoise", "type": "wan_video_denoise", "width": size, "height": size,
                    "num_frames": num_frames, "steps": steps, "seed": seed, "guidance_scale": 5.0,
                    "guidance_scale_low_noise": 4.0},
        "l2v": {**_saved("l2v", "wan_l2v", board_id), "fps": fps},
    }
    edges = [
        edge("model", "wan_t5_encoder", "pos", "wan_t5_encoder"),
        edge("model", "wan_t5_encoder", "neg", "wan_t5_encoder"),
        edge("model", "transformer", "denoise", "transformer"),
        edge("pos", "conditioning", "denoise", "positive_conditioning"),
        edge("neg", "conditioning", "denoise", "negative_conditioning"),
        edge("denoise", "latents", "l2v", "latents"),
        edge("model", "vae", "l2v", "vae"),
    ]
    return {"nodes": nodes, "edges": edges}
