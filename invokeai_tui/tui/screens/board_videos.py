"""A board's videos (InvokeAI 6.14 keeps MP4s beside images): listed with their size and length,
the highlighted one's poster frame shown, ``d`` saves it to the download folder (atomic, never over
an existing file). Opened from Boards with ``V``. The first step of videos in the app (issue 17
makes them part of the gallery itself)."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from ...client.records.videos import VideoRecord
from ..widgets.image_preview import ImagePreview
from .dialogs import _Dialog


def describe_video(video: VideoRecord) -> str:
    """One line: name, size, length and rate (what the server knows of it)."""
    parts = [video.video_name, f"{video.width}×{video.height}"]
    if video.duration is not None:
        parts.append(f"{video.duration:.1f} s")
    if video.fps:
        parts.append(f"{video.fps:g} fps")
    return " · ".join(parts)


class BoardVideosScreen(_Dialog):
    HELP_TITLE = "Board videos"
    DEFAULT_CSS = """
    BoardVideosScreen .dialog { width: 100; height: 80%; }
    BoardVideosScreen #videos-body { height: 1fr; }
    BoardVideosScreen #videos-list { width: 1fr; height: 1fr; max-height: 100%; }
    BoardVideosScreen #videos-poster { width: 40; }
    BoardVideosScreen #videos-status { height: auto; color: $text-muted; }
    """
    BINDINGS = [Binding("d", "download", "Download", id="videos.download")]

    def __init__(self, board_id: str, board_name: str) -> None:
        super().__init__()
        self.board_id, self.board_name = board_id, board_name
        self.videos: list[VideoRecord] = []
        self._posters: dict[str, bytes] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Videos of {self.board_name}", classes="title")
            with Horizontal(id="videos-body"):
                yield OptionList(id="videos-list")
                yield ImagePreview(id="videos-poster", full_image_key=None)
            yield Static("reading the videos…", id="videos-status")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.load()

    @property
    def videos_repo(self):
        return self.app.client.video_repo

    @work(group="board-videos", exclusive=True, exit_on_error=False, description="list the board's videos")
    async def load(self) -> None:
        page = await self.videos_repo.list_videos(self.board_id, limit=1000)
        self.videos = page.items
        listing = self.query_one(OptionList)
        listing.clear_options()
        listing.add_options([Option(describe_video(v), id=v.video_name) for v in self.videos])
        status = f"{page.total} video{'s' if page.total != 1 else ''}" if self.videos else "No videos on this board."
        if page.total > len(self.videos):
            status += f" (the first {len(self.videos)} listed)"
        self.query_one("#videos-status", Static).update(status + ("  ·  d: download" if self.videos else ""))
        if self.videos:
            listing.highlighted = 0

    def current_video(self) -> VideoRecord | None:
        index = self.query_one(OptionList).highlighted
        return self.videos[index] if index is not None and 0 <= index < len(self.videos) else None

    @on(OptionList.OptionHighlighted, "#videos-list")
    def _highlighted(self) -> None:
        if (video := self.current_video()) is not None:
            self.show_poster(video)

    @work(group="board-videos-poster", exclusive=True, exit_on_error=False, description="show a video's poster")
    async def show_poster(self, video: VideoRecord) -> None:
        data = self._posters.get(video.video_name)
        if data is None:
            data = self._posters[video.video_name] = await self.videos_repo.get_poster(video.video_name)
        if self.current_video() is video:
            self.query_one(ImagePreview).show_bytes(video.video_name, data, "poster", (video.width, video.height))

    @work(group="board-videos-save", exit_on_error=False, description="download a video")
    async def action_download(self) -> None:
        video = self.current_video()
        if video is None:
            return
        folder = Path(self.app.settings.download_dir).expanduser()
        path = await self.videos_repo.save_video_in_folder(video.video_name, folder)
        self.notify(f"Saved {path}", timeout=5)
