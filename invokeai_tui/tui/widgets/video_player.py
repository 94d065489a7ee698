"""Playing a board's video in the one preview (``f`` on a video): the MP4 downloaded, its frames decoded
in a thread (``video_frames``, PyAV) and shown one by one at the video's rate; ``esc`` (or moving on)
stops it. Without a decoder the poster stays and a sentence names the extra to install."""

from __future__ import annotations

import asyncio
import time

from ...client.board_items import VIDEO_MARK, BoardVideo
from ..video_frames import decode_frames, decoder_missing
from .image_preview import ImagePreview

FRAME_BOX = (320, 320)  # pixels: more than any preview pane shows, so frames stay small in memory
DEFAULT_FPS = 8.0


class VideoPlayer:
    """Plays videos in ``preview`` for ``owner`` (the pane: its "preview" workers, so showing another
    item stops the playing one)."""

    def __init__(self, owner, preview: ImagePreview) -> None:
        self._owner = owner
        self._preview = preview
        self.playing: BoardVideo | None = None
        self.frame_index = 0  # the frame on screen (1-based; 0 before the first)
        self.frames_decoded = 0  # frames the decoder gave for the last video played
        self.reason: str | None = None  # why the last video could not be played, if it could not
        self._worker = None
        self._last: tuple[str, bytes] | None = None  # the last MP4 downloaded (f again plays it at once)

    def play(self, video: BoardVideo) -> None:
        self._worker = self._owner.run_worker(self._play(video), group="preview", exclusive=True,
                                              exit_on_error=False, description="play the video")

    def stop(self) -> None:
        """Stop where it is (the frame stays on screen)."""
        if self._worker is not None:
            self._worker.cancel()
        self.playing = None

    async def _mp4(self, video: BoardVideo) -> bytes:
        if self._last is None or self._last[0] != video.video_name:
            self._last = (video.video_name, await self._owner.app.client.video_repo.get_full(video.video_name))
        return self._last[1]

    async def _play(self, video: BoardVideo) -> None:
        name, preview = video.video_name, self._preview
        self.reason = decoder_missing()
        self.frame_index = self.frames_decoded = 0
        if self.reason is not None:
            poster = await self._owner.app.thumbnails.get(name)
            preview.show_bytes(name, poster, "poster", (video.width, video.height))
            preview.query_one("#preview-caption").update("poster · no video decoder", layout=False)
            self._owner.notify(self.reason, severity="warning", timeout=6)
            return
        self.playing = video
        try:
            data = await self._mp4(video)
            frames = decode_frames(data, FRAME_BOX)
            fps = video.fps or DEFAULT_FPS
            total = video.frame_count or "?"
            start = time.monotonic()
            while True:
                picture = await asyncio.to_thread(next, frames, None)
                if picture is None:
                    break
                self.frames_decoded += 1
                # Keep to the video's clock: a slow frame is shown late, the next one not later still.
                await asyncio.sleep(max(0.0, start + self.frames_decoded / fps - 1 / fps - time.monotonic()))
                self.frame_index = self.frames_decoded
                preview.show_picture(name, picture, "video",
                                     f"{VIDEO_MARK} {self.frame_index}/{total} · {fps:g} fps · esc: stop")
            preview.query_one("#preview-caption").update(
                f"played {self.frames_decoded} frames · f: again", layout=False)
        finally:
            self.playing = None
