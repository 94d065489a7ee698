"""The connect screen: says why the server cannot be reached, retries with backoff, and lets the
user edit the URL or pick a profile. It is also the first screen: it makes the first attempt."""

from __future__ import annotations

import logging

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...client.errors import InvokeAIError, NotAuthenticatedError
from ..widgets.footer import Footer
from ...config.token_store import load_token
from .base import AppScreen

log = logging.getLogger(__name__)


class ConnectScreen(AppScreen):
    HELP_TITLE = "Connect"
    DEFAULT_CSS = """
    ConnectScreen { align: center middle; }
    ConnectScreen #connect-box {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; padding: 0 1;
    }
    ConnectScreen .title { text-style: bold; }
    ConnectScreen #why { margin: 1 0; height: auto; }
    ConnectScreen #why.-failed { color: $error; }
    ConnectScreen #retry { color: $text-muted; height: auto; }
    ConnectScreen OptionList { height: auto; max-height: 6; }
    ConnectScreen .buttons { height: auto; align-horizontal: right; }
    ConnectScreen Button { margin-left: 1; }
    """
    BINDINGS = [
        Binding("ctrl+r", "retry_now", "Retry now", id="connect.retry"),
        Binding("escape", "app.quit", "Quit", id="connect.quit"),
    ]

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self.attempt = 0
        self._countdown = 0
        self._timer = None

    def compose(self) -> ComposeResult:
        with Vertical(id="connect-box"):
            yield Label("Connect to an InvokeAI server", classes="title")
            yield Static(f"Connecting to {self.url} …", id="why")
            yield Static("", id="retry")
            yield Label("Server URL (enter connects):")
            yield Input(self.url, id="url", placeholder="http://127.0.0.1:9090")
            profiles = self.app.settings.profiles
            if profiles:
                yield Label("Or pick a profile:")
                yield OptionList(
                    *[Option(f"{p.name}  {p.url}", id=p.name) for p in profiles.values()], id="profiles"
                )
            with Horizontal(classes="buttons"):
                yield Button("Quit", id="quit")
                yield Button("Connect", id="connect", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.app.live.connecting()
        self.try_connect()

    # -- user actions ------------------------------------------------------------------------
    @on(Input.Submitted, "#url")
    def _url_entered(self, event: Input.Submitted) -> None:
        self.url = event.value.strip() or self.url
        self.action_retry_now()

    @on(OptionList.OptionSelected, "#profiles")
    def _profile_picked(self, event: OptionList.OptionSelected) -> None:
        profile = self.app.settings.profiles[event.option.id]
        self.app.profile = profile.name
        self.url = profile.url
        self.query_one("#url", Input).value = profile.url
        self.action_retry_now()

    @on(Button.Pressed, "#connect")
    def _connect_pressed(self) -> None:
        self.url = self.query_one("#url", Input).value.strip() or self.url
        self.action_retry_now()

    @on(Button.Pressed, "#quit")
    def _quit_pressed(self) -> None:
        self.app.exit()

    def action_retry_now(self) -> None:
        self.attempt = 0
        self._stop_timer()
        self.try_connect()

    # -- the attempt -------------------------------------------------------------------------
    @work(group="connect", exclusive=True, exit_on_error=False, description="connect")
    async def try_connect(self) -> None:
        self._stop_timer()
        self.app.server_url = self.url
        why = self.query_one("#why", Static)
        why.remove_class("-failed")
        why.update(f"Connecting to {self.url} …")
        self.query_one("#retry", Static).update("")
        client = None
        try:
            client = self.app.make_client(self.url)
            # This screen retries on its own schedule; the client's quick retries would only delay the reason.
            retries, client.max_retries = client.max_retries, 0
            try:
                version = await client.get_version()
            finally:
                client.max_retries = retries
            needs_login = False
            try:
                status = await client.auth_status()
                needs_login = status.multiuser_enabled
            except InvokeAIError as exc:  # older servers have no auth status: single user
                log.info("no auth status (%s); assuming a single-user server", exc)
            if needs_login:
                saved = load_token(client.root_url, folder=self.app.settings.tokens_dir)
                if saved:
                    client.set_token(saved)
                    try:
                        await client.board_repo.list_boards()
                        self.app.remember_token = True  # it was saved on request: keep it current
                    except NotAuthenticatedError:
                        client.set_token(None)
                if client.token is None:
                    from .login import LoginScreen

                    self.app.live.disconnected()
                    self.app.push_screen(LoginScreen(client, version))
                    return
        except Exception as exc:  # noqa: BLE001 - every failure is shown and retried
            if client is not None:
                await client.close()
            self._failed(exc)
            return
        await self.app.use_client(client, version)

    def _failed(self, exc: Exception) -> None:
        self.app.live.disconnected()
        reason = str(exc) if isinstance(exc, InvokeAIError) else f"{type(exc).__name__}: {exc}"
        log.info("connect to %s failed: %s", self.url, reason)
        why = self.query_one("#why", Static)
        why.add_class("-failed")
        why.update(f"Cannot connect to {self.url}\n{reason}")
        delays = self.app.retry_delays
        self._countdown = int(round(delays[min(self.attempt, len(delays) - 1)])) or 1
        self.attempt += 1
        self._show_countdown()
        self._timer = self.set_interval(1.0, self._tick)

    def _tick(self) -> None:
        self._countdown -= 1
        if self._countdown <= 0:
            self._stop_timer()
            self.try_connect()
        else:
            self._show_countdown()

    def _show_countdown(self) -> None:
        self.query_one("#retry", Static).update(
            f"Retrying in {self._countdown} s (attempt {self.attempt + 1}) · ctrl+r retries now"
        )

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
