"""Boards and images the published way (invokeai-py-client 1.1.1's names and return shapes), against
the real server, with only the import prefix changed."""

import uuid

from tests.support import rest as helpers
from invokeai_tui.pyclient import InvokeAIClient
from invokeai_tui.pyclient.board import Board, BoardHandle
from invokeai_tui.pyclient.models import ImageCategory, IvkImage

PNG = b"\x89PNG\r\n\x1a\n"


def test_boards_and_images_the_published_way(server_url, tmp_path):
    client = InvokeAIClient.from_url(server_url)
    name = f"published-{uuid.uuid4().hex[:8]}"
    made = []
    try:
        handle = client.board_repo.create_board(name)
        made.append(handle.board_id)
        assert isinstance(handle, BoardHandle) and handle.board_name == name and handle.is_uncategorized is False
        boards = client.board_repo.list_boards(include_uncategorized=True)
        assert isinstance(boards[0], Board) and boards[0].is_uncategorized() and boards[0].board_id == "none"
        assert [b.board_name for b in client.board_repo.get_boards_by_name(name)] == [name]
        assert client.board_repo.get_board_by_id(handle.board_id).is_system_board() is False
        assert client.board_repo.get_board_by_id("no-such-board") is None

        png = tmp_path / "upload.png"
        png.write_bytes(helpers.png_bytes(20, 10))
        image = handle.upload_image(str(png))
        assert isinstance(image, IvkImage) and image.board_id == handle.board_id
        assert image.image_category == ImageCategory.USER and image.width == 20
        assert handle.list_images() == [image.image_name]
        assert handle.download_image(image.image_name)[:8] == PNG
        assert handle.star_image(image.image_name) and client.board_repo.get_image_by_name(image.image_name).starred
        assert handle.unstar_image(image.image_name)

        assert client.board_repo.get_image_current_board_id(image.image_name) == handle.board_id
        assert client.board_repo.get_image_by_name("no-such-image.png") is None
        target = f"{name}-target"
        assert client.board_repo.move_image_to_board_by_name(image.image_name, target) is True
        target_handle = client.board_repo.get_board_handle_by_name(target)
        made.append(target_handle.board_id)
        assert client.board_repo.get_image_current_board_id(image.image_name) == target_handle.board_id
        assert target_handle.remove_image(image.image_name) is True
        assert client.board_repo.get_image_current_board_id(image.image_name) is None

        renamed = client.board_repo.update_board(handle.board_id, name=f"{name}-renamed")
        assert isinstance(renamed, Board) and renamed.board_name == f"{name}-renamed"

        uncategorized = client.board_repo.get_uncategorized_handle()
        assert uncategorized.board_id == "none" and uncategorized.is_uncategorized
        assert uncategorized.delete_image(image.image_name) is True
        assert uncategorized.delete_image(image.image_name) is False  # a missing image: False, no exception

        assert client.board_repo.delete_board(target_handle.board_id) is True
        assert client.board_repo.delete_board(target_handle.board_id) is False
    finally:
        for board_id in made:
            helpers.delete_board(server_url, board_id)
        client.close()


def test_delete_board_with_its_images(server_url):
    with InvokeAIClient.from_url(server_url) as client:
        handle = client.board_repo.create_board(f"published-{uuid.uuid4().hex[:8]}")
        image = handle.upload_image_data(helpers.png_bytes(8, 8), "small.png")
        assert client.board_repo.delete_board(handle.board_id, delete_images=True) is True
        assert client.board_repo.get_image_by_name(image.image_name) is None


def test_image_field_uploads_and_downloads(server_url, tmp_path):
    import asyncio

    from invokeai_tui.pyclient.ivk_fields import IvkImageField

    png = tmp_path / "local.png"
    png.write_bytes(helpers.png_bytes(14, 7))
    with InvokeAIClient.from_url(server_url) as client:
        field = IvkImageField(value=str(png))
        name = asyncio.run(field.upload(client))
        try:
            assert field.value == name and field.is_uploaded
            saved = asyncio.run(field.download(client, tmp_path / "back.png"))
            assert saved.read_bytes()[:8] == PNG
        finally:
            helpers.api(server_url, "DELETE", f"/api/v1/images/i/{name}")
