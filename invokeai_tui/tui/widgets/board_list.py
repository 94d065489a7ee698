"""The boards column: a title with the count and the list of boards (Uncategorized first, as the
server orders them). Moving in the list posts ``BoardList.Highlighted``, enter posts ``Chosen``."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ...client.records import Board


def board_line(board: Board) -> Table:
    """One line at any width: the name cut with an ellipsis, the count right-aligned after it."""
    line = Table.grid(expand=True, padding=(0, 1), pad_edge=False)
    line.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    line.add_column(justify="right", no_wrap=True)
    name = Text(board.board_name)
    if board.archived:
        name.append(" [archived]", style="italic")
    line.add_row(name, Text(str(board.item_count), style="dim"))
    return line


class BoardList(Vertical):
    DEFAULT_CSS = """
    BoardList { width: 26; border-right: solid $panel-lighten-2; }
    BoardList #board-list { height: 1fr; border: none; }
    BoardList .pane-title { text-style: bold; padding: 0 1; background: $boost; width: 1fr; }
    """

    class Highlighted(Message):
        """The cursor moved onto a board."""

        def __init__(self, board_id: str) -> None:
            super().__init__()
            self.board_id = board_id

    class Chosen(Message):
        """Enter on a board: open it and go to its images."""

        def __init__(self, board_id: str) -> None:
            super().__init__()
            self.board_id = board_id

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.boards: list[Board] = []
        self.title = Label("Boards", classes="pane-title", id="boards-title")
        self.listing = OptionList(id="board-list")

    def compose(self) -> ComposeResult:
        yield self.title
        yield self.listing

    def board(self, board_id: str) -> Board | None:
        return next((b for b in self.boards if b.board_id == board_id), None)

    def index_of(self, board_id: str) -> int | None:
        return next((i for i, b in enumerate(self.boards) if b.board_id == board_id), None)

    def fill(self, boards: list[Board], wanted: str, archived_shown: bool) -> int:
        """Show ``boards`` with the cursor on ``wanted`` (else the first); the index it is on."""
        self.boards = boards
        listing = self.listing
        listing.clear_options()
        listing.add_options([Option(board_line(b), id=b.board_id) for b in boards])
        index = self.index_of(wanted) or 0
        if boards:
            listing.highlighted = index
        title = "Boards (+archived)" if archived_shown else "Boards"
        self.title.update(f"{title} ({len(boards) - 1})")
        return index

    def move_to(self, index: int) -> None:
        self.listing.highlighted = index

    @on(OptionList.OptionHighlighted, "#board-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Highlighted(event.option.id))

    @on(OptionList.OptionSelected, "#board-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(event.option.id))
