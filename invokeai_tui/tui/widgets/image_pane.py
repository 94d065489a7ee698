"""The images of one board: a title line (board, count, order, search, selection), the paged table,
and beside it the one preview and the metadata of the image under the cursor.

It shows what it is told (``open``, ``reopen``, ``show_preview``, ``show_full``); the screen decides
when. ``ImageTable`` messages bubble through it to the screen after it has updated its title."""

from __future__ import annotations

import asyncio

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Static

from ...client.board_items import VIDEO_MARK, BoardItems, is_video, is_video_name, video_length
from ...client.metadata_cache import MetadataCache
from ...client.records import Board, ImageRecord
from ..lifecycle import ReportsWorkerErrors
from .image_grid import ImageGrid
from .image_preview import ImagePreview
from .image_table import ImageTable, header_text
from .metadata_panel import MetadataPanel
from .text_update import update_text
from .video_player import VideoPlayer

PREVIEW_DEBOUNCE = 0.03  # seconds: holding j/k should not fetch every thumbnail


class ImagePane(ReportsWorkerErrors, Horizontal):
    DEFAULT_CSS = """
    ImagePane { width: 1fr; height: 1fr; }
    ImagePane #image-pane { width: 1fr; }
    ImagePane .pane-title { text-style: bold; padding: 0 1; background: $boost; width: 1fr; }
    ImagePane #table-header { height: 1; color: $text-muted; text-style: bold; }
    ImagePane #detail-pane { width: 40; border-left: solid $panel-lighten-2; }
    ImagePane #preview { height: 2fr; }
    ImagePane #metadata { height: 1fr; }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.board_id = "none"
        self.board: Board | None = None  # the open board's record (for its name); None while unknown
        self.order_dir = "DESC"
        self.starred_first = False
        self.search_term = ""
        self.title = Label("Images", classes="pane-title", id="images-title")
        self.header = Static("", id="table-header")
        self.table = ImageTable(id="images")
        self.grid = ImageGrid(self.table, id="image-grid")  # a second view of the table's list (v)
        self.preview = ImagePreview(id="preview")
        self.metadata = MetadataPanel(id="metadata")
        self.player = VideoPlayer(self, self.preview)
        self.items: BoardItems | None = None  # the open list's source (its counts name the videos)

    def compose(self) -> ComposeResult:
        with Vertical(id="image-pane"):
            yield self.title
            yield self.header
            yield self.table
            yield self.grid
        with Vertical(id="detail-pane"):
            yield self.preview
            yield self.metadata

    def on_mount(self) -> None:
        # One cache for the pane's life: an image's metadata never changes, whatever board lists it.
        self.table.metadata = MetadataCache(self._fetch_metadata)
        self.show_grid(self.app.settings.boards_view == "grid")

    async def _fetch_metadata(self, name: str) -> dict | None:
        client = self.app.client
        return await (client.video_repo if is_video_name(name) else client.image_repo).get_metadata(name)

    async def metadata_of(self, name: str) -> dict | None:
        """An image's metadata through the cache (fetched once, then held)."""
        cache = self.table.metadata
        if cache is None:
            return await self._fetch_metadata(name)
        return await cache.load(name)

    # -- list or grid ---------------------------------------------------------------------------
    @property
    def grid_shown(self) -> bool:
        return bool(self.grid.display)

    @property
    def view(self) -> ImageTable | ImageGrid:
        """The view on screen: the table or the grid (both show the table's list and cursor)."""
        return self.grid if self.grid_shown else self.table

    def show_grid(self, on: bool) -> None:
        """Show the grid (or the table) in the other's place, keeping the focus and the cursor image."""
        had_focus = self.table.has_focus or self.grid.has_focus
        self.table.display = self.header.display = not on
        self.grid.display = on
        if on:
            self.grid.call_after_refresh(self.grid._reshape)
        else:  # once laid out again (its size is known), the list scrolls to the cursor the grid left
            self.table.shown_again()
            self.table.call_after_refresh(lambda: self.table.watch_cursor(self.table.cursor, self.table.cursor))
        if had_focus:  # after the layout that hides the other: Textual then moves a lost focus on
            view = self.view
            view.focus()
            self.call_after_refresh(view.focus)

    # -- what it shows ------------------------------------------------------------------------
    def open(self, board_id: str, board: Board | None) -> None:
        """Show the images of ``board_id`` from the first page."""
        self.board_id, self.board = board_id, board
        # The message in the caption line, the picture's place kept: the board's first thumbnail is
        # then a repaint, not two layout passes of the whole screen (picture → words → picture).
        self.preview.clear(in_caption=True)
        self.metadata.show(None, None)
        self.reopen()

    def reopen(self) -> None:
        """List the board again (after the order, the starred-first switch or the search changed): its
        images and its videos, merged (``BoardItems``)."""
        self.items = items = BoardItems.of_board(self.app.client, self.board_id, order_dir=self.order_dir,
                                                 starred_first=self.starred_first,
                                                 search_term=self.search_term or None)
        self.table.set_loader(items.page, invalidate=items.invalidate)
        self.update_header()

    def targets(self) -> list[str]:
        """The marked images, else the one under the cursor."""
        table = self.table
        if table.marked:
            return sorted(table.marked)
        return [table.current.image_name] if table.current is not None else []

    def update_header(self, total: int | None = None) -> None:
        table = self.table
        name = self.board.board_name if self.board else "…"
        count = table.total if total is None else total
        extras = []
        if self.search_term:
            extras.append(f"search “{self.search_term}”")
        extras.append("oldest first" if self.order_dir == "ASC" else "newest first")
        if self.starred_first:
            extras.append("starred first")
        if table.marked:
            extras.append(f"{len(table.marked)} selected")
        # This runs on every cursor move: no layout pass unless a title's height may change.
        counts = self.items.counts if self.items is not None else None
        what = f"{count} images"
        if counts and counts[1]:  # a board with videos names both
            what = f"{counts[0]} image{'s' * (counts[0] != 1)} · {counts[1]} video{'s' * (counts[1] != 1)}"
        update_text(self.title, f"{name} · {what} · {' · '.join(extras)}")
        update_text(self.header, header_text(max(20, table.size.width or 60)))
        if self.grid_shown:
            self.grid.sync()

    @on(ImageTable.Loaded)
    def _loaded(self, event: ImageTable.Loaded) -> None:
        self.update_header(event.total)

    @on(ImageTable.Highlighted)
    def _highlighted(self, event: ImageTable.Highlighted) -> None:
        self.update_header()
        if event.record is None and self.table.total == 0 and self.table.cache.cached_pages:
            # Only once the board is known to be empty (not while its first page is on its way), and
            # in the caption line: the next board's first thumbnail is then a repaint, not a layout
            # pass of the whole screen (picture → words → picture).
            self.preview.clear("nothing on this board", in_caption=True)
            self.metadata.show(None, None)

    # -- preview & metadata ----------------------------------------------------------------
    @work(group="preview", exclusive=True, exit_on_error=False, description="show the preview")
    async def show_preview(self, record: ImageRecord) -> None:
        await asyncio.sleep(PREVIEW_DEBOUNCE)
        data = await self.app.thumbnails.get(record.image_name)  # a video's poster (app._fetch_thumbnail)
        kind = f"{VIDEO_MARK} {video_length(record)} · f: play" if is_video(record) else "thumbnail"
        self.preview.show_bytes(record.image_name, data, kind, (record.width, record.height))
        metadata = await self.metadata_of(record.image_name)
        self.metadata.show(record, metadata, self.board.board_name if self.board else "")

    @work(group="preview", exclusive=True, exit_on_error=False, description="load the full image")
    async def show_full(self, record: ImageRecord) -> None:
        data = await self.app.client.image_repo.get_full(record.image_name)
        self.preview.show_bytes(record.image_name, data, "full", (record.width, record.height))
