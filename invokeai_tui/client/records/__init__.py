"""Records (DTOs) of server payloads. Tolerant: extra fields allowed, enums as strings."""

from .base import Record
from .boards import UNCATEGORIZED_BOARD_ID, Board, DeleteBoardResult
from .dnn_models import DnnModel
from .images import ImagePage, ImageRecord, ImagesChangeResult, ImageWorkflow
from .model_manager import (
    TERMINAL_INSTALL_STATUSES,
    DownloadPart,
    FoundModel,
    HFTokenStatus,
    InstallStatus,
    ModelCacheStats,
    ModelInstallJob,
    StarterModel,
    StarterModelBundle,
    StarterModelCatalogue,
)
from .queue import (
    RETRYABLE_STATUSES,
    TERMINAL_STATUSES,
    BatchStatus,
    EnqueueResult,
    FieldValue,
    ProcessorStatus,
    QueueItem,
    QueueItemSummary,
    QueueStatus,
    SessionQueueStatus,
)
from .server import AuthStatus, LoginResult, UserInfo
from .utilities import DynamicPrompts, GenerationDevice
from .workflows import WorkflowListItem, WorkflowPage, WorkflowRecord

__all__ = [
    "Record", "UNCATEGORIZED_BOARD_ID", "Board", "DeleteBoardResult", "DnnModel",
    "TERMINAL_INSTALL_STATUSES", "DownloadPart", "FoundModel", "HFTokenStatus", "InstallStatus", "ModelCacheStats",
    "ModelInstallJob", "StarterModel", "StarterModelBundle", "StarterModelCatalogue",
    "ImagePage", "ImageRecord", "ImagesChangeResult", "ImageWorkflow",
    "RETRYABLE_STATUSES", "TERMINAL_STATUSES", "BatchStatus", "EnqueueResult", "FieldValue", "ProcessorStatus",
    "QueueItem", "QueueItemSummary", "QueueStatus", "SessionQueueStatus",
    "AuthStatus", "LoginResult", "UserInfo", "DynamicPrompts", "GenerationDevice",
    "WorkflowListItem", "WorkflowPage", "WorkflowRecord",
]
