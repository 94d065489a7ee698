"""Workflows as the published client offers them: definitions, handles, the repository."""

from .workflow_handle import IvkWorkflowInput, IvkWorkflowOutput, OutputMapping, WorkflowHandle
from .workflow_model import WorkflowDefinition
from .workflow_repo import WorkflowRepository

__all__ = ["WorkflowDefinition", "WorkflowHandle", "WorkflowRepository", "IvkWorkflowInput", "IvkWorkflowOutput",
           "OutputMapping"]
