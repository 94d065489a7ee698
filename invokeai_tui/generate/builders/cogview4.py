"""CogView4 (`GEN/buildCogView4Graph.ts`; reference §2.6, §3): `cogview4_model_loader`, two
`cogview4_text_encoder`s, the negative one with its prompt inline (so there is no negative string node
and no negative batch datum), `cogview4_denoise`, `cogview4_l2i`. No scheduler, LoRAs or VAE."""

from __future__ import annotations

from ..graph import Graph
from ..params import GenerateParams
from .common import BuildContext, BuiltGraph, add_prompt_and_seed, finalize_output
from .img2img import add_text_or_image_to_image


def build_cogview4_graph(params: GenerateParams, context: BuildContext) -> BuiltGraph:
    assert params.model is not None
    model = params.model
    g = Graph("cogview4_graph")
    negative_prompt = params.negative_or_empty
    loader = g.add_node("cogview4_model_loader", "cogview4_model_loader", model=model.identifier())
    positive, _, seed = add_prompt_and_seed(g, params, negative=False)
    pos_cond = g.add_node("pos_prompt", "cogview4_text_encoder")
    neg_cond = g.add_node("neg_prompt", "cogview4_text_encoder", prompt=negative_prompt)
    denoise = g.add_node("denoise_latents", "cogview4_denoise", cfg_scale=params.cfg_scale, steps=params.steps)
    decoder = g.add_node("l2i", "cogview4_l2i")

    g.add_edge(loader, "transformer", denoise, "transformer")
    g.add_edge(loader, "glm_encoder", pos_cond, "glm_encoder")
    g.add_edge(loader, "glm_encoder", neg_cond, "glm_encoder")
    g.add_edge(loader, "vae", decoder, "vae")
    g.add_edge(positive, "value", pos_cond, "prompt")
    g.add_edge(pos_cond, "conditioning", denoise, "positive_conditioning")
    g.add_edge(neg_cond, "conditioning", denoise, "negative_conditioning")
    g.add_edge(seed, "value", denoise, "seed")
    g.add_edge(denoise, "latents", decoder, "latents")

    g.upsert_metadata(cfg_scale=params.cfg_scale, negative_prompt=negative_prompt, model=model.identifier(),
                      steps=params.steps)
    g.metadata_edge(seed, "value", "seed")
    g.metadata_edge(positive, "value", "positive_prompt")
    mode = add_text_or_image_to_image(g, params, context, prefix="cogview4_", encoder_type="cogview4_i2l",
                                      vae_source=loader, denoise=denoise)
    finalize_output(g, decoder, params)
    return BuiltGraph(g, positive, seed, None, mode)
