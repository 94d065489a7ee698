"""What every new subcommand shares: a dead server is one line and exit 3 with nothing on stdout; on a
multi-user server the login comes from the app's saved token, or from INVOKEAI_TUI_EMAIL and
INVOKEAI_TUI_PASSWORD (never saved), or asked on the terminal (the password never echoed); without
any, exit 3 saying how to log in."""

from __future__ import annotations

import json
import os
import pty
import select
import socket
import subprocess
import time

from tests.support import rest
from tests.support.cli_run import cli, command

COMMANDS = (["queue"], ["queue", "--watch"], ["queue", "prune"], ["boards", "--json"], ["boards", "create", "x"],
            ["images", "none"], ["download", "none"], ["upload", __file__.replace(".py", ".png")])


def test_a_dead_server_exits_3_in_one_line(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again when the block ends: nothing listens there
    picture = tmp_path / "a.png"
    picture.write_bytes(rest.png_bytes())
    for args in COMMANDS:
        args = [str(picture) if a.endswith(".png") else a for a in args]
        done = cli(f"http://127.0.0.1:{port}", tmp_path, *args, timeout=60)
        assert done.returncode == 3 and done.stdout == "", (args, done.stderr)
        assert "cannot connect" in done.stderr and len(done.stderr.splitlines()) == 1, (args, done.stderr)


def test_a_multiuser_server_takes_the_password_from_the_environment(multiuser_server, tmp_path):
    url, user = multiuser_server["url"], multiuser_server["user"]
    refused = cli(url, tmp_path, "boards", "--json")
    assert refused.returncode == 3 and "needs a login" in refused.stderr
    assert "INVOKEAI_TUI_EMAIL and INVOKEAI_TUI_PASSWORD" in refused.stderr and refused.stdout == ""
    password_only = cli(url, tmp_path, "boards", env={"INVOKEAI_TUI_PASSWORD": user["password"]})
    assert password_only.returncode == 3 and "set INVOKEAI_TUI_EMAIL" in password_only.stderr
    wrong = cli(url, tmp_path, "queue", env={"INVOKEAI_TUI_EMAIL": user["email"],
                                             "INVOKEAI_TUI_PASSWORD": user["password"] + "x"})
    assert wrong.returncode == 3 and wrong.stdout == "" and user["password"] not in wrong.stderr

    login = {"INVOKEAI_TUI_EMAIL": user["email"], "INVOKEAI_TUI_PASSWORD": user["password"]}
    listed = cli(url, tmp_path, "boards", "--json", env=login)
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)[0]["board_id"] == "none"
    queue = cli(url, tmp_path, "queue", "--json", env=login)
    assert queue.returncode == 0 and "queue" in json.loads(queue.stdout), queue.stderr
    assert not (tmp_path / "tokens").exists()  # a password login is for this command only


def test_a_multiuser_server_uses_the_apps_saved_login(multiuser_server, tmp_path):
    from invokeai_tui.client import AsyncInvokeAIClient
    from invokeai_tui.config.token_store import save_token

    url, admin = multiuser_server["url"], multiuser_server["admin"]
    token = rest.api(url, "POST", "/api/v1/auth/login",
                     json={"email": admin["email"], "password": admin["password"]})["token"]
    save_token(AsyncInvokeAIClient.from_url(url).root_url, token, folder=tmp_path / "tokens")
    listed = cli(url, tmp_path, "boards", "--json")
    assert listed.returncode == 0, listed.stderr
    save_token(AsyncInvokeAIClient.from_url(url).root_url, "not-a-token", folder=tmp_path / "tokens")
    stale = cli(url, tmp_path, "boards", "--json")  # refused, and no password to fall back on
    assert stale.returncode == 3 and "needs a login" in stale.stderr


def read_until(fd: int, text: str, timeout: float = 60) -> str:
    seen, deadline = "", time.monotonic() + timeout
    while text not in seen:
        assert time.monotonic() < deadline, seen
        if select.select([fd], [], [], 0.5)[0]:
            chunk = os.read(fd, 1024).decode(errors="replace")
            assert chunk, seen
            seen += chunk
    return seen


def test_on_a_terminal_it_asks_for_the_email_and_the_password_never_echoed(multiuser_server, tmp_path):
    url, user = multiuser_server["url"], multiuser_server["user"]
    master, terminal = pty.openpty()
    process = subprocess.Popen(command(url, tmp_path, "boards", "--json"), stdin=terminal, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)
    os.close(terminal)
    try:
        read_until(process.stderr.fileno(), "Email: ")
        os.write(master, f"{user['email']}\n".encode())
        read_until(process.stderr.fileno(), f"Password for {user['email']}: ")
        os.write(master, f"{user['password']}\n".encode())
        out, _ = process.communicate(timeout=60)
        assert process.returncode == 0 and json.loads(out)[0]["board_id"] == "none"
        echoed = ""
        while select.select([master], [], [], 0.2)[0]:
            try:
                echoed += os.read(master, 1024).decode(errors="replace")
            except OSError:  # the terminal's other end is closed once the command ended
                break
        assert user["email"] in echoed and user["password"] not in echoed
    finally:
        process.kill()
        os.close(master)
