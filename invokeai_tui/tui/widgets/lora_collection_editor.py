"""The editor of a LoRA-collection input (e.g. Wan 2.2's "Apply LoRA Collection"): the Generate form's
LoRA list (a picker of the installed LoRAs that fit, one row per LoRA with its weight), whose rows go
straight into the workflow field as `[{"lora": identifier, "weight": w}, ...]`."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult

from ...generate.params import LoraParam, ModelRef
from ...workflow.inputs import WorkflowInput
from .form_field_base import FieldEditor
from .lora_list import LoraList

IDENTIFIER_KEYS = ("key", "hash", "name", "base", "type")


def model_ref(model: Any) -> ModelRef:
    """A model record or identifier dict as the LoRA list shows it."""
    if not isinstance(model, dict):
        model = {k: getattr(model, k, None) for k in IDENTIFIER_KEYS}
    return ModelRef(**{k: model[k] for k in IDENTIFIER_KEYS if model.get(k) is not None})


class LoRACollectionEditor(FieldEditor):
    def __init__(self, winput: WorkflowInput, models: list[Any], show_description: bool = False) -> None:
        self.models = models
        super().__init__(winput, show_description)
        self.loras = LoraList(id=f"input-{winput.input_index}")

    def compose_editor(self) -> ComposeResult:
        yield self.loras

    async def on_mount(self) -> None:
        await self.load_rows()

    def fitting(self) -> list[ModelRef]:
        return [model_ref(m) for m in self.models if self.field.fits(m)]

    async def load_rows(self) -> None:
        self.loras.set_available(self.fitting())
        current = [LoraParam(model=model_ref(item["lora"]), weight=item["weight"])
                   for item in self.field.get() or [] if isinstance(item, dict) and isinstance(item.get("lora"), dict)]
        with self.prevent(LoraList.Changed):
            await self.loras.set_loras(current)

    @on(LoraList.Changed)
    def _changed(self, event: LoraList.Changed) -> None:
        event.stop()
        try:
            rows = self.loras.loras
        except ValueError as exc:
            self.mark(str(exc))
            self.post_message(self.Edited(self))
            return
        self.apply([{"lora": row.model.model_dump(include=set(IDENTIFIER_KEYS), exclude_none=True),
                     "weight": row.weight} for row in rows])

    def load(self) -> None:
        self.run_worker(self.load_rows(), group="lora-collection-load", exclusive=True)
