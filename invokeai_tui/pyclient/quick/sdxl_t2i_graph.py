"""The SDXL text-to-image graph QuickClient enqueues: the web UI's own SDXL Generate graph on
6.14.2 (model loader, prompt string nodes feeding both compel inputs, noise, denoise, l2i with
core_metadata), built in code. The generate engine of a later issue will replace this file."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

SDXL_GRID = 8  # the `noise` node's multiple_of for SD-1/SDXL
MIN_SIDE = SDXL_GRID  # the node only asks for a positive multiple of 8 (as published)
SEED_MAX = 2**32 - 1  # InvokeAI's SEED_MAX (uint32)

# The bundled published workflow's defaults (also the web UI's).
DEFAULT_STEPS = 30
DEFAULT_CFG_SCALE = 7.5
DEFAULT_SCHEDULER = "dpmpp_3m_k"


def round_side(pixels: int) -> int:
    """The nearest side the server accepts: a positive multiple of 8 (ties to even, as published)."""
    return max(MIN_SIDE, int(round(int(pixels) / SDXL_GRID)) * SDXL_GRID)


@dataclass
class SdxlT2iRequest:
    """One SDXL text-to-image generation; `model` is the model's identifier dict."""

    model: dict[str, Any]
    positive_prompt: str
    negative_prompt: str
    width: int
    height: int
    steps: int = DEFAULT_STEPS
    cfg_scale: float = DEFAULT_CFG_SCALE
    scheduler: str = DEFAULT_SCHEDULER
    seed: int = field(default_factory=lambda: random.randint(0, SEED_MAX))
    board_id: str = "none"  # a board id, or "none" for uncategorized


def _edge(source: str, source_field: str, destination: str, destination_field: str) -> dict:
    return {"source": {"node_id": source, "field": source_field},
            "destination": {"node_id": destination, "field": destination_field}}


def sdxl_t2i_graph(request: SdxlT2iRequest) -> dict:
    """The graph: one non-intermediate l2i ("sdxl_output") saves the image with its metadata."""
    r = request
    output: dict[str, Any] = {"type": "l2i", "fp32": True, "is_intermediate": False, "use_cache": False}
    if r.board_id and r.board_id != "none":
        output["board"] = {"board_id": r.board_id}
    nodes = {
        "model_loader": {"type": "sdxl_model_loader", "model": r.model},
        "positive_prompt": {"type": "string", "value": r.positive_prompt},
        "negative_prompt": {"type": "string", "value": r.negative_prompt},
        "pos_cond": {"type": "sdxl_compel_prompt"},
        "pos_cond_collect": {"type": "collect"},
        "neg_cond": {"type": "sdxl_compel_prompt"},
        "neg_cond_collect": {"type": "collect"},
        "seed": {"type": "integer", "value": r.seed},
        "noise": {"type": "noise", "use_cpu": True, "width": r.width, "height": r.height},
        "denoise_latents": {"type": "denoise_latents", "cfg_scale": r.cfg_scale, "cfg_rescale_multiplier": 0,
                            "scheduler": r.scheduler, "steps": r.steps, "denoising_start": 0, "denoising_end": 1},
        "core_metadata": {"type": "core_metadata", "generation_mode": "sdxl_txt2img", "model": r.model,
                          "width": r.width, "height": r.height, "steps": r.steps, "cfg_scale": r.cfg_scale,
                          "cfg_rescale_multiplier": 0, "scheduler": r.scheduler, "rand_device": "cpu"},
        "sdxl_output": output,
    }
    edges = [
        _edge("model_loader", "unet", "denoise_latents", "unet"),
        _edge("model_loader", "vae", "sdxl_output", "vae"),
        *[_edge("model_loader", clip, cond, clip) for clip in ("clip", "clip2") for cond in ("pos_cond", "neg_cond")],
        *[_edge(prompt, "value", cond, slot) for prompt, cond in (("positive_prompt", "pos_cond"),
                                                                  ("negative_prompt", "neg_cond"))
          for slot in ("prompt", "style")],  # SDXL: the style prompt is the prompt, as in the web UI
        _edge("pos_cond", "conditioning", "pos_cond_collect", "item"),
        _edge("neg_cond", "conditioning", "neg_cond_collect", "item"),
        _edge("pos_cond_collect", "collection", "denoise_latents", "positive_conditioning"),
        _edge("neg_cond_collect", "collection", "denoise_latents", "negative_conditioning"),
        _edge("seed", "value", "noise", "seed"),
        _edge("noise", "noise", "denoise_latents", "noise"),
        _edge("denoise_latents", "latents", "sdxl_output", "latents"),
        _edge("seed", "value", "core_metadata", "seed"),
        _edge("positive_prompt", "value", "core_metadata", "positive_prompt"),
        _edge("negative_prompt", "value", "core_metadata", "negative_prompt"),
        _edge("core_metadata", "metadata", "sdxl_output", "metadata"),
    ]
    return {"id": "quick-sdxl-t2i", "nodes": {nid: {"id": nid, **node} for nid, node in nodes.items()},
            "edges": edges}


def sdxl_t2i_body(request: SdxlT2iRequest) -> dict:
    """The enqueue_batch body for one run of the graph."""
    return {"prepend": False, "batch": {"graph": sdxl_t2i_graph(request), "runs": 1,
                                        "origin": "invokeai-tui", "destination": "gallery"}}
