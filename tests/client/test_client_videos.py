"""Videos against the real server (InvokeAI 6.14 keeps them beside images), with no video model: H.264
MP4s made by the server venv's ffmpeg (tests/support/video_media.py) are uploaded and come back byte
for byte with their record and poster; an MPEG-4 Part 2 file and a PNG named .mp4 are refused before
anything is sent, and the server's own 415 is explained; listings page, order and put starred first;
star, move and delete."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from invokeai_tui.client import FileExistsConflictError, InvalidVideoError, NotFoundError
from invokeai_tui.client.image_files import sniff_image_type
from invokeai_tui.client.repositories import videos as videos_module
from tests.support.client_support import png
from tests.support.video_media import clip


@pytest.fixture(scope="module")
def mp4() -> Path:
    """An H.264 MP4, 16 frames of 128x96 at 8 fps (2.0 s)."""
    return clip("h264-128x96")


def _no_partials(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if ".partial" in p.name]


async def test_an_uploaded_video_comes_back_byte_for_byte_with_its_record(client, new_board, mp4, tmp_path):
    videos = client.video_repo
    uploaded = await videos.upload_video(mp4, board_id=new_board.board_id, metadata={"note": "no model"})
    assert (uploaded.video_origin, uploaded.video_category, uploaded.board_id) == ("external", "user", new_board.board_id)
    assert uploaded.size == (128, 96) and uploaded.fps == pytest.approx(8.0)
    assert uploaded.duration == pytest.approx(2.0, abs=0.2) and uploaded.frame_count == 16
    assert not uploaded.is_generated and not uploaded.starred and not uploaded.has_workflow
    record = await videos.get_video(uploaded.video_name)
    assert record.model_dump(exclude={"updated_at"}) == uploaded.model_dump(exclude={"updated_at"})
    assert await videos.get_metadata(uploaded.video_name) == {"note": "no model"}

    first = await videos.save_video_in_folder(uploaded.video_name, tmp_path / "downloads")
    assert first.read_bytes() == mp4.read_bytes()  # the very file uploaded
    second = await videos.save_video_in_folder(uploaded.video_name, tmp_path / "downloads")
    assert second != first and second.name.endswith(" (1).mp4") and second.read_bytes() == mp4.read_bytes()
    with pytest.raises(FileExistsConflictError):
        await videos.save_video(uploaded.video_name, first)
    assert first.read_bytes() == mp4.read_bytes() and _no_partials(first.parent)


async def test_the_poster_is_saved_atomically_and_never_over_a_file(client, new_board, mp4, tmp_path):
    videos = client.video_repo
    uploaded = await videos.upload_video(mp4, board_id=new_board.board_id)
    assert sniff_image_type(await videos.get_poster(uploaded.video_name)) == "image/webp"
    poster = await videos.save_poster(uploaded.video_name, tmp_path)
    assert poster.name == Path(uploaded.video_name).stem + ".webp" and sniff_image_type(poster.read_bytes())
    kept = poster.read_bytes()
    poster.write_bytes(b"mine")
    with pytest.raises(FileExistsConflictError):
        await videos.save_poster(uploaded.video_name, poster)
    assert poster.read_bytes() == b"mine"
    again = await videos.save_poster(uploaded.video_name, tmp_path, rename_on_conflict=True)
    assert again.name.endswith(" (1).webp") and again.read_bytes() == kept and _no_partials(tmp_path)


@pytest.mark.parametrize(("make", "words"), [
    (lambda folder: clip("mpeg4-128x96"), "MPEG-4 Part 2 ('mp4v'), not H.264"),
    (lambda folder: _write(folder / "still.mp4", png(32, 24)), "PNG image, not an MP4"),
    (lambda folder: folder, "is a folder"),
])
async def test_what_the_server_would_refuse_is_refused_before_anything_is_sent(client, new_board, tmp_path,
                                                                             monkeypatch, make, words):
    sent = []
    monkeypatch.setattr(client, "request_json", lambda *a, **k: sent.append(a))
    path = make(tmp_path)
    with pytest.raises(InvalidVideoError) as refused:
        await client.video_repo.upload_video(path, board_id=new_board.board_id)
    assert str(refused.value).startswith(f"Cannot upload {path}: ") and words in str(refused.value)
    assert sent == []


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


async def test_the_servers_415_is_explained(client, new_board, monkeypatch):
    monkeypatch.setattr(videos_module, "require_h264_mp4", lambda data, label: None)  # let it through
    with pytest.raises(InvalidVideoError) as refused:
        await client.video_repo.upload_video(clip("mpeg4-128x96"), board_id=new_board.board_id)
    assert refused.value.status == 415 and refused.value.detail == "Failed to read video"
    assert "could not read it as an H.264 video" in str(refused.value) and "libx264" in str(refused.value)
    assert (await client.video_repo.list_videos(new_board.board_id)).total == 0


async def test_a_boards_videos_page_order_and_put_starred_first(client, new_board, mp4):
    videos = client.video_repo
    names = [(await videos.upload_video(mp4, board_id=new_board.board_id)).video_name for _ in range(3)]
    newest_first = (await videos.list_videos(new_board.board_id)).names
    assert sorted(newest_first) == sorted(names) and newest_first[0] == names[-1]
    assert (await videos.list_videos(new_board.board_id, order_dir="asc")).names == newest_first[::-1]
    pages = [await videos.list_videos(new_board.board_id, offset=offset, limit=2) for offset in (0, 2)]
    assert [p.names for p in pages] == [newest_first[:2], newest_first[2:]] and {p.total for p in pages} == {3}
    assert await videos.count_videos(new_board.board_id) == 3

    starred = await videos.star_videos([names[0]])
    assert starred.changed_videos == [names[0]] and starred.affected_boards == [new_board.board_id]
    assert (await videos.list_videos(new_board.board_id, starred_first=True)).names[0] == names[0]
    assert (await videos.list_videos(new_board.board_id)).names == newest_first  # by time alone otherwise
    assert (await videos.list_videos(new_board.board_id, video_origin="internal")).total == 0


async def test_star_move_and_delete(client, new_board, mp4):
    videos = client.video_repo
    name = (await videos.upload_video(mp4, board_id=new_board.board_id)).video_name
    assert (await videos.update_video(name, starred=True)).starred
    assert (await videos.unstar_videos([name])).changed_videos == [name] and not (await videos.get_video(name)).starred

    other = await client.board_repo.create_board(f"videos-{uuid.uuid4().hex[:8]}")
    try:
        moved = await videos.add_videos_to_board([name], other.board_id)
        assert moved.changed_videos == [name] and set(moved.affected_boards) == {new_board.board_id, other.board_id}
        assert (await videos.list_videos(other.board_id)).names == [name]
        assert (await videos.list_videos(new_board.board_id)).total == 0
        removed = await videos.add_videos_to_board([name], "none")
        assert removed.changed_videos == [name] and (await videos.get_video(name)).board_id in (None, "none")
        assert name in (await videos.list_videos("none", limit=1000)).names
    finally:
        await client.board_repo.delete_board(other.board_id, include_images=True)

    assert await videos.delete_video(name)
    with pytest.raises(NotFoundError):
        await videos.get_video(name)
    more = [(await videos.upload_video(mp4, board_id=new_board.board_id)).video_name for _ in range(2)]
    assert sorted((await videos.delete_videos(more)).changed_videos) == sorted(more)
    assert (await videos.list_videos(new_board.board_id)).total == 0
