"""The board's images as a grid of thumbnails, each with a one-line caption: a second view of the
image table's list.

The table stays the one model of the list (its paged cache, its loader, its cursor, its selection),
so the screen's actions (star, move, delete, download, recall) act the same way in either view and
switching views keeps the cursor image. The grid is virtual: only the cells on screen exist (a
fixed set re-bound as it pages), and only their pages are fetched, through the table.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.widgets import Static

from .. import collection_pause, image_support
from ..lifecycle import ReportsWorkerErrors
from ...client.metadata_cache import MISSING
from .grid_cell import CELL_HEIGHT, CELL_WIDTH, PLAIN_HEIGHT, PLAIN_WIDTH, GridCell, caption_of
from .grid_thumbnails import GridThumbnails
from .image_table import METADATA_DELAY, ImageTable
from .text_update import update_text


class ImageGrid(ReportsWorkerErrors, Vertical, can_focus=True):
    """Thumbnails of the images of ``table``'s list, as many as fit, moved through like the table."""

    DEFAULT_CSS = """
    ImageGrid { height: 1fr; }
    ImageGrid > #grid-cells { layout: grid; height: 1fr; grid-gutter: 0 0; }
    ImageGrid > #grid-position { height: 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("up,k", "move_rows(-1)", "Up", show=False, id="grid.up"),
        Binding("down,j", "move_rows(1)", "Down", show=False, id="grid.down"),
        Binding("left,h", "move(-1)", "Left", show=False, id="grid.left"),
        Binding("right,l", "move(1)", "Right", show=False, id="grid.right"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="grid.pageup"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="grid.pagedown"),
        Binding("home,g", "first", "First", show=False, id="grid.first"),
        Binding("end,G", "last", "Last", show=False, id="grid.last"),
        Binding("space", "toggle_mark", "Select", id="grid.mark"),
        Binding("ctrl+a", "mark_page", "Select page", show=False, id="grid.mark_page"),
        Binding("escape", "clear_marks", "Clear selection", show=False, id="grid.clear_marks"),
        Binding("enter", "activate", "Full image", show=False, id="grid.activate"),
    ]

    def __init__(self, table: ImageTable, id: str | None = None) -> None:
        super().__init__(id=id)
        self.table = table
        self.image_cls = image_support.image_widget_class()
        self.columns = 1
        self.rows = 1
        self.top_row = 0  # the first row of images on screen
        self.cells: list[GridCell] = []
        self.cells_box = Container(id="grid-cells")
        self.position = Static("", id="grid-position", markup=False)
        self.thumbnails: GridThumbnails | None = None  # made on mount (it needs the app's cache)
        self._untitled: list[str] = []
        self._titles_timer = None

    def compose(self) -> ComposeResult:
        yield self.cells_box
        yield self.position

    def on_mount(self) -> None:
        self.thumbnails = GridThumbnails(self, self.app.thumbnails, self._thumbnail_arrived)
        self.table.page_landed = self.sync  # a page of records: bound and its thumbnails asked for at once

    # -- shape -----------------------------------------------------------------------------------
    @property
    def plain(self) -> bool:
        """No images (``--image-protocol none``): captions only."""
        return self.image_cls is None

    def _shape_for(self, width: int, height: int) -> tuple[int, int]:
        cell_w, cell_h = (PLAIN_WIDTH, PLAIN_HEIGHT) if self.plain else (CELL_WIDTH, CELL_HEIGHT)
        return max(1, width // cell_w), max(1, height // cell_h)

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def on_resize(self) -> None:
        self._reshape()

    def _reshape(self) -> None:
        box = self.cells_box.size
        if not box.width or not box.height:
            return
        columns, rows = self._shape_for(box.width, box.height)
        if (columns, rows) == (self.columns, self.rows) and len(self.cells) == columns * rows:
            self.sync()
            return
        self.columns, self.rows = columns, rows
        self.cells_box.styles.grid_size_columns = columns
        self.cells_box.styles.grid_size_rows = rows
        # Only the cells that fit exist: a new shape is a new set of cells.
        for cell in self.cells:
            cell.remove()
        self.cells = [GridCell(self.image_cls) for _ in range(columns * rows)]
        self.app.thumbnails.reserve(3 * len(self.cells))  # this page and the next, without evicting each other
        self.thumbnails.keep = 2 * len(self.cells)  # decoded: the page on screen and the next
        self.cells_box.mount_all(self.cells)
        self.call_after_refresh(self.sync)

    # -- drawing ---------------------------------------------------------------------------------
    def sync(self) -> None:
        """Show the images from ``top_row`` on (keeping the table's cursor on screen); fetch what is missing."""
        if not self.display or not self.cells:
            return
        table = self.table
        total, cursor = table.total, table.cursor
        row = cursor // self.columns
        if row < self.top_row:
            self.top_row = row
        elif row >= self.top_row + self.rows:
            self.top_row = row - self.rows + 1
        last_row = max(0, (total - 1) // self.columns)
        self.top_row = max(0, min(self.top_row, last_row - self.rows + 1))  # the last page is a full one
        first = self.top_row * self.columns
        blurred = not self.has_focus
        records = [table.record_at(first + offset) if first + offset < total else None
                   for offset in range(len(self.cells))]
        if not self.plain and any(c.record is not r for c, r in zip(self.cells, records)):
            collection_pause.hold()  # another page: no full garbage collection until it is drawn
        self._want_thumbnails(records, first, total)  # first: the requests go out before the cells are drawn
        untitled: list[str] = []  # on screen without their metadata yet: their captions are file names
        for offset, (cell, record) in enumerate(zip(self.cells, records)):
            index = first + offset
            exists = index < total
            if exists and record is None:
                table._request(index)  # the table fetches (and keeps) the page; it tells the pane when it lands
            marked = record is not None and record.image_name in table.marked
            metadata = table.metadata.get(record.image_name) if record is not None and table.metadata else MISSING
            if record is not None and metadata is MISSING:
                untitled.append(record.image_name)
            cell.bind(index, record, marked=marked, cursor=exists and index == cursor, blurred=blurred, exists=exists,
                      caption=caption_of(record, metadata))
            if cell.record is not None and cell.showing is None and self.thumbnails is not None:
                known, picture = self.thumbnails.picture(cell.record.image_name)
                if known:
                    cell.show_picture(cell.record.image_name, picture)  # decoded already (the page was prefetched)
        for index in (first - self.per_page, first + 2 * self.per_page - 1):  # the neighbouring pages, ahead
            if 0 <= index < total:
                table._request(index)
        self._show_position(first, total)
        if untitled:
            self._want_titles(untitled)
        self._release_when_drawn()

    # -- captions: the titles of the images on screen, through the list's metadata cache ----------
    def _want_titles(self, names: list[str]) -> None:
        # As the list does: a short wait first, so pages flying by (page down held) fetch nothing.
        self._untitled = names
        if self._titles_timer is None:
            self._titles_timer = self.set_timer(METADATA_DELAY, self._fetch_titles)

    def _fetch_titles(self) -> None:
        self._titles_timer = None
        cache = self.table.metadata
        if cache is None or not cache.wanted(self._untitled):
            return
        self.run_worker(self._load_titles(list(self._untitled)), group="grid-titles", exclusive=True,
                        exit_on_error=False, description="read the images' titles")

    async def _load_titles(self, names: list[str]) -> None:
        cache = self.table.metadata
        fetched = await cache.fetch_many(names) if cache is not None else []
        # Again only for what arrived: while the server is away this must not ask in a loop.
        if any(cache.get(name) is not MISSING for name in fetched):
            self.sync()

    def _show_position(self, first: int, total: int) -> None:
        if not total:
            text = "no images" if self.table.cache.cached_pages else "… loading"
        else:
            shown = min(total, first + self.per_page)
            text = f"{first + 1:,}–{shown:,} of {total:,} · {self.columns}×{self.rows}"
        update_text(self.position, text)

    # -- thumbnails ------------------------------------------------------------------------------
    def _want_thumbnails(self, records: list, first: int, total: int) -> None:
        """The thumbnails of the page on screen; once it is drawn, the next page's (a page down then
        draws at once). Not both at once: the next page's answers, read and decoded while the page
        on screen is still coming, slowed it by as much as they took."""
        if self.plain or self.thumbnails is None:
            return
        drawn = {cell.showing for cell in self.cells}
        missing = [r.image_name for r in records if r is not None and r.image_name not in drawn]
        if missing or any(r is None for r in records[:max(0, total - first)]):
            self.thumbnails.want(missing)
            return
        following = range(first + self.per_page, min(total, first + 2 * self.per_page))
        ahead = (self.table.record_at(index) for index in following)
        self.thumbnails.want([r.image_name for r in ahead if r is not None])

    def _thumbnail_arrived(self, name: str, picture) -> None:
        # A cell may show it by now (and another image than when asked): draw where it is.
        for cell in self.cells:
            if cell.record is not None and cell.record.image_name == name and cell.showing != name:
                cell.show_picture(name, picture)
        if not self.thumbnails.busy and self.thumbnails_shown():  # the page is drawn: the next one's, ahead
            first = self.top_row * self.columns
            self._want_thumbnails([c.record for c in self.cells], first, self.table.total)
        self._release_when_drawn()

    def _release_when_drawn(self) -> None:
        if not collection_pause.held():
            return
        if self.thumbnails_shown():
            self.call_after_refresh(collection_pause.release)  # once the frame showing the page is out
        else:
            collection_pause.hold()  # still coming (a new board's first page): a while longer

    def on_unmount(self) -> None:
        collection_pause.release()

    def thumbnails_shown(self) -> bool:
        """Every cell bound to an image shows its thumbnail (tests, the benchmark)."""
        if self.plain:
            return all(c.record is not None for c in self.cells if c.index < self.table.total)
        return all(c.showing == c.record.image_name for c in self.cells if c.record is not None) and all(
            c.record is not None for c in self.cells if 0 <= c.index < self.table.total)

    def on_focus(self) -> None:
        self.sync()

    def on_blur(self) -> None:
        self.sync()

    # -- moving: the table's cursor is the one cursor ------------------------------------------
    def _move_to(self, index: int) -> None:
        table = self.table
        table.cursor = max(0, min(index, max(0, table.total - 1)))
        self.sync()

    def action_move(self, delta: int) -> None:
        if delta < 0 and self.table.cursor % self.columns == 0 and hasattr(self.screen, "action_focus_boards"):
            self.screen.action_focus_boards()  # left off the first column: the boards, as from the list
            return
        self._move_to(self.table.cursor + delta)

    def action_move_rows(self, delta: int) -> None:
        target = self.table.cursor + delta * self.columns
        if 0 <= target < self.table.total:
            self._move_to(target)
        elif delta > 0 and self.table.cursor // self.columns < (self.table.total - 1) // self.columns:
            self._move_to(self.table.total - 1)  # down onto a shorter last row

    def action_page(self, direction: int) -> None:
        step = self.per_page
        self.top_row = max(0, self.top_row + direction * self.rows)
        self._move_to(self.table.cursor + direction * step)

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(self.table.total - 1)

    def action_toggle_mark(self) -> None:
        self.table.action_toggle_mark()  # marks the cursor image and steps on, as in the list
        self.sync()

    def action_mark_page(self) -> None:
        for cell in self.cells:
            if cell.record is not None:
                self.table.marked.add(cell.record.image_name)
        self.table.refresh()
        self.sync()

    def action_clear_marks(self) -> None:
        self.table.action_clear_marks()
        self.sync()

    def action_activate(self) -> None:
        if self.table.current is not None:
            self.post_message(ImageTable.Activated(self.table.current))

    def on_click(self, event) -> None:
        for cell in self.cells:
            if cell.region.contains(event.screen_x, event.screen_y) and 0 <= cell.index < self.table.total:
                self._move_to(cell.index)
                if event.chain == 2 and self.table.current is not None:
                    self.post_message(ImageTable.Activated(self.table.current))
                return

