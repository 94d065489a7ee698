"""One editor per kind of workflow input, as the generated form shows them.

Each editor shows the input's index and label, a hint of what it takes, the widget its kind calls
for, and the problem when the value typed does not fit (the field keeps its last good value and
the form refuses to submit while any editor is marked). Every change goes straight into the
workflow field (``WorkflowField.set``), which validates it; f4 resets to the workflow's value.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, Static, Switch, TextArea

from ...workflow.errors import FieldValueError
from ...workflow.inputs import WorkflowInput

log = logging.getLogger(__name__)


def model_label(model: Any) -> str:
    return f"{model.name} ({model.base})"


class FieldEditor(Vertical):
    """Base editor: header (index, label, hint), the kind's widget(s), and the error line."""

    DEFAULT_CSS = """
    FieldEditor { height: auto; padding: 0 1 0 0; margin-bottom: 1; border-left: blank; }
    FieldEditor:focus-within { border-left: thick $accent; }
    FieldEditor:focus-within .field-label { color: $accent; }
    FieldEditor .field-label { width: 1fr; height: 1; }
    FieldEditor .field-error { color: $error; height: auto; display: none; }
    FieldEditor.-invalid .field-error { display: block; }
    FieldEditor Input, FieldEditor Select { background: $boost; }
    FieldEditor.-invalid Input { background: $error 30%; }
    FieldEditor.-invalid TextArea { border: tall $error; }
    FieldEditor .field-row { height: auto; }
    FieldEditor .field-description { color: $text-muted; height: auto; }
    FieldEditor .model-missing { color: $warning; height: auto; }
    """
    BINDINGS = [Binding("f4", "reset_field", "Reset field", id="form.reset_field")]

    class Edited(Message):
        """The user changed the field (valid or not)."""

        def __init__(self, editor: "FieldEditor") -> None:
            super().__init__()
            self.editor = editor

    def __init__(self, winput: WorkflowInput, show_description: bool = False) -> None:
        super().__init__(id=f"field-{winput.input_index}", classes="field")
        self.winput = winput
        self.field = winput.field
        self.problem: str | None = None
        self.show_description = show_description and bool(winput.description)

    # -- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        label = Content.assemble((f"#{self.winput.input_index} ", "dim"), (self.winput.label, "bold"),
                                 ("  " + self.field.describe(), "dim italic"))
        yield Label(label, classes="field-label")
        if self.show_description:
            yield Static(self.winput.description, classes="field-description", markup=False)
        yield from self.compose_editor()
        yield Static("", classes="field-error")

    def compose_editor(self) -> ComposeResult:  # pragma: no cover - overridden
        yield from ()

    # -- values ----------------------------------------------------------------------------
    @property
    def invalid(self) -> bool:
        return self.problem is not None

    def apply(self, value: Any) -> bool:
        """Put a value from the widget into the field; mark the editor when it does not fit."""
        try:
            self.field.set(value)
        except FieldValueError as exc:
            self.mark(exc.problem)
            ok = False
        else:
            self.mark(None)
            ok = True
        self.post_message(self.Edited(self))
        return ok

    def mark(self, problem: str | None) -> None:
        self.problem = problem
        self.set_class(problem is not None, "-invalid")
        self.query_one(".field-error", Static).update(f"⚠ {problem}" if problem else "")

    def load(self) -> None:
        """Show the field's current value in the widget (without counting it as an edit)."""

    def action_reset_field(self) -> None:
        self.field.reset()
        self.mark(None)
        self.load()
        self.post_message(self.Edited(self))
        self.app.notify(f"{self.winput.label} reset to the workflow's value", timeout=2)

    def shown_text(self, value: Any) -> str:
        if value is None:
            return ""
        return value if isinstance(value, str) else json.dumps(value)


class TextBackedEditor(FieldEditor):
    """An editor whose widget holds the value as text. It remembers the text it shows, so text that
    load() puts there, or that is typed back unchanged, is not applied to the field again."""

    _shown = ""

    def to_text(self, value: Any) -> str:
        return self.shown_text(value)

    def current_text(self) -> str:
        self._shown = self.to_text(self.field.get())
        return self._shown

    def text_edited(self, text: str) -> None:
        self.apply(text)

    def take_text(self, text: str) -> None:
        if text != self._shown:
            self._shown = text
            self.text_edited(text)

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.take_text(event.value)

    def load(self) -> None:
        text = self.current_text()
        for widget in self.query(Input):
            with widget.prevent(Input.Changed):
                widget.value = text


class TextEditor(TextBackedEditor):
    """Prompts and other text: one line, or a multi-line editor for textarea fields."""

    DEFAULT_CSS = """
    TextEditor TextArea { height: 5; }
    """

    def compose_editor(self) -> ComposeResult:
        text = self.current_text()
        if getattr(self.field, "multiline", False):
            yield TextArea(text, soft_wrap=True, show_line_numbers=False, id=f"input-{self.winput.input_index}")
        else:
            yield Input(text, id=f"input-{self.winput.input_index}", compact=True)

    @on(TextArea.Changed)
    def _area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.take_text(event.text_area.text)

    def load(self) -> None:
        super().load()
        for area in self.query(TextArea):
            with area.prevent(TextArea.Changed):
                area.text = self._shown


class NumberEditor(TextBackedEditor):
    """Integers and floats; the hint shows bounds and step, the field checks them."""

    DEFAULT_CSS = """
    NumberEditor Input { width: 1fr; max-width: 24; }
    """

    def compose_editor(self) -> ComposeResult:
        kind = "integer" if self.field.kind == "integer" else "number"
        yield Input(self.current_text(), type=kind, id=f"input-{self.winput.input_index}", compact=True)

    def to_text(self, value: Any) -> str:
        return "" if value is None else str(value)

    def text_edited(self, text: str) -> None:
        if text.strip():
            self.apply(text)
        else:
            self.mark("needs a number")
            self.post_message(self.Edited(self))


class BooleanEditor(FieldEditor):
    def compose_editor(self) -> ComposeResult:
        yield Switch(bool(self.field.get()), id=f"input-{self.winput.input_index}")

    @on(Switch.Changed)
    def _changed(self, event: Switch.Changed) -> None:
        event.stop()
        if event.value != self.field.get():
            self.apply(event.value)

    def load(self) -> None:
        switch = self.query_one(Switch)
        with switch.prevent(Switch.Changed):
            switch.value = bool(self.field.get())


class SelectEditor(FieldEditor):
    """Base for editors that pick from a list: subclasses give options and turn a pick into a value."""

    def options(self) -> list[tuple[str, Any]]:
        return []

    def current_option(self) -> Any:
        return self.field.get()

    def value_for(self, option: Any) -> Any:
        return option

    def compose_editor(self) -> ComposeResult:
        options = self.options()
        current = self.current_option()
        known = {value for _label, value in options}
        self._current = current if current in known else Select.NULL
        yield Select(options, value=self._current, allow_blank=True, prompt="(choose)",
                     id=f"input-{self.winput.input_index}", compact=True)

    @on(Select.Changed)
    def _changed(self, event: Select.Changed) -> None:
        event.stop()
        if event.value == self._current:
            return
        self._current = event.value
        if event.value is Select.NULL:
            self.mark("choose one")
            self.post_message(self.Edited(self))
            return
        self.apply(self.value_for(event.value))

    def load(self) -> None:
        select = self.query_one(Select)
        options = self.options()
        current = self.current_option()
        known = {value for _label, value in options}
        self._current = current if current in known else Select.NULL
        with select.prevent(Select.Changed):
            select.set_options(options)
            select.value = self._current


class EnumEditor(SelectEditor):
    def options(self) -> list[tuple[str, Any]]:
        return [(self.field.option_label(o), o) for o in self.field.options]


class BoardEditor(SelectEditor):
    """Auto (the auto-add board), None (Uncategorized) or one of the boards."""

    def __init__(self, winput: WorkflowInput, boards: list[Any], show_description: bool = False) -> None:
        self.boards = boards
        super().__init__(winput, show_description)

    def options(self) -> list[tuple[str, Any]]:
        choices = [("Auto (the auto-add board)", "auto"), ("None (Uncategorized)", "none")]
        choices += [(b.board_name, b.board_id) for b in self.boards]
        value = self.field.get()
        board_id = value.get("board_id") if isinstance(value, dict) else None
        if board_id and board_id not in {b.board_id for b in self.boards}:
            choices.append((f"⚠ unknown board {board_id}", board_id))
        return choices

    def current_option(self) -> Any:
        value = self.field.get()
        return value.get("board_id") if isinstance(value, dict) else (value or "auto")


class ModelEditor(SelectEditor):
    """Only models of fitting base and type are offered; a reference the server lacks is flagged."""

    def __init__(self, winput: WorkflowInput, models: list[Any], show_description: bool = False) -> None:
        self.models = models
        super().__init__(winput, show_description)

    @property
    def fitting(self) -> list[Any]:
        return [m for m in self.models if self.field.fits(m)]

    @property
    def missing(self) -> dict[str, Any] | None:
        """The current reference when no installed model has its key."""
        value = self.field.get()
        if isinstance(value, dict) and value.get("key") and value["key"] not in {m.key for m in self.models}:
            return value
        return None

    def options(self) -> list[tuple[str, Any]]:
        choices = [(model_label(m), m.key) for m in sorted(self.fitting, key=lambda m: m.name.lower())]
        missing = self.missing
        if missing:
            choices.append((f"⚠ not installed: {missing.get('name') or missing['key']} ({missing.get('base', '?')})",
                            missing["key"]))
        return choices

    def current_option(self) -> Any:
        value = self.field.get()
        return value.get("key") if isinstance(value, dict) else None

    def value_for(self, option: Any) -> Any:
        model = next((m for m in self.models if m.key == option), None)
        return model if model is not None else self.field.get()

    def compose_editor(self) -> ComposeResult:
        yield from super().compose_editor()
        yield Static("", classes="model-missing")

    def on_mount(self) -> None:
        self._flag_missing()

    def load(self) -> None:
        super().load()
        self._flag_missing()

    def apply(self, value: Any) -> bool:
        ok = super().apply(value)
        self._flag_missing()
        return ok

    def _flag_missing(self) -> None:
        missing = self.missing
        line = self.query_one(".model-missing", Static)
        line.display = bool(missing)
        if missing:
            line.update(f"⚠ {missing.get('name') or missing['key']} is not installed here: "
                        "pick a model, or f8 syncs the workflow's models")


class ColorEditor(TextBackedEditor):
    """A colour as #rrggbbaa with a swatch of it."""

    DEFAULT_CSS = """
    ColorEditor Input { width: 20; }
    ColorEditor .swatch { width: 6; height: 1; margin-left: 1; }
    """

    def compose_editor(self) -> ComposeResult:
        with Horizontal(classes="field-row"):
            yield Input(self.current_text(), placeholder="#rrggbbaa", id=f"input-{self.winput.input_index}",
                        compact=True)
            yield Static("", classes="swatch")

    def on_mount(self) -> None:
        self._paint()

    def to_text(self, value: Any) -> str:
        if isinstance(value, dict) and {"r", "g", "b"} <= set(value):
            return "#{:02x}{:02x}{:02x}{:02x}".format(value["r"], value["g"], value["b"], value.get("a", 255))
        return ""

    def _paint(self) -> None:
        value = self.field.get()
        swatch = self.query_one(".swatch", Static)
        if isinstance(value, dict) and {"r", "g", "b"} <= set(value):
            swatch.styles.background = f"rgb({value['r']},{value['g']},{value['b']})"

    def text_edited(self, text: str) -> None:
        if self.apply(text):
            self._paint()

    def load(self) -> None:
        super().load()
        self._paint()


class ImageEditor(FieldEditor):
    """An image on the server (picked from a board, with preview) or a local file uploaded on submit."""

    DEFAULT_CSS = """
    ImageEditor .image-name { width: 1fr; height: 1; }
    ImageEditor Button { min-width: 10; margin-left: 1; }
    """

    class PickRequested(Message):
        def __init__(self, editor: "ImageEditor", source: str) -> None:
            super().__init__()
            self.editor = editor
            self.source = source  # "board" | "file"

    def compose_editor(self) -> ComposeResult:
        with Horizontal(classes="field-row"):
            yield Static(self._text(), classes="image-name", id=f"input-{self.winput.input_index}")
            yield Button("Board…", id="pick-board", compact=True)
            yield Button("File…", id="pick-file", compact=True)

    def _text(self) -> str:
        field = self.field
        if getattr(field, "local_path", None) is not None:
            return f"local file {field.local_path} (uploaded on submit)"
        name = getattr(field, "image_name", None)
        return name or "(no image)"

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.PickRequested(self, "board" if event.button.id == "pick-board" else "file"))

    def choose(self, value: Any) -> None:
        """Called with an image name or a local path picked in a dialog."""
        self.apply(value)
        self.load()

    def load(self) -> None:
        self.query_one(".image-name", Static).update(self._text())


class CollectionEditor(TextBackedEditor):
    """A list, typed as JSON ([1, 2, 3]) or as comma-separated values."""

    def compose_editor(self) -> ComposeResult:
        yield Input(self.current_text(), placeholder="[1, 2, 3] or a, b, c", id=f"input-{self.winput.input_index}",
                    compact=True)

    def to_text(self, value: Any) -> str:
        return "" if value is None else json.dumps(value)

    @staticmethod
    def parse(text: str) -> list[Any] | None:
        text = text.strip()
        if not text:
            return None
        try:
            value = json.loads(text)
        except ValueError:
            try:
                value = json.loads(f"[{text}]")
            except ValueError:
                value = [part.strip() for part in text.split(",") if part.strip()]
        return value if isinstance(value, list) else [value]

    def text_edited(self, text: str) -> None:
        self.apply(self.parse(text))


class OtherEditor(FieldEditor):
    """A type this app cannot edit: its value is shown and sent unchanged."""

    def compose_editor(self) -> ComposeResult:
        value = self.field.get()
        shown = "(connected or not editable here)" if value is None else json.dumps(value)[:200]
        yield Static(Content.styled(shown, "dim"), id=f"input-{self.winput.input_index}")


def editor_for(winput: WorkflowInput, *, models: list[Any], boards: list[Any], show_description: bool = False
               ) -> FieldEditor:
    kind = winput.kind
    if kind == "string":
        return TextEditor(winput, show_description)
    if kind in ("integer", "float"):
        return NumberEditor(winput, show_description)
    if kind == "boolean":
        return BooleanEditor(winput, show_description)
    if kind == "enum":
        return EnumEditor(winput, show_description)
    if kind == "color":
        return ColorEditor(winput, show_description)
    if kind == "model":
        return ModelEditor(winput, models, show_description)
    if kind == "board":
        return BoardEditor(winput, boards, show_description)
    if kind == "image":
        return ImageEditor(winput, show_description)
    if kind == "collection":
        return CollectionEditor(winput, show_description)
    return OtherEditor(winput, show_description)
