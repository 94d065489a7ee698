"""invokeai-tui: a terminal app and async client library for InvokeAI."""

__version__ = "0.1.0"
