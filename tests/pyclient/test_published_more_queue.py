"""The queue calls the other published tests leave out, against the real server: running and
failed items, the destination filter, cancel_all_except_current and clear."""

from tests.support import rest as helpers
from invokeai_tui.pyclient import InvokeAIClient
from invokeai_tui.pyclient.queue.queue_models import QueueItemStatus


def wait_running(job, tries: int = 200) -> None:
    import time

    for _ in range(tries):
        job.refresh()
        if job.is_running():
            return
        time.sleep(0.05)
    raise AssertionError(f"queue item {job.item_id} never started")


def test_a_failed_item_and_the_destination_filter(server_url):
    with InvokeAIClient.from_url(server_url) as client:
        queue = client.queue_repo.get_queue()
        item_id = helpers.enqueue_graph(server_url, helpers.failing_graph())["item_ids"][0]
        job = queue.get_item(item_id)
        assert job.wait_for_completion(timeout=60).status == QueueItemStatus.FAILED
        assert job.is_failed() and job.is_complete() and not job.is_successful() and not job.is_running()
        assert item_id in [it.item_id for it in queue.list_all(destination="gallery")]  # the helper's destination
        assert item_id not in [it.item_id for it in queue.list_all(destination="no-such-destination")]


def test_running_item_cancel_all_except_current_and_clear(server_url, board):
    with InvokeAIClient.from_url(server_url) as client:
        queue = client.queue_repo.get_queue()
        assert queue.wait_until_idle(timeout=120)
        running_id = helpers.enqueue_graph(server_url, helpers.long_running_graph(board))["item_ids"][0]
        running = queue.get_item(running_id)
        try:
            wait_running(running)
            waiting = helpers.enqueue_graph(server_url, helpers.blank_blur_graph(board, 8, 8), runs=2)["item_ids"]
            assert [it.item_id for it in queue.list_running()] == [running_id]
            assert queue.get_current().item_id == running_id and queue.count_running() == 1
            assert sorted(it.item_id for it in queue.list_pending()) == sorted(waiting)

            assert queue.cancel_all_except_current().canceled == 2
            assert all(job.is_canceled() for job in queue.get_items_by_ids(waiting))
            assert running.refresh().status == QueueItemStatus.IN_PROGRESS
        finally:
            cleared = queue.clear()  # cancels the running item too, and empties the queue
        assert cleared.deleted >= 3
        assert queue.list_all() == [] and queue.get_item(running_id) is None
        assert queue.wait_until_idle(timeout=60) and not queue.is_busy()
