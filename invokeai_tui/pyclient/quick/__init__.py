"""QuickClient: one-call tasks."""

from .quick_client import QuickClient

__all__ = ["QuickClient"]
