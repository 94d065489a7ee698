"""Saving a login token, only when the user asks, in a file only the user can read (0600)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from .. import atomic_files
from .settings import config_dir


def token_path(server_url: str, folder: Path | None = None) -> Path:
    """One file per server, named from the URL so two servers never share a token."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", server_url).strip("_") or "server"
    return (folder or config_dir() / "tokens") / f"{safe}.token"


def save_token(server_url: str, token: str, folder: Path | None = None) -> Path:
    path = token_path(server_url, folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    atomic_files.write_text(path, token, mode=0o600)
    return path


def load_token(server_url: str, folder: Path | None = None) -> str | None:
    path = token_path(server_url, folder)
    try:
        if path.stat().st_mode & 0o077:
            # Someone widened the permissions: do not trust or use it.
            return None
        return path.read_text(encoding="utf-8").strip() or None
    except (FileNotFoundError, PermissionError, UnicodeDecodeError):
        return None


def forget_token(server_url: str, folder: Path | None = None) -> None:
    try:
        token_path(server_url, folder).unlink()
    except FileNotFoundError:
        pass
