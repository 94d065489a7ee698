"""What the boards screen does to images and boards. Each flow is a coroutine the screen runs in a
worker: a dialog is awaited (``push_screen_wait``), then the request is made and the screen told
what changed (``after_change``, ``load_boards``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ...client.board_items import is_video_name
from ...client.records import Board
from ..widgets.path_suggester import PathSuggester
from .compare import CompareScreen
from .dialogs import ConfirmDialog, DeleteBoardDialog, PickDialog, TextPromptDialog

if TYPE_CHECKING:
    from .boards import BoardsScreen


# -- images (and videos: a board lists both; each goes to its own repository) ---------------------------
def split_kinds(names: list[str]) -> tuple[list[str], list[str]]:
    """(images, videos) among ``names`` (the server names every video ``*.mp4``)."""
    return [n for n in names if not is_video_name(n)], [n for n in names if is_video_name(n)]


def items_word(names: list[str]) -> str:
    images, videos = split_kinds(names)
    return "video(s)" if videos and not images else "item(s)" if videos else "image(s)"


async def compare_images(screen: BoardsScreen, names: list[str]) -> None:
    """Push the compare screen for two images, in the order the list shows them."""
    table = screen.table
    found = {name: table.cache.find(lambda r, n=name: r.image_name == n) for name in names}
    records = {r.image_name: r for r in (await screen.client.image_repo.images_by_names(names))}
    ordered = sorted(names, key=lambda n: (found[n] is None, found[n] or 0))
    if len(records) != 2:
        screen.notify("One of the images is gone.", severity="warning", timeout=3)
        return
    compare = CompareScreen(records[ordered[0]], records[ordered[1]], screen.image_pane.metadata_of)
    await screen.app.push_screen_wait(compare)


async def star_images(screen: BoardsScreen, names: list[str]) -> None:
    """Star the images, or unstar them when all of them are starred already."""
    images, videos, table = screen.client.image_repo, screen.client.video_repo, screen.table
    image_names, video_names = split_kinds(names)
    records = {r.image_name: r for r in (await images.images_by_names(image_names))} if image_names else {}
    for name in video_names:
        index = table.cache.find(lambda r, n=name: r.image_name == n)
        if index is not None and (record := table.cache.get(index)) is not None:
            records[name] = record
    unstar = bool(records) and all(r.starred for r in records.values())
    changed: list[str] = []
    if image_names:
        changed += (await (images.unstar_images(image_names) if unstar else images.star_images(image_names))).changed_images
    if video_names:
        changed += (await (videos.unstar_videos(video_names) if unstar else videos.star_videos(video_names))).changed_videos
    word = "Unstarred" if unstar else "Starred"
    screen.notify(f"{word} {len(changed)} {items_word(names)}", timeout=3)
    for name in changed:
        if name in records:
            table.update_record(records[name].model_copy(update={"starred": not unstar}))
    if screen.image_pane.starred_first:
        table.reload()
    screen.after_change()


async def move_images(screen: BoardsScreen, names: list[str]) -> None:
    choices = [(b.board_id, b.board_name) for b in screen.boards if b.board_id != screen.board_id]
    board_id = await screen.app.push_screen_wait(PickDialog(f"Move {len(names)} {items_word(names)} to…", choices))
    if not board_id:
        return
    image_names, video_names = split_kinds(names)
    changed = (await screen.client.image_repo.add_images_to_board(image_names, board_id)).changed_images \
        if image_names else []
    if video_names:
        changed += (await screen.client.video_repo.add_videos_to_board(video_names, board_id)).changed_videos
    target = next((b.board_name for b in screen.boards if b.board_id == board_id), board_id)
    screen.notify(f"Moved {len(changed)} {items_word(names)} to {target}", timeout=3)
    screen.table.marked.difference_update(changed)
    screen.table.reload()
    screen.after_change(boards=True)


async def delete_images(screen: BoardsScreen, names: list[str]) -> None:
    text = names[0] if len(names) == 1 else f"{len(names)} {items_word(names).replace('(s)', 's')}"
    dialog = ConfirmDialog("Delete", f"Delete {text} from the server? This cannot be undone.", yes="Delete")
    if not await screen.app.push_screen_wait(dialog):
        return
    image_names, video_names = split_kinds(names)
    changed = (await screen.client.image_repo.delete_images(image_names)).changed_images if image_names else []
    if video_names:
        changed += (await screen.client.video_repo.delete_videos(video_names)).changed_videos
    screen.notify(f"Deleted {len(changed)} {items_word(names)}", timeout=3)
    screen.table.marked.difference_update(changed)
    screen.table.reload()
    screen.after_change(boards=True)


async def download_images(screen: BoardsScreen, names: list[str]) -> None:
    """Save the full images (and MP4s) in the download folder; a name already there gets " (1)", never
    overwritten."""
    folder = Path(screen.app.settings.download_dir).expanduser()
    images, videos = screen.client.image_repo, screen.client.video_repo
    saved = [await (videos.save_video_in_folder(name, folder) if is_video_name(name)
                    else images.save_image_in_folder(name, folder)) for name in names]
    where = saved[0] if len(saved) == 1 else folder
    screen.notify(f"Saved {len(saved)} {items_word(names)} to {where}", timeout=5)
    screen.last_downloads = saved


async def ask_upload(screen: BoardsScreen) -> None:
    path = await screen.app.push_screen_wait(TextPromptDialog(
        "Upload to this board", placeholder="path to a PNG/JPEG/WebP image or an H.264 MP4", suggester=PathSuggester(),
        hint="→ or tab accepts the completion; enter uploads"))
    if path:
        await upload_file(screen, path)


async def upload_file(screen: BoardsScreen, path: str) -> None:
    if is_video_name(path):  # an H.264 MP4 (anything else is refused before sending, in a sentence)
        name = (await screen.client.video_repo.upload_video(path, board_id=screen.board_id)).video_name
    else:
        name = (await screen.client.image_repo.upload_image(path, board_id=screen.board_id)).image_name
    screen.notify(f"Uploaded {Path(path).name} as {name}", timeout=4)
    screen.table.reload()
    screen.after_change(boards=True)


async def search_images(screen: BoardsScreen) -> None:
    pane = screen.image_pane
    term = await screen.app.push_screen_wait(TextPromptDialog(
        "Search images (empty clears)", value=pane.search_term, placeholder="text in name or metadata"))
    pane.search_term = term or ""
    pane.reopen()


# -- boards -----------------------------------------------------------------------------------------
def real_board(screen: BoardsScreen) -> Board | None:
    """The open board, unless it is Uncategorized (which cannot be renamed, archived or deleted)."""
    board = screen.current_board
    if board is None or board.is_uncategorized:
        screen.notify("Uncategorized is not a board you can change.", severity="warning", timeout=3)
        return None
    return board


async def new_board(screen: BoardsScreen) -> None:
    name = await screen.app.push_screen_wait(TextPromptDialog("New board", placeholder="board name"))
    if not name:
        return
    board = await screen.client.board_repo.create_board(name)
    screen.notify(f"Created board {board.board_name}", timeout=3)
    screen.boards_changed(select=board.board_id)


async def rename_board(screen: BoardsScreen, board: Board) -> None:
    name = await screen.app.push_screen_wait(TextPromptDialog("Rename board", value=board.board_name))
    if not name or name == board.board_name:
        return
    await screen.client.board_repo.rename_board(board.board_id, name)
    screen.boards_changed(select=board.board_id)


async def archive_board(screen: BoardsScreen, board: Board) -> None:
    repo = screen.client.board_repo
    if board.archived:
        await repo.unarchive_board(board.board_id)
        screen.notify(f"Unarchived {board.board_name}", timeout=3)
    else:
        await repo.archive_board(board.board_id)
        hint = "" if screen.show_archived else " (h shows archived boards)"
        screen.notify(f"Archived {board.board_name}{hint}", timeout=4)
    screen.boards_changed(select=board.board_id if screen.show_archived else "none")


async def delete_board(screen: BoardsScreen, board: Board) -> None:
    answer = await screen.app.push_screen_wait(DeleteBoardDialog(board.board_name, board.total_count))
    if not answer:
        return
    await screen.client.board_repo.delete_board(board.board_id, include_images=answer == "images")
    screen.notify(f"Deleted board {board.board_name}", timeout=3)
    screen.boards_changed(select="none")
