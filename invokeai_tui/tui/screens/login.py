"""The login screen of a multi-user server. The token lives in memory; it is written to a file
(readable by the user only) only when the user ticks the box."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, Static

from ...client.errors import InvokeAIError
from ..widgets.footer import Footer
from ...config.token_store import forget_token, save_token
from .base import AppScreen


class LoginScreen(AppScreen):
    HELP_TITLE = "Log in"
    DEFAULT_CSS = """
    LoginScreen { align: center middle; }
    LoginScreen #login-box { width: 64; max-width: 100%; height: auto; border: round $primary; padding: 0 1; }
    LoginScreen .title { text-style: bold; margin-bottom: 1; }
    LoginScreen #login-error { color: $error; height: auto; }
    LoginScreen .buttons { height: auto; align-horizontal: right; }
    """
    BINDINGS = [Binding("escape", "back", "Back", id="login.back")]

    def __init__(self, client, version: str, relogin: bool = False) -> None:
        super().__init__()
        self.client = client
        self.version = version
        self.relogin = relogin

    def compose(self) -> ComposeResult:
        with Vertical(id="login-box"):
            yield Label(f"Log in to {self.client.root_url}", classes="title")
            if self.relogin:
                yield Static("Your session ended. Log in again; your work on screen is kept.")
            yield Input(placeholder="email", id="email")
            yield Input(placeholder="password", password=True, id="password")
            yield Checkbox("Remember me on this computer (token file readable only by you)", id="remember")
            yield Static("", id="login-error")
            with Horizontal(classes="buttons"):
                yield Button("Log in", id="login", variant="primary")
        yield Footer()

    @on(Input.Submitted, "#email")
    def _email_done(self) -> None:
        self.query_one("#password", Input).focus()

    @on(Input.Submitted, "#password")
    @on(Button.Pressed, "#login")
    def _submit(self) -> None:
        self.log_in()

    @work(group="login", exclusive=True, exit_on_error=False, description="log in")
    async def log_in(self) -> None:
        email = self.query_one("#email", Input).value.strip()
        password = self.query_one("#password", Input).value
        error = self.query_one("#login-error", Static)
        if not email or not password:
            error.update("Enter your email and password.")
            return
        error.update("Logging in …")
        try:
            result = await self.client.login(email, password, remember_me=self.query_one("#remember", Checkbox).value)
        except InvokeAIError as exc:
            error.update(str(exc))
            return
        self.query_one("#password", Input).value = ""
        self.app.remember_token = self.query_one("#remember", Checkbox).value
        if self.app.remember_token:
            try:
                path = save_token(self.client.root_url, result.token, folder=self.app.settings.tokens_dir)
                self.notify(f"Login saved in {path}", timeout=4)
            except OSError as exc:
                self.notify(f"Could not save the login: {exc}", severity="warning")
        else:  # not to be remembered: a token saved earlier (now refused, or we would not be here) goes
            forget_token(self.client.root_url, folder=self.app.settings.tokens_dir)
        user = result.user
        self.app.user_label = (user.display_name or user.email or "") if user else email
        if self.relogin:
            self.dismiss(True)
        else:
            await self.app.use_client(self.client, self.version)

    def action_back(self) -> None:
        if self.relogin:
            self.dismiss(False)
        else:
            self.app.pop_screen()
