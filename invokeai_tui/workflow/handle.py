"""`WorkflowHandle`: one workflow bound to one server: inputs, submit, wait, outputs.

All network methods are async; the blocking client (`InvokeAIClient`) wraps the handle so
`submit_sync()` / `wait_for_completion_sync(timeout)` run them on its private loop.
Waiting is event-driven: the listener is registered BEFORE the batch is enqueued (with a
batch id chosen here), so a run that finishes in 50 ms is still seen. The run's own events
(status changes, every node's `invocation_complete`) are collected while waiting, so a finished
item is returned, and its images are known, the moment its terminal event arrives
(run_events.py). REST is the fallback: polling when the socket is down, and reading the items
when events may have been missed.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import os
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..client.records.queue import TERMINAL_STATUSES
from .batch import Sweep, batch_node_data, build_enqueue_body, count_sessions, sweep_data
from .definition import WorkflowDefinition
from .errors import (
    InputIndexError,
    WorkflowBuildError,
    WorkflowCanceledError,
    WorkflowRunError,
    WorkflowTimeoutError,
)
from .fields import BoardField, ImageField, ModelField, WorkflowField, make_field
from .form import FlatForm, FormElement
from .graph import build_graph, connected_inputs, translate_board
from .inputs import (
    WorkflowInput,
    build_inputs,
    compare_index_maps,
    field_template_for,
    input_index_map,
    make_node_field,
    write_json_atomically,
)
from .model_sync import ModelSyncReport, sync_model_references
from .outputs import OutputImages, map_outputs_to_images
from .run_events import RunEvents
from .schema import InvocationSchemas

log = logging.getLogger(__name__)

TERMINAL = TERMINAL_STATUSES  # the client's one definition of a finished item
DEFAULT_ORIGIN = "invokeai-tui"
# Events one run may buffer before anyone waits (a fan-out run sends one per node); past it the
# oldest are dropped and the items are read from the server instead.
RUN_EVENT_BUFFER = 20000


@dataclass
class Submission:
    """What one submit() enqueued."""

    batch_id: str
    item_ids: list[int]
    enqueued: int
    requested: int
    priority: int = 0
    body: dict[str, Any] = field(default_factory=dict, repr=False)


class WorkflowHandle:
    """A workflow ready to run on one server. Inputs are addressed by index (the form's
    reading order) or by (node id, field name)."""

    def __init__(self, client: Any, definition: WorkflowDefinition, schemas: InvocationSchemas | None = None) -> None:
        self.client = client
        self.definition = definition
        self.schemas = schemas
        self.inputs, self.form = build_inputs(definition, schemas)
        self._by_key = {i.key: i for i in self.inputs}
        self._detached: dict[tuple[str, str], WorkflowField] = {}
        self.auto_board_id: str | None = None  # where "auto" boards go; None = uncategorized
        self.origin = DEFAULT_ORIGIN
        self.destination = "gallery"
        self.last_submission: Submission | None = None
        self._subscription: Any = None
        self._run: RunEvents | None = None
        self._completed: list[Any] = []

    # --- inputs ---------------------------------------------------------------------
    def list_inputs(self) -> list[WorkflowInput]:
        return list(self.inputs)

    def get_input(self, index: int) -> WorkflowInput:
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(self.inputs):
            raise InputIndexError(
                f"No input {index!r}: this workflow has {len(self.inputs)} inputs"
                + (f" (0..{len(self.inputs) - 1})" if self.inputs else "")
            )
        return self.inputs[index]

    def get_input_value(self, index: int) -> WorkflowField:
        """The field of input `index`; set its `.value` (a model input: `.model`) to change it."""
        return self.get_input(index).field

    def set_input_value(self, index: int, value: Any) -> WorkflowField:
        """Set input `index` (a plain value, or a field whose value is copied)."""
        target = self.get_input(index).field
        target.set(value.get() if isinstance(value, WorkflowField) else value)
        return target

    def find_input(self, node_id: str, field_name: str) -> WorkflowInput | None:
        return self._by_key.get((node_id, field_name))

    def get_field(self, node_id: str, field_name: str) -> WorkflowField:
        """The field of any node input (exposed in the form or not)."""
        found = self._by_key.get((node_id, field_name))
        if found is not None:
            return found.field
        if (node_id, field_name) not in self._detached:
            if self.definition.node_input(node_id, field_name) is None:
                node = self.definition.get_node(node_id)
                if node is None:
                    raise InputIndexError(f"No node {node_id!r} in this workflow")
                raise InputIndexError(f"Node {node_id!r} has no input {field_name!r}")
            self._detached[(node_id, field_name)] = make_node_field(self.definition, self.schemas, node_id, field_name)
        return self._detached[(node_id, field_name)]

    def set_field_value(self, node_id: str, field_name: str, value: Any) -> WorkflowField:
        target = self.get_field(node_id, field_name)
        target.set(value)
        return target

    def form_elements(self) -> list[FormElement]:
        """The flattened form (containers, headings, text, dividers, fields) in reading order."""
        return list(self.form.elements)

    def preview(self) -> list[dict[str, Any]]:
        return [{"index": i.input_index, "label": i.label, "kind": i.kind, "node": i.node_label,
                 "field_name": i.field_name, "value": i.field.get()} for i in self.inputs]

    def export_input_index_map(self, path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
        data = input_index_map(self.inputs, self.definition)
        if path is not None:
            write_json_atomically(path, data)
        return data

    def verify_input_index_map(self, saved: str | os.PathLike[str] | Mapping[str, Any]) -> dict[str, Any]:
        """Compare a saved map (path or dict) with today's inputs: unchanged/moved/missing/new."""
        if not isinstance(saved, Mapping):
            import json

            with open(os.fspath(saved), encoding="utf-8") as fh:
                saved = json.load(fh)
        return compare_index_maps(dict(saved), self.inputs)

    def _all_fields(self) -> dict[tuple[str, str], WorkflowField]:
        fields = {i.key: i.field for i in self.inputs}
        fields.update(self._detached)
        return fields

    # --- building -------------------------------------------------------------------
    def apply_values(self) -> WorkflowDefinition:
        """A copy of the definition with every field's current value written into its node."""
        applied = WorkflowDefinition(self.definition.raw, source=self.definition.source)
        for (node_id, field_name), fld in self._all_fields().items():
            instance = applied.node_input(node_id, field_name)
            if instance is None:
                continue
            if isinstance(fld, ImageField) and fld.needs_upload:
                raise WorkflowBuildError(
                    f"{fld.label}: the local file {str(fld.local_path)!r} is uploaded on submit; "
                    "call submit() (or upload_pending_images()) first"
                )
            value = fld.to_json_value()
            if value is None and "value" not in instance:
                continue
            instance["value"] = value
        return applied

    def build_graph(self, *, auto_board_id: str | None = None) -> dict[str, Any]:
        board = auto_board_id if auto_board_id is not None else self.auto_board_id
        return build_graph(self.apply_values(), schemas=self.schemas, auto_board_id=board)

    def _sweep_list(self, sweeps: Mapping[Any, Sequence[Any]] | None, auto_board_id: str | None) -> list[Sweep]:
        if not sweeps:
            return []
        connected = connected_inputs(self.definition)
        result = []
        for key, values in sweeps.items():
            if isinstance(key, int) and not isinstance(key, bool):
                node_id, field_name = self.get_input(key).key
            elif isinstance(key, tuple) and len(key) == 2:
                node_id, field_name = key
            else:
                raise WorkflowBuildError(f"sweep keys are input indexes or (node id, field name), not {key!r}")
            if (node_id, field_name) in connected:
                raise WorkflowBuildError(f"{field_name} of node {node_id!r} is fed by a connection; it cannot be swept")
            if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
                raise WorkflowBuildError(f"sweep values for {field_name} must be a list")
            template = self.get_field(node_id, field_name).template
            checker = make_field(template, None, label=self.get_field(node_id, field_name).label)
            graph_values = []
            for value in values:
                checker.set(value)
                if isinstance(checker, ImageField) and checker.needs_upload:
                    raise WorkflowBuildError(f"{checker.label}: sweeps take server image names, not local files")
                out = checker.to_json_value()
                if isinstance(checker, BoardField):
                    keep, out = translate_board(out, auto_board_id)
                    if not keep:
                        raise WorkflowBuildError(f"{checker.label}: a sweep cannot leave the board out; use board ids")
                graph_values.append(out)
            result.append(Sweep(node_id, field_name, graph_values))
        return result

    def build_batch(
        self,
        *,
        runs: int = 1,
        prepend: bool = False,
        sweeps: Mapping[Any, Sequence[Any]] | None = None,
        sweep_mode: str = "zip",
        origin: str | None = None,
        destination: str | None = None,
        auto_board_id: str | None = None,
        batch_id: str | None = None,
    ) -> dict[str, Any]:
        """The enqueue_batch body: {"batch": {graph, workflow, data, runs, origin, destination}, "prepend"}."""
        board = auto_board_id if auto_board_id is not None else self.auto_board_id
        applied = self.apply_values()
        graph = build_graph(applied, schemas=self.schemas, auto_board_id=board)
        data = batch_node_data(applied) + sweep_data(self._sweep_list(sweeps, board), sweep_mode)
        body = build_enqueue_body(
            graph, workflow=applied.for_embedding(), data=data, runs=runs,
            origin=origin or self.origin, destination=destination or self.destination, prepend=prepend,
        )
        if batch_id:
            body["batch"]["batch_id"] = batch_id
        return body

    def count_sessions(self, *, runs: int = 1, sweeps=None, sweep_mode: str = "zip") -> int:
        data = batch_node_data(self.definition) + sweep_data(self._sweep_list(sweeps, None), sweep_mode)
        return count_sessions(data, runs)

    # --- running --------------------------------------------------------------------
    def _async_client(self) -> Any:
        return getattr(self.client, "async_client", None) or getattr(self.client, "_async", None) or self.client

    async def upload_pending_images(self) -> list[str]:
        """Upload every image field that holds a local file; returns the new image names."""
        names = []
        for fld in self._all_fields().values():
            if isinstance(fld, ImageField) and fld.needs_upload:
                record = await self._async_client().image_repo.upload_image(fld.local_path)
                fld.mark_uploaded(record.image_name)
                names.append(record.image_name)
        return names

    async def submit(
        self,
        *,
        runs: int = 1,
        prepend: bool = False,
        sweeps: Mapping[Any, Sequence[Any]] | None = None,
        sweep_mode: str = "zip",
        origin: str | None = None,
        destination: str | None = None,
        auto_board_id: str | None = None,
    ) -> Submission:
        """Upload local images, build the batch and enqueue it, listening before enqueueing."""
        client = self._async_client()
        await self.upload_pending_images()
        batch_id = str(uuid.uuid4())
        body = self.build_batch(runs=runs, prepend=prepend, sweeps=sweeps, sweep_mode=sweep_mode, origin=origin,
                                destination=destination, auto_board_id=auto_board_id, batch_id=batch_id)
        self._close_subscription()
        self._run = None
        events = getattr(client, "events", None)
        live = False
        if events is not None:
            try:
                live = bool(await events.start(wait=True, timeout=5))
            except Exception:  # noqa: BLE001 - no socket: polling still works
                log.debug("event stream did not start", exc_info=True)
            self._subscription = events.subscribe(
                batch_ids=[batch_id], event_types=["queue_item_status_changed", "invocation_complete"],
                maxsize=RUN_EVENT_BUFFER)
        try:
            result = await client.queue_repo.enqueue_batch(body["batch"], prepend=body["prepend"])
        except BaseException:
            self._close_subscription()
            raise
        submission = Submission(
            batch_id=result.batch_id or batch_id,
            item_ids=sorted(result.item_ids),
            enqueued=result.enqueued,
            requested=result.requested,
            priority=result.priority,
            body=body,
        )
        self.last_submission = submission
        labels, board_inputs = self._output_labels()
        self._run = RunEvents(submission.item_ids, body, trusted=live and self._subscription is not None,
                              node_labels=labels, board_inputs=board_inputs, priority=submission.priority)
        self._completed = []
        return submission

    def _close_subscription(self) -> None:
        if self._subscription is not None:
            self._subscription.close()
            self._subscription = None

    async def wait_for_all(
        self,
        timeout: float | None = None,
        *,
        poll_interval: float = 2.0,
        on_output: Callable[[OutputImages], Any] | None = None,
        full: bool = False,
    ) -> list[Any]:
        """Wait until every queue item of the last submission is finished; returns them (item id
        order). A failed item raises WorkflowRunError with the server's error.

        The items are built from the run's events (`RunQueueItem`: status, timestamps, errors,
        field values, and a session with the graph, results and mappings) unless events may have
        been missed; then, or with `full=True`, they are the server's full stored items.
        `on_output(OutputImages)` (sync or async) is called the moment a node's saved images are
        announced, before its item has finished."""
        submission = self.last_submission
        if submission is None:
            raise WorkflowBuildError("Nothing was submitted yet: call submit() first")
        client = self._async_client()
        pending = set(submission.item_ids)
        deadline = None if timeout is None else time.monotonic() + timeout
        sub = self._subscription
        run = self._run
        events = getattr(client, "events", None)

        async def take(event: Any) -> None:
            if getattr(event, "state", None) is not None:  # reconnected: events may be lost
                if run is not None:
                    run.distrust()
                await self._poll_statuses(client, pending)
                return
            found = run.add(event) if run is not None else None
            if found is not None and on_output is not None:
                answer = on_output(found)
                if inspect.isawaitable(answer):
                    await answer
            item_id = getattr(event, "item_id", None)
            if getattr(event, "status", None) in TERMINAL and item_id in pending:
                pending.discard(item_id)

        try:
            if run is None or not run.trusted:
                await self._poll_statuses(client, pending)  # catches anything finished before we looked
            while pending:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    raise WorkflowTimeoutError(
                        f"{len(pending)} of {len(submission.item_ids)} queue items of {self.definition.name!r} "
                        f"were not finished after {timeout:g} s"
                    )
                live = sub is not None and events is not None and getattr(events, "is_live", False)
                wait = poll_interval if live else min(poll_interval, 0.5)
                if remaining is not None:
                    wait = min(wait, remaining)
                if sub is None:
                    await asyncio.sleep(wait)
                    await self._poll_statuses(client, pending)
                    continue
                try:
                    event = await sub.get(timeout=wait)
                except (asyncio.TimeoutError, TimeoutError):
                    await self._poll_statuses(client, pending)  # fallback: the socket may be down
                    continue
                except StopAsyncIteration:
                    sub = None
                    continue
                await take(event)
            while sub is not None and (event := sub.get_nowait()) is not None:
                await take(event)  # what already arrived for items a poll saw finish
        finally:
            if run is not None and (sub is None or sub.dropped):
                run.distrust()
            self._close_subscription()
        items = self._items_from_events(submission.item_ids) if not full and run is not None else {}
        missing = [i for i in submission.item_ids if i not in items]
        if missing:
            for item in await client.queue_repo.get_items_by_ids(missing):
                items[item.item_id] = item
        ordered = sorted(items.values(), key=lambda i: i.item_id)
        self._completed = ordered
        for item in ordered:
            self._raise_if_failed(item)
        return ordered

    def _items_from_events(self, item_ids: list[int]) -> dict[int, Any]:
        found = {}
        for item_id in item_ids:
            item = self._run.queue_item(item_id) if self._run is not None else None
            if item is not None:
                found[item_id] = item
        return found

    async def wait_for_completion(
        self,
        timeout: float | None = None,
        *,
        poll_interval: float = 2.0,
        on_output: Callable[[OutputImages], Any] | None = None,
        full: bool = False,
    ) -> Any:
        """Wait for the last submission; returns its (first) QueueItem. See wait_for_all()."""
        items = await self.wait_for_all(timeout, poll_interval=poll_interval, on_output=on_output, full=full)
        return items[0] if items else None

    async def _poll_statuses(self, client: Any, pending: set[int]) -> None:
        if not pending:
            return
        try:
            summaries = await client.queue_repo.get_summaries_by_ids(sorted(pending))
        except Exception:  # noqa: BLE001 - a transient error: the next poll or event decides
            log.debug("status poll failed", exc_info=True)
            return
        for summary in summaries:
            if summary.status in TERMINAL:
                pending.discard(summary.item_id)

    def _raise_if_failed(self, item: Any) -> None:
        status = getattr(item, "status", None)
        if status == "failed":
            error_type = getattr(item, "error_type", None) or "UnknownError"
            error_message = getattr(item, "error_message", None) or "the server gave no message"
            raise WorkflowRunError(
                f"Workflow {self.definition.name!r} failed (queue item {item.item_id}): {error_type}: {error_message}",
                item_id=item.item_id, status=status, error_type=error_type, error_message=error_message,
                error_traceback=getattr(item, "error_traceback", None),
            )
        if status == "canceled":
            raise WorkflowCanceledError(
                f"Workflow {self.definition.name!r} was canceled (queue item {item.item_id})",
                item_id=item.item_id, status=status,
            )

    async def cancel(self) -> int:
        """Cancel every unfinished item of the last submission."""
        if self.last_submission is None:
            return 0
        return await self._async_client().queue_repo.cancel_by_batch_ids([self.last_submission.batch_id])

    async def get_queue_items(self) -> list[Any]:
        if self.last_submission is None:
            return []
        return await self._async_client().queue_repo.get_items_by_ids(self.last_submission.item_ids)

    # --- models ---------------------------------------------------------------------
    async def sync_dnn_model(self, by_name: bool = True, by_base: bool = False) -> ModelSyncReport:
        """Point model references unknown on this server at installed models (never over a user's choice)."""
        models = await self._async_client().dnn_model_repo.list_models()
        fields = {key: (fld, self._by_key[key].input_index if key in self._by_key else None)
                  for key, fld in self._all_fields().items() if isinstance(fld, ModelField)}
        report = sync_model_references(self.definition, models, fields=fields, templates=self.schemas,
                                       by_name=by_name, by_base=by_base)
        for entry in report.unmatched:
            log.info("model not matched: %s.%s: %s", entry.node_id, entry.field_name, entry.reason)
        return report

    # --- outputs --------------------------------------------------------------------
    def _output_labels(self) -> tuple[dict[str, str], dict[str, int]]:
        labels = {}
        for node in self.definition.invocation_nodes():
            data = node["data"]
            template = self.schemas.get(data["type"]) if self.schemas else None
            labels[node["id"]] = data.get("label") or (template.title if template else "") or data["type"]
        board_inputs = {i.node_id: i.input_index for i in self.inputs if i.kind == "board"}
        return labels, board_inputs

    def map_outputs_to_images(self, queue_item: Any = None) -> list[OutputImages]:
        """Images saved by every non-intermediate node of a run (or of several runs)."""
        if queue_item is None:
            queue_item = self._completed
        items = queue_item if isinstance(queue_item, list) else [queue_item]
        labels, board_inputs = self._output_labels()
        out: list[OutputImages] = []
        for item in items:
            out.extend(map_outputs_to_images(item, node_labels=labels, board_input_index=board_inputs))
        return out

    def __repr__(self) -> str:
        return f"WorkflowHandle({self.definition.name!r}, inputs={len(self.inputs)})"


__all__ = ["WorkflowHandle", "Submission", "field_template_for"]
