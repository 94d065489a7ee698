"""The optional parts of the z-image … external builders: the negative only above CFG 1, LoRAs of the base,
seed variance and rebalance, the shift, image to image, and the sentences for what cannot be built."""

from __future__ import annotations

import pytest

from invokeai_tui.generate import (BuildContext, BuildError, GenerateParams, LoraParam, ModelRef, build_graph,
                                  enqueue_body)
from tests.generate.test_transformer_builders import example_params


def nodes_of(built, type_: str) -> list[dict]:
    return [n for n in built.graph.to_dict()["nodes"].values() if n["type"] == type_]


def one(built, type_: str) -> dict:
    found = nodes_of(built, type_)
    assert len(found) == 1, f"{len(found)} nodes of type {type_}"
    return found[0]


def edges(built) -> set[tuple[str, str, str, str]]:
    """Edges by node type: (source type, field, destination type, field)."""
    graph = built.graph.to_dict()
    kind = {i: n["type"] for i, n in graph["nodes"].items()}
    return {(kind[e["source"]["node_id"]], e["source"]["field"], kind[e["destination"]["node_id"]],
             e["destination"]["field"]) for e in graph["edges"]}


def lora(key: str, base: str, weight: float = 0.5, enabled: bool = True, variant: str | None = None) -> LoraParam:
    return LoraParam(model=ModelRef(key=key, hash=f"blake3:{key}", name=key, base=base, type="lora", variant=variant),
                     weight=weight, enabled=enabled)


ENCODERS = {"z-image": "z_image_text_encoder", "qwen-image": "qwen_image_text_encoder",
            "ernie-image": "ernie_image_text_encoder", "krea-2": "krea2_text_encoder",
            "anima": "anima_text_encoder", "wan": "wan_text_encoder"}


# the negative ------------------------------------------------------------------------------------
@pytest.mark.parametrize("base", sorted(ENCODERS))
def test_the_negative_encoder_only_above_cfg_1(base):
    at_one = build_graph(example_params(base, cfg_scale=1.0, negative_prompt="blurry"))
    assert len(nodes_of(at_one, ENCODERS[base])) == 1
    above = build_graph(example_params(base, cfg_scale=3.0, negative_prompt="blurry"))
    encoders = nodes_of(above, ENCODERS[base])
    assert len(encoders) == 2 and [n["prompt"] for n in encoders if "prompt" in n] == ["blurry"]
    assert above.negative_prompt_node is None


@pytest.mark.parametrize("base, sent", [("qwen-image", " "), ("wan", " "), ("z-image", ""), ("anima", ""),
                                        ("krea-2", ""), ("ernie-image", "")])
def test_an_empty_negative_is_sent_as_the_web_ui_sends_it(base, sent):
    built = build_graph(example_params(base, cfg_scale=3.0))
    assert [n["prompt"] for n in nodes_of(built, ENCODERS[base]) if "prompt" in n] == [sent]


def test_krea2_records_a_negative_only_with_cfg():
    assert "negative_prompt" not in build_graph(example_params("krea-2", negative_prompt="x")).graph.metadata()
    assert build_graph(example_params("krea-2", cfg_scale=2, negative_prompt="x")).graph.metadata()[
        "negative_prompt"] == "x"


def test_z_image_and_anima_collect_their_negative():
    for base, denoise in (("z-image", "z_image_denoise"), ("anima", "anima_denoise")):
        built = build_graph(example_params(base, cfg_scale=2.0))
        assert len(nodes_of(built, "collect")) == 2
        assert {(ENCODERS[base], "conditioning", "collect", "item"),
                ("collect", "collection", denoise, "negative_conditioning")} <= edges(built)


# LoRAs ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("base, loader, encoder_field", [
    ("z-image", "z_image_lora_collection_loader", "qwen3_encoder"),
    ("krea-2", "krea2_lora_collection_loader", "qwen3_vl_encoder"),
    ("anima", "anima_lora_collection_loader", "qwen3_encoder"),
    ("qwen-image", "qwen_image_lora_collection_loader", None),
    ("wan", "wan_lora_collection_loader", None),
])
def test_loras_of_the_base_go_through_its_collection_loader(base, loader, encoder_field):
    loras = [lora("mine", base, 0.6), lora("off", base, enabled=False), lora("other", "sdxl")]
    built = build_graph(example_params(base, loras=loras, cfg_scale=3.0))
    assert [n["lora"]["key"] for n in nodes_of(built, "lora_selector")] == ["mine"]
    assert built.graph.metadata()["loras"] == [{"model": loras[0].model.identifier(), "weight": 0.6}]
    found = edges(built)
    denoise = next(n["type"] for n in built.graph.nodes.values() if n["type"].endswith("_denoise"))
    assert (loader, "transformer", denoise, "transformer") in found
    assert not any(e[0].endswith("_model_loader") and e[2] == denoise and e[3] == "transformer" for e in found)
    if encoder_field:
        into_encoders = [e for e in built.graph.edges if e.destination_field == encoder_field
                         and built.graph.node(e.destination)["type"] == ENCODERS[base]]
        assert len(into_encoders) == 2  # positive and negative
        assert all(built.graph.node(e.source)["type"] == loader for e in into_encoders)


def test_wan_skips_loras_of_the_other_transformer_size():
    loras = [lora("a14b", "wan", variant="a14b"), lora("5b", "wan", variant="5b"), lora("any", "wan")]
    built = build_graph(example_params("wan", loras=loras))  # the example's model is TI2V 5B
    assert sorted(n["lora"]["key"] for n in nodes_of(built, "lora_selector")) == ["5b", "any"]


@pytest.mark.parametrize("base", ["ernie-image", "ideogram-4", "external"])
def test_bases_without_loras_wire_none(base):
    built = build_graph(example_params(base, loras=[lora("x", base)]))
    assert not nodes_of(built, "lora_selector")


# family options ------------------------------------------------------------------------------------
def test_z_image_seed_variance_sits_between_the_encoder_and_the_collect():
    built = build_graph(example_params("z-image", z_image_seed_variance_enabled=True,
                                       z_image_seed_variance_strength=0.3))
    enhancer = one(built, "z_image_seed_variance_enhancer")
    assert enhancer["strength"] == 0.3 and enhancer["randomize_percent"] == 50
    found = edges(built)
    assert {("integer", "value", "z_image_seed_variance_enhancer", "seed"),
            ("z_image_text_encoder", "conditioning", "z_image_seed_variance_enhancer", "conditioning"),
            ("z_image_seed_variance_enhancer", "conditioning", "collect", "item")} <= found
    assert ("z_image_text_encoder", "conditioning", "collect", "item") not in found
    off = build_graph(example_params("z-image", z_image_seed_variance_enabled=True,
                                     z_image_seed_variance_strength=0))
    assert not nodes_of(off, "z_image_seed_variance_enhancer")


def test_z_image_shift_is_sent_when_set_and_auto_otherwise():
    assert "shift" not in one(build_graph(example_params("z-image")), "z_image_denoise")
    built = build_graph(example_params("z-image", z_image_shift=3.0))
    assert one(built, "z_image_denoise")["shift"] == 3.0 and built.graph.metadata()["z_image_shift"] == 3.0


def test_krea2_rebalance_then_seed_variance():
    built = build_graph(example_params("krea-2", krea2_rebalance_enabled=True, krea2_seed_variance_enabled=True))
    assert one(built, "krea2_conditioning_rebalance")["per_layer_weights"].startswith("1.0,")
    assert {("krea2_text_encoder", "conditioning", "krea2_conditioning_rebalance", "conditioning"),
            ("krea2_conditioning_rebalance", "conditioning", "krea2_seed_variance", "conditioning"),
            ("integer", "value", "krea2_seed_variance", "variance_seed"),
            ("krea2_seed_variance", "conditioning", "collect", "item")} <= edges(built)


def test_qwen_image_components_quantization_and_shift():
    vae = ModelRef(key="qv", name="qwen vae", base="qwen-image", type="vae")
    source = ModelRef(key="qs", name="qwen diffusers", base="qwen-image", type="main", format="diffusers")
    built = build_graph(example_params("qwen-image", vae=vae, qwen_image_component_source=source,
                                       qwen_image_quantization="nf4", qwen_image_shift=2.5))
    loader = one(built, "qwen_image_model_loader")
    assert loader["vae_model"] == vae.identifier() and loader["component_source"] == source.identifier()
    assert {n["quantization"] for n in nodes_of(built, "qwen_image_text_encoder")} == {"nf4"}
    assert one(built, "qwen_image_denoise")["shift"] == 2.5
    assert built.graph.metadata()["qwen_image_vae"] == vae.identifier()


def test_ernie_without_the_prompt_enhancer_feeds_the_prompt_straight_in():
    built = build_graph(example_params("ernie-image", ernie_use_prompt_enhancer=False))
    assert not nodes_of(built, "ernie_image_prompt_enhancer")
    assert ("string", "value", "ernie_image_text_encoder", "prompt") in edges(built)


def test_ideogram_overrides_are_sent_and_recorded():
    built = build_graph(example_params("ideogram-4", ideogram4_steps=20, ideogram4_color_palette=["#ff0000"]))
    denoise = one(built, "ideogram4_denoise")
    assert denoise["steps"] == 20 and "mu" not in denoise
    meta = built.graph.metadata()
    assert meta["ideogram4_steps"] == 20 and meta["ideogram4_mu"] == "auto"
    assert one(built, "ideogram4_caption_builder")["color_palette"] == ["#ff0000"]


# image to image ------------------------------------------------------------------------------------
@pytest.mark.parametrize("base, encoder, mode", [
    ("z-image", "z_image_i2l", "z_image_img2img"), ("qwen-image", "qwen_image_i2l", "qwen_image_img2img"),
    ("krea-2", "qwen_image_i2l", "krea2_img2img"), ("anima", "anima_i2l", "anima_img2img"),
    ("wan", "wan_i2l", "wan_img2img"),
])
def test_image_to_image(base, encoder, mode):
    built = build_graph(example_params(base, init_image="init.png", strength=0.75),
                        BuildContext(init_image_size=(768, 512)))
    node = one(built, encoder)
    assert node["image"] == {"image_name": "init.png"}
    denoise = next(n for n in built.graph.nodes.values() if n["type"].endswith("_denoise"))
    assert (denoise["denoising_start"], denoise["denoising_end"]) == (0.25, 1.0)
    assert (denoise["width"], denoise["height"]) == (768, 512)
    loader = next(n["type"] for n in built.graph.nodes.values() if n["type"].endswith("_model_loader"))
    assert {(loader, "vae", encoder, "vae"), (encoder, "latents", denoise["type"], "latents")} <= edges(built)
    meta = built.graph.metadata()
    assert meta["generation_mode"] == mode == built.generation_mode
    assert "width" not in meta and "height" not in meta


@pytest.mark.parametrize("base", ["ernie-image", "ideogram-4"])
def test_text_only_bases_refuse_an_init_image(base):
    with pytest.raises(BuildError, match="from text only"):
        build_graph(example_params(base, init_image="init.png"))


def test_external_image_to_image_when_the_model_allows():
    built = build_graph(example_params("external", init_image="init.png"))
    node = one(built, "openai_image_generation")
    assert node["mode"] == "img2img" and node["init_image"] == {"image_name": "init.png"}
    only_text = ModelRef(key="e2", name="Text only", base="external", type="external_image_generator",
                         provider_id="gemini", capabilities={"modes": ["txt2img"]})
    with pytest.raises(BuildError, match="cannot make images from an image"):
        build_graph(GenerateParams(model=only_text, init_image="init.png"))


# components --------------------------------------------------------------------------------------
def test_anima_needs_its_vae_and_encoder():
    model = ModelRef(key="an", name="Anima", base="anima", type="main")
    with pytest.raises(BuildError, match="Anima needs a VAE"):
        build_graph(GenerateParams(model=model))
    vae = ModelRef(key="av", name="Anima VAE", base="anima", type="vae")
    with pytest.raises(BuildError, match="Qwen3 0.6B"):
        build_graph(GenerateParams(model=model, vae=vae))
    encoder = ModelRef(key="aq", name="Qwen3 0.6B", base="any", type="qwen3_encoder", variant="qwen3_06b")
    # filled in from the installed models, as the web UI does on choosing the model
    built = build_graph(GenerateParams(model=model), BuildContext(models=[vae, encoder]))
    assert one(built, "anima_model_loader")["qwen3_encoder_model"] == encoder.identifier()


def test_z_image_diffusers_model_is_its_own_qwen3_source():
    model = ModelRef(key="zt", name="tiny z", base="z-image", type="main", format="diffusers", variant="turbo")
    built = build_graph(GenerateParams(model=model, cfg_scale=1.0, steps=9))
    loader = one(built, "z_image_model_loader")
    assert loader["qwen3_source_model"] == model.identifier() and "vae_model" not in loader
    assert built.graph.metadata()["qwen3_source"] == model.identifier()


def test_z_image_single_file_takes_a_diffusers_source_of_its_variant_or_fails():
    gguf = ModelRef(key="zg", name="z gguf", base="z-image", type="main", format="gguf_quantized", variant="turbo")
    with pytest.raises(BuildError, match="Z-Image needs a VAE"):
        build_graph(GenerateParams(model=gguf))
    other = ModelRef(key="zb", name="z base", base="z-image", type="main", format="diffusers", variant="zbase")
    same = ModelRef(key="zd", name="z turbo", base="z-image", type="main", format="diffusers", variant="turbo")
    built = build_graph(GenerateParams(model=gguf), BuildContext(models=[other, same]))
    assert one(built, "z_image_model_loader")["qwen3_source_model"]["key"] == "zd"
    vae = ModelRef(key="fv", name="flux vae", base="flux", type="vae")
    with pytest.raises(BuildError, match="Qwen3 text encoder"):
        build_graph(GenerateParams(model=gguf, vae=vae))
    encoder = ModelRef(key="q4", name="qwen3 4b", base="any", type="qwen3_encoder", variant="qwen3_4b")
    loader = one(build_graph(GenerateParams(model=gguf, vae=vae, qwen3_encoder=encoder)), "z_image_model_loader")
    assert loader["vae_model"]["key"] == "fv" and loader["qwen3_encoder_model"]["key"] == "q4"


def test_krea2_single_file_needs_vae_and_encoder():
    model = ModelRef(key="k1", name="krea gguf", base="krea-2", type="main", format="gguf_quantized")
    with pytest.raises(BuildError, match="VAE"):
        build_graph(GenerateParams(model=model))


def test_wan_i2v_is_refused_with_a_sentence():
    model = ModelRef(key="w1", name="Wan I2V", base="wan", type="main", format="diffusers", variant="i2v_a14b")
    with pytest.raises(BuildError, match="does not support it yet|does not support"):
        build_graph(GenerateParams(model=model))


# external --------------------------------------------------------------------------------------------
def test_external_seed_node_only_when_the_model_offers_a_seed():
    seeded = ModelRef(key="s", name="Seedream", base="external", type="external_image_generator",
                      provider_id="seedream", capabilities={"modes": ["txt2img"], "supports_seed": True})
    params = GenerateParams(model=seeded, iterations=3)
    built = build_graph(params)
    node = one(built, "seedream_image_generation")
    assert node["watermark"] is False and node["optimize_prompt"] is False
    assert built.seed_node and ("integer", "value", "seedream_image_generation", "seed") in edges(built)
    assert enqueue_body(built, params, ["p"], start_seed=5)["batch"]["runs"] == 1
    seedless = build_graph(example_params("external", iterations=3))
    assert seedless.seed_node is None
    body = enqueue_body(seedless, example_params("external", iterations=3), ["p"], start_seed=5)
    assert body["batch"]["runs"] == 3 and "generation_mode" not in seedless.graph.metadata()


def test_external_panel_schema_decides_the_seed_and_unknown_providers_are_refused():
    by_schema = ModelRef(key="g", name="Gemini", base="external", type="external_image_generator",
                         provider_id="gemini", capabilities={"modes": ["txt2img"], "supports_seed": True},
                         panel_schema={"prompts": [], "image": [{"name": "dimensions"}], "generation": []})
    assert build_graph(GenerateParams(model=by_schema)).seed_node is None
    unknown = ModelRef(key="u", name="Other", base="external", type="external_image_generator",
                       provider_id="acme", capabilities={"modes": ["txt2img"]})
    with pytest.raises(BuildError, match="not supported"):
        build_graph(GenerateParams(model=unknown))


def test_z_image_sdnq_pipeline_is_its_own_source_but_a_single_sdnq_file_is_not():
    parts = {name: {"path_or_prefix": name} for name in ("transformer", "vae", "text_encoder", "tokenizer")}
    pipeline = ModelRef(key="zq", name="z sdnq", base="z-image", type="main", format="sdnq_quantized",
                        submodels=parts)
    assert one(build_graph(GenerateParams(model=pipeline)), "z_image_model_loader")["qwen3_source_model"]["key"] == "zq"
    single = ModelRef(key="zs1", name="z sdnq file", base="z-image", type="main", format="sdnq_quantized")
    with pytest.raises(BuildError, match="Z-Image needs"):
        build_graph(GenerateParams(model=single))
