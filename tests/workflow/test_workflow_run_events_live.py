"""wait_for_all builds finished items from the run's own events; they must agree with the server's."""

from __future__ import annotations

import asyncio

from tests.support import rest as helpers
from tests.support import workflow_builders as wb

from invokeai_tui.pyclient import AsyncInvokeAIClient
from invokeai_tui.workflow import WorkflowDefinition
from invokeai_tui.workflow import run as run_module
from invokeai_tui.workflow.run_events import RunQueueItem


SAME_FIELDS = ("item_id", "status", "batch_id", "session_id", "origin", "destination", "created_at", "started_at",
               "completed_at", "error_type", "priority", "queue_id")


def _same_as_server(ours, stored) -> None:
    assert isinstance(ours, RunQueueItem) and not isinstance(stored, RunQueueItem)
    for name in SAME_FIELDS:
        assert getattr(ours, name) == getattr(stored, name), name
    assert [(f.node_path, f.field_name, f.value) for f in ours.field_values] == \
        [(f.node_path, f.field_name, f.value) for f in stored.field_values]
    assert ours.session["prepared_source_mapping"] == stored.session["prepared_source_mapping"]
    assert ours.session["results"] == stored.session["results"]
    assert ours.session["graph"]["nodes"].keys() == stored.session["graph"]["nodes"].keys()


async def test_swept_items_from_events_match_the_stored_items(server_url, board):
    async with AsyncInvokeAIClient.from_url(server_url) as client:
        wf = await client.workflow_repo.create_workflow(WorkflowDefinition.from_dict(wb.connector_workflow()))
        wf.set_input_value(4, board)
        announced = []
        await wf.submit(sweeps={1: [24, 40]})
        items = await wf.wait_for_all(timeout=60, on_output=announced.append)
        stored = await wf.get_queue_items()
        stored.sort(key=lambda i: i.item_id)
        assert len(items) == 2 and [i.item_id for i in items] == [i.item_id for i in stored]
        for ours, theirs in zip(items, stored):
            _same_as_server(ours, theirs)
        heights = sorted(i.session["graph"]["nodes"]["blank"]["height"] for i in items)
        assert heights == [24, 40]  # each item's session graph carries its own batch value
        from_events, from_server = wf.map_outputs_to_images(items), wf.map_outputs_to_images(stored)
        assert from_events == from_server and len(from_events) == 2
        assert all(o.board_id == board and o.node_id == "save" and o.input_index == 4 for o in from_events)
        assert sorted(n for o in announced for n in o.image_names) == \
            sorted(n for o in from_server for n in o.image_names)
        assert helpers.board_image_names(server_url, board) and \
            {n for o in announced for n in o.image_names} <= set(helpers.board_image_names(server_url, board))


async def test_fan_out_images_from_events_in_the_servers_order(server_url, board):
    async with AsyncInvokeAIClient.from_url(server_url) as client:
        wf = await client.workflow_repo.create_workflow(WorkflowDefinition.from_dict(wb.fan_out_workflow(4)))
        wf.set_input_value(1, board)
        await wf.submit()
        item = await wf.wait_for_completion(timeout=60)
        stored = (await wf.get_queue_items())[0]
        _same_as_server(item, stored)
        ours = wf.map_outputs_to_images(item)
        assert ours == wf.map_outputs_to_images(stored)
        assert len(ours) == 1 and len(ours[0].image_names) == 4


async def test_a_runs_outputs_stream_once_each_as_saved(server_url, board):
    """The run apart from its form: `async for output in run.outputs()` yields every saved image
    once, the same the finished items map to."""
    async with AsyncInvokeAIClient.from_url(server_url) as client:
        wf = await client.workflow_repo.create_workflow(WorkflowDefinition.from_dict(wb.connector_workflow()))
        wf.set_input_value(4, board)
        run = await wf.start_run(sweeps={1: [24, 40]})
        assert wf.last_run is run and wf.last_submission is run.submission
        streamed = [output async for output in run.outputs(timeout=60)]
        names = sorted(n for o in streamed for n in o.image_names)
        assert len(names) == 2 == len(set(names))
        assert names == sorted(n for o in run.map_outputs_to_images() for n in o.image_names)
        assert all(o.board_id == board and o.input_index == 4 for o in streamed)


async def test_full_reads_the_stored_item(server_url, board):
    async with AsyncInvokeAIClient.from_url(server_url) as client:
        wf = await client.workflow_repo.create_workflow(WorkflowDefinition.from_dict(wb.connector_workflow()))
        wf.set_input_value(4, board)
        await wf.submit()
        item = await wf.wait_for_completion(timeout=60, full=True)
        assert not isinstance(item, RunQueueItem) and "execution_graph" in item.session
        assert wf.map_outputs_to_images(item)[0].board_id == board


async def test_dropped_events_fall_back_to_the_server(server_url, board, monkeypatch):
    """A buffer too small for the run's events drops some: the items are then read from the server."""
    monkeypatch.setattr(run_module, "RUN_EVENT_BUFFER", 2)
    async with AsyncInvokeAIClient.from_url(server_url) as client:
        wf = await client.workflow_repo.create_workflow(WorkflowDefinition.from_dict(wb.fan_out_workflow(3)))
        wf.set_input_value(1, board)
        submission = await wf.submit()
        for _ in range(600):  # nobody drains the buffer meanwhile
            if (await client.queue_repo.get_summaries_by_ids(submission.item_ids))[0].is_terminal:
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.3)  # the last events arrive
        item = await wf.wait_for_completion(timeout=60)
        assert not isinstance(item, RunQueueItem) and item.status == "completed"
        assert len(wf.map_outputs_to_images(item)[0].image_names) == 3
