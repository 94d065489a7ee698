"""Local video-file checks: is this what the server takes as a video upload?

InvokeAI 6.14 takes an MP4 (an ISO-BMFF file with an ``ftyp`` box, not QuickTime) whose video is H.264
and whose first frame decodes; anything else answers 415 after the whole file was sent. The container
and the codec are read here from the file's boxes (moov > trak > mdia > minf > stbl > stsd: the video
track's sample entry is ``avc1``/``avc3`` for H.264), in pure Python, so a wrong file is refused before
a byte goes out. Whether the first frame decodes only the server can tell.
"""

from __future__ import annotations

from typing import Iterator, NamedTuple

from .errors import InvalidVideoError
from .image_files import sniff_image_type

H264_SAMPLE_ENTRIES = frozenset({"avc1", "avc3"})
# Sample entries of other video codecs, in words a person knows.
CODEC_NAMES = {
    "mp4v": "MPEG-4 Part 2", "hvc1": "H.265/HEVC", "hev1": "H.265/HEVC", "av01": "AV1", "vp09": "VP9",
    "vp08": "VP8", "s263": "H.263", "mjp2": "Motion JPEG 2000", "jpeg": "Motion JPEG", "encv": "encrypted video",
    "avc1": "H.264", "avc3": "H.264",
}
REENCODE_HINT = "Re-encode it as H.264, e.g. `ffmpeg -i IN -c:v libx264 -pix_fmt yuv420p OUT.mp4`."
_MDIA_TO_STSD = (b"minf", b"stbl", b"stsd")  # the sample descriptions of a track


class Box(NamedTuple):
    kind: bytes
    start: int  # first byte of the payload
    end: int  # one past the last byte of the box


def iter_boxes(data: bytes, start: int = 0, end: int | None = None) -> Iterator[Box]:
    """The boxes laid end to end in data[start:end]; stops at the first malformed or truncated one."""
    end = len(data) if end is None else end
    position = start
    while position + 8 <= end:
        size = int.from_bytes(data[position:position + 4], "big")
        kind = data[position + 4:position + 8]
        header = 8
        if size == 1:  # a 64-bit size follows the type
            if position + 16 > end:
                return
            size, header = int.from_bytes(data[position + 8:position + 16], "big"), 16
        elif size == 0:  # the box runs to the end of its parent
            size = end - position
        if size < header or position + size > end:
            return
        yield Box(kind, position + header, position + size)
        position += size


def _child(data: bytes, parent: Box, kind: bytes) -> Box | None:
    return next((box for box in iter_boxes(data, parent.start, parent.end) if box.kind == kind), None)


def _handler(data: bytes, mdia: Box) -> bytes | None:
    hdlr = _child(data, mdia, b"hdlr")  # version+flags (4), pre_defined (4), handler_type (4)
    return data[hdlr.start + 8:hdlr.start + 12] if hdlr and hdlr.end - hdlr.start >= 12 else None


def _sample_entries(data: bytes, stsd: Box) -> list[str]:
    entries = iter_boxes(data, stsd.start + 8, stsd.end)  # after version+flags and entry_count
    return [box.kind.decode("latin-1") for box in entries]


class Mp4Facts(NamedTuple):
    """What the boxes say: the brand and the video tracks' sample entries (empty: no video track)."""

    major_brand: str
    video_sample_entries: list[str]
    has_movie_box: bool


def read_mp4_facts(data: bytes) -> Mp4Facts | None:
    """The facts of an ISO-BMFF file, or None when its top-level boxes hold no ``ftyp``."""
    top = list(iter_boxes(data))
    ftyp = next((box for box in top if box.kind == b"ftyp"), None)
    if ftyp is None or ftyp.end - ftyp.start < 4:
        return None
    brand = data[ftyp.start:ftyp.start + 4].decode("latin-1")
    moov = next((box for box in top if box.kind == b"moov"), None)
    entries: list[str] = []
    for trak in iter_boxes(data, moov.start, moov.end) if moov else ():
        if trak.kind != b"trak":
            continue
        mdia = _child(data, trak, b"mdia")
        if mdia is None or _handler(data, mdia) != b"vide":
            continue
        box: Box | None = mdia
        for kind in _MDIA_TO_STSD:
            box = _child(data, box, kind) if box else None
        if box is not None:
            entries += _sample_entries(data, box)
    return Mp4Facts(brand, entries, moov is not None)


def _codec_words(entry: str) -> str:
    name = CODEC_NAMES.get(entry)
    return f"{name} ({entry!r})" if name else f"{entry!r}"


def why_not_an_h264_mp4(data: bytes) -> str | None:
    """Why the server would refuse these bytes as a video, in words; None when they look right."""
    if not data:
        return "the file is empty"
    facts = read_mp4_facts(data)
    if facts is None:
        image = sniff_image_type(data)
        if image:
            return f"it is a {image.split('/')[1].upper()} image, not an MP4 video"
        return "it is not an MP4 video (no ISO-BMFF 'ftyp' box at its start)"
    if facts.major_brand == "qt  ":
        return "it is a QuickTime movie (.mov), not an MP4; the server takes MP4 only"
    if not facts.has_movie_box:
        return "it has no movie box ('moov'): the MP4 is incomplete or damaged"
    if not facts.video_sample_entries:
        return "it has no video track"
    if not H264_SAMPLE_ENTRIES & set(facts.video_sample_entries):
        codecs = ", ".join(_codec_words(entry) for entry in dict.fromkeys(facts.video_sample_entries))
        return f"its video is {codecs}, not H.264; the server takes H.264 (AVC) MP4s only. {REENCODE_HINT}"
    return None


def require_h264_mp4(data: bytes, label: str) -> None:
    """Raise InvalidVideoError (before anything is sent) unless the bytes are an H.264 MP4."""
    reason = why_not_an_h264_mp4(data)
    if reason:
        raise InvalidVideoError(f"Cannot upload {label}: {reason}.")


def is_mp4(data: bytes) -> bool:
    """An ISO-BMFF file that is not QuickTime, as the server checks before probing the codec."""
    facts = read_mp4_facts(data)
    return facts is not None and facts.major_brand != "qt  "


# The server's own 415 answers, explained (they come when a file passed the local check but not the
# server's: e.g. an H.264 track whose first frame does not decode).
SERVER_415 = {
    "Failed to read video": "the server could not read it as an H.264 video with a decodable first frame",
    "Not an MP4 video file": "the server did not find an MP4 'ftyp' box in it",
    "Not a supported video file": "the server takes only .mp4 files sent as video/mp4",
}


def explain_server_415(detail: object) -> str:
    said = str(detail) if detail else ""
    reason = SERVER_415.get(said, "the server does not take this file as a video")
    return f"{reason} (HTTP 415{': ' + said if said else ''}). {REENCODE_HINT}"
