"""Videos on the command line, as subprocesses against the real server (no video model needed: H.264
clips made by the server venv's ffmpeg, tests/support/video_media.py): `images` lists a board's videos
beside its images (a KIND column, "kind" in --json), `download` saves them whole and never over a file,
by board or by name; `upload` takes an H.264 MP4 (with PNGs too) and refuses an MPEG-4 Part 2 MP4 or a
PNG named .mp4 with exit 2 and nothing sent. (`run` and `queue --watch` with videos:
test_cli_run_videos.py.)"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from tests.support import rest
from tests.support.cli_run import cli
from tests.support.video_media import clip


def upload_mp4(url: str, board_id: str, path: Path) -> str:
    answer = httpx.post(f"{url}/api/v1/videos/upload", params={"board_id": board_id, "video_category": "user",
                                                              "is_intermediate": "false"},
                        files={"file": (path.name, path.read_bytes(), "video/mp4")}, timeout=60)
    answer.raise_for_status()
    return answer.json()["video_name"]


def board_video_names(url: str, board_id: str) -> list[str]:
    page = rest.api(url, "GET", "/api/v1/videos/", params={"board_id": board_id, "limit": 100})
    return [video["video_name"] for video in page["items"]]


@pytest.fixture(scope="module")
def mp4() -> Path:
    return clip("h264-128x96")  # 16 frames of 128x96 at 8 fps


@pytest.fixture()
def mixed_board(server_url, board, mp4):
    """The board holding, oldest first: a PNG, the H.264 clip, another PNG."""
    first = rest.upload_png(server_url, board, color=(200, 0, 0))["image_name"]
    video = upload_mp4(server_url, board, mp4)
    last = rest.upload_png(server_url, board, color=(0, 200, 0))["image_name"]
    return {"board_id": board, "images": [first, last], "video": video}


def test_images_lists_the_videos_beside_the_images(server_url, tmp_path, mixed_board):
    board, video = mixed_board["board_id"], mixed_board["video"]
    first, last = mixed_board["images"]
    as_json = cli(server_url, tmp_path, "images", board, "--json")
    assert as_json.returncode == 0, as_json.stderr
    records = json.loads(as_json.stdout)
    assert [(r["kind"], r.get("image_name") or r.get("video_name")) for r in records] == [
        ("image", last), ("video", video), ("image", first)]  # newest first across both
    record = records[1]
    assert (record["width"], record["height"], record["board_id"]) == (128, 96, board)
    assert record["fps"] == pytest.approx(8)
    assert record["duration"] == pytest.approx(2.0, abs=0.2)

    plain = cli(server_url, tmp_path, "images", board)
    assert plain.returncode == 0, plain.stderr
    header, *rows = plain.stdout.splitlines()
    assert header.split() == ["NAME", "KIND", "SIZE", "LENGTH", "CATEGORY", "CREATED", "STARRED"]
    assert [row.split()[:3] for row in rows] == [[last, "image", "32x24"], [video, "video", "128x96"],
                                                 [first, "image", "32x24"]]
    assert "2.0s 8fps" in rows[1]
    limited = json.loads(cli(server_url, tmp_path, "images", board, "--limit", "2", "--json").stdout)
    assert [r["kind"] for r in limited] == ["image", "video"]
    rest.api(server_url, "POST", "/api/v1/videos/star", json={"video_names": [video]})
    starred = json.loads(cli(server_url, tmp_path, "images", board, "--starred", "--json").stdout)
    assert [(r["kind"], r["video_name"]) for r in starred] == [("video", video)]


def test_download_saves_a_boards_videos_whole_and_never_over_a_file(server_url, tmp_path, mixed_board, mp4):
    board, video = mixed_board["board_id"], mixed_board["video"]
    folder = tmp_path / "out"
    first = cli(server_url, tmp_path, "download", board, "--dir", str(folder))
    assert first.returncode == 0, first.stderr
    assert sorted(Path(p).name for p in first.stdout.splitlines()) == sorted([*mixed_board["images"], video])
    assert "saved 3 of 3 file(s)" in first.stderr
    assert (folder / video).read_bytes() == mp4.read_bytes()  # the very file uploaded
    for name in mixed_board["images"]:
        assert (folder / name).read_bytes() == httpx.get(f"{server_url}/api/v1/images/i/{name}/full").content
    assert not [p for p in folder.iterdir() if p.name.startswith(".") or ".partial" in p.name]

    again = cli(server_url, tmp_path, "download", video, "--dir", str(folder), "--json")  # a video by name
    assert again.returncode == 0, again.stderr
    stem = video.removesuffix(".mp4")
    assert json.loads(again.stdout) == [{"kind": "video", "video_name": video, "file": str(folder / f"{stem} (1).mp4")}]
    assert (folder / f"{stem} (1).mp4").read_bytes() == mp4.read_bytes() == (folder / video).read_bytes()
    assert len(list(folder.iterdir())) == 4


def test_upload_takes_an_h264_mp4_with_pngs(server_url, tmp_path, board, mp4):
    picture = tmp_path / "red.png"
    picture.write_bytes(rest.png_bytes(40, 30, (200, 10, 10)))
    sent = cli(server_url, tmp_path, "upload", str(picture), str(mp4), "--board", board)
    assert sent.returncode == 0, sent.stderr
    image_name, video_name = sent.stdout.split()
    assert rest.board_image_names(server_url, board) == [image_name]
    assert board_video_names(server_url, board) == [video_name]
    assert httpx.get(f"{server_url}/api/v1/videos/i/{video_name}/full").content == mp4.read_bytes()
    as_json = json.loads(cli(server_url, tmp_path, "upload", str(mp4), "--board", board, "--json").stdout)
    assert [(e["kind"], e["width"], e["height"], e["board_id"]) for e in as_json] == [("video", 128, 96, board)]
    assert as_json[0]["video_name"] in board_video_names(server_url, board)


def test_upload_refuses_other_codecs_and_an_image_named_mp4_with_nothing_sent(server_url, tmp_path, board, mp4):
    picture, fake = tmp_path / "red.png", tmp_path / "fake.mp4"
    picture.write_bytes(rest.png_bytes())
    fake.write_bytes(rest.png_bytes())
    mpeg4 = clip("mpeg4-128x96")
    for bad, reason in ((mpeg4, "MPEG-4 Part 2"), (fake, "it is a PNG image, not an MP4 video")):
        refused = cli(server_url, tmp_path, "upload", str(picture), str(mp4), str(bad), "--board", board)
        assert refused.returncode == 2 and refused.stdout == "", refused.stderr
        assert "Nothing was uploaded" in refused.stderr and f"{bad} cannot be uploaded as a video" in refused.stderr
        assert reason in refused.stderr and ".." not in refused.stderr  # one full stop, not the hint's and ours
    assert rest.board_image_names(server_url, board) == [] and board_video_names(server_url, board) == []
