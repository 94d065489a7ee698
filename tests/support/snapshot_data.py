"""Fixed data for snapshot tests: what the real server returned, with the parts that change from
run to run (uuids, timestamps, ports, other tests' boards) replaced by fixed values."""

from __future__ import annotations

from invokeai_tui.client.records import Board

SHOWN_URL = "http://invokeai.local:9090"
FIXED_TIME = "2026-01-02 03:04:05.000"


def redact_app(app) -> None:
    app.server_url = SHOWN_URL
    app.queue_counts = (0, 0, 12, 1)


def redact_boards(screen, board_id: str, board_name: str, metadata: dict[int, dict] | None = None) -> None:
    """Show only Uncategorized and the snapshot board, and give the images fixed names and times;
    ``metadata`` (row index -> dict) titles those rows, the others are shown as uploads (none)."""
    wanted = [b for b in screen.boards if b.board_id == board_id]
    uncategorized = Board.uncategorized(image_count=3, asset_count=0)
    fixed = [uncategorized] + [b.model_copy(update={"board_name": board_name}) for b in wanted]
    screen.fill_boards(fixed, board_id)
    table = screen.table
    for page in table.cache.cached_pages:
        for offset in range(table.cache.page_size):
            index = page * table.cache.page_size + offset
            record = table.cache.get(index)
            if record is None:
                break
            name = f"image-{index + 1:03d}.png"
            table.cache.replace(index, record.model_copy(update={"image_name": name, "created_at": FIXED_TIME}))
            table.metadata.put(name, (metadata or {}).get(index))  # the fixed names are never fetched
    table.refresh()
    current = table.current
    if current is not None:
        screen.query_one("#metadata").show(current, {"positive_prompt": "a lighthouse at dawn", "seed": 42,
                                                      "model": {"name": "tiny-sd15", "base": "sd-1"}}, board_name)
    screen._update_header()
    # The fixed names do not exist on the server: stop the preview from asking for them.
    screen.show_preview = lambda record: None
    screen.show_full = lambda record: None


def redact_models(screen) -> None:
    screen.models = [
        m.model_copy(update={"key": f"key-{m.name}", "hash": f"blake3:hash-of-{m.name}",
                             "path": f"/models/{m.name}", "source": f"/models/{m.name}"})
        for m in screen.models
    ]
    screen.apply_filters()
