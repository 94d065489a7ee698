"""Dialogs of the Models screen: install (a source, or a scanned server folder, or the starter models),
the model cache, and the server's Hugging Face token. Each only asks; model_actions.py sends."""

from __future__ import annotations

from dataclasses import dataclass

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from ...client.model_sources import BadInput, InstallSource, read_source
from ...client.records import FoundModel, HFTokenStatus, ModelCacheStats, StarterModel, StarterModelCatalogue
from .dialogs import _Dialog


@dataclass
class InstallRequest:
    """What the install dialog asked for: "install" one source, "scan" a server folder, or "starter"."""

    action: str
    source: InstallSource | None = None
    name: str | None = None
    description: str | None = None
    inplace: bool = False


class InstallDialog(_Dialog):
    """A server path, a URL or a Hugging Face repo id, with the server's options; or go to a folder
    scan or the starter models. Dismisses with an InstallRequest or None."""

    DEFAULT_CSS = """
    InstallDialog { align: center middle; }
    InstallDialog .dialog { width: 84; }
    InstallDialog #install-error { color: $error; height: auto; }
    InstallDialog .hint { color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Install a model", classes="title")
            yield Input(placeholder="/path/on/the/server, https://… or owner/name[:subfolder]", id="source")
            yield Label("a path is on the SERVER's machine; a folder can be scanned for models", classes="hint")
            yield Input(placeholder="name (default: what the server finds)", id="name")
            yield Input(placeholder="description", id="description")
            # In place by default: otherwise the server MOVES the file or folder into its models folder.
            yield Checkbox("In place (a server path: keep the files where they are; off: the server moves them "
                           "into its models folder)", True, id="inplace")
            yield Static("", id="install-error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Starter models…", id="starter")
                yield Button("Scan folder…", id="scan")
                yield Button("Install", id="install", variant="primary")

    def _text(self, selector: str) -> str | None:
        return self.query_one(selector, Input).value.strip() or None

    def _refuse(self, message: str) -> None:
        self.query_one("#install-error", Static).update(message)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._install()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        button = event.button.id
        if button == "cancel":
            self.dismiss(None)
        elif button == "starter":
            self.dismiss(InstallRequest("starter"))
        elif button == "scan":
            self._scan()
        else:
            self._install()

    def _install(self) -> None:
        text, inplace = self._text("#source"), self.query_one("#inplace", Checkbox).value
        if not text:
            self._refuse("Enter a path on the server, a URL or a Hugging Face repo id.")
            return
        try:
            source = read_source(text, inplace=False)
        except BadInput as err:
            self._refuse(str(err))
            return
        inplace = inplace and source.kind == "path"  # a download always goes into the models folder
        self.dismiss(InstallRequest("install", source, self._text("#name"), self._text("#description"), inplace))

    def _scan(self) -> None:
        text = self._text("#source") or ""
        if not text.startswith("/"):
            self._refuse("To scan, enter the full path of a folder on the server's machine.")
            return
        self.dismiss(InstallRequest("scan", InstallSource(text, "path"),
                                    inplace=self.query_one("#inplace", Checkbox).value))


class ScanResultsDialog(_Dialog):
    """What the server found in a folder; pick the ones to install. Dismisses with (paths, inplace)."""

    DEFAULT_CSS = """
    ScanResultsDialog { align: center middle; }
    ScanResultsDialog .dialog { width: 100; }
    ScanResultsDialog SelectionList { height: auto; max-height: 18; }
    """

    def __init__(self, folder: str, found: list[FoundModel], inplace: bool) -> None:
        super().__init__()
        self._folder, self._found, self._inplace = folder, found, inplace

    def compose(self) -> ComposeResult:
        fresh = [f for f in self._found if not f.is_installed]
        with Vertical(classes="dialog"):
            yield Label(f"Found in {self._folder}: {len(self._found)} model(s), {len(fresh)} not installed",
                        classes="title")
            yield SelectionList[str](
                *[Selection(f"{'installed  ' if f.is_installed else 'new        '}{escape(f.path)}", f.path,
                            disabled=f.is_installed) for f in self._found], id="found")
            yield Checkbox("In place (keep the files where they are)", self._inplace, id="inplace")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Install selected", id="install", variant="primary")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id != "install":
            self.dismiss(None)
            return
        picked = list(self.query_one("#found", SelectionList).selected)
        self.dismiss((picked, self.query_one("#inplace", Checkbox).value) if picked else None)


def starter_label(model: StarterModel) -> str:
    deps = ", ".join(d.name for d in model.dependencies or [])
    state = "installed" if model.is_installed else ""
    return (f"{escape(model.name)}  [dim]{escape(model.base)} {escape(model.type)}[/dim] {state}"
            + (f"  [dim]needs {escape(deps)}[/dim]" if deps else ""))


class StarterModelsDialog(_Dialog):
    """The server's starter catalogue, by base and type; what each needs is installed with it.
    Dismisses with the picked StarterModels, or None."""

    DEFAULT_CSS = """
    StarterModelsDialog { align: center middle; }
    StarterModelsDialog .dialog { width: 110; }
    StarterModelsDialog #starter-filters { height: 3; }
    StarterModelsDialog #starter-filters Select { width: 28; }
    StarterModelsDialog SelectionList { height: 16; }
    StarterModelsDialog #starter-about { height: 3; color: $text-muted; }
    """

    def __init__(self, catalogue: StarterModelCatalogue) -> None:
        super().__init__()
        self._models = catalogue.starter_models
        self._picked: set[str] = set()

    def compose(self) -> ComposeResult:
        bases = sorted({m.base for m in self._models})
        types = sorted({m.type for m in self._models})
        with Vertical(classes="dialog"):
            yield Label(f"Starter models · {len(self._models)}", classes="title")
            with Horizontal(id="starter-filters"):
                yield Select([(b, b) for b in bases], prompt="any base", id="starter-base")
                yield Select([(t, t) for t in types], prompt="any type", id="starter-type")
            yield SelectionList[str](id="starter-list")
            yield Static("", id="starter-about")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Install selected", id="install", variant="primary")

    def on_mount(self) -> None:
        self._fill()

    def _shown(self) -> list[StarterModel]:
        base, type_ = (self.query_one(s, Select).value for s in ("#starter-base", "#starter-type"))
        return [m for m in self._models
                if (not isinstance(base, str) or m.base == base) and (not isinstance(type_, str) or m.type == type_)]

    def _fill(self) -> None:
        listing = self.query_one("#starter-list", SelectionList)
        listing.clear_options()
        listing.add_options([Selection(starter_label(m), m.source, m.source in self._picked, disabled=m.is_installed)
                             for m in self._shown()])

    @on(Select.Changed)
    def _filtered(self) -> None:
        self._fill()

    @on(SelectionList.SelectedChanged)
    def _picked_changed(self, event: SelectionList.SelectedChanged) -> None:
        shown = {m.source for m in self._shown()}
        self._picked = (self._picked - shown) | set(event.selection_list.selected)

    @on(SelectionList.SelectionHighlighted)
    def _about(self, event: SelectionList.SelectionHighlighted) -> None:
        model = next((m for m in self._models if m.source == event.selection.value), None)
        text = f"{escape(model.description)}\n[dim]{escape(model.source)}[/dim]" if model else ""
        self.query_one("#starter-about", Static).update(text)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id != "install" or not self._picked:
            self.dismiss(None)
            return
        self.dismiss([m for m in self._models if m.source in self._picked])


def with_dependencies(picked: list[StarterModel]) -> list[StarterModel]:
    """The picked models and what they need that is not installed yet, dependencies first, each once."""
    out: list[StarterModel] = []
    for model in picked:
        for item in [*(model.dependencies or []), model]:
            if not item.is_installed and all(o.source != item.source for o in out):
                out.append(item)
    return out


def cache_text(stats: ModelCacheStats | None) -> str:
    from .models import human_size  # here: models.py imports this module (through model_actions)

    if stats is None:
        return "The server has not loaded a model since it started: nothing is cached."
    lines = [f"Models in cache   {stats.in_cache}", f"Hits / misses     {stats.hits} / {stats.misses}",
             f"Cleared           {stats.cleared}", f"Cache size        {human_size(stats.cache_size) or '0'}",
             f"High watermark    {human_size(stats.high_watermark) or '0'}"]
    if stats.loaded_model_sizes:
        lines += ["", "[b]Loaded[/b]"] + [f"{escape(name)}  {human_size(size)}"
                                         for name, size in sorted(stats.loaded_model_sizes.items())]
    return "\n".join(lines)


class CacheDialog(_Dialog):
    """The model cache's statistics; dismisses with True to empty it."""

    def __init__(self, stats: ModelCacheStats | None) -> None:
        super().__init__()
        self._stats = stats

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Model cache", classes="title")
            yield Static(cache_text(self._stats), classes="text", id="cache-stats")
            with Horizontal(classes="buttons"):
                yield Button("Close", id="close")
                yield Button("Empty the cache", id="empty", variant="warning")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "empty")


HF_STATUS_TEXT = {
    HFTokenStatus.VALID: "The server has a valid Hugging Face token.",
    HFTokenStatus.INVALID: "The server has no Hugging Face token (or Hugging Face refused it).",
    HFTokenStatus.UNKNOWN: "The server has a token but could not check it (no access to Hugging Face).",
}


class HFTokenDialog(_Dialog):
    """The server's Hugging Face token: its state, log in with a token typed in a password field, log
    out. Dismisses with ("login", token), ("logout", None) or None. The token is not kept here."""

    def __init__(self, status: HFTokenStatus) -> None:
        super().__init__()
        self._status = status

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Hugging Face token", classes="title")
            yield Static(HF_STATUS_TEXT[self._status], classes="text", id="hf-status")
            yield Input(placeholder="hf_… token (hidden)", password=True, id="hf-token")
            with Horizontal(classes="buttons"):
                yield Button("Close", id="close")
                yield Button("Log out", id="logout", variant="warning")
                yield Button("Log in", id="login", variant="primary")

    def _answer(self, button: str) -> None:
        field = self.query_one("#hf-token", Input)
        token, field.value = field.value.strip(), ""
        if button == "login":
            self.dismiss(("login", token) if token else None)
        else:
            self.dismiss(("logout", None) if button == "logout" else None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._answer("login")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self._answer(event.button.id or "close")
