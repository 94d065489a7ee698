"""`invokeai-tui images BOARD [--limit N] [--starred] [--json]`: a board's images, newest first (data
on stdout, the rest on stderr; exit 0 done, 2 bad input, 3 server unreachable or not logged in)."""

from __future__ import annotations

import argparse
import sys
from typing import Any, AsyncIterator

from ..client import AsyncInvokeAIClient, Board, ImageRecord
from ..config.settings import Settings
from . import output
from .board_lookup import BoardFinder
from .connect import EXIT_BAD_INPUT, add_server_flags, connect, run_command, server_errors

PROG = "invokeai-tui images"
PAGE = 1000  # the server's largest page


def say(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr, flush=True)


def build_images_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="A board's images and assets, newest first: name, size, category, created.",
        epilog="BOARD is a board's name or id, or 'none' (also 'uncategorized') for the images on no board. "
        "Exit codes: 0 done, 1 the server refused it, 2 bad input, 3 cannot reach the server or not logged in.")
    parser.add_argument("board", metavar="BOARD")
    parser.add_argument("--limit", type=int, metavar="N", help="at most N images (default: all)")
    parser.add_argument("--starred", action="store_true", help="only the starred images")
    parser.add_argument("--json", action="store_true", help="print the server's image records as one JSON list")
    add_server_flags(parser)
    return parser


def main(argv: list[str]) -> int:
    parser = build_images_parser()
    args = parser.parse_args(argv)  # bad usage exits 2 (argparse)
    if args.limit is not None and args.limit < 0:
        parser.exit(EXIT_BAD_INPUT, f"{PROG}: --limit is a count: 0 or more.\n")
    return run_command(args, run, say)


async def run(args: Any, settings: Settings, url: str) -> int:
    async with AsyncInvokeAIClient.from_url(url) as client:
        with server_errors():
            await connect(client, settings)
            board = await BoardFinder(client).require(args.board)
            images = [image async for image in board_images(client, board, starred=args.starred, limit=args.limit)]
    rows = [["NAME", "SIZE", "CATEGORY", "CREATED", "STARRED"]] + [
        [i.image_name, f"{i.width}x{i.height}", i.image_category or "", (i.created_at or "")[:19],
         "*" if i.starred else ""] for i in images]
    output.emit(args.json, [i.model_dump(mode="json") for i in images], output.table(rows) if images else [])
    if not images:
        say(f"board {board.board_name!r} has no {'starred ' if args.starred else ''}images")
    return 0


async def board_images(client: AsyncInvokeAIClient, board: Board, *, starred: bool = False,
                       limit: int | None = None) -> AsyncIterator[ImageRecord]:
    """The board's images and assets (every category, as the app's board shows them), newest first,
    page by page. Starred ones are asked for first, so the listing stops at the first unstarred one."""
    offset, given = 0, 0
    while limit is None or given < limit:
        page = await client.image_repo.list_images(board.board_id, offset=offset, limit=PAGE, starred_first=starred)
        for image in page.items:
            if (starred and not image.starred) or (limit is not None and given >= limit):
                return
            given += 1
            yield image
        offset += len(page.items)
        if not page.items or offset >= page.total:
            return
