"""The Textual app: modes, app-wide keys, the shared client service, and the one error handler.

The app owns ONE ``AsyncInvokeAIClient``. Screens never build URLs or JSON: they call the client's
repositories from workers and render what comes back. Live server state (events, the queue, the
connection) has one owner, ``self.live`` (tui/live_server.py): views subscribe to its typed messages.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Callable, TypeVar

from textual.app import App
from textual.binding import Binding
from textual.reactive import var
from textual.worker import Worker, WorkerState

from ..pyclient import AsyncInvokeAIClient
from ..client.board_items import is_video_name
from ..client.errors import InvokeAIError, NotAuthenticatedError, ServerUnreachableError
from ..client.events import ConnectionState
from ..client.queue_model import QueueCountsShown
from .commands import JumpProvider
from .compat import AppErrorFilter, OrderedInput, default_screen_stack
from .errors import describe
from .jump_targets import (BoardJumpTarget, CurrentImageSource, GenerateTarget, ImageWorkflowTarget, ModelJumpTarget,
                           WorkflowJumpTarget)
from .lifecycle import TEARDOWN_ERRORS, app_is_stopping
from ..config.settings import Settings
from ..config.token_store import save_token
from .live_server import LiveServer
from .screens.base import ModeScreen
from .thumbnails import ThumbnailCache

if TYPE_CHECKING:
    from ..generate.service import Generator

log = logging.getLogger(__name__)
T = TypeVar("T")


def _generate_screen():
    from .screens.generate import GenerateScreen

    return GenerateScreen()


def _boards_screen():
    from .screens.boards import BoardsScreen

    return BoardsScreen()


def _models_screen():
    from .screens.models import ModelsScreen

    return ModelsScreen()


def _workflows_screen():
    from .screens.workflows import WorkflowsScreen

    return WorkflowsScreen()


def _queue_screen():
    from .screens.queue import QueueScreen

    return QueueScreen()


def make_generator(client: AsyncInvokeAIClient) -> "Generator":
    """The Generate mode's service over ``client`` (screens never build generation requests). Imported
    here: the builders cost ~0.1 s of start-up, before the first screen is drawn."""
    from ..generate.service import Generator

    return Generator(client)


EVENTS_START_AT_THE_LATEST = 3.0  # seconds after connecting (see use_client)


class InvokeAITUI(OrderedInput, AppErrorFilter, App):
    """invokeai-tui: generate, boards and images, models, workflows and the queue of an InvokeAI server."""

    TITLE = "InvokeAI"
    CSS_PATH = "app.tcss"
    # Modes are built lazily, on first use, in the mode bar's order.
    MODES = {
        "generate": _generate_screen,
        "boards": _boards_screen,
        "models": _models_screen,
        "workflows": _workflows_screen,
        "queue": _queue_screen,
    }
    MODE_KEYS = {"1": "generate", "2": "boards", "3": "models", "4": "workflows", "5": "queue"}
    COMMANDS = App.COMMANDS | {JumpProvider}
    BINDINGS = [
        Binding("1", "mode('generate')", "Generate", id="app.mode.generate", show=False),
        Binding("2", "mode('boards')", "Boards", id="app.mode.boards", show=False),
        Binding("3", "mode('models')", "Models", id="app.mode.models", show=False),
        Binding("4", "mode('workflows')", "Workflows", id="app.mode.workflows", show=False),
        Binding("5", "mode('queue')", "Queue", id="app.mode.queue", show=False),
        Binding("f1,question_mark", "help", "Help", id="app.help"),
        Binding("f2", "toggle_queue_pane", "Queue pane", id="app.queue_pane"),
        # On the boards screen: open the workflow embedded in the image under the cursor.
        Binding("W", "open_current_image_workflow", "Image's workflow", id="app.image_workflow"),
        Binding("q,ctrl+q", "quit", "Quit", id="app.quit", show=False),
    ]

    # `var`, not `reactive`: a reactive on the App repaints the WHOLE screen when it changes (once per
    # queue event for the counts); the widgets that show these watch them and redraw themselves.
    # connection_state and queue_counts are written by `self.live` only.
    connection_state: var[ConnectionState] = var(ConnectionState.CONNECTING)
    server_version: var[str] = var("")
    server_url: var[str] = var("")
    user_label: var[str] = var("")
    queue_counts: var[QueueCountsShown | None] = var(None)
    queue_pane_visible: var[bool] = var(False)  # the live queue pane on every mode screen

    def __init__(
        self,
        settings: Settings | None = None,
        url: str = "http://127.0.0.1:9090",
        profile: str | None = None,
        *,
        start_mode: str | None = None,
        retry_delays: tuple[float, ...] = (1, 2, 4, 8, 15, 30),
        client_factory: Callable[..., AsyncInvokeAIClient] | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.profile = profile
        self.server_url = url.rstrip("/")
        self.start_mode = start_mode or self.settings.start_mode  # the config's, unless told
        self.retry_delays = retry_delays
        self._client_factory = client_factory or AsyncInvokeAIClient.from_url
        self.client: AsyncInvokeAIClient | None = None
        self.generator: "Generator | None" = None  # the Generate mode's service, made with each client
        self.generate_state_path = None  # where Generate keeps its last parameters (None: the XDG state folder)
        self.live = LiveServer(self)
        self.connected = False
        # The user asked to stay logged in (ticked "remember me", or a saved token was accepted):
        # the token the server rotates through X-Refreshed-Token is then saved again each time.
        self.remember_token = False
        self._stop_token_saving: Callable[[], None] | None = None
        self.known_boards = None  # filled by the boards screen, read by the command palette
        self.known_models = None
        self.thumbnails = ThumbnailCache(self._fetch_thumbnail)

    # -- start up --------------------------------------------------------------------------
    def on_mount(self) -> None:
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        from .screens.connect import ConnectScreen

        self.push_screen(ConnectScreen(self.server_url))

    def watch_theme(self, theme: str) -> None:
        # A theme picked from the command palette is remembered in the config file.
        if theme != self.settings.theme and self.is_running:
            self.settings.theme = theme
            try:
                self.settings.save()
            except OSError as exc:
                log.warning("could not save the theme: %s", exc)

    def make_client(self, url: str) -> AsyncInvokeAIClient:
        verify = True
        for profile in self.settings.profiles.values():
            if profile.url.rstrip("/") == url.rstrip("/"):
                verify = profile.verify_ssl
        return self._client_factory(url, verify_ssl=verify, timeout=30.0)

    async def use_client(self, client: AsyncInvokeAIClient, version: str) -> None:
        """Called by the connect/login screens once the server answered (and let us in)."""
        old, self.client = self.client, client
        if old is not None and old is not client:
            self.live.stop_events()
            await old.close()
        self.server_url = client.root_url.rstrip("/")
        self.server_version = version
        self.generator = make_generator(client)
        self.connected = True
        self._save_rotated_tokens(client)
        # The event stream (and python-socketio's import, ~0.2 s) waits until the first mode screen
        # has drawn its data, or a second: it would otherwise delay that first paint. Nothing is
        # lost meanwhile: on going live the queue is read again from REST.
        self._events_waiting = True
        self.set_timer(EVENTS_START_AT_THE_LATEST, self.screen_ready)
        self.live.attach()
        mode = self.start_mode
        if self.current_mode != mode and not app_is_stopping(self):
            await self.switch_mode(mode)
        # The connect/login screens were pushed on the default mode's stack; drop them.
        self._drop_default_stack()
        if mode != "boards":  # the boards screen says when its data is drawn; others: the first paint
            self.call_after_refresh(self.call_later, self.screen_ready)

    def _save_rotated_tokens(self, client: AsyncInvokeAIClient) -> None:
        if self._stop_token_saving is not None:
            self._stop_token_saving()

        def changed(token: str | None, reason: str) -> None:
            if reason != "refreshed" or not token or not self.remember_token:
                return
            try:  # atomic, 0600 in a 0700 folder; the token itself is never logged
                save_token(client.root_url, token, folder=self.settings.tokens_dir)
            except OSError as exc:
                log.warning("could not save the refreshed login: %s", exc.strerror or type(exc).__name__)

        self._stop_token_saving = client.on_token_change(changed)

    def screen_ready(self) -> None:
        """A mode screen has drawn its first data: start what could wait (the event stream)."""
        if getattr(self, "_events_waiting", False) and self.client is not None:
            self._events_waiting = False
            self.live.start_events()

    def _drop_default_stack(self) -> None:
        stack = default_screen_stack(self)
        while len(stack) > 1:
            stack.pop()

    # -- modes & help -------------------------------------------------------------------------
    async def action_mode(self, mode: str) -> None:
        if not self.connected:
            self.notify("Not connected yet.", severity="warning")
            return
        # A mode built while the app closes its screens would break Textual's shutdown loop.
        if self.current_mode != mode and not app_is_stopping(self):
            await self.switch_mode(mode)

    def input_paused(self) -> bool:
        # Keys typed ahead wait for a mode screen still filling itself (tui/compat.py OrderedInput).
        try:
            screen = self.screen
        except Exception:  # noqa: BLE001 - no screen (starting, closing)
            return False
        return isinstance(screen, ModeScreen) and not screen.ready_for_keys

    def action_help(self) -> None:
        from .screens.help import HelpScreen, bindings_of

        screen = self.screen
        title = getattr(screen, "HELP_TITLE", None) or type(screen).__name__
        self.push_screen(HelpScreen(title, bindings_of(screen)))

    # -- jumps from the command palette and from Boards ----------------------------------------
    async def _mode_screen(self, mode: str, target: type[T]) -> T | None:
        """Switch to ``mode``; its screen if it offers what ``target`` names."""
        await self.action_mode(mode)
        screen = self.screen
        return screen if isinstance(screen, target) else None

    async def jump_to_board(self, board_id: str) -> None:
        if screen := await self._mode_screen("boards", BoardJumpTarget):
            screen.select_board(board_id)

    async def jump_to_model(self, key: str) -> None:
        if screen := await self._mode_screen("models", ModelJumpTarget):
            # The models screen may still be loading its list on first visit.
            if not screen.models:
                self.set_timer(0.5, lambda: screen.select_model(key))
            else:
                screen.select_model(key)

    async def jump_to_workflow(self, workflow_id: str) -> None:
        if screen := await self._mode_screen("workflows", WorkflowJumpTarget):
            screen.open_workflow(workflow_id)

    async def open_image_workflow(self, image_name: str) -> None:
        """Open the workflow embedded in a gallery image in the Workflows mode."""
        if screen := await self._mode_screen("workflows", ImageWorkflowTarget):
            screen.open_image_workflow(image_name)

    async def recall_into_generate(self, image_name: str) -> None:
        """Fill the Generate form with the parameters stored in a gallery image."""
        if screen := await self._mode_screen("generate", GenerateTarget):
            screen.recall_image(image_name)

    async def use_as_init_image(self, image_name: str) -> None:
        """Make a gallery image the Generate form's init image (image to image)."""
        if screen := await self._mode_screen("generate", GenerateTarget):
            screen.set_init_image(image_name)

    async def _fetch_thumbnail(self, name: str) -> bytes:
        """An image's thumbnail, or a video's poster (boards list both; the server names videos ``*.mp4``)."""
        if is_video_name(name):
            return await self.client.video_repo.get_poster(name)
        return await self.client.image_repo.get_thumbnail(name)

    def _current_image_name(self) -> str | None:
        screen = self.screen
        return screen.current_image_name() if isinstance(screen, CurrentImageSource) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        screen = self.screen
        if action == "open_current_image_workflow":
            return self.connected and isinstance(screen, ModeScreen) and screen.MODE == "boards"
        if action == "toggle_queue_pane":  # the Queue mode is the queue: no pane there
            return not isinstance(screen, ModeScreen) or screen.SHOW_QUEUE_PANE
        return True

    async def action_open_current_image_workflow(self) -> None:
        name = self._current_image_name()
        if name:
            await self.open_image_workflow(name)

    def action_toggle_queue_pane(self) -> None:
        self.queue_pane_visible = not self.queue_pane_visible

    # -- the one error handler ----------------------------------------------------------------
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, TEARDOWN_ERRORS) and app_is_stopping(self):
            log.debug("worker %s met the screens being closed: %s", event.worker.name, error)
            return
        self.report_error(error, doing=getattr(event.worker, "description", None) or None)

    def app_error_is_harmless(self, error: Exception) -> bool:
        # A handler of a screen still mounting when the user quits finds its children gone: the app is
        # closing anyway, so that is a line in the log, not a traceback on the way out.
        if isinstance(error, TEARDOWN_ERRORS) and app_is_stopping(self):
            log.debug("ignored while closing: %r", error)
            return True
        return False

    def report_error(self, error: BaseException | None, doing: str | None = None) -> None:
        """Show ``error`` as a notification a person can act on; the traceback goes to the log."""
        if error is None:
            return
        log.error("error while %s", doing or "working", exc_info=error)
        if isinstance(error, NotAuthenticatedError) and self.connected:
            self.ask_login()
        if isinstance(error, ServerUnreachableError):
            self.live.request_failed_unreachable()
        message = describe(error, _doing_phrase(doing))
        self.notify(message.text, title=message.title, severity=message.severity, timeout=8)

    def ask_login(self) -> None:
        from .screens.login import LoginScreen

        if not isinstance(self.screen, LoginScreen) and self.client is not None:
            self.push_screen(LoginScreen(self.client, self.server_version, relogin=True))

    async def on_unmount(self) -> None:
        self.live.stop_events()
        if self.client is not None:
            try:
                await self.client.close()
            except Exception:  # noqa: BLE001 - closing must not fail the exit
                log.debug("closing the client failed", exc_info=True)


def _doing_phrase(description: str | None) -> str | None:
    """Worker descriptions are written as "verb object" ("load boards"); anything else is dropped."""
    if not description or "(" in description or description.startswith("<"):
        return None
    return description


__all__ = ["InvokeAITUI", "InvokeAIError"]
