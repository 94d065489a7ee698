"""What every subcommand shares: the exit codes of DESIGN.md "Command line", an error that carries
one, and reaching the server with the saved login as the app does."""

from __future__ import annotations

import asyncio
from typing import Any, Awaitable, Callable

from ..client import (
    AsyncInvokeAIClient,
    InvokeAIError,
    NotAuthenticatedError,
    RequestTimeoutError,
    ServerUnreachableError,
)
from ..config.settings import Settings, SettingsError
from ..config.token_store import load_token

EXIT_FAILED, EXIT_BAD_INPUT, EXIT_UNREACHABLE, EXIT_INTERRUPTED = 1, 2, 3, 130


class CommandError(Exception):
    """A sentence for stderr and the exit code it ends the command with."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


async def connect(client: AsyncInvokeAIClient, settings: Settings) -> None:
    """Reach the server (exit 3 if not) and use the saved login, as the app does."""
    retries, client.max_retries = client.max_retries, 0  # a dead server is said at once, not after backoffs
    try:
        await client.get_version()
    finally:
        client.max_retries = retries
    try:
        multiuser = (await client.auth_status()).multiuser_enabled
    except (ServerUnreachableError, RequestTimeoutError):
        raise
    except InvokeAIError:  # older servers have no auth status: single user (as the app assumes)
        multiuser = False
    if multiuser:
        token = load_token(client.root_url, folder=settings.tokens_dir)
        if not token:
            raise NotAuthenticatedError("This server needs a login: log in once in the app and save the login.")
        client.set_token(token)


def run_command(args: Any, run: Callable[[Any, Settings, str], Awaitable[int]], say: Callable[[str], None]) -> int:
    """Resolve the server as the app does (--url, --profile, --config), run `run(args, settings, url)`
    and turn what it raised into a sentence on stderr and an exit code."""
    try:
        settings = Settings.load(args.config)
        url = settings.resolve_url(args.url, args.profile)
    except SettingsError as exc:
        say(str(exc))
        return EXIT_BAD_INPUT
    try:
        return asyncio.run(run(args, settings, url))
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except CommandError as exc:
        say(str(exc))
        return exc.code
