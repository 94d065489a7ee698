"""The Generate form's settings under the prompts: one labelled row per control, shown only when the
selected base has that control (``controls.BASES``), so a hidden value is never read.

``load(params)`` fills the rows from a ``GenerateParams``; ``read(params)`` returns a copy with what
is typed, or raises ``ValueError`` with a sentence naming the row. Choosing an aspect preset posts
``AspectChosen``; the screen decides the size (it knows the base)."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Select

from ...generate import controls as C
from ...generate.model_defaults import ASPECT_RATIOS
from ...generate.params import GenerateParams, ModelRef
from .lora_list import LoraList

SEED_MODES = [("random", "random"), ("fixed", "fixed"), ("reuse the last", "last")]
ALWAYS = ("size", "seed", "board")  # rows every base has


class SettingRow(Horizontal):
    """A label and its widgets; ``control`` is the name in ``controls.py`` that shows it."""

    DEFAULT_CSS = """
    SettingRow { height: auto; min-height: 1; margin-bottom: 0; }
    SettingRow > .setting-label { width: 14; height: 1; color: $text-muted; }
    SettingRow Input { width: 12; }
    SettingRow Select { width: 1fr; }
    SettingRow .note { width: auto; height: 1; color: $text-muted; margin: 0 1; }
    SettingRow LoraList { width: 1fr; }
    """

    def __init__(self, label: str, *widgets: Widget, control: str) -> None:
        super().__init__(id=f"ctl-{control}", classes="setting-row")
        self.control = control
        self.widgets = widgets
        self.label = label

    def compose(self) -> ComposeResult:
        yield Label(self.label, classes="setting-label")
        yield from self.widgets


def _input(value: str, kind: str, id: str, width: int | None = None) -> Input:
    field = Input(value, type=kind, id=id, compact=True)
    if width:
        field.styles.width = width
    return field


class GenerateSettings(Vertical):
    DEFAULT_CSS = """
    GenerateSettings { height: auto; padding: 0 1; }
    GenerateSettings Input, GenerateSettings Select { background: $boost; }
    """

    class AspectChosen(Message):
        def __init__(self, ratio: float) -> None:
            super().__init__()
            self.ratio = ratio

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.base: str | None = None
        self.vaes: list[ModelRef] = []
        self.last_seed: int | None = None
        self.board_ids = {"none"}
        self.shown: frozenset[str] = frozenset()  # the controls of the chosen model
        self.steps = _input("30", "integer", "gen-steps")
        self.cfg = _input("7.5", "number", "gen-cfg")
        self.guidance = _input("4", "number", "gen-guidance")
        self.scheduler: Select[str] = Select([(s, s) for s in C.SD_SCHEDULERS], id="gen-scheduler", compact=True,
                                            allow_blank=False, value="dpmpp_3m_k")
        self.clip_skip = _input("0", "integer", "gen-clip-skip")
        self.cfg_rescale = _input("0", "number", "gen-cfg-rescale")
        self.vae: Select[str] = Select([], id="gen-vae", compact=True, prompt="the model's own")
        self.vae_precision: Select[str] = Select([("fp32", "fp32"), ("fp16", "fp16")], id="gen-vae-precision",
                                                 compact=True, allow_blank=False, value="fp32")
        self.vae_precision.styles.width = 10
        self.loras = LoraList(id="gen-loras")
        self.width = _input("512", "integer", "gen-width", 7)
        self.height = _input("512", "integer", "gen-height", 7)
        self.aspect: Select[str] = Select([(k, k) for k in ASPECT_RATIOS], id="gen-aspect", compact=True,
                                          allow_blank=False, value="free")
        self.aspect.styles.width = 10
        self.seed_mode: Select[str] = Select(SEED_MODES, id="gen-seed-mode", compact=True, allow_blank=False,
                                             value="random")
        self.seed_mode.styles.width = 18
        self.seed = _input("0", "integer", "gen-seed", 12)
        self.board: Select[str] = Select([("Uncategorized", "none")], id="gen-board", compact=True,
                                         allow_blank=False, value="none")
        self.init_image = Input("", id="gen-init-image", compact=True,
                                placeholder="an image name, or a file path to upload (empty: text to image)")
        self.init_image.styles.width = "1fr"
        self.strength = _input("0.75", "number", "gen-strength", 6)

    def compose(self) -> ComposeResult:
        yield SettingRow("Steps", self.steps, control=C.STEPS)
        yield SettingRow("CFG scale", self.cfg, control=C.CFG)
        yield SettingRow("Guidance", self.guidance, control=C.GUIDANCE)
        yield SettingRow("Scheduler", self.scheduler, control=C.SCHEDULER)
        yield SettingRow("CLIP skip", self.clip_skip, control=C.CLIP_SKIP)
        yield SettingRow("CFG rescale", self.cfg_rescale, control=C.CFG_RESCALE)
        yield SettingRow("VAE", self.vae, self.vae_precision, control=C.VAE)
        yield SettingRow("LoRAs", self.loras, control=C.LORAS)
        yield SettingRow("Size", self.width, Label("×", classes="note"), self.height, Label("aspect", classes="note"),
                         self.aspect, control="size")
        yield SettingRow("Seed", self.seed_mode, self.seed, control="seed")
        yield SettingRow("Board", self.board, control="board")
        yield SettingRow("Init image", self.init_image, Label("strength", classes="note"), self.strength,
                         control=C.INIT_IMAGE)

    # -- what is offered ----------------------------------------------------------------------
    def show_model(self, model: ModelRef | None, models: list[ModelRef]) -> None:
        """Show the rows ``model`` has (its base's, with its variant's differences); offer its base's
        schedulers, VAEs and LoRAs."""
        base = model.base if model else None
        self.base = base
        self.shown = C.model_controls(model) if model else frozenset()
        controls = C.controls_for(base)
        for row in self.query(SettingRow):
            row.display = row.control in ALWAYS or row.control in self.shown
        if controls is not None and controls.schedulers:
            current = self.scheduler.value
            with self.prevent(Select.Changed):
                self.scheduler.set_options([(s, s) for s in controls.schedulers])
                if current in controls.schedulers:
                    self.scheduler.value = current
        self.vaes = [m for m in models if m.type == "vae" and m.base == base]
        with self.prevent(Select.Changed):
            current_vae = self.vae.value
            self.vae.set_options([(m.name, m.key) for m in sorted(self.vaes, key=lambda m: m.name.lower())])
            if any(m.key == current_vae for m in self.vaes):
                self.vae.value = current_vae
        self.loras.set_available([m for m in models if m.type == "lora" and m.base == base])

    def set_boards(self, boards: list[Any]) -> None:
        current = self.board.value
        options = [("Uncategorized", "none")] + [(b.board_name, b.board_id) for b in boards if not b.is_uncategorized]
        self.board_ids = {board_id for _name, board_id in options}
        with self.prevent(Select.Changed):
            self.board.set_options(options)
            self.board.value = current if current in self.board_ids else "none"

    # -- params in and out -------------------------------------------------------------------------
    async def load(self, params: GenerateParams) -> None:
        """Show ``params`` (the rows of the current base; the others are filled too, unseen)."""
        controls = C.controls_for(params.base)
        self.steps.value = str(params.steps)
        self.cfg.value = f"{params.cfg_scale:g}"
        self.guidance.value = f"{params.guidance:g}"
        scheduler_field = controls.scheduler_field if controls else None
        if scheduler_field and controls.schedulers:
            value = getattr(params, scheduler_field)
            if value in controls.schedulers:
                with self.prevent(Select.Changed):
                    self.scheduler.value = value
        self.clip_skip.value = str(params.clip_skip)
        self.cfg_rescale.value = f"{params.cfg_rescale_multiplier:g}"
        with self.prevent(Select.Changed):
            if params.vae is not None and any(m.key == params.vae.key for m in self.vaes):
                self.vae.value = params.vae.key
            else:
                self.vae.clear()
            self.vae_precision.value = params.vae_precision
            self.seed_mode.value = "random" if params.random_seed else "fixed"
            board = params.board_id or "none"
            if board in self.board_ids:
                self.board.value = board
        await self.loras.set_loras(params.loras)
        self.show_size(params.width, params.height)
        self.seed.value = str(params.seed)
        self.init_image.value = params.init_image or ""
        self.strength.value = f"{params.strength:g}"

    def show_size(self, width: int, height: int) -> None:
        self.width.value, self.height.value = str(width), str(height)

    def read(self, params: GenerateParams) -> GenerateParams:
        """``params`` with the shown rows' values; ValueError names a row whose text is not a value."""
        controls = C.controls_for(params.base)
        shown = C.model_controls(params.model) if params.model else frozenset()  # a hidden row is never read
        update: dict[str, Any] = {
            "width": _int(self.width, "Width"), "height": _int(self.height, "Height"),
            "board_id": self.board.value if self.board.value not in (None, Select.NULL) else "none",
        }
        mode = self.seed_mode.value
        update["random_seed"] = mode == "random"
        if mode == "last":
            if self.last_seed is None:
                raise ValueError("Seed: nothing was generated yet, so there is no last seed to reuse")
            update["seed"] = self.last_seed
        elif mode == "fixed":
            update["seed"] = _int(self.seed, "Seed")
        if controls is not None:
            if C.STEPS in shown:
                update["steps"] = _int(self.steps, "Steps")
            if C.CFG in shown:
                update["cfg_scale"] = _float(self.cfg, "CFG scale")
            if C.GUIDANCE in shown:
                update["guidance"] = _float(self.guidance, "Guidance")
            if C.SCHEDULER in shown and controls.scheduler_field and self.scheduler.value not in (None, Select.NULL):
                update[controls.scheduler_field] = self.scheduler.value
            if C.CLIP_SKIP in shown:
                update["clip_skip"] = _int(self.clip_skip, "CLIP skip")
            if C.CFG_RESCALE in shown:
                update["cfg_rescale_multiplier"] = _float(self.cfg_rescale, "CFG rescale")
            if C.VAE in shown:
                key = self.vae.value
                update["vae"] = next((m for m in self.vaes if m.key == key), None)
                update["vae_precision"] = self.vae_precision.value
            if C.LORAS in shown:
                update["loras"] = self.loras.loras
            if C.INIT_IMAGE in shown:
                update["init_image"] = self.init_image.value.strip() or None
                update["strength"] = _float(self.strength, "Strength")
        try:
            return GenerateParams.model_validate({**params.model_dump(), **update})
        except ValueError as exc:  # pydantic's range checks (seed, strength, ...)
            raise ValueError(_first_error(exc)) from None

    @on(Select.Changed, "#gen-aspect")
    def _aspect(self, event: Select.Changed) -> None:
        event.stop()
        ratio = ASPECT_RATIOS.get(str(event.value))
        if ratio is not None:
            self.post_message(self.AspectChosen(ratio))


def _int(field: Input, name: str) -> int:
    try:
        return int(field.value.strip())
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {field.value!r}") from None


def _float(field: Input, name: str) -> float:
    try:
        return float(field.value.strip())
    except ValueError:
        raise ValueError(f"{name} must be a number, not {field.value!r}") from None


def _first_error(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        return f"{where}: {first.get('msg', exc)}"
    return str(exc)
