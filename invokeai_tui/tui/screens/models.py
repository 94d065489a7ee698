"""The server's dnn models: a table with filters by base and type, a text search and a detail pane.
Bases and types the app does not know are shown exactly as the server sends them."""

from __future__ import annotations

import json

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Input, Label, Select, Static

from ...client.records import DnnModel
from ..widgets.install_jobs import InstallJobsPane
from ..widgets.fitting_table import FittingDataTable
from . import model_actions
from .base import ModeScreen

ALL = "__all__"


def human_size(size: int | None) -> str:
    if not size:
        return ""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if value < 1024 or unit == "TB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return str(size)


def filter_models(models: list[DnnModel], base: str | None, type_: str | None, text: str) -> list[DnnModel]:
    needle = text.strip().lower()
    out = []
    for model in models:
        if base and model.base != base:
            continue
        if type_ and model.type != type_:
            continue
        if needle and not any(
            needle in (value or "").lower() for value in (model.name, model.description, model.base, model.type, model.key)
        ):
            continue
        out.append(model)
    return sorted(out, key=lambda m: (m.name.lower(), m.base, m.type))


def detail_text(model: DnnModel | None) -> str:
    if model is None:
        return "[dim]no model selected[/dim]"
    lines = [
        f"[b]{escape(model.name)}[/b]",
        f"Base       {escape(model.base)}",
        f"Type       {escape(model.type)}",
        f"Format     {escape(model.format or '')}",
        f"Size       {human_size(model.file_size)}",
        f"Key        {escape(model.key)}",
        f"Hash       {escape(model.hash or '')}",
        f"Path       {escape(model.path or '')}",
        f"Source     {escape(model.source or '')}",
    ]
    if model.variant:
        lines.append(f"Variant    {escape(str(model.variant))}")
    lines.append("")
    lines.append("[b]Description[/b]")
    lines.append(escape(model.description or "—"))
    triggers = model.trigger_phrases
    lines.append("")
    lines.append("[b]Trigger phrases[/b]")
    lines.append(escape(", ".join(triggers)) if triggers else "—")
    settings = model.default_settings
    lines.append("")
    lines.append("[b]Default settings[/b]")
    if isinstance(settings, dict) and any(v is not None for v in settings.values()):
        lines += [f"{escape(str(k))}: {escape(json.dumps(v))}" for k, v in settings.items() if v is not None]
    else:
        lines.append("—")
    return "\n".join(lines)


class ModelsScreen(ModeScreen):
    MODE = "models"
    HELP_TITLE = "Models"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    DEFAULT_CSS = """
    ModelsScreen #models-body { height: 1fr; }
    ModelsScreen #filters { height: 3; }
    ModelsScreen #filters Select { width: 22; }
    ModelsScreen.-narrow #filters Select { width: 18; }
    ModelsScreen #model-search { width: 1fr; }
    ModelsScreen #model-table { height: 1fr; }
    ModelsScreen #model-detail { width: 44; border-left: solid $panel-lighten-2; padding: 0 1; }
    ModelsScreen.-narrow #model-detail { width: 30; }
    ModelsScreen .pane-title { text-style: bold; padding: 0 1; background: $boost; width: 1fr; }
    """
    BINDINGS = [
        Binding("slash", "focus_search", "Search", id="models.search"),
        Binding("b", "focus_base", "Base filter", id="models.base"),
        Binding("t", "focus_type", "Type filter", id="models.type"),
        Binding("x", "clear_filters", "Clear filters", id="models.clear"),
        Binding("i", "install", "Install", show=False, id="models.install"),
        Binding("e", "edit", "Edit", show=False, id="models.edit"),
        Binding("d,delete", "remove", "Remove", show=False, id="models.remove"),
        Binding("c", "convert", "Convert", show=False, id="models.convert"),
        Binding("M", "model_cache", "Model cache", show=False, id="models.cache"),
        Binding("H", "hf_token", "Hugging Face token", show=False, id="models.hf_token"),
        Binding("ctrl+r", "refresh", "Refresh", show=False, id="models.refresh"),
        Binding("escape", "focus_table", "Table", show=False, id="models.table"),
        Binding("j", "toggle_jobs", "Install jobs", show=False, id="models.jobs"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.models: list[DnnModel] = []
        self.shown: list[DnnModel] = []

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="models-body"):
            with Vertical(id="model-list"):
                yield Label("Models", classes="pane-title", id="models-title")
                with Horizontal(id="filters"):
                    yield Select([], prompt="any base", id="base-filter", allow_blank=True)
                    yield Select([], prompt="any type", id="type-filter", allow_blank=True)
                    yield Input(placeholder="search name/description", id="model-search")
                # Narrow: the size, then the format go first; name, base and type stay (a long name
                # is cut with an ellipsis: the detail pane beside the table shows it whole).
                table = FittingDataTable(id="model-table", cursor_type="row", zebra_stripes=True,
                                         drop_order=("size", "format"), shrink="name")
                yield table
            with VerticalScroll(id="model-detail"):
                yield Static(detail_text(None), id="model-detail-text")
        yield InstallJobsPane(id="install-jobs")

    def on_mount(self) -> None:
        table = self.query_one("#model-table", DataTable)
        table.add_column("name", key="name")
        table.add_column("base", key="base")
        table.add_column("type", key="type")
        table.add_column("format", key="format")
        table.add_column("size", key="size")
        self.load_models()
        table.focus()

    @work(group="models", exclusive=True, exit_on_error=False, description="list the models")
    async def load_models(self, select: str | None = None) -> None:
        self.models = await self.client.dnn_model_repo.list_models()
        self.app.known_models = self.models
        bases = sorted({m.base for m in self.models})
        types = sorted({m.type for m in self.models})
        base_select = self.query_one("#base-filter", Select)
        type_select = self.query_one("#type-filter", Select)
        keep_base, keep_type = base_select.value, type_select.value
        base_select.set_options([(b, b) for b in bases])
        type_select.set_options([(t, t) for t in types])
        if keep_base in bases:
            base_select.value = keep_base
        if keep_type in types:
            type_select.value = keep_type
        self.apply_filters()
        if select is not None:
            self.select_model(select)

    def _value(self, selector: str) -> str | None:
        value = self.query_one(selector, Select).value
        return value if isinstance(value, str) else None

    def apply_filters(self) -> None:
        base, type_ = self._value("#base-filter"), self._value("#type-filter")
        text = self.query_one("#model-search", Input).value
        self.shown = filter_models(self.models, base, type_, text)
        table = self.query_one("#model-table", DataTable)
        table.clear()
        for model in self.shown:
            table.add_row(Text(model.name, overflow="ellipsis"), model.base, model.type, model.format or "", human_size(model.file_size), key=model.key)
        table.fit_columns()
        self.query_one("#models-title", Label).update(f"Models · {len(self.shown)} of {len(self.models)}")
        self._show_detail(self.shown[0] if self.shown else None)

    @on(Select.Changed)
    def _filter_changed(self) -> None:
        self.apply_filters()

    @on(Input.Changed, "#model-search")
    def _search_changed(self) -> None:
        self.apply_filters()

    @on(Input.Submitted, "#model-search")
    def _search_done(self) -> None:
        self.query_one("#model-table").focus()

    @on(DataTable.RowHighlighted, "#model-table")
    def _row(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value if event.row_key else None
        self._show_detail(next((m for m in self.shown if m.key == key), None))

    def _show_detail(self, model: DnnModel | None) -> None:
        self.query_one("#model-detail-text", Static).update(detail_text(model))

    def select_model(self, key: str) -> None:
        """Jump to a model (from the command palette): clear filters and put the cursor on it."""
        self.action_clear_filters()
        index = next((i for i, m in enumerate(self.shown) if m.key == key), None)
        if index is not None:
            table = self.query_one("#model-table", DataTable)
            table.move_cursor(row=index)
            self._show_detail(self.shown[index])  # the cursor may not have moved: no highlight event
            table.focus()

    def action_focus_search(self) -> None:
        self.query_one("#model-search").focus()

    def action_focus_base(self) -> None:
        self.query_one("#base-filter").focus()

    def action_focus_type(self) -> None:
        self.query_one("#type-filter").focus()

    def action_focus_table(self) -> None:
        self.query_one("#model-table").focus()

    def action_clear_filters(self) -> None:
        with self.prevent(Select.Changed, Input.Changed):
            self.query_one("#base-filter", Select).clear()
            self.query_one("#type-filter", Select).clear()
            self.query_one("#model-search", Input).value = ""
        self.apply_filters()

    def action_refresh(self) -> None:
        self.load_models()

    # -- changing models (model_actions.py): each flow a worker, dialogs awaited in it -------------
    @property
    def current_model(self) -> DnnModel | None:
        table = self.query_one("#model-table", DataTable)
        if not self.shown or table.cursor_row < 0 or table.cursor_row >= len(self.shown):
            return None
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        return next((m for m in self.shown if m.key == key), None)

    def run_flow(self, flow, description: str, *args) -> None:
        # Not exclusive: a new action must not cancel a conversion or install request on its way.
        self.run_worker(flow(self, *args), group="model-actions", exit_on_error=False, description=description)

    def _model_flow(self, flow, description: str) -> None:
        model = self.current_model
        if model is None:
            self.notify("No model selected.", severity="warning", timeout=3)
            return
        self.run_flow(flow, description, model)

    def action_install(self) -> None:
        self.run_flow(model_actions.install, "install a model")

    def action_remove(self) -> None:
        self._model_flow(model_actions.remove, "remove the model")

    def action_convert(self) -> None:
        self._model_flow(model_actions.convert, "convert the model")

    def action_edit(self) -> None:
        self._model_flow(model_actions.edit, "edit the model")

    def action_model_cache(self) -> None:
        self.run_flow(model_actions.model_cache, "read the model cache")

    def action_hf_token(self) -> None:
        self.run_flow(model_actions.hf_token, "the Hugging Face token")

    def action_toggle_jobs(self) -> None:
        jobs = self.query_one(InstallJobsPane)
        if not jobs.toggle_focus(table_focused=jobs.table.has_focus):
            self.action_focus_table()

    @on(InstallJobsPane.ModelsInstalled)
    def _models_installed(self) -> None:
        self.load_models()
