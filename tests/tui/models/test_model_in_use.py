"""Deleting a model a running generation uses (on a copy of tiny-sd15 installed in place for the test,
never the shared one). InvokeAI 6.14.2 deletes it at once (HTTP 204) and the generation then fails with
"UnknownModelException: model not found" when it next loads a part of the model; the Remove dialog and
`invokeai-tui models delete` say so before it happens."""

from __future__ import annotations

import time
import uuid

import pytest

from invokeai_tui.tui.screens.dialogs import ConfirmDialog
from tests.support import rest
from tests.support.app_driving import SIZE, wait_for
from tests.support.app_probes import NotificationLog
from tests.support.models_cli import Cleanup, installed, models
from tests.tui.models.test_model_actions import dialog, open_models, select

TINY_SD15 = "tiny-sd15"


@pytest.fixture
def sd15_copy(server_url, tmp_path):
    """A copy of tiny-sd15 installed in place under a fresh name (deleted afterwards if still there)."""
    from tests.support.loopback_files import tiny_models_dir

    cleanup = Cleanup(server_url)
    name = f"in-use-{uuid.uuid4().hex[:6]}"
    cleanup.names.append(name)
    model = rest.install_model_copy(server_url, str(tiny_models_dir() / TINY_SD15), tmp_path, name=name)
    yield model
    cleanup.finish()


def start_long_generation(server_url: str, model: dict, steps: int) -> int:
    """Enqueue a text-to-image run of `model` and wait until it is in progress; its queue item id."""
    item_id = rest.enqueue_graph(server_url, rest.text_to_image_graph(model, None, steps=steps))["item_ids"][0]
    deadline = time.monotonic() + 60
    while rest.get_item(server_url, item_id)["status"] != "in_progress":
        assert time.monotonic() < deadline, "the generation did not start"
        time.sleep(0.1)
    return item_id


def cancel(server_url: str, item_id: int) -> None:
    rest.api(server_url, "PUT", f"/api/v1/queue/default/i/{item_id}/cancel")


async def test_the_remove_dialog_says_a_running_generation_uses_the_model(make_app, server_url, sd15_copy):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        log = NotificationLog(app)
        screen = await open_models(pilot)
        await select(pilot, screen, sd15_copy["key"])
        item_id = start_long_generation(server_url, sd15_copy, steps=300)
        try:
            await pilot.press("d")
            confirm = await dialog(pilot, ConfirmDialog)
            text = str(confirm.query_one(".text").render())
            assert f"A generation running now (queue item {item_id}) uses this model" in text, text
            assert 'fails with "model not found"' in text and "Cancel it first" in text
            await pilot.press("y")
            await wait_for(pilot, lambda: log.has("Removed", sd15_copy["name"]), what="removed")
        finally:
            cancel(server_url, item_id)
    assert all(m["key"] != sd15_copy["key"] for m in installed(server_url))


def test_the_cli_warns_and_the_generation_then_fails_with_model_not_found(server_url, tmp_path, sd15_copy):
    item_id = start_long_generation(server_url, sd15_copy, steps=150)
    try:
        done = models(server_url, tmp_path, "delete", sd15_copy["key"], "--yes")
        assert done.returncode == 0 and done.stdout.strip() == sd15_copy["key"], done.stderr
        warning, deleted = done.stderr.splitlines()
        assert f"A generation running now (queue item {item_id}) uses this model" in warning
        assert deleted.startswith("invokeai-tui models: deleted ")
        # What 6.14.2 does: the delete went through; the generation fails when it needs the model again.
        item = rest.wait_for_item(server_url, item_id, timeout=180)
        assert item["status"] == "failed" and item["error_type"] == "UnknownModelException", item["status"]
        assert "model not found" in item["error_message"]
    finally:
        cancel(server_url, item_id)


def test_no_warning_when_nothing_runs(server_url, tmp_path, sd15_copy):
    done = models(server_url, tmp_path, "delete", sd15_copy["key"], "--yes")
    assert done.returncode == 0 and "running now" not in done.stderr, done.stderr
