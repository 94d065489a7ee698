"""The SDXL builder (reference §2.2, §3): the reference's example, the refiner, LoRAs, VAE, seamless,
image to image."""

from __future__ import annotations

import pytest

from invokeai_tui.generate import BuildContext, BuildError, GenerateParams, LoraParam, build_graph
from invokeai_tui.generate.params import RefinerParams
from tests.generate.builder_support import by_prefix, edges, graph_of, metadata, model, node_of, nodes_of, output
from tests.generate.builder_support import reference_example
from tests.support.graph_compare import assert_same_graph

SDXL = model("sdxl-main", "sdxl", name="Juggernaut XL")
REFINER = model("refiner", "sdxl-refiner", name="SDXL Refiner")


def params(**values) -> GenerateParams:
    return GenerateParams(model=SDXL, width=1024, height=1024, **values)


def test_default_parameters_give_the_reference_example():
    built = build_graph(params())
    assert_same_graph(built.graph.to_dict(), reference_example("sdxl", {"<MAIN>": SDXL}))
    assert built.negative_prompt_node and built.seed_node and built.generation_mode == "sdxl_txt2img"


def test_clip_skip_is_ignored():
    graph = graph_of(params(clip_skip=2))
    assert_same_graph(graph, reference_example("sdxl", {"<MAIN>": SDXL}))
    assert "clip_skip" not in metadata(graph)


def test_the_refiner_denoises_after_the_base_with_empty_style():
    refiner = RefinerParams(model=REFINER, steps=12, cfg_scale=5.0, scheduler="dpmpp_2m", start=0.7)
    graph = graph_of(params(refiner=refiner))
    loader = node_of(graph, "sdxl_refiner_model_loader")
    assert loader["model"] == REFINER.identifier()
    pos, neg = by_prefix(graph, "refiner_pos_cond"), by_prefix(graph, "refiner_neg_cond")
    assert (pos["aesthetic_score"], neg["aesthetic_score"]) == (6.0, 2.5)
    assert "style" not in pos and "style" not in neg  # `posCond.style` is an edge: nothing to copy
    refiner_denoise = by_prefix(graph, "refiner_denoise_latents")
    assert {k: refiner_denoise[k] for k in ("cfg_scale", "steps", "scheduler", "denoising_start", "denoising_end")} \
        == {"cfg_scale": 5.0, "steps": 12, "scheduler": "dpmpp_2m", "denoising_start": 0.7, "denoising_end": 1}
    assert "cfg_rescale_multiplier" not in refiner_denoise and refiner_denoise["hidiffusion"] is False
    base = by_prefix(graph, "denoise_latents")
    assert (base["denoising_start"], base["denoising_end"]) == (0, 1)  # txt2img: the base still goes 0 -> 1
    assert {("refiner_model_loader", "unet", "refiner_denoise_latents", "unet"),
            ("refiner_model_loader", "clip2", "refiner_pos_cond", "clip2"),
            ("refiner_model_loader", "clip2", "refiner_neg_cond", "clip2"),
            ("refiner_pos_cond", "conditioning", "refiner_denoise_latents", "positive_conditioning"),
            ("refiner_neg_cond", "conditioning", "refiner_denoise_latents", "negative_conditioning"),
            ("denoise_latents", "latents", "refiner_denoise_latents", "latents"),
            ("refiner_denoise_latents", "latents", "canvas_output", "latents")} <= edges(graph)
    assert ("denoise_latents", "latents", "canvas_output", "latents") not in edges(graph)
    meta = metadata(graph)
    assert {k: v for k, v in meta.items() if k.startswith("refiner_")} == {
        "refiner_model": REFINER.identifier(), "refiner_positive_aesthetic_score": 6.0,
        "refiner_negative_aesthetic_score": 2.5, "refiner_cfg_scale": 5.0, "refiner_scheduler": "dpmpp_2m",
        "refiner_start": 0.7, "refiner_steps": 12}


def test_a_refiner_that_is_not_an_sdxl_refiner_is_refused():
    with pytest.raises(BuildError, match="not an SDXL refiner"):
        build_graph(params(refiner=RefinerParams(model=SDXL)))


def test_seamless_sits_on_the_unet_and_vae_and_on_the_refiners_unet():
    graph = graph_of(params(seamless_x=True, refiner=RefinerParams(model=REFINER)))
    seamless, refiner_seamless = by_prefix(graph, "seamless"), by_prefix(graph, "refiner_seamless")
    assert (seamless["seamless_x"], seamless["seamless_y"]) == (True, False)
    assert (refiner_seamless["seamless_x"], refiner_seamless["seamless_y"]) == (True, False)
    assert {("sdxl_model_loader", "unet", "seamless", "unet"), ("sdxl_model_loader", "vae", "seamless", "vae"),
            ("seamless", "unet", "denoise_latents", "unet"), ("seamless", "vae", "canvas_output", "vae"),
            ("refiner_model_loader", "unet", "refiner_seamless", "unet"),
            ("refiner_seamless", "unet", "refiner_denoise_latents", "unet")} <= edges(graph)
    assert (metadata(graph)["seamless_x"], metadata(graph)["seamless_y"]) == (True, False)


def test_loras_of_the_base_go_through_the_sdxl_collection_loader():
    loras = [LoraParam(model=model("xl-lora", "sdxl", "lora"), weight=0.6),
             LoraParam(model=model("sd1-lora", "sd-1", "lora")),
             LoraParam(model=model("off-lora", "sdxl", "lora"), enabled=False)]
    graph = graph_of(params(loras=loras, seamless_y=True))
    node_of(graph, "sdxl_lora_collection_loader")
    assert [n["lora"]["key"] for n in nodes_of(graph, "lora_selector")] == ["xl-lora"]
    assert metadata(graph)["loras"] == [{"model": loras[0].model.identifier(), "weight": 0.6}]
    expected = {("seamless", "unet", "sdxl_lora_collection_loader", "unet"),
                ("sdxl_lora_collection_loader", "unet", "denoise_latents", "unet"),
                ("lora_collector", "collection", "sdxl_lora_collection_loader", "loras")}
    for clip in ("clip", "clip2"):
        expected.add(("sdxl_model_loader", clip, "sdxl_lora_collection_loader", clip))
        expected |= {("sdxl_lora_collection_loader", clip, cond, clip) for cond in ("pos_cond", "neg_cond")}
    assert expected <= edges(graph)
    assert not {e for e in edges(graph) if e[0] == "sdxl_model_loader" and e[2] in ("pos_cond", "neg_cond")}


def test_only_a_vae_of_the_same_base_is_loaded():
    other = graph_of(params(vae=model("sd1-vae", "sd-1", "vae")))
    assert not nodes_of(other, "vae_loader") and "vae" not in metadata(other)
    vae = model("xl-vae", "sdxl", "vae")
    same = graph_of(params(vae=vae))
    assert node_of(same, "vae_loader")["vae_model"] == vae.identifier() and metadata(same)["vae"] == vae.identifier()
    assert ("vae", "vae", "canvas_output", "vae") in edges(same)


def test_image_to_image_encodes_the_init_image_at_its_size():
    context = BuildContext(init_image_size=(832, 1216))
    built = build_graph(params(init_image="init.png", strength=0.75, vae_precision="fp16"), context)
    graph = built.graph.to_dict()
    i2l = node_of(graph, "i2l")
    assert (i2l["image"], i2l["fp32"], i2l["color_compensation"]) == ({"image_name": "init.png"}, False, "None")
    assert {("sdxl_model_loader", "vae", "i2l", "vae"), ("i2l", "latents", "denoise_latents", "latents")} <= edges(graph)
    denoise = by_prefix(graph, "denoise_latents")
    assert (denoise["denoising_start"], denoise["denoising_end"]) == (pytest.approx(0.25), 1.0)
    noise = node_of(graph, "noise")
    assert (noise["width"], noise["height"]) == (832, 1216)
    meta = metadata(graph)
    assert meta["generation_mode"] == built.generation_mode == "sdxl_img2img"
    assert "width" not in meta and "height" not in meta
    compensated = graph_of(params(init_image="init.png", color_compensation=True), context)
    assert node_of(compensated, "i2l")["color_compensation"] == "SDXL"


def test_image_to_image_encodes_and_decodes_with_the_standalone_vae():
    vae = model("xl-vae", "sdxl", "vae")
    graph = graph_of(params(init_image="init.png", vae=vae), BuildContext(init_image_size=(1024, 1024)))
    assert {("vae", "vae", "i2l", "vae"), ("vae", "vae", "canvas_output", "vae")} <= edges(graph)
    assert not {e for e in edges(graph) if e[0] == "sdxl_model_loader" and e[1] == "vae"}


@pytest.mark.parametrize(("strength", "start", "end"), [(0.75, 0.25, 0.8), (0.1, 0.8, 0.8)])
def test_image_to_image_with_the_refiner_stops_where_the_refiner_starts(strength, start, end):
    graph = graph_of(params(init_image="init.png", strength=strength, refiner=RefinerParams(model=REFINER)))
    denoise = by_prefix(graph, "denoise_latents")
    assert (denoise["denoising_start"], denoise["denoising_end"]) == (pytest.approx(start), end)
    assert by_prefix(graph, "refiner_denoise_latents")["denoising_start"] == 0.8
    assert output(graph)["type"] == "l2i"
