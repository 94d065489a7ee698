"""`invokeai-tui boards`, `boards create`, `images` and `upload` as subprocesses against the real server:
--json parses and matches what REST reads; a non-image is refused before anything is sent (exit 2);
a PNG goes up and its new name is the only thing on stdout."""

from __future__ import annotations

import json
import uuid

import pytest

from tests.support import rest
from tests.support.cli_run import cli


@pytest.fixture()
def named_board(server_url, tmp_path):
    """A board made by `boards create`, deleted with its images afterwards."""
    name = f"cli-{uuid.uuid4().hex[:8]}"
    made = cli(server_url, tmp_path, "boards", "create", name, "--json")
    assert made.returncode == 0, made.stderr
    board = json.loads(made.stdout)
    yield board
    rest.delete_board(server_url, board["board_id"])


def test_boards_create_and_list_match_the_server(server_url, tmp_path, named_board):
    name = named_board["board_name"]
    assert rest.api(server_url, "GET", f"/api/v1/boards/{named_board['board_id']}")["board_name"] == name
    again = cli(server_url, tmp_path, "boards", "create", name)
    assert again.returncode == 2 and "exists already" in again.stderr and again.stdout == ""

    listed = cli(server_url, tmp_path, "boards", "--json")
    assert listed.returncode == 0, listed.stderr
    boards = json.loads(listed.stdout)
    assert boards[0]["board_id"] == "none" and boards[0]["board_name"] == "Uncategorized"
    server = rest.api(server_url, "GET", "/api/v1/boards/", params={"all": "true"})
    assert [(b["board_id"], b["board_name"], b["image_count"]) for b in boards[1:]] == [
        (b["board_id"], b["board_name"], b["image_count"]) for b in server]
    uncategorized = rest.api(server_url, "GET", "/api/v1/images/", params={
        "board_id": "none", "is_intermediate": "false", "limit": 0, "categories": "general"})["total"]
    assert boards[0]["image_count"] == uncategorized

    plain = cli(server_url, tmp_path, "boards")
    assert plain.returncode == 0 and plain.stdout.startswith("NAME")
    assert any(line.startswith(name) and line.endswith(named_board["board_id"]) for line in plain.stdout.splitlines())


def test_upload_refuses_a_non_image_and_sends_a_png(server_url, tmp_path, named_board):
    name, board_id = named_board["board_name"], named_board["board_id"]
    notes, picture = tmp_path / "notes.png", tmp_path / "red.png"
    notes.write_text("not an image")
    picture.write_bytes(rest.png_bytes(40, 30, (200, 10, 10)))
    refused = cli(server_url, tmp_path, "upload", str(picture), str(notes), "--board", name)
    assert refused.returncode == 2 and refused.stdout == ""
    assert "Nothing was uploaded" in refused.stderr and "notes.png is not an image" in refused.stderr
    assert rest.board_image_names(server_url, board_id) == []  # the PNG before it was not sent either
    no_board = cli(server_url, tmp_path, "upload", str(picture), "--board", "no-such-board-here")
    assert no_board.returncode == 2 and "no board named 'no-such-board-here'" in no_board.stderr

    sent = cli(server_url, tmp_path, "upload", str(picture), str(picture), "--board", name)
    assert sent.returncode == 0, sent.stderr
    names = sent.stdout.split()
    assert len(names) == 2 and sorted(names) == sorted(rest.board_image_names(server_url, board_id))
    record = rest.api(server_url, "GET", f"/api/v1/images/i/{names[0]}")
    assert (record["width"], record["height"], record["board_id"]) == (40, 30, board_id)
    as_json = cli(server_url, tmp_path, "upload", str(picture), "--board", board_id, "--json")
    assert as_json.returncode == 0 and json.loads(as_json.stdout)[0]["board_id"] == board_id


def test_images_lists_a_board_by_name_or_id_starred_and_limited(server_url, tmp_path, named_board):
    name, board_id = named_board["board_name"], named_board["board_id"]
    uploaded = [rest.upload_png(server_url, board_id, color=(i, 0, 0))["image_name"] for i in range(3)]
    rest.api(server_url, "POST", "/api/v1/images/star", json={"image_names": [uploaded[0]]})
    for board in (name, board_id):
        listed = cli(server_url, tmp_path, "images", board, "--json")
        assert listed.returncode == 0, listed.stderr
        records = json.loads(listed.stdout)
        assert [r["image_name"] for r in records] == uploaded[::-1]  # newest first, as the server orders them
    starred = json.loads(cli(server_url, tmp_path, "images", name, "--starred", "--json").stdout)
    assert [r["image_name"] for r in starred] == [uploaded[0]]
    limited = cli(server_url, tmp_path, "images", name, "--limit", "2")
    assert limited.returncode == 0 and [line.split()[0] for line in limited.stdout.splitlines()[1:]] == [
        uploaded[2], uploaded[1]]
    missing = cli(server_url, tmp_path, "images", "no-such-board-here")
    assert missing.returncode == 2 and "no board named" in missing.stderr and missing.stdout == ""


def test_images_of_the_uncategorized_board(server_url, tmp_path):
    image = rest.upload_png(server_url, None)["image_name"]
    try:
        for board in ("none", "Uncategorized"):
            listed = cli(server_url, tmp_path, "images", board, "--json")
            assert listed.returncode == 0, listed.stderr
            assert image in [r["image_name"] for r in json.loads(listed.stdout)]
    finally:
        rest.api(server_url, "DELETE", f"/api/v1/images/i/{image}")
