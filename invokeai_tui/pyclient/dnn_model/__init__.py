"""Models as the published client offers them: DnnModel and its enums, the repository, install
jobs and the model-management exceptions."""

from .dnn_model_exceptions import (
    APIRequestError,
    InvokeAIClientError,
    ModelInstallJobFailed,
    ModelInstallStartError,
    ModelInstallTimeout,
    ModelManagerError,
)
from .dnn_model_models import (
    FoundModel,
    HFLoginStatus,
    InstallJobStatus,
    ModelInstallConfig,
    ModelInstJobInfo,
    ModelManagerStats,
)
from .dnn_model_repo import DnnModelRepository
from .dnn_model_types import BaseDnnModelType, DnnModel, DnnModelFormat, DnnModelType
from .model_inst_job_handle import ModelInstJobHandle

__all__ = [
    "DnnModel", "DnnModelType", "BaseDnnModelType", "DnnModelFormat", "DnnModelRepository",
    "InstallJobStatus", "ModelInstJobInfo", "ModelManagerStats", "HFLoginStatus", "FoundModel",
    "ModelInstallConfig", "ModelInstJobHandle", "InvokeAIClientError", "APIRequestError", "ModelManagerError",
    "ModelInstallStartError", "ModelInstallJobFailed", "ModelInstallTimeout",
]
