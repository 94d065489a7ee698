"""Editors that choose from a list: enums, and the boards and models the server has."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Select, Static

from ...workflow.inputs import WorkflowInput
from .form_field_base import FieldEditor


def model_label(model: Any) -> str:
    return f"{model.name} ({model.base})"


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
