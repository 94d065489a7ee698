"""Workflows mode: the server's workflow library on the left (default and user, search, tags), the
open workflow's name, description and notes, its generated form, and submitting it (runs, prepend,
a sweep of one input); the run's images and videos appear below the form as they are saved.

The screen puts together three widgets that post messages (``WorkflowLibrary``, ``SubmitBar``,
``RunResults``) around the form, and never builds requests: the library comes from
``client.workflow_repo``, the workflow and its form from the workflow engine (``WorkflowHandle``).
"""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Collapsible, Static

from ...client.errors import InvalidImageError
from ...workflow.errors import WorkflowError
from ...workflow.handle import WorkflowHandle
from ..messages import BoardsChanged, ServerReconnected
from ..widgets.form_fields import FieldEditor, ImageEditor, VideoEditor
from ..widgets.path_suggester import PathSuggester
from ..widgets.run_results import RunResults
from ..widgets.submit_bar import SubmitBar
from ..widgets.workflow_form import WorkflowForm
from ..widgets.workflow_library import WorkflowLibrary
from .results_screen import ResultsModeScreen
from .dialogs import TextPromptDialog
from .workflow_dialogs import SweepDialog
from .workflow_actions import choose_preset, pick_image, pick_video, sync_models

log = logging.getLogger(__name__)


class WorkflowsScreen(ResultsModeScreen):
    MODE = "workflows"
    HELP_TITLE = "Workflows"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    DEFAULT_CSS = """
    WorkflowsScreen.-narrow #wf-library { width: 24; }
    WorkflowsScreen.-narrow #queue-pane { width: 30; }
    WorkflowsScreen.-narrow #wf-submit-bar Button { min-width: 8; }
    WorkflowsScreen #wf-body { height: 1fr; }
    WorkflowsScreen #wf-main { width: 1fr; }
    WorkflowsScreen #wf-title { text-style: bold; padding: 0 1; background: $boost; width: 1fr; }
    WorkflowsScreen #wf-about { height: auto; max-height: 12; margin: 0; padding: 0; }
    WorkflowsScreen #wf-about Static { color: $text-muted; }
    WorkflowsScreen #wf-banner { color: $warning; padding: 0 1; height: auto; display: none; }
    WorkflowsScreen #wf-banner.-shown { display: block; }
    WorkflowsScreen #wf-placeholder { height: 1fr; content-align: center middle; color: $text-muted; }
    """
    BINDINGS = [
        Binding("f5,ctrl+s", "submit", "Submit", id="workflows.submit"),
        Binding("ctrl+o", "open_file", "Open file", id="workflows.open_file"),
        Binding("f6", "presets", "Presets", id="workflows.presets"),
        Binding("f7", "sweep", "Sweep", id="workflows.sweep"),
        Binding("f8", "sync_models", "Sync models", id="workflows.sync_models"),
        Binding("ctrl+l", "focus_library", "Library", show=False, id="workflows.library"),
        Binding("escape", "leave_form", "Back to library", show=False, id="workflows.leave_form"),
        Binding("slash", "search", "Search", show=False, id="workflows.search"),
        Binding("ctrl+r", "refresh", "Refresh", show=False, id="workflows.refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.models: list[Any] | None = None
        self.boards: list[Any] | None = None
        self.handle: WorkflowHandle | None = None
        self.form: WorkflowForm | None = None

    # -- layout -----------------------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        self.library_pane = WorkflowLibrary(id="wf-library")
        self.submit_bar = SubmitBar(id="wf-submit-bar")
        self.run_results = RunResults(id="wf-results")
        self.title_line = Static("No workflow open", id="wf-title")
        self.about = Collapsible(title="Description & notes", collapsed=True, id="wf-about")
        self.description = Static("", id="wf-description", markup=False)
        self.notes = Static("", id="wf-notes", markup=False)
        self.banner = Static("", id="wf-banner")
        self.placeholder = Static("Pick a workflow from the library (enter), or ctrl+o to open a file.",
                                  id="wf-placeholder")
        with Horizontal(id="wf-body"):
            yield self.library_pane
            with Vertical(id="wf-main") as self.main:
                yield self.title_line
                with self.about:
                    yield self.description
                    yield self.notes
                yield self.banner
                yield self.placeholder
                yield self.submit_bar
                yield self.run_results

    def on_mount(self) -> None:
        self.app.live.subscribe(self)  # BoardsChanged, ServerReconnected (tui/messages.py)
        self.library_pane.listing.focus()

    # What tests and benchmarks read: the library's workflows, the last run's (image, board) and error.
    library = property(lambda self: self.library_pane.workflows)
    results = property(lambda self: self.run_results.results)
    last_error = property(lambda self: self.run_results.last_error)

    # -- the library -------------------------------------------------------------------------
    @on(WorkflowLibrary.Chosen)
    def _library_chosen(self, event: WorkflowLibrary.Chosen) -> None:
        self.open_workflow(event.workflow_id)

    def action_search(self) -> None:
        self.library_pane.search.focus()

    def action_focus_library(self) -> None:
        self.library_pane.listing.focus()

    def _in_library(self) -> bool:
        focused = self.focused
        return focused is None or self.library_pane in focused.ancestors_with_self

    def action_leave_form(self) -> None:
        """Escape from the form (or the submit bar, or the results) goes back to the library."""
        if not self._in_library():
            self.library_pane.listing.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_form":  # escape means nothing more in the library itself
            return not self._in_library()
        return True

    def action_refresh(self) -> None:
        self.library_pane.reload()
        self.models = self.boards = None

    @on(BoardsChanged)
    @on(ServerReconnected)
    def _on_data_changed(self, _message: BoardsChanged | ServerReconnected) -> None:
        self.boards = None  # the board picker reads them again

    # -- opening ---------------------------------------------------------------------------------
    async def _catalog(self) -> tuple[list[Any], list[Any]]:
        """The installed models and the boards, for the model and board pickers."""
        if self.models is None:
            self.models = await self.client.dnn_model_repo.list_models()
        if self.boards is None:
            self.boards = await self.client.board_repo.list_boards()
        return self.models, self.boards

    def open_workflow(self, workflow_id: str) -> None:
        """Open a library workflow (also used by the command palette)."""
        self.library_pane.highlight(workflow_id)  # the library shows where you are

        async def make():
            handle = await self.client.workflow_repo.create_workflow_from_library(workflow_id)
            try:
                await self.client.workflow_repo.mark_opened(workflow_id)
            except Exception:  # noqa: BLE001 - "recently opened" is a nicety
                log.debug("mark_opened failed", exc_info=True)
            return handle

        self._open(make, "open the workflow")

    def open_file(self, path: str) -> None:
        self._open(partial(self.client.workflow_repo.create_workflow, Path(path).expanduser()),
                   "open the workflow file")

    def open_image_workflow(self, image_name: str) -> None:
        """Open the workflow embedded in a gallery image."""
        self._open(partial(self.client.workflow_repo.create_workflow_from_image, image_name),
                   "open the image's workflow")

    def _open(self, make, doing: str) -> None:
        self.run_worker(partial(self._open_worker, make), group="wf-open", exclusive=True, exit_on_error=False,
                        description=doing)

    async def _open_worker(self, make) -> None:
        try:
            models, boards = await self._catalog()
            handle = await make()
        except WorkflowError as exc:
            self.notify(str(exc), title="Cannot open the workflow", severity="error", timeout=8)
            return
        await self.show_handle(handle, models, boards)

    async def show_handle(self, handle: WorkflowHandle, models: list[Any], boards: list[Any]) -> None:
        self.handle = handle
        self.submit_bar.set_sweep(None)
        definition = handle.definition
        tags = ", ".join(definition.tags)
        self.title_line.update(Content.assemble(
            (definition.name or "(untitled)", "bold"), (f"  {definition.category}", "dim"),
            (f"  {tags}" if tags else "", "dim italic"), (f"  {len(handle.inputs)} inputs", "dim")))
        self.description.update(definition.description or "(no description)")
        self.notes.update(f"Notes: {definition.notes}" if definition.notes else "")
        self.about.title = "Description & notes" if definition.notes else "Description"
        old = self.form
        if old is not None:
            await old.remove()
        self.placeholder.display = False
        self.form = WorkflowForm(handle, models=models, boards=[b for b in boards if not b.is_uncategorized],
                                 id="wf-form")
        await self.main.mount(self.form, after=self.placeholder)
        self.update_banner()
        self.run_results.hide()
        self.form.focus_first_field()
        self.notify(f"Opened {definition.name}", timeout=2)

    def update_banner(self) -> None:
        missing = self.form.missing_models if self.form else []
        if missing:
            names = ", ".join(sorted({(e.missing.get("name") or e.missing["key"]) for e in missing}))
            self.banner.update(f"⚠ {len(missing)} model input(s) name models not installed here ({names}): "
                               "pick one in the form, or f8 syncs them to installed models")
        self.banner.set_class(bool(missing), "-shown")

    @work(group="wf-dialog", exit_on_error=False, description="open a workflow file")
    async def action_open_file(self) -> None:
        path = await self.app.push_screen_wait(TextPromptDialog(
            "Open a workflow file (.json, or a PNG made by InvokeAI)", placeholder="path to the file",
            suggester=PathSuggester(), hint="→ or tab accepts the completion; enter opens"))
        if path:
            self.open_file(path)

    # -- the form's helpers -------------------------------------------------------------------------
    @on(FieldEditor.Edited)
    def _edited(self, event: FieldEditor.Edited) -> None:
        if event.editor.winput.kind == "model":
            self.update_banner()

    @on(ImageEditor.PickRequested)
    def _pick_image(self, event: ImageEditor.PickRequested) -> None:
        self.run_worker(pick_image(self, event.editor, event.source), group="wf-dialog", exit_on_error=False,
                        description="pick an image")

    @on(VideoEditor.PickRequested)
    def _pick_video(self, event: VideoEditor.PickRequested) -> None:
        self.run_worker(pick_video(self, event.editor), group="wf-dialog", exit_on_error=False,
                        description="pick a video")

    def action_sync_models(self) -> None:
        if self.handle is not None:
            self.run_worker(sync_models(self), group="wf-sync", exclusive=True, exit_on_error=False,
                            description="sync the workflow's models")

    @work(group="wf-dialog", exit_on_error=False, description="use a preset")
    async def action_presets(self) -> None:
        if self.handle is None:
            self.notify("Open a workflow first.", severity="warning", timeout=3)
            return
        await choose_preset(self)

    # -- submitting --------------------------------------------------------------------------------------
    @on(SubmitBar.SweepRequested)
    @work(group="wf-dialog", exit_on_error=False, description="set up a sweep")
    async def action_sweep(self) -> None:
        if self.handle is None:
            return
        answer = await self.app.push_screen_wait(SweepDialog(self.handle.inputs, self.submit_bar.sweep))
        if answer == "clear":
            self.submit_bar.set_sweep(None)
        elif answer:
            self.submit_bar.set_sweep(answer, self.handle.inputs)

    @on(SubmitBar.SubmitRequested)
    def action_submit(self) -> None:
        if self.handle is None or self.form is None:
            self.notify("Open a workflow first.", severity="warning", timeout=3)
            return
        if not self.form.ready():
            return
        request = self.submit_bar.request()
        if request is not None:
            self.run_worker(self._submit(self.handle, request), group="wf-submit", exit_on_error=False,
                            description="submit the workflow")

    async def _submit(self, handle: WorkflowHandle, request) -> None:
        try:
            submission = await handle.submit(runs=request.runs, prepend=request.prepend, sweeps=request.sweeps)
        except (WorkflowError, InvalidImageError) as exc:  # also a local image or video the server would refuse
            self.notify(str(exc), title="Cannot submit", severity="error", timeout=8)
            return
        self.app.queue_pane_visible = True  # show the run's progress
        count = len(submission.item_ids)
        self.notify(f"Enqueued {count} item(s) of {handle.definition.name}", timeout=3)
        self.run_results.board_names = {b.board_id: b.board_name for b in self.boards or []}
        self.run_results.start(f"Running {count} item(s)… (batch {submission.batch_id[:8]})")
        await self.run_results.follow(handle, lambda: handle is self.handle)
