"""Fixtures the client tests share: a client on the session's server and a fresh board, deleted
afterwards with everything on it (images and videos)."""

from __future__ import annotations

import uuid

import pytest

from invokeai_tui.client import AsyncInvokeAIClient, NotFoundError


@pytest.fixture
async def client(server_url):
    async with AsyncInvokeAIClient.from_url(server_url) as c:
        yield c


@pytest.fixture
async def new_board(client):
    board = await client.board_repo.create_board(f"client-{uuid.uuid4().hex[:8]}")
    yield board
    try:
        await client.board_repo.delete_board(board.board_id, include_images=True)
    except NotFoundError:
        pass
