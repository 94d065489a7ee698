"""The SD-3 and CogView4 builders (reference §2.3, §2.6, §3): the reference's examples, the optional
SD-3 models, CogView4's inline negative, image to image."""

from __future__ import annotations

import pytest

from invokeai_tui.generate import BuildContext, GenerateParams, LoraParam, build_graph, enqueue_body
from tests.generate.builder_support import by_prefix, edges, graph_of, metadata, model, node_of, nodes_of
from tests.generate.builder_support import reference_example
from tests.support.graph_compare import assert_same_graph

SD3 = model("sd3-main", "sd-3", name="SD3.5 Medium")
COGVIEW4 = model("cog-main", "cogview4", name="CogView4")


def test_sd3_default_parameters_give_the_reference_example():
    built = build_graph(GenerateParams(model=SD3, width=1024, height=1024))
    assert_same_graph(built.graph.to_dict(), reference_example("sd-3", {"<MAIN>": SD3}))
    assert built.negative_prompt_node and built.generation_mode == "sd3_txt2img"


def test_sd3_sends_the_chosen_models_and_ignores_loras_scheduler_and_another_bases_vae():
    t5, clip_l, clip_g = model("t5", "any", "t5_encoder"), model("cl", "any", "clip_embed"), model("cg", "any", "clip_embed")
    vae = model("sd3-vae", "sd-3", "vae")
    graph = graph_of(GenerateParams(model=SD3, t5_encoder=t5, clip_l=clip_l, clip_g=clip_g, vae=vae, scheduler="euler",
                                    loras=[LoraParam(model=model("l", "sd-3", "lora"))]))
    loader = node_of(graph, "sd3_model_loader")
    assert [loader[f]["key"] for f in ("t5_encoder_model", "clip_l_model", "clip_g_model", "vae_model")] \
        == ["t5", "cl", "cg", "sd3-vae"]
    assert metadata(graph)["vae"] == vae.identifier() and "scheduler" not in metadata(graph)
    assert not nodes_of(graph, "lora_selector") and "scheduler" not in node_of(graph, "sd3_denoise")
    other = graph_of(GenerateParams(model=SD3, vae=model("xl-vae", "sdxl", "vae")))
    assert node_of(other, "sd3_model_loader")["vae_model"] is None and "vae" not in metadata(other)


def test_sd3_image_to_image_uses_the_optimized_strength():
    graph = graph_of(GenerateParams(model=SD3, init_image="init.png", strength=0.75), BuildContext(init_image_size=(640, 480)))
    node_of(graph, "sd3_i2l")
    assert {("sd3_model_loader", "vae", "sd3_i2l", "vae"), ("sd3_i2l", "latents", "sd3_denoise", "latents")} <= edges(graph)
    denoise = node_of(graph, "sd3_denoise")
    assert denoise["denoising_start"] == pytest.approx(1 - 0.75 ** 0.2) and denoise["denoising_end"] == 1
    assert (denoise["width"], denoise["height"]) == (640, 480)
    assert metadata(graph)["generation_mode"] == "sd3_img2img" and "width" not in metadata(graph)
    plain = graph_of(GenerateParams(model=SD3, init_image="init.png", strength=0.75, optimized_denoising=False))
    assert node_of(plain, "sd3_denoise")["denoising_start"] == pytest.approx(0.25)


def test_cogview4_example_values_give_the_reference_example():
    built = build_graph(GenerateParams(model=COGVIEW4, width=1024, height=1024, cfg_scale=3.5, steps=25))
    assert_same_graph(built.graph.to_dict(), reference_example("cogview4", {"<MAIN>": COGVIEW4}))
    assert built.negative_prompt_node is None and built.generation_mode == "cogview4_txt2img"


def test_cogview4_negative_is_inline_and_not_in_the_batch_data():
    params = GenerateParams(model=COGVIEW4, negative_prompt="blurry", iterations=2, seed=5, random_seed=False)
    built = build_graph(params)
    graph = built.graph.to_dict()
    assert by_prefix(graph, "neg_prompt")["prompt"] == "blurry" and metadata(graph)["negative_prompt"] == "blurry"
    assert not any(i.startswith("negative_prompt:") for i in graph["nodes"])
    data = enqueue_body(built, params, ["a cat"], start_seed=5)["batch"]["data"]
    assert [[d["node_path"].split(":")[0] for d in group] for group in data] == [["seed"], ["positive_prompt"]]


def test_cogview4_image_to_image():
    graph = graph_of(GenerateParams(model=COGVIEW4, init_image="init.png", strength=0.6),
                     BuildContext(init_image_size=(1024, 768)))
    assert node_of(graph, "cogview4_i2l")["image"] == {"image_name": "init.png"}
    assert ("cogview4_model_loader", "vae", "cogview4_i2l", "vae") in edges(graph)
    denoise = node_of(graph, "cogview4_denoise")
    assert denoise["denoising_start"] == pytest.approx(0.4) and (denoise["width"], denoise["height"]) == (1024, 768)
    assert metadata(graph)["generation_mode"] == "cogview4_img2img"
