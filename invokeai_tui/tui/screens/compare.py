"""Compare two images: both pictures side by side, titled by their prompts, and under them every
metadata key of either image with its value for each, the keys whose values differ highlighted,
listed first and named in a summary line. Pushed from Boards (c) when exactly two images are selected."""

from __future__ import annotations

import asyncio
from typing import Awaitable, Callable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ...client.image_titles import image_title
from ...client.metadata_compare import CompareRow, compare_rows
from ...client.records import ImageRecord
from ..lifecycle import ReportsWorkerErrors
from ..widgets.image_preview import ImagePreview

DIFFERS = "bold yellow"


def compare_table(rows: list[CompareRow], titles: tuple[str, str]) -> Table:
    """Key | first image | second image; a differing row marked ≠ and highlighted."""
    table = Table(expand=True, show_edge=False, box=None, padding=(0, 1), header_style="bold")
    table.add_column("", width=1, no_wrap=True)
    table.add_column("key", ratio=1, no_wrap=True, overflow="ellipsis")
    table.add_column(titles[0], ratio=3, overflow="fold")
    table.add_column(titles[1], ratio=3, overflow="fold")
    # The differing rows first: on a small terminal they are the ones on screen.
    for row in sorted(rows, key=lambda r: not r.differs):
        style = DIFFERS if row.differs else "dim"
        table.add_row(Text("≠" if row.differs else "", style=DIFFERS), Text(row.key, style=style),
                      Text(row.left, style=style if row.differs else ""),
                      Text(row.right, style=style if row.differs else ""))
    return table


class CompareScreen(ReportsWorkerErrors, ModalScreen):
    DEFAULT_CSS = """
    CompareScreen { background: $surface; }
    CompareScreen #compare-title { text-style: bold; padding: 0 1; background: $boost; width: 1fr; }
    CompareScreen #compare-images { height: 2fr; }
    CompareScreen .compare-side { width: 1fr; border: solid $panel-lighten-2; }
    CompareScreen .compare-caption { width: 1fr; text-style: bold; }
    CompareScreen #compare-summary { padding: 0 1; color: $warning; }
    CompareScreen #compare-scroll { height: 3fr; }
    CompareScreen .hint { color: $text-muted; padding: 0 1; }
    """
    BINDINGS = [Binding("escape,q,c", "close", "Close", id="compare.close")]

    def __init__(self, first: ImageRecord, second: ImageRecord,
                 load_metadata: Callable[[str], Awaitable[dict | None]] | None = None) -> None:
        super().__init__()
        self.records = (first, second)
        self._load_metadata = load_metadata  # the list's cache, where the metadata usually is already
        self.metadata: tuple[dict | None, dict | None] = (None, None)
        self.rows: list[CompareRow] = []
        self.loaded = False

    @property
    def differences(self) -> list[str]:
        """The keys whose values differ (tests read it)."""
        return [row.key for row in self.rows if row.differs]

    def compose(self) -> ComposeResult:
        yield Label("Compare", id="compare-title")
        with Horizontal(id="compare-images"):
            for side in ("a", "b"):
                with Vertical(classes="compare-side"):
                    yield Label("", classes="compare-caption", id=f"compare-caption-{side}")
                    yield ImagePreview(id=f"compare-preview-{side}", full_image_key=None)
        yield Static("reading the metadata…", id="compare-summary")
        with VerticalScroll(id="compare-scroll"):
            yield Static("", id="compare-table")
        yield Label("≠ differs · esc close", classes="hint")

    def on_mount(self) -> None:
        first, second = self.records
        self.query_one("#compare-title", Label).update(f"Compare  {first.image_name}  ·  {second.image_name}")
        self.run_worker(self._load(), group="compare", exclusive=True, exit_on_error=False,
                        description="compare the images")

    async def _metadata(self, name: str) -> dict | None:
        if self._load_metadata is not None:
            return await self._load_metadata(name)
        return await self.app.client.image_repo.get_metadata(name)

    async def _load(self) -> None:
        first, second = self.records
        self.metadata = tuple(await asyncio.gather(self._metadata(first.image_name), self._metadata(second.image_name)))
        for side, record, metadata in (("a", first, self.metadata[0]), ("b", second, self.metadata[1])):
            self.query_one(f"#compare-caption-{side}", Label).update(Text(image_title(record, metadata)))
        self.rows = compare_rows(*self.metadata)
        self._show_rows()
        self.loaded = True
        for side, record in (("a", first), ("b", second)):
            data = await self.app.thumbnails.get(record.image_name)
            self.query_one(f"#compare-preview-{side}", ImagePreview).show_bytes(
                record.image_name, data, "thumbnail", (record.width, record.height))

    def _show_rows(self) -> None:
        summary = self.query_one("#compare-summary", Static)
        differing = self.differences
        if not self.rows:
            summary.update("neither image has generation metadata")
        elif differing:
            summary.update(Text(f"{len(differing)} of {len(self.rows)} differ: {', '.join(differing)}"))
        else:
            summary.update(f"all {len(self.rows)} parameters are the same")
        titles = ("left", "right")
        self.query_one("#compare-table", Static).update(compare_table(self.rows, titles))

    def action_close(self) -> None:
        self.dismiss(None)
