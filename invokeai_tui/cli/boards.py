"""`invokeai-tui boards [--json]` and `boards create NAME`: the server's boards from the command line
(data on stdout, the rest on stderr; exit 0 done, 1 the server refused, 2 bad input with nothing
sent, 3 server unreachable or not logged in)."""

from __future__ import annotations

import argparse
from typing import Any

from ..client import AsyncInvokeAIClient, Board
from ..config.settings import Settings
from . import output
from .board_lookup import BoardFinder
from .connect import EXIT_BAD_INPUT, CommandError, add_server_flags, connect, run_command
from .output import stderr_say

PROG = "invokeai-tui boards"
EXIT_CODES = ("Exit codes: 0 done, 1 the server refused it, 2 bad input (nothing sent), 3 cannot reach the "
              "server or not logged in.")
say = stderr_say(PROG)


def build_boards_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, epilog=EXIT_CODES,
        description="The boards: name, images, assets and id; the first, 'Uncategorized' (id none), holds the "
        "images on no board. `boards create NAME` makes one.")
    parser.add_argument("--json", action="store_true", help="print the server's board records as one JSON list")
    parser.add_argument("--archived", action="store_true", help="list archived boards too")
    add_server_flags(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    create = commands.add_parser("create", help="make a board", epilog=EXIT_CODES,
                                 description="Make a board called NAME and print its id. A name another board "
                                 "has is refused (names find boards in the other subcommands).")
    create.add_argument("name", metavar="NAME")
    create.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print the board's record")
    add_server_flags(create, under_command=True)
    return parser


def main(argv: list[str]) -> int:
    args = build_boards_parser().parse_args(argv)  # bad usage exits 2 (argparse)
    return run_command(args, run, say)


async def run(args: Any, settings: Settings, url: str) -> int:
    if args.command == "create" and not args.name.strip():
        raise CommandError("A board needs a name.", EXIT_BAD_INPUT)
    async with AsyncInvokeAIClient.from_url(url) as client:
        await connect(client, settings)
        return await (create(args, client) if args.command == "create" else list_boards(args, client))


def record(board: Board) -> dict:
    return board.model_dump(mode="json")


async def list_boards(args: Any, client: AsyncInvokeAIClient) -> int:
    boards = await client.board_repo.list_boards(include_uncategorized=True, include_archived=args.archived)
    rows = [["NAME", "IMAGES", "ASSETS", "ID"]] + [
        [board.board_name + (" (archived)" if board.archived else ""), str(board.image_count),
         str(board.asset_count), board.board_id] for board in boards]
    output.emit(args.json, [record(board) for board in boards], output.table(rows))
    return 0


async def create(args: Any, client: AsyncInvokeAIClient) -> int:
    name = args.name.strip()
    existing = await BoardFinder(client).find(name)
    if existing is not None:
        raise CommandError(f"A board named {name!r} exists already (id {existing.board_id}).", EXIT_BAD_INPUT)
    board = await client.board_repo.create_board(name)
    output.emit(args.json, record(board), [board.board_id])
    say(f"made board {board.board_name!r}")
    return 0
