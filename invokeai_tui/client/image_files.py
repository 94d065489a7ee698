"""Local image-file helpers: recognise image bytes, and save safely.

Saving never writes outside the chosen folder, never silently overwrites, and never leaves
a half-written file (invokeai_tui.atomic_files).
"""

from __future__ import annotations

import os
from pathlib import Path

from .. import atomic_files
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


def write_atomically(path: Path, data: bytes, overwrite: bool = False, rename_on_conflict: bool = False) -> Path:
    """Write bytes to `path` atomically (an ordinary file's mode); refuse to overwrite unless asked,
    or with `rename_on_conflict` take the first free ``name (1).ext``, ``name (2).ext``..."""
    try:
        return atomic_files.write_bytes(path, data, overwrite=overwrite, rename_on_conflict=rename_on_conflict)
    except FileExistsError:  # the writer claims the name only once the bytes are whole
        if rename_on_conflict:
            raise FileExistsConflictError(f"Not saved: no free name for {path.name} in {path.parent}.") from None
        raise FileExistsConflictError(
            f"Not saved: {path} already exists. Choose another name, or allow overwriting."
        ) from None