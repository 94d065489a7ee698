"""`WorkflowHandle`: one workflow's inputs on one server, and the batches built from them.

A submission is a `WorkflowRun` (run.py): it owns the enqueue, its event subscription, waiting,
cancel and output mapping. The handle keeps its last run and offers the seed's names through it
(`submit`, `wait_for_completion`, `wait_for_all`, `cancel`, `get_queue_items`,
`map_outputs_to_images`). All network methods are async; the blocking client
(`invokeai_tui.pyclient.InvokeAIClient`) wraps the handle so `submit_sync()` /
`wait_for_completion_sync(timeout)` run them on its private loop.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .batch import Sweep, batch_node_data, build_enqueue_body, count_sessions, sweep_data
from .definition import WorkflowDefinition
from .errors import InputIndexError, WorkflowBuildError
from .fields import BoardField, MediaField, ModelField, WorkflowField, make_field
from .form import FormElement
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
from .outputs import OutputImages, OutputNaming
from .run import Submission, WorkflowRun
from .uploads import upload_local_file
from .schema import InvocationSchemas

if TYPE_CHECKING:
    from .client_protocol import WorkflowClient

log = logging.getLogger(__name__)

DEFAULT_ORIGIN = "invokeai-tui"


class WorkflowHandle:
    """A workflow ready to run on one server. Inputs are addressed by index (the form's
    reading order) or by (node id, field name)."""

    def __init__(self, client: WorkflowClient | None, definition: WorkflowDefinition,
                 schemas: InvocationSchemas | None = None) -> None:
        self.client = client
        self.definition = definition
        self.schemas = schemas
        self.inputs, self.form = build_inputs(definition, schemas)
        self._by_key = {i.key: i for i in self.inputs}
        self._detached: dict[tuple[str, str], WorkflowField] = {}
        self.auto_board_id: str | None = None  # where "auto" boards go; None = uncategorized
        self.origin = DEFAULT_ORIGIN
        self.destination = "gallery"
        self.last_run: WorkflowRun | None = None

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
            if isinstance(fld, MediaField) and fld.needs_upload:
                raise WorkflowBuildError(
                    f"{fld.label}: the local file {str(fld.local_path)!r} is uploaded on submit; "
                    "call submit() (or upload_pending_files()) first"
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
                if isinstance(checker, MediaField) and checker.needs_upload:
                    raise WorkflowBuildError(
                        f"{checker.label}: sweeps take server {checker.WHAT} names, not local files")
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
    def _server(self) -> WorkflowClient:
        if self.client is None:
            raise WorkflowBuildError("This workflow handle has no server (it was made offline)")
        return self.client

    async def upload_pending_images(self) -> list[str]:
        """Upload every image or video field that holds a local file; returns the new server names."""
        return await self.upload_pending_files()

    async def upload_pending_files(self) -> list[str]:
        """Upload every image field's and video field's local file (images through the client's
        image repository, MP4s through its video repository); returns the new server names."""
        names = []
        for fld in self._all_fields().values():
            if isinstance(fld, MediaField) and fld.needs_upload:
                name = await upload_local_file(self._server(), fld)
                fld.mark_uploaded(name)
                names.append(name)
        return names

    async def start_run(
        self,
        *,
        runs: int = 1,
        prepend: bool = False,
        sweeps: Mapping[Any, Sequence[Any]] | None = None,
        sweep_mode: str = "zip",
        origin: str | None = None,
        destination: str | None = None,
        auto_board_id: str | None = None,
    ) -> WorkflowRun:
        """Upload local images and videos, build the batch and enqueue it; the run (also `last_run`)
        listens to its events from before the enqueue."""
        client = self._server()
        await self.upload_pending_files()
        body = self.build_batch(runs=runs, prepend=prepend, sweeps=sweeps, sweep_mode=sweep_mode, origin=origin,
                                destination=destination, auto_board_id=auto_board_id, batch_id=str(uuid.uuid4()))
        if self.last_run is not None:
            self.last_run.close()  # the previous run is no longer followed through this handle
        self.last_run = await WorkflowRun.start(client, body, name=self.definition.name, naming=self.output_naming())
        return self.last_run

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
        """start_run() under the seed's name: returns what was enqueued (the run is `last_run`)."""
        run = await self.start_run(runs=runs, prepend=prepend, sweeps=sweeps, sweep_mode=sweep_mode, origin=origin,
                                   destination=destination, auto_board_id=auto_board_id)
        return run.submission

    @property
    def last_submission(self) -> Submission | None:
        return self.last_run.submission if self.last_run is not None else None

    def _require_run(self) -> WorkflowRun:
        if self.last_run is None:
            raise WorkflowBuildError("Nothing was submitted yet: call submit() first")
        return self.last_run

    # The last run's waiting, under the seed's names (see WorkflowRun).
    async def wait_for_all(self, timeout: float | None = None, *, poll_interval: float = 2.0,
                           on_output: Callable[[OutputImages], Any] | None = None, full: bool = False) -> list[Any]:
        """Wait until every queue item of the last submission is finished; see WorkflowRun.wait_for_all."""
        return await self._require_run().wait_for_all(timeout, poll_interval=poll_interval, on_output=on_output,
                                                      full=full)

    async def wait_for_completion(self, timeout: float | None = None, *, poll_interval: float = 2.0,
                                  on_output: Callable[[OutputImages], Any] | None = None, full: bool = False) -> Any:
        """Wait for the last submission; returns its (first) QueueItem. See wait_for_all()."""
        return await self._require_run().wait_for_completion(timeout, poll_interval=poll_interval,
                                                             on_output=on_output, full=full)

    async def cancel(self) -> int:
        """Cancel every unfinished item of the last submission."""
        return 0 if self.last_run is None else await self.last_run.cancel()

    async def get_queue_items(self) -> list[Any]:
        return [] if self.last_run is None else await self.last_run.get_queue_items()

    # --- models ---------------------------------------------------------------------
    async def sync_dnn_model(self, by_name: bool = True, by_base: bool = False) -> ModelSyncReport:
        """Point model references unknown on this server at installed models (never over a user's choice)."""
        models = await self._server().dnn_model_repo.list_models()
        fields = {key: (fld, self._by_key[key].input_index if key in self._by_key else None)
                  for key, fld in self._all_fields().items() if isinstance(fld, ModelField)}
        report = sync_model_references(self.definition, models, fields=fields, templates=self.schemas,
                                       by_name=by_name, by_base=by_base)
        for entry in report.unmatched:
            log.info("model not matched: %s.%s: %s", entry.node_id, entry.field_name, entry.reason)
        return report

    # --- outputs --------------------------------------------------------------------
    def output_naming(self) -> OutputNaming:
        """Each node's label and the form's board input of each node, for naming outputs."""
        labels = {}
        for node in self.definition.invocation_nodes():
            data = node["data"]
            template = self.schemas.get(data["type"]) if self.schemas else None
            labels[node["id"]] = data.get("label") or (template.title if template else "") or data["type"]
        board_inputs = {i.node_id: i.input_index for i in self.inputs if i.kind == "board"}
        return OutputNaming(labels, board_inputs)

    def map_outputs_to_images(self, queue_item: Any = None) -> list[OutputImages]:
        """Images saved by every non-intermediate node of a run (or of several runs); with no
        argument, of the last run's finished items."""
        return self.output_naming().map_images(self._finished(queue_item))

    def map_outputs_to_videos(self, queue_item: Any = None) -> list[OutputImages]:
        """Videos (`video_names`) saved by every non-intermediate node of a run, as map_outputs_to_images."""
        return self.output_naming().map_videos(self._finished(queue_item))

    def map_outputs(self, queue_item: Any = None) -> list[OutputImages]:
        """Every node that saved images or videos, as map_outputs_to_images."""
        return self.output_naming().map(self._finished(queue_item))

    def _finished(self, queue_item: Any) -> Any:
        if queue_item is None:
            return self.last_run.completed if self.last_run is not None else []
        return queue_item

    def __repr__(self) -> str:
        return f"WorkflowHandle({self.definition.name!r}, inputs={len(self.inputs)})"


__all__ = ["WorkflowHandle", "Submission", "WorkflowRun", "field_template_for"]
