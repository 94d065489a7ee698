"""The one atomic file writer: whole files only, modes kept, never-overwrite and rename on conflict."""

import os
import stat

import pytest

from invokeai_tui import atomic_files


def test_writes_whole_file_creates_folder_and_leaves_no_temp_file(tmp_path):
    target = tmp_path / "new" / "a.json"
    assert atomic_files.write_text(target, "{}") == target
    assert target.read_text() == "{}"
    atomic_files.write_bytes(target, b"[]")
    assert target.read_bytes() == b"[]"
    assert os.listdir(target.parent) == ["a.json"]


def test_mode_is_an_ordinary_files_unless_given(tmp_path):
    old = os.umask(0o022)
    try:
        plain = atomic_files.write_bytes(tmp_path / "plain", b"x")
        secret = atomic_files.write_bytes(tmp_path / "secret", b"x", mode=0o600)
    finally:
        os.umask(old)
    assert stat.S_IMODE(plain.stat().st_mode) == 0o644
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600


def test_never_overwrite_refuses_and_keeps_the_old_file(tmp_path):
    target = tmp_path / "a.png"
    atomic_files.write_bytes(target, b"one")
    with pytest.raises(FileExistsError):
        atomic_files.write_bytes(target, b"two", overwrite=False)
    assert target.read_bytes() == b"one"
    assert os.listdir(tmp_path) == ["a.png"]


def test_rename_on_conflict_takes_the_next_free_number(tmp_path):
    target = tmp_path / "a.png"
    atomic_files.write_bytes(target, b"one")
    atomic_files.write_bytes(tmp_path / "a (1).png", b"taken")
    saved = atomic_files.write_bytes(target, b"two", overwrite=False, rename_on_conflict=True)
    assert saved == tmp_path / "a (2).png"
    assert saved.read_bytes() == b"two" and target.read_bytes() == b"one"
    assert sorted(os.listdir(tmp_path)) == ["a (1).png", "a (2).png", "a.png"]
