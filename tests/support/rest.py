"""Plain synchronous helpers for tests, speaking raw HTTP to the real server.

They deliberately do not use invokeai_tui.client, so that client tests have an independent way to
set up and check server state.
"""

from __future__ import annotations

import io
import shutil
import time
import uuid
from pathlib import Path

import httpx
from PIL import Image

TERMINAL = {"completed", "failed", "canceled"}


def api(url: str, method: str, path: str, **kwargs):
    response = httpx.request(method, f"{url}{path}", timeout=60, **kwargs)
    response.raise_for_status()
    return response.json() if response.content else None


def make_board(url: str, name: str | None = None) -> str:
    name = name or f"test-{uuid.uuid4().hex[:8]}"
    return api(url, "POST", "/api/v1/boards/", params={"board_name": name})["board_id"]


def delete_board(url: str, board_id: str, include_images: bool = True) -> None:
    httpx.delete(f"{url}/api/v1/boards/{board_id}", params={"include_images": include_images}, timeout=60)


def png_bytes(width: int = 32, height: int = 24, color=(10, 120, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format="PNG")
    return buffer.getvalue()


def upload_png(url: str, board_id: str | None = None, width: int = 32, height: int = 24,
               color=(10, 120, 200), category: str = "general") -> dict:
    params = {"image_category": category, "is_intermediate": "false"}
    if board_id and board_id != "none":
        params["board_id"] = board_id
    files = {"file": (f"upload-{uuid.uuid4().hex[:6]}.png", png_bytes(width, height, color), "image/png")}
    return api(url, "POST", "/api/v1/images/upload", params=params, files=files)


def board_image_names(url: str, board_id: str) -> list[str]:
    return api(url, "GET", f"/api/v1/boards/{board_id}/image_names")


def edge(source: str, source_field: str, target: str, target_field: str) -> dict:
    return {"source": {"node_id": source, "field": source_field},
            "destination": {"node_id": target, "field": target_field}}


def blank_blur_graph(board_id: str | None, width: int = 64, height: int = 48) -> dict:
    """blank_image -> img_blur (saved, on the board): one gallery image, model-free, ~0.5 s."""
    blur = {"id": "blur", "type": "img_blur", "radius": 2.0, "blur_type": "gaussian",
            "is_intermediate": False, "use_cache": False}
    if board_id and board_id != "none":
        blur["board"] = {"board_id": board_id}
    return {
        "nodes": {
            "blank": {"id": "blank", "type": "blank_image", "width": width, "height": height, "mode": "RGB",
                      "color": {"r": 200, "g": 50, "b": 50, "a": 255}, "is_intermediate": True,
                      "use_cache": False},
            "blur": blur,
        },
        "edges": [edge("blank", "image", "blur", "image")],
    }


def fan_out_graph(board_id: str, count: int, size: int = 8) -> dict:
    """range -> iterate -> img_noise(seed=item, board): `count` gallery images from one queue item."""
    return {
        "nodes": {
            "rng": {"id": "rng", "type": "range", "start": 0, "stop": count, "step": 1},
            "it": {"id": "it", "type": "iterate"},
            "blank": {"id": "blank", "type": "blank_image", "width": size, "height": size,
                      "is_intermediate": True, "use_cache": False},
            "noise": {"id": "noise", "type": "img_noise", "amount": 0.5, "noise_type": "gaussian",
                      "board": {"board_id": board_id}, "is_intermediate": False, "use_cache": False},
        },
        "edges": [edge("rng", "collection", "it", "collection"), edge("it", "item", "noise", "seed"),
                  edge("blank", "image", "noise", "image")],
    }


def long_running_graph(board_id: str | None = None) -> dict:
    """4096x4096 blank -> two radius-60 blurs: several seconds on 2 cores, for cancel tests."""
    graph = {
        "nodes": {
            "blank": {"id": "blank", "type": "blank_image", "width": 4096, "height": 4096,
                      "is_intermediate": True, "use_cache": False},
            "blur1": {"id": "blur1", "type": "img_blur", "radius": 60, "is_intermediate": True,
                      "use_cache": False},
            "blur2": {"id": "blur2", "type": "img_blur", "radius": 60, "is_intermediate": False,
                      "use_cache": False},
        },
        "edges": [edge("blank", "image", "blur1", "image"), edge("blur1", "image", "blur2", "image")],
    }
    if board_id:
        graph["nodes"]["blur2"]["board"] = {"board_id": board_id}
    return graph


def failing_graph() -> dict:
    """Fails at run time with ImageRecordNotFoundException."""
    return {"nodes": {"n": {"id": "n", "type": "img_blur", "image": {"image_name": "does-not-exist.png"},
                            "use_cache": False}}, "edges": []}


def enqueue_graph(url: str, graph: dict, runs: int = 1, data=None, origin: str = "tests",
                  prepend: bool = False) -> dict:
    batch = {"graph": graph, "runs": runs, "origin": origin, "destination": "gallery"}
    if data:
        batch["data"] = data
    return api(url, "POST", "/api/v1/queue/default/enqueue_batch", json={"batch": batch, "prepend": prepend})


def get_item(url: str, item_id: int) -> dict:
    return api(url, "GET", f"/api/v1/queue/default/i/{item_id}")


def wait_for_item(url: str, item_id: int, timeout: float = 120) -> dict:
    """Poll until the queue item is completed, failed or canceled; fail on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        item = get_item(url, item_id)
        if item["status"] in TERMINAL:
            return item
        time.sleep(0.1)
    raise AssertionError(f"queue item {item_id} did not finish within {timeout} s")


def run_graph(url: str, graph: dict, timeout: float = 120) -> dict:
    """Enqueue one graph and wait for it; returns the finished queue item."""
    result = enqueue_graph(url, graph)
    return wait_for_item(url, result["item_ids"][0], timeout)


def list_models(url: str) -> list[dict]:
    return api(url, "GET", "/api/v2/models/")["models"]


def model_by_name(url: str, name: str) -> dict:
    for model in list_models(url):
        if model["name"] == name:
            return model
    raise AssertionError(f"model {name!r} is not installed")


def install_model_copy(url: str, source: str, scratch: Path, timeout: float = 60, **config) -> dict:
    """Install a copy of the model folder ``source``, made in ``scratch`` (the server refuses a second
    install of one path, and an install that is not in place MOVES the files into its root), with
    ``config`` overriding what it probes (name, key, ...); return the installed record."""
    copy = scratch / Path(source).name
    shutil.copytree(source, copy)
    job = api(url, "POST", "/api/v2/models/install", params={"source": str(copy), "inplace": "true"}, json=config)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = api(url, "GET", f"/api/v2/models/install/{job['id']}")
        if job["status"] == "completed":
            return job["config_out"]
        if job["status"] in ("error", "cancelled"):
            raise AssertionError(f"installing {source} failed: {job.get('error_type')}: {job.get('error')}")
        time.sleep(0.2)
    raise AssertionError(f"installing {source} did not finish in {timeout} s")


def model_identifier(model: dict) -> dict:
    return {key: model[key] for key in ("key", "hash", "name", "base", "type")}


def text_to_image_graph(model: dict, board_id: str | None, steps: int = 4, size: int = 256,
                        prompt: str = "a red fox") -> dict:
    """The SD-1 text-to-image path by hand: loader -> compel x2 -> noise -> denoise -> l2i(board)."""
    l2i = {"id": "l2i", "type": "l2i", "is_intermediate": False, "use_cache": False}
    if board_id and board_id != "none":
        l2i["board"] = {"board_id": board_id}
    return {
        "nodes": {
            "loader": {"id": "loader", "type": "main_model_loader", "model": model_identifier(model)},
            "pos": {"id": "pos", "type": "compel", "prompt": prompt},
            "neg": {"id": "neg", "type": "compel", "prompt": ""},
            "noise": {"id": "noise", "type": "noise", "seed": 7, "width": size, "height": size,
                      "use_cpu": True},
            "denoise": {"id": "denoise", "type": "denoise_latents", "steps": steps, "cfg_scale": 5.0,
                        "scheduler": "euler", "denoising_start": 0.0, "denoising_end": 1.0,
                        "use_cache": False},
            "l2i": l2i,
        },
        "edges": [
            edge("loader", "clip", "pos", "clip"),
            edge("loader", "clip", "neg", "clip"),
            edge("loader", "unet", "denoise", "unet"),
            edge("loader", "vae", "l2i", "vae"),
            edge("pos", "conditioning", "denoise", "positive_conditioning"),
            edge("neg", "conditioning", "denoise", "negative_conditioning"),
            edge("noise", "noise", "denoise", "noise"),
            edge("denoise", "latents", "l2i", "latents"),
        ],
    }
