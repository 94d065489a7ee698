"""The published WorkflowHandle (`invokeai_py_client.workflow.workflow_handle`): one workflow,
its indexed inputs, submission and waiting, blocking, on the workflow engine's handle.

Everything the engine's handle offers beyond the published names (build_batch, set_field_value,
start_run, last_run, ...) stays reachable on this object, blocking.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from typing import TYPE_CHECKING, Any, AsyncGenerator, Callable

from invokeai_tui.client.records.queue import TERMINAL_STATUSES
from invokeai_tui.workflow.inputs import WorkflowInput

from .model_input import PublishedModelInput
from .results import AttrDict, OutputMapping, as_attr_dict, jsonpath_templates, published_output

if TYPE_CHECKING:
    from ..client import InvokeAIClient


@dataclasses.dataclass
class IvkWorkflowInput(WorkflowInput):
    """One indexed input of the form (the engine's WorkflowInput, with the published check)."""

    def validate_input(self) -> bool:
        """Whether the value fits (a required input needs one)."""
        if getattr(self.field, "needs_upload", False):
            return True  # a local image file, uploaded on submit
        return not (self.field.required and self.field.get() in (None, "", []))

    @classmethod
    def of(cls, engine_input: WorkflowInput) -> "IvkWorkflowInput":
        parts = {f.name: getattr(engine_input, f.name) for f in dataclasses.fields(engine_input)}
        if getattr(parts["field"], "kind", None) == "model":
            parts["field"] = PublishedModelInput(parts["field"])
        return cls(**parts)


# Outputs are the form's board inputs of output nodes (the published alias).
IvkWorkflowOutput = IvkWorkflowInput
TERMINAL = TERMINAL_STATUSES  # the client's one definition
# This handle's own attributes (the published ones); other attributes set on it go to the engine's handle.
OWN_ATTRIBUTES = frozenset({"client", "_engine", "definition", "inputs", "job", "uploaded_assets", "batch_id",
                            "item_id", "session_id"})


class WorkflowHandle:
    """Set inputs by index, submit, wait, map the outputs to images."""

    def __init__(self, client: "InvokeAIClient", definition: Any) -> None:
        self.client = client
        engine_repo = client.async_client.workflow_repo
        self._engine = client.run(engine_repo.create_workflow(definition))
        self.definition = self._engine.definition
        self.inputs: list[IvkWorkflowInput] = [IvkWorkflowInput.of(i) for i in self._engine.inputs]
        self.job = None
        self.uploaded_assets: list[str] = []
        self.batch_id: str | None = None
        self.item_id: int | None = None
        self.session_id: str | None = None

    # ------------------------------------------------------------ inputs
    def list_inputs(self) -> list[IvkWorkflowInput]:
        return list(self.inputs)

    def get_input(self, index: int) -> IvkWorkflowInput:
        self._engine.get_input(index)  # its IndexError names the valid range
        return self.inputs[index]

    def get_input_value(self, index: int) -> Any:
        """The input's field (the engine's, typed from the server's schema); a model input shows
        the chosen model's key/hash/name/base/type as the published one does."""
        field = self._engine.get_input_value(index)
        return PublishedModelInput(field) if getattr(field, "kind", None) == "model" else field

    def set_input_value(self, index: int, value: Any) -> None:
        """Assign a value (or a field object's value); raises FieldValueError when it does not fit."""
        if isinstance(value, PublishedModelInput):
            value = value.identifier()
        elif hasattr(value, "value") and not isinstance(value, (str, bytes, int, float, dict)) \
                and type(value).__name__.startswith("Ivk"):
            value = value.value
        self._engine.set_input_value(index, value)

    def validate_inputs(self) -> dict[int, list[str]]:
        """{input index: [problems]} for required inputs that have no value."""
        problems: dict[int, list[str]] = {}
        for inp in self.inputs:
            if not inp.validate_input():
                problems.setdefault(inp.input_index, []).append(f"{inp.label}: a value is required")
        return problems

    def preview(self) -> list[dict[str, Any]]:
        return self._engine.preview()

    def export_input_index_map(self, path: str) -> None:
        self._engine.export_input_index_map(path)

    def verify_input_index_map(self, path: str) -> dict[str, Any]:
        return self._engine.verify_input_index_map(path)

    def list_outputs(self) -> list[IvkWorkflowOutput]:
        """The form's board inputs: each names the board an output node saves to."""
        return [inp for inp in self.inputs if inp.kind == "board"]

    # ------------------------------------------------------------ submission
    def _check_inputs(self) -> None:
        problems = self.validate_inputs()
        if problems:
            lines = "; ".join(f"[{i}] {', '.join(msgs)}" for i, msgs in sorted(problems.items()))
            raise ValueError(f"Workflow input validation failed: {lines}")

    def _submitted(self, submission: Any) -> AttrDict:
        self.batch_id = submission.batch_id
        self.item_id = submission.item_ids[0] if submission.item_ids else None
        self.session_id = None
        if self.item_id is not None:
            item = self.client.run(self.client.async_client.queue_repo.get_item(self.item_id))
            self.session_id = item.session_id
        return AttrDict(batch_id=submission.batch_id, item_ids=list(submission.item_ids),
                        enqueued=submission.enqueued, session_id=self.session_id)

    def submit_sync(self, queue_id: str = "default", priority: int = 0, **run_options: Any) -> dict[str, Any]:
        """Enqueue the workflow; returns {"batch_id", "item_ids", "enqueued", "session_id"}.
        `run_options` are the engine's (runs, sweeps, sweep_mode, origin, destination, auto_board_id)."""
        self._check_inputs()
        return self._submitted(self.client.run(self._engine.submit(prepend=priority > 0, **run_options)))

    async def submit(self, queue_id: str = "default", priority: int = 0, subscribe_events: bool = False,
                     on_invocation_started: Callable | None = None, on_invocation_progress: Callable | None = None,
                     on_invocation_complete: Callable | None = None,
                     on_invocation_error: Callable | None = None) -> dict[str, Any]:
        """submit_sync() from the caller's event loop; with subscribe_events the on_* callbacks get
        this run's invocation events (Socket.IO in the caller's loop)."""
        result = await asyncio.to_thread(self.submit_sync, queue_id, priority)
        if subscribe_events:
            sio = await self.client.connect_socketio()
            await sio.emit("subscribe_queue", {"queue_id": queue_id})
            callbacks = {"invocation_started": on_invocation_started, "invocation_progress": on_invocation_progress,
                         "invocation_complete": on_invocation_complete, "invocation_error": on_invocation_error}
            for event, callback in callbacks.items():
                if callback is not None:
                    sio.on(event, self._for_this_run(callback))
        return result

    def _for_this_run(self, callback: Callable) -> Callable:
        def handler(payload: dict[str, Any]) -> Any:
            if payload.get("session_id") == self.session_id or payload.get("item_id") == self.item_id:
                return callback(payload)
            return None

        return handler

    # ------------------------------------------------------------ waiting
    def wait_for_completion_sync(self, poll_interval: float = 0.5, timeout: float = 60.0,
                                 progress_callback: Callable[[dict[str, Any]], Any] | None = None,
                                 queue_id: str = "default") -> dict[str, Any]:
        """Wait for the submitted run; returns its queue item as a dict. `progress_callback(item)`
        is called (in this thread) whenever the item's status changes. Failed or canceled runs
        raise RuntimeError, a timeout TimeoutError."""
        waiting = self.client.submit_to_loop(self._engine.wait_for_completion(timeout, poll_interval=poll_interval))
        last_status = None
        try:
            while progress_callback is not None and not waiting.done():
                summary = self._summary()
                if summary is not None and summary.get("status") != last_status:
                    last_status = summary.get("status")
                    progress_callback(summary)
                deadline = time.monotonic() + poll_interval
                while not waiting.done() and time.monotonic() < deadline:
                    time.sleep(min(0.05, poll_interval))
            item = as_attr_dict(self._result(waiting))
        finally:
            waiting.cancel()
        if progress_callback is not None and item is not None and item.get("status") != last_status:
            progress_callback(item)
        return item

    def _summary(self) -> AttrDict | None:
        if self.item_id is None:
            return None
        found = self.client.run(self.client.async_client.queue_repo.get_summaries_by_ids([self.item_id]))
        return as_attr_dict(found[0]) if found else None

    @staticmethod
    def _result(future: Any) -> Any:
        """The run's item; a failed or canceled run raises the engine's WorkflowRunError, which is
        a RuntimeError, as the published client raises."""
        return future.result()

    async def wait_for_completion(self, timeout: float | None = None, queue_id: str = "default") -> dict[str, Any]:
        """wait_for_completion_sync() from the caller's event loop (no time limit by default)."""
        future = self.client.submit_to_loop(self._engine.wait_for_completion(timeout))
        await asyncio.wrap_future(future)
        return as_attr_dict(self._result(future))

    async def submit_sync_monitor_async(self, queue_id: str = "default",
                                        priority: int = 0) -> AsyncGenerator[dict[str, Any], None]:
        """Submit, then yield {"event_type": "submission", ...} and one event per status change of the
        run (polled) until it finishes."""
        submitted = await asyncio.to_thread(self.submit_sync, queue_id, priority)
        yield {"event_type": "submission", **submitted}
        last = None
        while True:
            summary = await asyncio.to_thread(self._summary)
            status = None if summary is None else summary.get("status")
            if status != last and summary is not None:
                last = status
                yield {"event_type": "queue_item_status_changed", "session_id": self.session_id, **summary}
            if status in TERMINAL or summary is None:
                return
            await asyncio.sleep(0.5)

    def get_queue_item(self, queue_id: str = "default") -> dict[str, Any] | None:
        if self.item_id is None:
            return None
        return as_attr_dict(self.client.run(self.client.async_client.queue_repo.get_item(self.item_id)))

    def cancel(self, queue_id: str = "default") -> bool:
        """Cancel the submitted run (PUT .../cancel); False when nothing was submitted."""
        if self.item_id is None:
            return False
        return self.client.run(self._engine.cancel()) >= 0

    async def cancel_async(self, queue_id: str = "default") -> bool:
        return await asyncio.to_thread(self.cancel, queue_id)

    # ------------------------------------------------------------ models and outputs
    def sync_dnn_model(self, by_name: bool = True, by_base: bool = False) -> Any:
        """Point model inputs unknown on this server at installed models. The engine's report
        iterates as the published list of (old, new) identifier pairs (and has len())."""
        return self.client.run(self._engine.sync_dnn_model(by_name=by_name, by_base=by_base))

    def map_outputs_to_images(self, queue_item: Any) -> list[OutputMapping]:
        """Images saved by each output node of a finished queue item (dict or record), with `tier`."""
        return [published_output(found) for found in self._engine.map_outputs_to_images(queue_item)]

    def map_outputs_to_videos(self, queue_item: Any) -> list[OutputMapping]:
        """Videos saved by each output node (`video_names`, e.g. Wan 2.2's `wan_l2v`), same shape."""
        return [published_output(found) for found in self._engine.map_outputs_to_videos(queue_item)]

    def get_output_image_jsonpath_templates(self) -> list[dict[str, str]]:
        return jsonpath_templates(self.list_outputs())

    def __setattr__(self, name: str, value: Any) -> None:
        # Settings of the engine's handle (auto_board_id, ...) are set there.
        engine = self.__dict__.get("_engine")
        if engine is not None and name not in OWN_ATTRIBUTES and hasattr(engine, name):
            setattr(engine, name, value)
        else:
            object.__setattr__(self, name, value)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_engine", "client"):
            raise AttributeError(name)
        # The engine handle's other calls (build_batch, set_field_value, start_run, ...), blocking.
        from ..sync_client import SyncProxy

        return getattr(SyncProxy(self._engine, self.client._runner), name)

    def __repr__(self) -> str:
        return f"WorkflowHandle({self.definition.name!r}, inputs={len(self.inputs)})"
