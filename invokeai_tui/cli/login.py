"""Logging in to a multi-user server from the command line: the app's saved login first, else an
email and a password from the environment or asked on the terminal (the password never echoed).

INVOKEAI_TUI_EMAIL and INVOKEAI_TUI_PASSWORD serve scripts; the token such a login gets is used for
this command only, never saved (the app saves a login only when asked to)."""

from __future__ import annotations

import getpass
import os
import sys
from typing import Callable

from ..client import AsyncInvokeAIClient, NotAuthenticatedError
from ..config.settings import Settings
from ..config.token_store import load_token, save_token

EMAIL_ENV, PASSWORD_ENV = "INVOKEAI_TUI_EMAIL", "INVOKEAI_TUI_PASSWORD"


def terminal_available() -> bool:
    """Asking needs a person at a terminal: a script or a pipe would wait forever."""
    return sys.stdin is not None and sys.stdin.isatty()


def ask_email() -> str:
    print("Email: ", end="", file=sys.stderr, flush=True)  # the prompt is not data: never on stdout
    return sys.stdin.readline().strip()


def ask_password(email: str) -> str:
    return getpass.getpass(f"Password for {email}: ", stream=sys.stderr)


async def saved_login(client: AsyncInvokeAIClient, settings: Settings) -> bool:
    """Use the app's saved token if the server still takes it; keep the saved copy current when the
    server rotates it (as the app does)."""
    token = load_token(client.root_url, folder=settings.tokens_dir)
    if not token:
        return False
    client.set_token(token)
    try:
        await client.current_user()
    except NotAuthenticatedError:  # expired or revoked: a password may still let us in
        client.set_token(None)
        return False

    def keep_current(new: str | None, reason: str) -> None:
        if reason == "refreshed" and new:
            try:
                save_token(client.root_url, new, folder=settings.tokens_dir)
            except OSError:
                pass  # the old one still works until it expires

    client.on_token_change(keep_current)
    return True


async def password_login(client: AsyncInvokeAIClient, *, env: dict[str, str] | None = None,
                         can_ask: Callable[[], bool] = terminal_available) -> None:
    """Log in with INVOKEAI_TUI_EMAIL / INVOKEAI_TUI_PASSWORD, asking on the terminal for what is
    missing. NotAuthenticatedError (exit 3) when neither is possible or the server refuses."""
    env = os.environ if env is None else env
    email, password = env.get(EMAIL_ENV, "").strip(), env.get(PASSWORD_ENV, "")
    if (not email or not password) and not can_ask():
        missing = " and ".join(name for name, value in ((EMAIL_ENV, email), (PASSWORD_ENV, password)) if not value)
        raise NotAuthenticatedError(
            f"This server needs a login: log in once in the app and save the login, or set {missing} "
            "(stdin is not a terminal to ask on).")
    if not email:
        email = ask_email()
    if not password:
        password = ask_password(email)
    if not email or not password:
        raise NotAuthenticatedError("This server needs a login: an email and a password are both needed.")
    await client.login(email, password)
