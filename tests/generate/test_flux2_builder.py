"""The FLUX.2 builder (reference §2.5, §3): Klein (the reference's example, the Qwen3 source the web UI
fills in, no guidance) and [dev] (guidance, the Mistral loader and encoder), LoRAs by variant, image to image."""

from __future__ import annotations

import pytest

from invokeai_tui.generate import BuildContext, BuildError, GenerateParams, LoraParam, build_graph
from tests.generate.builder_support import edges, graph_of, metadata, model, node_of, nodes_of, reference_example
from tests.support.graph_compare import assert_same_graph

KLEIN = model("klein-4b", "flux2", name="FLUX.2 Klein 4B", variant="klein_4b", format="diffusers")
KLEIN_GGUF = model("klein-gguf", "flux2", name="Klein 4B Q4", variant="klein_4b", format="gguf_quantized")
DEV = model("flux2-dev", "flux2", name="FLUX.2 dev", variant="dev", format="checkpoint")
QWEN3 = model("qwen3", "any", "qwen3_encoder", variant="qwen3_4b")
MISTRAL = model("mistral", "any", "mistral_encoder")
VAE = model("flux2-vae", "flux2", "vae")


def test_klein_example_values_give_the_reference_example():
    built = build_graph(GenerateParams(model=KLEIN, width=1024, height=1024, steps=4))
    assert_same_graph(built.graph.to_dict(), reference_example("flux2", {"<MAIN>": KLEIN}))
    assert built.negative_prompt_node is None and built.generation_mode == "flux2_txt2img"


def test_klein_sends_no_guidance_and_records_its_vae_and_encoder():
    graph = graph_of(GenerateParams(model=KLEIN, guidance=3.0, vae=VAE, qwen3_encoder=QWEN3))
    assert "guidance" not in node_of(graph, "flux2_denoise") and "guidance" not in metadata(graph)
    loader = node_of(graph, "flux2_klein_model_loader")
    assert (loader["vae_model"], loader["qwen3_encoder_model"]) == (VAE.identifier(), QWEN3.identifier())
    assert "qwen3_source_model" not in loader
    assert (metadata(graph)["vae"], metadata(graph)["qwen3_encoder"]) == (VAE.identifier(), QWEN3.identifier())
    other = graph_of(GenerateParams(model=KLEIN, vae=model("flux-vae", "flux", "vae")))
    assert "vae_model" not in node_of(other, "flux2_klein_model_loader") and "vae" not in metadata(other)


def klein_source(params: GenerateParams, installed: list) -> str | None:
    loader = node_of(graph_of(params, BuildContext(models=installed)), "flux2_klein_model_loader")
    return loader.get("qwen3_source_model", {}).get("key")


def test_a_single_file_klein_gets_a_qwen3_source_when_its_vae_or_encoder_is_unset():
    nine_b = model("klein-9b", "flux2", variant="klein_9b", format="diffusers")
    installed = [nine_b, KLEIN_GGUF, KLEIN, model("sdxl", "sdxl", format="diffusers")]
    assert klein_source(GenerateParams(model=KLEIN_GGUF), installed) == "klein-4b"  # the Qwen3-compatible one
    assert klein_source(GenerateParams(model=KLEIN_GGUF, qwen3_encoder=QWEN3), installed) == "klein-4b"
    # only the VAE missing: any diffusers FLUX.2 model will do
    assert klein_source(GenerateParams(model=KLEIN_GGUF, qwen3_encoder=QWEN3), [nine_b]) == "klein-9b"
    # the encoder missing and no compatible model: none (the loader reports it)
    assert klein_source(GenerateParams(model=KLEIN_GGUF, vae=VAE), [nine_b]) is None
    assert klein_source(GenerateParams(model=KLEIN_GGUF, vae=VAE, qwen3_encoder=QWEN3), installed) is None
    assert klein_source(GenerateParams(model=KLEIN), installed) is None  # a diffusers model carries both
    # a FLUX.2 source the user chose comes first (the web UI offers no such choice)
    assert klein_source(GenerateParams(model=KLEIN_GGUF, qwen3_source=nine_b), installed) == "klein-9b"


def test_dev_gets_guidance_the_mistral_loader_and_encoder():
    graph = graph_of(GenerateParams(model=DEV, guidance=3.5, steps=28, mistral_encoder=MISTRAL, vae=VAE))
    assert node_of(graph, "flux2_denoise")["guidance"] == 3.5 and metadata(graph)["guidance"] == 3.5
    loader = node_of(graph, "flux2_dev_model_loader")
    assert (loader["mistral_encoder_model"], loader["vae_model"]) == (MISTRAL.identifier(), VAE.identifier())
    node_of(graph, "flux2_dev_text_encoder")
    assert not nodes_of(graph, "flux2_klein_model_loader")
    assert {("flux2_dev_model_loader", "mistral_encoder", "flux2_dev_text_encoder", "mistral_encoder"),
            ("flux2_dev_model_loader", "max_seq_len", "flux2_dev_text_encoder", "max_seq_len"),
            ("flux2_dev_model_loader", "vae", "flux2_denoise", "vae"),
            ("flux2_dev_text_encoder", "conditioning", "pos_cond_collect", "item")} <= edges(graph)
    assert metadata(graph)["mistral_encoder"] == MISTRAL.identifier() and "qwen3_encoder" not in metadata(graph)


def test_a_single_file_dev_gets_a_diffusers_dev_model_as_mistral_source():
    dev_diffusers = model("dev-diffusers", "flux2", variant="dev", format="diffusers")
    graph = graph_of(GenerateParams(model=DEV), BuildContext(models=[KLEIN, dev_diffusers]))
    assert node_of(graph, "flux2_dev_model_loader")["mistral_source_model"] == dev_diffusers.identifier()
    alone = graph_of(GenerateParams(model=DEV), BuildContext(models=[KLEIN]))
    assert "mistral_source_model" not in node_of(alone, "flux2_dev_model_loader")


def lora(key: str, variant: str | None) -> LoraParam:
    return LoraParam(model=model(key, "flux2", "lora", variant=variant))


@pytest.mark.parametrize(("main", "loader_type", "encoder", "kept"), [
    (KLEIN, "flux2_klein_lora_collection_loader", ("flux2_klein_text_encoder", "qwen3_encoder"), ["klein", "unknown"]),
    (DEV, "flux2_dev_lora_collection_loader", ("flux2_dev_text_encoder", "mistral_encoder"), ["dev", "unknown"]),
])
def test_loras_are_chosen_by_variant(main, loader_type, encoder, kept):
    loras = [lora("klein", "klein_4b"), lora("dev", "dev"), lora("unknown", None),
             LoraParam(model=model("flux1", "flux", "lora"))]
    graph = graph_of(GenerateParams(model=main, loras=loras))
    assert [n["lora"]["key"] for n in nodes_of(graph, "lora_selector")] == kept
    encoder_type, field = encoder
    assert {(loader_type, "transformer", "flux2_denoise", "transformer"), (loader_type, field, encoder_type, field),
            ("lora_collector", "collection", loader_type, "loras")} <= edges(graph)


def test_image_to_image_uses_the_flux2_vae_encoder():
    graph = graph_of(GenerateParams(model=KLEIN, init_image="init.png", strength=0.5, optimized_denoising=False),
                     BuildContext(init_image_size=(512, 768)))
    assert node_of(graph, "flux2_vae_encode")["image"] == {"image_name": "init.png"}
    assert {("flux2_klein_model_loader", "vae", "flux2_vae_encode", "vae"),
            ("flux2_vae_encode", "latents", "flux2_denoise", "latents")} <= edges(graph)
    denoise = node_of(graph, "flux2_denoise")
    assert denoise["denoising_start"] == pytest.approx(0.5) and (denoise["width"], denoise["height"]) == (512, 768)
    assert metadata(graph)["generation_mode"] == "flux2_img2img" and "height" not in metadata(graph)


def test_a_kontext_model_does_text_to_image_only():
    kontext = model("kontext", "flux2", name="FLUX.2 Kontext test", variant="klein_4b", format="diffusers")
    assert build_graph(GenerateParams(model=kontext)).generation_mode == "flux2_txt2img"
    with pytest.raises(BuildError, match="Kontext"):
        build_graph(GenerateParams(model=kontext, init_image="init.png"))
