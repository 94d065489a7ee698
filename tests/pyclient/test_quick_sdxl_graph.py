"""The SDXL text-to-image request QuickClient enqueues, offline: the generate engine's SDXL graph."""

from invokeai_tui.generate import GenerateParams, ModelRef, build_graph
from invokeai_tui.pyclient.quick.quick_client import SdxlT2iRequest, round_side, sdxl_t2i_body
from tests.support.graph_compare import assert_same_graph

MODEL = {"key": "k", "hash": "h", "name": "tiny-sdxl", "base": "sdxl", "type": "main"}


def test_sides_go_to_the_nearest_positive_multiple_of_8():
    assert [round_side(n) for n in (66, 69, 78, 1, 0, 1024)] == [64, 72, 80, 8, 8, 1024]


def nodes_by_prefix(graph: dict) -> dict:
    return {node_id.split(":", 1)[0]: node for node_id, node in graph["nodes"].items()}


def test_the_graph_saves_one_image_on_the_board_with_its_metadata():
    request = SdxlT2iRequest(model=MODEL, positive_prompt="p", negative_prompt="n", width=64, height=80,
                             seed=7, board_id="b1", steps=3, cfg_scale=5.0, scheduler="euler")
    batch = sdxl_t2i_body(request)["batch"]
    graph = batch["graph"]
    saving = [n for n in graph["nodes"].values() if n.get("is_intermediate") is False]
    assert [n["type"] for n in saving] == ["l2i"] and saving[0]["board"] == {"board_id": "b1"}
    nodes = nodes_by_prefix(graph)
    assert nodes["noise"]["width"] == 64 and nodes["core_metadata"]["height"] == 80
    assert nodes["sdxl_model_loader"]["model"] == MODEL
    denoise = nodes["denoise_latents"]
    assert (denoise["steps"], denoise["cfg_scale"], denoise["scheduler"]) == (3, 5.0, "euler")
    # the seed and prompts arrive by batch data, as the web UI sends them
    data = {(d["node_path"].split(":")[0], tuple(d["items"])) for group in batch["data"] for d in group}
    assert data == {("seed", (7,)), ("positive_prompt", ("p",)), ("negative_prompt", ("n",))}
    assert (batch["runs"], batch["origin"], batch["destination"]) == (1, "invokeai-tui", "gallery")
    uncategorized = sdxl_t2i_body(SdxlT2iRequest(model=MODEL, positive_prompt="p", negative_prompt="", width=64,
                                                 height=64))["batch"]["graph"]
    assert "board" not in nodes_by_prefix(uncategorized)["canvas_output"]


def test_it_is_the_generate_engines_sdxl_graph():
    request = SdxlT2iRequest(model=MODEL, positive_prompt="p", negative_prompt="n", width=1024, height=1024, seed=1)
    expected = build_graph(GenerateParams(model=ModelRef(**MODEL), width=1024, height=1024)).graph.to_dict()
    assert_same_graph(sdxl_t2i_body(request)["batch"]["graph"], expected)
