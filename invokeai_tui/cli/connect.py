"""What every subcommand shares: the exit codes of DESIGN.md "Command line", an error that carries
one, and reaching the server with the saved login as the app does."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Awaitable, Callable, Iterator

from ..client import (
    AsyncInvokeAIClient,
    InvalidImageError,
    InvokeAIError,
    NotAuthenticatedError,
    PermissionDeniedError,
    RequestTimeoutError,
    ServerUnreachableError,
)
from ..config.settings import Settings, SettingsError
from .login import password_login, saved_login

EXIT_FAILED, EXIT_BAD_INPUT, EXIT_UNREACHABLE, EXIT_INTERRUPTED = 1, 2, 3, 130


class CommandError(Exception):
    """A sentence for stderr and the exit code it ends the command with."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


async def connect(client: AsyncInvokeAIClient, settings: Settings) -> None:
    """Reach the server (exit 3 if not) and, on a multi-user server, log in: the app's saved login,
    else INVOKEAI_TUI_EMAIL / INVOKEAI_TUI_PASSWORD or what is asked on the terminal (cli/login.py)."""
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
    if multiuser and not await saved_login(client, settings):
        await password_login(client)


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
    except BrokenPipeError:  # the reader of stdout went away (`| head`): nothing more to write, no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's last flush must not fail
        return EXIT_FAILED
    except CommandError as exc:
        say(str(exc))
        return exc.code


def add_server_flags(parser: argparse.ArgumentParser, *, under_command: bool = False) -> None:
    """--url, --profile, --config as the app takes them. On a sub-subcommand (`queue cancel`) they
    set nothing unless given, so the same flags given before the sub-subcommand are not reset."""
    default = argparse.SUPPRESS if under_command else None
    parser.add_argument("--url", default=default, help="the InvokeAI server (as for the app)")
    parser.add_argument("--profile", default=default, help="a server profile from the config file")
    parser.add_argument("--config", type=Path, default=default,
                        help="the config file (default: the XDG config folder)")


@contextmanager
def server_errors() -> Iterator[None]:
    """The client's errors as exit codes: unreachable or not let in 3, a file refused before
    sending 2, anything else the server refused or failed 1."""
    try:
        yield
    except (ServerUnreachableError, RequestTimeoutError, NotAuthenticatedError, PermissionDeniedError) as exc:
        raise CommandError(str(exc), EXIT_UNREACHABLE) from None
    except InvalidImageError as exc:
        raise CommandError(str(exc), EXIT_BAD_INPUT) from None
    except InvokeAIError as exc:
        raise CommandError(str(exc), EXIT_FAILED) from None
