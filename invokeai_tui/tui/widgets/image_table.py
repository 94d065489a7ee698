"""The table of a board's images: a virtual list drawn line by line (Textual's line API).

Only the rows on screen are drawn and only their pages are fetched, so a board of 10,000 images
opens as fast as a board of 10, and jumping to the end fetches one page, not all before it.
"""

from __future__ import annotations

import logging
from typing import Awaitable, Callable

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...client.metadata_cache import MISSING, MetadataCache
from ...client.records import ImagePage, ImageRecord
from ..lifecycle import ReportsWorkerErrors
from .image_columns import row_header, row_text
from .page_cache import PageCache

log = logging.getLogger(__name__)

Loader = Callable[[int, int], Awaitable[ImagePage]]
METADATA_DELAY = 0.08  # seconds the rows on screen stay put before their metadata is fetched

def format_row(record: ImageRecord | None, marked: bool, width: int, metadata=MISSING) -> str:
    """One row as text; the title gets the space the other columns leave (``row_layout``)."""
    if record is None:
        return "  … loading".ljust(width)[:width]
    return row_text(record, metadata, marked, width)


def header_text(width: int) -> str:
    return row_header(width)


class ImageTable(ReportsWorkerErrors, ScrollView, can_focus=True):
    """A paged, virtual table of image records with a cursor and multi-selection."""

    DEFAULT_CSS = """
    ImageTable { height: 1fr; }
    ImageTable > .image-table--cursor { background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold; }
    ImageTable:blur > .image-table--cursor { background: $block-cursor-blurred-background; }
    ImageTable > .image-table--marked { color: $accent; }
    ImageTable > .image-table--loading { color: $text-muted; }
    """
    COMPONENT_CLASSES = {"image-table--cursor", "image-table--marked", "image-table--loading"}
    BINDINGS = [
        Binding("up,k", "move(-1)", "Up", show=False, id="images.up"),
        Binding("down,j", "move(1)", "Down", show=False, id="images.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="images.pageup"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="images.pagedown"),
        Binding("home,g", "first", "First", show=False, id="images.first"),
        Binding("end,G", "last", "Last", show=False, id="images.last"),
        Binding("space", "toggle_mark", "Select", id="images.mark"),
        Binding("ctrl+a", "mark_page", "Select page", show=False, id="images.mark_page"),
        Binding("escape", "clear_marks", "Clear selection", show=False, id="images.clear_marks"),
    ]

    cursor: reactive[int] = reactive(0, repaint=False)  # watch_cursor redraws only the two rows that change

    class Highlighted(Message):
        """The cursor is on a row (``record`` is None while its page loads or the list is empty)."""

        def __init__(self, index: int, record: ImageRecord | None) -> None:
            super().__init__()
            self.index = index
            self.record = record

    class Activated(Message):
        """Enter (or a double click) on a row."""

        def __init__(self, record: ImageRecord) -> None:
            super().__init__()
            self.record = record

    class Loaded(Message):
        """A page arrived (tests and the screen use it to know the total)."""

        def __init__(self, page: int, total: int) -> None:
            super().__init__()
            self.page = page
            self.total = total

    def __init__(self, *, page_size: int = 100, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cache: PageCache[ImageRecord] = PageCache(page_size=page_size, max_pages=30)
        self.marked: set[str] = set()
        self.loader: Loader | None = None
        self._invalidate: Callable[[], None] | None = None
        self.metadata: MetadataCache | None = None  # set by the pane: titles come from it
        self._metadata_timer = None
        self._last_highlight: tuple[int, str | None] | None = None
        # Called as soon as a page is stored, before the messages about it: the grid binds its cells
        # and asks for their thumbnails at once instead of after the next frame.
        self.page_landed: Callable[[], None] | None = None
        self._virtual_stale = False  # the list's length changed while it was hidden

    # -- data -----------------------------------------------------------------------------
    def set_loader(self, loader: Loader | None, invalidate: Callable[[], None] | None = None) -> None:
        """Show another list (another board, sort or search): start again at the top. ``invalidate``
        tells the loader to forget what it knows of the list (``reload``: after a change)."""
        self.loader = loader
        self._invalidate = invalidate
        self.marked.clear()
        self.cache.reset(total=0)
        self.cursor = 0
        self.scroll_to(y=0, animate=False)
        self._last_highlight = None
        self._resize_virtual()
        if loader is not None:
            self._request(0)
        self.refresh()

    def reload(self) -> None:
        """Fetch the visible rows again (after a change), keeping cursor and selection."""
        self.cache.reset()
        if self._invalidate is not None:
            self._invalidate()
        self._last_highlight = None
        self.refresh()
        self._request_visible()

    @property
    def total(self) -> int:
        return self.cache.total

    def record_at(self, index: int) -> ImageRecord | None:
        return self.cache.get(index) if 0 <= index < self.total else None

    @property
    def current(self) -> ImageRecord | None:
        return self.record_at(self.cursor)

    def update_record(self, record: ImageRecord) -> None:
        index = self.cache.find(lambda r: r.image_name == record.image_name)
        if index is not None:
            self.cache.replace(index, record)
            self.refresh()

    def _request(self, index: int) -> None:
        page = self.cache.needs(index)
        if page is None or self.loader is None:
            return
        self.cache.mark_pending(page)
        self.run_worker(
            self._load(page, self.cache.generation, self.loader),
            group="image-pages",
            exit_on_error=False,
            description="load images",
        )

    async def _load(self, page: int, generation: int, loader: Loader) -> None:
        try:
            result = await loader(page * self.cache.page_size, self.cache.page_size)
        except BaseException:
            self.cache.failed(page, generation)
            raise
        if not self.cache.store(page, list(result.items), result.total, generation):
            return
        self._resize_virtual()
        if self.cursor >= max(1, self.total):
            self.cursor = max(0, self.total - 1)
        if self.page_landed is not None:
            self.page_landed()
        self.refresh()
        self.post_message(self.Loaded(page, result.total))
        self._announce()

    def _request_visible(self) -> None:
        top = int(self.scroll_offset.y)
        bottom = top + self.size.height - 1
        for index in (top, bottom, self.cursor):
            self._request(max(0, index))
        # Prefetch the neighbours so paging on rarely waits for the server.
        margin = self.cache.page_size // 2
        for index in (top - margin, bottom + margin):
            if 0 <= index < self.total:
                self._request(index)

    def _resize_virtual(self) -> None:
        if not self.display:
            # Hidden behind the grid: a new size now would be a layout pass of the whole screen in
            # the frame that shows a board's first page; the pane sets it when the list is shown.
            self._virtual_stale = True
            return
        self._virtual_stale = False
        self.virtual_size = Size(self.size.width or 40, self.total)

    def shown_again(self) -> None:
        """The list takes the grid's place: catch up with what changed while it was hidden."""
        if self._virtual_stale:
            self._resize_virtual()

    # -- drawing ---------------------------------------------------------------------------
    def render_lines(self, crop):
        # Styles are worked out once per drawing pass, not per row: ``rich_style`` walks every
        # ancestor's CSS, and doing that for each of 50 rows dominated the cost of a cursor move.
        self._styles = (
            self.rich_style,
            self.get_component_rich_style("image-table--loading"),
            self.get_component_rich_style("image-table--marked"),
            self.get_component_rich_style("image-table--cursor"),
        )
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        scroll_y = int(self.scroll_offset.y)
        index = scroll_y + y
        width = self.size.width
        base, loading, marked_style, cursor_style = getattr(self, "_styles", None) or (
            self.rich_style,
            self.get_component_rich_style("image-table--loading"),
            self.get_component_rich_style("image-table--marked"),
            self.get_component_rich_style("image-table--cursor"),
        )
        if index >= self.total:
            if self.total == 0 and y == 0 and self.loader is not None:
                text = "  no images" if self.cache.cached_pages else "  … loading"
                return Strip([Segment(text.ljust(width)[:width], loading)])
            return Strip.blank(width, base)
        record = self.cache.get(index)
        if record is None:
            self._request(index)
        marked = record is not None and record.image_name in self.marked
        metadata = self.metadata.get(record.image_name) if record is not None and self.metadata else None
        if metadata is MISSING:
            self._want_metadata()
        text = format_row(record, marked, width, metadata)
        style = base
        if record is None or metadata is MISSING:
            style = style + loading
        elif marked:
            style = style + marked_style
        if index == self.cursor:
            style = style + cursor_style
        return Strip([Segment(text, style)])

    def on_resize(self) -> None:
        self._resize_virtual()

    # -- titles: the metadata of the rows on screen only ---------------------------------------
    def _want_metadata(self) -> None:
        # A short wait first: while pages fly by (page down held) nothing is fetched.
        if self._metadata_timer is None:
            self._metadata_timer = self.set_timer(METADATA_DELAY, self._fetch_visible_metadata)

    def visible_names(self) -> list[str]:
        top = int(self.scroll_offset.y)
        rows = (self.cache.get(i) for i in range(top, min(self.total, top + self.size.height)))
        return [record.image_name for record in rows if record is not None]

    def _fetch_visible_metadata(self) -> None:
        self._metadata_timer = None
        if self.metadata is None or not self.metadata.wanted(self.visible_names()):
            return
        self.run_worker(self._load_metadata(self.visible_names()), group="image-metadata", exclusive=True,
                        exit_on_error=False, description="read the images' metadata")

    async def _load_metadata(self, names: list[str]) -> None:
        cache = self.metadata
        if cache is None:
            return
        fetched = await cache.fetch_many(names)
        # Redraw only for what arrived: a redraw of rows still missing would ask again at once,
        # and while the server is away that would never stop.
        if any(cache.get(name) is not MISSING for name in fetched):
            self.refresh()

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._request_visible()

    # -- cursor ----------------------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        height = max(1, self.size.height)
        top = int(self.scroll_offset.y)
        # A step off the view (j/k held down) scrolls half a page, not one row: every scroll redraws
        # the whole table and its scroll bar, so one row at a time redrew all of it on every key.
        step = max(1, height // 2) if abs(new - old) == 1 else 1
        if new < top:
            self.scroll_to(y=max(0, min(new, top - step)), animate=False)
            self.refresh()
        elif new >= top + height:
            self.scroll_to(y=max(new - height + 1, top + step), animate=False)
            self.refresh()
        else:
            # Only the two rows whose cursor mark changed are drawn again (j/k held down).
            self.refresh_line(old)
            self.refresh_line(new)
        self._request(new)
        self._request_visible()
        self._announce()

    def _announce(self) -> None:
        record = self.current
        key = (self.cursor, record.image_name if record else None)
        if key != self._last_highlight:
            self._last_highlight = key
            self.post_message(self.Highlighted(self.cursor, record))

    def _move_to(self, index: int) -> None:
        self.cursor = max(0, min(index, max(0, self.total - 1)))

    def action_move(self, delta: int) -> None:
        self._move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self._move_to(self.cursor + direction * max(1, self.size.height - 1))

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(self.total - 1)

    def action_toggle_mark(self) -> None:
        record = self.current
        if record is None:
            return
        self.marked.symmetric_difference_update({record.image_name})
        self.refresh()
        self.action_move(1)

    def action_mark_page(self) -> None:
        top = int(self.scroll_offset.y)
        for index in range(top, min(self.total, top + self.size.height)):
            record = self.cache.get(index)
            if record is not None:
                self.marked.add(record.image_name)
        self.refresh()

    def action_clear_marks(self) -> None:
        self.marked.clear()
        self.refresh()

    def key_enter(self) -> None:
        if self.current is not None:
            self.post_message(self.Activated(self.current))

    def on_click(self, event: events.Click) -> None:
        index = int(self.scroll_offset.y) + event.y
        if 0 <= index < self.total:
            self._move_to(index)
            if event.chain == 2 and self.current is not None:
                self.post_message(self.Activated(self.current))
