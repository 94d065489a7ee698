"""The workflow engine: workflow files as data, indexed typed inputs, graphs, runs, outputs.

Never imports Textual; talks to the server only through `invokeai_tui.client`.
"""

from .batch import Sweep, batch_node_data, build_enqueue_body, sweep_data
from .definition import WorkflowDefinition
from .errors import (
    FieldValueError,
    InputIndexError,
    WorkflowBuildError,
    WorkflowCanceledError,
    WorkflowError,
    WorkflowLoadError,
    WorkflowRunError,
    WorkflowTimeoutError,
)
from .fields import (
    BooleanField,
    BoardField,
    CollectionField,
    ColorField,
    EnumField,
    FloatField,
    ImageField,
    IntegerField,
    LoRACollectionField,
    ModelField,
    OtherField,
    StringField,
    VideoField,
    WorkflowField,
)
from .form import FlatForm, FormElement, InputPlacement, flatten_form
from .graph import build_graph
from .client_protocol import WorkflowClient
from .handle import WorkflowHandle
from .inputs import WorkflowInput, build_inputs
from .model_sync import ModelSyncReport
from .outputs import OutputImages, OutputNaming, map_outputs, map_outputs_to_images, map_outputs_to_videos
from .run import Submission, WorkflowRun
from .schema import FieldTemplate, InvocationSchemas, InvocationTemplate

__all__ = [
    "WorkflowDefinition", "WorkflowHandle", "WorkflowRun", "Submission", "WorkflowClient", "WorkflowInput", "build_inputs",
    "FlatForm", "FormElement", "InputPlacement", "flatten_form",
    "FieldTemplate", "InvocationSchemas", "InvocationTemplate",
    "WorkflowField", "StringField", "IntegerField", "FloatField", "BooleanField", "EnumField", "ColorField",
    "ImageField", "VideoField", "BoardField", "ModelField", "CollectionField", "LoRACollectionField", "OtherField",
    "build_graph", "Sweep", "batch_node_data", "sweep_data", "build_enqueue_body",
    "ModelSyncReport", "OutputImages", "OutputNaming", "map_outputs", "map_outputs_to_images",
    "map_outputs_to_videos",
    "WorkflowError", "WorkflowLoadError", "InputIndexError", "FieldValueError", "WorkflowBuildError",
    "WorkflowRunError", "WorkflowCanceledError", "WorkflowTimeoutError",
]
