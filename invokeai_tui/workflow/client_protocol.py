"""What the workflow engine uses of the client: a small typed protocol, so a handle and its runs
depend on these few calls, not on a whole client (`invokeai_tui.client.AsyncInvokeAIClient`
provides them; tests may pass anything that does)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from invokeai_tui.client.event_stream import Subscription
    from invokeai_tui.client.records import DnnModel, EnqueueResult, ImageRecord, QueueItem, QueueItemSummary
    from invokeai_tui.client.records.videos import VideoRecord


class ImageUploads(Protocol):
    async def upload_image(self, file_path: str | os.PathLike[str]) -> ImageRecord: ...


class VideoUploads(Protocol):
    async def upload_video(self, file_path: str | os.PathLike[str]) -> VideoRecord: ...


class RunQueue(Protocol):
    async def enqueue_batch(self, batch: dict[str, Any], prepend: bool = False) -> EnqueueResult: ...

    async def get_summaries_by_ids(self, item_ids: Sequence[int]) -> list[QueueItemSummary]: ...

    async def get_items_by_ids(self, item_ids: Sequence[int]) -> list[QueueItem]: ...

    async def cancel_by_batch_ids(self, batch_ids: Sequence[str]) -> int: ...


class DnnModelListing(Protocol):
    async def list_models(self) -> list[DnnModel]: ...


class RunEventSource(Protocol):
    @property
    def is_live(self) -> bool: ...

    async def start(self, wait: bool = True, timeout: float = 10.0) -> bool: ...

    def subscribe(self, *, event_types: Iterable[str] | None = None, batch_ids: Iterable[str] | None = None,
                  maxsize: int = 1000) -> Subscription: ...


@runtime_checkable
class WorkflowClient(Protocol):
    """The client of a workflow handle: uploads, the queue, the model list, the event stream and
    the OpenAPI document (which types the fields)."""

    @property
    def image_repo(self) -> ImageUploads: ...

    @property
    def queue_repo(self) -> RunQueue: ...

    @property
    def dnn_model_repo(self) -> DnnModelListing: ...

    @property
    def events(self) -> RunEventSource: ...

    async def get_openapi(self, refresh: bool = False) -> dict[str, Any]: ...


class VideoUploadClient(Protocol):
    """What a video field's local MP4 needs (uploads.py): not part of `WorkflowClient`, so a client
    without videos still runs every workflow that has no local video in it."""

    @property
    def video_repo(self) -> VideoUploads: ...
