"""Headless configuration: settings (pydantic models from TOML), saved login tokens, form presets.

Imports nothing of Textual or ``invokeai_tui.tui`` (an import-linter contract checks it), so the
command line and scripts read the same settings as the app.
"""

from .settings import DEFAULT_URL, IMAGE_PROTOCOLS, Profile, Settings, SettingsError

__all__ = ["DEFAULT_URL", "IMAGE_PROTOCOLS", "Profile", "Settings", "SettingsError"]
