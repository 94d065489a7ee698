"""`invokeai-tui queue` as a subprocess against the real server: --watch follows a generation's progress
to its completion and Ctrl-C ends it with 130; the list, cancel (an item, a batch, all), retry, prune,
pause/resume and clear change what REST then reads; bad item ids exit 2 with nothing changed."""

from __future__ import annotations

import json
import time

from tests.support import rest
from tests.support.cli_run import Running, cli

STATUS = "/api/v1/queue/default/status"


def quick_graph() -> dict:
    return rest.blank_blur_graph(None, 16, 16)


def wait_status(url: str, item_id: int, status: str, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while (item := rest.get_item(url, item_id))["status"] != status:
        assert time.monotonic() < deadline, item["status"]
        time.sleep(0.1)
    return item


def test_watch_prints_a_runs_progress_and_completion_and_ctrl_c_exits_130(server_url, tmp_path):
    watching = Running(server_url, tmp_path, "queue", "--watch", "--json")
    try:
        first = json.loads(watching.next_line())
        assert first["event"] == "queue_status" and set(first["queue"]) >= {"pending", "in_progress", "completed"}
        graph = rest.text_to_image_graph(rest.model_by_name(server_url, "tiny-sd15"), None, steps=3, size=64)
        [item_id] = rest.enqueue_graph(server_url, graph)["item_ids"]
        seen: list[dict] = []
        while not any(d["event"] == "item_status" and d["item_id"] == item_id and d["status"] == "completed"
                      for d in seen):
            seen.append(json.loads(watching.next_line()))  # each line one JSON document
        mine = [d for d in seen if d.get("item_id") == item_id]
        progress = [d for d in mine if d["event"] == "progress"]
        assert progress and all(0 <= (d["percentage"] or 0) <= 1 for d in progress)
        assert any(d["node_type"] == "denoise_latents" and d["percentage"] for d in progress)
        statuses = [d["status"] for d in mine if d["event"] == "item_status"]
        assert statuses[0] == "in_progress" and statuses[-1] == "completed"
        [image] = [d["image_name"] for d in mine if d["event"] == "image"]
        assert rest.get_item(server_url, item_id)["status"] == "completed"
        assert rest.api(server_url, "GET", f"/api/v1/images/i/{image}")["image_name"] == image
        code, err = watching.interrupt()
        assert code == 130 and "stopped watching" in err and "nothing is queued" in err
    finally:
        watching.kill()


def test_watch_in_plain_lines_and_ctrl_c_says_what_stays_queued(server_url, tmp_path):
    rest.api(server_url, "PUT", "/api/v1/queue/default/processor/pause")
    watching = Running(server_url, tmp_path, "queue", "--watch")
    try:
        assert watching.next_line().startswith("queue pending ")
        batch = rest.enqueue_graph(server_url, quick_graph())
        assert watching.next_line() == f"batch {batch['batch']['batch_id']} enqueued 1 item(s)"
        code, err = watching.interrupt()
        assert code == 130 and "1 pending and 0 running stay queued on the server" in err
        assert rest.get_item(server_url, batch["item_ids"][0])["status"] == "pending"  # never canceled by Ctrl-C
    finally:
        watching.kill()
        rest.api(server_url, "PUT", "/api/v1/queue/default/processor/resume")


def test_pause_list_cancel_retry_resume_prune(server_url, tmp_path):
    paused = cli(server_url, tmp_path, "queue", "pause", "--json")
    assert paused.returncode == 0 and json.loads(paused.stdout)["paused"] is True, paused.stderr
    try:
        assert rest.api(server_url, "GET", STATUS)["processor"]["is_started"] is False
        [single] = rest.enqueue_graph(server_url, quick_graph())["item_ids"]
        pair = rest.enqueue_graph(server_url, quick_graph(), runs=2)
        batch_id, pair_ids = pair["batch"]["batch_id"], pair["item_ids"]

        listed = cli(server_url, tmp_path, "queue", "--json")
        assert listed.returncode == 0, listed.stderr
        document = json.loads(listed.stdout)
        server = rest.api(server_url, "GET", STATUS)["queue"]
        assert document["paused"] is True
        assert {k: document["queue"][k] for k in ("pending", "completed", "total")} == {
            k: server[k] for k in ("pending", "completed", "total")}
        by_id = {item["item_id"]: item for item in document["items"]}
        assert all(by_id[i]["status"] == "pending" for i in (single, *pair_ids))

        canceled = cli(server_url, tmp_path, "queue", "cancel", str(single))
        assert canceled.returncode == 0 and canceled.stdout == f"{single} canceled\n", canceled.stderr
        assert rest.get_item(server_url, single)["status"] == "canceled"

        retried = cli(server_url, tmp_path, "queue", "retry", str(single), "--json")
        assert retried.returncode == 0, retried.stderr
        [result] = json.loads(retried.stdout)
        new_id = result["new_item_id"]
        assert result["item_id"] == single and new_id > single
        assert rest.get_item(server_url, new_id)["retried_from_item_id"] == single

        total = rest.api(server_url, "GET", STATUS)["queue"]["total"]
        refused = cli(server_url, tmp_path, "queue", "retry", str(pair_ids[0]))
        assert refused.returncode == 2 and f"item {pair_ids[0]} is pending" in refused.stderr
        missing = cli(server_url, tmp_path, "queue", "cancel", "999999")
        assert missing.returncode == 2 and "no item 999999" in missing.stderr and missing.stdout == ""
        assert rest.api(server_url, "GET", STATUS)["queue"]["total"] == total  # nothing sent

        by_batch = cli(server_url, tmp_path, "queue", "cancel", "--batch", batch_id)
        assert by_batch.returncode == 0 and by_batch.stdout == "2\n", by_batch.stderr
        assert [rest.get_item(server_url, i)["status"] for i in pair_ids] == ["canceled", "canceled"]
        everything = cli(server_url, tmp_path, "queue", "cancel", "--all")
        assert everything.returncode == 0 and everything.stdout == "1\n", everything.stderr
        assert rest.get_item(server_url, new_id)["status"] == "canceled"
        again = cli(server_url, tmp_path, "queue", "retry", str(new_id))  # a retry of a retry: the server
        assert again.returncode == 0, again.stderr                     # links it to the first item
        newest = int(again.stdout)
        assert newest > new_id and rest.get_item(server_url, newest)["retried_from_item_id"] == single
        assert cli(server_url, tmp_path, "queue", "cancel", "--all").stdout == "1\n"
        usage = cli(server_url, tmp_path, "queue", "cancel", "--all", str(new_id))
        assert usage.returncode == 2 and usage.stdout == ""
    finally:
        resumed = cli(server_url, tmp_path, "queue", "resume")
    assert resumed.returncode == 0 and resumed.stdout == "running\n", resumed.stderr
    assert rest.api(server_url, "GET", STATUS)["processor"]["is_started"] is True

    pruned = cli(server_url, tmp_path, "queue", "prune", "--json")
    assert pruned.returncode == 0 and json.loads(pruned.stdout)["deleted"] >= 4, pruned.stderr
    left = rest.api(server_url, "GET", STATUS)["queue"]
    assert left["completed"] == left["failed"] == left["canceled"] == 0


def test_clear_cancels_the_running_item_and_deletes_every_item(server_url, tmp_path):
    [running] = rest.enqueue_graph(server_url, rest.long_running_graph())["item_ids"]
    rest.enqueue_graph(server_url, quick_graph())
    wait_status(server_url, running, "in_progress")
    cleared = cli(server_url, tmp_path, "queue", "clear")
    assert cleared.returncode == 0 and int(cleared.stdout) >= 2, cleared.stderr
    assert rest.api(server_url, "GET", STATUS)["queue"]["total"] == 0
    shown = cli(server_url, tmp_path, "queue")
    assert shown.returncode == 0 and shown.stdout.startswith("queue pending 0  running 0") and "ITEM" not in shown.stdout
