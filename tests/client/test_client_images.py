"""The image repository on generated images: record, metadata, embedded workflow and graph."""

import io
import uuid

from PIL import Image

from tests.support import rest as helpers
from tests.support.client_support import minimal_workflow, wait_status


async def test_generated_image_carries_workflow_and_graph(client):
    board = await client.board_repo.create_board(f"gen-{uuid.uuid4().hex[:6]}")
    try:
        graph = helpers.blank_blur_graph(board.board_id, 24, 16)
        workflow = minimal_workflow("embedded by the client tests")
        result = await client.queue_repo.enqueue_batch(
            {"graph": graph, "workflow": workflow, "runs": 1, "origin": "client-tests", "destination": "gallery"}
        )
        assert result.enqueued == 1 and len(result.item_ids) == 1
        assert await wait_status(client, result.item_ids[0], {"completed", "failed"}) == "completed"
        page = await client.image_repo.list_images(board.board_id, categories=["general"])
        assert page.total == 1
        image = page.items[0]
        assert (image.width, image.height, image.has_workflow) == (24, 16, True)
        assert (await client.image_repo.get_image(image.image_name)).board_id == board.board_id

        embedded = await client.image_repo.get_workflow(image.image_name)
        assert embedded.workflow["name"] == "embedded by the client tests"
        assert set(embedded.graph["nodes"]) == {"blank", "blur"}
        assert await client.image_repo.get_metadata(image.image_name) is None  # blur stores no metadata

        full = await client.image_repo.get_full(image.image_name)
        assert Image.open(io.BytesIO(full)).size == (24, 16)
        thumb = await client.image_repo.get_thumbnail(image.image_name)
        assert Image.open(io.BytesIO(thumb)).format == "WEBP"
        # The relative URL the server hands out resolves through the client.
        response = await client.request("GET", image.thumbnail_url)
        assert response.content == thumb
    finally:
        await client.board_repo.delete_board(board.board_id, include_images=True)
