"""The async InvokeAI client service, its records, repositories and events.

Never imports Textual, the TUI or the workflow engine. The seed-named sync facade and the client
with the engine's workflow repository live one layer up, in `invokeai_tui.pyclient`.
"""

from .async_client import AsyncInvokeAIClient
from .connection import ServerLocation
from .errors import (
    FileExistsConflictError,
    InvalidImageError,
    InvalidVideoError,
    InvokeAIError,
    ModelAlreadyInstalledError,
    ModelDownloadError,
    ModelInstallCancelledError,
    ModelInstallError,
    ModelInstallTimeoutError,
    ModelSourceError,
    NotAModelError,
    NotAuthenticatedError,
    NotFoundError,
    PermissionDeniedError,
    RequestRejectedError,
    RequestTimeoutError,
    ServerError,
    ServerUnreachableError,
    UnexpectedResponseError,
)
from .event_stream import EventStream, Subscription
from .events import (
    EVENT_TYPES,
    BatchEnqueuedEvent,
    ConnectionState,
    ConnectionStateEvent,
    GenericEvent,
    InvocationCompleteEvent,
    InvocationErrorEvent,
    InvocationProgressEvent,
    InvocationStartedEvent,
    InvokeAIEvent,
    QueueClearedEvent,
    QueueItemsCanceledEvent,
    QueueItemsRetriedEvent,
    QueueItemStatusChangedEvent,
    parse_event,
)
from .model_install_job import DownloadFileProgress, ModelInstallJobHandle
from .records import (
    UNCATEGORIZED_BOARD_ID,
    AuthStatus,
    BatchStatus,
    Board,
    DeleteBoardResult,
    DnnModel,
    DownloadPart,
    DynamicPrompts,
    EnqueueResult,
    FoundModel,
    GenerationDevice,
    HFTokenStatus,
    ImagePage,
    ImageRecord,
    ImagesChangeResult,
    ImageWorkflow,
    InstallStatus,
    LoginResult,
    ModelCacheStats,
    ModelInstallJob,
    ProcessorStatus,
    QueueItem,
    QueueItemSummary,
    QueueStatus,
    SessionQueueStatus,
    StarterModel,
    StarterModelBundle,
    StarterModelCatalogue,
    TERMINAL_INSTALL_STATUSES,
    WorkflowListItem,
    WorkflowPage,
    WorkflowRecord,
)
from .repositories import (
    BoardHandle,
    BoardRepository,
    DnnModelRepository,
    ImageRepository,
    ModelManagerRepository,
    QueueRepository,
    UtilitiesRepository,
    WorkflowLibraryRepository,
)

__all__ = [name for name in dir() if not name.startswith("_")]
