"""Workflows mode: the server's workflow library on the left (default and user, search, tags), the
open workflow's name, description and notes, its generated form, and submitting it (runs, prepend,
a sweep of one input); the run's images appear below the form when it completes.

The screen never builds requests: the library comes from ``client.workflow_repo``, the workflow
and its form from the workflow engine (``WorkflowHandle``), and the queue from the queue monitor.
"""

from __future__ import annotations

from functools import partial

import asyncio
import logging
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Collapsible, Input, Label, OptionList, Select, Static, Switch
from textual.widgets.option_list import Option

from ...client.image_files import safe_file_name
from ...workflow.errors import WorkflowCanceledError, WorkflowError, WorkflowRunError
from ...workflow.handle import WorkflowHandle
from ...config import presets as preset_files
from ..messages import BoardsChanged, ServerReconnected
from ..widgets.form_fields import FieldEditor, ImageEditor
from ..widgets.image_preview import ImagePreview
from ..widgets.path_suggester import PathSuggester
from ..widgets.workflow_form import WorkflowForm
from .base import ModeScreen
from .boards import free_path
from .dialogs import TextPromptDialog
from .workflow_dialogs import ImagePickDialog, PresetDialog, SweepDialog

log = logging.getLogger(__name__)

class ResultList(OptionList):
    """The run's images; b opens the highlighted one's board, w downloads it."""

    BINDINGS = [
        Binding("b", "screen.open_in_board", "Open in board", id="workflows.result_board"),
        Binding("w", "screen.download_result", "Download", id="workflows.result_download"),
    ]


class SubmitBar(Horizontal):
    """Runs, prepend, sweep and submit. When the form is narrow (the queue pane is open, or the
    terminal is small) the less needed parts give way, so Submit always stays on screen."""

    TIGHT, TINY = 58, 46  # cells: below TIGHT the sweep button and text go (f7 still works), below TINY prepend

    def on_resize(self) -> None:
        width = self.size.width
        self.set_class(width < self.TIGHT, "-tight")
        self.set_class(width < self.TINY, "-tiny")


class LibrarySearch(Input):
    """The library's search box: enter opens the first match, down goes to the list's first item."""

    BINDINGS = [Binding("down", "screen.library_first", "First match", show=False, id="workflows.search_down")]


CATEGORIES = [("All workflows", "all"), ("Default", "default"), ("User", "user")]


class WorkflowsScreen(ModeScreen):
    MODE = "workflows"
    HELP_TITLE = "Workflows"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    DEFAULT_CSS = """
    WorkflowsScreen.-narrow #wf-library { width: 24; }
    WorkflowsScreen.-narrow #queue-pane { width: 30; }
    WorkflowsScreen.-narrow #wf-submit-bar Button { min-width: 8; }
    WorkflowsScreen #wf-body { height: 1fr; }
    WorkflowsScreen #wf-library { width: 34; border-right: solid $panel-lighten-2; }
    WorkflowsScreen .pane-title { text-style: bold; padding: 0 1; background: $boost; width: 1fr; }
    WorkflowsScreen #wf-search { margin: 0; }
    WorkflowsScreen #wf-list { height: 1fr; border: none; }
    WorkflowsScreen #wf-main { width: 1fr; }
    WorkflowsScreen #wf-title { text-style: bold; padding: 0 1; background: $boost; width: 1fr; }
    WorkflowsScreen #wf-about { height: auto; max-height: 12; margin: 0; padding: 0; }
    WorkflowsScreen #wf-about Static { color: $text-muted; }
    WorkflowsScreen #wf-banner { color: $warning; padding: 0 1; height: auto; display: none; }
    WorkflowsScreen #wf-banner.-shown { display: block; }
    WorkflowsScreen #wf-placeholder { height: 1fr; content-align: center middle; color: $text-muted; }
    WorkflowsScreen #wf-search, WorkflowsScreen #wf-category, WorkflowsScreen #wf-tag { margin: 0 1 0 0; }
    WorkflowsScreen #wf-submit-bar { height: 3; padding: 0 1; background: $boost; align-vertical: middle; }
    WorkflowsScreen #wf-submit-bar Label { height: 1; margin-right: 1; }
    WorkflowsScreen #wf-runs { width: 7; }
    WorkflowsScreen #wf-sweep-text { width: 1fr; height: 1; color: $text-muted; }
    WorkflowsScreen #wf-submit-bar Button { margin-left: 1; }
    WorkflowsScreen #wf-submit-bar.-tight #wf-sweep { display: none; }
    WorkflowsScreen #wf-submit-bar.-tiny .prepend { display: none; }
    WorkflowsScreen #wf-results { height: auto; display: none; border-top: solid $panel-lighten-2; }
    WorkflowsScreen #wf-results.-shown { display: block; }
    WorkflowsScreen #wf-results-body { height: 12; display: none; }
    WorkflowsScreen #wf-results.-images #wf-results-body { display: block; }
    WorkflowsScreen #wf-results-title { padding: 0 1; height: 1; }
    WorkflowsScreen #wf-result-list { width: 1fr; height: 1fr; border: none; text-wrap: nowrap; text-overflow: ellipsis; }
    WorkflowsScreen #wf-result-preview { width: 50%; max-width: 30; }
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
        self.library: list[Any] = []
        self.models: list[Any] | None = None
        self.boards: list[Any] | None = None
        self.handle: WorkflowHandle | None = None
        self.form: WorkflowForm | None = None
        self.sweep: tuple[int, list[Any]] | None = None
        self.results: list[tuple[str, str]] = []  # (image name, board id)
        self.last_error: str | None = None
        self.opening = False
        self._library_timer = None

    # -- layout -----------------------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        with Horizontal(id="wf-body"):
            with Vertical(id="wf-library"):
                yield Label("Library", classes="pane-title", id="wf-library-title")
                yield LibrarySearch(placeholder="search (/), ⏎ opens", id="wf-search", compact=True)
                yield Select(CATEGORIES, value="all", allow_blank=False, id="wf-category", compact=True)
                yield Select([], prompt="any tag", allow_blank=True, id="wf-tag", compact=True)
                yield OptionList(id="wf-list")
            with Vertical(id="wf-main"):
                yield Static("No workflow open", id="wf-title")
                with Collapsible(title="Description & notes", collapsed=True, id="wf-about"):
                    yield Static("", id="wf-description", markup=False)
                    yield Static("", id="wf-notes", markup=False)
                yield Static("", id="wf-banner")
                yield Static("Pick a workflow from the library (enter), or ctrl+o to open a file.",
                             id="wf-placeholder")
                with SubmitBar(id="wf-submit-bar"):
                    yield Label("Runs")
                    yield Input("1", type="integer", id="wf-runs", compact=True)
                    yield Label(" Prepend", classes="prepend")
                    yield Switch(False, id="wf-prepend", classes="prepend")
                    yield Static("", id="wf-sweep-text")
                    yield Button("Sweep… f7", id="wf-sweep", compact=True)
                    yield Button("Submit f5", id="wf-submit", variant="primary", compact=True)
                with Vertical(id="wf-results"):
                    yield Static("", id="wf-results-title")
                    with Horizontal(id="wf-results-body"):
                        yield ResultList(id="wf-result-list")
                        yield ImagePreview(id="wf-result-preview", full_image_key=None)

    def on_mount(self) -> None:
        self.app.live.subscribe(self)  # BoardsChanged, ServerReconnected (tui/messages.py)
        self.load_library()
        self.load_tags()
        self.query_one("#wf-list").focus()

    # -- the library -------------------------------------------------------------------------
    @work(group="wf-library", exclusive=True, exit_on_error=False, description="list the workflows")
    async def load_library(self, then: str | None = None) -> None:
        """List the library as the filters say; ``then`` is "open" (the first match) or "first"
        (focus the list on its first item), for a search box that was left before the list caught up."""
        category = self.query_one("#wf-category", Select).value
        tag = self.query_one("#wf-tag", Select).value
        query = self.query_one("#wf-search", Input).value.strip() or None
        page = await self.client.workflow_repo.list_workflows(
            category=None if category == "all" else category, query=query,
            tags=None if tag is Select.NULL else [tag], per_page=None,
        )
        self.library = page.items
        listing = self.query_one("#wf-list", OptionList)
        was = listing.highlighted_option.id if listing.highlighted_option is not None else None
        listing.clear_options()
        listing.add_options([
            Option(Content.assemble(w.name or "(untitled)", ("  user" if w.category == "user" else "", "dim")),
                   id=w.workflow_id)
            for w in page.items
        ])
        if page.items:  # stay on the same workflow when it is still listed
            ids = [w.workflow_id for w in page.items]
            listing.highlighted = ids.index(was) if was in ids and then is None else 0
        self.query_one("#wf-library-title", Label).update(f"Library ({len(page.items)})")
        if then is not None:
            self._after_search(then)

    def _after_search(self, then: str) -> None:
        listing = self.query_one("#wf-list", OptionList)
        if not listing.option_count:
            query = self.query_one("#wf-search", Input).value.strip()
            self.notify(f"No workflow matches “{query}”." if query else "The library is empty.",
                        severity="warning", timeout=3)
            return
        listing.highlighted = 0
        listing.focus()
        if then == "open":
            self.open_workflow(listing.get_option_at_index(0).id)

    def _search_then(self, then: str) -> None:
        """Act on the list once it shows what the search box says (at once when it does already)."""
        pending = False
        if self._library_timer is not None:
            self._library_timer.stop()
            self._library_timer = None
            pending = True
        if pending or any(w.group == "wf-library" and w.is_running for w in self.workers):
            self.load_library(then)
        else:
            self._after_search(then)

    @work(group="wf-tags", exclusive=True, exit_on_error=False, description="list the workflow tags")
    async def load_tags(self) -> None:
        tags = await self.client.workflow_repo.list_tags()
        select = self.query_one("#wf-tag", Select)
        with select.prevent(Select.Changed):
            select.set_options([(t, t) for t in sorted(set(tags), key=str.lower)])

    @on(Input.Changed, "#wf-search")
    def _search_changed(self, _event: Input.Changed) -> None:
        if self._library_timer is not None:
            self._library_timer.stop()
        self._library_timer = self.set_timer(0.3, self._search_due)

    def _search_due(self) -> None:
        self._library_timer = None
        self.load_library()

    @on(Input.Submitted, "#wf-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._search_then("open")

    def action_library_first(self) -> None:
        self._search_then("first")

    @on(Select.Changed, "#wf-category")
    @on(Select.Changed, "#wf-tag")
    def _filter_changed(self, _event: Select.Changed) -> None:
        self.load_library()

    @on(OptionList.OptionSelected, "#wf-list")
    def _library_selected(self, event: OptionList.OptionSelected) -> None:
        self.open_workflow(event.option.id)

    def action_search(self) -> None:
        self.query_one("#wf-search").focus()

    def action_focus_library(self) -> None:
        self.query_one("#wf-list").focus()

    def action_leave_form(self) -> None:
        """Escape from the form (or the submit bar, or the results) goes back to the library."""
        focused = self.focused
        if focused is None or self.query_one("#wf-library") in focused.ancestors_with_self:
            return
        self.query_one("#wf-list").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_form":  # escape means nothing more in the library itself
            focused = self.focused
            return focused is not None and self.query_one("#wf-library") not in focused.ancestors_with_self
        return True

    def action_refresh(self) -> None:
        self.load_library()
        self.load_tags()
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
        listing = self.query_one("#wf-list", OptionList)
        index = next((i for i, w in enumerate(self.library) if w.workflow_id == workflow_id), None)
        if index is not None and index < listing.option_count:  # the library shows where you are
            listing.highlighted = index
        async def make():
            handle = await self.client.workflow_repo.create_workflow_from_library(workflow_id)
            try:
                await self.client.workflow_repo.mark_opened(workflow_id)
            except Exception:  # noqa: BLE001 - "recently opened" is a nicety
                log.debug("mark_opened failed", exc_info=True)
            return handle

        self._open(make, "open the workflow")

    def open_file(self, path: str) -> None:
        async def make():
            return await self.client.workflow_repo.create_workflow(Path(path).expanduser())

        self._open(make, "open the workflow file")

    def open_image_workflow(self, image_name: str) -> None:
        """Open the workflow embedded in a gallery image."""
        async def make():
            return await self.client.workflow_repo.create_workflow_from_image(image_name)

        self._open(make, "open the image's workflow")

    def _open(self, make, doing: str) -> None:
        self.opening = True
        self.run_worker(partial(self._open_worker, make, doing), group="wf-open", exclusive=True, exit_on_error=False,
                        description=doing)

    async def _open_worker(self, make, doing: str) -> None:
        try:
            models, boards = await self._catalog()
            handle = await make()
        except WorkflowError as exc:
            self.notify(str(exc), title="Cannot open the workflow", severity="error", timeout=8)
            return
        finally:
            self.opening = False
        await self.show_handle(handle, models, boards)

    async def show_handle(self, handle: WorkflowHandle, models: list[Any], boards: list[Any]) -> None:
        self.handle = handle
        self.sweep = None
        self._update_sweep_text()
        definition = handle.definition
        tags = ", ".join(definition.tags)
        title = Content.assemble((definition.name or "(untitled)", "bold"),
                                 (f"  {definition.category}", "dim"), (f"  {tags}" if tags else "", "dim italic"),
                                 (f"  {len(handle.inputs)} inputs", "dim"))
        self.query_one("#wf-title", Static).update(title)
        self.query_one("#wf-description", Static).update(definition.description or "(no description)")
        self.query_one("#wf-notes", Static).update(f"Notes: {definition.notes}" if definition.notes else "")
        about = self.query_one("#wf-about", Collapsible)
        about.title = "Description & notes" if definition.notes else "Description"
        old = self.form
        if old is not None:
            await old.remove()
        placeholder = self.query_one("#wf-placeholder")
        placeholder.display = False
        self.form = WorkflowForm(handle, models=models, boards=[b for b in boards if not b.is_uncategorized],
                                 id="wf-form")
        await self.query_one("#wf-main").mount(self.form, after=placeholder)
        self._update_banner()
        self.query_one("#wf-results").remove_class("-shown")
        self.focus_first_field()
        self.notify(f"Opened {definition.name}", timeout=2)

    def focus_first_field(self) -> None:
        """After opening, typing goes into the first input of the form."""
        if self.form is None:
            return
        for editor in self.form.editors:
            widgets = editor.query("Input, TextArea, Select, Switch, Button")
            if widgets:
                widgets.first().focus()
                return

    def _update_banner(self) -> None:
        banner = self.query_one("#wf-banner", Static)
        missing = self.form.missing_models if self.form else []
        if missing:
            names = ", ".join(sorted({(e.missing.get("name") or e.missing["key"]) for e in missing}))
            banner.update(f"⚠ {len(missing)} model input(s) name models not installed here ({names}): "
                          "pick one in the form, or f8 syncs them to installed models")
        banner.set_class(bool(missing), "-shown")

    def action_open_file(self) -> None:
        def chosen(path: str | None) -> None:
            if path:
                self.open_file(path)

        self.app.push_screen(
            TextPromptDialog("Open a workflow file (.json, or a PNG made by InvokeAI)",
                             placeholder="path to the file", suggester=PathSuggester(),
                             hint="→ or tab accepts the completion; enter opens"),
            chosen,
        )

    # -- the form's helpers -------------------------------------------------------------------------
    @on(FieldEditor.Edited)
    def _edited(self, event: FieldEditor.Edited) -> None:
        if event.editor.winput.kind == "model":
            self._update_banner()

    @on(ImageEditor.PickRequested)
    def _pick_image(self, event: ImageEditor.PickRequested) -> None:
        editor = event.editor

        def chosen(value: str | None) -> None:
            if value:
                editor.choose(value)

        if event.source == "board":
            boards = [b for b in (self.boards or []) if not b.is_uncategorized]
            self.app.push_screen(ImagePickDialog(f"Image for #{editor.winput.input_index} {editor.winput.label}",
                                                 boards), chosen)
        else:
            self.app.push_screen(
                TextPromptDialog(f"Local image for {editor.winput.label} (uploaded on submit)",
                                 placeholder="path to a PNG/JPEG/WebP file", suggester=PathSuggester()),
                chosen,
            )

    def action_sync_models(self) -> None:
        if self.handle is not None:
            self.sync_models()

    @work(group="wf-sync", exclusive=True, exit_on_error=False, description="sync the workflow's models")
    async def sync_models(self) -> None:
        report = await self.handle.sync_dnn_model(by_name=True, by_base=True)
        self.form.reload_values()
        self._update_banner()
        changed = ", ".join(f"{c.old.get('name')} → {c.new.get('name')}" for c in report.changed)
        if report.unmatched:
            self.notify(f"{len(report.changed)} model(s) synced{': ' + changed if changed else ''}\n"
                        + "\n".join(u.reason for u in report.unmatched), title="Some models not matched",
                        severity="warning", timeout=8)
        elif report.changed:
            self.notify(f"Synced {len(report.changed)} model(s): {changed}", timeout=5)
        else:
            self.notify("Every model of this workflow is installed.", timeout=3)

    # -- presets ---------------------------------------------------------------------------------------
    @property
    def preset_store(self) -> preset_files.PresetStore:
        return preset_files.PresetStore(Path(self.app.settings.path).parent / "presets")

    def action_presets(self) -> None:
        if self.handle is None:
            self.notify("Open a workflow first.", severity="warning", timeout=3)
            return
        key = preset_files.workflow_key(self.handle.definition)
        try:
            names = self.preset_store.names(key)
        except preset_files.PresetError as exc:
            self.notify(str(exc), title="Presets", severity="error", timeout=8)
            names = []

        def chosen(answer: tuple[str, str] | None) -> None:
            if answer:
                self.use_preset(*answer)

        self.app.push_screen(PresetDialog(self.handle.definition.name, names), chosen)

    def use_preset(self, what: str, name: str) -> None:
        handle, store = self.handle, self.preset_store
        key = preset_files.workflow_key(handle.definition)
        try:
            if what == "save":
                path = store.save(key, name, preset_files.capture(handle), handle.definition.name)
                self.notify(f"Saved preset “{name}” ({path.name})", timeout=3)
            elif what == "delete":
                store.delete(key, name)
                self.notify(f"Deleted preset “{name}”", timeout=3)
            else:
                problems = preset_files.apply(handle, store.load(key, name))
                self.form.reload_values()
                self._update_banner()
                if problems:
                    self.notify("\n".join(problems[:6]), title=f"Preset “{name}” partly applied",
                                severity="warning", timeout=8)
                else:
                    self.notify(f"Loaded preset “{name}”", timeout=3)
        except (preset_files.PresetError, OSError) as exc:
            self.notify(str(exc), title="Presets", severity="error", timeout=8)

    # -- submitting --------------------------------------------------------------------------------------
    def action_sweep(self) -> None:
        if self.handle is None:
            return

        def chosen(answer) -> None:
            if answer == "clear":
                self.sweep = None
            elif answer:
                self.sweep = answer
            self._update_sweep_text()

        self.app.push_screen(SweepDialog(self.handle.inputs, self.sweep), chosen)

    def _update_sweep_text(self) -> None:
        text = ""
        if self.sweep and self.handle is not None:
            index, values = self.sweep
            label = self.handle.inputs[index].label
            shown = ", ".join(str(v) for v in values[:4]) + (" …" if len(values) > 4 else "")
            text = f"sweep #{index} {label}: {shown}"
        self.query_one("#wf-sweep-text", Static).update(text)

    @on(Button.Pressed, "#wf-sweep")
    def _sweep_pressed(self) -> None:
        self.action_sweep()

    @on(Button.Pressed, "#wf-submit")
    def _submit_pressed(self) -> None:
        self.action_submit()

    def _runs(self) -> int | None:
        text = self.query_one("#wf-runs", Input).value.strip()
        try:
            runs = int(text)
        except ValueError:
            runs = 0
        if runs < 1 or runs > 10000:
            self.notify("Runs must be a whole number from 1 to 10000.", severity="error", timeout=4)
            self.query_one("#wf-runs").focus()
            return None
        return runs

    def action_submit(self) -> None:
        if self.handle is None or self.form is None:
            self.notify("Open a workflow first.", severity="warning", timeout=3)
            return
        bad = self.form.invalid_editors
        if bad:
            listed = "\n".join(f"#{e.winput.input_index} {e.winput.label}: {e.problem}" for e in bad[:6])
            self.notify(listed, title="Fix these fields first", severity="error", timeout=8)
            first = bad[0].query("Input, TextArea, Select, Switch")
            if first:
                first.first().focus()
            self.form.scroll_to_widget(bad[0])
            return
        runs = self._runs()
        if runs is None:
            return
        prepend = self.query_one("#wf-prepend", Switch).value
        sweeps = {self.sweep[0]: self.sweep[1]} if self.sweep else None
        self.run_worker(self._submit(self.handle, runs, prepend, sweeps), group="wf-submit",
                        exit_on_error=False, description="submit the workflow")

    async def _submit(self, handle: WorkflowHandle, runs: int, prepend: bool, sweeps) -> None:
        try:
            submission = await handle.submit(runs=runs, prepend=prepend, sweeps=sweeps)
        except WorkflowError as exc:
            self.notify(str(exc), title="Cannot submit", severity="error", timeout=8)
            return
        self.app.queue_pane_visible = True  # show the run's progress
        count = len(submission.item_ids)
        self.notify(f"Enqueued {count} item(s) of {handle.definition.name}", timeout=3)
        self._show_results_title(f"Running {count} item(s)… (batch {submission.batch_id[:8]})", images=True)
        # The results area is laid out now, while the server works, so that showing the result
        # is a repaint of the list and the preview, not a new layout of the whole form.
        self.results = []
        self.query_one("#wf-result-list", OptionList).clear_options()
        self.query_one(ImagePreview).clear("waiting for the result…", in_caption=True)
        # A saved image is announced when its node completes, before the item finishes: it is
        # listed (and the first one previewed) at once, while the server may still be working.
        first: list[tuple[str, asyncio.Task]] = []

        def on_output(output) -> None:
            if handle is not self.handle:
                return
            new = [(name, output.board_id) for name in output.image_names
                   if (name, output.board_id) not in self.results]
            if not new:
                return
            self._list_results(new)
            if not first:
                name = new[0][0]
                first.append((name, asyncio.create_task(self._show_first_result(name))))

        try:
            items = await handle.wait_for_all(on_output=on_output)
        except WorkflowCanceledError as exc:
            self.last_error = str(exc)
            self._show_results_title(f"Canceled: {exc}", "warning")
            return
        except WorkflowRunError as exc:
            self.last_error = f"{exc.error_type}: {exc.error_message}"
            self._show_results_title(f"Failed (item {exc.item_id}): {self.last_error}", "error")
            self.notify(self.last_error, title="The run failed", severity="error", timeout=8)
            return
        if handle is not self.handle:
            return  # another workflow was opened meanwhile
        outputs = handle.map_outputs_to_images(items)
        self.last_error = None
        thumbnail = None
        final = [(name, out.board_id) for out in outputs for name in out.image_names]
        if first and final and first[0][0] == final[0][0]:
            thumbnail = await first[0][1]
        self._show_results(items, final, thumbnail)

    async def _show_first_result(self, image_name: str) -> bytes | None:
        """Fetch the first announced result's thumbnail and show it, unless the user moved on."""
        data = await self._thumbnail_or_none(image_name)
        preview = self.query_one(ImagePreview)
        if data is not None and self.results and self.results[0][0] == image_name and preview.showing is None:
            preview.show_bytes(image_name, data, "thumbnail")
        return data

    def _list_results(self, new: list[tuple[str, str]]) -> None:
        names = {b.board_id: b.board_name for b in self.boards or []}
        names["none"] = "Uncategorized"
        listing = self.query_one("#wf-result-list", OptionList)
        listing.add_options([Option(f"{name}  [dim]{names.get(board, board)}[/dim]", id=name) for name, board in new])
        self.results.extend(new)

    async def _thumbnail_or_none(self, image_name: str) -> bytes | None:
        try:
            return await self.client.image_repo.get_thumbnail(image_name)
        except Exception:  # noqa: BLE001 - the preview fetches it again (and explains a failure)
            log.debug("thumbnail prefetch failed", exc_info=True)
            return None

    def _show_results_title(self, text: str, severity: str = "", images: bool = False) -> None:
        panel = self.query_one("#wf-results")
        panel.add_class("-shown")
        colour = {"error": "red", "warning": "yellow"}.get(severity, "")
        self.query_one("#wf-results-title", Static).update(Content.styled(text, colour) if colour else text,
                                                          layout=False)  # one fixed line
        panel.set_class(images, "-images")
        if severity:
            self.query_one("#wf-result-list", OptionList).clear_options()
            self.query_one(ImagePreview).clear("no images")

    def _show_results(self, items: list[Any], final: list[tuple[str, str]], thumbnail: bytes | None = None) -> None:
        self._show_results_title(
            f"Completed {len(items)} item(s): {len(final)} image(s) · b open in its board · w download",
            images=bool(final))
        listing = self.query_one("#wf-result-list", OptionList)
        preview = self.query_one(ImagePreview)
        if final != self.results:  # listed while running in another order, or not at all
            self.results = []
            listing.clear_options()
            self._list_results(final)
        if final:
            if thumbnail is not None and preview.showing != final[0][0]:  # drawn in this pass
                preview.show_bytes(final[0][0], thumbnail, "thumbnail")
            if listing.highlighted is None:
                listing.highlighted = 0
        else:
            preview.clear("the run saved no images")

    @on(OptionList.OptionHighlighted, "#wf-result-list")
    def _result_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_result_preview(event.option.id)

    @work(group="wf-result-preview", exclusive=True, exit_on_error=False, description="show the result")
    async def show_result_preview(self, image_name: str) -> None:
        preview = self.query_one(ImagePreview)
        if preview.showing == image_name and preview.kind == "thumbnail":
            return  # drawn already (the run's first result)
        data = await self.client.image_repo.get_thumbnail(image_name)
        self.query_one(ImagePreview).show_bytes(image_name, data, "thumbnail")

    def _current_result(self) -> tuple[str, str] | None:
        listing = self.query_one("#wf-result-list", OptionList)
        if listing.highlighted is None or not self.results:
            return None
        return self.results[listing.highlighted]

    async def action_open_in_board(self) -> None:
        result = self._current_result()
        if result is not None:
            await self.app.jump_to_board(result[1])

    def action_download_result(self) -> None:
        result = self._current_result()
        if result is not None:
            self.download_result(result[0])

    @work(group="wf-download", exit_on_error=False, description="download the image")
    async def download_result(self, image_name: str) -> None:
        folder = Path(self.app.settings.download_dir).expanduser()
        folder.mkdir(parents=True, exist_ok=True)
        path = await self.client.image_repo.save_image(image_name, free_path(folder, safe_file_name(image_name)))
        self.last_download = path
        self.notify(f"Saved {path}", timeout=5)
