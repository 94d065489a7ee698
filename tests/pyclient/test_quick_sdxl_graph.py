"""The SDXL text-to-image graph QuickClient enqueues, offline."""

from invokeai_tui.pyclient.quick.sdxl_t2i_graph import SdxlT2iRequest, round_side, sdxl_t2i_body

MODEL = {"key": "k", "hash": "h", "name": "tiny-sdxl", "base": "sdxl", "type": "main"}


def test_sides_go_to_the_nearest_positive_multiple_of_8():
    assert [round_side(n) for n in (66, 69, 78, 1, 0, 1024)] == [64, 72, 80, 8, 8, 1024]


def test_the_graph_saves_one_image_on_the_board_with_its_metadata():
    request = SdxlT2iRequest(model=MODEL, positive_prompt="p", negative_prompt="n", width=64, height=80,
                             seed=7, board_id="b1")
    graph = sdxl_t2i_body(request)["batch"]["graph"]
    saving = [n for n in graph["nodes"].values() if n.get("is_intermediate") is False]
    assert [n["type"] for n in saving] == ["l2i"] and saving[0]["board"] == {"board_id": "b1"}
    assert graph["nodes"]["noise"]["width"] == 64 and graph["nodes"]["core_metadata"]["height"] == 80
    assert graph["nodes"]["seed"]["value"] == 7 and graph["nodes"]["model_loader"]["model"] == MODEL
    into = {(e["destination"]["node_id"], e["destination"]["field"]) for e in graph["edges"]}
    assert {("sdxl_output", "metadata"), ("sdxl_output", "latents"), ("noise", "seed"), ("neg_cond", "style")} <= into
    uncategorized = sdxl_t2i_body(SdxlT2iRequest(model=MODEL, positive_prompt="p", negative_prompt="", width=64,
                                                 height=64))["batch"]["graph"]["nodes"]["sdxl_output"]
    assert "board" not in uncategorized
