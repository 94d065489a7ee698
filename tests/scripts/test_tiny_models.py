"""The testbed's tiny models (scripts/tiny_models*.py, installed by scripts/invokeai-server start):
each is listed with the base/type/format/variant its family needs, and each tiny DiT main model makes
an image through its minimal text-to-image graph on the real server."""

from __future__ import annotations

import pytest

from tests.support import rest as helpers
from tests.support.tiny_graphs import DIT_TEXT_TO_IMAGE, TINY_DIT_MAINS

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
    "tiny-t5-encoder": ("any", "t5_encoder", "t5_encoder", None),
    "tiny-controlnet-sd1": ("sd-1", "controlnet", "diffusers", None),
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
