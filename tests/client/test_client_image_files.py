"""Image sniffing and safe, atomic saving."""

import io
import os

import pytest
from PIL import Image

from invokeai_tui.client import FileExistsConflictError, InvalidImageError
from invokeai_tui.client.image_files import (
    require_image,
    resolve_destination,
    safe_file_name,
    sniff_image_type,
    write_atomically,
)


def encoded(fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buf, format=fmt)
    return buf.getvalue()


@pytest.mark.parametrize(("fmt", "mime"), [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp"),
                                           ("GIF", "image/gif"), ("BMP", "image/bmp"), ("TIFF", "image/tiff")])
def test_sniff_real_images(fmt, mime):
    assert sniff_image_type(encoded(fmt)) == mime


@pytest.mark.parametrize("data", [b"", b"hello world", b"%PDF-1.4 ...", b"<html></html>"])
def test_non_images_refused(data):
    assert sniff_image_type(data) is None
    with pytest.raises(InvalidImageError) as info:
        require_image(data, "notes.txt")
    assert "notes.txt" in str(info.value)


@pytest.mark.parametrize("name", ["../../etc/passwd", "/abs/x.png", "a\\..\\b.png", "..", "x/../../y.png"])
def test_names_cannot_escape_folder(tmp_path, name):
    path = resolve_destination(name, tmp_path)
    assert path.parent == tmp_path
    assert ".." not in path.name and "/" not in safe_file_name(name)


def test_write_atomically_refuses_overwrite(tmp_path):
    target = tmp_path / "a.png"
    write_atomically(target, b"one")
    with pytest.raises(FileExistsConflictError):
        write_atomically(target, b"two")
    assert target.read_bytes() == b"one"
    write_atomically(target, b"three", overwrite=True)
    assert target.read_bytes() == b"three"
    assert [p.name for p in tmp_path.iterdir()] == ["a.png"]  # no temp files left behind


def test_write_creates_folder_and_file_path(tmp_path):
    target = resolve_destination("x.png", tmp_path / "new" / "chosen.png")
    assert target == tmp_path / "new" / "chosen.png"
    write_atomically(target, b"data")
    assert target.read_bytes() == b"data"
    assert os.listdir(tmp_path / "new") == ["chosen.png"]


def test_saved_images_get_the_ordinary_file_mode(tmp_path):
    """A downloaded image is readable like any file the user makes (0644 under umask 022), not the
    0600 of the temp file it was written through."""
    import stat

    from invokeai_tui.client.image_files import write_atomically

    old = os.umask(0o022)
    try:
        saved = write_atomically(tmp_path / "a.png", b"png bytes")
        replaced = write_atomically(tmp_path / "a.png", b"newer", overwrite=True)
    finally:
        os.umask(old)
    assert stat.S_IMODE(saved.stat().st_mode) == 0o644
    assert stat.S_IMODE(replaced.stat().st_mode) == 0o644
