"""Records are tolerant: new fields and enum values from later servers never break parsing."""

import json
from pathlib import Path

from invokeai_tui.client import Board, DnnModel, EnqueueResult, QueueItem, QueueStatus
from tests.support.paths import QUEUE_ITEM_FIXTURES

FIXTURES = QUEUE_ITEM_FIXTURES


def test_unknown_model_base_and_type_are_kept():
    model = DnnModel.model_validate({"key": "k", "name": "n", "base": "krea-3", "type": "hologram",
                                     "format": "new_format", "brand_new_field": {"x": 1}})
    assert (model.base, model.type, model.format) == ("krea-3", "hologram", "new_format")
    assert model.extra("brand_new_field") == {"x": 1}
    assert model.identifier() == {"key": "k", "hash": None, "name": "n", "base": "krea-3", "type": "hologram"}


def test_board_payload_from_server():
    board = Board.model_validate({
        "board_id": "b3", "board_name": "probe-board", "user_id": "system", "created_at": "2026-11-26 19:24:39.365",
        "updated_at": "2026-11-26 19:24:39.365", "deleted_at": None, "cover_image_name": None, "archived": False,
        "board_visibility": "private", "cover_video_name": None, "image_count": 2, "video_count": 0,
        "asset_count": 3, "owner_username": None})
    assert board.total_count == 5 and not board.is_uncategorized
    assert Board.uncategorized(1, 2).board_id == "none"


def test_queue_status_and_enqueue_result():
    status = QueueStatus.model_validate({"queue": {"queue_id": "default", "pending": 3, "waiting": 0, "total": 9,
                                                   "user_pending": 3}, "processor": {"is_started": False,
                                                                                     "is_processing": False}})
    assert status.queue.pending == 3 and status.processor.is_started is False
    result = EnqueueResult.model_validate({"queue_id": "default", "enqueued": 2, "requested": 2,
                                           "batch": {"batch_id": "b"}, "priority": 0, "item_ids": [9, 8]})
    assert result.batch_id == "b"


def test_real_completed_queue_item_fixture_parses():
    for path in FIXTURES.glob("*.json"):
        data = json.loads(path.read_text())
        item = QueueItem.model_validate(data)
        assert item.item_id == data["item_id"]
        assert item.status == data["status"] and item.is_terminal
        assert isinstance(item.session, dict)
