"""The published model-management records (`invokeai_py_client.dnn_model.dnn_model_models`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .dnn_model_types import BaseDnnModelType, DnnModelType


class InstallJobStatus(str, Enum):
    WAITING = "waiting"
    DOWNLOADING = "downloading"
    DOWNLOADS_DONE = "downloads_done"
    RUNNING = "running"
    COMPLETED = "completed"
    ERROR = "error"
    CANCELLED = "cancelled"


class ModelInstJobInfo(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: int
    status: InstallJobStatus | str
    error: str | None = None
    error_reason: str | None = None
    error_traceback: str | None = None
    bytes: int | None = None
    total_bytes: int | None = None
    model_key: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    completed_at: datetime | None = None
    extra: dict[str, Any] = Field(default_factory=dict)


class ModelManagerStats(BaseModel):
    model_config = ConfigDict(extra="allow")

    hit_rate: float | None = None
    miss_rate: float | None = None
    ram_used_mb: float | None = None
    ram_capacity_mb: float | None = None
    loads: int | None = None
    evictions: int | None = None
    extra: dict[str, Any] = Field(default_factory=dict)


class HFLoginStatus(str, Enum):
    VALID = "valid"
    INVALID = "invalid"
    UNKNOWN = "unknown"


class FoundModel(BaseModel):
    model_config = ConfigDict(extra="allow")

    path: str
    is_installed: bool
    extra: dict[str, Any] = Field(default_factory=dict)


class ModelInstallConfig(BaseModel):
    """What an install may set on the new model's record (name, description, ...)."""

    model_config = ConfigDict(extra="allow")

    name: str | None = None
    description: str | None = None
    base: BaseDnnModelType | None = None
    type: DnnModelType | None = None
    path: str | None = None
    format: str | None = None
    prediction_type: str | None = None
    upcast_attention: bool | None = None
    trigger_phrases: list[str] | None = None
    default_settings: dict[str, Any] | None = None
    variant: str | None = None
    config_path: str | None = None
    extra: dict[str, Any] = Field(default_factory=dict)

    def to_record_changes(self) -> dict[str, Any]:
        body = self.model_dump(exclude_none=True, mode="json")
        body.update(body.pop("extra", {}))
        return body


@dataclass
class _V2Endpoint:
    """The /api/v2 model-management paths."""

    INSTALL_BASE: str = "/models/install"
    INSTALL_BY_ID: str = "/models/install/{id}"
    INSTALL_HF: str = "/models/install/huggingface"
    CONVERT: str = "/models/convert/{key}"
    MODEL_BY_KEY: str = "/models/i/{key}"
    STATS: str = "/models/stats"
    EMPTY_CACHE: str = "/models/empty_model_cache"
    HF_LOGIN: str = "/models/hf_login"
    SCAN_FOLDER: str = "/models/scan_folder"
