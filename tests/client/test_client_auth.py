"""Auth against a real multi-user server: 401 without a token, login, X-Refreshed-Token adoption,
403 for non-admins, and the event socket carrying the token."""

import asyncio

import pytest

from invokeai_tui.client import AsyncInvokeAIClient, NotAuthenticatedError, PermissionDeniedError


async def test_login_token_refresh_and_errors(multiuser_server):
    url, admin, user = multiuser_server["url"], multiuser_server["admin"], multiuser_server["user"]
    async with AsyncInvokeAIClient.from_url(url) as client:
        assert await client.health_check() is True  # the version route needs no token
        assert (await client.auth_status()).multiuser_enabled is True
        with pytest.raises(NotAuthenticatedError) as info:
            await client.board_repo.list_boards()
        assert info.value.status == 401 and "log in" in str(info.value)
        with pytest.raises(NotAuthenticatedError):
            await client.login(admin["email"], "wrong password")
        assert client.token is None

        result = await client.login(admin["email"], admin["password"])
        assert result.user.is_admin and client.token == result.token
        await client.board_repo.list_boards()

        await asyncio.sleep(1.1)  # a refreshed JWT issued a second later differs from the login token
        board = await client.board_repo.create_board("auth-test")
        assert client.token != result.token  # adopted from X-Refreshed-Token
        await client.board_repo.delete_board(board.board_id)  # the refreshed token works

        assert await client.events.start(timeout=15) is True  # the socket carries the token

    async with AsyncInvokeAIClient.from_url(url) as anonymous:
        anonymous.events.reconnect_delay = 0.05
        assert await anonymous.events.start(timeout=2) is False  # refused without a token

    async with AsyncInvokeAIClient.from_url(url) as plain_user:
        await plain_user.login(user["email"], user["password"])
        with pytest.raises(PermissionDeniedError) as info:
            await plain_user.queue_repo.pause_processor()
        assert info.value.status == 403


async def test_current_user_says_who_is_an_admin(multiuser_server):
    url, admin, user = multiuser_server["url"], multiuser_server["admin"], multiuser_server["user"]
    for account, is_admin in ((admin, True), (user, False)):
        async with AsyncInvokeAIClient.from_url(url) as client:
            await client.login(account["email"], account["password"])
            me = await client.current_user()
            assert (me.email, me.is_admin) == (account["email"], is_admin)
    async with AsyncInvokeAIClient.from_url(url) as client:
        with pytest.raises(NotAuthenticatedError):
            await client.current_user()
