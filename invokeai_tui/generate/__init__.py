"""The linear generator (the web UI's Generate tab, headless): typed parameters, one graph builder
per model base, the enqueue request, metadata written and recalled. No Textual here."""

from .batch import enqueue_body
from .builders import BuildContext, BuildError, BuiltGraph, build_graph
from .controls import BASES, controls_for
from .params import GenerateParams, LoraParam, ModelRef
from .recall import RecallResult, recall_params, remix_params
from .recall_models import ModelLookup, client_model_lookup
from .service import Generator, PreparedGeneration
from .state import GenerateState
from .validate import GenerateInputError

__all__ = ["BASES", "BuildContext", "BuildError", "BuiltGraph", "GenerateInputError", "GenerateParams",
           "GenerateState", "Generator", "PreparedGeneration", "LoraParam", "ModelLookup",
           "ModelRef", "RecallResult", "build_graph", "client_model_lookup", "controls_for", "enqueue_body",
           "recall_params", "remix_params"]
