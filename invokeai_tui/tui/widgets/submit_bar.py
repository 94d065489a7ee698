"""The submit bar under a form: how many runs, prepend, the sweep in words, and the Sweep and Submit
buttons. Its inputs are validated here (``request()``); the buttons post messages, and the screen
decides what submitting means (checking its own form first)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, Input, Label, Static, Switch

MAX_RUNS = 10000


@dataclass(frozen=True)
class SubmitRequest:
    """What the bar says to submit: ``sweeps`` maps an input index to its values (or None)."""

    runs: int
    prepend: bool
    sweeps: dict[int, list[Any]] | None


class SubmitBar(Horizontal):
    """Runs, prepend, sweep and submit. When the form is narrow (the queue pane is open, or the
    terminal is small) the less needed parts give way, so Submit always stays on screen."""

    TIGHT, TINY = 58, 46  # cells: below TIGHT the sweep button and text go (f7 still works), below TINY prepend
    DEFAULT_CSS = """
    SubmitBar { height: 3; padding: 0 1; background: $boost; align-vertical: middle; }
    SubmitBar Label { height: 1; margin-right: 1; }
    SubmitBar #wf-runs { width: 7; }
    SubmitBar #wf-sweep-text { width: 1fr; height: 1; color: $text-muted; }
    SubmitBar Button { margin-left: 1; }
    SubmitBar.-tight #wf-sweep { display: none; }
    SubmitBar.-tiny .prepend { display: none; }
    """

    class SubmitRequested(Message):
        """The Submit button was pressed."""

    class SweepRequested(Message):
        """The Sweep button was pressed."""

    def __init__(self, id: str | None = None, *, runs_label: str = "Runs", sweep: bool = True) -> None:
        super().__init__(id=id)
        self.runs_label = runs_label  # Generate calls its runs "Iterations" and has no sweep
        self.with_sweep = sweep
        self.sweep: tuple[int, list[Any]] | None = None  # (input index, values)
        self.runs = Input("1", type="integer", id="wf-runs", compact=True)
        self.prepend = Switch(False, id="wf-prepend", classes="prepend")
        self.sweep_text = Static("", id="wf-sweep-text")

    def compose(self) -> ComposeResult:
        yield Label(self.runs_label)
        yield self.runs
        yield Label(" Prepend", classes="prepend")
        yield self.prepend
        yield self.sweep_text
        if self.with_sweep:
            yield Button("Sweep… f7", id="wf-sweep", compact=True)
        yield Button("Submit f5", id="wf-submit", variant="primary", compact=True)

    def on_resize(self) -> None:
        width = self.size.width
        self.set_class(width < self.TIGHT, "-tight")
        self.set_class(width < self.TINY, "-tiny")

    def set_sweep(self, sweep: tuple[int, list[Any]] | None, inputs: list[Any] = ()) -> None:
        """Sweep input ``sweep[0]`` (of ``inputs``, for its label) over ``sweep[1]``; None: no sweep."""
        self.sweep = sweep
        text = ""
        if sweep:
            index, values = sweep
            shown = ", ".join(str(v) for v in values[:4]) + (" …" if len(values) > 4 else "")
            text = f"sweep #{index} {inputs[index].label}: {shown}"
        self.sweep_text.update(text)

    def request(self) -> SubmitRequest | None:
        """The bar's values, or None (said to the user, and the runs box focused) when they are wrong."""
        try:
            runs = int(self.runs.value.strip())
        except ValueError:
            runs = 0
        if runs < 1 or runs > MAX_RUNS:
            self.notify(f"{self.runs_label} must be a whole number from 1 to {MAX_RUNS}.", severity="error", timeout=4)
            self.runs.focus()
            return None
        sweeps = {self.sweep[0]: self.sweep[1]} if self.sweep else None
        return SubmitRequest(runs, self.prepend.value, sweeps)

    @on(Button.Pressed, "#wf-sweep")
    def _sweep_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.SweepRequested())

    @on(Button.Pressed, "#wf-submit")
    def _submit_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.SubmitRequested())
