"""The Generate form's LoRAs: a picker offering the installed LoRAs of the selected base, and one row per
added LoRA (its name, its weight, a remove button). LoRAs of another base stay listed, marked and
disabled, as the web UI keeps them after a base change; they are not sent."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label, Select

from ...generate.params import LoraParam, ModelRef

DEFAULT_WEIGHT = 0.75  # the web UI adds a LoRA with `weight ?? 0.75`


class LoraRow(Horizontal):
    DEFAULT_CSS = """
    LoraRow { height: 1; }
    LoraRow .lora-name { width: 1fr; height: 1; }
    LoraRow.-off .lora-name { color: $text-muted; text-style: strike; }
    LoraRow Input { width: 8; }
    LoraRow Button { min-width: 3; margin-left: 1; }
    """

    def __init__(self, lora: LoraParam) -> None:
        super().__init__(classes="lora-row")
        self.lora = lora
        self.weight = Input(f"{lora.weight:g}", type="number", compact=True, classes="lora-weight")

    def compose(self) -> ComposeResult:
        note = "" if self.lora.enabled else f"  (off: {self.lora.model.base})"
        yield Label(f"{self.lora.model.name}{note}", classes="lora-name")
        yield self.weight
        yield Button("✕", compact=True, classes="lora-remove", tooltip="remove this LoRA")

    def on_mount(self) -> None:
        self.set_class(not self.lora.enabled, "-off")

    def value(self) -> LoraParam:
        """The row's LoRA with the weight typed (ValueError when it is not a number)."""
        return self.lora.model_copy(update={"weight": float(self.weight.value.strip())})


class LoraList(Vertical):
    DEFAULT_CSS = """
    LoraList { height: auto; }
    LoraList #lora-add { width: 1fr; }
    LoraList #lora-rows { height: auto; }
    """

    class Changed(Message):
        """A LoRA was added, removed or re-weighted."""

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.available: list[ModelRef] = []
        self.picker: Select[str] = Select([], prompt="+ add a LoRA", id="lora-add", compact=True)
        self.rows = Vertical(id="lora-rows")

    def compose(self) -> ComposeResult:
        yield self.picker
        yield self.rows

    @property
    def loras(self) -> list[LoraParam]:
        """The LoRAs as typed; ValueError names the LoRA whose weight is not a number."""
        loras = []
        for row in self.rows.query(LoraRow):
            try:
                loras.append(row.value())
            except ValueError:
                raise ValueError(f"LoRA {row.lora.model.name}: the weight must be a number") from None
        return loras

    def set_available(self, models: list[ModelRef]) -> None:
        """Offer these LoRAs (the selected base's), minus the ones already added."""
        self.available = models
        added = {row.lora.model.key for row in self.rows.query(LoraRow)}
        options = [(m.name, m.key) for m in sorted(models, key=lambda m: m.name.lower()) if m.key not in added]
        with self.prevent(Select.Changed):
            self.picker.set_options(options)
        self.picker.disabled = not options

    async def set_loras(self, loras: list[LoraParam]) -> None:
        await self.rows.remove_children()
        await self.rows.mount_all([LoraRow(lora) for lora in loras])
        self.set_available(self.available)

    @on(Select.Changed, "#lora-add")
    async def _add(self, event: Select.Changed) -> None:
        event.stop()
        if event.value is Select.NULL:
            return
        model = next((m for m in self.available if m.key == event.value), None)
        if model is None:
            return
        row = LoraRow(LoraParam(model=model, weight=DEFAULT_WEIGHT))
        await self.rows.mount(row)
        self.set_available(self.available)
        row.weight.focus()  # the next keys are the weight's (digits would otherwise switch modes)
        self.post_message(self.Changed())

    @on(Button.Pressed, ".lora-remove")
    async def _remove(self, event: Button.Pressed) -> None:
        event.stop()
        row = next(a for a in event.button.ancestors if isinstance(a, LoraRow))
        await row.remove()
        self.set_available(self.available)
        self.post_message(self.Changed())

    @on(Input.Changed, ".lora-weight")
    def _weight(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed())
