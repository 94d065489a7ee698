"""Boards and images: the boards on the left, the selected board's images in a paged table,
one preview and the metadata of the image under the cursor on the right."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from ...client.image_files import safe_file_name
from ..messages import ImagesSaved, ServerReconnected
from ...client.records import Board, ImageRecord
from .. import bench_hook
from ..widgets.image_preview import ImagePreview
from ..widgets.image_table import ImageTable, header_text
from ..widgets.metadata_panel import MetadataPanel
from ..widgets.path_suggester import PathSuggester
from ..widgets.text_update import update_text
from .base import ModeScreen
from .dialogs import ConfirmDialog, DeleteBoardDialog, PickDialog, TextPromptDialog

log = logging.getLogger(__name__)

THUMBNAIL_CACHE_SIZE = 64


def free_path(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name (1).ext``, ``name (2).ext``… if taken: never overwrite silently."""
    path = folder / name
    stem, suffix = path.stem, path.suffix
    number = 1
    while path.exists():
        path = folder / f"{stem} ({number}){suffix}"
        number += 1
    return path


class BoardsScreen(ModeScreen):
    MODE = "boards"
    HELP_TITLE = "Boards & images"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    DEFAULT_CSS = """
    BoardsScreen #boards-body { height: 1fr; }
    BoardsScreen #board-pane { width: 26; border-right: solid $panel-lighten-2; }
    BoardsScreen.-narrow #board-pane { width: 20; }
    BoardsScreen #board-list { height: 1fr; border: none; }
    BoardsScreen .pane-title { text-style: bold; padding: 0 1; background: $boost; width: 1fr; }
    BoardsScreen #image-pane { width: 1fr; }
    BoardsScreen #table-header { height: 1; color: $text-muted; text-style: bold; }
    BoardsScreen #detail-pane { width: 40; border-left: solid $panel-lighten-2; }
    BoardsScreen.-narrow #detail-pane { width: 26; }
    BoardsScreen #preview { height: 2fr; }
    BoardsScreen #metadata { height: 1fr; }
    """
    BINDINGS = [
        Binding("f", "full_image", "Full image", id="boards.full"),
        Binding("s", "star", "Star", id="boards.star"),
        Binding("m", "move", "Move", id="boards.move"),
        Binding("d,delete", "delete_images", "Delete", id="boards.delete"),
        Binding("w", "download", "Download", id="boards.download"),
        Binding("u", "upload", "Upload", id="boards.upload"),
        Binding("slash", "search", "Search", id="boards.search"),
        Binding("o", "toggle_order", "Oldest/newest", show=False, id="boards.order"),
        Binding("asterisk", "toggle_starred_first", "Starred first", show=False, id="boards.starred_first"),
        Binding("n", "new_board", "New board", id="boards.new"),
        Binding("R", "rename_board", "Rename board", show=False, id="boards.rename"),
        Binding("a", "archive_board", "Archive board", show=False, id="boards.archive"),
        Binding("X", "delete_board", "Delete board", show=False, id="boards.delete_board"),
        Binding("h", "toggle_archived", "Show archived", show=False, id="boards.show_archived"),
        Binding("y", "copy_name", "Copy name", show=False, id="boards.copy"),
        Binding("W", "open_workflow", "Open its workflow", show=False, id="boards.open_workflow"),
        Binding("ctrl+r", "refresh", "Refresh", show=False, id="boards.refresh"),
        Binding("left", "focus_boards", "Boards", show=False, id="boards.focus_boards"),
        Binding("right", "focus_images", "Images", show=False, id="boards.focus_images"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.boards: list[Board] = []
        self.board_id: str = "none"
        self.show_archived = False
        self.order_dir = "DESC"
        self.starred_first = False
        self.search_term = ""
        self._thumbs: OrderedDict[str, bytes] = OrderedDict()
        self._pending_board: str | None = None
        self._reload_timer = None

    # -- layout ---------------------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        with Horizontal(id="boards-body"):
            with Vertical(id="board-pane"):
                yield Label("Boards", classes="pane-title", id="boards-title")
                yield OptionList(id="board-list")
            with Vertical(id="image-pane"):
                yield Label("Images", classes="pane-title", id="images-title")
                yield Static("", id="table-header")
                yield ImageTable(id="images")
            with Vertical(id="detail-pane"):
                yield ImagePreview(id="preview")
                yield MetadataPanel(id="metadata")

    def on_mount(self) -> None:
        self.app.live.subscribe(self)  # ImagesSaved, ServerReconnected (tui/messages.py)
        self.load_boards()
        self.query_one("#board-list").focus()

    def on_resize(self) -> None:
        self._update_header()

    @property
    def table(self) -> ImageTable:
        return self.query_one("#images", ImageTable)

    @property
    def current_board(self) -> Board | None:
        return next((b for b in self.boards if b.board_id == self.board_id), None)

    # -- boards ---------------------------------------------------------------------------
    @work(group="boards", exclusive=True, exit_on_error=False, description="load the boards")
    async def load_boards(self, select: str | None = None) -> None:
        boards = await self.client.board_repo.list_boards(
            include_uncategorized=True, include_archived=self.show_archived, order_by="board_name", direction="ASC"
        )
        self.app.known_boards = [b for b in boards if not b.is_uncategorized]
        self.fill_boards(boards, select or self._pending_board or self.board_id)

    def fill_boards(self, boards: list[Board], wanted: str) -> None:
        """Show ``boards`` in the list and keep (or move to) the board ``wanted``."""
        self.boards = boards
        board_list = self.query_one("#board-list", OptionList)
        self._pending_board = None
        board_list.clear_options()
        board_list.add_options(
            [
                Option(
                    f"{b.board_name}{' [archived]' if b.archived else ''}  [dim]{b.total_count}[/dim]",
                    id=b.board_id,
                )
                for b in boards
            ]
        )
        index = next((i for i, b in enumerate(boards) if b.board_id == wanted), 0)
        if boards:
            board_list.highlighted = index
            if boards[index].board_id != self.board_id or self.table.loader is None:
                self._open_board(boards[index].board_id)
        title = "Boards (+archived)" if self.show_archived else "Boards"
        self.query_one("#boards-title", Label).update(f"{title} ({len(boards) - 1})")
        # Once drawn (and whatever else waited for that drawing has run), the event stream may start.
        self.app.call_after_refresh(self.app.call_later, self.app.screen_ready)
        bench_hook.reached(self.app, "boards")

    def select_board(self, board_id: str) -> None:
        """Jump to a board (from the command palette)."""
        index = next((i for i, b in enumerate(self.boards) if b.board_id == board_id), None)
        if index is None:
            self._pending_board = board_id
            self.load_boards(select=board_id)
            return
        self.query_one("#board-list", OptionList).highlighted = index
        self._open_board(board_id)

    @on(OptionList.OptionHighlighted, "#board-list")
    def _board_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option.id != self.board_id:
            self._open_board(event.option.id)

    @on(OptionList.OptionSelected, "#board-list")
    def _board_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id != self.board_id:
            self._open_board(event.option.id)
        self.table.focus()

    def _open_board(self, board_id: str) -> None:
        self.board_id = board_id
        self.query_one("#preview", ImagePreview).clear()
        self.query_one("#metadata", MetadataPanel).show(None, None)
        self.table.set_loader(self._loader_for(board_id))
        self._update_header()

    def _loader_for(self, board_id: str):
        images = self.client.image_repo
        order, starred, search = self.order_dir, self.starred_first, self.search_term or None

        async def load(offset: int, limit: int):
            return await images.list_images(
                board_id, offset=offset, limit=limit, order_dir=order, starred_first=starred,
                search_term=search, categories=None, is_intermediate=False,
            )

        return load

    def _reopen(self) -> None:
        self.table.set_loader(self._loader_for(self.board_id))
        self._update_header()

    def _update_header(self, total: int | None = None) -> None:
        table = self.table
        board = self.current_board
        name = board.board_name if board else "…"
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
        update_text(self.query_one("#images-title", Label), f"{name} · {count} images · {' · '.join(extras)}")
        update_text(self.query_one("#table-header", Static), header_text(max(20, table.size.width or 60)))

    @on(ImageTable.Loaded)
    def _loaded(self, event: ImageTable.Loaded) -> None:
        self._update_header(event.total)

    # -- preview & metadata ----------------------------------------------------------------
    @on(ImageTable.Highlighted)
    def _highlighted(self, event: ImageTable.Highlighted) -> None:
        self._update_header()
        if event.record is None:
            if self.table.total == 0:
                self.query_one("#preview", ImagePreview).clear("no images on this board")
                self.query_one("#metadata", MetadataPanel).show(None, None)
            return
        self.show_preview(event.record)

    @on(ImageTable.Activated)
    def _activated(self, event: ImageTable.Activated) -> None:
        self.show_full(event.record)

    @work(group="preview", exclusive=True, exit_on_error=False, description="show the preview")
    async def show_preview(self, record: ImageRecord) -> None:
        await asyncio.sleep(0.03)  # debounce: holding j/k should not fetch every thumbnail
        images = self.client.image_repo
        data = self._thumbs.get(record.image_name)
        if data is None:
            data = await images.get_thumbnail(record.image_name)
            self._thumbs[record.image_name] = data
            while len(self._thumbs) > THUMBNAIL_CACHE_SIZE:
                self._thumbs.popitem(last=False)
        else:
            self._thumbs.move_to_end(record.image_name)
        self.query_one("#preview", ImagePreview).show_bytes(
            record.image_name, data, "thumbnail", (record.width, record.height)
        )
        metadata = await images.get_metadata(record.image_name)
        board = self.current_board
        self.query_one("#metadata", MetadataPanel).show(record, metadata, board.board_name if board else "")

    def action_full_image(self) -> None:
        if self.table.current is not None:
            self.show_full(self.table.current)

    @work(group="preview", exclusive=True, exit_on_error=False, description="load the full image")
    async def show_full(self, record: ImageRecord) -> None:
        data = await self.client.image_repo.get_full(record.image_name)
        self.query_one("#preview", ImagePreview).show_bytes(
            record.image_name, data, "full", (record.width, record.height)
        )

    # -- image actions ------------------------------------------------------------------------
    def _targets(self) -> list[str]:
        table = self.table
        if table.marked:
            return sorted(table.marked)
        return [table.current.image_name] if table.current is not None else []

    def action_star(self) -> None:
        names = self._targets()
        if names:
            self.star_images(names)

    @work(group="image-actions", exit_on_error=False, description="star the images")
    async def star_images(self, names: list[str]) -> None:
        images = self.client.image_repo
        table = self.table
        records = {r.image_name: r for r in (await images.images_by_names(names))}
        unstar = bool(records) and all(r.starred for r in records.values())
        result = await (images.unstar_images(names) if unstar else images.star_images(names))
        word = "Unstarred" if unstar else "Starred"
        self.notify(f"{word} {len(result.changed_images)} image(s)", timeout=3)
        for name in result.changed_images:
            if name in records:
                table.update_record(records[name].model_copy(update={"starred": not unstar}))
        if self.starred_first:
            table.reload()
        self._after_change()

    def action_move(self) -> None:
        names = self._targets()
        if not names:
            return
        choices = [(b.board_id, b.board_name) for b in self.boards if b.board_id != self.board_id]

        def chosen(board_id: str | None) -> None:
            if board_id:
                self.move_images(names, board_id)

        self.app.push_screen(PickDialog(f"Move {len(names)} image(s) to…", choices), chosen)

    @work(group="image-actions", exit_on_error=False, description="move the images")
    async def move_images(self, names: list[str], board_id: str) -> None:
        result = await self.client.image_repo.add_images_to_board(names, board_id)
        target = next((b.board_name for b in self.boards if b.board_id == board_id), board_id)
        self.notify(f"Moved {len(result.changed_images)} image(s) to {target}", timeout=3)
        self.table.marked.difference_update(result.changed_images)
        self.table.reload()
        self._after_change(boards=True)

    def action_delete_images(self) -> None:
        names = self._targets()
        if not names:
            return
        text = names[0] if len(names) == 1 else f"{len(names)} images"

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.delete_images(names)

        self.app.push_screen(
            ConfirmDialog("Delete images", f"Delete {text} from the server? This cannot be undone.", yes="Delete"),
            confirmed,
        )

    @work(group="image-actions", exit_on_error=False, description="delete the images")
    async def delete_images(self, names: list[str]) -> None:
        result = await self.client.image_repo.delete_images(names)
        self.notify(f"Deleted {len(result.changed_images)} image(s)", timeout=3)
        self.table.marked.difference_update(result.changed_images)
        self.table.reload()
        self._after_change(boards=True)

    def action_download(self) -> None:
        names = self._targets()
        if names:
            self.download_images(names)

    @work(group="downloads", exit_on_error=False, description="download the images")
    async def download_images(self, names: list[str]) -> None:
        folder = Path(self.app.settings.download_dir).expanduser()
        folder.mkdir(parents=True, exist_ok=True)
        saved: list[Path] = []
        for name in names:
            path = free_path(folder, safe_file_name(name))  # the server's name never leaves the folder
            saved.append(await self.client.image_repo.save_image(name, path, overwrite=False))
        where = saved[0] if len(saved) == 1 else folder
        self.notify(f"Saved {len(saved)} image(s) to {where}", timeout=5)
        self.last_downloads = saved

    def action_upload(self) -> None:
        def chosen(path: str | None) -> None:
            if path:
                self.upload_file(path)

        self.app.push_screen(
            TextPromptDialog(
                "Upload an image to this board",
                placeholder="path to a PNG/JPEG/WebP file",
                suggester=PathSuggester(),
                hint="→ or tab accepts the completion; enter uploads",
            ),
            chosen,
        )

    @work(group="image-actions", exit_on_error=False, description="upload the image")
    async def upload_file(self, path: str) -> None:
        record = await self.client.image_repo.upload_image(path, board_id=self.board_id)
        self.notify(f"Uploaded {Path(path).name} as {record.image_name}", timeout=4)
        self.table.reload()
        self._after_change(boards=True)

    async def action_open_workflow(self) -> None:
        record = self.table.current
        if record is None:
            return
        if not record.has_workflow:
            self.notify("This image has no workflow stored with it.", severity="warning", timeout=3)
            return
        await self.app.open_image_workflow(record.image_name)

    def action_copy_name(self) -> None:
        if self.table.current is not None:
            self.app.copy_to_clipboard(self.table.current.image_name)
            self.notify("Image name copied", timeout=2)

    # -- sorting & search ---------------------------------------------------------------------
    def action_search(self) -> None:
        def chosen(term: str | None) -> None:
            self.search_term = term or ""
            self._reopen()

        self.app.push_screen(
            TextPromptDialog("Search images (empty clears)", value=self.search_term, placeholder="text in name or metadata"),
            chosen,
        )

    def action_toggle_order(self) -> None:
        self.order_dir = "ASC" if self.order_dir == "DESC" else "DESC"
        self._reopen()

    def action_toggle_starred_first(self) -> None:
        self.starred_first = not self.starred_first
        self._reopen()

    def action_refresh(self) -> None:
        self._thumbs.clear()
        self.table.reload()
        self.load_boards()

    def action_focus_boards(self) -> None:
        self.query_one("#board-list").focus()

    def action_focus_images(self) -> None:
        self.table.focus()

    # -- board actions -----------------------------------------------------------------------
    def action_new_board(self) -> None:
        def chosen(name: str | None) -> None:
            if name:
                self.create_board(name)

        self.app.push_screen(TextPromptDialog("New board", placeholder="board name"), chosen)

    @work(group="board-actions", exit_on_error=False, description="create the board")
    async def create_board(self, name: str) -> None:
        board = await self.client.board_repo.create_board(name)
        self.notify(f"Created board {board.board_name}", timeout=3)
        self.load_boards(select=board.board_id)
        self.app.live.boards_changed()

    def _real_board(self) -> Board | None:
        board = self.current_board
        if board is None or board.is_uncategorized:
            self.notify("Uncategorized is not a board you can change.", severity="warning", timeout=3)
            return None
        return board

    def action_rename_board(self) -> None:
        board = self._real_board()
        if board is None:
            return

        def chosen(name: str | None) -> None:
            if name and name != board.board_name:
                self.rename_board(board.board_id, name)

        self.app.push_screen(TextPromptDialog("Rename board", value=board.board_name), chosen)

    @work(group="board-actions", exit_on_error=False, description="rename the board")
    async def rename_board(self, board_id: str, name: str) -> None:
        await self.client.board_repo.rename_board(board_id, name)
        self.load_boards(select=board_id)
        self.app.live.boards_changed()

    def action_archive_board(self) -> None:
        board = self._real_board()
        if board is not None:
            self.archive_board(board)

    @work(group="board-actions", exit_on_error=False, description="archive the board")
    async def archive_board(self, board: Board) -> None:
        repo = self.client.board_repo
        if board.archived:
            await repo.unarchive_board(board.board_id)
            self.notify(f"Unarchived {board.board_name}", timeout=3)
        else:
            await repo.archive_board(board.board_id)
            hint = "" if self.show_archived else " (h shows archived boards)"
            self.notify(f"Archived {board.board_name}{hint}", timeout=4)
        self.load_boards(select=board.board_id if self.show_archived else "none")
        self.app.live.boards_changed()

    def action_delete_board(self) -> None:
        board = self._real_board()
        if board is None:
            return

        def chosen(answer: str | None) -> None:
            if answer:
                self.delete_board(board, answer == "images")

        self.app.push_screen(DeleteBoardDialog(board.board_name, board.total_count), chosen)

    @work(group="board-actions", exit_on_error=False, description="delete the board")
    async def delete_board(self, board: Board, include_images: bool) -> None:
        await self.client.board_repo.delete_board(board.board_id, include_images=include_images)
        self.notify(f"Deleted board {board.board_name}", timeout=3)
        self.load_boards(select="none")
        self.app.live.boards_changed()

    def action_toggle_archived(self) -> None:
        self.show_archived = not self.show_archived
        self.load_boards()

    # -- live updates ----------------------------------------------------------------------------
    def _after_change(self, boards: bool = False) -> None:
        self._update_header()
        if boards:
            self.load_boards()

    @on(ImagesSaved)
    def _on_server_event(self, _message: ImagesSaved) -> None:
        # A new image from the queue: refresh soon (collapsing a burst of events into one reload).
        self._schedule_reload()

    @on(ServerReconnected)
    def _on_data_changed(self, _message: ServerReconnected) -> None:
        self._schedule_reload()

    def _schedule_reload(self) -> None:
        if self._reload_timer is None:
            self._reload_timer = self.set_timer(0.3, self._live_reload)

    def _live_reload(self) -> None:
        self._reload_timer = None
        self.table.reload()
        self.load_boards()
