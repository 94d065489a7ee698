"""One repository per server area."""

from .boards import BoardHandle, BoardRepository
from .dnn_models import DnnModelRepository
from .images import ImageRepository
from .queue import QueueRepository
from .workflows import WorkflowLibraryRepository

__all__ = [
    "BoardHandle", "BoardRepository", "DnnModelRepository", "ImageRepository", "QueueRepository",
    "WorkflowLibraryRepository",
]
