"""The board and image calls the other published tests leave out, against the real server: the
Uncategorized board record, a handle's refresh, move_image_to, and list_images' paging, order,
starred-first and search."""

import uuid

from tests.support import rest as helpers
from invokeai_tui.pyclient import InvokeAIClient
from invokeai_tui.pyclient.board import Board
from invokeai_tui.pyclient.models import ImageCategory


def test_uncategorized_board_and_handle_refresh(server_url):
    with InvokeAIClient.from_url(server_url) as client:
        before = client.board_repo.get_uncategorized_board()
        assert isinstance(before, Board) and before.is_uncategorized() and before.board_id == "none"
        handle = client.board_repo.create_board(f"more-{uuid.uuid4().hex[:8]}")
        try:
            assert handle.board.image_count == 0
            # 6.14.2 counts general images in image_count; uploads default to the user (asset) category.
            handle.upload_image_data(helpers.png_bytes(6, 6), "one.png", image_category=ImageCategory.GENERAL)
            handle.upload_image_data(helpers.png_bytes(6, 6), "two.png", image_category=ImageCategory.GENERAL)
            handle.upload_image_data(helpers.png_bytes(6, 6), "asset.png")
            assert handle.board.image_count == 0  # not refreshed yet
            handle.refresh()
            assert handle.board.image_count == 2 and handle.get_image_count() == 2
            assert len(handle.list_images()) == 3
        finally:
            assert client.board_repo.delete_board(handle.board_id, delete_images=True) is True


def test_move_image_to_another_board_and_back(server_url):
    with InvokeAIClient.from_url(server_url) as client:
        repo = client.board_repo
        first = repo.create_board(f"more-{uuid.uuid4().hex[:8]}")
        second = repo.create_board(f"more-{uuid.uuid4().hex[:8]}")
        try:
            image = first.upload_image_data(helpers.png_bytes(5, 5), "move.png")
            assert first.move_image_to(image.image_name, second.board_id) is True
            assert repo.get_image_current_board_id(image.image_name) == second.board_id
            assert first.list_images() == [] and second.list_images() == [image.image_name]
            assert second.move_image_to(image.image_name, None) is True  # None: Uncategorized
            assert repo.get_image_current_board_id(image.image_name) is None
            assert image.image_name in repo.get_uncategorized_handle().list_images(limit=1000)
            assert repo.get_uncategorized_handle().delete_image(image.image_name) is True
        finally:
            repo.delete_board(first.board_id, delete_images=True)
            repo.delete_board(second.board_id, delete_images=True)


def test_list_images_pages_orders_stars_and_searches(server_url):
    with InvokeAIClient.from_url(server_url) as client:
        handle = client.board_repo.create_board(f"more-{uuid.uuid4().hex[:8]}")
        try:
            names = [handle.upload_image_data(helpers.png_bytes(4, 4), f"{n}.png").image_name for n in range(3)]
            newest_first = handle.list_images()
            assert newest_first == names[::-1]
            assert handle.list_images(order_dir="ASC") == names
            assert handle.list_images(limit=2) == newest_first[:2]
            assert handle.list_images(offset=2, limit=2) == newest_first[2:]
            assert handle.star_image(names[0]) is True
            assert handle.list_images(starred_first=True)[0] == names[0]
            assert handle.list_images(search_term=f"no-such-text-{uuid.uuid4().hex}") == []
        finally:
            assert client.board_repo.delete_board(handle.board_id, delete_images=True) is True
        assert all(client.board_repo.get_image_by_name(name) is None for name in names)
