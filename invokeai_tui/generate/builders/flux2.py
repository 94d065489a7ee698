"""FLUX.2 Klein and [dev] (`GEN/buildFLUXGraph.ts`'s FLUX.2 branches, `addFlux2KleinLoRAs.ts`,
`addFlux2DevLoRAs.ts`; reference §2.5, §3). The main model's variant chooses: "dev" is [dev] (Mistral
encoder, guidance), anything else Klein (Qwen3 encoder, no guidance). Graph id prefix `flux_graph` as
FLUX.1's; `flux2_denoise`, `flux2_vae_decode`; no negative prompt, no CFG."""

from __future__ import annotations

from dataclasses import dataclass

from ..graph import Graph
from ..params import GenerateParams, LoraParam, ModelRef
from .common import BuildContext, BuiltGraph, add_prompt_and_seed, finalize_output
from .flux import check_flux_mode
from .img2img import add_text_or_image_to_image
from .loras import add_lora_collection, enabled_loras
from .models import installed, is_pipeline, model_of_bases, set_models

# `KLEIN_TO_QWEN3_VARIANT_MAP` (`features/parameters/util/flux2Klein.ts`): Klein variants that share a Qwen3.
KLEIN_TO_QWEN3_VARIANT = {"klein_4b": "qwen3_4b", "klein_4b_base": "qwen3_4b",
                          "klein_9b": "qwen3_8b", "klein_9b_base": "qwen3_8b"}


@dataclass(frozen=True)
class Flux2Family:
    """The node types and fields that differ between Klein and [dev]."""

    name: str
    loader_type: str
    encoder_type: str
    encoder_field: str  # the loader's text encoder output, the text encoder's input
    source_field: str  # the loader's input for a model to take missing components from
    lora_loader_type: str
    guidance: bool


KLEIN = Flux2Family("klein", "flux2_klein_model_loader", "flux2_klein_text_encoder", "qwen3_encoder",
                    "qwen3_source_model", "flux2_klein_lora_collection_loader", guidance=False)
DEV = Flux2Family("dev", "flux2_dev_model_loader", "flux2_dev_text_encoder", "mistral_encoder",
                  "mistral_source_model", "flux2_dev_lora_collection_loader", guidance=True)


def is_flux2_dev(model: ModelRef) -> bool:
    return model.variant == "dev"


def build_flux2_graph(params: GenerateParams, context: BuildContext) -> BuiltGraph:
    assert params.model is not None
    model = params.model
    check_flux_mode(params)  # the web UI's FLUX builder checks FLUX.2 models the same way
    family = DEV if is_flux2_dev(model) else KLEIN
    g = Graph("flux_graph")
    positive, _, seed = add_prompt_and_seed(g, params, negative=False)
    decoder = g.add_node("flux2_vae_decode", "flux2_vae_decode")
    vae = model_of_bases(params.vae, ("flux2",))
    text_encoder_model = params.mistral_encoder if family is DEV else params.qwen3_encoder
    loader = g.add_node(family.loader_type, family.loader_type, model=model.identifier(),
                        **_loader_components(params, context, family, vae, text_encoder_model))
    encoder = g.add_node(family.encoder_type, family.encoder_type)
    guidance = {"guidance": params.guidance} if family.guidance else {}
    denoise = g.add_node("flux2_denoise", "flux2_denoise", **guidance, num_steps=params.steps,
                         scheduler=params.flux_scheduler)
    pos_collect = g.add_node("pos_cond_collect", "collect")

    g.add_edge(loader, family.encoder_field, encoder, family.encoder_field)
    g.add_edge(loader, "max_seq_len", encoder, "max_seq_len")
    g.add_edge(loader, "transformer", denoise, "transformer")
    g.add_edge(loader, "vae", denoise, "vae")  # the denoiser reads the VAE's statistics
    g.add_edge(loader, "vae", decoder, "vae")
    g.add_edge(positive, "value", encoder, "prompt")
    g.add_edge(encoder, "conditioning", pos_collect, "item")
    g.add_edge(pos_collect, "collection", denoise, "positive_text_conditioning")
    g.add_edge(seed, "value", denoise, "seed")
    g.add_edge(denoise, "latents", decoder, "latents")

    g.upsert_metadata(model=model.identifier(), steps=params.steps, scheduler=params.flux_scheduler,
                      **guidance, vae=vae.identifier() if vae else None,
                      **{family.encoder_field: text_encoder_model.identifier() if text_encoder_model else None})
    g.metadata_edge(seed, "value", "seed")
    g.metadata_edge(positive, "value", "positive_prompt")
    add_lora_collection(g, flux2_loras(params.loras, family), loader_type=family.lora_loader_type,
                        routes={"transformer": (loader, [denoise]), family.encoder_field: (loader, [encoder])})
    mode = add_text_or_image_to_image(g, params, context, prefix="flux2_", encoder_type="flux2_vae_encode",
                                      vae_source=loader, denoise=denoise)
    finalize_output(g, decoder, params)
    return BuiltGraph(g, positive, seed, None, mode)


def flux2_loras(loras: list[LoraParam], family: Flux2Family) -> list[LoraParam]:
    """Klein and [dev] LoRAs share the base but not the shapes: Klein takes any but [dev] LoRAs, [dev]
    only [dev] LoRAs or those of unknown variant."""
    base_loras = enabled_loras(loras, "flux2")
    if family is DEV:
        return [lora for lora in base_loras if lora.model.variant in (None, "dev")]
    return [lora for lora in base_loras if lora.model.variant != "dev"]


def _loader_components(params: GenerateParams, context: BuildContext, family: Flux2Family,
                       vae: ModelRef | None, text_encoder: ModelRef | None) -> dict:
    """The loader's optional models, omitted when unset. A single-file main model lacking the VAE or the
    text encoder gets a source: an installed diffusers FLUX.2 model the loader takes them from (for Klein,
    a chosen FLUX.2 `qwen3_source` first; the web UI has no such choice and always picks one itself)."""
    assert params.model is not None
    source = None
    if params.model.format != "diffusers" and (vae is None or text_encoder is None):
        if family is DEV:
            source = next(iter(installed(context, type="main", bases=("flux2",), format="diffusers", variant="dev")),
                          None)
        else:
            source = model_of_bases(params.qwen3_source, ("flux2",)) or _klein_qwen3_source(
                params.model, context.models, encoder_set=text_encoder is not None)
    fields = {"vae_model": vae, f"{family.encoder_field}_model": text_encoder, family.source_field: source}
    return set_models(**fields)


def _klein_qwen3_source(model: ModelRef, models: list[ModelRef], *, encoder_set: bool) -> ModelRef | None:
    """A diffusers FLUX.2 model whose Klein variant shares the main model's Qwen3; when only the VAE is
    missing (the encoder is set), any diffusers FLUX.2 model."""
    diffusers = [m for m in models if _is_flux2_diffusers(m)]
    wanted = KLEIN_TO_QWEN3_VARIANT.get(model.variant or "")
    match = next((m for m in diffusers if wanted and KLEIN_TO_QWEN3_VARIANT.get(m.variant or "") == wanted), None)
    return match or (diffusers[0] if encoder_set and diffusers else None)


def _is_flux2_diffusers(model: ModelRef) -> bool:
    """`isFlux2DiffusersMainModelConfig`: a diffusers FLUX.2 main model, or a complete SDNQ pipeline."""
    return model.type == "main" and model.base == "flux2" and is_pipeline(model)
