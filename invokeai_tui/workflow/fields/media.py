"""Fields naming a file on the server, an image or a video: a server name, or a local file that is
uploaded when the workflow is submitted (the handle uploads it, then `mark_uploaded` names it)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, ClassVar

from ..schema import FieldTemplate
from .base import WorkflowField


class MediaField(WorkflowField):
    """The shared part of image and video fields: {NAME_KEY: name} on the server, or a local file."""

    NAME_KEY: ClassVar[str] = "image_name"
    WHAT: ClassVar[str] = "image"

    def __init__(self, template: FieldTemplate, value: Any, *, label: str | None = None) -> None:
        self.local_path: Path | None = None
        self._pending_path: Path | None = None
        super().__init__(template, value, label=label)
        self.local_path, self._pending_path = self._pending_path, None

    def set(self, new: Any) -> None:  # `.value = x` goes through set() too
        self._pending_path = None
        normalized = self.validate(new)  # raises before anything changes
        self._value, self.local_path, self._pending_path = normalized, self._pending_path, None
        self.user_set = True

    def validate(self, value: Any) -> dict[str, str] | None:
        if value is None:
            return None
        key = self.NAME_KEY
        if hasattr(value, key) and isinstance(getattr(value, key), str):
            value = getattr(value, key)  # a record (ImageRecord, VideoRecord)
        if isinstance(value, dict):
            name = value.get(key)
            if not isinstance(name, str) or not name:
                raise self._error(f"expected {{'{key}': ...}}")
            return {key: name}
        if isinstance(value, os.PathLike) or (isinstance(value, str) and (os.sep in value or os.path.isfile(value))):
            path = Path(value).expanduser()
            if not path.is_file():
                raise self._error(f"the file {str(path)!r} does not exist")
            self.check_local_file(path)
            self._pending_path = path
            return None
        if isinstance(value, str) and value.strip():
            return {key: value.strip()}
        raise self._error(f"expected {self.article} {self.WHAT} name on the server or a local file, got {value!r}")

    @property
    def article(self) -> str:
        return "an" if self.WHAT[0] in "aeiou" else "a"

    def check_local_file(self, path: Path) -> None:
        """Refuse a local file the server would refuse (raise FieldValueError); any file by default."""

    @property
    def server_name(self) -> str | None:
        return self._value.get(self.NAME_KEY) if isinstance(self._value, dict) else None

    @property
    def needs_upload(self) -> bool:
        return self.local_path is not None

    def reset(self) -> None:
        super().reset()
        self.local_path = None

    def mark_uploaded(self, name: str) -> None:
        self._value = {self.NAME_KEY: name}
        self.local_path = None


class ImageField(MediaField):
    """An image on the server (by name), or a local file uploaded when the workflow is submitted."""

    kind = "image"

    @property
    def image_name(self) -> str | None:
        return self.server_name

    def describe(self) -> str:
        return "image (server image name or local file)"


def looks_like_mp4(path: Path) -> bool:
    """An ISO-BMFF file (its first box is `ftyp`), the first thing the server checks of an upload."""
    with open(path, "rb") as fh:
        head = fh.read(12)
    return len(head) >= 12 and head[4:8] == b"ftyp"


class VideoField(MediaField):
    """A video on the server (by name), or a local MP4 uploaded when the workflow is submitted (the
    server takes H.264 MP4s only; anything that is not an MP4 at all is refused here already)."""

    kind = "video"
    NAME_KEY = "video_name"
    WHAT = "video"

    def check_local_file(self, path: Path) -> None:
        try:
            is_mp4 = looks_like_mp4(path)
        except OSError as exc:
            raise self._error(f"the file {str(path)!r} cannot be read ({exc.strerror or exc})") from None
        if not is_mp4:
            raise self._error(f"the file {str(path)!r} is not an MP4 video (the server takes H.264 MP4s)")

    @property
    def video_name(self) -> str | None:
        return self.server_name

    def describe(self) -> str:
        return "video (server video name or local .mp4)"
