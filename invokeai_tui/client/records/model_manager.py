"""Records of model management: install jobs, folder scans, the starter catalogue, cache stats.

Tolerant like every record: statuses, bases and types are plain strings, unknown fields are kept.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import Field, field_validator

from .base import Record
from .dnn_models import DnnModel


class InstallStatus(StrEnum):
    """An install job's status, as the server names it (a job may report a newer one: it stays a str)."""

    WAITING = "waiting"
    DOWNLOADING = "downloading"
    DOWNLOADS_DONE = "downloads_done"
    RUNNING = "running"
    PAUSED = "paused"
    COMPLETED = "completed"
    ERROR = "error"
    CANCELLED = "cancelled"


TERMINAL_INSTALL_STATUSES = frozenset({InstallStatus.COMPLETED, InstallStatus.ERROR, InstallStatus.CANCELLED})


class DownloadPart(Record):
    """One file of an install job's download (a URL install has one, a Hugging Face repo several)."""

    id: int | None = None
    source: str = ""
    status: str = ""
    bytes: int = 0
    total_bytes: int = 0
    download_path: str | None = None
    error_type: str | None = None
    error: str | None = None


class ModelInstallJob(Record):
    """GET /api/v2/models/install/{id}: one install job (`config_out` is the model once completed)."""

    id: int
    status: str = InstallStatus.WAITING
    source: Any = None  # {"type": "local"|"url"|"hf", "path"|"url"|"repo_id": ..., ...}
    inplace: bool = False
    local_path: str | None = None
    bytes: int = 0
    total_bytes: int = 0
    config_in: dict[str, Any] = Field(default_factory=dict)
    config_out: DnnModel | None = None
    download_parts: list[DownloadPart] = Field(default_factory=list)
    error_reason: str | None = None  # the server's exception class, e.g. "DuplicateModelException"
    error: str | None = None
    error_traceback: str | None = None

    @field_validator("bytes", "total_bytes", mode="before")
    @classmethod
    def _none_is_zero(cls, value: Any) -> Any:
        return 0 if value is None else value

    @field_validator("config_out", mode="before")
    @classmethod
    def _model_or_none(cls, value: Any) -> Any:
        return value if isinstance(value, dict) and "key" in value else None

    @property
    def is_done(self) -> bool:
        """Completed, failed or cancelled: nothing more will happen to this job."""
        return self.status in TERMINAL_INSTALL_STATUSES

    @property
    def is_completed(self) -> bool:
        return self.status == InstallStatus.COMPLETED

    @property
    def is_failed(self) -> bool:
        return self.status == InstallStatus.ERROR

    @property
    def is_cancelled(self) -> bool:
        return self.status == InstallStatus.CANCELLED

    @property
    def progress(self) -> float | None:
        """Downloaded fraction 0..1, or None while the size is unknown (and for local installs before they run)."""
        if self.total_bytes > 0:
            return min(1.0, self.bytes / self.total_bytes)
        return 1.0 if self.is_completed else None

    @property
    def model_key(self) -> str | None:
        """The installed model's key once completed."""
        return self.config_out.key if self.config_out else None

    @property
    def source_text(self) -> str:
        """The source as a person typed it: a path, a URL or a Hugging Face repo id."""
        return source_text(self.source)

    @property
    def source_urls(self) -> set[str]:
        """The URLs this job downloads (its own URL and each part's), to match download_* events."""
        urls = {part.source for part in self.download_parts if part.source}
        if isinstance(self.source, dict) and self.source.get("url"):
            urls.add(str(self.source["url"]))
        return urls


def source_text(source: Any) -> str:
    """A job's or event's `source` (a dict from the server, or already a string) as one string."""
    if not isinstance(source, dict):
        return "" if source is None else str(source)
    if source.get("path"):
        return str(source["path"])
    if source.get("url"):
        return str(source["url"])
    if source.get("repo_id"):
        text = str(source["repo_id"])
        variant, subfolder = source.get("variant") or "", source.get("subfolder") or ""
        if subfolder:
            return f"{text}:{variant}:{subfolder}"
        return f"{text}:{variant}" if variant else text
    return str(source)


class FoundModel(Record):
    """GET /api/v2/models/scan_folder: a model file or folder the server found, and whether it is installed."""

    path: str
    is_installed: bool = False


class StarterModel(Record):
    """One entry of the server's starter catalogue (installable by its `source`)."""

    name: str = ""
    description: str = ""
    source: str = ""
    base: str = "unknown"
    type: str = "unknown"
    format: str | None = None
    variant: str | None = None
    is_installed: bool = False
    previous_names: list[str] = Field(default_factory=list)
    dependencies: list["StarterModel"] | None = None


class StarterModelBundle(Record):
    name: str = ""
    models: list[StarterModel] = Field(default_factory=list)


class StarterModelCatalogue(Record):
    """GET /api/v2/models/starter_models: a static list; `is_installed` is filled in by the server."""

    starter_models: list[StarterModel] = Field(default_factory=list)
    starter_bundles: dict[str, StarterModelBundle] = Field(default_factory=dict)


class ModelCacheStats(Record):
    """GET /api/v2/models/stats: the RAM model cache (the server sends null until a model was loaded).
    The server updates `in_cache` and `loaded_model_sizes` when it loads a model (not when it empties
    the cache); `cleared` counts the models it dropped."""

    hits: int = 0
    misses: int = 0
    high_watermark: int = 0
    in_cache: int = 0
    cleared: int = 0
    cache_size: int = 0
    loaded_model_sizes: dict[str, int] = Field(default_factory=dict)


class HFTokenStatus(StrEnum):
    """The server's Hugging Face token: valid, invalid (none or refused), unknown (could not check)."""

    VALID = "valid"
    INVALID = "invalid"
    UNKNOWN = "unknown"

    @classmethod
    def parse(cls, value: Any) -> "HFTokenStatus":
        try:
            return cls(str(value))
        except ValueError:
            return cls.UNKNOWN
