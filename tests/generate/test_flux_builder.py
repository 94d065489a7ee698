"""The FLUX.1 builder (reference §2.4, §3): the reference's example, required encoders, self-contained
SDNQ pipelines, DyPE, LoRAs, image to image, the Fill and Kontext refusals."""

from __future__ import annotations

import pytest

from invokeai_tui.generate import BuildContext, BuildError, GenerateParams, LoraParam, build_graph
from tests.generate.builder_support import edges, graph_of, metadata, model, node_of, nodes_of, reference_example
from tests.support.graph_compare import assert_same_graph

FLUX = model("flux-dev", "flux", name="FLUX.1 dev", variant="dev", format="checkpoint")
T5 = model("t5", "any", "t5_encoder", name="t5 bnb")
CLIP = model("clip-l", "any", "clip_embed", name="clip-vit-l")
VAE = model("flux-vae", "flux", "vae", name="FLUX.1 VAE")
SDNQ_PARTS = {"transformer": {}, "vae": {}, "text_encoder": {}, "tokenizer": {}, "text_encoder_2": {}, "tokenizer_2": {}}


def params(**values) -> GenerateParams:
    return GenerateParams(**{"model": FLUX, "width": 1024, "height": 1024, "t5_encoder": T5, "clip_embed": CLIP,
                             "vae": VAE, **values})


def test_default_parameters_give_the_reference_example():
    built = build_graph(params())
    expected = reference_example("flux", {"<MAIN>": FLUX, "<T5>": T5, "<CLIP_L>": CLIP, "<VAE>": VAE})
    assert_same_graph(built.graph.to_dict(), expected)
    assert built.negative_prompt_node is None and built.generation_mode == "flux_txt2img"


@pytest.mark.parametrize(("missing", "named"), [
    ({"t5_encoder": None}, "choose a T5 encoder."),
    ({"clip_embed": None, "vae": None}, "choose a CLIP embed model and a FLUX VAE."),
    ({"vae": model("sd1-vae", "sd-1", "vae")}, "choose a FLUX VAE."),
])
def test_missing_components_are_named(missing, named):
    with pytest.raises(BuildError, match="FLUX.1 models need a T5 encoder") as raised:
        build_graph(params(**missing))
    assert str(raised.value).endswith(named)


def test_a_self_contained_sdnq_pipeline_needs_no_components():
    sdnq = model("flux-sdnq", "flux", format="sdnq_quantized", submodels=SDNQ_PARTS)
    graph = graph_of(params(model=sdnq, t5_encoder=None, clip_embed=None, vae=None))
    assert set(node_of(graph, "flux_model_loader")) == {"id", "type", "model", "is_intermediate", "use_cache"}
    assert not {"vae", "t5_encoder", "clip_embed_model"} & set(metadata(graph))
    partial = model("flux-sdnq", "flux", format="sdnq_quantized", submodels={**SDNQ_PARTS, "tokenizer_2": None})
    with pytest.raises(BuildError):
        build_graph(params(model=partial, t5_encoder=None))


def test_dype_fields_always_go_to_the_denoiser_and_to_metadata_only_when_on():
    off = graph_of(params(dype_scale=3.0))
    assert node_of(off, "flux_denoise")["dype_scale"] == 3.0
    assert metadata(off)["dype_preset"] == "off" and "dype_scale" not in metadata(off)
    manual = metadata(graph_of(params(dype_preset="manual", dype_scale=3.0, dype_exponent=1.5)))
    assert (manual["dype_preset"], manual["dype_scale"], manual["dype_exponent"]) == ("manual", 3.0, 1.5)


def test_flux_loras_go_through_the_flux_collection_loader():
    lora = model("flux-lora", "flux", "lora")
    graph = graph_of(params(loras=[LoraParam(model=lora, weight=1.0), LoraParam(model=model("x", "sdxl", "lora"))]))
    assert [n["lora"]["key"] for n in nodes_of(graph, "lora_selector")] == ["flux-lora"]
    assert {("flux_model_loader", f, "flux_lora_collection_loader", f) for f in ("transformer", "clip", "t5_encoder")} \
        | {("flux_lora_collection_loader", "transformer", "flux_denoise", "transformer"),
           ("flux_lora_collection_loader", "clip", "flux_text_encoder", "clip"),
           ("flux_lora_collection_loader", "t5_encoder", "flux_text_encoder", "t5_encoder")} <= edges(graph)
    assert ("flux_model_loader", "transformer", "flux_denoise", "transformer") not in edges(graph)
    assert metadata(graph)["loras"] == [{"model": lora.identifier(), "weight": 1.0}]


def test_image_to_image_uses_the_flux_vae_encoder():
    graph = graph_of(params(init_image="init.png", strength=0.75), BuildContext(init_image_size=(768, 512)))
    assert node_of(graph, "flux_vae_encode")["image"] == {"image_name": "init.png"}
    assert {("flux_model_loader", "vae", "flux_vae_encode", "vae"),
            ("flux_vae_encode", "latents", "flux_denoise", "latents")} <= edges(graph)
    denoise = node_of(graph, "flux_denoise")
    assert denoise["denoising_start"] == pytest.approx(0.0559, abs=1e-4)
    assert (denoise["width"], denoise["height"]) == (768, 512)
    assert metadata(graph)["generation_mode"] == "flux_img2img" and "width" not in metadata(graph)


def test_fill_and_kontext_image_to_image_are_refused():
    with pytest.raises(BuildError, match="FLUX Fill"):
        build_graph(params(model=model("fill", "flux", variant="dev_fill")))
    kontext = model("kontext", "flux", name="FLUX.1 Kontext dev")
    assert build_graph(params(model=kontext)).generation_mode == "flux_txt2img"
    with pytest.raises(BuildError, match="Kontext"):
        build_graph(params(model=kontext, init_image="init.png"))
