"""The top of the Generate form: the model picker (every installed main model, grouped by base), the
model's default settings (applied with f6), the prompt with the count of its dynamic-prompt
expansions, and the negative prompt when the base has one. It posts ``ModelChosen`` and
``PromptEdited``; the screen asks the service and answers with ``show_count`` / ``show_defaults``."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Label, Select, Static, TextArea

from ...generate import controls as C
from ...generate.params import ModelRef


BASE_ORDER = list(C.BASES)  # the web UI's families in their usual order (sd-1 first); unknown bases last


def ordered_models(main_models: dict[str, list[ModelRef]]) -> list[ModelRef]:
    """Every main model, grouped by base in the families' order, by name within a base."""
    bases = sorted(main_models, key=lambda b: (BASE_ORDER.index(b) if b in BASE_ORDER else len(BASE_ORDER), b))
    return [m for base in bases for m in sorted(main_models[base], key=lambda m: m.name.lower())]


def model_options(main_models: dict[str, list[ModelRef]]) -> list[tuple[str, str]]:
    """Select options grouped by base: the base's label leads each of its models."""
    return [(f"{C.BASES[m.base].label if m.base in C.BASES else m.base} · {m.name}", m.key)
            for m in ordered_models(main_models)]


class PromptPanel(Vertical):
    DEFAULT_CSS = """
    PromptPanel { height: auto; padding: 0 1; }
    PromptPanel #gen-model { width: 1fr; background: $boost; }
    PromptPanel .prompt-label { height: 1; color: $text-muted; margin-top: 1; }
    PromptPanel TextArea { height: 5; }
    PromptPanel #gen-negative { height: 3; }
    PromptPanel #gen-defaults, PromptPanel #gen-prompt-count { height: auto; color: $text-muted; }
    PromptPanel #gen-negative-box { height: auto; }
    """

    class ModelChosen(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    class PromptEdited(Message):
        """The prompt's text changed (the screen counts its expansions, debounced)."""

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.model: Select[str] = Select([], id="gen-model", compact=True, prompt="pick a model")
        self.defaults = Static("", id="gen-defaults")
        self.prompt = TextArea("", id="gen-prompt", soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        self.count = Static("", id="gen-prompt-count")
        self.negative = TextArea("", id="gen-negative", soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        self.negative_note = Label("Negative prompt", classes="prompt-label")

    def compose(self) -> ComposeResult:
        yield Label("Model", classes="prompt-label")
        yield self.model
        yield self.defaults
        yield Label("Prompt  (dynamic prompts: {a|b})", classes="prompt-label")
        yield self.prompt
        yield self.count
        with Vertical(id="gen-negative-box"):
            yield self.negative_note
            yield self.negative

    def set_models(self, main_models: dict[str, list[ModelRef]], current: str | None) -> None:
        options = model_options(main_models)
        with self.prevent(Select.Changed):
            self.model.set_options(options)
            if current and any(key == current for _label, key in options):
                self.model.value = current

    def choose(self, key: str | None) -> None:
        with self.prevent(Select.Changed):
            if key is None:
                self.model.clear()
            else:
                self.model.value = key

    def show_model(self, model: ModelRef | None) -> None:
        controls = C.controls_for(model.base if model else None)
        has_negative = model is not None and C.NEGATIVE in C.model_controls(model)
        self.query_one("#gen-negative-box").display = has_negative
        if has_negative:
            self.negative_note.update("Negative prompt" + ("  (used when CFG > 1)" if controls.negative_only_above_cfg_1
                                                          else ""))

    def show_defaults(self, text: str) -> None:
        self.defaults.update(Content.assemble(("Defaults ", "bold"), (text, ""), ("   f6 applies them", "dim"))
                             if text else Content.styled("This model has no default settings.", "dim"))

    def show_count(self, count: int | None, problem: str | None = None) -> None:
        """How many prompts the dynamic prompt expands to (None: counting)."""
        if problem:
            self.count.update(Content.styled(f"⚠ {problem}", "$warning"))
        elif count is None:
            self.count.update("counting the prompt's expansions…")
        else:
            self.count.update(f"{count} prompt{'s' if count != 1 else ''}")

    @on(Select.Changed, "#gen-model")
    def _model(self, event: Select.Changed) -> None:
        event.stop()
        if event.value is not Select.NULL:
            self.post_message(self.ModelChosen(str(event.value)))

    @on(TextArea.Changed, "#gen-prompt")
    def _prompt(self, event: TextArea.Changed) -> None:
        event.stop()
        self.post_message(self.PromptEdited())
