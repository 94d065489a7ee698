"""Videos for the published client (which has none): IvkVideo and VideoRepository (`client.video_repo`)."""

from .video_model import IvkVideo
from .video_repo import VideoRepository

__all__ = ["IvkVideo", "VideoRepository"]
