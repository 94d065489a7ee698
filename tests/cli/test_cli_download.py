"""`invokeai-tui download` as a subprocess against the real server: a board of 300 images (timed: the
figure goes to the report), every file whole, and a second download beside the first overwrites
nothing; single images by name; a name that is neither a board nor an image exits 2."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import time

import httpx

from tests.support import figures, rest
from tests.support.cli_run import cli, command

COUNT = 300


def full_bytes(url: str, name: str) -> bytes:
    return httpx.get(f"{url}/api/v1/images/i/{name}/full", timeout=30).content


def test_a_board_of_300_images_twice_whole_and_nothing_overwritten(server_url, tmp_path, board):
    item = rest.run_graph(server_url, rest.fan_out_graph(board, COUNT))  # 300 images in one queue item
    assert item["status"] == "completed", item.get("error_message")
    names = rest.board_image_names(server_url, board)
    assert len(names) == COUNT
    folder = tmp_path / "out"

    started = time.monotonic()
    first = cli(server_url, tmp_path, "download", board, "--dir", str(folder))
    seconds = time.monotonic() - started
    figures.record("cli_download_300_images_s", round(seconds, 2))
    assert first.returncode == 0, first.stderr
    paths = first.stdout.splitlines()
    assert len(paths) == COUNT and {p.rsplit("/", 1)[1] for p in paths} == set(names)
    assert f"saved {COUNT} of {COUNT} image(s)" in first.stderr
    originals = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert len(originals) == COUNT and not list(folder.glob(".*"))  # no temporary file left behind
    for name in names:
        assert originals[name] == full_bytes(server_url, name), name

    second = cli(server_url, tmp_path, "download", board, "--dir", str(folder), "--json")
    assert second.returncode == 0, second.stderr
    saved = json.loads(second.stdout)
    assert len(saved) == COUNT
    for entry in saved:
        stem = entry["image_name"].removesuffix(".png")
        assert entry["file"] == str(folder / f"{stem} (1).png")
    assert len(list(folder.iterdir())) == 2 * COUNT
    assert all((folder / name).read_bytes() == data for name, data in originals.items())  # untouched
    assert all((folder / f"{n.removesuffix('.png')} (1).png").read_bytes() == originals[n] for n in names)


def test_single_images_by_name_and_bad_names(server_url, tmp_path, board):
    names = [rest.upload_png(server_url, board, color=(0, i, 0))["image_name"] for i in range(2)]
    folder = tmp_path / "two"
    done = cli(server_url, tmp_path, "download", *names, names[0], "--dir", str(folder))
    assert done.returncode == 0, done.stderr
    assert sorted(p.rsplit("/", 1)[1] for p in done.stdout.splitlines()) == sorted(names)  # each once
    assert all((folder / n).read_bytes() == full_bytes(server_url, n) for n in names)
    refused = cli(server_url, tmp_path, "download", names[0], "no-such-image.png", "--dir", str(tmp_path / "none"))
    assert refused.returncode == 2 and "'no-such-image.png'" in refused.stderr and refused.stdout == ""
    assert not (tmp_path / "none").exists()  # nothing downloaded, not even the folder made
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    not_a_folder = cli(server_url, tmp_path, "download", names[0], "--dir", str(a_file))
    assert not_a_folder.returncode == 2 and "is not a folder" in not_a_folder.stderr


def test_a_progress_bar_on_a_terminal_leaves_the_paths_on_stdout(server_url, tmp_path, board):
    """stderr a terminal (the bar is drawn there), stdout a file: rich must not pull the data into stderr."""
    names = [rest.upload_png(server_url, board, color=(0, 0, i))["image_name"] for i in range(3)]
    master, terminal = pty.openpty()
    try:
        with open(tmp_path / "stdout.txt", "w") as stdout:
            done = subprocess.run(command(server_url, tmp_path, "download", board, "--dir", str(tmp_path / "d")),
                                  stdout=stdout, stderr=terminal, stdin=subprocess.DEVNULL, timeout=120)
    finally:
        os.close(terminal)
        os.close(master)
    assert done.returncode == 0
    printed = (tmp_path / "stdout.txt").read_text().splitlines()
    assert sorted(p.rsplit("/", 1)[1] for p in printed) == sorted(names)
