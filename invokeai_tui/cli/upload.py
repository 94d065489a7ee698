"""`invokeai-tui upload FILE... [--board NAME]`: images and MP4 videos to the server, as the app's upload
does (category "user": the board's assets). Every file is checked first: a file that is not an image,
or an MP4 the server would not take (only H.264: client/video_files.py), is refused before anything is
sent (exit 2). The new images' and videos' names are the data on stdout."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import Any

from ..client import AsyncInvokeAIClient
from ..client.image_files import sniff_image_type
from ..client.repositories.videos import MAX_UPLOAD_BYTES
from ..client.video_files import why_not_an_h264_mp4
from ..config.settings import Settings
from . import output
from .board_lookup import BoardFinder
from .connect import EXIT_BAD_INPUT, CommandError, add_server_flags, connect, run_command
from .output import stderr_say
from .transfer_progress import count_progress

PROG = "invokeai-tui upload"
KINDS = "PNG, JPEG, WebP, GIF, BMP or TIFF"
VIDEO_SUFFIXES = (".mp4", ".m4v", ".mov")  # named as a video: checked as one, whatever is inside
say = stderr_say(PROG)


def build_upload_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description=f"Upload image files ({KINDS}) and H.264 MP4 videos, and print the new images' and "
        "videos' names. Every file is checked before the first is sent: one that is not an image, or a video "
        "the server does not take (another codec than H.264, a .mov), stops the command with nothing sent.",
        epilog="Exit codes: 0 all uploaded, 1 the server refused one (those before it are uploaded), 2 bad input "
        "(nothing sent), 3 cannot reach the server or not logged in, 130 interrupted.")
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("--board", metavar="NAME", help="the board to put them on (name or id; default: none)")
    parser.add_argument("--json", action="store_true", help="print one JSON list of {file, kind, image_name or "
                        "video_name, width, height, board_id}")
    add_server_flags(parser)
    return parser


def main(argv: list[str]) -> int:
    args = build_upload_parser().parse_args(argv)  # bad usage exits 2 (argparse)
    return run_command(args, run, say)


def is_video(path: Path, head: bytes) -> bool:
    """Named as a video, or an ISO-BMFF file (its 'ftyp' box comes first)."""
    return path.suffix.lower() in VIDEO_SUFFIXES or head[4:8] == b"ftyp"


def refusal(path: Path) -> str | None:
    """Why `path` cannot be uploaded, or None: read from the file before anything is sent (an image by
    its first bytes, a video by its boxes, which may sit anywhere in it)."""
    if not path.exists():
        return f"{path} does not exist."
    if not path.is_file():
        return f"{path} is {'a folder' if path.is_dir() else 'not a regular file'}, not an image or video file."
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
            if is_video(path, head):
                if path.stat().st_size > MAX_UPLOAD_BYTES:
                    return f"{path} is larger than the server takes (1 GiB)."
                reason = why_not_an_h264_mp4(head + handle.read())
                return f"{path} cannot be uploaded as a video: {reason.rstrip('.')}." if reason else None
    except OSError as exc:
        return f"{path} cannot be read ({exc.strerror or exc})."
    if sniff_image_type(head) is None:
        return (f"{path} is {'empty' if not head else 'not an image'}: only {KINDS} files and H.264 MP4 videos "
                "can be uploaded.")
    return None


async def run(args: Any, settings: Settings, url: str) -> int:
    files = [path.expanduser() for path in args.files]
    refused = [reason for reason in map(refusal, files) if reason]
    if refused:
        raise CommandError("Nothing was uploaded: " + " ".join(refused), EXIT_BAD_INPUT)
    async with AsyncInvokeAIClient.from_url(url) as client:
        await connect(client, settings)
        board = await BoardFinder(client).require(args.board) if args.board else None
        uploaded = await upload_all(client, files, board.board_id if board else None, print_names=not args.json)
    output.emit(args.json, uploaded, [])
    kinds = "file(s)" if any(entry["kind"] == "video" for entry in uploaded) else "image(s)"
    say(f"uploaded {len(uploaded)} {kinds}{f' to board {board.board_name!r}' if board else ''}")
    return 0


async def upload_one(client: AsyncInvokeAIClient, path: Path, board_id: str | None) -> dict:
    with path.open("rb") as handle:
        video = is_video(path, handle.read(16))
    if video:
        record = await client.video_repo.upload_video(path, board_id=board_id)
        name = {"kind": "video", "video_name": record.video_name}
    else:
        record = await client.image_repo.upload_image(path, board_id=board_id)
        name = {"kind": "image", "image_name": record.image_name}
    return {"file": str(path), **name, "width": record.width, "height": record.height,
            "board_id": record.board_id or "none"}


async def upload_all(client: AsyncInvokeAIClient, files: list[Path], board_id: str | None, *,
                     print_names: bool) -> list[dict]:
    """One at a time, in order, each name printed as soon as the server has the file."""
    uploaded: list[dict] = []
    progress = count_progress("uploaded", len(files), say)
    try:
        for path in files:
            entry = await upload_one(client, path, board_id)
            uploaded.append(entry)
            if print_names:
                print(entry.get("image_name") or entry["video_name"], flush=True)
            progress.advance()
    except (KeyboardInterrupt, asyncio.CancelledError):
        say(f"interrupted: {len(uploaded)} of {len(files)} file(s) uploaded")
        raise KeyboardInterrupt from None
    finally:
        progress.close()
    return uploaded
