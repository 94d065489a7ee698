"""The exit codes of DESIGN.md "Command line", the error that carries one, and the one place where the
client's errors become them (cli/connect.py's run_command applies it to every subcommand)."""

from __future__ import annotations

from ..client import (
    InvalidImageError,
    InvokeAIError,
    NotAuthenticatedError,
    PermissionDeniedError,
    RequestTimeoutError,
    ServerUnreachableError,
)

EXIT_FAILED, EXIT_BAD_INPUT, EXIT_UNREACHABLE, EXIT_INTERRUPTED = 1, 2, 3, 130

# Cannot reach the server, or not let in: nothing else can be done (a download's other files stop too).
UNREACHABLE = (ServerUnreachableError, RequestTimeoutError, NotAuthenticatedError, PermissionDeniedError)
# A file refused before it is sent (InvalidVideoError is one kind): bad input for every subcommand.
ALWAYS_BAD_INPUT = (InvalidImageError,)


class CommandError(Exception):
    """A sentence for stderr and the exit code it ends the command with."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def as_command_error(exc: BaseException, bad_input: tuple[type[BaseException], ...] = ()) -> CommandError | None:
    """`exc` as a sentence and an exit code, or None when it is no error of ours (a bug: its traceback
    must show). Unreachable or not logged in 3; bad input 2 (ALWAYS_BAD_INPUT, plus `bad_input`: the
    errors a subcommand raises before sending, such as its argument checks or, for `run`, the server's
    refusal of a batch: nothing was queued); anything else the client raises 1 (the server refused or
    failed it)."""
    if isinstance(exc, CommandError):
        return exc
    if isinstance(exc, UNREACHABLE):
        return CommandError(str(exc), EXIT_UNREACHABLE)
    if isinstance(exc, ALWAYS_BAD_INPUT + bad_input):
        return CommandError(str(exc), EXIT_BAD_INPUT)
    if isinstance(exc, InvokeAIError):
        return CommandError(str(exc), EXIT_FAILED)
    return None
