"""One repository per server area."""

from .boards import BoardHandle, BoardRepository
from .dnn_models import DnnModelRepository
from .images import ImageRepository
from .model_manager import ModelManagerRepository, hf_source
from .queue import QueueRepository
from .utilities import UtilitiesRepository
from .workflows import WorkflowLibraryRepository

__all__ = [
    "BoardHandle", "BoardRepository", "DnnModelRepository", "ImageRepository", "ModelManagerRepository", "QueueRepository",
    "UtilitiesRepository", "WorkflowLibraryRepository", "hf_source",
]
