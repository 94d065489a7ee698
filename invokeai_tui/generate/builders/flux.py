"""FLUX.1 (`GEN/buildFLUXGraph.ts`, `addFLUXLoRAs.ts`; reference §2.4, §3).

`flux_model_loader` with the T5 encoder, CLIP embed model and FLUX VAE (required unless the main model
is a self-contained SDNQ pipeline), `flux_text_encoder`, `flux_denoise` with guidance and the DyPE
fields always, `flux_vae_decode`. No negative prompt, no CFG."""

from __future__ import annotations

from ..graph import Graph
from ..params import GenerateParams, ModelRef
from .common import BuildContext, BuildError, BuiltGraph, add_prompt_and_seed, finalize_output
from .img2img import add_text_or_image_to_image
from .loras import add_lora_collection, enabled_loras
from .models import SDNQ_PIPELINE_SUBMODELS, is_sdnq_pipeline, model_of_bases

# `SDNQ_FLUX1_PIPELINE_REQUIRED_SUBMODELS`: FLUX.1 also needs the T5 pair.
SDNQ_FLUX1_SUBMODELS = (*SDNQ_PIPELINE_SUBMODELS, "text_encoder_2", "tokenizer_2")


def is_self_contained_flux1(model: ModelRef) -> bool:
    """`isSelfContainedSDNQFlux1Pipeline`: the pipeline supplies T5, CLIP and VAE itself."""
    return is_sdnq_pipeline(model, SDNQ_FLUX1_SUBMODELS)


def build_flux_graph(params: GenerateParams, context: BuildContext) -> BuiltGraph:
    assert params.model is not None
    model = params.model
    check_flux_mode(params)
    self_contained = is_self_contained_flux1(model)
    vae = model_of_bases(params.vae, ("flux",))
    if not self_contained:
        _require_components(params, vae)
    g = Graph("flux_graph")
    positive, _, seed = add_prompt_and_seed(g, params, negative=False)
    decoder = g.add_node("flux_vae_decode", "flux_vae_decode")
    components = {} if self_contained else {
        "t5_encoder_model": params.t5_encoder.identifier(),  # type: ignore[union-attr]
        "clip_embed_model": params.clip_embed.identifier(),  # type: ignore[union-attr]
        "vae_model": vae.identifier()}  # type: ignore[union-attr]
    loader = g.add_node("flux_model_loader", "flux_model_loader", model=model.identifier(), **components)
    encoder = g.add_node("flux_text_encoder", "flux_text_encoder")
    denoise = g.add_node("flux_denoise", "flux_denoise", guidance=params.guidance, num_steps=params.steps,
                         scheduler=params.flux_scheduler, dype_preset=params.dype_preset,
                         dype_scale=params.dype_scale, dype_exponent=params.dype_exponent)
    pos_collect = g.add_node("pos_cond_collect", "collect")

    g.add_edge(loader, "clip", encoder, "clip")
    g.add_edge(loader, "t5_encoder", encoder, "t5_encoder")
    g.add_edge(loader, "max_seq_len", encoder, "t5_max_seq_len")
    g.add_edge(loader, "transformer", denoise, "transformer")
    g.add_edge(loader, "vae", denoise, "controlnet_vae")
    g.add_edge(loader, "vae", decoder, "vae")
    g.add_edge(positive, "value", encoder, "prompt")
    g.add_edge(encoder, "conditioning", pos_collect, "item")
    g.add_edge(pos_collect, "collection", denoise, "positive_text_conditioning")
    g.add_edge(seed, "value", denoise, "seed")
    g.add_edge(denoise, "latents", decoder, "latents")

    dype_on = params.dype_preset != "off"  # scale and exponent are recorded only with a preset
    g.upsert_metadata(guidance=params.guidance, model=model.identifier(), steps=params.steps,
                      scheduler=params.flux_scheduler, dype_preset=params.dype_preset,
                      dype_scale=params.dype_scale if dype_on else None,
                      dype_exponent=params.dype_exponent if dype_on else None,
                      vae=vae.identifier() if vae else None,
                      t5_encoder=params.t5_encoder.identifier() if params.t5_encoder else None,
                      clip_embed_model=params.clip_embed.identifier() if params.clip_embed else None)
    g.metadata_edge(seed, "value", "seed")
    g.metadata_edge(positive, "value", "positive_prompt")
    add_lora_collection(g, enabled_loras(params.loras, "flux"), loader_type="flux_lora_collection_loader",
                        routes={"transformer": (loader, [denoise]), "clip": (loader, [encoder]),
                                "t5_encoder": (loader, [encoder])})
    mode = add_text_or_image_to_image(g, params, context, prefix="flux_", encoder_type="flux_vae_encode",
                                      vae_source=loader, denoise=denoise)
    g.upsert_metadata(ref_images=[])  # `addIPAdapters` merges the (here: no) reference images
    finalize_output(g, decoder, params)
    return BuiltGraph(g, positive, seed, None, mode)


def check_flux_mode(params: GenerateParams) -> None:
    """FLUX Fill makes garbage in text/image to image, and a Kontext model (by name, FLUX.1 or FLUX.2) does
    text to image only: the web UI refuses both (`UnsupportedGenerationModeError`)."""
    assert params.model is not None
    if params.model.variant == "dev_fill":
        raise BuildError(f"{params.model.name} is a FLUX Fill model: it only inpaints or outpaints, which is "
                         "done on the canvas; choose another FLUX model.")
    if params.init_image and "kontext" in params.model.name.lower():
        raise BuildError(f"{params.model.name} is a FLUX Kontext model: it does text to image only; "
                         "remove the init image.")


def _require_components(params: GenerateParams, vae: ModelRef | None) -> None:
    missing = [name for name, model in (("a T5 encoder", params.t5_encoder), ("a CLIP embed model", params.clip_embed),
                                        ("a FLUX VAE", vae)) if model is None]
    if missing:
        listed = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " and " + missing[-1]
        raise BuildError(f"FLUX.1 models need a T5 encoder, a CLIP embed model and a FLUX VAE: choose {listed}.")
