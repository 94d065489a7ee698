"""`invokeai-tui upload FILE... [--board NAME]`: images to the server, as the app's upload does (category
"user": the board's assets). Every file is checked first: a file that is not an image is refused
before anything is sent (exit 2). The new image names are the data on stdout."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from ..client import AsyncInvokeAIClient
from ..client.image_files import sniff_image_type
from ..config.settings import Settings
from . import output
from .board_lookup import BoardFinder
from .connect import EXIT_BAD_INPUT, CommandError, add_server_flags, connect, run_command, server_errors
from .transfer_progress import count_progress

PROG = "invokeai-tui upload"
KINDS = "PNG, JPEG, WebP, GIF, BMP or TIFF"


def say(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr, flush=True)


def build_upload_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description=f"Upload image files ({KINDS}) and print the new images' names. Every file is "
        "checked before the first is sent: one that is not an image stops the command with nothing sent.",
        epilog="Exit codes: 0 all uploaded, 1 the server refused one (those before it are uploaded), 2 bad input "
        "(nothing sent), 3 cannot reach the server or not logged in, 130 interrupted.")
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("--board", metavar="NAME", help="the board to put them on (name or id; default: none)")
    parser.add_argument("--json", action="store_true", help="print one JSON list of {file, image_name, width, "
                        "height, board_id}")
    add_server_flags(parser)
    return parser


def main(argv: list[str]) -> int:
    args = build_upload_parser().parse_args(argv)  # bad usage exits 2 (argparse)
    return run_command(args, run, say)


def refusal(path: Path) -> str | None:
    """Why `path` cannot be uploaded, or None: read from its first bytes, before anything is sent."""
    if not path.exists():
        return f"{path} does not exist."
    if not path.is_file():
        return f"{path} is {'a folder' if path.is_dir() else 'not a regular file'}, not an image file."
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        return f"{path} cannot be read ({exc.strerror or exc})."
    if sniff_image_type(head) is None:
        return f"{path} is {'empty' if not head else 'not an image'}: only {KINDS} files can be uploaded."
    return None


async def run(args: Any, settings: Settings, url: str) -> int:
    files = [path.expanduser() for path in args.files]
    refused = [reason for reason in map(refusal, files) if reason]
    if refused:
        raise CommandError("Nothing was uploaded: " + " ".join(refused), EXIT_BAD_INPUT)
    async with AsyncInvokeAIClient.from_url(url) as client:
        with server_errors():
            await connect(client, settings)
            board = await BoardFinder(client).require(args.board) if args.board else None
            uploaded = await upload_all(client, files, board.board_id if board else None, print_names=not args.json)
    output.emit(args.json, uploaded, [])
    say(f"uploaded {len(uploaded)} image(s){f' to board {board.board_name!r}' if board else ''}")
    return 0


async def upload_all(client: AsyncInvokeAIClient, files: list[Path], board_id: str | None, *,
                     print_names: bool) -> list[dict]:
    """One at a time, in order, each name printed as soon as the server has the image."""
    uploaded: list[dict] = []
    progress = count_progress("uploaded", len(files), say)
    try:
        for path in files:
            record = await client.image_repo.upload_image(path, board_id=board_id)
            uploaded.append({"file": str(path), "image_name": record.image_name, "width": record.width,
                             "height": record.height, "board_id": record.board_id or "none"})
            if print_names:
                print(record.image_name, flush=True)
            progress.advance()
    except (KeyboardInterrupt, asyncio.CancelledError):
        say(f"interrupted: {len(uploaded)} of {len(files)} file(s) uploaded")
        raise KeyboardInterrupt from None
    finally:
        progress.close()
    return uploaded
