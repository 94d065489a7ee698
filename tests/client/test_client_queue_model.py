"""The headless live-queue model: events and REST snapshots in, state and "what changed" out."""

from __future__ import annotations

import base64
import io

from PIL import Image

from invokeai_tui.client.events import (
    BatchEnqueuedEvent,
    GenericEvent,
    InvocationCompleteEvent,
    InvocationProgressEvent,
    InvocationStartedEvent,
    ModelLoadStartedEvent,
    QueueClearedEvent,
    QueueItemsCanceledEvent,
    QueueItemsRetriedEvent,
    QueueItemStatusChangedEvent,
    parse_event,
)
from invokeai_tui.client.queue_model import MAX_ROWS, Change, QueueModel, counts_of
from invokeai_tui.client.records import (
    RETRYABLE_STATUSES,
    TERMINAL_STATUSES,
    QueueItem,
    QueueItemSummary,
    QueueStatus,
    SessionQueueStatus,
)


def summary(item_id: int, status: str = "pending", **extra) -> QueueItemSummary:
    return QueueItemSummary(item_id=item_id, status=status, batch_id="b1", **extra)


def queue_status(pending=0, in_progress=0, completed=0, failed=0, waiting=0, started=True) -> QueueStatus:
    counts = dict(pending=pending, in_progress=in_progress, completed=completed, failed=failed, waiting=waiting)
    return QueueStatus(queue=SessionQueueStatus(**counts, total=sum(counts.values())),
                       processor={"is_started": started, "is_processing": bool(in_progress)})


def status_event(item_id: int, status: str, sequence: int | None = None, **extra) -> QueueItemStatusChangedEvent:
    return QueueItemStatusChangedEvent(item_id=item_id, status=status, status_sequence=sequence, batch_id="b1",
                                       **extra)


def progress_event(item_id: int, percentage: float, image: str | None = None, node: str = "denoise"):
    payload = {"item_id": item_id, "batch_id": "b1", "invocation": {"id": node, "type": "denoise_latents"},
               "invocation_source_id": node, "message": f"{percentage:.0%}", "percentage": percentage}
    if image:
        payload["image"] = {"width": 8, "height": 8, "dataURL": image}
    return InvocationProgressEvent(**payload)


def data_url() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 0, 0)).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def model_with(*rows: QueueItemSummary, status: QueueStatus | None = None, current: QueueItem | None = None):
    model = QueueModel()
    ids = sorted((r.item_id for r in rows), reverse=True)
    model.apply_snapshot(status or queue_status(pending=len(rows)), ids, list(rows), current)
    return model


# -- terminal statuses: one definition ------------------------------------------------------------
def test_one_definition_of_finished_and_retryable_statuses():
    assert TERMINAL_STATUSES == {"completed", "failed", "canceled"}
    assert RETRYABLE_STATUSES < TERMINAL_STATUSES
    from invokeai_tui.workflow import run, run_events

    assert run.TERMINAL is TERMINAL_STATUSES and run_events.TERMINAL is TERMINAL_STATUSES


# -- snapshots ----------------------------------------------------------------------------------
def test_a_snapshot_replaces_everything():
    model = model_with(summary(1), summary(2))
    changes = model.apply_snapshot(queue_status(completed=1, started=False), [3], [summary(3, "completed")], None)
    assert Change.ROWS in changes and Change.COUNTS in changes and Change.PAUSED in changes
    assert [r.item_id for r in model.shown_rows()] == [3]
    assert model.total == 1 and model.paused and model.counts == (0, 0, 1, 0)
    assert model.row(1) is None and model.row(None) is None


def test_a_snapshot_keeps_the_newest_rows_and_counts_all_ids():
    ids = list(range(MAX_ROWS + 50, 0, -1))
    model = QueueModel()
    model.apply_snapshot(queue_status(pending=len(ids)), ids, [summary(i) for i in ids[:MAX_ROWS]], None)
    assert len(model.shown_rows()) == MAX_ROWS and model.total == MAX_ROWS + 50
    assert model.shown_rows()[0].item_id == MAX_ROWS + 50  # newest first


def test_a_snapshot_names_the_running_item_and_drops_a_stale_one():
    current = QueueItem(item_id=2, status="in_progress", batch_id="b1")
    model = model_with(summary(1), summary(2, "in_progress"), current=current)
    assert model.progress.item_id == 2 and model.progress.node_text == "starting"
    changes = model.apply_snapshot(queue_status(completed=2), [2, 1], [summary(2, "completed"), summary(1, "completed")],
                                   None)
    assert Change.PROGRESS in changes and model.progress is None


def test_waiting_items_count_as_pending():
    assert counts_of(SessionQueueStatus(pending=2, waiting=3, in_progress=1, completed=4, failed=5)) == (5, 1, 4, 5)


# -- status changes -------------------------------------------------------------------------------
def test_a_status_change_updates_the_row_and_the_counts():
    model = model_with(summary(1))
    event = status_event(1, "in_progress", 1, started_at="2026-01-01T10:00:00",
                         queue_status=SessionQueueStatus(in_progress=1, total=1))
    changes = model.apply(event)
    assert Change.ROWS in changes and Change.COUNTS in changes and Change.PROGRESS in changes
    assert model.row(1).status == "in_progress" and model.row(1).started_at == "2026-01-01T10:00:00"
    assert model.counts == (0, 1, 0, 0) and model.progress.item_id == 1


def test_unchanged_counts_are_not_reported():
    model = model_with(summary(1), status=queue_status(pending=1))
    changes = model.apply(status_event(1, "pending", 1, queue_status=SessionQueueStatus(pending=1, total=1)))
    assert Change.COUNTS not in changes


def test_an_unknown_item_asks_for_a_resync():
    model = model_with(summary(1))
    changes = model.apply(status_event(7, "pending", 1))
    assert Change.NEEDS_RESYNC in changes and Change.ROWS not in changes
    assert model.row(7) is None


def test_an_older_update_arriving_late_is_ignored():
    model = model_with(summary(1))
    model.apply(status_event(1, "in_progress", 2))
    model.apply(status_event(1, "completed", 3))
    assert model.apply(status_event(1, "in_progress", 2)) == Change.NONE
    assert model.row(1).status == "completed"


def test_a_finished_item_never_runs_again_even_without_sequences():
    model = model_with(summary(1))
    model.apply(status_event(1, "failed"))
    changes = model.apply(status_event(1, "in_progress"))
    assert Change.ROWS not in changes and model.row(1).status == "failed" and model.progress is None


def test_updates_in_order_run_the_item_to_its_end():
    model = model_with(summary(1))
    for sequence, status in enumerate(("in_progress", "completed"), 1):
        model.apply(status_event(1, status, sequence))
    assert model.row(1).status == "completed" and model.progress is None


def test_a_completed_item_saved_images_and_ends_its_progress():
    model = model_with(summary(1, "in_progress"))
    model.apply(status_event(1, "in_progress", 1))
    changes = model.apply(status_event(1, "completed", 2))
    assert Change.IMAGE_SAVED in changes and Change.PROGRESS in changes and model.progress is None


def test_a_failed_item_saved_nothing():
    model = model_with(summary(1))
    assert Change.IMAGE_SAVED not in model.apply(status_event(1, "failed", 1))


def test_the_end_of_another_item_keeps_the_running_one():
    model = model_with(summary(1), summary(2))
    model.apply(status_event(2, "in_progress", 1))
    changes = model.apply(status_event(1, "canceled", 1))
    assert Change.PROGRESS not in changes and model.progress.item_id == 2


def test_an_event_without_item_is_ignored():
    assert QueueModel().apply(QueueItemStatusChangedEvent(status="pending")) == Change.NONE


# -- queue-wide events ----------------------------------------------------------------------------
def test_enqueue_cancel_retry_and_clear_ask_for_a_resync():
    for event in (BatchEnqueuedEvent(batch_id="b"), QueueItemsCanceledEvent(canceled_item_ids=[1]),
                  QueueItemsRetriedEvent(retried_item_ids=[1]), QueueClearedEvent()):
        assert QueueModel().apply(event) == Change.NEEDS_RESYNC, event


def test_clear_forgets_what_was_known_per_item():
    model = model_with(summary(1))
    model.apply(status_event(1, "failed", 5))
    model.remember_full_item(QueueItem(item_id=1, status="failed", error_type="E"))
    model.apply(QueueClearedEvent())
    assert model.full_item(1) is None
    # A restarted server's item 1 starts its sequence again: it is not taken for a late update.
    model.apply_snapshot(queue_status(pending=1), [1], [summary(1)], None)
    assert Change.ROWS in model.apply(status_event(1, "in_progress", 1))


def test_only_finished_items_are_kept_whole():
    model = QueueModel()
    model.remember_full_item(QueueItem(item_id=1, status="in_progress"))
    model.remember_full_item(QueueItem(item_id=2, status="failed"))
    assert model.full_item(1) is None and model.full_item(2).status == "failed"


# -- progress -------------------------------------------------------------------------------------
def test_progress_waits_for_a_frame_and_only_the_newest_counts():
    model = model_with(summary(1, "in_progress"))
    for step in range(1, 11):
        assert model.apply(progress_event(1, step / 10)) == Change.PROGRESS
    assert model.frame_waiting
    assert model.take_frame() is True
    assert model.progress.percentage == 1.0 and model.progress.message == "100%"
    assert model.progress.node_text == "denoise_latents"
    assert model.take_frame() is False and model.frames_taken == 1


def test_a_frame_decodes_its_preview():
    model = QueueModel()
    model.apply(progress_event(9, 0.5, data_url()))
    model.take_frame()
    assert model.progress.item_id == 9 and model.progress.frames == 1
    assert model.progress.preview.size == (8, 8) and model.progress.preview_size == (8, 8)


def test_a_bad_preview_is_skipped():
    model = QueueModel()
    model.apply(progress_event(9, 0.5, "data:image/png;base64,bm90IGFuIGltYWdl"))
    assert model.take_frame() and model.progress.preview is None and model.progress.frames == 0


def test_a_late_frame_of_a_finished_item_does_not_bring_it_back():
    model = model_with(summary(1, "in_progress"))
    model.apply(status_event(1, "in_progress", 1))
    model.apply(progress_event(1, 0.9))
    model.apply(status_event(1, "completed", 2))
    model.apply(progress_event(1, 1.0))  # sent before the completion, read after
    assert model.take_frame() is False and model.progress is None


def test_progress_follows_the_item_that_runs_now():
    model = model_with(summary(1), summary(2))
    model.apply(progress_event(1, 0.5))
    model.take_frame()
    model.apply(progress_event(2, 0.1))
    model.take_frame()
    assert model.progress.item_id == 2 and model.progress.percentage == 0.1


def test_a_started_node_resets_the_bar():
    model = model_with(summary(1, "in_progress"))
    model.apply(progress_event(1, 0.7))
    model.take_frame()
    started = InvocationStartedEvent(item_id=1, invocation={"id": "vae", "type": "l2i"}, invocation_source_id="vae")
    assert model.apply(started) == Change.PROGRESS
    assert model.progress.node_text == "l2i" and model.progress.percentage is None and model.progress.message == ""


def test_an_image_saved_by_a_node_is_reported():
    saved = InvocationCompleteEvent(item_id=1, result={"image": {"image_name": "a.png"}})
    assert QueueModel().apply(saved) == Change.IMAGE_SAVED
    assert QueueModel().apply(InvocationCompleteEvent(item_id=1, result={"value": 3})) == Change.NONE


# -- everything else ------------------------------------------------------------------------------
def test_unknown_and_unrelated_events_change_nothing():
    model = model_with(summary(1))
    before = (model.shown_rows(), model.counts, model.paused, model.progress)
    for event in (parse_event("something_new", {"x": 1}), ModelLoadStartedEvent(), GenericEvent(event="odd"),
                  InvocationStartedEvent(), object()):
        assert model.apply(event) == Change.NONE
    assert (model.shown_rows(), model.counts, model.paused, model.progress) == before
