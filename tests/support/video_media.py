"""Test videos, made without network by the ffmpeg that ships with the server venv (imageio-ffmpeg's
binary; scripts/invokeai-server installs that venv, so CI has it too) and kept in the tests' cache folder.

    clip("h264-640x480")  # H.264, 17 frames at 16 fps: a Wan 480p size (Extend Video takes it)
    clip("h264-128x96")   # H.264, 16 frames at 8 fps (2.0 s): too small for Extend Video
    clip("mpeg4-128x96")  # MPEG-4 Part 2 in an MP4: the server refuses it (415 "Failed to read video")
"""

from __future__ import annotations

import functools
import os
import subprocess
import uuid
from pathlib import Path

CACHE = Path(os.environ.get("INVOKEAI_TUI_CACHE") or Path.home() / ".cache" / "invokeai-tui").expanduser()
SERVER_PYTHON = CACHE / "server-venv-6.14.2" / "bin" / "python"
MEDIA = CACHE / "test-media-v1"  # bump when a clip's recipe changes

# name -> (codec, width, height, frames, fps)
CLIPS = {
    "h264-640x480": ("libx264", 640, 480, 17, 16),
    "h264-128x96": ("libx264", 128, 96, 16, 8),
    "mpeg4-128x96": ("mpeg4", 128, 96, 16, 8),
}


@functools.cache
def ffmpeg_exe() -> str:
    """The server venv's bundled ffmpeg (there is no system ffmpeg on the test machines)."""
    done = subprocess.run([str(SERVER_PYTHON), "-c", "import imageio_ffmpeg; print(imageio_ffmpeg.get_ffmpeg_exe())"],
                          capture_output=True, text=True, timeout=60, check=True)
    return done.stdout.strip()


def clip(name: str) -> Path:
    """The cached clip ``name`` (see CLIPS), made on first use; written under a temporary name and
    renamed, so helpers running at the same time never see half a file."""
    codec, width, height, frames, fps = CLIPS[name]
    path = MEDIA / f"{name}.mp4"
    if path.exists():
        return path
    MEDIA.mkdir(parents=True, exist_ok=True)
    partial = MEDIA / f".{name}-{uuid.uuid4().hex[:8]}.partial.mp4"
    pixel_format = ["-pix_fmt", "yuv420p"] if codec == "libx264" else []
    # testsrc: a moving test pattern, so frames differ and a decoder has something to show.
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-f", "lavfi",
                    "-i", f"testsrc=size={width}x{height}:rate={fps}", "-frames:v", str(frames),
                    "-c:v", codec, *pixel_format, "-threads", "1", "-y", str(partial)],
                   check=True, timeout=120)
    os.replace(partial, path)
    return path
