"""What the image and video repositories do alike: a name's URL path, batches of names, reading a file
to upload (with the refusal a person can act on)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Sequence
from urllib.parse import quote

MAX_BATCH = 1000  # the server's page and batch limit


def item_path(prefix: str, name: str) -> str:
    """``{prefix}/i/{name}``, the name quoted whole."""
    quoted = quote(name, safe="")
    # A bare dot segment would be resolved away by URL normalisation and hit another route.
    return f"{prefix}/i/{quoted.replace('.', '%2E') if quoted in ('.', '..') else quoted}"


def chunks(items: Sequence[str], size: int = MAX_BATCH) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


def read_upload(path: Path, *, refused: type[Exception], max_bytes: int, choose: str, too_big: str) -> bytes:
    """The bytes of a file to upload, or ``refused`` saying why it cannot be read: not a regular file
    ("Choose {choose}."), over ``max_bytes`` ("…; {too_big}."), unreadable."""
    try:
        if not path.is_file():  # also refuses folders, FIFOs and devices (reading those could block)
            what = "is a folder" if path.is_dir() else "does not exist" if not path.exists() else "is not a regular file"
            raise refused(f"Cannot upload {path}: it {what}. Choose {choose}.")
        size = path.stat().st_size
        if size > max_bytes:
            raise refused(f"Cannot upload {path}: it is {size / 2**20:.0f} MB; {too_big}.")
        with path.open("rb") as handle:
            return handle.read(max_bytes + 1)  # a file growing while read stops here
    except OSError as exc:
        raise refused(f"Cannot upload {path}: it cannot be read ({exc.strerror or exc}).") from None
