"""Boards and their images against the real server: 250 uploads paged to the end, downloads,
star/move/remove/delete, archive, rename, delete."""

import io
import uuid

import pytest
from PIL import Image

from tests.support.client_support import png
from invokeai_tui.client import (
    FileExistsConflictError,
    InvalidImageError,
    NotFoundError,
)


async def test_board_lifecycle(client):
    repo = client.board_repo
    name = f"life-{uuid.uuid4().hex[:6]}"
    board = await repo.create_board(name)
    assert board.board_name == name and board.image_count == 0
    assert board.board_id in [b.board_id for b in await repo.list_boards()]
    renamed = await repo.rename_board(board.board_id, name + "-renamed")
    assert renamed.board_name == name + "-renamed"
    assert (await repo.archive_board(board.board_id)).archived is True
    assert board.board_id not in [b.board_id for b in await repo.list_boards()]
    assert board.board_id in [b.board_id for b in await repo.list_boards(include_archived=True)]
    assert (await repo.unarchive_board(board.board_id)).archived is False
    listed = await repo.list_boards(include_uncategorized=True)
    assert listed[0].board_id == "none" and listed[0].board_name == "Uncategorized"
    assert [b.board_id for b in await repo.get_boards_by_name(name + "-renamed")] == [board.board_id]
    result = await repo.delete_board(board.board_id)
    assert result.board_id == board.board_id
    assert await repo.get_board_by_id(board.board_id) is None
    with pytest.raises(NotFoundError):
        await repo.get_board_handle(board.board_id)


async def test_250_images_paged_to_the_end(client, new_board):
    handle = await client.board_repo.get_board_handle(new_board.board_id)
    uploaded = []
    for i in range(250):
        record = await handle.upload_image_data(png(8, 8, (i % 256, 0, 0)), f"img-{i}.png")
        assert record.board_id == new_board.board_id
        uploaded.append(record.image_name)
    assert (await handle.refresh()).total_count == 250
    assert await handle.get_image_count() == 250

    pages, offset = [], 0
    while True:
        page = await handle.list_image_page(offset, 100)
        assert page.total == 250
        if not page.items:
            break
        pages.append(page.names)
        offset += len(page.items)
    assert [len(p) for p in pages] == [100, 100, 50]
    seen = [name for p in pages for name in p]
    assert len(seen) == len(set(seen)) == 250 and set(seen) == set(uploaded)

    # The seed-style names-only listing uses the same real paging.
    assert await handle.list_images(offset=200, limit=100) == pages[2]
    asc = await handle.list_images(offset=0, limit=250, order_dir="ASC")
    assert set(asc) == set(uploaded)

    # Starred first: three stars jump to the front.
    stars = uploaded[10:13]
    result = await handle.star_images(stars)
    assert sorted(result.changed_images) == sorted(stars)
    first = await handle.list_images(limit=3, starred_first=True)
    assert sorted(first) == sorted(stars)

    # Records for a page of names in one call, in request order.
    records = await handle.images_by_names(pages[1])
    assert [r.image_name for r in records] == pages[1]
    assert all(r.width == 8 and r.height == 8 for r in records)


async def test_image_operations(client, new_board, tmp_path):
    handle = await client.board_repo.get_board_handle(new_board.board_id)
    path = tmp_path / "photo.png"
    path.write_bytes(png(40, 30))
    record = await handle.upload_image(path)
    name = record.image_name
    assert (record.width, record.height, record.image_category) == (40, 30, "user")

    full = await handle.download_image(name)
    assert Image.open(io.BytesIO(full)).size == (40, 30)
    thumb = await handle.download_image(name, full_resolution=False)
    assert thumb[:4] == b"RIFF" and thumb[8:12] == b"WEBP"

    saved = await handle.save_image(name, tmp_path)
    assert saved.parent == tmp_path and saved.read_bytes() == full
    with pytest.raises(FileExistsConflictError):
        await handle.save_image(name, tmp_path)
    assert saved.read_bytes() == full
    renamed = await client.image_repo.save_image_in_folder(name, tmp_path)  # taken: a new name, never overwrite
    assert renamed.name == f"{saved.stem} (1){saved.suffix}" and renamed.read_bytes() == full
    chosen = await handle.save_image(name, tmp_path / "sub" / "chosen.png")
    assert chosen.read_bytes() == full

    assert await handle.star_image(name) is True
    assert (await client.image_repo.get_image(name)).starred is True
    assert await handle.unstar_image(name) is True
    assert (await client.image_repo.get_image(name)).starred is False

    other = await client.board_repo.create_board(f"other-{uuid.uuid4().hex[:6]}")
    try:
        assert await handle.move_image_to(name, other.board_id) is True
        assert (await client.image_repo.get_image(name)).board_id == other.board_id
        assert name not in await handle.list_images()
        other_handle = await client.board_repo.get_board_handle(other.board_id)
        assert await other_handle.list_images() == [name]
        assert await other_handle.remove_image(name) is True
        assert (await client.image_repo.get_image(name)).board_id in (None, "none")
        uncategorized = await client.board_repo.get_board_handle("none")
        assert name in await uncategorized.list_images(limit=1000)
        assert await uncategorized.delete_image(name) is True
        with pytest.raises(NotFoundError):
            await client.image_repo.get_image(name)
    finally:
        await client.board_repo.delete_board(other.board_id, include_images=True)


async def test_upload_refuses_non_image(client, new_board, tmp_path):
    handle = await client.board_repo.get_board_handle(new_board.board_id)
    text = tmp_path / "fake.png"
    text.write_text("not an image at all")
    with pytest.raises(InvalidImageError):
        await handle.upload_image(text)
    assert await handle.get_image_count() == 0


async def test_delete_board_with_and_without_images(client):
    repo = client.board_repo
    keep = await repo.create_board(f"keep-{uuid.uuid4().hex[:6]}")
    handle = await repo.get_board_handle(keep.board_id)
    kept_image = (await handle.upload_image_data(png(), "k.png")).image_name
    await repo.delete_board(keep.board_id)  # images become uncategorized
    assert (await client.image_repo.get_image(kept_image)).board_id in (None, "none")
    await client.image_repo.delete_image(kept_image)

    drop = await repo.create_board(f"drop-{uuid.uuid4().hex[:6]}")
    handle = await repo.get_board_handle(drop.board_id)
    dropped = (await handle.upload_image_data(png(), "d.png")).image_name
    result = await repo.delete_board(drop.board_id, include_images=True)
    assert dropped in result.deleted_images
    with pytest.raises(NotFoundError):
        await client.image_repo.get_image(dropped)


async def test_search_term_matches_uploaded_metadata(client, new_board):
    handle = await client.board_repo.get_board_handle(new_board.board_id)
    tag = f"zebra-{uuid.uuid4().hex[:8]}"
    tagged = await handle.upload_image_data(png(), "tagged.png", metadata={"note": tag})
    await handle.upload_image_data(png(), "plain.png")
    assert await client.image_repo.get_metadata(tagged.image_name) == {"note": tag}
    page = await handle.list_image_page(search_term=tag)
    assert page.names == [tagged.image_name] and page.total == 1
    assert len(await handle.list_images()) == 2
