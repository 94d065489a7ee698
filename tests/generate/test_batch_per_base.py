"""The batch data for each of these bases (reference §4): the negative datum only where the builder
returns a negative prompt node (sdxl, sd-3), and it points at the graph's own nodes."""

from __future__ import annotations

import pytest

from invokeai_tui.generate import GenerateParams, build_graph, enqueue_body
from tests.generate.builder_support import model

T5, CLIP, FLUX_VAE = model("t5", "any", "t5_encoder"), model("c", "any", "clip_embed"), model("v", "flux", "vae")
MAINS = {
    "sdxl": (model("xl", "sdxl"), ["positive_prompt", "negative_prompt"]),
    "sd-3": (model("s3", "sd-3"), ["positive_prompt", "negative_prompt"]),
    "flux": (model("f1", "flux"), ["positive_prompt"]),
    "flux2": (model("f2", "flux2", variant="klein_4b", format="diffusers"), ["positive_prompt"]),
    "cogview4": (model("cv", "cogview4"), ["positive_prompt"]),
}


@pytest.mark.parametrize("base", sorted(MAINS))
def test_seeds_and_prompts_go_in_the_batch_data(base):
    main, prompt_nodes = MAINS[base]
    params = GenerateParams(model=main, negative_prompt="blurry", iterations=3, seed=10, random_seed=False,
                            t5_encoder=T5, clip_embed=CLIP, vae=FLUX_VAE)
    built = build_graph(params)
    batch = enqueue_body(built, params, ["a", "b"], start_seed=10)["batch"]
    assert batch["runs"] == 1
    data = batch["data"]
    assert [[d["node_path"].split(":")[0] for d in group] for group in data] == [["seed"], prompt_nodes]
    assert data[0][0]["items"] == [10, 11, 12] and data[1][0]["items"] == ["a", "b"]
    if len(prompt_nodes) == 2:
        assert data[1][1]["items"] == ["blurry", "blurry"]
    nodes = batch["graph"]["nodes"]
    assert all(d["node_path"] in nodes for group in data for d in group)
    per_prompt = enqueue_body(built, params.model_copy(update={"seed_behaviour": "PER_PROMPT"}), ["a", "b"],
                              start_seed=10)["batch"]["data"]
    assert len(per_prompt) == 1 and per_prompt[0][0]["items"] == [10, 11, 12, 13, 14, 15]
