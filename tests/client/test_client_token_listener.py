"""The client's token-change hook: every change of the token in use (login, logout, set_token, and
rotations sent through X-Refreshed-Token) reaches the listeners, with its reason; a listener that
raises fails nothing and its error never carries the token into the log."""

from __future__ import annotations

import logging

import httpx

from tests.support.mock_http import Recorder, json_response, mock_client as make


async def test_rotations_logins_and_logouts_reach_the_listener():
    rec = Recorder(
        json_response(200, {"token": "jwt-1", "user": {"user_id": "u", "email": "a@b"}, "expires_in": 9}),
        json_response(201, {"board_id": "b", "board_name": "n"}, headers={"X-Refreshed-Token": "jwt-2"}),
        json_response(200, [], headers={"X-Refreshed-Token": "jwt-2"}),  # the same token again: no change
        json_response(200, {}),  # logout
    )
    seen: list[tuple[str | None, str]] = []
    async with make(rec) as client:
        remove = client.on_token_change(lambda token, reason: seen.append((token, reason)))
        await client.login("a@b", "pw")
        await client.board_repo.create_board("n")
        await client.board_repo.list_boards()
        await client.logout()
        client.set_token("typed-in")
        remove()
        client.set_token("after-removal")
    assert seen == [("jwt-1", "login"), ("jwt-2", "refreshed"), (None, "logout"), ("typed-in", "set")]


async def test_a_failing_listener_neither_fails_the_request_nor_logs_the_token(caplog):
    rec = Recorder(json_response(201, {"board_id": "b", "board_name": "n"},
                                 headers={"X-Refreshed-Token": "secret-rotated-token"}))
    later: list[str | None] = []

    def broken(token, reason):
        raise OSError(f"disk full while writing {token}")

    async with make(rec, api_key="secret-first-token") as client:
        client.on_token_change(broken)
        client.on_token_change(lambda token, reason: later.append(token))
        with caplog.at_level(logging.DEBUG):
            board = await client.board_repo.create_board("n")
        assert board.board_id == "b" and client.token == "secret-rotated-token"
    assert later == ["secret-rotated-token"]  # the listener after the broken one still ran
    assert "token listener failed" in caplog.text
    assert "secret-rotated-token" not in caplog.text and "secret-first-token" not in caplog.text


def test_sync_facade_exposes_the_hook():
    from invokeai_tui.pyclient import InvokeAIClient

    rec = Recorder(json_response(201, {"board_id": "b", "board_name": "n"}, headers={"X-Refreshed-Token": "t2"}))
    seen = []
    with InvokeAIClient(host="fake", api_key="t1", transport=httpx.MockTransport(rec)) as client:
        client.on_token_change(lambda token, reason: seen.append((token, reason)))
        client.board_repo.create_board("n")
    assert seen == [("t2", "refreshed")]
