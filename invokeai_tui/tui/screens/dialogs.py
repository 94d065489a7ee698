"""Small modal dialogs: confirm, ask for text, pick from a list, delete a board."""

from __future__ import annotations

from typing import Iterable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ..compat import input_suggestion
from .base import ReportsWorkerErrors


class _Dialog(ReportsWorkerErrors, ModalScreen):
    DEFAULT_CSS = """
    _Dialog, ConfirmDialog, TextPromptDialog, PickDialog, DeleteBoardDialog {
        align: center middle;
    }
    .dialog {
        width: 64; max-width: 95%; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    .dialog .title { text-style: bold; margin-bottom: 1; }
    .dialog .text { width: 1fr; height: auto; }
    .dialog .buttons { height: auto; margin-top: 1; align-horizontal: right; }
    .dialog Button { margin-left: 1; }
    .dialog OptionList { height: auto; max-height: 16; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(_Dialog):
    """Ask a yes/no question; dismisses with True or False."""

    BINDINGS = [Binding("y", "answer(True)", "Yes", id="dialog.yes"), Binding("n", "answer(False)", "No", id="dialog.no")]

    def __init__(self, title: str, text: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self._title, self._text, self._yes, self._no = title, text, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self._title, classes="title")
            yield Static(self._text, classes="text")
            with Horizontal(classes="buttons"):
                yield Button(self._no, id="no")
                yield Button(self._yes, id="yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(False)


class TextPromptDialog(_Dialog):
    """Ask for one line of text; dismisses with the text, or None when cancelled."""

    BINDINGS = [Binding("tab", "accept_completion", "Complete", show=False, priority=True, id="dialog.complete")]

    def __init__(
        self,
        title: str,
        value: str = "",
        placeholder: str = "",
        suggester: Suggester | None = None,
        hint: str = "",
    ) -> None:
        super().__init__()
        self._title, self._value, self._placeholder = title, value, placeholder
        self._suggester, self._hint = suggester, hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self._title, classes="title")
            yield Input(self._value, placeholder=self._placeholder, suggester=self._suggester, id="answer")
            if self._hint:
                yield Label(self._hint, classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("OK", id="ok", variant="primary")

    def action_accept_completion(self) -> None:
        """Tab takes the suggested completion when there is one, else moves focus as usual."""
        field = self.query_one("#answer", Input)
        suggestion = input_suggestion(field)
        if self.focused is field and suggestion and suggestion != field.value:
            field.value = suggestion
            field.cursor_position = len(field.value)
        else:
            self.focus_next()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(self.query_one(Input).value.strip() or None if event.button.id == "ok" else None)


class PickDialog(_Dialog):
    """Pick one of several (id, label) choices; dismisses with the id or None."""

    def __init__(self, title: str, choices: Iterable[tuple[str, str]]) -> None:
        super().__init__()
        self._title = title
        self._choices = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self._title, classes="title")
            yield OptionList(*[Option(label, id=cid) for cid, label in self._choices], id="choices")

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class DeleteBoardDialog(_Dialog):
    """Delete a board: keep its images (they become uncategorized) or delete them too.

    Dismisses with "keep", "images" or None.
    """

    def __init__(self, board_name: str, image_count: int) -> None:
        super().__init__()
        self._board_name, self._count = board_name, image_count

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Delete board “{self._board_name}”?", classes="title")
            yield Static(
                f"It holds {self._count} image(s). Keep them (they move to Uncategorized) or delete them too.",
                classes="text",
            )
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Keep images", id="keep", variant="warning")
                yield Button("Delete images too", id="images", variant="error")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "cancel" else event.button.id)
