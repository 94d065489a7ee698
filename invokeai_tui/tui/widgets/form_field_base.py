"""The base of every workflow-input editor: header (index, label, hint), the kind's widget(s) and the
error line, with the value going straight into the workflow field; and the base of editors typed
as text (text, number, colour, collection).
"""

from __future__ import annotations

import json
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label, Select, Static, TextArea

from ...workflow.errors import FieldValueError
from ...workflow.inputs import WorkflowInput


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
