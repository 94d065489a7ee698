"""Offline: the MP4 check reads the container and the video codec from hand-built ISO-BMFF boxes, so
what the server would refuse (another codec, QuickTime, an image named .mp4, no video track, a cut
file) is refused locally with words that say why."""

from __future__ import annotations

import pytest

from invokeai_tui.client import InvalidImageError, InvalidVideoError
from invokeai_tui.client.video_files import (
    explain_server_415,
    is_mp4,
    iter_boxes,
    read_mp4_facts,
    require_h264_mp4,
    why_not_an_h264_mp4,
)


def box(kind: bytes, payload: bytes = b"", large: bool = False) -> bytes:
    if large:  # size 1 + a 64-bit size
        return (1).to_bytes(4, "big") + kind + (16 + len(payload)).to_bytes(8, "big") + payload
    return (8 + len(payload)).to_bytes(4, "big") + kind + payload


def track(handler: bytes, *entries: bytes) -> bytes:
    hdlr = box(b"hdlr", b"\0" * 8 + handler + b"\0" * 12)
    stsd = box(b"stsd", b"\0" * 4 + len(entries).to_bytes(4, "big") + b"".join(box(e, b"\0" * 78) for e in entries))
    return box(b"trak", box(b"tkhd", b"\0" * 84) + box(b"mdia", hdlr + box(b"minf", box(b"stbl", stsd))))


def mp4(*tracks: bytes, brand: bytes = b"isom", moov_last: bool = False, large_moov: bool = False) -> bytes:
    ftyp = box(b"ftyp", brand + b"\0\0\2\0" + b"isomavc1")
    moov = box(b"moov", box(b"mvhd", b"\0" * 100) + b"".join(tracks), large=large_moov)
    mdat = box(b"mdat", b"\0" * 32)
    return ftyp + (mdat + moov if moov_last else moov + mdat)


def test_an_h264_mp4_passes_wherever_its_movie_box_is():
    for data in (mp4(track(b"vide", b"avc1")), mp4(track(b"soun", b"mp4a"), track(b"vide", b"avc3"), moov_last=True),
                 mp4(track(b"vide", b"avc1"), large_moov=True)):
        assert why_not_an_h264_mp4(data) is None
        require_h264_mp4(data, "clip.mp4")
        assert is_mp4(data)


def test_the_facts_name_the_brand_and_the_video_tracks_sample_entries():
    facts = read_mp4_facts(mp4(track(b"soun", b"mp4a"), track(b"vide", b"hvc1")))
    assert facts.major_brand == "isom" and facts.video_sample_entries == ["hvc1"] and facts.has_movie_box


@pytest.mark.parametrize(("data", "words"), [
    (mp4(track(b"vide", b"mp4v")), "MPEG-4 Part 2 ('mp4v'), not H.264"),
    (mp4(track(b"vide", b"hvc1")), "H.265/HEVC"),
    (mp4(track(b"vide", b"zzzz")), "'zzzz', not H.264"),
    (mp4(track(b"soun", b"mp4a")), "no video track"),
    (mp4(track(b"vide", b"avc1"), brand=b"qt  "), "QuickTime"),
    (mp4(track(b"vide", b"avc1"))[:40], "no movie box"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "PNG image, not an MP4"),
    (b"RIFF\0\0\0\0WEBPVP8 ", "WEBP image"),
    (b"just some text, long enough", "not an MP4 video"),
    (b"", "empty"),
])
def test_what_the_server_would_refuse_is_refused_with_the_reason(data, words):
    with pytest.raises(InvalidVideoError) as refused:
        require_h264_mp4(data, "'clip.mp4'")
    assert words in str(refused.value) and str(refused.value).startswith("Cannot upload 'clip.mp4': ")
    assert isinstance(refused.value, InvalidImageError)  # callers catching refused uploads catch both


def test_another_codec_is_told_how_to_re_encode():
    assert "libx264" in why_not_an_h264_mp4(mp4(track(b"vide", b"mp4v")))


def test_boxes_stop_at_a_truncated_or_malformed_one():
    data = box(b"free", b"abc") + box(b"mdat", b"x" * 10)
    assert [b.kind for b in iter_boxes(data)] == [b"free", b"mdat"]
    assert [b.kind for b in iter_boxes(data[:-1])] == [b"free"]
    assert [b.kind for b in iter_boxes((4).to_bytes(4, "big") + b"bad!" + data)] == []
    to_end = box(b"ftyp", b"isom") + (0).to_bytes(4, "big") + b"mdat" + b"rest"
    assert [(b.kind, b.end) for b in iter_boxes(to_end)][-1] == (b"mdat", len(to_end))


def test_the_servers_415_answers_are_explained():
    assert "decodable first frame" in explain_server_415("Failed to read video")
    assert "HTTP 415: Failed to read video" in explain_server_415("Failed to read video")
    assert "does not take this file" in explain_server_415(None)
