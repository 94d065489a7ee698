"""`invokeai-tui images BOARD [--limit N] [--starred] [--json]`: a board's images and videos, newest
first (data on stdout, the rest on stderr; exit 0 done, 2 bad input, 3 server unreachable or not
logged in)."""

from __future__ import annotations

import argparse
from typing import Any

from ..client import AsyncInvokeAIClient
from ..client.records.videos import VideoRecord
from ..config.settings import Settings
from . import output
from .board_items import BoardItem, board_items
from .board_lookup import BoardFinder
from .connect import EXIT_BAD_INPUT, add_server_flags, connect, run_command
from .output import stderr_say

PROG = "invokeai-tui images"
say = stderr_say(PROG)


def build_images_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="A board's images, assets and videos, newest first: name, kind (image or video), "
        "size, length (videos), category, created, starred.",
        epilog="BOARD is a board's name or id, or 'none' (also 'uncategorized') for the images and videos on no "
        "board. Exit codes: 0 done, 1 the server refused it, 2 bad input, 3 cannot reach the server or not "
        "logged in.")
    parser.add_argument("board", metavar="BOARD")
    parser.add_argument("--limit", type=int, metavar="N", help="at most N images and videos (default: all)")
    parser.add_argument("--starred", action="store_true", help="only the starred ones")
    parser.add_argument("--json", action="store_true", help="print the server's image and video records as one "
                        'JSON list, each with "kind": "image" or "video"')
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
        await connect(client, settings)
        board = await BoardFinder(client).require(args.board)
        items = [item async for item in board_items(client, board, starred=args.starred, limit=args.limit)]
    rows = [["NAME", "KIND", "SIZE", "LENGTH", "CATEGORY", "CREATED", "STARRED"]] + [row(item) for item in items]
    output.emit(args.json, [item.to_json() for item in items], output.table(rows) if items else [])
    if not items:
        say(f"board {board.board_name!r} has no {'starred ' if args.starred else ''}images or videos")
    return 0


def row(item: BoardItem) -> list[str]:
    record = item.record
    if isinstance(record, VideoRecord):
        length = f"{record.duration:.1f}s" if record.duration else ""
        length += f" {record.fps:g}fps" if record.fps else ""
        category = record.video_category or ""
    else:
        length, category = "", record.image_category or ""
    return [item.name, item.kind, f"{record.width}x{record.height}", length.strip(), category,
            (record.created_at or "")[:19], "*" if record.starred else ""]
