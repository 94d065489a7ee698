"""Edit a model: name, description, trigger phrases and the default settings its type has. Values are
checked by the server's rules first; the dialog then calls `save` and stays open with the server's
refusal when there is one, so nothing typed is lost."""

from __future__ import annotations

from typing import Any, Awaitable, Callable

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static

from ...client.errors import InvokeAIError
from ...client.records import DnnModel
from .dialogs import _Dialog
from .model_settings import (
    VAE_PRECISIONS,
    merged_settings,
    parse_setting,
    scheduler_choices,
    setting_fields,
    show_setting,
    split_phrases,
)

# save(changes) -> the updated model, or raises the server's refusal (an InvokeAIError).
Save = Callable[[dict[str, Any]], Awaitable[DnnModel]]


class EditModelDialog(_Dialog):
    """Dismisses with the model as the server saved it, or None when cancelled."""

    DEFAULT_CSS = """
    EditModelDialog { align: center middle; }
    EditModelDialog .dialog { width: 80; }
    EditModelDialog #edit-fields { height: auto; max-height: 24; }
    EditModelDialog .row { height: auto; }
    EditModelDialog .row Label { width: 16; padding-top: 1; }
    EditModelDialog .row Input, EditModelDialog .row Select { width: 1fr; }
    EditModelDialog #edit-error { color: $error; height: auto; }
    """

    def __init__(self, model: DnnModel, vaes: list[DnnModel], save: Save) -> None:
        super().__init__()
        self.model, self._vaes, self._save = model, vaes, save
        self.fields = setting_fields(model)

    def _row(self, label: str, widget) -> Horizontal:
        return Horizontal(Label(label), widget, classes="row")

    def _setting_widget(self, field, value: Any):
        wid = f"set-{field.key}"
        if field.kind == "vae":
            options = [(f"{v.name} ({v.base})", v.key) for v in self._vaes]
            if value and all(key != value for _, key in options):
                options.append((f"{value} (not installed)", value))
            return Select(options, prompt="none", value=value or Select.NULL, id=wid)
        if field.kind == "choice":
            choices = VAE_PRECISIONS if field.key == "vae_precision" else scheduler_choices(self.model)
            if value and value not in choices:
                choices = (*choices, value)
            return Select([(c, c) for c in choices], prompt="none", value=value or Select.NULL, id=wid)
        return Input(show_setting(value), placeholder=field.rule, id=wid)

    def compose(self) -> ComposeResult:
        model, settings = self.model, self.model.default_settings or {}
        with Vertical(classes="dialog"):
            yield Label(f"Edit {model.name} ({model.base} {model.type})", classes="title")
            with VerticalScroll(id="edit-fields"):
                yield self._row("Name", Input(model.name, id="edit-name"))
                yield self._row("Description", Input(model.description or "", id="edit-description"))
                if model.type in ("main", "lora"):
                    yield self._row("Trigger phrases", Input(", ".join(model.trigger_phrases or []),
                                                             placeholder="comma separated", id="edit-triggers"))
                if self.fields:
                    yield Label("[b]Default settings[/b] (empty: none)")
                for field in self.fields:
                    yield self._row(field.label, self._setting_widget(field, settings.get(field.key)))
            yield Static("", id="edit-error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save", id="save", variant="primary")

    def changes(self) -> tuple[dict[str, Any], list[str]]:
        """What to send (only what changed) and the problems found in the values typed."""
        model, problems = self.model, []
        out: dict[str, Any] = {}
        name = self.query_one("#edit-name", Input).value.strip()
        if not name:
            problems.append("The name cannot be empty.")
        elif name != model.name:
            out["name"] = name
        description = self.query_one("#edit-description", Input).value.strip()
        if description != (model.description or ""):
            out["description"] = description
        if model.type in ("main", "lora"):
            phrases = split_phrases(self.query_one("#edit-triggers", Input).value)
            if phrases != list(model.trigger_phrases or []):
                out["trigger_phrases"] = phrases
        edited: dict[str, Any] = {}
        for field in self.fields:
            widget = self.query_one(f"#set-{field.key}")
            if isinstance(widget, Select):
                edited[field.key] = widget.value if isinstance(widget.value, str) else None
                continue
            value, problem = parse_setting(field, widget.value)
            if problem:
                problems.append(problem)
            edited[field.key] = value
        before = model.default_settings or {}
        if any(value != before.get(key) for key, value in edited.items()):
            out["default_settings"] = merged_settings(model, edited)
        return out, problems

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.save()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.save()
        else:
            self.dismiss(None)

    @work(group="edit-model", exclusive=True, exit_on_error=False, description="save the model")
    async def save(self) -> None:
        error = self.query_one("#edit-error", Static)
        changes, problems = self.changes()
        if problems:
            error.update("\n".join(problems))
            return
        if not changes:
            self.dismiss(None)
            return
        error.update("Saving …")
        try:
            saved = await self._save(changes)
        except InvokeAIError as err:
            error.update(f"The server refused it: {err}")
            return
        self.dismiss(saved)
