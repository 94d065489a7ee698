"""Decoding a video's frames for the preview (``f`` on a board's video), with PyAV when it is installed
(the ``video`` extra: its wheels carry ffmpeg, nothing else to install). Textual-free: the player runs
``decode_frames`` in a thread and shows each picture at the video's rate."""

from __future__ import annotations

import io
from typing import Iterator

from PIL import Image as PILImage

MISSING_DECODER = ("Playing videos needs PyAV: install the app's `video` extra "
                   "(pip install 'invokeai-tui[video]'); the poster is shown instead.")


def decoder_missing() -> str | None:
    """None when frames can be decoded here, else the sentence saying what to install."""
    try:
        import av  # noqa: F401
    except ImportError:
        return MISSING_DECODER
    return None


def decode_frames(data: bytes, max_size: tuple[int, int] | None = None) -> Iterator[PILImage.Image]:
    """The frames of MP4 ``data`` in order, as RGB pictures (shrunk to fit ``max_size`` if given: the
    preview is a few hundred pixels at most). Raises ImportError without PyAV."""
    import av

    with av.open(io.BytesIO(data), mode="r") as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        for frame in container.decode(stream):
            picture = frame.to_image()
            if max_size is not None:
                picture.thumbnail(max_size)
            yield picture


def count_frames(data: bytes) -> int:
    """How many frames the decoder finds in ``data`` (the tests compare it with the clip's)."""
    return sum(1 for _ in decode_frames(data, max_size=(8, 8)))
