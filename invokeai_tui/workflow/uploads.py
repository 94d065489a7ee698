"""Uploading the local files of image and video fields when a workflow is submitted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import WorkflowBuildError
from .fields import MediaField, VideoField

if TYPE_CHECKING:
    from .client_protocol import WorkflowClient


async def upload_local_file(client: WorkflowClient, field: MediaField) -> str:
    """Upload the field's local file (an image through `image_repo`, an MP4 through `video_repo`);
    returns its name on the server. The repositories refuse what the server would not take."""
    path = field.local_path
    if path is None:
        raise WorkflowBuildError(f"{field.label}: there is no local file to upload")
    if isinstance(field, VideoField):
        videos = getattr(client, "video_repo", None)
        if videos is None:
            raise WorkflowBuildError(f"{field.label}: this client cannot upload videos")
        return (await videos.upload_video(path)).video_name
    return (await client.image_repo.upload_image(path)).image_name
