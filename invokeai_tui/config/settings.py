"""The user's settings: a small TOML file in the XDG config folder.

Read with ``tomllib``; written by a tiny writer of our own (the file only ever holds strings,
booleans and flat tables), always to a temporary file first and then ``os.replace``-d, so a crash
never leaves half a config behind.
"""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

APP_NAME = "invokeai-tui"
DEFAULT_URL = "http://127.0.0.1:9090"
IMAGE_PROTOCOLS = ("auto", "kitty", "sixel", "halfcell", "unicode", "none")


class SettingsError(Exception):
    """The config file cannot be read or has a bad value; the message says which and where."""


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def default_config_path() -> Path:
    return config_dir() / "config.toml"


def default_log_path() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)) / "invokeai-tui.log"


def default_download_dir() -> Path:
    return Path(platformdirs.user_pictures_dir()) / "invokeai"


@dataclass
class Profile:
    """A named server the user can pick on the connect screen."""

    name: str
    url: str
    verify_ssl: bool = True


@dataclass
class Settings:
    """Everything the config file holds. Unknown keys are kept out, bad values are refused."""

    path: Path = field(default_factory=default_config_path)
    profiles: dict[str, Profile] = field(default_factory=dict)
    default_profile: str | None = None
    download_dir: Path = field(default_factory=default_download_dir)
    theme: str = "textual-dark"
    image_protocol: str = "auto"
    keymap: dict[str, str] = field(default_factory=dict)

    @property
    def tokens_dir(self) -> Path:
        """Saved logins live beside the config file (folder 0700, files 0600)."""
        return self.path.parent / "tokens"

    # -- reading ---------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path | None = None) -> "Settings":
        """Read the file at ``path`` (default: the XDG one). A missing file gives the defaults."""
        path = Path(path) if path is not None else default_config_path()
        settings = cls(path=path)
        if not path.exists():
            return settings
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise SettingsError(f"Cannot read the config file {path}: {exc}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"The config file {path} is not valid TOML: {exc}") from exc
        settings._apply(data)
        return settings

    def _apply(self, data: dict) -> None:
        where = str(self.path)

        def text(key: str, value: object) -> str:
            if not isinstance(value, str):
                raise SettingsError(f"{where}: '{key}' must be a string, not {type(value).__name__}")
            return value

        for key, value in data.items():
            if key == "theme":
                self.theme = text(key, value)
            elif key == "download_dir":
                self.download_dir = Path(text(key, value)).expanduser()
            elif key == "default_profile":
                self.default_profile = text(key, value)
            elif key == "image_protocol":
                protocol = text(key, value)
                if protocol not in IMAGE_PROTOCOLS:
                    raise SettingsError(
                        f"{where}: image_protocol must be one of {', '.join(IMAGE_PROTOCOLS)}, not {protocol!r}"
                    )
                self.image_protocol = protocol
            elif key == "keymap":
                if not isinstance(value, dict):
                    raise SettingsError(f"{where}: [keymap] must be a table of binding id = \"keys\"")
                self.keymap = {str(k): text(f"keymap.{k}", v) for k, v in value.items()}
            elif key == "profiles":
                if not isinstance(value, dict):
                    raise SettingsError(f"{where}: [profiles] must hold tables like [profiles.home]")
                for name, body in value.items():
                    if not isinstance(body, dict) or "url" not in body:
                        raise SettingsError(f"{where}: profile '{name}' needs a url")
                    verify = body.get("verify_ssl", True)
                    if not isinstance(verify, bool):
                        raise SettingsError(f"{where}: profiles.{name}.verify_ssl must be true or false")
                    self.profiles[name] = Profile(name, text(f"profiles.{name}.url", body["url"]), verify)
            # Unknown keys are ignored on purpose: a newer version may have written them.
        if self.default_profile and self.default_profile not in self.profiles:
            raise SettingsError(f"{where}: default_profile '{self.default_profile}' is not among the profiles")

    # -- resolving -------------------------------------------------------------------------
    def resolve_url(self, url: str | None, profile: str | None, env: dict[str, str] | None = None) -> str:
        """The server URL: --url, then INVOKEAI_TUI_URL, then --profile, then the default profile."""
        env = os.environ if env is None else env
        if url:
            return url
        if env.get("INVOKEAI_TUI_URL"):
            return env["INVOKEAI_TUI_URL"]
        if profile:
            if profile not in self.profiles:
                known = ", ".join(sorted(self.profiles)) or "none defined"
                raise SettingsError(f"There is no profile '{profile}' in {self.path} (profiles: {known})")
            return self.profiles[profile].url
        if self.default_profile:
            return self.profiles[self.default_profile].url
        return DEFAULT_URL

    # -- writing ---------------------------------------------------------------------------
    def to_toml(self) -> str:
        lines = [
            f"theme = {_quote(self.theme)}",
            f"download_dir = {_quote(str(self.download_dir))}",
            f"image_protocol = {_quote(self.image_protocol)}",
        ]
        if self.default_profile:
            lines.append(f"default_profile = {_quote(self.default_profile)}")
        for profile in self.profiles.values():
            lines += ["", f"[profiles.{_key(profile.name)}]", f"url = {_quote(profile.url)}"]
            if not profile.verify_ssl:
                lines.append("verify_ssl = false")
        if self.keymap:
            lines += ["", "[keymap]"]
            lines += [f"{_key(k)} = {_quote(v)}" for k, v in sorted(self.keymap.items())]
        return "\n".join(lines) + "\n"

    def save(self) -> None:
        """Write the file atomically (temp file in the same folder, then rename)."""
        atomic_write(self.path, self.to_toml().encode("utf-8"), mode=0o644)


_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _quote(key)


def _quote(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(ch if ch >= " " or ch == "\t" else f"\\u{ord(ch):04x}" for ch in escaped)
    return f'"{escaped}"'


def atomic_write(path: Path, data: bytes, *, mode: int = 0o644) -> None:
    """Write ``data`` to ``path`` so that readers see either the old or the whole new file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
