"""The user's settings: a small TOML file in the XDG config folder.

Read with ``tomllib`` and validated by the pydantic models below; written by a tiny writer of our
own (the file only ever holds strings, booleans and flat tables) through the atomic writer, so a
crash never leaves half a config behind.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any, Literal, get_args

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .. import atomic_files

APP_NAME = "invokeai-tui"
DEFAULT_URL = "http://127.0.0.1:9090"
ImageProtocol = Literal["auto", "kitty", "sixel", "halfcell", "unicode", "none"]
IMAGE_PROTOCOLS: tuple[str, ...] = get_args(ImageProtocol)
StartMode = Literal["generate", "boards", "models", "workflows", "queue"]
START_MODES: tuple[str, ...] = get_args(StartMode)
BoardsView = Literal["list", "grid"]
BOARDS_VIEWS: tuple[str, ...] = get_args(BoardsView)
# The keys the file may set; anything else is ignored (and "path" is never read from the file).
FILE_KEYS = ("theme", "download_dir", "image_protocol", "start_mode", "boards_view", "default_profile", "profiles", "keymap")


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


class Profile(BaseModel):
    """A named server the user can pick on the connect screen (``[profiles.<name>]``)."""

    model_config = ConfigDict(strict=True, use_attribute_docstrings=True)

    name: str
    """The profile's name: the key of its ``[profiles.<name>]`` table."""
    url: str
    """The server's base URL, a reverse-proxy prefix included (``https://host/invoke``)."""
    verify_ssl: bool = True
    """Check the server's TLS certificate; false for a self-signed one on a trusted network."""

    def __init__(self, *args: Any, **data: Any) -> None:
        # Positional like the dataclass it replaced: Profile("home", "http://...", False). Pydantic
        # also validates file tables through this __init__, so keywords pass through unchanged.
        data.update(zip(("name", "url", "verify_ssl"), args))
        super().__init__(**data)


class Settings(BaseModel):
    """Everything the config file holds. Unknown keys are ignored (a newer version may have written
    them); bad values are refused with a one-line SettingsError naming the file and the key."""

    model_config = ConfigDict(strict=True, use_attribute_docstrings=True)

    path: Path = Field(default_factory=default_config_path, exclude=True)
    """Where these settings are read from and saved to (not itself in the file)."""
    theme: str = "textual-dark"
    """The Textual theme; picking one in the command palette saves it here."""
    download_dir: Path = Field(default_factory=default_download_dir)
    """Where ``w`` (download) saves full images; ``~`` is expanded."""
    image_protocol: ImageProtocol = "auto"
    """How images are drawn: auto-detected, or forced to one terminal graphics protocol."""
    start_mode: StartMode = "generate"
    """The mode the app opens on once connected: generate, boards, models, workflows or queue."""
    boards_view: BoardsView = "list"
    """How Boards shows a board's images: a list or a grid of thumbnails (``v`` switches and saves it)."""
    default_profile: str | None = None
    """The profile used when neither --url, INVOKEAI_TUI_URL nor --profile names a server."""
    profiles: dict[str, Profile] = Field(default_factory=dict)
    """Named servers, from the ``[profiles.<name>]`` tables."""
    keymap: dict[str, str] = Field(default_factory=dict)
    """Binding id = keys (``"boards.star" = "x"``), from the ``[keymap]`` table."""

    @property
    def tokens_dir(self) -> Path:
        """Saved logins live beside the config file (folder 0700, files 0600)."""
        return self.path.parent / "tokens"

    @field_validator("download_dir", mode="before")
    @classmethod
    def _expand_user(cls, value: object) -> object:
        return Path(value).expanduser() if isinstance(value, str) else value

    @field_validator("profiles", mode="before")
    @classmethod
    def _name_profiles(cls, value: object) -> object:
        """A profile's name is its table's key."""
        if not isinstance(value, dict):
            return value
        return {name: {**body, "name": name} if isinstance(body, dict) else body for name, body in value.items()}

    # -- reading ---------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path | None = None) -> "Settings":
        """Read the file at ``path`` (default: the XDG one). A missing file gives the defaults."""
        path = Path(path) if path is not None else default_config_path()
        if not path.exists():
            return cls(path=path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise SettingsError(f"Cannot read the config file {path}: {exc}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"The config file {path} is not valid TOML: {exc}") from exc
        known = {key: value for key, value in data.items() if key in FILE_KEYS}
        try:
            settings = cls.model_validate({**known, "path": path})
        except ValidationError as exc:
            raise SettingsError(_one_line(str(path), exc.errors()[0])) from None
        if settings.default_profile and settings.default_profile not in settings.profiles:
            raise SettingsError(f"{path}: default_profile '{settings.default_profile}' is not among the profiles")
        return settings

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
        if self.start_mode != "generate":  # the default is not written: a file stays as the user left it
            lines.append(f"start_mode = {_quote(self.start_mode)}")
        if self.boards_view != "list":
            lines.append(f"boards_view = {_quote(self.boards_view)}")
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
        atomic_files.write_text(self.path, self.to_toml(), mode=0o644)


_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _quote(key)


def _quote(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(ch if ch >= " " or ch == "\t" else f"\\u{ord(ch):04x}" for ch in escaped)
    return f'"{escaped}"'


def _one_line(where: str, error: dict) -> str:
    """The first validation error as the sentence the user acts on, naming the file and the key."""
    loc, kind, value = error["loc"], error["type"], error.get("input")
    if loc[:1] == ("profiles",):
        if len(loc) == 1:
            return f"{where}: [profiles] must hold tables like [profiles.home]"
        name = loc[1]
        if len(loc) == 2 or (loc[2] == "url" and kind == "missing"):
            return f"{where}: profile '{name}' needs a url"
        if loc[2] == "verify_ssl":
            return f"{where}: profiles.{name}.verify_ssl must be true or false"
    if loc == ("keymap",):
        return f'{where}: [keymap] must be a table of binding id = "keys"'
    if loc == ("image_protocol",):
        return f"{where}: image_protocol must be one of {', '.join(IMAGE_PROTOCOLS)}, not {value!r}"
    if loc == ("start_mode",):
        return f"{where}: start_mode must be one of {', '.join(START_MODES)}, not {value!r}"
    if loc == ("boards_view",):
        return f"{where}: boards_view must be one of {', '.join(BOARDS_VIEWS)}, not {value!r}"
    dotted = ".".join(str(part) for part in loc)
    if kind in ("string_type", "path_type", "is_instance_of"):
        return f"{where}: '{dotted}' must be a string, not {type(value).__name__}"
    return f"{where}: {dotted}: {error['msg']}"
