"""ERNIE-Image and Ideogram 4, the two text-to-image-only bases (`GEN/buildErnieImageGraph.ts`,
`GEN/buildIdeogram4Graph.ts`; reference §2.9, §2.11). Neither wires LoRAs nor takes an init image."""

from __future__ import annotations

from ..graph import Graph
from ..params import GenerateParams
from .common import BuildContext, BuildError, BuiltGraph, finalize_output
from .img2img import add_text_to_image
from .transformer_common import add_negative_encoder
def build_ernie_image_graph(params: GenerateParams, context: BuildContext) -> BuiltGraph:
    assert params.model is not None
    if params.init_image:
        raise BuildError("ERNIE-Image makes images from text only: remove the init image.")
    cfg = params.cfg_scale
    use_enhancer = params.ernie_use_prompt_enhancer

    g = Graph("ernie_image_graph")
    loader = g.add_node("ernie_image_model_loader", "ernie_image_model_loader", model=params.model.identifier(),
                        use_prompt_enhancer=use_enhancer)
    positive = g.add_node("positive_prompt", "string")
    pos_cond = g.add_node("pos_prompt", "ernie_image_text_encoder")
    enhancer = None
    if use_enhancer:  # it rewrites the prompt for the output's aspect ratio, so it gets the size
        enhancer = g.add_node("prompt_enhancer", "ernie_image_prompt_enhancer", width=params.width,
                              height=params.height)
    seed = g.add_node("seed", "integer")
    denoise = g.add_node("denoise_latents", "ernie_image_denoise", guidance_scale=cfg, steps=params.steps,
                         scheduler=params.ernie_scheduler)
    decoder = g.add_node("l2i", "ernie_image_vae_decode")

    g.add_edge(loader, "transformer", denoise, "transformer")
    g.add_edge(loader, "text_encoder", pos_cond, "text_encoder")
    g.add_edge(loader, "vae", decoder, "vae")
    if enhancer:
        g.add_edge(loader, "prompt_enhancer", enhancer, "prompt_enhancer")
        g.add_edge(positive, "value", enhancer, "prompt")
        g.add_edge(enhancer, "value", pos_cond, "prompt")
    else:
        g.add_edge(positive, "value", pos_cond, "prompt")
    g.add_edge(pos_cond, "conditioning", denoise, "positive_conditioning")
    # the web UI hides ERNIE's negative box but still sends the stored negative with CFG
    add_negative_encoder(g, params, encoder_type="ernie_image_text_encoder", encoder_field="text_encoder",
                         loader=loader, denoise=denoise)
    g.add_edge(seed, "value", denoise, "seed")
    g.add_edge(denoise, "latents", decoder, "latents")

    g.upsert_metadata(cfg_scale=cfg, negative_prompt=params.negative_or_empty, model=params.model.identifier(),
                      steps=params.steps, scheduler=params.ernie_scheduler,
                      ernie_image_use_prompt_enhancer=use_enhancer)
    g.metadata_edge(seed, "value", "seed")
    g.metadata_edge(positive, "value", "positive_prompt")
    add_text_to_image(g, params, denoise)
    g.upsert_metadata(generation_mode="ernie_image_txt2img")
    finalize_output(g, decoder, params)
    return BuiltGraph(g, positive, seed, None, "ernie_image_txt2img")


def build_ideogram4_graph(params: GenerateParams, context: BuildContext) -> BuiltGraph:
    """The prompt node `ideogram4_prompt` holds the raw prompt inline (the batch datum still sets it); a
    caption builder turns it into the structured caption the encoder takes, recorded in metadata."""
    assert params.model is not None
    if params.init_image:
        raise BuildError("Ideogram 4 makes images from text only: remove the init image.")
    g = Graph("ideogram4_graph")
    loader = g.add_node("ideogram4_model_loader", "ideogram4_model_loader", model=params.model.identifier())
    prompt = g.add_node("ideogram4_prompt", "string", value=params.positive_prompt)
    palette = list(params.ideogram4_color_palette)
    caption = g.add_node("ideogram4_caption_builder", "ideogram4_caption_builder", regions=[], color_palette=palette)
    encoder = g.add_node("ideogram4_text_encoder", "ideogram4_text_encoder")
    seed = g.add_node("seed", "integer")
    overrides = {"steps": params.ideogram4_steps, "guidance_scale": params.ideogram4_guidance_scale,
                 "mu": params.ideogram4_mu}
    denoise = g.add_node("ideogram4_denoise", "ideogram4_denoise", sampler_preset=params.ideogram4_sampler_preset,
                         **{k: v for k, v in overrides.items() if v is not None},
                         width=params.width, height=params.height)
    decoder = g.add_node("ideogram4_l2i", "ideogram4_l2i")

    g.add_edge(loader, "transformer", denoise, "transformer")
    g.add_edge(loader, "qwen3_encoder", encoder, "qwen3_encoder")
    g.add_edge(loader, "vae", decoder, "vae")
    g.add_edge(prompt, "value", caption, "prompt")
    g.add_edge(caption, "value", encoder, "prompt")
    g.add_edge(encoder, "conditioning", denoise, "positive_conditioning")
    g.add_edge(seed, "value", denoise, "seed")
    g.add_edge(denoise, "latents", decoder, "latents")

    # 'auto' for an unset override survives the server's dropping of nulls; recall maps it back
    g.upsert_metadata(model=params.model.identifier(), ideogram4_sampler_preset=params.ideogram4_sampler_preset,
                      **{f"ideogram4_{k}": "auto" if v is None else v for k, v in overrides.items()},
                      ideogram4_color_palette=palette, width=params.width, height=params.height,
                      generation_mode="ideogram4_txt2img")
    g.metadata_edge(caption, "value", "ideogram4_caption")
    g.metadata_edge(seed, "value", "seed")
    g.metadata_edge(prompt, "value", "positive_prompt")
    finalize_output(g, decoder, params)
    return BuiltGraph(g, prompt, seed, None, "ideogram4_txt2img")
