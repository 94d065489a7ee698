"""The z-image, qwen-image, ernie-image, krea-2, ideogram-4, anima, wan and external builders against the
reference's example graphs (§2.7–§2.14): the same graph apart from node ids, for the example's values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from invokeai_tui.generate import BuildContext, GenerateParams, ModelRef, build_graph, enqueue_body
from tests.support.graph_compare import assert_same_graph, expand_compact

DATA = Path(__file__).parent / "data"


def ident(key: str, name: str, base: str, type_: str) -> dict:
    return {"key": key, "hash": f"blake3:{key}", "name": name, "base": base, "type": type_}


MAIN = {
    "z-image": ident("zi", "Z-Image Turbo", "z-image", "main"),
    "qwen-image": ident("qi", "Qwen-Image", "qwen-image", "main"),
    "ernie-image": ident("ei", "ERNIE-Image", "ernie-image", "main"),
    "krea-2": ident("k2", "Krea 2", "krea-2", "main"),
    "ideogram-4": ident("i4", "Ideogram 4", "ideogram-4", "main"),
    "anima": ident("an", "Anima", "anima", "main"),
    "wan": ident("wn", "Wan 2.2 TI2V 5B", "wan", "main"),
    "external": ident("ex", "GPT Image", "external", "external_image_generator"),
}
Z_SOURCE = ident("zs", "Z-Image Turbo diffusers", "z-image", "main")
ANIMA_VAE = ident("av", "Anima VAE", "anima", "vae")
ANIMA_QWEN3 = ident("aq", "Qwen3 0.6B", "any", "qwen3_encoder")

# What the web UI's state holds for each example (reference §2.7–§2.14 and §5's model defaults).
EXAMPLE_PARAMS: dict[str, dict] = {
    "z-image": {"steps": 9, "cfg_scale": 1.0, "qwen3_source": ModelRef(**Z_SOURCE, format="diffusers")},
    "qwen-image": {"steps": 40, "cfg_scale": 4.0},
    "ernie-image": {"steps": 50, "cfg_scale": 4.0},
    "krea-2": {"steps": 8, "cfg_scale": 1.0},
    "ideogram-4": {"positive_prompt": "a red fox"},
    "anima": {"steps": 35, "cfg_scale": 4.5, "vae": ModelRef(**ANIMA_VAE),
              "qwen3_encoder": ModelRef(**ANIMA_QWEN3, variant="qwen3_06b")},
    "wan": {"steps": 30, "cfg_scale": 5.0},
    "external": {},
}
MODEL_EXTRAS: dict[str, dict] = {
    "krea-2": {"format": "diffusers"},
    "wan": {"format": "diffusers", "variant": "ti2v_5b"},
    "external": {"provider_id": "openai", "capabilities": {"modes": ["txt2img", "img2img"]}},
}


def examples() -> dict:
    return json.loads((DATA / "reference_examples.json").read_text())


def example_params(base: str, **overrides) -> GenerateParams:
    values = {"width": 1024, "height": 1024, "model": ModelRef(**MAIN[base], **MODEL_EXTRAS.get(base, {})),
              **EXAMPLE_PARAMS[base], **overrides}
    return GenerateParams(**values)


@pytest.mark.parametrize("base", sorted(MAIN))
def test_the_graph_is_the_reference_example(base):
    built = build_graph(example_params(base), BuildContext())
    expected = expand_compact(examples()[base], {"<MAIN>": MAIN[base], "<Z_SRC>": Z_SOURCE, "<VAE>": ANIMA_VAE,
                                                 "<QWEN3>": ANIMA_QWEN3})
    assert_same_graph(built.graph.to_dict(), expected)


@pytest.mark.parametrize("base", sorted(set(MAIN) - {"external"}))
def test_no_negative_datum_and_the_generation_mode_in_metadata(base):
    params = example_params(base, negative_prompt="blurry")
    built = build_graph(params, BuildContext())
    assert built.negative_prompt_node is None
    body = enqueue_body(built, params, [params.positive_prompt], start_seed=7)
    paths = [d["node_path"] for group in body["batch"]["data"] for d in group]
    assert paths == [built.seed_node, built.positive_prompt_node]
    assert built.graph.metadata()["generation_mode"] == built.generation_mode


def test_ideogram_prompt_datum_targets_its_inline_prompt_node():
    params = example_params("ideogram-4")
    built = build_graph(params, BuildContext())
    assert built.positive_prompt_node.startswith("ideogram4_prompt:")
    body = enqueue_body(built, params, ["a red fox", "a blue fox"], start_seed=1)
    assert body["batch"]["data"][1] == [{"node_path": built.positive_prompt_node, "field_name": "value",
                                         "items": ["a red fox", "a blue fox"]}]
