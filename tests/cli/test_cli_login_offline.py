"""cli/login.py without a server: which email and password a login uses, and when it cannot ask."""

from __future__ import annotations

import asyncio

import pytest

from invokeai_tui.cli import login
from invokeai_tui.client import NotAuthenticatedError


class FakeClient:
    def __init__(self) -> None:
        self.logins: list[tuple[str, str]] = []

    async def login(self, email: str, password: str) -> None:
        self.logins.append((email, password))


def log_in(env: dict, can_ask: bool) -> FakeClient:
    client = FakeClient()
    asyncio.run(login.password_login(client, env=env, can_ask=lambda: can_ask))
    return client


def test_the_environment_is_enough_and_nothing_is_asked(monkeypatch):
    monkeypatch.setattr(login, "ask_email", lambda: pytest.fail("asked"))
    monkeypatch.setattr(login, "ask_password", lambda email: pytest.fail("asked"))
    client = log_in({"INVOKEAI_TUI_EMAIL": " a@b.c ", "INVOKEAI_TUI_PASSWORD": "pw"}, can_ask=False)
    assert client.logins == [("a@b.c", "pw")]


def test_what_is_missing_is_asked_on_the_terminal(monkeypatch):
    monkeypatch.setattr(login, "ask_email", lambda: "typed@b.c")
    monkeypatch.setattr(login, "ask_password", lambda email: f"secret-for-{email}")
    assert log_in({}, can_ask=True).logins == [("typed@b.c", "secret-for-typed@b.c")]
    assert log_in({"INVOKEAI_TUI_PASSWORD": "pw"}, can_ask=True).logins == [("typed@b.c", "pw")]


def test_off_a_terminal_it_says_which_variables_to_set():
    with pytest.raises(NotAuthenticatedError, match="set INVOKEAI_TUI_EMAIL and INVOKEAI_TUI_PASSWORD"):
        log_in({}, can_ask=False)
    with pytest.raises(NotAuthenticatedError, match="set INVOKEAI_TUI_PASSWORD \\("):
        log_in({"INVOKEAI_TUI_EMAIL": "a@b.c"}, can_ask=False)


def test_an_empty_answer_is_not_sent(monkeypatch):
    monkeypatch.setattr(login, "ask_email", lambda: "")
    monkeypatch.setattr(login, "ask_password", lambda email: "pw")
    with pytest.raises(NotAuthenticatedError, match="both needed"):
        log_in({}, can_ask=True)
