"""Server-side data for the load tests, made once per server (kept while the server runs)."""

from __future__ import annotations

import time

import httpx

from tests.support import rest as helpers

BIG_BOARD = "reliability-10k"
CHUNK = 2500  # images per fan-out queue item


def board_named(url: str, name: str) -> dict | None:
    boards = helpers.api(url, "GET", "/api/v1/boards/", params={"all": "true", "include_archived": "true"})
    return next((b for b in boards if b["board_name"] == name), None)


def image_total(url: str, board_id: str) -> int:
    page = helpers.api(url, "GET", "/api/v1/images/", params={"board_id": board_id, "limit": 1,
                                                              "is_intermediate": "false"})
    return page["total"]


def ensure_board_with_images(url: str, count: int, name: str = BIG_BOARD, timeout: float = 900) -> str:
    """A board called ``name`` with exactly ``count`` images, made with fan-out graphs (~95 images/s)."""
    board = board_named(url, name)
    if board is not None and image_total(url, board["board_id"]) == count:
        return board["board_id"]
    if board is not None:
        httpx.delete(f"{url}/api/v1/boards/{board['board_id']}", params={"include_images": True}, timeout=300)
    board_id = helpers.make_board(url, name)
    item_ids: list[int] = []
    for start in range(0, count, CHUNK):
        graph = helpers.fan_out_graph(board_id, min(CHUNK, count - start))
        # Distinct seeds per chunk: range start..stop feeds img_noise's seed.
        graph["nodes"]["rng"].update({"start": start, "stop": min(count, start + CHUNK)})
        item_ids += helpers.enqueue_graph(url, graph, origin="reliability-load")["item_ids"]
    deadline = time.monotonic() + timeout
    for item_id in item_ids:
        item = helpers.wait_for_item(url, item_id, timeout=max(1.0, deadline - time.monotonic()))
        assert item["status"] == "completed", f"making the big board failed: {item.get('error_message')}"
    total = image_total(url, board_id)
    assert total == count, f"board {name!r} has {total} images, expected {count}"
    return board_id
