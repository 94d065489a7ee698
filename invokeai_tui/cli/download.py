"""`invokeai-tui download BOARD|IMAGE... [--dir DIR]`: whole boards or single images into a folder.
Each file is written atomically (never half there) and never over an existing one: a name already
taken becomes ``name (1).png`` (client.image_repo.save_image_in_folder). The saved paths are the data
on stdout; progress and errors go to stderr. Exit 0 all saved, 1 some could not be, 2 a BOARD|IMAGE
that is neither (nothing downloaded), 3 server unreachable or not logged in, 130 interrupted."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from ..client import AsyncInvokeAIClient, InvokeAIError, NotAuthenticatedError, PermissionDeniedError
from ..client import RequestTimeoutError, ServerUnreachableError
from ..config.settings import Settings
from . import output
from .board_lookup import BoardFinder
from .connect import EXIT_BAD_INPUT, EXIT_FAILED, CommandError, add_server_flags, connect, run_command, server_errors
from .images import board_images
from .transfer_progress import count_progress

PROG = "invokeai-tui download"
WORKERS = 6  # downloads at a time: 300 small images take ~4 s on the test server (1 at a time ~5 s, 12 no faster)
FATAL = (ServerUnreachableError, RequestTimeoutError, NotAuthenticatedError, PermissionDeniedError)


def say(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr, flush=True)


def build_download_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Download every image of a board, or single images by name, into a folder. "
        "Prints each saved file's path. Files are written whole or not at all, and an existing file is "
        "never overwritten: the new one gets a free name, 'name (1).png'.",
        epilog="A BOARD is a board's name or id, or 'none' ('uncategorized') for the images on no board; "
        "anything else is an image name. Exit codes: 0 all saved, 1 some could not be saved, 2 bad input "
        "(nothing downloaded), 3 cannot reach the server or not logged in, 130 interrupted.")
    parser.add_argument("targets", nargs="+", metavar="BOARD|IMAGE")
    parser.add_argument("--dir", type=Path, default=Path("."), metavar="DIR",
                        help="the folder to save into, made if missing (default: the current folder)")
    parser.add_argument("--json", action="store_true", help="print one JSON list of {image_name, file}")
    add_server_flags(parser)
    return parser


def main(argv: list[str]) -> int:
    args = build_download_parser().parse_args(argv)  # bad usage exits 2 (argparse)
    return run_command(args, run, say)


async def run(args: Any, settings: Settings, url: str) -> int:
    folder = args.dir.expanduser()
    if folder.exists() and not folder.is_dir():
        raise CommandError(f"{folder} is not a folder.", EXIT_BAD_INPUT)
    async with AsyncInvokeAIClient.from_url(url) as client:
        with server_errors():
            await connect(client, settings)
            names = await image_names(client, args.targets)
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise CommandError(f"Cannot make the folder {folder}: {exc.strerror or exc}.", EXIT_BAD_INPUT) from None
            saved, failed = await download_all(client, names, folder, print_paths=not args.json)
    output.emit(args.json, [{"image_name": name, "file": str(path)} for name, path in saved], [])
    say(f"saved {len(saved)} of {len(names)} image(s) in {folder}")
    if failed:
        for name, reason in failed:
            say(f"not saved: {name}: {reason}")
        return EXIT_FAILED
    return 0


async def image_names(client: AsyncInvokeAIClient, targets: list[str]) -> list[str]:
    """Every image the arguments name, each once, in order: a board gives all its images. An argument
    that is neither a board nor an image is bad input, said before anything is downloaded."""
    finder, names, loose = BoardFinder(client), [], []
    for target in targets:
        board = await finder.find(target)
        if board is None:
            loose.append(target)
            continue
        board_names = [image.image_name async for image in board_images(client, board)]
        if not board_names:
            say(f"board {board.board_name!r} has no images")
        names += board_names
    if loose:
        known = {record.image_name for record in await client.image_repo.images_by_names(loose)}
        unknown = [target for target in loose if target not in known]
        if unknown:
            raise CommandError(f"No board or image is named {', '.join(map(repr, unknown))}.", EXIT_BAD_INPUT)
        names += loose
    return list(dict.fromkeys(names))


async def download_all(client: AsyncInvokeAIClient, names: list[str], folder: Path, *,
                       print_paths: bool = True) -> tuple[list[tuple[str, Path]], list[tuple[str, str]]]:
    """Save every image with a few downloads at a time; each saved path is printed as it lands (unless
    --json holds them for one document). A lost server or login stops everything (exit 3)."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for name in names:
        queue.put_nowait(name)
    saved: list[tuple[str, Path]] = []
    failed: list[tuple[str, str]] = []
    progress = count_progress("downloaded", len(names), say)

    async def worker() -> None:
        while not queue.empty():
            name = queue.get_nowait()
            try:
                path = await client.image_repo.save_image_in_folder(name, folder)
            except FATAL:
                raise
            except (InvokeAIError, OSError) as exc:
                failed.append((name, str(exc)))
            else:
                saved.append((name, path))
                if print_paths:
                    print(path, flush=True)
            progress.advance()

    workers = [asyncio.ensure_future(worker()) for _ in range(min(WORKERS, len(names)))]
    try:
        await asyncio.gather(*workers)
    except BaseException as exc:  # one worker's fatal error, or Ctrl-C: the others stop too
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        progress.close()
        if isinstance(exc, (KeyboardInterrupt, asyncio.CancelledError)):
            say(f"interrupted: {len(saved)} of {len(names)} image(s) saved in {folder}")
            raise KeyboardInterrupt from None
        raise
    progress.close()
    return saved, failed
