"""Generate mode: a prompt, a model, the controls its base has, and f5. The prompt panel and the
settings are widgets that post messages; the run's progress shows in the queue pane and its images
in ``RunResults``, as in Workflows.

The screen never builds a request: every server question goes through the Generate service
(``app.generator``, ``generate/service.py``): the models, the prompt's expansions, preparing (which
checks the input and raises ``GenerateInputError`` with a sentence: shown, nothing sent), submitting,
recalling an image's parameters. The last parameters per base are kept (``generate/state.py``).
"""

from __future__ import annotations

import asyncio
import logging

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from ...generate.model_defaults import apply_default_settings, describe_defaults, select_model, size_for_aspect
from ...generate.params import GenerateParams, ModelRef
from ...generate.state import GenerateState
from ..messages import BoardsChanged, ServerReconnected
from ..widgets.generate_prompts import PromptPanel, ordered_models
from ..widgets.generate_settings import GenerateSettings
from ..widgets.run_results import RunResults
from ..widgets.submit_bar import SubmitBar
from . import generate_actions
from .results_screen import ResultsModeScreen

log = logging.getLogger(__name__)

PROMPT_COUNT_DELAY = 0.4  # seconds after the last keystroke before the server counts the expansions


class GenerateScreen(ResultsModeScreen):
    MODE = "generate"
    HELP_TITLE = "Generate"
    DEFAULT_CSS = """
    GenerateScreen #gen-form { height: 1fr; }
    GenerateScreen #gen-main { width: 1fr; }
    GenerateScreen #gen-banner { color: $warning; padding: 0 1; height: auto; display: none; }
    GenerateScreen #gen-banner.-shown { display: block; }
    """
    BINDINGS = [
        Binding("f5,ctrl+s", "submit", "Generate", id="generate.submit"),
        Binding("f6", "use_defaults", "Model defaults", id="generate.defaults"),
        Binding("ctrl+l", "focus_model", "Model", show=False, id="generate.model"),
        Binding("escape", "focus_model", "Leave the text", show=False, id="generate.leave_text"),
        Binding("ctrl+r", "refresh", "Refresh", show=False, id="generate.refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.params = GenerateParams()
        self.models: list[ModelRef] = []
        self.main_models: dict[str, list[ModelRef]] = {}
        self.defaults: dict[str, dict] = {}  # model key -> its default settings
        self.boards: list = []
        self.state: GenerateState | None = None
        self.last_prepared = None  # the last PreparedGeneration sent (tests and the seed's "reuse the last")
        self.loaded = False
        self._loaded = asyncio.Event()  # recall and init image from Boards wait for the form to be filled
        self._count_timer = None

    # -- layout -----------------------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        self.prompts = PromptPanel(id="gen-prompts")
        self.settings = GenerateSettings(id="gen-settings")
        self.banner = Static("", id="gen-banner")
        self.submit_bar = SubmitBar(id="gen-submit-bar", runs_label="Iterations", sweep=False)
        self.run_results = RunResults(id="gen-results")
        with Vertical(id="gen-main"):
            yield self.banner
            with VerticalScroll(id="gen-form"):
                yield self.prompts
                yield self.settings
            yield self.submit_bar
            yield self.run_results

    def on_mount(self) -> None:
        self.app.live.subscribe(self)
        # Typing goes to the prompt, as a user opening Generate expects (with the model picker focused, a
        # prompt's letters hit app keys: q quit). Esc leaves the text; then 1-5 switch modes.
        self.prompts.prompt.focus()
        self.load()

    results = property(lambda self: self.run_results.results)
    last_error = property(lambda self: self.run_results.last_error)

    @property
    def ready_for_keys(self) -> bool:  # the first load fills the prompt: what is typed ahead waits for it
        return self.loaded or not any(w.group == "gen-load" and not w.is_finished for w in self.workers)

    @property
    def generator(self):
        return self.app.generator

    def show_banner(self, text: str) -> None:
        self.banner.update(text)
        self.banner.set_class(bool(text), "-shown")

    # -- what the server has -------------------------------------------------------------------
    @work(group="gen-load", exclusive=True, exit_on_error=False, description="read the models and boards")
    async def load(self, refresh: bool = False) -> None:
        if self.generator is None:
            return  # not connected yet
        self.models = await self.generator.models(refresh=refresh)
        self.main_models = await self.generator.main_models()
        records = await self.client.dnn_model_repo.list_models()
        self.defaults = {r.key: r.default_settings for r in records if r.default_settings}
        await self._load_boards()
        if self.state is None:
            self.state = GenerateState.load(self.app.generate_state_path)
            if self.state.problems:
                self.notify(self.state.problems[0], severity="warning", timeout=8)
        current = self.params.model.key if self.params.model else None
        self.prompts.set_models(self.main_models, current)
        if not self.main_models:
            self.show_banner("⚠ No main model is installed on this server: install one in the Models mode.")
        elif self.params.model is None or not self._installed(self.params.model.key):
            start = self._starting_params()
            await self.show_params(start)
        self.loaded = True
        self._loaded.set()
        self.app.screen_ready()

    async def when_loaded(self) -> None:
        await self._loaded.wait()

    async def _load_boards(self) -> None:
        self.boards = await self.client.board_repo.list_boards()
        self.settings.set_boards(self.boards)

    def _installed(self, key: str) -> ModelRef | None:
        return next((m for group in self.main_models.values() for m in group if m.key == key), None)

    def _reinstalled(self, ref: ModelRef) -> ModelRef | None:
        """The installed main model ``ref`` names: by key, else by hash, else by name and base (a model
        installed again has a new key)."""
        every = [m for group in self.main_models.values() for m in group]
        return (self._installed(ref.key) or next((m for m in every if ref.hash and m.hash == ref.hash), None)
                or next((m for m in every if (m.name, m.base) == (ref.name, ref.base)), None))

    def _starting_params(self) -> GenerateParams:
        """The last parameters used (their model if still installed), else the first model's defaults."""
        last = self.state.last_params() if self.state else None
        if last is not None and last.model is not None and (model := self._reinstalled(last.model)):
            return last.model_copy(update={"model": model})
        first = ordered_models(self.main_models)[0]
        return select_model(self.params, first)[0]

    async def show_params(self, params: GenerateParams) -> None:
        """Fill the whole form from ``params`` (its base's controls only)."""
        self.params = params
        self.prompts.choose(params.model.key if params.model else None)
        self.prompts.show_model(params.model)
        self.settings.show_model(params.model, self.models)
        with self.prompts.prevent(PromptPanel.PromptEdited):
            self.prompts.prompt.text = params.positive_prompt
        self.prompts.negative.text = params.negative_prompt or ""
        self.submit_bar.runs.value = str(params.iterations)
        await self.settings.load(params)
        self.prompts.show_defaults(describe_defaults(self.defaults.get(params.model.key)) if params.model else "")
        self._count_soon()

    @on(BoardsChanged)
    @on(ServerReconnected)
    def _boards_changed(self, _message) -> None:
        self.run_worker(self._load_boards, group="gen-boards", exclusive=True, exit_on_error=False,
                        description="read the boards")

    def action_refresh(self) -> None:
        self.load(refresh=True)

    def action_focus_model(self) -> None:
        self.prompts.model.focus()

    # -- the form ----------------------------------------------------------------------------------
    def read_params(self) -> GenerateParams:
        """The form as parameters; ValueError with a sentence when a box holds no value."""
        params = self.settings.read(self.params)
        negative = self.prompts.negative.text
        return params.model_copy(update={"positive_prompt": self.prompts.prompt.text,
                                         "negative_prompt": negative if negative.strip() else None})

    @on(PromptPanel.ModelChosen)
    async def _model_chosen(self, event: PromptPanel.ModelChosen) -> None:
        model = self._installed(event.key)
        if model is None or (self.params.model is not None and model.key == self.params.model.key):
            return
        try:
            current = self.read_params()
        except ValueError:
            current = self.params  # a half-typed box does not stop a model change
        if self.state is not None and self.params.base is not None:
            self.state.remember(current)  # coming back to this base restores what was typed
        saved = self.state.params_for(model.base) if self.state and model.base != current.base else None
        if saved is not None:
            saved = saved.model_copy(update={"positive_prompt": current.positive_prompt,
                                             "negative_prompt": current.negative_prompt, "model": model})
            await self.show_params(saved)
            return
        params, changes = select_model(current, model)
        await self.show_params(params)
        if changes:
            self.notify("; ".join(changes), title=f"{model.name} ({model.base})", timeout=4)

    @on(GenerateSettings.AspectChosen)
    def _aspect(self, event: GenerateSettings.AspectChosen) -> None:
        self.settings.show_size(*size_for_aspect(self.params.base, event.ratio))

    def action_use_defaults(self) -> None:
        if self.params.model is None:
            return
        try:
            current = self.read_params()
        except ValueError as exc:
            self.notify(str(exc), title="Cannot apply the defaults", severity="error", timeout=6)
            return
        params, applied, problem = apply_default_settings(current, self.defaults.get(current.model.key), self.models)
        if problem:
            self.notify(f"{current.model.name}: {problem}", severity="warning", timeout=5)
            return
        self.run_worker(self.show_params(params), group="gen-show", exit_on_error=False,
                        description="apply the model's defaults")
        self.notify("Applied " + ", ".join(applied), title=f"{current.model.name} defaults", timeout=4)

    # -- the prompt's expansions (debounced) ---------------------------------------------------------
    @on(PromptPanel.PromptEdited)
    def _count_soon(self, _event=None) -> None:
        if self._count_timer is not None:
            self._count_timer.stop()
        self._count_timer = self.set_timer(PROMPT_COUNT_DELAY, self.count_prompts)

    @work(group="gen-count", exclusive=True, exit_on_error=False, description="count the prompt's expansions")
    async def count_prompts(self) -> None:
        await generate_actions.count_prompts(self)

    # -- recall and init image (from Boards) ---------------------------------------------------------
    def recall_image(self, image_name: str) -> None:
        self.run_worker(generate_actions.recall(self, image_name), group="gen-recall", exclusive=True,
                        exit_on_error=False, description="recall the image's parameters")

    def set_init_image(self, image_name: str) -> None:
        async def use() -> None:
            await self.when_loaded()  # a fresh screen fills its form first
            self.settings.init_image.value = image_name
            self.notify(f"Init image: {image_name}", timeout=3)

        self.run_worker(use, group="gen-init-image", exclusive=True, exit_on_error=False,
                        description="use the image as the init image")

    # -- submitting ----------------------------------------------------------------------------------
    @on(SubmitBar.SubmitRequested)
    def action_submit(self) -> None:
        if self.generator is None or self.params.model is None:
            self.notify("Pick a model first.", severity="warning", timeout=3)
            return
        try:
            params = self.read_params()
        except ValueError as exc:
            self.notify(str(exc), title="Cannot generate", severity="error", timeout=6)
            return
        request = self.submit_bar.request()
        if request is not None:
            params = params.model_copy(update={"iterations": request.runs})
            self.run_worker(generate_actions.submit(self, params, request.prepend), group="gen-submit",
                            exit_on_error=False, description="generate")

    def remember(self, params: GenerateParams) -> None:
        """Keep ``params`` as the last of their base, in memory and in the state file."""
        self.params = params
        if self.state is not None:
            self.state.remember(params)
            self.state.save()
