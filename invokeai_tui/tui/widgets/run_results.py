"""A run's results under a form: a title line (running, completed, failed), the images and videos the
run saved (listed as soon as their node saves them; a video is marked and previewed by its poster,
the server's thumbnail of its first frame) and a preview of the highlighted one. Its quick actions
(b open in its board, w download: the full image, or the whole MP4) post messages; the screen acts on them.

The screen drives it: ``start`` when the run is enqueued, ``add`` for each announced output,
``finish`` or ``fail`` at the end (``follow`` does all of that for a workflow run)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Callable

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...client.board_items import VIDEO_MARK
from ...workflow.errors import WorkflowCanceledError, WorkflowRunError
from ..lifecycle import ReportsWorkerErrors
from .image_preview import ImagePreview

log = logging.getLogger(__name__)

Result = tuple[str, str]  # (image or video name, board id)


class ResultList(OptionList):
    """The run's images and videos; b opens the highlighted one's board, w downloads it."""

    BINDINGS = [
        Binding("b", "open_in_board", "Open in board", id="workflows.result_board"),
        Binding("w", "download", "Download", id="workflows.result_download"),
    ]

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.results: list[Result] = []  # one per option, in the list's order
        self.videos: set[str] = set()  # the names in results that are videos
        self._repaint_only = False

    # Textual lays the whole screen out again whenever the list's virtual size changes (each image
    # announced, each run started): 20-100 ms on a busy machine, landing right where the result's
    # thumbnail is to be drawn. The list has a fixed size and one line per image, so while every
    # line fits (no scroll bar comes or goes) a changed line count needs a repaint only.
    def refresh(self, *regions, repaint: bool = True, layout: bool = False, recompose: bool = False):
        if self._repaint_only:
            layout = False
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _fits(self, count: int) -> bool:
        return not self.styles.auto_dimensions and count <= self.scrollable_content_region.height

    def add_options(self, new_options):
        new_options = list(new_options)
        self._repaint_only = self._fits(self.option_count + len(new_options))
        try:
            return super().add_options(new_options)
        finally:
            self._repaint_only = False

    def clear_options(self):
        self._repaint_only = self._fits(self.option_count)
        try:
            return super().clear_options()
        finally:
            self._repaint_only = False

    @property
    def current(self) -> Result | None:
        if self.highlighted is None or not self.results:
            return None
        return self.results[self.highlighted]

    def action_open_in_board(self) -> None:
        if (result := self.current) is not None:
            self.post_message(RunResults.OpenInBoard(*result))

    def action_download(self) -> None:
        if (result := self.current) is not None:
            self.post_message(RunResults.DownloadRequested(*result, is_video=result[0] in self.videos))


class RunResults(ReportsWorkerErrors, Vertical):
    DEFAULT_CSS = """
    RunResults { height: auto; display: none; border-top: solid $panel-lighten-2; }
    RunResults.-shown { display: block; }
    RunResults #wf-results-body { height: 12; display: none; }
    RunResults.-images #wf-results-body { display: block; }
    RunResults #wf-results-title { padding: 0 1; height: 1; }
    RunResults #wf-result-list { width: 1fr; height: 1fr; border: none; text-wrap: nowrap; text-overflow: ellipsis; }
    RunResults #wf-result-preview { width: 50%; max-width: 30; }
    """

    class OpenInBoard(Message):
        """b on a result: show the image in its board."""

        def __init__(self, image_name: str, board_id: str) -> None:
            super().__init__()
            self.image_name, self.board_id = image_name, board_id

    class DownloadRequested(Message):
        """w on a result: save the full image, or the whole video (``is_video``; its name in ``image_name``)."""

        def __init__(self, image_name: str, board_id: str, is_video: bool = False) -> None:
            super().__init__()
            self.image_name, self.board_id, self.is_video = image_name, board_id, is_video

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.board_names: dict[str, str] = {}  # board id -> name, for the list's second column
        self.last_error: str | None = None
        self.title = Static("", id="wf-results-title")
        self.listing = ResultList(id="wf-result-list")
        self.preview = ImagePreview(id="wf-result-preview", full_image_key=None)

    def compose(self) -> ComposeResult:
        yield self.title
        with Horizontal(id="wf-results-body"):
            yield self.listing
            yield self.preview

    @property
    def results(self) -> list[Result]:
        return self.listing.results

    @property
    def videos(self) -> set[str]:
        """Which of the results are videos."""
        return self.listing.videos

    def hide(self) -> None:
        self.remove_class("-shown")

    def show_title(self, text: str, severity: str = "", images: bool = False) -> None:
        self.add_class("-shown")
        colour = {"error": "red", "warning": "yellow"}.get(severity, "")
        self.title.update(Content.styled(text, colour) if colour else text, layout=False)  # one fixed line
        self.set_class(images, "-images")
        if severity:
            self.listing.clear_options()
            self.preview.clear("no images")

    # -- a run's course ---------------------------------------------------------------------------
    def start(self, text: str) -> None:
        """A run was enqueued. The area is laid out now, while the server works, so that showing the
        result is a repaint of the list and the preview, not a new layout of the whole form."""
        self.show_title(text, images=True)
        self.listing.results = []
        self.listing.videos = set()
        self.listing.clear_options()
        self.preview.clear("waiting for the result…", in_caption=True)

    def add(self, new: list[Result], videos: set[str] | frozenset[str] = frozenset()) -> None:
        """List images (and ``videos``, by name) the run saved (the first one listed is previewed by ``follow``)."""
        names = {**self.board_names, "none": "Uncategorized"}
        self.listing.videos.update(name for name, _board in new if name in videos)
        self.listing.add_options([Option(self._line(name, names.get(board, board)), id=name) for name, board in new])
        self.results.extend(new)

    def _line(self, name: str, board: str) -> str:
        if name in self.videos:
            return f"{VIDEO_MARK} {name}  [dim]video · {board}[/dim]"
        return f"{name}  [dim]{board}[/dim]"

    def finish(self, text: str, final: list[Result], thumbnail: bytes | None = None,
               videos: set[str] | frozenset[str] = frozenset()) -> None:
        """The run completed and saved ``final`` (``videos``: which are videos); ``thumbnail`` is the
        first one's (a video's poster), if fetched already."""
        self.last_error = None
        self.show_title(text, images=bool(final))
        listing, preview = self.listing, self.preview
        if final != self.results:  # listed while running in another order, or not at all
            listing.results = []
            listing.videos = set()
            listing.clear_options()
            self.add(final, videos)
        if final:
            if thumbnail is not None and preview.showing != final[0][0]:  # drawn in this pass
                preview.show_bytes(final[0][0], thumbnail, self._kind(final[0][0]))
            if listing.highlighted is None:
                listing.highlighted = 0
        else:
            preview.clear("the run saved no images")

    def fail(self, error: str, text: str, severity: str = "error") -> None:
        self.last_error = error
        self.show_title(text, severity)

    async def follow(self, handle: Any, is_current: Callable[[], bool]) -> list[Any] | None:
        """Follow ``handle``'s submitted run to its end: outputs listed as they are saved, the first
        previewed at once. ``is_current``: the screen still shows this run. The items, or None."""
        first: list[tuple[str, asyncio.Task]] = []

        def on_output(output) -> None:
            if not is_current():
                return
            videos = set(getattr(output, "video_names", ()))
            new = [(name, output.board_id) for name in [*output.image_names, *videos]
                   if (name, output.board_id) not in self.results]
            if not new:
                return
            self.add(new, videos)
            if not first:
                name = new[0][0]
                first.append((name, asyncio.create_task(self._show_first(name))))

        try:
            items = await handle.wait_for_all(on_output=on_output)
        except WorkflowCanceledError as exc:
            self.fail(str(exc), f"Canceled: {exc}", "warning")
            return None
        except WorkflowRunError as exc:
            error = f"{exc.error_type}: {exc.error_message}"
            self.fail(error, f"Failed (item {exc.item_id}): {error}")
            self.notify(error, title="The run failed", severity="error", timeout=8)
            return None
        if not is_current():
            return None  # another workflow was opened meanwhile
        final = [(name, out.board_id) for out in handle.map_outputs_to_images(items) for name in out.image_names]
        video_outputs = handle.map_outputs_to_videos(items)
        videos = {name for out in video_outputs for name in out.video_names}
        final += [(name, out.board_id) for out in video_outputs for name in out.video_names]
        thumbnail = None
        if first and final and first[0][0] == final[0][0]:
            thumbnail = await first[0][1]
        images = len(final) - len(videos)
        saved = ", ".join(([f"{images} image(s)"] if images or not videos else []) + (
            [f"{len(videos)} video(s)"] if videos else []))
        self.finish(f"Completed {len(items)} item(s): {saved} · b open in its board · w download",
                    final, thumbnail, videos)
        return items

    def _kind(self, name: str) -> str:
        return "poster" if name in self.videos else "thumbnail"

    async def _picture(self, name: str) -> bytes:
        """The image's thumbnail, or the video's poster (the app's cache fetches either by the name)."""
        return await self.app.thumbnails.get(name)

    async def _show_first(self, image_name: str) -> bytes | None:
        """Fetch the first announced result's thumbnail and show it, unless the user moved on."""
        try:
            data = await self._picture(image_name)
        except Exception:  # noqa: BLE001 - the preview fetches it again (and explains a failure)
            log.debug("thumbnail prefetch failed", exc_info=True)
            return None
        if self.results and self.results[0][0] == image_name and self.preview.showing is None:
            self.preview.show_bytes(image_name, data, self._kind(image_name))
        return data

    @on(OptionList.OptionHighlighted, "#wf-result-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.show_preview(event.option.id)

    @work(group="wf-result-preview", exclusive=True, exit_on_error=False, description="show the result")
    async def show_preview(self, image_name: str) -> None:
        kind = self._kind(image_name)
        if self.preview.showing == image_name and self.preview.kind == kind:
            return  # drawn already (the run's first result)
        data = await self._picture(image_name)
        self.preview.show_bytes(image_name, data, kind)
