"""The real server the whole suite stands on: its version, the tiny models, real runs and events."""

from __future__ import annotations

import asyncio
import base64
import io

from tests.support import rest as helpers
import httpx
import socketio
from PIL import Image


def test_version_is_6_14_2(server_url):
    response = httpx.get(f"{server_url}/api/v1/app/version", timeout=10)
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {"version": "6.14.2"}


def test_tiny_models_are_installed_with_the_right_base_type_and_format(server_url):
    by_name = {m["name"]: m for m in helpers.list_models(server_url)}
    expected = {
        "tiny-sd15": ("sd-1", "main", "diffusers"),
        "tiny-sdxl": ("sdxl", "main", "diffusers"),
        "tiny-embedding-sd1": ("sd-1", "embedding", "embedding_file"),
        "tiny-embedding-sdxl": ("sdxl", "embedding", "embedding_file"),
        "tiny-unknown": ("unknown", "unknown", "unknown"),
    }
    for name, triple in expected.items():
        assert name in by_name, f"{name} missing from {sorted(by_name)}"
        model = by_name[name]
        assert (model["base"], model["type"], model["format"]) == triple, name


def test_model_free_graph_completes_and_its_image_is_on_the_board(server_url, board):
    item = helpers.run_graph(server_url, helpers.blank_blur_graph(board, 64, 48))
    assert item["status"] == "completed", item.get("error_message")
    names = helpers.board_image_names(server_url, board)
    assert len(names) == 1
    record = helpers.api(server_url, "GET", f"/api/v1/images/i/{names[0]}")
    assert (record["width"], record["height"], record["board_id"]) == (64, 48, board)
    png = httpx.get(f"{server_url}/api/v1/images/i/{names[0]}/full", timeout=30)
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"


async def test_tiny_sd1_generates_with_progress_and_previews_over_websocket(server_url, board):
    model = helpers.model_by_name(server_url, "tiny-sd15")
    events: list[tuple[str, dict]] = []
    finished = asyncio.Event()
    sio = socketio.AsyncClient(reconnection=False)

    def record(name, data):
        events.append((name, data))
        if name == "queue_item_status_changed" and data["status"] in helpers.TERMINAL:
            finished.set()

    for name in ("invocation_started", "invocation_progress", "invocation_complete",
                 "queue_item_status_changed", "model_load_started", "model_load_complete"):
        sio.on(name, lambda data, name=name: record(name, data))

    await sio.connect(server_url, socketio_path="/ws/socket.io", transports=["websocket"])
    try:
        assert sio.transport() == "websocket"
        await sio.emit("subscribe_queue", {"queue_id": "default"})
        graph = helpers.text_to_image_graph(model, board, steps=4, size=256)
        result = await asyncio.to_thread(helpers.enqueue_graph, server_url, graph)
        item_id = result["item_ids"][0]
        await asyncio.wait_for(finished.wait(), timeout=180)
    finally:
        await sio.disconnect()

    mine = [(n, d) for n, d in events if d.get("item_id") == item_id or n.startswith("model_load")]
    statuses = [d["status"] for n, d in mine if n == "queue_item_status_changed"]
    assert statuses[-1] == "completed", mine[-1]
    denoise = [d for n, d in mine if n == "invocation_progress" and d["invocation_source_id"] == "denoise"]
    percentages = [d["percentage"] for d in denoise if d["percentage"] is not None]
    assert percentages and 0 <= min(percentages) and max(percentages) == 1.0
    assert percentages == sorted(percentages)
    previews = [d["image"] for d in denoise if d.get("image")]
    assert previews, "no preview image in any progress event"
    header, _, payload = previews[-1]["dataURL"].partition(",")
    assert header.startswith("data:image/") and header.endswith(";base64")
    decoded = Image.open(io.BytesIO(base64.b64decode(payload)))
    assert decoded.size[0] > 0 and decoded.size[1] > 0
    assert previews[-1]["width"] > 0 and previews[-1]["height"] > 0
    assert any(n == "model_load_complete" for n, _ in mine)
    names = helpers.board_image_names(server_url, board)
    assert len(names) == 1
    record = helpers.api(server_url, "GET", f"/api/v1/images/i/{names[0]}")
    # 256 px of noise is a 32x32 latent; the tiny VAE has two blocks, so it decodes at 2x: 64x64.
    assert (record["width"], record["height"]) == (64, 64)
