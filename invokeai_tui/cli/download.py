"""`invokeai-tui download BOARD|NAME... [--dir DIR]`: whole boards (images and videos) or single images
and videos by name into a folder. Each file is written atomically (never half there) and never over
an existing one: a name already taken becomes ``name (1).png`` / ``name (1).mp4`` (the repositories'
save_*_in_folder). The saved paths are the data on stdout; progress and errors go to stderr. Exit 0
all saved, 1 some could not be, 2 a BOARD|NAME that is neither (nothing downloaded), 3 server
unreachable or not logged in, 130 interrupted."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import Any

from ..client import AsyncInvokeAIClient, InvokeAIError, NotFoundError, RequestRejectedError
from ..config.settings import Settings
from . import output
from .board_items import Kind, board_items
from .board_lookup import BoardFinder
from .connect import EXIT_BAD_INPUT, EXIT_FAILED, CommandError, add_server_flags, connect, run_command
from .errors import UNREACHABLE
from .output import stderr_say
from .transfer_progress import count_progress

PROG = "invokeai-tui download"
WORKERS = 6  # downloads at a time: 300 small images take ~4 s on the test server (1 at a time ~5 s, 12 no faster)
Target = tuple[Kind, str]  # ("image" | "video", its name on the server)
say = stderr_say(PROG)


def build_download_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Download every image and video of a board, or single images and videos by "
        "name, into a folder. Prints each saved file's path. Files are written whole or not at all, and an "
        "existing file is never overwritten: the new one gets a free name, 'name (1).png'.",
        epilog="A BOARD is a board's name or id, or 'none' ('uncategorized') for the images and videos on no "
        "board; anything else is an image's or a video's name. Exit codes: 0 all saved, 1 some could not be "
        "saved, 2 bad input (nothing downloaded), 3 cannot reach the server or not logged in, 130 interrupted.")
    parser.add_argument("targets", nargs="+", metavar="BOARD|NAME")
    parser.add_argument("--dir", type=Path, metavar="DIR",
                        help="the folder to save into, made if missing (default: download_dir from the config "
                        "file when it sets one, as the app's downloads; else the current folder)")
    parser.add_argument("--json", action="store_true", help='print one JSON list of {kind, image_name or '
                        'video_name, file}')
    add_server_flags(parser)
    return parser


def main(argv: list[str]) -> int:
    args = build_download_parser().parse_args(argv)  # bad usage exits 2 (argparse)
    return run_command(args, run, say)


def default_folder(settings: Settings) -> Path:
    """The config file's download_dir when it sets one; else the current folder (the app's own default,
    a pictures folder, would surprise a command run in a shell)."""
    return settings.download_dir if "download_dir" in settings.model_fields_set else Path(".")


async def run(args: Any, settings: Settings, url: str) -> int:
    folder = (args.dir or default_folder(settings)).expanduser()
    if folder.exists() and not folder.is_dir():
        raise CommandError(f"{folder} is not a folder.", EXIT_BAD_INPUT)
    async with AsyncInvokeAIClient.from_url(url) as client:
        await connect(client, settings)
        targets = await targets_named(client, args.targets)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(f"Cannot make the folder {folder}: {exc.strerror or exc}.", EXIT_BAD_INPUT) from None
        saved, failed = await download_all(client, targets, folder, print_paths=not args.json)
    output.emit(args.json, [{"kind": kind, f"{kind}_name": name, "file": str(path)} for (kind, name), path in saved],
                [])
    say(f"saved {len(saved)} of {len(targets)} {what(targets)} in {folder}")
    if failed:
        for (_, name), reason in failed:
            say(f"not saved: {name}: {reason}")
        return EXIT_FAILED
    return 0


def what(targets: list[Target]) -> str:
    return "file(s)" if any(kind == "video" for kind, _ in targets) else "image(s)"


async def targets_named(client: AsyncInvokeAIClient, texts: list[str]) -> list[Target]:
    """Every image and video the arguments name, each once, in order: a board gives all of its. An
    argument that is neither a board, an image nor a video is bad input, said before anything is
    downloaded."""
    finder, targets, loose = BoardFinder(client), [], []
    for text in texts:
        board = await finder.find(text)
        if board is None:
            loose.append(text)
            continue
        on_board = [(item.kind, item.name) async for item in board_items(client, board)]
        if not on_board:
            say(f"board {board.board_name!r} has no images or videos")
        targets += on_board
    if loose:
        images = {record.image_name for record in await client.image_repo.images_by_names(loose)}
        videos = {name for name in loose if name not in images and await is_video(client, name)}
        unknown = [text for text in loose if text not in images | videos]
        if unknown:
            raise CommandError(f"No board, image or video is named {', '.join(map(repr, unknown))}.", EXIT_BAD_INPUT)
        targets += [("video" if text in videos else "image", text) for text in loose]
    return list(dict.fromkeys(targets))


async def is_video(client: AsyncInvokeAIClient, name: str) -> bool:
    try:
        await client.video_repo.get_video(name)
    except (NotFoundError, RequestRejectedError):
        return False
    return True


async def download_all(client: AsyncInvokeAIClient, targets: list[Target], folder: Path, *,
                       print_paths: bool = True) -> tuple[list[tuple[Target, Path]], list[tuple[Target, str]]]:
    """Save every file with a few downloads at a time; each saved path is printed as it lands (unless
    --json holds them for one document). A lost server or login stops everything (exit 3)."""
    queue: asyncio.Queue[Target] = asyncio.Queue()
    for target in targets:
        queue.put_nowait(target)
    saved: list[tuple[Target, Path]] = []
    failed: list[tuple[Target, str]] = []
    progress = count_progress("downloaded", len(targets), say)
    save = {"image": client.image_repo.save_image_in_folder, "video": client.video_repo.save_video_in_folder}

    async def worker() -> None:
        while not queue.empty():
            target = queue.get_nowait()
            try:
                path = await save[target[0]](target[1], folder)
            except UNREACHABLE:
                raise
            except (InvokeAIError, OSError) as exc:
                failed.append((target, str(exc)))
            else:
                saved.append((target, path))
                if print_paths:
                    print(path, flush=True)
            progress.advance()

    workers = [asyncio.ensure_future(worker()) for _ in range(min(WORKERS, len(targets)))]
    try:
        await asyncio.gather(*workers)
    except BaseException as exc:  # one worker's fatal error, or Ctrl-C: the others stop too
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        progress.close()
        if isinstance(exc, (KeyboardInterrupt, asyncio.CancelledError)):
            say(f"interrupted: {len(saved)} of {len(targets)} {what(targets)} saved in {folder}")
            raise KeyboardInterrupt from None
        raise
    progress.close()
    return saved, failed
