"""The testbed's tiny models (scripts/tiny_models*.py, installed by scripts/invokeai-server start):
each is listed with the base/type/format/variant its family needs, each tiny DiT main model makes
an image through its minimal text-to-image graph on the real server, and each tiny Wan main a
text-to-video MP4 (H.264, the frames asked for)."""

from __future__ import annotations

import ast
import importlib.machinery
import importlib.util

import pytest

from tests.support import rest as helpers
from tests.support.paths import REPO
from invokeai_tui.client import AsyncInvokeAIClient
from invokeai_tui.client.video_files import read_mp4_facts
from tests.support.tiny_graphs import (
    DIT_TEXT_TO_IMAGE,
    TINY_DIT_MAINS,
    TINY_WAN_MAINS,
    flux2_klein_graph,
    sd3_graph,
    wan_text_to_video_graph,
    z_image_graph,
)

SCRIPTS = REPO / "scripts"

# name -> (base, type, format, variant) as InvokeAI 6.14.2 classifies it
EXPECTED = {
    "tiny-sd3": ("sd-3", "main", "diffusers", None),
    "tiny-z-image": ("z-image", "main", "diffusers", "turbo"),
    "tiny-flux2-klein": ("flux2", "main", "diffusers", "klein_4b"),
    "tiny-cogview4": ("cogview4", "main", "diffusers", None),
    "tiny-lora-sd1": ("sd-1", "lora", "lycoris", None),
    "tiny-lora-sdxl": ("sdxl", "lora", "lycoris", None),
    "tiny-lora-z-image": ("z-image", "lora", "lycoris", None),
    "tiny-lora-flux2-klein": ("flux2", "lora", "lycoris", None),
    "tiny-vae-sd1": ("sd-1", "vae", "diffusers", None),
    "tiny-vae-sdxl": ("sdxl", "vae", "diffusers", None),
    "tiny-t5-encoder": ("any", "t5_encoder", "t5_encoder", None),
    "tiny-controlnet-sd1": ("sd-1", "controlnet", "diffusers", None),
    "tiny-wan-ti2v": ("wan", "main", "diffusers", "ti2v_5b"),
    "tiny-wan-t2v-a14b": ("wan", "main", "diffusers", "t2v_a14b"),
    "tiny-wan-i2v-a14b": ("wan", "main", "diffusers", "i2v_a14b"),
    "tiny-wan-umt5": ("any", "wan_t5_encoder", "wan_t5_encoder", None),
    "tiny-wan-vae48": ("wan", "vae", "diffusers", None),
    "tiny-wan-lora-high_noise": ("wan", "lora", "lycoris", None),  # no variant: inner dim 48 is no real one
    "tiny-wan-lora-low_noise": ("wan", "lora", "lycoris", None),
}


def test_each_added_tiny_model_is_installed_with_its_base_type_format_and_variant(server_url):
    by_name = {m["name"]: m for m in helpers.list_models(server_url)}
    for name, expected in EXPECTED.items():
        assert name in by_name, f"{name} missing from {sorted(by_name)}"
        model = by_name[name]
        assert (model["base"], model["type"], model["format"], model.get("variant")) == expected, name


@pytest.mark.parametrize("base", sorted(DIT_TEXT_TO_IMAGE))
def test_tiny_dit_main_model_makes_an_image(server_url, board, base):
    model = helpers.model_by_name(server_url, TINY_DIT_MAINS[base])
    graph = DIT_TEXT_TO_IMAGE[base](model, board, size=64, steps=2)
    item = helpers.run_graph(server_url, graph, timeout=90)
    assert item["status"] == "completed", item.get("error_message")
    names = helpers.board_image_names(server_url, board)
    assert len(names) == 1
    record = helpers.api(server_url, "GET", f"/api/v1/images/i/{names[0]}")
    assert (record["width"], record["height"]) == (64, 64)


def test_the_dual_expert_wan_mains_are_listed_as_such(server_url):
    for name, dual, boundary in (("tiny-wan-ti2v", False, None), ("tiny-wan-t2v-a14b", True, 0.875),
                                 ("tiny-wan-i2v-a14b", True, 0.9)):
        model = helpers.model_by_name(server_url, name)
        assert (model.get("has_dual_expert"), model.get("boundary_ratio")) == (dual, boundary), name


@pytest.mark.parametrize("main", TINY_WAN_MAINS)
async def test_tiny_wan_main_model_makes_a_video(server_url, board, main, tmp_path):
    """64x64, 9 frames, 4 steps: the MP4 is listed on the board and downloads whole through the client."""
    graph = wan_text_to_video_graph(helpers.model_by_name(server_url, main), board, size=64, num_frames=9, steps=4)
    item = helpers.run_graph(server_url, graph, timeout=120)
    assert item["status"] == "completed", item.get("error_message")
    output = next(r for r in item["session"]["results"].values() if r.get("type") == "video_output")
    assert (output["type"], output["width"], output["height"], output["num_frames"]) == ("video_output", 64, 64, 9)
    async with AsyncInvokeAIClient.from_url(server_url) as client:
        page = await client.video_repo.list_videos(board)
        assert page.total == 1 and page.items[0].is_generated and page.items[0].size == (64, 64)
        assert page.items[0].frame_count == 9 and page.items[0].fps == 16
        saved = await client.video_repo.save_video_in_folder(page.items[0].video_name, tmp_path)
    assert read_mp4_facts(saved.read_bytes()).video_sample_entries == ["avc1"]


@pytest.mark.parametrize(("builder", "main", "extra", "add_on"), [
    (z_image_graph, "tiny-z-image", "lora", "tiny-lora-z-image"),
    (flux2_klein_graph, "tiny-flux2-klein", "lora", "tiny-lora-flux2-klein"),
    (sd3_graph, "tiny-sd3", "t5_encoder", "tiny-t5-encoder"),
])
def test_tiny_dit_add_on_runs_in_its_graph(server_url, builder, main, extra, add_on):
    model = helpers.model_by_name(server_url, main)
    graph = builder(model, None, size=64, steps=2, **{extra: helpers.model_by_name(server_url, add_on)})
    item = helpers.run_graph(server_url, graph, timeout=90)
    assert item["status"] == "completed", item.get("error_message")


def test_every_built_tiny_model_is_installed_and_checked_by_the_start_script():
    """Offline: the names the builders write (their BUILDERS dicts, read without importing torch) are the
    names scripts/invokeai-server installs, and the kinds added here are checked with their base/type."""
    builders = set()
    for module in ("tiny_models.py", "tiny_models_dit.py", "tiny_models_addons.py", "tiny_models_wan.py"):
        tree = ast.parse((SCRIPTS / module).read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["BUILDERS"]:
                builders |= {key.value for key in node.value.keys if isinstance(key, ast.Constant)}
    loader = importlib.machinery.SourceFileLoader("invokeai_server_script", str(SCRIPTS / "invokeai-server"))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    server_script = importlib.util.module_from_spec(spec)
    loader.exec_module(server_script)
    assert set(server_script.TINY_MODELS) == builders
    installed = {name.removesuffix(".safetensors"): kind for name, kind in server_script.TINY_MODELS.items()}
    for name, (base, kind, _format, _variant) in EXPECTED.items():
        assert installed[name] == (base, kind), name
