"""What a downloaded MP4 holds, read from its boxes in pure Python: the video track's codec (its sample
entry, ``avc1`` for H.264) and its frame count (the sample count of the track's ``stsz`` box: one
sample per frame for video)."""

from __future__ import annotations

from invokeai_tui.client.video_files import Box, iter_boxes, read_mp4_facts

VIDEO_HANDLER = b"vide"


def _child(data: bytes, parent: Box, kind: bytes) -> Box | None:
    return next((box for box in iter_boxes(data, parent.start, parent.end) if box.kind == kind), None)


def _path(data: bytes, parent: Box | None, *kinds: bytes) -> Box | None:
    for kind in kinds:
        parent = _child(data, parent, kind) if parent is not None else None
    return parent


def video_frame_counts(data: bytes) -> list[int]:
    """The frame count of every video track (usually one)."""
    moov = next((box for box in iter_boxes(data) if box.kind == b"moov"), None)
    counts = []
    for trak in iter_boxes(data, moov.start, moov.end) if moov else ():
        if trak.kind != b"trak":
            continue
        hdlr = _path(data, trak, b"mdia", b"hdlr")  # version+flags (4), pre_defined (4), handler_type (4)
        if hdlr is None or data[hdlr.start + 8:hdlr.start + 12] != VIDEO_HANDLER:
            continue
        stsz = _path(data, trak, b"mdia", b"minf", b"stbl", b"stsz")  # version+flags, sample_size, sample_count
        if stsz is not None:
            counts.append(int.from_bytes(data[stsz.start + 8:stsz.start + 12], "big"))
    return counts


def describe_mp4(data: bytes) -> tuple[list[str], list[int]]:
    """(the video tracks' sample entries, their frame counts): (["avc1"], [9]) for a 9-frame H.264 clip."""
    facts = read_mp4_facts(data)
    return (facts.video_sample_entries if facts else []), video_frame_counts(data)
