"""SD-3 (`GEN/buildSD3Graph.ts`; reference §2.3, §3): `sd3_model_loader` with the four optional models
sent as null when unset (the loader then uses the main model's own submodels), two `sd3_text_encoder`s,
`sd3_denoise`, `sd3_l2i`. No scheduler, no LoRAs."""

from __future__ import annotations

from ..graph import Graph
from ..params import GenerateParams
from .common import BuildContext, BuiltGraph, add_prompt_and_seed, finalize_output
from .img2img import add_text_or_image_to_image
from .models import identifier_or_none, model_of_bases


def build_sd3_graph(params: GenerateParams, context: BuildContext) -> BuiltGraph:
    assert params.model is not None
    model = params.model
    g = Graph("sd3_graph")
    vae = model_of_bases(params.vae, (model.base,))
    loader = g.add_node("sd3_model_loader", "sd3_model_loader", model=model.identifier(),
                        t5_encoder_model=identifier_or_none(params.t5_encoder),
                        clip_l_model=identifier_or_none(params.clip_l), clip_g_model=identifier_or_none(params.clip_g),
                        vae_model=identifier_or_none(vae))
    positive, negative, seed = add_prompt_and_seed(g, params, negative=True)
    assert negative is not None
    pos_cond = g.add_node("pos_cond", "sd3_text_encoder")
    neg_cond = g.add_node("neg_cond", "sd3_text_encoder")
    denoise = g.add_node("sd3_denoise", "sd3_denoise", cfg_scale=params.cfg_scale, steps=params.steps)
    decoder = g.add_node("l2i", "sd3_l2i")

    g.add_edge(loader, "transformer", denoise, "transformer")
    for encoder in ("clip_l", "clip_g", "t5_encoder"):
        g.add_edge(loader, encoder, pos_cond, encoder)
        g.add_edge(loader, encoder, neg_cond, encoder)
    g.add_edge(loader, "vae", decoder, "vae")
    g.add_edge(positive, "value", pos_cond, "prompt")
    g.add_edge(negative, "value", neg_cond, "prompt")
    g.add_edge(pos_cond, "conditioning", denoise, "positive_conditioning")
    g.add_edge(neg_cond, "conditioning", denoise, "negative_conditioning")
    g.add_edge(seed, "value", denoise, "seed")
    g.add_edge(denoise, "latents", decoder, "latents")

    g.upsert_metadata(cfg_scale=params.cfg_scale, model=model.identifier(), steps=params.steps,
                      vae=identifier_or_none(vae))
    g.metadata_edge(seed, "value", "seed")
    g.metadata_edge(positive, "value", "positive_prompt")
    g.metadata_edge(negative, "value", "negative_prompt")
    mode = add_text_or_image_to_image(g, params, context, prefix="sd3_", encoder_type="sd3_i2l", vae_source=loader,
                                      denoise=denoise)
    finalize_output(g, decoder, params)
    return BuiltGraph(g, positive, seed, negative, mode)

