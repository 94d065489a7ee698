"""Boards and images: the boards on the left (``BoardList``), the selected board's images in a paged
table with one preview and the metadata of the image under the cursor (``ImagePane``). What the keys
do to images and boards is in ``board_actions``: each a worker that awaits its dialog."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal

from ...client.board_items import BoardVideo, is_video, is_video_name
from ...client.records import Board, ImageRecord
from .. import bench_hook
from ..messages import ImagesSaved, ServerReconnected
from ..widgets.board_list import BoardList
from ..widgets.image_pane import ImagePane
from ..widgets.image_table import ImageTable
from . import board_actions
from .base import ModeScreen

LIVE_RELOAD_DELAY = 0.3  # seconds: a burst of new images from the queue becomes one reload


class BoardsScreen(ModeScreen):
    MODE = "boards"
    HELP_TITLE = "Boards & images"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    DEFAULT_CSS = """
    BoardsScreen #boards-body { height: 1fr; }
    BoardsScreen.-narrow #board-pane { width: 20; }
    BoardsScreen.-narrow #detail-pane { width: 26; }
    """
    BINDINGS = [
        Binding("f", "full_image", "Full image", id="boards.full"),  # on a video: plays it (the preview says f: play)
        Binding("escape", "stop_video", "Stop the video", show=False, priority=True, id="boards.stop_video"),
        Binding("c", "compare", "Compare two", show=False, id="boards.compare"),
        Binding("s", "star", "Star", id="boards.star"),
        Binding("m", "move", "Move", id="boards.move"),
        Binding("d,delete", "delete_images", "Delete", id="boards.delete"),
        Binding("w", "download", "Download", id="boards.download"),
        Binding("u", "upload", "Upload", id="boards.upload"),
        Binding("v", "toggle_view", "Grid/list", show=False, id="boards.view"),
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
        Binding("r", "recall", "Recall into Generate", show=False, id="boards.recall"),
        Binding("i", "init_image", "As init image", show=False, id="boards.init_image"),
        Binding("ctrl+r", "refresh", "Refresh", show=False, id="boards.refresh"),
        Binding("left", "focus_boards", "Boards", show=False, id="boards.focus_boards"),
        Binding("right", "focus_images", "Images", show=False, id="boards.focus_images"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.show_archived = False
        self.last_downloads: list[Path] = []
        self._pending_board: str | None = None
        self._reload_timer = None
        self.board_list = BoardList(id="board-pane")
        self.image_pane = ImagePane(id="image-area")

    # -- layout ---------------------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        with Horizontal(id="boards-body"):
            yield self.board_list
            yield self.image_pane

    def on_mount(self) -> None:
        # immediate: a flood of progress events must not become a flood of messages to this screen
        self.app.live.subscribe(self)  # ImagesSaved, ServerReconnected (tui/messages.py)
        self.load_boards()
        self.board_list.listing.focus()

    def on_resize(self) -> None:
        self._update_header()

    @property
    def table(self) -> ImageTable:
        return self.image_pane.table

    @property
    def boards(self) -> list[Board]:
        return self.board_list.boards

    @property
    def board_id(self) -> str:
        return self.image_pane.board_id

    @property
    def current_board(self) -> Board | None:
        return self.board_list.board(self.board_id)

    def current_image_name(self) -> str | None:
        """The image under the cursor (W opens its workflow)."""
        current = self.table.current
        return current.image_name if current is not None else None

    def _update_header(self) -> None:
        self.image_pane.update_header()

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
        self._pending_board = None
        index = self.board_list.fill(boards, wanted, self.show_archived)
        self.image_pane.board = self.current_board  # its name may have changed
        if boards and (boards[index].board_id != self.board_id or self.table.loader is None):
            self._open_board(boards[index].board_id)
        # Once drawn (and whatever else waited for that drawing has run), the event stream may start.
        self.app.call_after_refresh(self.app.call_later, self.app.screen_ready)
        bench_hook.reached(self.app, "boards")

    def select_board(self, board_id: str) -> None:
        """Jump to a board (from the command palette)."""
        index = self.board_list.index_of(board_id)
        if index is None:
            self._pending_board = board_id
            self.load_boards(select=board_id)
            return
        self.board_list.move_to(index)
        self._open_board(board_id)

    @on(BoardList.Highlighted)
    def _board_highlighted(self, event: BoardList.Highlighted) -> None:
        if event.board_id != self.board_id:
            self._open_board(event.board_id)

    @on(BoardList.Chosen)
    def _board_chosen(self, event: BoardList.Chosen) -> None:
        if event.board_id != self.board_id:
            self._open_board(event.board_id)
        self.image_pane.view.focus()

    def _open_board(self, board_id: str) -> None:
        self.image_pane.open(board_id, self.board_list.board(board_id))

    def boards_changed(self, select: str) -> None:
        """A board was made, renamed, archived or deleted here: list them again, and tell the others."""
        self.load_boards(select=select)
        self.app.live.boards_changed()

    # -- preview ----------------------------------------------------------------------------
    @on(ImageTable.Highlighted)
    def _highlighted(self, event: ImageTable.Highlighted) -> None:
        if event.record is not None:
            self.show_preview(event.record)

    @on(ImageTable.Activated)
    def _activated(self, event: ImageTable.Activated) -> None:
        self.show_full(event.record)

    def show_preview(self, record: ImageRecord) -> None:
        self.image_pane.show_preview(record)

    def show_full(self, record: ImageRecord) -> None:
        if isinstance(record, BoardVideo):  # a video plays in the preview, by its frames
            self.image_pane.player.play(record)
        else:
            self.image_pane.show_full(record)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "stop_video":  # esc stops a playing video; otherwise it is the list's (clear selection)
            return self.image_pane.player.playing is not None
        return True

    def action_stop_video(self) -> None:
        self.image_pane.player.stop()

    def _image_only(self, what: str) -> bool:
        """True (and the reason said) when the item under the cursor is a video, which ``what`` is not for."""
        if is_video(self.table.current):
            self.notify(f"{what} works on images; this is a video.", severity="warning", timeout=3)
            return True
        return False

    def action_full_image(self) -> None:
        if self.table.current is not None:
            self.show_full(self.table.current)

    def action_compare(self) -> None:
        """The two selected images side by side, their differing parameters highlighted."""
        if any(is_video_name(name) for name in self.table.marked):
            self.notify("Compare works on two images; the selection holds a video.", severity="warning", timeout=3)
            return
        if len(self.table.marked) != 2:
            self.notify("Select exactly two images (space) to compare them.", severity="warning", timeout=3)
            return
        self.run_worker(board_actions.compare_images(self, sorted(self.table.marked)), group="dialogs",
                        exit_on_error=False, description="compare the images")

    # -- image actions: board_actions, each in a worker ------------------------------------------
    def _images_flow(self, flow, description: str, group: str = "image-actions") -> None:
        names = self.image_pane.targets()
        if names:
            self.run_worker(flow(self, names), group=group, exit_on_error=False, description=description)

    def action_star(self) -> None:
        self._images_flow(board_actions.star_images, "star the images")

    def action_move(self) -> None:
        self._images_flow(board_actions.move_images, "move the images")

    def action_delete_images(self) -> None:
        self._images_flow(board_actions.delete_images, "delete the images")

    def action_download(self) -> None:
        self._images_flow(board_actions.download_images, "download the images", group="downloads")

    def download_images(self, names: list[str]) -> None:
        self.run_worker(board_actions.download_images(self, names), group="downloads", exit_on_error=False,
                        description="download the images")

    def action_upload(self) -> None:
        self.run_worker(board_actions.ask_upload(self), group="image-actions", exit_on_error=False,
                        description="upload the image")

    def upload_file(self, path: str) -> None:
        self.run_worker(board_actions.upload_file(self, path), group="image-actions", exit_on_error=False,
                        description="upload the image")

    async def action_recall(self) -> None:
        """Fill Generate with the parameters of the image under the cursor."""
        if self._image_only("Recalling parameters into Generate"):
            return
        if (name := self.current_image_name()) is not None:
            await self.app.recall_into_generate(name)

    async def action_init_image(self) -> None:
        """Use the image under the cursor as Generate's init image (image to image)."""
        if self._image_only("An init image for Generate"):
            return
        if (name := self.current_image_name()) is not None:
            await self.app.use_as_init_image(name)

    async def action_open_workflow(self) -> None:
        record = self.table.current
        if record is None or self._image_only("Opening the stored workflow"):
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
        self.run_worker(board_actions.search_images(self), group="dialogs", exit_on_error=False,
                        description="search the images")

    def action_toggle_order(self) -> None:
        pane = self.image_pane
        pane.order_dir = "ASC" if pane.order_dir == "DESC" else "DESC"
        pane.reopen()

    def action_toggle_starred_first(self) -> None:
        self.image_pane.starred_first = not self.image_pane.starred_first
        self.image_pane.reopen()

    def action_refresh(self) -> None:
        self.app.thumbnails.clear()
        self.table.reload()
        self.load_boards()

    def action_focus_boards(self) -> None:
        self.board_list.listing.focus()

    def action_focus_images(self) -> None:
        self.image_pane.view.focus()

    def action_toggle_view(self) -> None:
        """List or grid; the choice is kept in the config file (``boards_view``)."""
        pane = self.image_pane
        pane.show_grid(not pane.grid_shown)
        settings = self.app.settings
        settings.boards_view = "grid" if pane.grid_shown else "list"
        try:
            settings.save()
        except OSError as exc:
            self.notify(f"Could not save the view choice: {exc.strerror or exc}", severity="warning", timeout=4)

    # -- board actions ---------------------------------------------------------------------------
    def action_new_board(self) -> None:
        self.run_worker(board_actions.new_board(self), group="board-actions", exit_on_error=False,
                        description="create the board")

    def _board_flow(self, flow, description: str) -> None:
        board = board_actions.real_board(self)
        if board is not None:
            self.run_worker(flow(self, board), group="board-actions", exit_on_error=False, description=description)

    def action_rename_board(self) -> None:
        self._board_flow(board_actions.rename_board, "rename the board")

    def action_archive_board(self) -> None:
        self._board_flow(board_actions.archive_board, "archive the board")

    def action_delete_board(self) -> None:
        self._board_flow(board_actions.delete_board, "delete the board")

    def action_toggle_archived(self) -> None:
        self.show_archived = not self.show_archived
        self.load_boards()

    # -- live updates ----------------------------------------------------------------------------
    def after_change(self, boards: bool = False) -> None:
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
            self._reload_timer = self.set_timer(LIVE_RELOAD_DELAY, self._live_reload)

    def _live_reload(self) -> None:
        self._reload_timer = None
        self.table.reload()
        self.load_boards()
