"""Z-Image (`GEN/buildZImageGraph.ts`, `addZImageLoRAs.ts`; reference §2.7, §3)."""

from __future__ import annotations

from ..graph import Graph
from ..params import GenerateParams, ModelRef
from .common import BuildContext, BuildError, BuiltGraph, finalize_output
from .img2img import add_text_or_image_to_image
from .loras import add_lora_collection, enabled_loras
from .models import identifier_or_none, installed, is_pipeline, model_of_bases, set_models
from .transformer_common import add_negative_encoder

FLUX_VAE_BASES = ("flux", "flux2")  # Z-Image decodes with the FLUX VAE (`isFluxVAEModelConfig`)
ANIMA_QWEN3_VARIANT = "qwen3_06b"  # the 0.6B encoder is Anima's, never Z-Image's


def z_image_components(params: GenerateParams, context: BuildContext) -> tuple[ModelRef | None, ModelRef | None,
                                                                              ModelRef | None]:
    """(VAE, Qwen3 encoder, Qwen3 source). As `modelSelected` does when the slots make no valid set: a
    diffusers Z-Image of the same variant is the source (the main model itself when it is diffusers),
    else the first Qwen3 encoder and FLUX VAE installed."""
    assert params.model is not None
    model = params.model
    vae = model_of_bases(params.vae, FLUX_VAE_BASES)
    encoder = params.qwen3_encoder if params.qwen3_encoder and params.qwen3_encoder.variant != ANIMA_QWEN3_VARIANT \
        else None
    source = params.qwen3_source
    if source or (vae and encoder):
        return vae, encoder, source
    diffusers = ([model] if is_pipeline(model) else []) + [
        m for m in installed(context, type="main", bases=("z-image",)) if is_pipeline(m) and m.key != model.key]
    if diffusers:
        same_variant = [m for m in diffusers if model.variant and m.variant == model.variant]
        return vae, encoder, (same_variant or diffusers)[0]
    encoders = installed(context, type="qwen3_encoder", not_variant=ANIMA_QWEN3_VARIANT)
    vaes = installed(context, type="vae", bases=FLUX_VAE_BASES)
    if encoders and vaes:
        return vae or vaes[0], encoder or encoders[0], None
    return vae, encoder, None


def build_z_image_graph(params: GenerateParams, context: BuildContext) -> BuiltGraph:
    assert params.model is not None
    model = params.model
    vae, encoder, source = z_image_components(params, context)
    # An SDNQ pipeline carries its own VAE and Qwen3 encoder (`isSelfContainedSDNQPipeline`).
    self_contained = model.format == "sdnq_quantized" and is_pipeline(model)
    if not (self_contained or vae or source):
        raise BuildError("Z-Image needs a VAE: choose a FLUX VAE or a Qwen3 source model (a diffusers Z-Image).")
    if not (self_contained or encoder or source):
        raise BuildError("Z-Image needs a Qwen3 text encoder: choose a Qwen3 encoder or a Qwen3 source model "
                         "(a diffusers Z-Image).")
    cfg = params.cfg_scale
    negative_text = params.negative_or_empty

    g = Graph("z_image_graph")
    loader = g.add_node("z_image_model_loader", "z_image_model_loader", model=model.identifier(),
                        **set_models(vae_model=vae, qwen3_encoder_model=encoder, qwen3_source_model=source))
    positive = g.add_node("positive_prompt", "string")
    pos_cond = g.add_node("pos_prompt", "z_image_text_encoder")
    pos_collect = g.add_node("pos_cond_collect", "collect")
    seed = g.add_node("seed", "integer")
    denoise_fields = {"guidance_scale": cfg, "steps": params.steps, "scheduler": params.z_image_scheduler}
    if params.z_image_shift is not None:  # omitted: the server computes it from the size
        denoise_fields["shift"] = params.z_image_shift
    denoise = g.add_node("denoise_latents", "z_image_denoise", **denoise_fields)
    decoder = g.add_node("l2i", "z_image_l2i")

    g.add_edge(loader, "transformer", denoise, "transformer")
    g.add_edge(loader, "qwen3_encoder", pos_cond, "qwen3_encoder")
    g.add_edge(loader, "vae", decoder, "vae")
    g.add_edge(loader, "vae", denoise, "vae")
    g.add_edge(positive, "value", pos_cond, "prompt")
    if params.z_image_seed_variance_enabled and params.z_image_seed_variance_strength > 0:
        enhancer = g.add_node("seed_variance_enhancer", "z_image_seed_variance_enhancer",
                              strength=params.z_image_seed_variance_strength,
                              randomize_percent=params.z_image_seed_variance_randomize_percent)
        g.add_edge(seed, "value", enhancer, "seed")
        g.add_edge(pos_cond, "conditioning", enhancer, "conditioning")
        g.add_edge(enhancer, "conditioning", pos_collect, "item")
    else:
        g.add_edge(pos_cond, "conditioning", pos_collect, "item")
    g.add_edge(pos_collect, "collection", denoise, "positive_conditioning")
    neg_cond = add_negative_encoder(g, params, encoder_type="z_image_text_encoder", encoder_field="qwen3_encoder",
                                    loader=loader, denoise=denoise, collect=True)
    g.add_edge(seed, "value", denoise, "seed")
    g.add_edge(denoise, "latents", decoder, "latents")

    add_lora_collection(g, enabled_loras(params.loras, "z-image"), loader_type="z_image_lora_collection_loader",
                        routes={"transformer": (loader, [denoise]),
                                "qwen3_encoder": (loader, [pos_cond, neg_cond])})

    g.upsert_metadata(cfg_scale=cfg, negative_prompt=negative_text, model=model.identifier(), steps=params.steps,
                      scheduler=params.z_image_scheduler, vae=identifier_or_none(vae),
                      qwen3_encoder=identifier_or_none(encoder), qwen3_source=identifier_or_none(source),
                      z_image_seed_variance_enabled=params.z_image_seed_variance_enabled,
                      z_image_seed_variance_strength=params.z_image_seed_variance_strength,
                      z_image_seed_variance_randomize_percent=params.z_image_seed_variance_randomize_percent,
                      # 'auto' survives the server's dropping of nulls; recall maps it back to None
                      z_image_shift=params.z_image_shift if params.z_image_shift is not None else "auto")
    g.metadata_edge(seed, "value", "seed")
    g.metadata_edge(positive, "value", "positive_prompt")

    mode = add_text_or_image_to_image(g, params, context, prefix="z_image_", encoder_type="z_image_i2l",
                                      vae_source=loader, denoise=denoise)
    finalize_output(g, decoder, params)
    return BuiltGraph(g, positive, seed, None, mode)
