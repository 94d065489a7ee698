"""Local image-file helpers: recognise image bytes, and save safely.

Saving never writes outside the chosen folder, never silently overwrites, and never leaves
a half-written file (write to a temp file in the same folder, then os.replace).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import FileExistsConflictError, InvalidImageError

# (magic prefix, mime type, extension)
_SIGNATURES: list[tuple[bytes, str, str]] = [
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"GIF87a", "image/gif", ".gif"),
    (b"GIF89a", "image/gif", ".gif"),
    (b"BM", "image/bmp", ".bmp"),
    (b"II*\x00", "image/tiff", ".tif"),
    (b"MM\x00*", "image/tiff", ".tif"),
]


def sniff_image_type(data: bytes) -> str | None:
    """The MIME type of image bytes by their magic number, or None if not an image we know."""
    head = data[:16]
    for magic, mime, _ in _SIGNATURES:
        if head.startswith(magic):
            return mime
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def extension_for(mime: str) -> str:
    if mime == "image/webp":
        return ".webp"
    for _, m, ext in _SIGNATURES:
        if m == mime:
            return ext
    return ".png"


def require_image(data: bytes, label: str) -> str:
    """Return the MIME type, or raise InvalidImageError before anything is sent."""
    mime = sniff_image_type(data)
    if mime is None:
        kind = "empty" if not data else "not a PNG, JPEG, WebP, GIF, BMP or TIFF image"
        raise InvalidImageError(f"Cannot upload {label}: the file is {kind}. Choose an image file.")
    return mime


MAX_NAME_BYTES = 200  # room left for " (12)" before the 255-byte limit


def safe_file_name(name: str) -> str:
    """A bare file name: path separators, '..' and control characters removed."""
    base = name.replace("\\", "/").split("/")[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"|?*')
    base = base.strip().lstrip(".")
    if len(base.encode("utf-8")) > MAX_NAME_BYTES:  # file systems refuse names over 255 bytes
        stem, dot, ext = base.rpartition(".")
        ext = f".{ext}" if dot and len(ext) <= 8 else ""
        stem = stem if dot and ext else base
        while len((stem + ext).encode("utf-8")) > MAX_NAME_BYTES:
            stem = stem[:-1]
        base = stem + ext
    return base or "image.png"


def resolve_destination(image_name: str, dest: str | os.PathLike[str]) -> Path:
    """Where to save `image_name`: inside `dest` if it is a folder, else `dest` itself.

    The image name comes from the server; it is reduced to a bare file name so it can
    never point outside the chosen folder."""
    dest_path = Path(dest).expanduser()
    if dest_path.is_dir() or str(dest).endswith(("/", os.sep)):
        return dest_path / safe_file_name(image_name)
    return dest_path


def free_path(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name (1).ext``, ``name (2).ext``… if taken: never overwrite silently."""
    path = folder / name
    stem, suffix = path.stem, path.suffix
    number = 1
    while path.exists():
        path = folder / f"{stem} ({number}){suffix}"
        number += 1
    return path


def new_file_mode() -> int:
    """The mode a plain open() would give a new file (0o666 less the umask): a saved image is an
    ordinary file, not the 0600 of a temp file. The umask is read, never set (set+restore races
    with other threads creating files)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o644


def write_atomically(path: Path, data: bytes, overwrite: bool = False) -> Path:
    """Write bytes to `path` through a temp file + os.replace; refuse to overwrite unless asked."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and not overwrite:
        raise FileExistsConflictError(
            f"Not saved: {path} already exists. Choose another name, or allow overwriting."
        )
    fd, tmp = tempfile.mkstemp(prefix=".partial-", suffix=path.suffix, dir=path.parent)
    try:
        os.fchmod(fd, new_file_mode())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if not overwrite:
            # Claim the name without replacing anything that appeared meanwhile.
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise FileExistsConflictError(
                    f"Not saved: {path} already exists. Choose another name, or allow overwriting."
                ) from None
            except OSError:
                if path.exists():
                    raise FileExistsConflictError(f"Not saved: {path} already exists.") from None
                os.replace(tmp, path)
            return path
        os.replace(tmp, path)
        return path
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
