"""One editor per kind of workflow input, as the generated form shows them.

Each editor shows the input's index and label, a hint of what it takes, the widget its kind calls
for, and the problem when the value typed does not fit (the field keeps its last good value and
the form refuses to submit while any editor is marked). Every change goes straight into the
workflow field (``WorkflowField.set``), which validates it; f4 resets to the workflow's value.

The base editors are in form_field_base.py, the list choices in choice_fields.py, the LoRA list in
lora_collection_editor.py; every editor is importable from here.
"""

from __future__ import annotations

import json
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Static, Switch, TextArea

from ...workflow.inputs import WorkflowInput
from ...workflow.value_text import parse_list_text
from .choice_fields import BoardEditor, EnumEditor, ModelEditor, SelectEditor  # noqa: F401 - importable from here
from .form_field_base import FieldEditor, TextBackedEditor
from .lora_collection_editor import LoRACollectionEditor
from .path_suggester import PathSuggester


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


class VideoEditor(TextBackedEditor):
    """A video on the server (typed by name, or picked from a board with its poster), or the path of a
    local MP4, uploaded on submit."""

    DEFAULT_CSS = """
    VideoEditor Input { width: 1fr; }
    VideoEditor Button { min-width: 10; margin-left: 1; }
    """

    class PickRequested(Message):
        """Board… pressed: the screen asks which of the boards' videos."""

        def __init__(self, editor: "VideoEditor") -> None:
            super().__init__()
            self.editor = editor

    def compose_editor(self) -> ComposeResult:
        with Horizontal(classes="field-row"):
            yield Input(self.current_text(), placeholder="a server video name, or the path of a local .mp4",
                        suggester=PathSuggester(), id=f"input-{self.winput.input_index}", compact=True)
            yield Button("Board…", id="pick-video", compact=True)
        yield Static("", classes="field-description video-note")

    @on(Button.Pressed, "#pick-video")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.PickRequested(self))

    def choose(self, video_name: str) -> None:
        """Called with the name of a video picked in the dialog."""
        self.apply(video_name)
        self.load()

    def on_mount(self) -> None:
        self._note()

    def to_text(self, value: Any) -> str:
        local = getattr(self.field, "local_path", None)
        if local is not None:
            return str(local)
        return getattr(self.field, "video_name", None) or ""

    def _note(self) -> None:
        """Under the path of a local file: that it is uploaded on submit (no line otherwise)."""
        local = getattr(self.field, "local_path", None)
        note = self.query_one(".video-note", Static)
        note.display = local is not None
        note.update(f"local file (uploaded on submit): {local.name}" if local is not None else "")

    def text_edited(self, text: str) -> None:
        self.apply(text.strip() or None)
        self._note()

    def load(self) -> None:
        super().load()
        self._note()


class CollectionEditor(TextBackedEditor):
    """A list, typed as JSON ([1, 2, 3]) or as comma-separated values."""

    def compose_editor(self) -> ComposeResult:
        yield Input(self.current_text(), placeholder="[1, 2, 3] or a, b, c", id=f"input-{self.winput.input_index}",
                    compact=True)

    def to_text(self, value: Any) -> str:
        return "" if value is None else json.dumps(value)

    parse = staticmethod(parse_list_text)  # [1, 2, 3] or a, b, c (also the sweep dialog's values)

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
    if kind == "video":
        return VideoEditor(winput, show_description)
    if kind == "lora_collection":
        return LoRACollectionEditor(winput, models, show_description)
    if kind == "collection":
        return CollectionEditor(winput, show_description)
    return OtherEditor(winput, show_description)
