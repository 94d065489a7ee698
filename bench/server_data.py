"""Server-side fixtures for the benchmarks, made with raw HTTP (independent of the app's client)."""

from __future__ import annotations

import time

from .common import http_json, say


def board_named(url: str, name: str) -> dict | None:
    boards = http_json("GET", f"{url}/api/v1/boards/?all=true")
    return next((b for b in boards if b["board_name"] == name), None)


def image_total(url: str, board_id: str) -> int:
    page = http_json("GET", f"{url}/api/v1/images/?board_id={board_id}&limit=1&is_intermediate=false")
    return page["total"]


def fan_out_graph(board_id: str, start: int, stop: int, size: int) -> dict:
    """range -> iterate -> img_noise(seed=item, board): one gallery image per number, one queue item."""
    def edge(a, af, b, bf):
        return {"source": {"node_id": a, "field": af}, "destination": {"node_id": b, "field": bf}}

    return {
        "nodes": {
            "rng": {"id": "rng", "type": "range", "start": start, "stop": stop, "step": 1},
            "it": {"id": "it", "type": "iterate"},
            "blank": {"id": "blank", "type": "blank_image", "width": size, "height": size,
                      "color": {"r": 90, "g": 140, "b": 200, "a": 255}, "is_intermediate": True, "use_cache": False},
            "noise": {"id": "noise", "type": "img_noise", "amount": 0.5, "noise_type": "gaussian",
                      "board": {"board_id": board_id}, "is_intermediate": False, "use_cache": False},
        },
        "edges": [edge("rng", "collection", "it", "collection"), edge("it", "item", "noise", "seed"),
                  edge("blank", "image", "noise", "image")],
    }


def ensure_board_with_images(url: str, name: str, count: int, size: int = 8, chunk: int = 2500) -> str:
    """A board called ``name`` holding exactly ``count`` images (kept between runs on one server)."""
    board = board_named(url, name)
    if board is not None and image_total(url, board["board_id"]) == count:
        return board["board_id"]
    if board is not None:
        http_json("DELETE", f"{url}/api/v1/boards/{board['board_id']}?include_images=true")
    board_id = http_json("POST", f"{url}/api/v1/boards/?board_name={name}")["board_id"]
    say(f"making {count:,} images on board {name!r} with fan-out graphs (about {count // 95} s, once per server)")
    started = time.monotonic()
    item_ids = []
    for start in range(0, count, chunk):
        batch = {"graph": fan_out_graph(board_id, start, min(count, start + chunk), size), "runs": 1,
                 "origin": "bench", "destination": "gallery"}
        item_ids += http_json("POST", f"{url}/api/v1/queue/default/enqueue_batch",
                              {"batch": batch, "prepend": False})["item_ids"]
    for item_id in item_ids:
        wait_for_item(url, item_id, timeout=900)
    total = image_total(url, board_id)
    if total != count:
        raise RuntimeError(f"board {name!r} has {total} images, expected {count}")
    say(f"{count:,} images made in {time.monotonic() - started:.0f} s")
    return board_id


def wait_for_item(url: str, item_id: int, timeout: float = 300) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        item = http_json("GET", f"{url}/api/v1/queue/default/i/{item_id}")
        if item["status"] in ("completed", "failed", "canceled"):
            if item["status"] != "completed":
                raise RuntimeError(f"queue item {item_id} {item['status']}: {item.get('error_message')}")
            return item
        time.sleep(0.25)
    raise TimeoutError(f"queue item {item_id} did not finish within {timeout} s")
