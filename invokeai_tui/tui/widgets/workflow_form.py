"""The generated form of a workflow, laid out as the workflow's own form: containers as columns or
rows (rows stack when the screen is narrow), headings, text, dividers, and one editor per input."""

from __future__ import annotations

from typing import Any

from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Rule, Static

from ...workflow.form import FormElement
from ...workflow.handle import WorkflowHandle
from .form_fields import FieldEditor, ModelEditor, editor_for


class WorkflowForm(VerticalScroll):
    DEFAULT_CSS = """
    WorkflowForm { height: 1fr; padding: 0 1 0 0; }
    WorkflowForm .form-column { height: auto; }
    WorkflowForm .form-row { height: auto; layout: horizontal; }
    WorkflowForm .form-row > * { width: 1fr; }
    WorkflowForm.-narrow .form-row { layout: vertical; }
    WorkflowForm.-narrow .form-row > * { width: 1fr; }
    WorkflowForm .form-heading { text-style: bold; color: $accent; padding: 0 1; margin-top: 1; }
    WorkflowForm .form-text { color: $text-muted; padding: 0 1; margin-bottom: 1; }
    WorkflowForm Rule.-horizontal { margin: 0 1; }
    WorkflowForm .form-row > Rule.-vertical { width: 1; margin: 0; height: 100%; }
    WorkflowForm.-narrow .form-row > Rule.-vertical { display: none; }
    WorkflowForm .form-empty { color: $text-muted; padding: 1 2; }
    """
    NARROW_WIDTH = 90  # below this many columns, rows are stacked

    def __init__(self, handle: WorkflowHandle, *, models: list[Any], boards: list[Any], id: str | None = None) -> None:
        super().__init__(id=id)
        self.handle = handle
        self.models = models
        self.boards = boards
        self.editors: list[FieldEditor] = []

    def compose(self):
        elements = self.handle.form_elements()
        children: dict[str | None, list[FormElement]] = {}
        for element in elements:
            children.setdefault(element.parent_id, []).append(element)
        roots = children.get(None, [])
        built = [self._build(root, children) for root in roots]
        built = [w for w in built if w is not None]
        if not self.handle.inputs:
            built.append(Static("This workflow has no inputs in its form: submit runs it as it is.",
                                classes="form-empty"))
        self.editors.sort(key=lambda e: e.winput.input_index)
        yield from built

    def _build(self, element: FormElement, children: dict[str | None, list[FormElement]],
               parent_layout: str = "column") -> Widget | None:
        if element.type == "container":
            inner = [self._build(child, children, element.layout or "column")
                     for child in children.get(element.element_id, [])]
            inner = [w for w in inner if w is not None]
            classes = "form-row" if element.layout == "row" else "form-column"
            return (Horizontal if element.layout == "row" else Vertical)(*inner, classes=classes)
        if element.type == "heading":
            return Static(element.content or "", classes="form-heading", markup=False)
        if element.type == "text":
            return Static(element.content or "", classes="form-text", markup=False) if element.content else None
        if element.type == "divider":
            return Rule(orientation="vertical" if parent_layout == "row" else "horizontal")
        if element.type == "node-field" and element.input_index is not None:
            winput = self.handle.inputs[element.input_index]
            editor = editor_for(winput, models=self.models, boards=self.boards,
                                show_description=element.show_description and element.settings is not None)
            self.editors.append(editor)
            return editor
        return None

    def on_mount(self) -> None:
        # Also once laid out: a form mounted at its final size may never get a Resize of its own.
        self.call_after_refresh(self._fit_width)

    def on_resize(self) -> None:
        self._fit_width()

    def _fit_width(self) -> None:
        self.set_class(0 < self.size.width < self.NARROW_WIDTH, "-narrow")

    # -- what the screen asks --------------------------------------------------------------
    @property
    def invalid_editors(self) -> list[FieldEditor]:
        return [e for e in self.editors if e.invalid]

    def ready(self) -> bool:
        """True when every field is valid; otherwise say which are not and go to the first."""
        bad = self.invalid_editors
        if not bad:
            return True
        listed = "\n".join(f"#{e.winput.input_index} {e.winput.label}: {e.problem}" for e in bad[:6])
        self.notify(listed, title="Fix these fields first", severity="error", timeout=8)
        first = bad[0].query("Input, TextArea, Select, Switch")
        if first:
            first.first().focus()
        self.scroll_to_widget(bad[0])
        return False

    def focus_first_field(self) -> None:
        """After opening, typing goes into the first input of the form."""
        for editor in self.editors:
            widgets = editor.query("Input, TextArea, Select, Switch, Button")
            if widgets:
                widgets.first().focus()
                return

    def editor(self, index: int) -> FieldEditor:
        return next(e for e in self.editors if e.winput.input_index == index)

    def reload_values(self) -> None:
        """Show the fields' values again (after a preset, a model sync or a reset)."""
        for editor in self.editors:
            editor.mark(None)
            editor.load()

    @property
    def missing_models(self) -> list[ModelEditor]:
        return [e for e in self.editors if isinstance(e, ModelEditor) and e.missing]
