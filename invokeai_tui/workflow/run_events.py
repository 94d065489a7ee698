"""What the event stream told about one submission's queue items, collected while waiting.

The server announces everything a caller of `wait_for_all` needs before (or with) the terminal
`queue_item_status_changed`: the status event carries status, timestamps and errors, and every
`invocation_complete` (sent before it, on the same socket) carries the graph node id
(`invocation_source_id`), the executed node (`invocation`) and its output (`result`, image names).
So a finished item can be returned, and its images mapped, the moment its terminal event arrives,
without one more REST read (which used to cost most of the completion latency).

The record is only trusted when nothing can have been missed: the stream was live before the
batch was enqueued, the subscription dropped nothing, the connection never wavered and the item's
terminal status came as an event. Otherwise the caller reads the item from the server, as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from invokeai_tui.client.records.queue import TERMINAL_STATUSES, QueueItem

from .outputs import OutputImages, output_of_node

TERMINAL = TERMINAL_STATUSES  # the client's one definition of a finished item


class RunQueueItem(QueueItem):
    """A queue item built from the run's own events (`wait_for_all` returns these when it can).

    `session` holds what the output mapping and most callers read: `graph` (the graph sent, with
    this item's batch values), `results`, `prepared_source_mapping` and `source_prepared_mapping`
    of every node that ran. The server's execution graph and history are NOT in it: read the full
    stored item with `await handle.get_queue_items()` (or `queue_repo.get_item(item_id)`)."""

    from_events: bool = True


@dataclass
class _ItemRecord:
    status_event: Any = None  # the last queue_item_status_changed of the item
    results: dict[str, Any] = field(default_factory=dict)  # prepared id -> result
    sources: dict[str, str] = field(default_factory=dict)  # prepared id -> graph node id
    invocations: dict[str, dict[str, Any]] = field(default_factory=dict)  # graph node id -> executed node


class RunEvents:
    """Collects one submission's events. `add(event)` returns the OutputImages an
    `invocation_complete` revealed (a non-intermediate node that saved images), else None."""

    def __init__(self, item_ids: list[int], body: dict[str, Any], *, trusted: bool,
                 node_labels: dict[str, str] | None = None, board_inputs: dict[str, int] | None = None,
                 priority: int = 0) -> None:
        self.items = {item_id: _ItemRecord() for item_id in item_ids}
        batch = body.get("batch") or {}
        self.graph: dict[str, Any] = batch.get("graph") or {}
        self.workflow = batch.get("workflow")
        # (node id, field name) of every batch value: the item's field_values are read off its events.
        self.batch_fields = [(entry["node_path"], entry["field_name"])
                             for group in batch.get("data") or [] for entry in group]
        self.trusted = trusted
        self.node_labels = node_labels or {}
        self.board_inputs = board_inputs or {}
        self.priority = priority

    def distrust(self) -> None:
        """Events may have been lost (drops, a reconnect): completion data comes from REST."""
        self.trusted = False

    def add(self, event: Any) -> OutputImages | None:
        record = self.items.get(getattr(event, "item_id", None))
        if record is None:
            return None
        if event.event == "queue_item_status_changed":
            record.status_event = event
            return None
        if event.event != "invocation_complete":
            return None
        invocation = event.invocation if isinstance(event.invocation, dict) else {}
        prepared_id = invocation.get("id") or f"{event.invocation_source_id}#{len(record.results)}"
        source_id = event.invocation_source_id or prepared_id
        record.results[prepared_id] = event.result
        record.sources[prepared_id] = source_id
        record.invocations.setdefault(source_id, invocation)
        node = self.graph.get("nodes", {}).get(source_id) or invocation
        return output_of_node(source_id, node, event.result, item_id=event.item_id,
                              node_labels=self.node_labels, board_input_index=self.board_inputs)

    def finished(self, item_id: int) -> bool:
        record = self.items.get(item_id)
        return record is not None and getattr(record.status_event, "status", None) in TERMINAL

    def queue_item(self, item_id: int) -> RunQueueItem | None:
        """The item as its events describe it, or None when they cannot be trusted to be whole."""
        record = self.items.get(item_id)
        if not self.trusted or record is None or not self.finished(item_id):
            return None
        field_values = []
        for node_id, field_name in self.batch_fields:
            executed = record.invocations.get(node_id)
            if executed is None or field_name not in executed:
                if record.status_event.status == "completed":
                    return None  # a batch value we did not see run: ask the server
                continue
            field_values.append({"node_path": node_id, "field_name": field_name, "value": executed[field_name]})
        status = record.status_event
        nodes = dict(self.graph.get("nodes") or {})
        for value in field_values:  # the server's session graph carries this item's batch values
            node = nodes.get(value["node_path"])
            if node is not None:
                nodes[value["node_path"]] = {**node, value["field_name"]: value["value"]}
        source_prepared: dict[str, list[str]] = {}
        for prepared_id, source_id in record.sources.items():
            source_prepared.setdefault(source_id, []).append(prepared_id)
        session = {
            "id": status.session_id,
            "graph": {**self.graph, "nodes": nodes},
            "results": dict(record.results),
            "errors": {},
            "prepared_source_mapping": dict(record.sources),
            "source_prepared_mapping": source_prepared,
        }
        return RunQueueItem(
            item_id=item_id, status=status.status, status_sequence=status.status_sequence,
            queue_id=status.queue_id, batch_id=status.batch_id, session_id=status.session_id,
            origin=status.origin, destination=status.destination, user_id=status.user_id,
            created_at=status.created_at, updated_at=status.updated_at, started_at=status.started_at,
            completed_at=status.completed_at, error_type=status.error_type, error_message=status.error_message,
            error_traceback=status.error_traceback, priority=self.priority, field_values=field_values,
            session=session, workflow=self.workflow,
        )
