"""The SD-1 builder against the reference's full wire example (§4): the same request apart from ids."""

from __future__ import annotations

import json
from pathlib import Path

from invokeai_tui.generate import BuildContext, GenerateParams, ModelRef, build_graph, enqueue_body
from tests.support.graph_compare import assert_same_graph

DATA = Path(__file__).parent / "data"
DELIBERATE = {"key": "8b2f5c7e-1d3a-4c55-9f0e-2a6b7c8d9e01", "hash": "blake3:5d9a0c7f", "name": "Deliberate v5",
              "base": "sd-1", "type": "main"}


def wire_example() -> dict:
    return json.loads((DATA / "sd1_wire_example.json").read_text())


def test_the_sd1_request_is_the_web_uis_wire_example():
    params = GenerateParams(positive_prompt="a lighthouse at dusk", negative_prompt="blurry", iterations=2,
                            seed=1234, random_seed=False, model=ModelRef(**DELIBERATE))
    built = build_graph(params, BuildContext())
    body = enqueue_body(built, params, [params.positive_prompt], start_seed=1234)
    expected = wire_example()
    assert_same_graph(body["batch"]["graph"], expected["batch"]["graph"])
    assert body["prepend"] is False and body["batch"]["runs"] == 1

    def strip(data):  # the data's node paths are ids: compare by prefix
        return [[{**d, "node_path": d["node_path"].split(":")[0]} for d in group] for group in data]
    assert strip(body["batch"]["data"]) == strip(expected["batch"]["data"])
    # the data points at the graph's own nodes
    ids = set(body["batch"]["graph"]["nodes"])
    assert all(d["node_path"] in ids for group in body["batch"]["data"] for d in group)
    # ours says which app made it (the web UI says 'generate')
    assert body["batch"]["origin"] == "invokeai-tui" and body["batch"]["destination"] == "generate"


def test_node_ids_are_fresh_for_every_build():
    params = GenerateParams(model=ModelRef(**DELIBERATE))
    first, second = build_graph(params).graph.to_dict(), build_graph(params).graph.to_dict()
    assert set(first["nodes"]).isdisjoint(second["nodes"])


def test_a_vae_of_another_base_is_not_wired():
    sdxl_vae = ModelRef(key="v", name="xl vae", base="sdxl", type="vae")
    sd1_vae = ModelRef(key="w", name="sd1 vae", base="sd-1", type="vae")
    other = build_graph(GenerateParams(model=ModelRef(**DELIBERATE), vae=sdxl_vae)).graph.to_dict()
    assert not any(n["type"] == "vae_loader" for n in other["nodes"].values())
    same = build_graph(GenerateParams(model=ModelRef(**DELIBERATE), vae=sd1_vae)).graph.to_dict()
    loaders = [n for n in same["nodes"].values() if n["type"] == "vae_loader"]
    assert loaders and loaders[0]["vae_model"]["key"] == "w"
